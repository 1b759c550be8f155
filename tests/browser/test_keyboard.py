"""A whole assessment by keyboard alone, with the feedback announced and the focus always seen;
motion that respects prefers-reduced-motion; right and wrong shown by more than colour."""

from __future__ import annotations

import pytest
from learner import MODULES, answer, assessment_url, bank, rendered_ids, status_text
from playwright.sync_api import Browser, Locator, Page

from conftest import Tab, screenshot

MODULE = MODULES[0]  # radio and checkbox questions both

# The focused element, whether its focus can be seen, and where it sits.
FOCUSED = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const s = getComputedStyle(el);
  const outline = s.outlineStyle !== "none" && parseFloat(s.outlineWidth) > 0;
  const shadow = s.boxShadow !== "none" && s.boxShadow !== "";
  return {
    tag: el.tagName.toLowerCase(), id: el.id, type: el.type || "", checked: el.checked ?? null,
    text: (el.innerText || el.value || "").trim().replace(/\\s+/g, " ").slice(0, 50),
    question: el.closest(".course-question")?.dataset.questionId || null,
    feedback: el.matches(".quiz-feedback"),
    visible: outline || shadow,
    style: `outline ${s.outlineStyle} ${s.outlineWidth}; box-shadow ${s.boxShadow}`,
  };
}"""


class Keyboard:
    """Presses keys and keeps every element that received focus, to check its focus is seen."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.trail: list[dict] = []

    def press(self, key: str) -> dict | None:
        self.page.keyboard.press(key)
        focused = self.page.evaluate(FOCUSED)
        if focused:
            self.trail.append({**focused, "key": key})
        return focused

    def until(self, key: str, wanted, limit: int = 40) -> dict:
        for _ in range(limit):
            focused = self.press(key)
            if focused and wanted(focused):
                return focused
        raise AssertionError(f"{limit} presses of {key} never reached it; last: {self.trail[-3:]}")


def feedback_in_live_region(question: Locator) -> str:
    """The feedback's words, asserting they sit inside a polite live region."""
    return question.locator(".quiz-feedback").evaluate("""f => {
        const item = f.querySelector(".quiz-feedback-item");
        const region = item && item.closest("[aria-live]");
        return region && region.getAttribute("aria-live") === "polite" ? region.innerText : "";
    }""")


def marker(page: Page, input_id: str, where: str = "::after") -> str:
    return page.evaluate("([id, where]) => getComputedStyle("
                         "document.querySelector(`label[for='${id}']`), where).content",
                         [input_id, where])


def test_a_whole_assessment_by_keyboard_alone(tab: Tab) -> None:
    page, base = tab.page, tab.base
    page.goto(assessment_url(page, base, MODULE))
    keys = Keyboard(page)
    first = keys.press("Tab")
    assert first and first["text"] == "Skip to content", first
    keys.press("Enter")
    questions = page.locator(".course-question")
    count = questions.count()
    module = bank(page, MODULE)
    assert rendered_ids(page) == list(module.ids)
    # The 2nd question of each kind is answered wrongly: two wrong, and still a pass.
    seen = {"radio": 0, "checkbox": 0}
    passed = module.passed(count - 2)
    for i in range(count):
        question = questions.nth(i)
        qid = question.get_attribute("data-question-id")
        feedback = question.locator(".quiz-feedback")
        assert feedback.get_attribute("aria-live") == "polite", f"question {i + 1}"
        assert feedback_in_live_region(question) == ""
        inputs = question.locator('input[name="answer"]')
        kind = inputs.first.get_attribute("type")
        correct = seen[kind] != 1
        seen[kind] += 1
        ids = [inputs.nth(j).get_attribute("id") for j in range(inputs.count())]
        right = {x for j, x in enumerate(ids)
                 if inputs.nth(j).get_attribute("data-correct") == "true"}
        focused = keys.until("Tab", lambda f, q=qid: f["question"] == q and f["tag"] == "input")
        if kind == "radio":
            target = next(iter(right)) if correct else next(x for x in ids if x not in right)
            while focused["id"] != target:
                focused = keys.press("ArrowDown")
                assert focused and focused["question"] == qid and not focused["checked"], focused
                assert question.locator('input[name="answer"]:checked').count() == 0, \
                    "an arrow key chose an answer: it must only move between the choices"
            keys.press("Space")
            chosen = {target}
        else:
            chosen = right if correct else {next(x for x in ids if x not in right)}
            for j, input_id in enumerate(ids):
                assert focused["id"] == input_id, (focused, input_id)
                if input_id in chosen:
                    keys.press("Space")
                focused = keys.press("Tab")
                if j == len(ids) - 1:
                    assert focused and focused["text"] == "Submit", focused
            keys.press("Enter")
        question.locator(".quiz-feedback:not(.hidden)").wait_for()
        now = page.evaluate(FOCUSED)
        assert now and now["feedback"] and now["question"] == qid, now  # mkdocs-quiz moves it
        words = feedback_in_live_region(question)
        assert words.strip(), f"question {i + 1}: no feedback inside the live region"
        verdict = question.locator(".quiz-feedback-item").first.evaluate(
            "e => getComputedStyle(e, '::before').content")
        assert verdict == ('"✓ Your answer is correct."' if correct
                           else '"✗ Your answer is not correct."'), verdict
        for input_id in ids:  # every right choice is marked so; a wrong pick says so
            cue = marker(page, input_id)
            if input_id in right:
                assert "✓" in cue and "correct" in cue, (input_id, cue)
            elif input_id in chosen:
                assert cue == '"✗ your answer, incorrect"', (input_id, cue)
            else:
                assert cue == "none", (input_id, cue)
    assert min(seen.values()) >= 2, seen
    assert status_text(page).startswith(passed), status_text(page)
    # The end of the page: the verdict's next step first, then the retake (issue 15).
    step = keys.until("Tab", lambda f: f["text"].startswith("Next: "), limit=60)
    assert step["tag"] == "a", step
    retake = keys.press("Tab")
    assert retake and retake["text"] == "Retake this assessment" and retake["tag"] == "button"
    assert keys.press("Enter")["text"] == "Clear my answers and retake"  # focus moved there
    assert keys.press("Tab")["text"] == "Keep my answers"
    assert keys.press("Enter")["text"] == "Retake this assessment"
    assert status_text(page).startswith(passed)
    screenshot(page, "assessment-keyboard", full_page=False)
    unseen = [f for f in keys.trail if not f["visible"]]
    assert not unseen, f"focus not visible on {len(unseen)} of {len(keys.trail)}: {unseen[:5]}"
    assert len(keys.trail) > 3 * count


ANIMATIONS = """() => document.getAnimations()
  .filter(a => a.playState === "running")
  .map(a => ({name: a.animationName || a.transitionProperty || a.constructor.name,
              target: String(a.effect?.target?.className || a.effect?.target?.tagName || ""),
              duration: a.effect.getComputedTiming().duration}))
  .filter(a => a.duration === Infinity || a.duration > 10)"""
# Every transition and animation that starts, caught even if it ends between two looks.
RECORD = """
window.__motion = [];
for (const type of ["transitionrun", "animationstart"]) {
  window.addEventListener(type, (e) => {
    const s = getComputedStyle(e.target, e.pseudoElement || null);
    const times = (type === "transitionrun" ? s.transitionDuration : s.animationDuration)
      .split(",").map((t) => parseFloat(t) * (t.trim().endsWith("ms") ? 0.001 : 1));
    window.__motion.push({type, what: e.propertyName || e.animationName,
                          target: String(e.target.className || e.target.tagName),
                          seconds: Math.max(...times)});
  }, true);
}
"""


def finish_an_assessment_with_motion(page: Page, base: str) -> tuple[list, list]:
    page.add_init_script(RECORD)
    page.goto(assessment_url(page, base, MODULE))
    running: list = []
    questions = page.locator(".course-question")
    for i in range(questions.count()):
        question = questions.nth(i)
        question.scroll_into_view_if_needed()
        question.locator("label").first.hover()  # buttons and links fade on hover
        answer(question, correct=True)
        running += page.evaluate(ANIMATIONS)
    page.mouse.wheel(0, -3000)  # Material's header and back-to-top button move on scroll
    page.wait_for_timeout(100)
    running += page.evaluate(ANIMATIONS)
    return running, page.evaluate("window.__motion")


def test_reduced_motion_stops_animations_and_confetti(browser: Browser, course_url: str) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, reduced_motion="reduce")
    try:
        tab = Tab(context, course_url)
        page = tab.page
        running, started = finish_an_assessment_with_motion(page, course_url)
        assert page.evaluate("matchMedia('(prefers-reduced-motion: reduce)').matches")
        assert page.evaluate("window.mkdocsQuizConfig.confetti") is False
        assert page.locator("canvas").count() == 0  # js-confetti draws on a canvas it adds
        module = bank(page, MODULE)
        assert rendered_ids(page) == list(module.ids)
        assert status_text(page).startswith(module.passed(module.total))
        assert running == [], f"animations still running under reduced motion: {running}"
        long = [m for m in started if m["seconds"] > 0.01]
        assert long == [], f"motion longer than 0.01 s under reduced motion: {long}"
        assert tab.errors == [], tab.errors
    finally:
        context.close()


def test_the_motion_probe_sees_motion_without_the_preference(browser: Browser,
                                                             course_url: str) -> None:
    """The check above can fail: without reduced motion the same steps do animate."""
    context = browser.new_context(viewport={"width": 1280, "height": 900},
                                  reduced_motion="no-preference")
    try:
        page = context.new_page()
        running, started = finish_an_assessment_with_motion(page, course_url)
        assert [m for m in started if m["seconds"] > 0.01], started
    finally:
        context.close()


@pytest.mark.parametrize("correct", [True, False])
def test_right_and_wrong_are_never_colour_alone(tab: Tab, correct: bool) -> None:
    page, base = tab.page, tab.base
    page.goto(assessment_url(page, base, MODULE))
    question = page.locator(".course-question").first
    answer(question, correct=correct)
    labels = question.locator(".quiz label")
    cues = {}
    for j in range(labels.count()):
        label = labels.nth(j)
        state = label.evaluate("l => l.parentElement.classList.contains('correct') ? 'right'"
                               " : l.parentElement.classList.contains('wrong') ? 'wrong' : ''")
        cues[state] = cues.get(state, []) + [label.evaluate(
            "l => getComputedStyle(l, '::after').content")]
    if correct:
        assert cues == {"right": ['"✓ your answer, correct"'], "": ["none"] * (labels.count() - 1)}
    else:
        assert cues["wrong"] == ['"✗ your answer, incorrect"']
        assert cues["right"] == ['"✓ correct answer"']
