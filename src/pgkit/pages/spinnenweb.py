"""The spinnenweb page: fill in your web, see it live, look back, plan with the actiewiel.

Everything on this page belongs to the signed-in person only: every store call passes
``user.person_id``. A fill is created at the first answer, and each slider move, mark
and actiewiel keystroke is saved at once, so closing the tab loses nothing.
"""

from __future__ import annotations

import base64
import datetime as dt
from collections.abc import Callable

import ipywidgets as w
from sqlalchemy.orm import Session

from pgkit import localtime, person_data
from pgkit import spinnenweb as sw
from pgkit.identity import User
from pgkit.markup import Markup, html, msg
from pgkit.messages import catalogue, current_language, languages, t, use_language
from pgkit.pages import registry
from pgkit.pages.base import Page, guarded, notice
from pgkit.spinnenweb_svg import fmt, web_svg
from pgkit.store import people, session_scope
from pgkit.store import spinnenweb as repo
from pgkit.widgets.spinnenweb import (
    OVERLAY_COLOURS,
    ActiewielForm,
    Overlay,
    ScoreForm,
    WebChart,
    previous_plan_html,
)


def _date(when: dt.datetime) -> str:
    return localtime.stamp(when)


def download_link(name: str, data: bytes, mime: str, label: str | None = None) -> Markup:
    """An HTML link that saves ``data`` as ``name``: no server route, no browser code."""
    uri = f"data:{mime};base64,{base64.b64encode(data).decode()}"
    return html('<a class="pgkit-download" download="{}" href="{}">{}</a>', name, uri,
                label or t("spinnenweb.image_link", name=name))


class SpinnenwebPage:
    """State of one visit: the current fill (None until the first answer) and the widgets."""

    def __init__(self, user: User) -> None:
        self.person_id = user.person_id
        self.fill_id: int | None = None
        self.status = w.VBox()
        self.chart = WebChart()
        self.mode = w.ToggleButtons(
            options=[(t("spinnenweb.mode_quick"), "quick"), (t("spinnenweb.mode_full"), "full")],
            value="quick", description=t("spinnenweb.mode_label"),
            style={"description_width": "initial", "button_width": "auto"})
        safe = guarded(self.status)
        # The full form (42 questions, some 600 widgets) is built when it is first chosen:
        # most visits use the quick one, and every widget is a message to the browser.
        self.forms = {"quick": ScoreForm("quick", safe(self._on_answer), safe(self._on_mark))}
        self.form_box = w.Box([self.forms["quick"]], layout=w.Layout(flex="1 1 320px"))
        self.simple = w.Checkbox(value=False, description=t("spinnenweb.simple_toggle"),
                                 tooltip=t("spinnenweb.simple_toggle_help"), indent=False,
                                 layout=w.Layout(width="auto"))
        self.simple.add_class("pgkit-sw-simple-toggle")
        self.new_button = w.Button(description=t("spinnenweb.new_fill"), icon="plus",
                                   layout=w.Layout(width="auto"))
        self.saved = w.HTML()
        self.actiewiel = ActiewielForm(safe(self._on_dimension), safe(self._on_text))
        self.previous = w.HTML()
        self.history = w.VBox()
        self.downloads = w.HTML()
        self.export_button = w.Button(description=t("persoon.ui.download"), icon="download",
                                      layout=w.Layout(width="auto"))
        # Each language is named in itself, so a person who cannot read the current one
        # still finds their own.
        self.language = w.Dropdown(
            options=[(catalogue(lang)["common.language_name"], lang) for lang in languages()],
            value=user.language if user.language in languages() else current_language(),
            description=t("persoon.language.label"), style={"description_width": "initial"})
        self.language.add_class("pgkit-language")
        self.language_status = w.VBox()
        self.erase_all_box = w.VBox()
        self.root = w.VBox()
        self.overlay_ids: list[int] = []
        self._fills: list[repo.FillView] = []
        self._current_row: w.HTML | None = None
        self._current_created = dt.datetime.now(dt.UTC)

        self.mode.observe(guarded(self.status)(self._on_mode), names="value")
        self.simple.observe(guarded(self.status)(self._on_simple), names="value")
        self.new_button.on_click(guarded(self.status)(lambda _b: self._start_new(
            t("spinnenweb.new_fill_done"))))
        self.export_button.on_click(guarded(self.status)(self._on_export))
        self.language.observe(guarded(self.language_status)(self._on_language), names="value")
        self._refresh_history()
        self._show_previous_plan()

    # --- layout --------------------------------------------------------------------
    def widget(self) -> w.Widget:
        wrap = w.Layout(flex_flow="row wrap", grid_gap="16px 28px", align_items="flex-start")
        main = w.Box([self.chart, self.form_box], layout=wrap)
        plan = w.Box([self.actiewiel, w.Box([self.previous], layout=w.Layout(flex="1 1 300px"))],
                     layout=wrap)
        erase_all = w.Button(description=t("persoon.ui.erase"), icon="trash",
                             button_style="danger", layout=w.Layout(width="auto"))
        erase_all.on_click(guarded(self.status)(self._ask_erase_all))
        self.root.children = [
            w.HTML(html("<p>{}</p>", t("spinnenweb.intro"))),
            notice(t("spinnenweb.privacy")),
            w.HBox([self.mode, self.simple], layout=w.Layout(
                flex_flow="row wrap", align_items="center", grid_gap="8px 24px")),
            self.status, main,
            w.HBox([self.new_button, self.saved], layout=w.Layout(
                flex_flow="row wrap", align_items="center", grid_gap="8px")),
            w.HTML(html("<h2>{}</h2><p>{}</p>", t("spinnenweb.actiewiel_title"),
                        t("spinnenweb.actiewiel_intro"))),
            plan,
            w.HTML(html("<h2>{}</h2>", t("spinnenweb.history_title"))),
            self.history, self.downloads,
            # The AVG rights cover everything the kit keeps, not only this page's fills.
            w.HTML(html("<h2>{}</h2><p>{}</p>", t("persoon.ui.title"), t("persoon.ui.intro"))),
            self.language, self.language_status,
            w.HBox([self.export_button, erase_all], layout=w.Layout(
                flex_flow="row wrap", grid_gap="8px")),
            self.erase_all_box,
        ]
        return self.root

    # --- filling in ----------------------------------------------------------------
    def _ensure_fill(self) -> int:
        if self.fill_id is None:
            with session_scope() as s:
                self.fill_id = repo.create_fill(s, self.person_id, self.mode.value)
            self._refresh_history()
        return self.fill_id

    def _current_form(self) -> ScoreForm:
        return self.form(self.mode.value)

    def form(self, mode: str) -> ScoreForm:
        """The form of ``mode``, built when it is first needed."""
        if mode not in self.forms:
            safe = guarded(self.status)
            form = ScoreForm(mode, safe(self._on_answer), safe(self._on_mark))
            form.set_simple(self.simple.value)
            self.forms[mode] = form
        return self.forms[mode]

    def _redraw(self) -> None:
        form = self._current_form()
        scores = sw.dimension_scores(form.answers())
        self.chart.update(scores, sw.marked_dimensions(form.marked()))
        if self._current_row is not None:
            area = sw.surface_area(scores) if sw.is_complete(scores) else None
            self._current_row.value = self._row_text(self.fill_id, self._current_created,
                                                     self.mode.value, area)

    def _saved_now(self) -> None:
        now = localtime.clock(seconds=True)
        self.saved.value = html('<span role="status">{}</span>', t("spinnenweb.saved", time=now))

    def _on_answer(self, item_id: str, value: float | None) -> None:
        self._redraw()
        self._save(lambda s, fid: repo.save_answer(s, self.person_id, fid, item_id, value))

    def _on_mark(self, item_id: str, marked: bool) -> None:
        self._redraw()
        self._save(lambda s, fid: repo.set_mark(s, self.person_id, fid, item_id, marked))

    def _on_dimension(self, dimension: str) -> None:
        self._save(lambda s, fid: repo.choose_actiewiel_dimension(
            s, self.person_id, fid, dimension))

    def _on_text(self, dimension: str, key: str, text: str) -> None:
        self._save(lambda s, fid: repo.save_actiewiel(s, self.person_id, fid, dimension, key,
                                                       text))

    def _save(self, action: Callable[[Session, int], None]) -> None:
        created = self.fill_id is None
        fid = self._ensure_fill()
        with session_scope() as s:
            action(s, fid)
        if created:
            self._redraw()  # the new history row shows the live area from now on
        self._saved_now()

    def _on_simple(self, change: dict) -> None:
        # Words only: both forms switch, answers and the current fill stay as they are.
        for form in self.forms.values():
            form.set_simple(bool(change["new"]))

    def _on_mode(self, change: dict) -> None:
        had_fill = self.fill_id is not None
        self.form_box.children = (self.form(change["new"]),)
        self._start_new(t("spinnenweb.mode_switched") if had_fill else None)

    def _start_new(self, message: str | None) -> None:
        self.fill_id = None
        for form in self.forms.values():
            form.clear()
        self.actiewiel.clear()
        self._redraw()
        self.saved.value = ""
        self.status.children = (notice(message, "ok"),) if message else ()
        self._refresh_history()
        self._show_previous_plan()

    # --- history -------------------------------------------------------------------
    def _refresh_history(self) -> None:
        with session_scope() as s:
            self._fills = repo.fills(s, self.person_id)
        self._current_row = None
        known = {f.id for f in self._fills}
        self.overlay_ids = [i for i in self.overlay_ids if i in known]
        if not self._fills:
            self.history.children = (w.HTML(html("<p>{}</p>", t("spinnenweb.history_empty"))),)
        else:
            self.history.children = tuple(self._history_row(f) for f in self._fills)
        self._apply_overlays()

    def _colour(self, fill_id: int) -> str:
        ids = sorted(f.id for f in self._fills)
        return OVERLAY_COLOURS[ids.index(fill_id) % len(OVERLAY_COLOURS)]

    def _row_text(self, fill_id: int | None, created: dt.datetime, mode: str,
                  area: float | None) -> Markup:
        text = t("spinnenweb.history_row", date=_date(created),
                 mode=t(f"spinnenweb.history_mode_{mode}"), area=fmt(area))
        if fill_id == self.fill_id:
            text += " " + t("spinnenweb.history_current")
        return html('<span class="pgkit-sw-history-date">{}</span>', text)

    def _history_row(self, view: repo.FillView) -> w.Widget:
        current = view.id == self.fill_id
        label = w.HTML(self._row_text(view.id, view.created_at, view.mode, view.area),
                       layout=w.Layout(flex="1 1 260px"))
        if current:
            self._current_row, self._current_created = label, view.created_at
        overlay = w.Checkbox(value=view.id in self.overlay_ids, description=t("spinnenweb.overlay"),
                             indent=False, disabled=current, layout=w.Layout(width="auto"))
        swatch = w.HTML(html('<span style="display:inline-block;width:22px;height:4px;'
                             'background:{};vertical-align:middle"></span>',
                             self._colour(view.id)))
        overlay.observe(guarded(self.status)(
            lambda ch, i=view.id: self._toggle_overlay(i, ch["new"])), names="value")
        image = w.Button(description=t("spinnenweb.image"), icon="image",
                         layout=w.Layout(width="auto"))
        image.on_click(guarded(self.status)(lambda _b, i=view.id: self._on_image(i)))
        erase = w.Button(description=t("spinnenweb.erase"), icon="trash",
                         layout=w.Layout(width="auto"))
        confirm = w.VBox()
        erase.on_click(guarded(self.status)(
            lambda _b, v=view, box=confirm: self._ask_erase(v, box)))
        pick = w.HBox([swatch, overlay], layout=w.Layout(align_items="center", grid_gap="6px"))
        row = w.VBox([w.HBox([label, pick, image, erase], layout=w.Layout(
            flex_flow="row wrap", align_items="center", grid_gap="4px 10px")), confirm])
        row.add_class("pgkit-sw-history")
        return row

    def _toggle_overlay(self, fill_id: int, on: bool) -> None:
        if on and fill_id not in self.overlay_ids:
            self.overlay_ids.append(fill_id)
        elif not on and fill_id in self.overlay_ids:
            self.overlay_ids.remove(fill_id)
        self._apply_overlays()

    def _apply_overlays(self) -> None:
        by_id = {f.id: f for f in self._fills}
        self.chart.set_overlays([
            Overlay(_date(by_id[i].created_at), by_id[i].scores, self._colour(i))
            for i in sorted(self.overlay_ids, key=lambda i: by_id[i].created_at)])

    def _on_image(self, fill_id: int) -> None:
        with session_scope() as s:
            view = repo.get_fill(s, self.person_id, fill_id)
        title = f"{t('spinnenweb.title')} · {_date(view.created_at)}"
        svg = web_svg(view.scores, title, view.marked_dimensions)
        name = f"spinnenweb-{localtime.local(view.created_at):%Y-%m-%d-%H%M}.svg"
        self.downloads.value = html("<p>{} {}</p>", t("spinnenweb.image_ready"),
                                    download_link(name, svg.encode(), "image/svg+xml"))

    def _on_export(self, _button: w.Button) -> None:
        with session_scope() as s:
            data = person_data.export_zip_of(s, self.person_id)
        if data is None:  # erased in another tab: nothing left to download
            self.root.children = (notice(t("persoon.ui.erased", rows=0), "ok"),)
            return
        name = f"mijn-gegevens-{localtime.local():%Y-%m-%d}.zip"
        self.erase_all_box.children = (w.HTML(html(
            "<p>{} {}</p>", t("persoon.ui.ready"),
            download_link(name, data, "application/zip", t("persoon.ui.link", name=name)))),)

    def _confirm(self, box: w.Box, question: str, on_yes, yes_label: str | None = None,
                 no_label: str | None = None) -> None:
        yes = w.Button(description=yes_label or t("spinnenweb.erase_yes"),
                       button_style="danger", layout=w.Layout(width="auto"))
        no = w.Button(description=no_label or t("spinnenweb.erase_no"),
                      layout=w.Layout(width="auto"))
        yes.on_click(guarded(self.status)(lambda _b: on_yes()))
        no.on_click(lambda _b: setattr(box, "children", ()))
        buttons = w.HBox([yes, no], layout=w.Layout(grid_gap="8px"))
        box.children = (notice(question, "warn"), buttons)

    def _ask_erase(self, view: repo.FillView, box: w.Box) -> None:
        date = _date(view.created_at)
        self._confirm(box, t("spinnenweb.erase_confirm", date=date),
                      lambda: self._erase(view.id, date))

    def _erase(self, fill_id: int, date: str) -> None:
        with session_scope() as s:
            repo.erase_fill(s, self.person_id, fill_id)
        if fill_id == self.fill_id:
            self._start_new(None)
        else:
            self._refresh_history()
            self._show_previous_plan()
        self.downloads.value = ""
        self.status.children = (notice(t("spinnenweb.erased", date=date), "ok"),)

    def _ask_erase_all(self, _button: w.Button) -> None:
        self._confirm(self.erase_all_box, t("persoon.ui.erase_confirm"), self._erase_all,
                      yes_label=t("persoon.ui.erase_yes"), no_label=t("persoon.ui.erase_no"))

    def _erase_all(self) -> None:
        with session_scope() as s:
            n = person_data.erase_by_id(s, self.person_id)
        # Nothing on this page may write again: the person no longer exists.
        self.root.children = (notice(t("persoon.ui.erased", rows=n), "ok"),)

    def _on_language(self, change: dict) -> None:
        with session_scope() as s:
            people.set_language(s, self.person_id, change["new"])
        use_language(change["new"])
        # The view on screen was built in the old language; the link builds it anew.
        self.language_status.children = (notice(msg(
            "persoon.language.saved", url=registry.url("notebooks/spinnenweb.ipynb")), "ok"),)

    def _show_previous_plan(self) -> None:
        with session_scope() as s:
            plan = repo.latest_actiewiel(s, self.person_id, before_fill=self.fill_id)
        if plan is None:
            self.previous.value = html("<p>{}</p>", t("spinnenweb.actiewiel_previous_none"))
        else:
            self.previous.value = previous_plan_html(
                _date(plan.created_at), plan.actiewiel_dimension or "", plan.actiewiel)


def build(user: User) -> w.Widget:
    return SpinnenwebPage(user).widget()


def page(_arg: str | None = None) -> Page:
    return Page(t("spinnenweb.title"), build, subtitle=t("spinnenweb.subtitle"))
