// The follow-up page: for each change the learner committed to in the evaluation, whether they
// made it and what got in the way. Answers join the progress record (and so the completion
// record); each visit's answers are kept.

import { markMissing } from "./missing-answer.js";
import { commitments, submitFollowUp } from "./progress.js";
import { formatDate } from "./site.js";

export function setUpFollowUp(doc, store) {
  const form = doc.querySelector("form[data-follow-up]");
  if (!form || form.dataset.ready) return;
  form.dataset.ready = "1";
  const changes = commitments(store.current());
  const none = form.querySelector("[data-follow-up-none]");
  const submit = form.querySelector("[data-follow-up-submit]");
  if (!changes.length) {
    none.textContent = "No commitments to change are saved in this browser. Write them in the course evaluation (question 4), then come back here.";
    return;
  }
  none.hidden = true;
  const items = form.querySelector("[data-follow-up-items]");
  const template = doc.querySelector("template[data-follow-up-template]");
  changes.forEach((change, i) => {
    const item = template.content.firstElementChild.cloneNode(true);
    item.querySelector("[data-commitment-text]").textContent = `Change ${i + 1}: ${change}`;
    for (const input of item.querySelectorAll("input, textarea")) {
      input.name = `${input.dataset.name}_${i + 1}`;
      input.id = `${input.name}${input.value && input.type === "radio" ? `-${input.value}` : ""}`;
    }
    // Labels wrap their radio buttons; the text box's label points at it by id.
    item.querySelector("[data-for]").htmlFor = `barriers_${i + 1}`;
    item.dataset.commitment = change;
    items.append(item);
  });
  showDone(form, store.current());
  submit.hidden = false;
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const fieldsets = [...items.children];
    const unanswered = fieldsets.filter((f, i) => !form.elements[`made_${i + 1}`].value);
    for (const f of fieldsets) markMissing(f, unanswered.includes(f));
    const error = form.querySelector("[data-follow-up-error]");
    if (unanswered.length) {
      error.hidden = false;
      error.textContent = "Please say for each change whether you have made it. Each one left is marked where it is asked.";
      unanswered[0].querySelector("input").focus();
      return;
    }
    error.hidden = true;
    const answers = fieldsets.map((f, i) => ({
      commitment: f.dataset.commitment,
      made: form.elements[`made_${i + 1}`].value,
      barriers: form.elements[`barriers_${i + 1}`].value.trim(),
    }));
    showDone(form, store.update((s) => submitFollowUp(s, answers, new Date())));
  });
  submit.disabled = false; // bound: safe to submit
}

function showDone(form, state) {
  const last = (state.followUps || []).at(-1);
  if (!last) return;
  const done = form.querySelector("[data-follow-up-done]");
  done.hidden = false;
  done.textContent = `Thank you. Your follow-up was recorded on ${formatDate(last.submittedAt)} and is part of your completion record. You can answer again at your next reminder.`;
}
