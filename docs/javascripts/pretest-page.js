// A module's pre-test: answered once, before reading; no answers or explanations are shown.
// The score is kept to show the gain after the post-test (assessment-page.js).

import { answerOf, chosen, items, lock } from "./item-form.js";
import { markMissing } from "./missing-answer.js";
import { formatDate } from "./site.js";
import { submitPretest } from "./progress.js";

export function setUpPretest(doc, manifest, store) {
  const form = doc.querySelector("form[data-pretest]");
  if (!form || form.dataset.ready) return;
  form.dataset.ready = "1";
  const moduleId = form.dataset.pretest;
  const state = form.querySelector("[data-pretest-state]");
  const submit = form.querySelector("[data-pretest-submit]");
  const show = () => {
    const current = store.current();
    const taken = current.pretests?.[moduleId];
    const started = Object.keys(current.modules[moduleId]?.answers || {}).length > 0;
    if (taken) {
      const right = Object.values(taken.answers).filter((a) => a.correct).length;
      state.textContent = `You took this pre-test on ${formatDate(taken.submittedAt)}: ${right} of ${Object.keys(taken.answers).length} correct. The answers are not shown here, so that the assessment still tests what you learned; your gain is shown after the assessment.`;
    } else if (started) {
      state.textContent = "You have already started this module's assessment, so a pre-test would no longer measure what you knew before reading. Go on with the module.";
    }
    if (taken || started) {
      items(form).forEach(lock);
      submit.hidden = true;
      const next = doc.querySelector("[data-pretest-next]");
      if (next) next.textContent = "Read the module";
    }
  };
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const all = items(form);
    const missing = all.filter((item) => chosen(item).length === 0);
    all.forEach((item) => markMissing(item, missing.includes(item)));
    const error = form.querySelector("[data-pretest-error]");
    if (missing.length) {
      error.hidden = false;
      error.textContent = "Please answer every question; a guess is fine. Each one left is marked where it is asked.";
      missing[0].querySelector("input").focus();
      return;
    }
    error.hidden = true;
    const answers = Object.fromEntries(all.map((item) => [item.dataset.questionId, answerOf(item)]));
    store.update((s) => submitPretest(s, moduleId, answers, new Date()));
    show();
    state.focus();
  });
  state.tabIndex = -1;
  show();
  if (!submit.hidden) submit.disabled = false; // bound: safe to submit
}
