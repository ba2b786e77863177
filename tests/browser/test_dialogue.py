"""A worked conversation (unit 4) in a real browser: choose the next turn, see the
feedback and the notes, read on, point out turns; no serious axe findings; photographed
on a phone and on two desktop sizes."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Page, expect

from pgkit.content import ChoicePoint, DialogueExercise, SpotPoint, load_unit
from tests.browser import harness
from tests.browser.harness import KitServer

ROOT = Path(__file__).resolve().parents[2]
TIMEOUT = 120_000  # the 2-core machine is shared
UNIT4 = load_unit("eenheid4", ROOT / "modules" / "content")
DIALOGUE = next(e for e in UNIT4.exercises if isinstance(e, DialogueExercise)
                and e.id == "gesprek1")
FIRST = next(x for x in DIALOGUE.turns if isinstance(x, ChoicePoint))
SPOT = next(x for x in DIALOGUE.turns if isinstance(x, SpotPoint))


def shoot(page: Page, name: str) -> Path:
    """The whole rendered page (Voila scrolls inside the body), then the viewport back."""
    height = page.evaluate("Math.max(...Array.from(document.querySelectorAll('*'))"
                           ".map(e => e.scrollHeight))")
    size = page.viewport_size or {"width": 1280, "height": 800}
    page.set_viewport_size({"width": size["width"], "height": min(max(height, 600), 8000)})
    path = harness.screenshot(page, name)
    page.set_viewport_size(size)
    return path


def open_dialogue(page: Page, kit: KitServer) -> None:
    page.set_default_timeout(TIMEOUT)
    harness.login_as(page, kit.url, "trainee")
    page.goto(f"{kit.url}/voila/render/modules/eenheid4.ipynb")
    harness.wait_for_widgets(page, TIMEOUT)
    label = next(x for x in page.locator(".pgkit-steps li").all_inner_texts()
                 if DIALOGUE.title in x)
    page.get_by_label("Ga naar stap").select_option(label=label)
    expect(page.locator(".pgkit-step-now")).to_have_text(label)
    expect(page.locator(".pgkit-dialogue .pgkit-turn").first).to_be_visible()


def test_dialogue_choose_read_on_and_spot(kit: KitServer, new_page) -> None:
    page = new_page(1280, 800)
    open_dialogue(page, kit)
    dialogue = page.locator(".pgkit-dialogue")
    assert dialogue.locator(".pgkit-note").count() == 0  # notes wait for the choice
    shoot(page, "dialogue-1280-start")

    wrong = next(o for o in FIRST.options if not o.correct)
    dialogue.get_by_text(wrong.text, exact=True).click()
    dialogue.get_by_role("button", name="Controleer").click()
    feedback = dialogue.locator(".pgkit-point .pgkit-notice").first
    expect(feedback).to_contain_text(wrong.feedback)
    expect(feedback).to_contain_text("(jouw keuze)")
    expect(dialogue.locator(".pgkit-note").first).to_be_visible()
    assert harness.axe_violations(page) == []
    shoot(page, "dialogue-1280-chosen")

    dialogue.get_by_role("button", name="Lees verder").click()
    expect(dialogue.locator(".pgkit-dialogue-part")).to_have_count(2)
    best = next(o for o in dialogue_points()[1].options if o.correct)
    dialogue.get_by_text(best.text, exact=True).click()
    dialogue.get_by_role("button", name="Controleer").nth(1).click()
    expect(dialogue.locator(".pgkit-point .pgkit-notice").nth(1)).to_contain_text(best.feedback)
    dialogue.get_by_role("button", name="Lees verder").last.click()
    expect(dialogue.locator(".pgkit-dialogue-part")).to_have_count(3)

    numbers = {line.id: n for n, line in enumerate(DIALOGUE.lines(), start=1)}
    for tid in SPOT.answer:
        dialogue.get_by_text(f"Beurt {numbers[tid]}:", exact=False).last.click()
    dialogue.get_by_role("button", name="Controleer").nth(2).click()
    expect(dialogue.locator(".pgkit-point .pgkit-notice").nth(2)).to_contain_text(SPOT.feedback)
    expect(dialogue.locator(".pgkit-point .pgkit-notice").nth(2)).not_to_contain_text(
        "Deze hoort er ook bij.")
    dialogue.get_by_role("button", name="Lees verder").last.click()
    expect(dialogue.get_by_text("Einde van het gesprek.")).to_be_visible()
    assert harness.axe_violations(page) == []
    shoot(page, "dialogue-1280-end")
    page.set_viewport_size({"width": 1920, "height": 1080})
    shoot(page, "dialogue-1920-end")


def test_dialogue_on_a_phone(kit: KitServer, new_page) -> None:
    page = new_page(390, 844)
    open_dialogue(page, kit)
    dialogue = page.locator(".pgkit-dialogue")
    best = next(o for o in FIRST.options if o.correct)
    dialogue.get_by_text(best.text, exact=True).click()
    dialogue.get_by_role("button", name="Controleer").click()
    expect(dialogue.locator(".pgkit-point .pgkit-notice").first).to_contain_text(best.feedback)
    # nothing sticks out sideways on a narrow screen
    overflow = page.evaluate("Array.from(document.querySelectorAll('.pgkit-dialogue *'))"
                             ".filter(e => e.getBoundingClientRect().right > "
                             "window.innerWidth + 1).length")
    assert overflow == 0
    assert harness.axe_violations(page) == []
    shoot(page, "dialogue-390-chosen")
    dialogue.get_by_role("button", name="Lees verder").click()
    second = next(o for o in dialogue_points()[1].options if o.correct)
    dialogue.get_by_text(second.text, exact=True).click()
    dialogue.get_by_role("button", name="Controleer").nth(1).click()
    dialogue.get_by_role("button", name="Lees verder").last.click()
    expect(dialogue.locator(".pgkit-spot-pick").first).to_be_visible()
    shoot(page, "dialogue-390-spot")


def dialogue_points() -> list[ChoicePoint]:
    return [x for x in DIALOGUE.turns if isinstance(x, ChoicePoint)]
