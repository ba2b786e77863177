"""How the dashboard's rows and summaries are written: headers, cells, export records."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from pgkit.cohort.rows import CohortSummary, TraineeProgress
from pgkit.curriculum import PATH_STEPS, step_label
from pgkit.export_format import display, number
from pgkit.messages import t


def column_label(column: str, planned: Iterable[int] = ()) -> str:
    """A column's header; the intervision column names the cohorts' planned number, an
    overview column of a path step is the step's label."""
    if column == "intervisie":
        numbers = set(planned)
        if len(numbers) == 1:
            return t("dashboard.col.intervisie", n=numbers.pop())
        return t("dashboard.col.intervisie_mixed")
    if column in PATH_STEPS:
        return step_label(column)
    return t(f"dashboard.col.{column}")


def table_columns(rows: Sequence[TraineeProgress]) -> tuple[list[str], list[str]]:
    """The columns and headers for these rows: one rule for the page and the CLI."""
    planned = {r.intervisies_gepland for r in rows}
    columns = TraineeProgress.columns(coach_track=any(r.coach_track for r in rows),
                                      mixed_intervisions=len(planned) > 1)
    return columns, [column_label(c, planned) for c in columns]


def cell(value: object) -> str:
    """How a value is written in a table, a CSV file and the CLI (``export_format.display``)."""
    return display(value)


def overview_columns() -> list[str]:
    return ["cohort", "regio", "coaches", "grootte", *PATH_STEPS, "vastgelopen"]


def overview_record(s: CohortSummary) -> dict[str, object]:
    """A summary as the table shows it: steps as 'count (percent)'."""
    record: dict[str, object] = {"cohort": s.cohort, "regio": s.regio, "coaches": s.coaches,
                                 "grootte": s.grootte}
    for i, step in enumerate(PATH_STEPS):
        pct = s.percent(i)
        record[step] = (f"{s.steps[i]} ({number(pct, 0)}%)" if pct is not None else "0")
    record["vastgelopen"] = s.vastgelopen
    return record


def overview_export(summaries: Iterable[CohortSummary]
                    ) -> tuple[list[str], list[str], list[dict[str, object]]]:
    """Headers, columns and records of the overview for a file: a step is two number
    columns, count and percentage, so a spreadsheet can sort and add them up."""
    columns = ["cohort", "regio", "coaches", "grootte"]
    headers = [column_label(c) for c in columns]
    for step in PATH_STEPS:
        columns += [step, f"{step}_pct"]
        headers += [column_label(step), t("dashboard.col_percent", column=column_label(step))]
    columns.append("vastgelopen")
    headers.append(column_label("vastgelopen"))
    records = []
    for s in summaries:
        record: dict[str, object] = {"cohort": s.cohort, "regio": s.regio,
                                     "coaches": s.coaches, "grootte": s.grootte}
        for i, step in enumerate(PATH_STEPS):
            record[step] = s.steps[i]
            record[f"{step}_pct"] = s.percent(i)
        record["vastgelopen"] = s.vastgelopen
        records.append(record)
    return headers, columns, records
