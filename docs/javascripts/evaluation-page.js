// The course evaluation form: required answers checked in the page, saved to the course state.

import { submitEvaluation } from "./progress.js";
import { formatDate } from "./site.js";

const REQUIRED = {
  objectives: "whether the activity met its objectives",
  relevance: "how relevant the content is to your practice",
  balance: "whether the content was balanced and free of commercial bias",
  change: "whether you intend to change your practice",
  bias: "whether you perceived commercial bias",
};

export function setUpEvaluation(doc, store) {
  const form = doc.querySelector("form[data-evaluation]");
  if (!form || form.dataset.ready) return;
  form.dataset.ready = "1";
  fill(form, store.current().evaluation?.answers || {});
  showDone(form, store.current().evaluation);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    event.stopPropagation();
    const data = new FormData(form);
    const missing = Object.keys(REQUIRED).filter((name) => !data.get(name));
    const error = form.querySelector("[data-evaluation-error]");
    if (missing.length) {
      error.hidden = false;
      error.textContent = `Please answer: ${missing.map((m) => REQUIRED[m]).join("; ")}.`;
      form.querySelector(`[name="${missing[0]}"]`).focus();
      return;
    }
    error.hidden = true;
    const answers = Object.fromEntries([...data.entries()].map(([k, v]) => [k, String(v).trim()]));
    const state = store.update((s) => submitEvaluation(s, answers, new Date()));
    showDone(form, state.evaluation);
  });
  form.querySelector("[data-evaluation-submit]").disabled = false; // bound: safe to submit
}

function fill(form, answers) {
  for (const [name, value] of Object.entries(answers)) {
    for (const field of form.querySelectorAll(`[name="${CSS.escape(name)}"]`)) {
      if (field.type === "radio") field.checked = field.value === value;
      else field.value = value;
    }
  }
}

function showDone(form, evaluation) {
  const done = form.querySelector("[data-evaluation-done]");
  if (!evaluation) return;
  done.hidden = false;
  done.textContent = `Thank you. Your evaluation was recorded on ${formatDate(evaluation.submittedAt)}. You can change your answers and submit again.`;
}
