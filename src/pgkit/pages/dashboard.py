"""The coach dashboard: coaches follow their cohorts, the coordinator sees the province.

All figures come from ``pgkit.cohort`` (SQL, access checked there); this module only
lays them out: filters, a sortable table, export links and three bqplot charts.
"""

from __future__ import annotations

import base64
import datetime as dt
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

import ipywidgets as w

from pgkit import cohort as C
from pgkit import localtime
from pgkit.curriculum import PATH_STEPS, UNITS, step_label
from pgkit.dashboard_export import CSV_MIME, XLSX_MIME, to_csv, to_xlsx
from pgkit.export_format import number
from pgkit.identity import User
from pgkit.markup import Markup, html, join
from pgkit.messages import t, tn
from pgkit.pages.base import Page, guarded, notice
from pgkit.privacy import GroupWeb
from pgkit.spinnenweb import dimension_name
from pgkit.store import session_scope
from pgkit.store.models import Role

if TYPE_CHECKING:
    import bqplot as bq

STEP_COLORS = ["#7fb3ab", "#2a7a6f", "#f2a900", "#b35c00", "#173d38"]
# Short labels that read badly when split ("bijeenkomst / 2", "e-learning / klaar"); ja/nee
# columns are text, so they line up on the left under their header like the others.
NOWRAP = {"stap", "vastgelopen", "laatste_activiteit", "bijeenkomst_1", "bijeenkomst_2",
          "regio"}
TYPED = {"naam", "organisatie", "cohort", "coaches"}  # text that people type, any length
NUM_HEAD = Markup(' class="num"')
BIN_COLORS = ["#b3261e", "#e8833a", "#9cc9a5", "#4f9d69", "#1f5f56"]


def _numeric(columns: Sequence[str], records: Sequence[dict]) -> set[str]:
    """Columns that hold numbers (ja/nee is text): their cells and header sit right.

    Decided by the values, since one name can be both: "vastgelopen" is ja/nee per
    trainee and a count per cohort.
    """
    def number(v: object) -> bool:
        return isinstance(v, int | float) and not isinstance(v, bool)

    return {c for c in columns
            if any(r[c] is not None for r in records)
            and all(r[c] is None or number(r[c]) for r in records)}


def _cell_class(column: str, numeric: set[str]) -> str:
    if column in numeric:
        return "num nowrap"
    if column in TYPED:
        return "typed name" if column == "naam" else "typed"
    return "nowrap" if column in NOWRAP else ""


def html_table(headers: Sequence[str], columns: Sequence[str],
               records: Sequence[dict], caption: str,
               stalled: Callable[[dict], bool] = lambda _r: False) -> Markup:
    numeric = _numeric(columns, records)
    # A number column's header sits right, above its figures.
    head = join(html('<th scope="col"{}>{}</th>', NUM_HEAD if c in numeric else "", h)
                for c, h in zip(columns, headers, strict=True))
    body = []
    for r in records:
        cls = Markup(' class="pgkit-stalled"' if stalled(r) else "")
        cells = join(html('<td class="{}">{}</td>', _cell_class(c, numeric), C.cell(r[c]))
                     for c in columns)
        body.append(html("<tr{}>{}</tr>", cls, cells))
    # A scrolling table must take keyboard focus, or it cannot be scrolled without a mouse.
    return html('<div class="pgkit-dash-scroll" role="region" tabindex="0" aria-label="{caption}">'
                '<table class="pgkit-dash-table"><caption><span>{caption}</span></caption>'
                "<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>",
                caption=caption, head=head, body=join(body))


def table_widget() -> w.HTML:
    """The widget an ``html_table`` goes in: no wider than the page, so the table's own
    box scrolls sideways on a phone (its content would otherwise stretch the page)."""
    widget = w.HTML()
    widget.add_class("pgkit-dash-tablebox")
    return widget


def _link(cls: str, name: str, mime: str, data: bytes, label: str) -> Markup:
    encoded = base64.b64encode(data).decode()
    return html('<div class="pgkit-dash-export"><a class="{}" download="{}" '
                'href="data:{};base64,{}">{}</a></div>', cls, name, mime, encoded, label)


class Exporter:
    """Download links as data URLs holding exactly the rows and columns shown.

    The CSV link is rebuilt with every change. An Excel file costs far more to write
    (openpyxl was half the page's build time), so it is made when asked for.
    """

    def __init__(self, stem: str, status: w.Box) -> None:
        self.stem = stem
        self.data: tuple[Sequence[str], Sequence[str], Sequence[dict]] = ((), (), ())
        self.csv, self.xlsx = w.HTML(), w.HTML()
        self.button = w.Button(description=t("dashboard.make_xlsx"), icon="table",
                               layout=w.Layout(width="auto"))
        self.button.add_class("pgkit-make-xlsx")
        self.button.on_click(guarded(status)(lambda _b: self.make_xlsx()))

    def _name(self, ext: str) -> str:
        # Year first in a file name, so downloads sort by day; the day is Amsterdam's.
        return f"{self.stem}-{localtime.local():%Y-%m-%d}.{ext}"

    def update(self, headers: Sequence[str], columns: Sequence[str],
               records: Sequence[dict]) -> None:
        self.data = (headers, columns, records)
        self.csv.value = _link("pgkit-export-csv", self._name("csv"), CSV_MIME,
                               to_csv(*self.data), t("dashboard.export_csv"))
        self.xlsx.value = ""
        self.button.layout.display = None

    def make_xlsx(self) -> None:
        self.xlsx.value = _link("pgkit-export-xlsx", self._name("xlsx"), XLSX_MIME,
                                to_xlsx(*self.data), t("dashboard.export_xlsx"))
        self.button.layout.display = "none"

    def widget(self) -> w.Widget:
        return w.HBox([self.csv, self.button, self.xlsx],
                      layout=w.Layout(align_items="center", flex_flow="row wrap"))


# ---------------------------------------------------------------- charts


# bqplot (with pandas and numpy, about 0.3 s on a cold kernel) is imported by the chart
# builders below, so importing this module stays cheap; the dashboard view needs it as
# soon as it draws its charts.


def _figure(title: str, marks: list, axes: list) -> bq.Figure:
    import bqplot as bq

    return bq.Figure(marks=marks, axes=axes, title=title,
                     fig_margin={"top": 50, "bottom": 50, "left": 130, "right": 20},
                     # No side margins: 100% plus the widget margin was 4 px wider than
                     # the page on a phone (a scrollable box for axe). "auto" would not
                     # shrink back when the window gets narrower.
                     layout=w.Layout(width="100%", height="320px", margin="2px 0"))


def legend(labels: Sequence[str], colors: Sequence[str]) -> w.HTML:
    """The chart's legend in HTML under the chart, in dark text.

    bqplot draws its legend inside the plot (over the bars and lines) and colours the
    text like the series, so light-green labels were hard to read.
    """
    items = join(
        html('<li><span class="pgkit-swatch" style="background:{}" aria-hidden="true"></span>'
             "{}</li>", c, label) for label, c in zip(labels, colors, strict=True))
    return w.HTML(html('<ul class="pgkit-legend">{}</ul>', items))


def funnel_chart() -> tuple[bq.Figure, Callable[[list[tuple[str, int]]], None]]:
    import bqplot as bq

    x, y = bq.OrdinalScale(reverse=True), bq.LinearScale(min=0)
    bars = bq.Bars(x=[step_label(s) for s in PATH_STEPS], y=[0] * len(PATH_STEPS),
                   scales={"x": x, "y": y}, orientation="horizontal", colors=["#2a7a6f"],
                   tooltip=bq.Tooltip(fields=["x", "y"], labels=[
                       t("dashboard.chart_step"), t("dashboard.chart_people")]))
    fig = _figure(t("dashboard.chart_funnel"), [bars], [
        bq.Axis(scale=x, orientation="vertical"),
        bq.Axis(scale=y, label=t("dashboard.chart_people"), tick_format="d")])

    def update(counts: list[tuple[str, int]]) -> None:
        bars.y = [n for _, n in counts]

    return fig, update


def weekly_chart() -> tuple[w.Widget, Callable[[dict[str, dict[dt.date, int]]], None]]:
    import bqplot as bq
    import numpy as np

    x, y = bq.DateScale(), bq.LinearScale(min=0)
    labels = [step_label(s) for s in PATH_STEPS]
    lines = bq.Lines(x=[], y=[], scales={"x": x, "y": y}, colors=STEP_COLORS, labels=labels,
                     marker="circle", marker_size=16)
    fig = _figure(t("dashboard.chart_weekly"), [lines], [
        bq.Axis(scale=x, label=t("dashboard.chart_week"), tick_format="%d-%m"),
        bq.Axis(scale=y, orientation="vertical", label=t("dashboard.chart_people"),
                tick_format="d")])
    fig.fig_margin = {"top": 50, "bottom": 50, "left": 60, "right": 20}
    box = w.VBox([fig, legend(labels, STEP_COLORS)])

    def update(weeks: dict[str, dict[dt.date, int]]) -> None:
        all_weeks = sorted({d for per in weeks.values() for d in per})
        if not all_weeks:
            lines.x, lines.y = np.array([], dtype="datetime64[ms]"), []
            return
        xs = np.array([np.datetime64(d, "ms") for d in all_weeks])
        with lines.hold_sync():
            lines.x = xs
            lines.y = [[weeks[s].get(d, 0) for d in all_weeks] for s in PATH_STEPS]

    return box, update


def quiz_chart(dist: dict[str, list[int]]) -> w.Widget:
    import bqplot as bq

    x, y = bq.OrdinalScale(), bq.LinearScale(min=0)
    names = [f"{t('dashboard.chart_unit')} {u.number}" for u in UNITS]
    labels = [label for label, _ in C.SCORE_BINS]
    bars = bq.Bars(x=names, y=[[dist[u.key][i] for u in UNITS] for i in range(len(C.SCORE_BINS))],
                   scales={"x": x, "y": y}, type="stacked", colors=BIN_COLORS, labels=labels)
    fig = _figure(t("dashboard.chart_quiz"), [bars], [
        bq.Axis(scale=x, label=t("dashboard.chart_quiz_x")),
        bq.Axis(scale=y, orientation="vertical", label=t("dashboard.chart_attempts"),
                tick_format="d")])
    fig.fig_margin = {"top": 50, "bottom": 50, "left": 60, "right": 20}
    return w.VBox([fig, legend(labels, BIN_COLORS)])


def spinnenweb_box(web: GroupWeb) -> w.HTML:
    """The published group web of the cohorts shown; what was set aside, as a count."""
    flagged = Markup()
    if web.flagged:
        text = (t("dashboard.spinnenweb_flagged_one") if web.flagged == 1 else
                t("dashboard.spinnenweb_flagged", n=web.flagged))
        flagged = html('<p class="pgkit-web-note">{}</p>', text)
    if not web.means:
        return w.HTML(notice(t("dashboard.spinnenweb_too_few", n=C.GROUP_MIN), "info").value
                      + flagged)
    rows = join(html("<tr><td>{}</td><td class=num>{}</td></tr>", dimension_name(d), number(v))
                for d, v in web.means.items())
    return w.HTML(html(
        '<table class="pgkit-dash-table" style="width:auto"><caption>{}</caption>'
        '<thead><tr><th scope="col">{}</th><th scope="col">{}</th></tr></thead>'
        '<tbody>{}</tbody></table><p class="pgkit-web-shown">{} {}</p>{}',
        t("dashboard.spinnenweb_title", n=C.GROUP_MIN), t("dashboard.dimension"),
        t("dashboard.mean"), rows, t("dashboard.spinnenweb_count", n=web.contributors),
        t("dashboard.spinnenweb_next", n=C.GROUP_MIN), flagged))


# ---------------------------------------------------------------- trainee view


def _options(values: set[str], all_label: str) -> list[tuple[str, str]]:
    return [(all_label, "")] + [(v, v) for v in sorted(values, key=str.casefold)]


def _set_options(dropdown: w.Dropdown, options: list[tuple[str, str]]) -> None:
    """New choices, with "all" selected (ipywidgets would leave nothing selected)."""
    dropdown.options = options
    dropdown.value = options[0][1]


class TraineeView:
    """Filters, table, export and charts for the trainees of one or more cohorts."""

    def __init__(self, user: User, cohorts: list | None, stem: str) -> None:
        self.user, self.cohorts, self.stem = user, cohorts, stem
        self.rows: list[C.TraineeProgress] = []
        self.status = w.VBox()
        self.days = w.BoundedIntText(value=C.STALLED_DAYS, min=1, max=365,
                                     description=t("dashboard.stale_days"),
                                     style={"description_width": "initial"},
                                     layout=w.Layout(width="min(100%, 400px)"))
        label = {"description_width": "initial"}
        self.cohort = w.Dropdown(description=t("dashboard.col.cohort"), style=label)
        self.org = w.Dropdown(description=t("dashboard.col.organisatie"), style=label)
        self.region = w.Dropdown(description=t("dashboard.col.regio"), style=label)
        self.step = w.Dropdown(description=t("dashboard.filter_status"), style=label, options=[
            (t("dashboard.all"), ""), *[(step_label(s), s) for s in PATH_STEPS],
            (t("dashboard.col.vastgelopen"), C.STALLED)])
        self.sort = w.Dropdown(description=t("dashboard.sort_by"), style=label)
        self.descending = w.Checkbox(description=t("dashboard.descending"), indent=False)
        self.count = w.HTML()
        self.table = table_widget()
        self.export = Exporter(stem, self.status)
        self.funnel, self.update_funnel = funnel_chart()
        self.weekly, self.update_weekly = weekly_chart()
        self.charts = w.VBox()
        self._load()
        for widget in (self.cohort, self.org, self.region, self.step, self.sort, self.descending):
            widget.observe(guarded(self.status)(lambda _c: self.refresh()), "value")
        self.days.observe(guarded(self.status)(lambda _c: self._reload()), "value")

    def _load(self) -> None:
        with session_scope() as session:
            self.rows = C.trainees(session, self.user, self.cohorts, stale_days=self.days.value)
            dist = C.quiz_distribution(session, self.user, self.cohorts)
            means = C.group_spinnenweb(session, self.user, self.cohorts)
        self.columns, self.headers = C.table_columns(self.rows)
        _set_options(self.cohort, _options({r.cohort for r in self.rows}, t("dashboard.all")))
        self.cohort.layout.display = None if len(self.cohort.options) > 2 else "none"
        _set_options(self.org, _options({r.organisatie for r in self.rows if r.organisatie},
                                        t("dashboard.all")))
        _set_options(self.region, _options({r.regio for r in self.rows}, t("dashboard.all")))
        self.sort.options = list(zip(self.headers, self.columns, strict=True))
        self.sort.value = "naam"
        self.charts.children = (self.funnel, self.weekly, quiz_chart(dist), spinnenweb_box(means))

    def _reload(self) -> None:
        with session_scope() as session:
            self.rows = C.trainees(session, self.user, self.cohorts, stale_days=self.days.value)
        self.refresh()

    def visible(self) -> list[C.TraineeProgress]:
        rows = C.filter_rows(self.rows, cohort=self.cohort.value or None,
                             organisation=self.org.value or None,
                             region=self.region.value or None, status=self.step.value or None)
        return C.sort_rows(rows, self.sort.value or "naam", self.descending.value)

    def records(self) -> list[dict]:
        return [r.as_dict() for r in self.visible()]

    def refresh(self) -> None:
        rows = self.visible()
        records = [r.as_dict() for r in rows]
        stalled = sum(r.vastgelopen for r in rows)
        summary = t("dashboard.count", shown=len(rows), total=len(self.rows), stalled=stalled)
        self.count.value = html('<p class="pgkit-dash-count" role="status">{}</p>', summary)
        self.table.value = html_table(self.headers, self.columns, records,
                                      t("dashboard.table_caption"),
                                      stalled=lambda r: bool(r["vastgelopen"]))
        self.export.update(self.headers, self.columns, records)
        self.update_funnel(C.funnel(rows))
        self.update_weekly(C.cumulative(C.weekly_steps(rows)))

    def widget(self) -> w.Widget:
        self.refresh()
        filters = w.HBox([self.cohort, self.org, self.region, self.step],
                         layout=w.Layout(flex_flow="row wrap"))
        filters.add_class("pgkit-dash-filters")
        sorting = w.HBox([self.sort, self.descending, self.days],
                         layout=w.Layout(flex_flow="row wrap"))
        sorting.add_class("pgkit-dash-filters")
        return w.VBox([self.status, filters, sorting, self.count, self.export.widget(),
                       self.table, w.HTML(html("<h2>{}</h2>", t("dashboard.charts"))),
                       self.charts])


# ---------------------------------------------------------------- coordinator view


class CoordinatorView:
    """Every cohort side by side, totals per region and a drill-down into one cohort."""

    def __init__(self, user: User) -> None:
        self.user = user
        self.status = w.VBox()
        with session_scope() as session:
            self.cohorts = {c.name: c for c in C.visible_cohorts(session, user)}
            self.overview = C.cohort_overview(session, user)
        label = {"description_width": "initial"}
        self.region = w.Dropdown(description=t("dashboard.col.regio"), style=label,
                                 options=_options({s.regio for s in self.overview},
                                                  t("dashboard.all")))
        self.table, self.regions = table_widget(), table_widget()
        self.export = Exporter("cohorten", self.status)
        self.pick = w.Dropdown(description=t("dashboard.drill_down"), style=label,
                               options=[(t("dashboard.choose"), ""),
                                        *[(n, n) for n in self.cohorts]])
        self.detail = w.VBox()
        self.funnel, self.update_funnel = funnel_chart()
        self.region.observe(guarded(self.status)(lambda _c: self.refresh()), "value")
        self.pick.observe(guarded(self.status)(lambda _c: self.drill()), "value")

    def refresh(self) -> None:
        shown = [s for s in self.overview if not self.region.value or s.regio == self.region.value]
        columns = C.overview_columns()
        headers = [C.column_label(c) for c in columns]
        records = [C.overview_record(s) for s in shown]
        self.table.value = html_table(headers, columns, records,
                                      t("dashboard.overview_caption", n=len(shown)))
        region_cols = [c for c in columns if c not in ("cohort", "coaches")]
        self.regions.value = html_table(
            [C.column_label(c) for c in region_cols], region_cols,
            [C.overview_record(s) for s in C.region_overview(shown)],
            t("dashboard.region_caption"))
        self.export.update(*C.overview_export(shown))
        totals = C.region_overview(shown)
        self.update_funnel([(s, sum(r.steps[i] for r in totals))
                            for i, s in enumerate(PATH_STEPS)])

    def drill(self) -> None:
        name = self.pick.value
        if not name:
            self.detail.children = (notice(t("dashboard.choose_hint")),)
            return
        view = TraineeView(self.user, [self.cohorts[name]], stem=f"cohort-{name}")
        self.detail.children = (w.HTML(html("<h2>{}</h2>",
                                            t("dashboard.cohort_heading", name=name))),
                                view.widget())

    def widget(self) -> w.Widget:
        # One long page, no tabs: bqplot cannot draw in a hidden tab (negative sizes).
        self.refresh()
        self.drill()
        filters = w.HBox([self.region, self.pick],
                         layout=w.Layout(flex_flow="row wrap"))
        filters.add_class("pgkit-dash-filters")
        return w.VBox([self.status, w.HTML(html("<h2>{}</h2>", t("dashboard.tab_overview"))),
                       filters, self.export.widget(), self.table, self.regions, self.funnel,
                       self.detail])


# ---------------------------------------------------------------- page


def build(user: User) -> w.Widget:
    if Role.COORDINATOR in user.roles:
        return CoordinatorView(user).widget()
    with session_scope() as session:
        cohorts = C.visible_cohorts(session, user)
    if not cohorts:
        return notice(t("dashboard.no_cohorts"), "info")
    intro = w.HTML(html("<p>{}</p>", tn("dashboard.coach_intro", len(cohorts))))
    return w.VBox([intro, TraineeView(user, None, stem="mijn-cohorten").widget()])


def page(_arg: str | None = None) -> Page:
    # The trainee table has a dozen columns: on a laptop they fit side by side only
    # with the window's full width.
    return Page(t("dashboard.title"), build, subtitle=t("dashboard.subtitle"),
                max_width="1600px")
