"""Issue 2 in the browser: a quiz from YAML answers and shows feedback."""

from __future__ import annotations

from learner import answer, assessment_url, bank, rendered_ids

from conftest import Tab, screenshot


def test_answering_a_rendered_quiz_shows_feedback_and_rationale(tab: Tab) -> None:
    page = tab.page
    page.goto(assessment_url(page, tab.base, "exosome-biology"))
    first = page.locator(".course-question").first
    assert rendered_ids(page) == list(bank(page, "exosome-biology").ids)  # the bank, in order
    answer(first, correct=True)
    feedback = first.locator(".quiz-feedback")
    assert feedback.is_visible()
    assert "correct" in (feedback.get_attribute("class") or "") or \
        feedback.locator(".correct").count() > 0
    assert first.locator("section.content").is_visible()
    assert "Explanation." in first.locator("section.content").inner_text()
    second = page.locator(".course-question").nth(1)
    answer(second, correct=False)
    assert second.locator(".quiz-feedback").is_visible()
    assert second.locator("div.wrong").count() >= 1
    screenshot(page, "quiz-answered", full_page=False)


# Clicks the first question's right answer and reads the page before the click's task ends:
# what has changed by then is painted in the same frame as the click.
SAME_TASK = """() => {
  const q = document.querySelector(".course-question");
  const status = document.querySelector(".course-module-status");
  const before = status.textContent;
  const right = q.querySelector('input[name="answer"][data-correct="true"]');
  q.querySelector(`label[for="${right.id}"]`).click();
  return {feedback: q.querySelector(".quiz-feedback:not(.hidden)") !== null,
          status: status.textContent !== before ? status.textContent.trim() : null};
}"""


def test_feedback_and_module_status_change_in_the_same_frame_as_the_click(tab: Tab) -> None:
    page = tab.page
    page.goto(assessment_url(page, tab.base, "exosome-biology"))
    page.wait_for_load_state("networkidle")
    result = page.evaluate(SAME_TASK)
    assert result["feedback"]
    expected = bank(page, "exosome-biology").in_progress(1, 1)
    assert result["status"] is not None and " ".join(result["status"].split()).startswith(
        expected), result
