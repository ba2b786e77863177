from pathlib import Path

import pytest

from pgkit.live import groupweb, meetings, polls
from pgkit.live.timer import AgendaTimer, Slot
from pgkit.reflection import cards, roleplay, summary
from pgkit.reflection.content import load
from pgkit.store.models import MeetingKind

CONTENT = load(Path(__file__).parents[2] / "facilitator")


class Clock:
    now = 1_800_000_000.0

    def __call__(self) -> float:
        return self.now


def test_summary_has_times_counts_and_aggregates_but_no_names(world):
    with world.session() as s:
        m = meetings.open_meeting(s, world.host, world.cohort_id, MeetingKind.REFLECTION_1)
        mid, code = m.id, m.join_code
    tokens = []
    for i in range(5):
        with world.session() as s:
            tokens.append(meetings.join(s, code, world.trainees[i], f"Geheime Naam {i}").token)
    book = CONTENT.runbooks["reflectie1"]
    clock = Clock()
    timer = AgendaTimer([Slot(b.id, b.title, b.minutes) for b in book.blocks], clock=clock)
    timer.start()
    clock.now += 17 * 60
    timer.next_block()
    clock.now += 60
    with world.session() as s:
        # One card stays on screen for two minutes; a quick redraw replaces the next one.
        state = cards.show({}, "snoepen", clock.now)
        state = {**state, **cards.show(state, "jongere", clock.now + 120)}
        state = {**state, **cards.show(state, "vragenlijst", clock.now + 125)}
        meetings.update_state(s, mid, world.host, timer=timer.state.to_dict(), **state)
        spec = CONTENT.polls.get("binnenkomst")
        pid = polls.open_poll(s, mid, world.host, spec.key, spec.question, spec.options).id
        roleplay.start(s, mid, world.host, [c.id for c in CONTENT.cases.cases])
    with world.session() as s:
        for i, tok in enumerate(tokens):
            polls.answer(s, tok, pid, i % 2)
            groupweb.contribute(s, tok, dict.fromkeys(groupweb.KEYS, 6 + i % 2))
        obs = next(t for t in tokens if roleplay.my_seat(s, t).role == roleplay.OBSERVER)
        roleplay.submit_observation(s, obs, {"luisteren": 2}, "GEHEIME FEEDBACK", ["luisteren"])
    with world.session() as s:
        data = summary.collect(s, mid, world.host, CONTENT, now=clock.now + 130)
    md = summary.to_markdown(data)
    titles = {d.id: d.title for d in CONTENT.dilemmas.dilemmas}
    assert "| Welkom en kennismaking | 15 |" in md and "| 17 |" in md
    assert "Hoe kom je vandaag binnen?" in md and "Vol energie: 3" in md
    assert "Gemiddelde van 5 deelnemers" in md and "Zingeving: 6,4" in md
    assert "Eigen keuze of zorgplicht?" in md
    assert titles["jongere"] not in md and titles["vragenlijst"] not in md
    assert "Geheime Naam" not in md and "GEHEIME FEEDBACK" not in md
    html = summary.to_html(data)
    assert "<th>Gepland (min)</th>" in html and "**" not in html and "| " not in html
    pdf = summary.to_pdf(data)
    assert pdf.startswith(b"%PDF") and len(pdf) > 1000


def test_pdf_header_cells_fit_their_text():
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.add_font("DejaVu", "", str(summary.FONT_DIR / "DejaVuSans.ttf"))
    pdf.add_font("DejaVu", "B", str(summary.FONT_DIR / "DejaVuSans-Bold.ttf"))
    pdf.add_page()
    pdf.set_font("DejaVu", "", 10)
    widths = summary._column_widths(pdf, pdf.epw)
    pdf.set_font("DejaVu", "B", 10)
    heads = [c.strip() for c in summary.t("meetings.summary.agenda_head").split("|")]
    for head, width in zip(heads[1:], widths[1:], strict=True):
        assert pdf.get_string_width(head) + 2 * pdf.c_margin <= width, head
    assert sum(widths) == pytest.approx(pdf.epw)
