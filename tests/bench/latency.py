"""From a click on an answer to the feedback and the module status shown, in Chromium.

For each question: performance.now() before a dispatched click on the right answer's label (for
"choose all that apply" questions, the other right answers are ticked first and the timed
click is the submit button). Then, frame by frame (requestAnimationFrame), the time until the
feedback is visible and the status panel's text has changed, and the start of the first frame
after the click: a change made before that frame is on screen in that frame.
"""

from __future__ import annotations

import statistics

from playwright.sync_api import Browser

MEASURE = """async (i) => {
  const frame = () =>
    new Promise((resolve) => requestAnimationFrame(() => resolve(performance.now())));
  const q = document.querySelectorAll(".course-question")[i];
  const status = document.querySelector(".course-module-status");
  const before = status.textContent;
  const right = [...q.querySelectorAll('input[name="answer"][data-correct="true"]')];
  const label = (input) => q.querySelector(`label[for="${input.id}"]`);
  let target;
  if (right[0].type === "checkbox") {
    right.forEach((input) => label(input).click());
    target = q.querySelector('button[type="submit"]');
  } else {
    target = label(right[0]);
  }
  await frame();  // start from a quiet page, just after a frame
  const feedbackShown = () => q.querySelector(".quiz-feedback:not(.hidden)") !== null;
  const statusChanged = () => status.textContent !== before;
  const t0 = performance.now();
  target.click();  // dispatches the click synchronously: every handler runs before it returns
  const t1 = performance.now();
  const result = {handlers: t1 - t0, feedback: feedbackShown() ? t1 - t0 : null,
                  status: statusChanged() ? t1 - t0 : null, frame: null, frames: 0};
  while (result.feedback === null || result.status === null || result.frame === null) {
    const t = await frame();
    result.frames += 1;
    if (result.frame === null) result.frame = t - t0;
    if (result.feedback === null && feedbackShown()) result.feedback = t - t0;
    if (result.status === null && statusChanged()) result.status = t - t0;
    if (result.frames > 120) break;
  }
  result.inFirstFrame = result.feedback !== null && result.status !== null &&
    result.feedback <= result.handlers && result.status <= result.handlers;
  return result;
}"""


def measure_clicks(browser: Browser, url: str, questions: int = 10) -> dict[str, object]:
    context = browser.new_context(service_workers="block", viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        page.goto(url + "modules/01-exosome-biology/assessment/")
        page.wait_for_load_state("networkidle")
        samples = [page.evaluate(MEASURE, i) for i in range(questions)]
        status_after = page.locator(".course-module-status").inner_text()
    finally:
        context.close()
    median = {key: statistics.median(s[key] for s in samples)
              for key in ("handlers", "feedback", "status", "frame")}
    return {"samples": samples, "median": median,
            "max_handlers": max(s["handlers"] for s in samples),
            "in_first_frame": sum(bool(s["inFirstFrame"]) for s in samples),
            "status_after": " ".join(status_after.split())}
