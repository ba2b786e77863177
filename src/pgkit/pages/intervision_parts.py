"""Pieces both intervision pages show: the step card, the case cards, the lenses.

HTML (``pgkit.markup``) built from the method data, the cases and the message catalogue;
the pages decide when to redraw them (``Following``: how both pages stay current).
"""

from __future__ import annotations

from collections.abc import Callable

import ipywidgets as w
from sqlalchemy.orm import Session

from pgkit.concepts import LENSES
from pgkit.intervision.cases import CaseView
from pgkit.intervision.methods import Method, Step
from pgkit.live.errors import LiveError
from pgkit.live.refresh import Refresher
from pgkit.markup import Markup, html, join
from pgkit.messages import t
from pgkit.pages.base import error_box, notice
from pgkit.store import session_scope


def button(label: str, style: str = "", icon: str = "") -> w.Button:
    return w.Button(description=label, button_style=style, icon=icon,
                    layout=w.Layout(width="auto"))


def who_text(step: Step) -> str:
    return t(f"intervisie.who.{step.who}")


def step_card(m: Method, index: int, step: Step | None, *, for_chair: bool) -> Markup:
    """The current step: number, title, who speaks, and prompts (chair) or a short text."""
    if step is None:
        return html('<div class="pgkit-iv-step"><h2>{}</h2></div>',
                    t("intervisie.all_steps_done"))
    head = t("intervisie.step_of", n=index + 1, total=len(m.steps), title=step.title)
    who = html('<p class="pgkit-iv-who">{}</p>', t("intervisie.who_speaks", who=who_text(step)))
    if for_chair:
        items = join(html("<li>{}</li>", p) for p in step.prompts)
        body = html('<p class="pgkit-iv-meta">{}</p><ul class="pgkit-iv-prompts">{}</ul>',
                    t("intervisie.prompts_heading"), items)
    else:
        body = html("<p>{}</p>", step.for_participants)
    return html('<div class="pgkit-iv-step"><h2>{}</h2>{}{}</div>', head, who, body)


def back_banner(role_is_bringer: bool) -> Markup:
    key = "intervisie.back_turned_you" if role_is_bringer else "intervisie.back_turned"
    return html('<div class="pgkit-iv-back" role="status">{}</div>', t(key))


def step_list(m: Method, index: int) -> Markup:
    items = []
    for i, s in enumerate(m.steps):
        cls = "pgkit-iv-now" if i == index else "pgkit-iv-done" if i < index else ""
        current = Markup(' aria-current="step"' if i == index else "")
        items.append(html('<li class="{}"{}>{}. {} <span class="pgkit-iv-meta">· {} min</span>'
                          "</li>", cls, current, i + 1, s.title, s.minutes))
    return html('<ol class="pgkit-iv-steps">{}</ol>', join(items))


def case_card(case: CaseView, *, show_bringer: bool) -> Markup:
    votes = t("intervisie.votes_one") if case.votes == 1 else t("intervisie.votes",
                                                                 n=case.votes)
    meta = [votes]
    if case.mine:
        meta.append(t("intervisie.your_case"))
    # The chair's screen is often on a projector: the bringer's (first) name only on a
    # click, so the room does not read it while it votes.
    who = (html('<details class="pgkit-iv-bringer"><summary>{}</summary>{}</details>',
                t("intervisie.show_bringer"),
                t("intervisie.brought_by", name=first_name(case.bringer)))
           if show_bringer and case.bringer else "")
    desc = html("<p>{}</p>", case.description) if case.description else ""
    return html('<div class="pgkit-iv-case" data-votes="{}"><h3>{}</h3>{}'
                '<p class="pgkit-iv-meta">{}</p>{}</div>', case.votes, case.title, desc,
                " · ".join(meta), who)


def first_name(name: str) -> str:
    """The first word of a display name: enough for a group, less for a wall."""
    return (name.split() or [""])[0]


def chosen_card(title: str, description: str = "") -> Markup:
    desc = html("<p>{}</p>", description) if description else ""
    return html('<div class="pgkit-iv-chosen" role="status"><p class="pgkit-iv-meta">{}</p>'
                "<h2>{}</h2>{}</div>", t("intervisie.chosen_heading"), title, desc)


def lenses_html(picked: dict[str, tuple[str, ...]]) -> Markup:
    """The three lenses with short explanations; what the group marked is shown bold."""
    parts = [html('<div class="pgkit-iv-lens"><p>{}</p>', t("intervisie.lenses_intro"))]
    for lens in LENSES:
        chosen = set(picked.get(lens.key, ()))
        items = []
        for o in lens.options:
            mark = (html(' <span class="pgkit-iv-picked">✔ {}</span>', t("intervisie.lens_picked"))
                    if o.key in chosen else "")
            expl = html("<br>{}", o.explanation) if o.explanation else ""
            cls = Markup(' class="pgkit-iv-picked"' if o.key in chosen else "")
            items.append(html("<li><strong{}>{}</strong>{}{}</li>", cls, o.title, mark, expl))
        parts.append(html("<h3>{}</h3><ul>{}</ul>", lens.question, join(items)))
    parts.append(Markup("</div>"))
    return join(parts)


class RefreshState:
    """What a live page last drew, so a tick redraws only what changed.

    How long a page refreshes is ``live.refresh.Refresher``'s rule, not this one's.
    """

    def __init__(self) -> None:
        self.sig: dict[str, object] = {}

    def changed(self, key: str, value: object) -> bool:
        if self.sig.get(key) == value:
            return False
        self.sig[key] = value
        return True


def write(status: w.Box, work: Callable[[Session], object], done: str | None = None) -> bool:
    """One write of a page in its own transaction. A ``LiveError`` (a closed meeting, a
    wrong seat) shows its Dutch message in ``status`` and changes nothing; after a
    successful write the catalogue text ``done``, if given. True when it was written."""
    status.children = ()
    try:
        with session_scope() as s:
            work(s)
    except LiveError as exc:
        status.children = (error_box(str(exc)),)
        return False
    if done is not None:
        status.children = (notice(t(done), "ok"),)
    return True


class Following:
    """How both intervision pages follow their meeting (a mixin for their ``w.VBox``):
    draw now, then on every beat of ``live.refresh.Refresher``, redrawing only what changed;
    when refreshing ends by itself, ask for a reload in ``status``."""

    status: w.Box
    refresher: Refresher
    _refresh: RefreshState

    def tick(self) -> None:
        raise NotImplementedError

    def follow(self) -> None:
        self.refresher = Refresher(self.tick, on_expire=self._expired)
        self.tick()
        self.refresher.start()

    def _changed(self, key: str, value: object) -> bool:
        return self._refresh.changed(key, value)

    def _expired(self) -> None:
        self.status.children = (notice(t("meetings.live.reload"), "warn"),)
