"""Pieces both intervision pages show: the step card, the case cards, the lenses.

Plain HTML strings built from the method data and the message catalogue; the pages
decide when to redraw them.
"""

from __future__ import annotations

from pgkit.concepts import LENSES
from pgkit.intervision.cases import CaseView
from pgkit.intervision.methods import Method, Step
from pgkit.live.widgets import CSS as LIVE_CSS
from pgkit.markup import Markup, html, join
from pgkit.messages import t

CSS = LIVE_CSS + """
.pgkit-iv-step { border:1px solid #b9cfcb; border-radius:8px; padding:12px 16px;
  background:#fbfdfc; margin:8px 0; }
.pgkit-iv-step h2 { margin:0 0 4px 0; font-size:1.35em; color:#173d38; }
.pgkit-iv-who { font-weight:600; color:#1f5f56; margin:0 0 6px 0; }
.pgkit-iv-prompts { margin:6px 0 0 0; padding-left:1.2em; }
.pgkit-iv-prompts li { margin:4px 0; font-size:1.1em; }
.pgkit-iv-back { background:#fff4e0; border-left:6px solid #b35c00; padding:10px 14px;
  border-radius:6px; font-weight:600; margin:8px 0; }
.pgkit-iv-steps { list-style:none; padding:0; margin:6px 0; }
.pgkit-iv-steps li { padding:3px 8px; border-radius:4px; color:#33434d; }
.pgkit-iv-steps li.pgkit-iv-now { background:#e8f2f1; color:#173d38; font-weight:700;
  border-left:4px solid #2a7a6f; }
.pgkit-iv-steps li.pgkit-iv-done { color:#4d5b63; text-decoration:line-through; }
.pgkit-iv-case { border:1px solid #b9cfcb; border-radius:8px; padding:10px 14px;
  margin:6px 0; background:#fff; }
.pgkit-iv-case h3 { margin:0 0 4px 0; font-size:1.1em; }
.pgkit-iv-case p { margin:2px 0; }
.pgkit-iv-meta { color:#33434d; font-size:0.95em; }
.pgkit-iv-chosen { border:2px solid #2a7a6f; background:#e8f2f1; border-radius:8px;
  padding:12px 16px; margin:8px 0; }
.pgkit-iv-chosen h2 { margin:0 0 4px 0; font-size:1.3em; }
.pgkit-iv-role { display:inline-block; background:#173d38; color:#fff; border-radius:14px;
  padding:2px 12px; font-weight:600; }
.pgkit-iv-lens h3 { margin:10px 0 4px 0; font-size:1.05em; }
.pgkit-iv-lens ul { margin:0; padding-left:1.1em; }
.pgkit-iv-lens li { margin:3px 0; }
.pgkit-iv-lens .pgkit-iv-picked { font-weight:700; color:#173d38; }
.pgkit-iv-private { color:#33434d; font-size:0.95em; }
.pgkit-iv-rating .widget-toggle-button.mod-active { background:#1f5f56; color:#fff;
  font-weight:700; }
.pgkit-code-box { border:2px dashed #2a7a6f; border-radius:8px; padding:8px 16px;
  background:#fbfdfc; }
.pgkit-iv-gap { gap:8px 16px; }
/* Jupyter's green is too light for white text (WCAG AA); this one has 5:1. */
.pgkit-iv .jupyter-button.mod-success { background:#2e7d32; color:#fff; }
.pgkit-iv-field { flex-wrap:wrap; width:auto !important; align-self:stretch; }
.pgkit-iv-field > .widget-label { width:100% !important; max-width:none !important;
  font-weight:600; margin:8px 0 2px 0; white-space:normal; height:auto; line-height:1.3;
  text-align:left; }
.pgkit-iv-field input, .pgkit-iv-field textarea { font-size:16px; flex:1 1 100%;
  min-width:0; font-family:inherit; }
.pgkit-iv-field textarea { min-height:5em; }
.pgkit-iv-code-input { max-width:min(360px, 100%) !important; }
.pgkit-iv-code-input input { text-transform:uppercase; letter-spacing:0.15em; }
.pgkit-code-box p { overflow-wrap:anywhere; }
/* The chair's screen is often a projector: use the width and larger type. */
.widget-vbox:has(> .pgkit-iv-wide) { max-width:1800px !important; }
.pgkit-iv-wide .pgkit-iv-step h2 { font-size:1.7em; }
.pgkit-iv-wide .pgkit-iv-prompts li { font-size:1.3em; }
.pgkit-iv-wide .pgkit-clock-time { font-size:2.6em; }
.pgkit-iv-wide .pgkit-clock { font-size:1.15em; }
"""
STYLE = Markup(f"<style>{CSS}</style>")  # the kit's own stylesheet


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
