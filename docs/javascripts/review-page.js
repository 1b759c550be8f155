// The review page: the questions due for spaced review (progress.js dueReviews), each checked
// at once with its explanation. A review answer is kept apart from the module's answers: it
// never changes a pass or the certificate.

import { answerOf, chosen, items, lock } from "./item-form.js";
import { markMissing } from "./missing-answer.js";
import { dueReviews, recordReview } from "./progress.js";

export function setUpReview(doc, manifest, store) {
  const page = doc.querySelector("[data-review]");
  if (!page || page.dataset.ready) return;
  page.dataset.ready = "1";
  const state = doc.querySelector("[data-review-state]");
  const due = dueReviews(store.current(), manifest, new Date());
  // A question due in two rounds at once (a learner back after a long time) is asked once.
  const rounds = new Map();
  for (const round of due) for (const id of round.open) rounds.set(id, [...(rounds.get(id) || []), round]);
  if (!rounds.size) {
    const days = (manifest.learning?.reviewDays || []).join(", ");
    state.textContent = `Nothing is due for review now. Questions come back ${days} days after you pass a module.`;
    return;
  }
  state.textContent = `${rounds.size} question${rounds.size === 1 ? "" : "s"} due for review.`;
  for (const [id, its] of rounds) {
    const box = page.querySelector(`[data-review-item="${CSS.escape(id)}"]`);
    if (!box) continue;
    box.hidden = false;
    const [item] = items(box);
    const check = doc.createElement("button");
    check.type = "button";
    check.className = "md-button";
    check.textContent = "Check my answer";
    const verdict = doc.createElement("p");
    verdict.className = "course-status";
    verdict.setAttribute("role", "status");
    check.addEventListener("click", () => {
      if (!chosen(item).length) {
        markMissing(item, true);
        item.querySelector("input").focus();
        return;
      }
      markMissing(item, false);
      const answer = answerOf(item);
      const question = { id, version: item.dataset.questionVersion };
      store.update((s) => its.reduce(
        (next, round) => recordReview(next, round.module.id, round.day, question, answer.selected, answer.correct, new Date()), s));
      lock(item);
      check.remove();
      for (const input of item.querySelectorAll("input[data-correct]")) input.parentElement.classList.add("course-item__right");
      verdict.dataset.state = answer.correct ? "passed" : "failed";
      verdict.textContent = answer.correct ? "Right: this one has stuck." : "Not right this time: the correct answer is marked.";
      item.querySelector("[data-explanation]").hidden = false;
    });
    item.append(check, verdict);
  }
}
