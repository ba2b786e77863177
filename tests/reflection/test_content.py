import shutil
from pathlib import Path

import pytest

from pgkit.content import ContentError
from pgkit.reflection.content import CHECKLIST_IDS, MEETING_MINUTES, load

FACILITATOR = Path(__file__).parents[2] / "facilitator"


def test_both_runbooks_last_210_minutes_with_a_break_and_content_validates():
    content = load(FACILITATOR)
    for kind in ("reflectie1", "reflectie2"):
        book = content.runbooks[kind]
        assert sum(b.minutes for b in book.blocks) == MEETING_MINUTES == 210
        assert any(b.kind == "pauze" for b in book.blocks)
        for block in book.blocks:
            assert block.goal and block.instructions and block.materials
            if block.poll:
                content.polls.get(block.poll)
    assert len(content.cases.cases) >= 9
    assert len(content.dilemmas.dilemmas) >= 12
    assert {d.kind for d in content.dilemmas.dilemmas} == {"relationeel", "organisatorisch"}
    assert all(len(d.questions) >= 2 for d in content.dilemmas.dilemmas)
    assert [c.id for c in content.roleplay.checklist] == list(CHECKLIST_IDS)
    organisations = {c.organisation for c in content.cases.cases}
    assert len(organisations) == 6


@pytest.fixture
def broken(tmp_path):
    folder = tmp_path / "facilitator"
    shutil.copytree(FACILITATOR, folder)
    return folder


def test_wrong_total_names_the_file(broken):
    path = broken / "bijeenkomst1.yaml"
    path.write_text(path.read_text().replace("minutes: 35", "minutes: 40"), encoding="utf-8")
    with pytest.raises(ContentError) as err:
        load(broken)
    assert "bijeenkomst1.yaml" in str(err.value) and "215" in str(err.value)


def test_missing_field_names_file_and_block(broken):
    path = broken / "bijeenkomst2.yaml"
    text = path.read_text().replace('    goal: "Even bijkomen; koffie en thee."\n', "", 1)
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ContentError) as err:
        load(broken)
    assert "bijeenkomst2.yaml" in str(err.value) and "pauze" in str(err.value)
    assert "goal" in str(err.value)


def test_unknown_poll_and_too_few_dilemmas_are_both_reported(broken):
    path = broken / "bijeenkomst1.yaml"
    path.write_text(path.read_text().replace("poll: invulling", "poll: bestaatniet"),
                    encoding="utf-8")
    dil = broken / "dilemmas.yaml"
    text = dil.read_text()
    dil.write_text(text[:text.index("  - id: vakgebieden")], encoding="utf-8")
    with pytest.raises(ContentError) as err:
        load(broken)
    message = str(err.value)
    assert "bestaatniet" in message and "terugblik" in message
    assert "dilemmas.yaml" in message and "minstens 12" in message
