"""The meeting summary (Markdown and PDF): the agenda as run, poll results, group views.

It holds no names and no personal answers: only times, counts and aggregates of at
least five people. Observer feedback is never part of it.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.orm import Session

from pgkit import localtime
from pgkit.export_format import number
from pgkit.identity import User
from pgkit.live import groupweb, meetings, polls
from pgkit.live.groupweb import GroupWeb
from pgkit.live.polls import PollResult
from pgkit.markup import Markup, html, join
from pgkit.messages import t, tn
from pgkit.reflection import cards
from pgkit.reflection.content import Content, Runbook
from pgkit.spinnenweb import dimension_name
from pgkit.store.models import Cohort

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")


@dataclass(frozen=True)
class BlockRun:
    title: str
    planned: int  # minutes
    start: str | None  # "14:05" local time, None when the block was skipped
    used: int | None  # minutes


@dataclass(frozen=True)
class Summary:
    title: str
    cohort: str
    date: str
    joined: int
    blocks: tuple[BlockRun, ...]
    polls: tuple[PollResult, ...]
    web: GroupWeb
    dilemmas: tuple[str, ...]
    rounds: int


def _clock(epoch: float | None) -> str | None:
    if epoch is None:
        return None
    return localtime.clock(epoch)


def collect(session: Session, meeting_id: int, user: User, content: Content,
            now: float | None = None) -> Summary:
    """Everything the summary shows, read with the host's rights."""
    meeting = meetings.require_host(session, meeting_id, user)
    runbook: Runbook = content.runbooks[meeting.kind.value]
    state = meetings.state_of(meeting)
    log = {e["key"]: e for e in (state.get("timer") or {}).get("log", [])}
    blocks = []
    for b in runbook.blocks:
        entry = log.get(b.id)
        used = entry.get("used") if entry else None
        blocks.append(BlockRun(b.title, b.minutes, _clock(entry["start"]) if entry else None,
                               None if used is None else round(used / 60)))
    cohort = session.get(Cohort, meeting.cohort_id)
    known = {d.id: d.title for d in content.dilemmas.dilemmas}
    shown = tuple(known[d] for d in cards.discussed(state, time.time() if now is None else now)
                  if d in known)
    return Summary(runbook.title, cohort.name if cohort else "",
                   localtime.date(meeting.opened_at),
                   meetings.joined_count(session, meeting_id), tuple(blocks),
                   tuple(polls.meeting_results(session, meeting_id, user)),
                   groupweb.group_web(session, meeting_id, user), shown,
                   int((state.get("roleplay") or {}).get("round", 0)))


def _lines(s: Summary) -> list[tuple[str, str]]:
    """The summary as (style, text) lines: h1, h2, p, li, row. Shared by Markdown and PDF."""
    out: list[tuple[str, str]] = [
        ("h1", s.title),
        ("p", tn("meetings.summary.meta", s.joined, cohort=s.cohort, date=s.date)),
        ("h2", t("meetings.summary.agenda")),
        ("row", t("meetings.summary.agenda_head")),
    ]
    for b in s.blocks:
        out.append(("row", " | ".join([b.title, str(b.planned), b.start or "–",
                                        "–" if b.used is None else str(b.used)])))
    planned = sum(b.planned for b in s.blocks)
    used = sum(b.used or 0 for b in s.blocks)
    out.append(("p", t("meetings.summary.totals", planned=planned, used=used)))
    out.append(("h2", t("meetings.summary.polls")))
    if not s.polls:
        out.append(("p", t("meetings.summary.no_polls")))
    for p in s.polls:
        out.append(("p", f"{p.question} ({tn('meetings.live.poll_count', p.total)})"))
        out.extend(("li", f"{o}: {c}") for o, c in zip(p.options, p.counts, strict=True))
    out.append(("h2", t("meetings.live.web_title")))
    if s.web.means is None:
        out.append(("p", t("meetings.summary.web_hidden", n=s.web.contributors,
                           min=groupweb.GROUP_MIN)))
    else:
        out.append(("p", t("meetings.live.web_shown", n=s.web.contributors)))
        out.extend(("li", f"{dimension_name(k)}: {number(s.web.means[k])}")
                   for k in groupweb.KEYS)
    out.append(("h2", t("meetings.summary.practice")))
    out.append(("p", t("meetings.summary.rounds", n=s.rounds)))
    if s.dilemmas:
        out.append(("p", t("meetings.summary.dilemmas")))
        out.extend(("li", d) for d in s.dilemmas)
    out.append(("p", t("meetings.summary.privacy")))
    return out


def to_markdown(s: Summary) -> str:
    md: list[str] = []
    in_table = False
    for style, text in _lines(s):
        if style == "row":
            md.append(f"| {text} |")
            if not in_table:
                md.append("|" + "---|" * (text.count("|") + 1))
            in_table = True
            continue
        if in_table:
            md.append("")
            in_table = False
        md.append({"h1": f"# {text}\n", "h2": f"\n## {text}\n", "li": f"- {text}"}
                  .get(style, f"{text}\n"))
    return "\n".join(md).rstrip() + "\n"


TAGS = {"h1": "<h3>{}</h3>", "h2": "<h4>{}</h4>"}


def to_html(s: Summary) -> Markup:
    """The summary as HTML for the page's preview (every text escaped)."""
    out: list[Markup] = []
    table: list[str] = []

    def flush() -> None:
        if table:
            head, *body = table
            cells = join(html("<th>{}</th>", c.strip()) for c in head.split("|"))
            rows = join(html("<tr>{}</tr>", join(html("<td>{}</td>", c.strip())
                                                 for c in r.split("|"))) for r in body)
            out.append(html('<table class="pgkit-summary-table"><thead><tr>{}</tr></thead>'
                            "<tbody>{}</tbody></table>", cells, rows))
            table.clear()

    items: list[Markup] = []
    for style, text in _lines(s):
        if style != "li" and items:
            out.append(html("<ul>{}</ul>", join(items)))
            items = []
        if style != "row":
            flush()
        if style == "row":
            table.append(text)
        elif style == "li":
            items.append(html("<li>{}</li>", text))
        else:
            out.append(html(TAGS.get(style, "<p>{}</p>"), text))
    if items:
        out.append(html("<ul>{}</ul>", join(items)))
    flush()
    return join(out)


def _column_widths(pdf, width: float) -> list[float]:
    """The number columns as wide as their bold header plus padding; the title gets the rest."""
    style, size = pdf.font_style, pdf.font_size_pt
    pdf.set_font("DejaVu", "B", 10)
    heads = [c.strip() for c in t("meetings.summary.agenda_head").split("|")]
    numbers = [pdf.get_string_width(h) + 2 * pdf.c_margin + 2 for h in heads[1:]]
    pdf.set_font("DejaVu", style, size)
    return [width - sum(numbers), *numbers]


def to_pdf(s: Summary) -> bytes:
    from fpdf import FPDF  # imported here: a page only pays for it when exporting

    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(True, margin=15)
    pdf.add_font("DejaVu", "", str(FONT_DIR / "DejaVuSans.ttf"))
    pdf.add_font("DejaVu", "B", str(FONT_DIR / "DejaVuSans-Bold.ttf"))
    pdf.add_page()
    width = pdf.epw
    for style, text in _lines(s):
        if style == "h1":
            pdf.set_font("DejaVu", "B", 16)
            pdf.multi_cell(width, 8, text, new_x="LMARGIN", new_y="NEXT")
            pdf.ln(2)
        elif style == "h2":
            pdf.ln(3)
            pdf.set_font("DejaVu", "B", 13)
            pdf.multi_cell(width, 7, text, new_x="LMARGIN", new_y="NEXT")
        elif style == "row":
            cells = [c.strip() for c in text.split("|")]
            bold = text == t("meetings.summary.agenda_head")
            pdf.set_font("DejaVu", "B" if bold else "", 10)
            for c, wdt in zip(cells, _column_widths(pdf, width), strict=True):
                pdf.cell(wdt, 6, c[:70], border=1)
            pdf.ln(6)
        else:
            pdf.set_font("DejaVu", "", 11)
            prefix = "• " if style == "li" else ""
            pdf.multi_cell(width, 6, prefix + text, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())
