from pathlib import Path

from pgkit.live import groupweb, meetings, polls
from pgkit.live.timer import AgendaTimer, Slot
from pgkit.reflection import roleplay, summary
from pgkit.reflection.content import load
from pgkit.store.models import MeetingKind

CONTENT = load(Path(__file__).parents[2] / "facilitator")


class Clock:
    now = 1_800_000_000.0

    def __call__(self) -> float:
        return self.now


def test_summary_has_times_counts_and_aggregates_but_no_names(world):
    with world.session() as s:
        m = meetings.open_meeting(s, world.cohort_id, MeetingKind.REFLECTION_1,
                                  world.host.person_id)
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
        meetings.update_state(s, mid, world.host, timer=timer.state.to_dict(),
                              dilemmas_shown=["snoepen"])
        spec = CONTENT.polls.get("binnenkomst")
        pid = polls.open_poll(s, mid, world.host, spec.key, spec.question, spec.options).id
        roleplay.start(s, mid, world.host, [c.id for c in CONTENT.cases.cases])
    with world.session() as s:
        for i, tok in enumerate(tokens):
            polls.answer(s, tok, pid, i % 2)
            groupweb.contribute(s, tok, {k: 6 + i % 2 for k in groupweb.KEYS})
        obs = next(t for t in tokens if roleplay.my_seat(s, t).role == roleplay.OBSERVER)
        roleplay.submit_observation(s, obs, {"luisteren": 2}, "GEHEIME FEEDBACK", ["luisteren"])
    with world.session() as s:
        data = summary.collect(s, mid, world.host, CONTENT)
    md = summary.to_markdown(data)
    assert "| Welkom en kennismaking | 15 |" in md and "| 17 |" in md
    assert "Hoe kom je vandaag binnen?" in md and "Vol energie: 3" in md
    assert "Gemiddelde van 5 deelnemers" in md and "Zingeving: 6,4" in md
    assert "Eigen keuze of zorgplicht?" in md
    assert "Geheime Naam" not in md and "GEHEIME FEEDBACK" not in md
    pdf = summary.to_pdf(data)
    assert pdf.startswith(b"%PDF") and len(pdf) > 1000
