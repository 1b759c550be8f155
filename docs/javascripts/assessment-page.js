// Assessment pages: records each answer by question id as mkdocs-quiz reports it, shows the
// module's score against its pass mark, and lets the learner retake the module.

import { moduleStatus, recordAnswer, resetModule } from "./progress.js";

const FEEDBACK_SETTLE = ".quiz-feedback";

export function setUpAssessment(doc, manifest, store) {
  const panel = doc.querySelector(".course-module-status[data-module-id]");
  if (!panel) return;
  const module = manifest.modules.find((m) => m.id === panel.dataset.moduleId);
  if (!module) return;
  // Screen readers hear the verdict without hunting for it (mkdocs-quiz only moves focus).
  for (const feedback of doc.querySelectorAll(FEEDBACK_SETTLE)) {
    feedback.setAttribute("aria-live", "polite");
    feedback.setAttribute("aria-atomic", "true");
  }
  browseChoicesWithArrows(doc);
  renderStatus(doc, panel, module, store);
}

// In a radio group the arrow keys move focus *and* check the next choice, and mkdocs-quiz
// submits on every change: a keyboard user could only ever answer with the first choice they
// passed (WCAG 2.1.1, 3.2.2). Here the arrows only move focus; Space chooses.
const ARROWS = { ArrowDown: 1, ArrowRight: 1, ArrowUp: -1, ArrowLeft: -1 };

function browseChoicesWithArrows(doc) {
  for (const fieldset of doc.querySelectorAll(".quiz[data-auto-submit] fieldset")) {
    if (fieldset.dataset.courseArrows) continue;
    fieldset.dataset.courseArrows = "1";
    fieldset.addEventListener("keydown", (event) => {
      const step = ARROWS[event.key];
      if (!step || event.target.type !== "radio" || event.altKey || event.ctrlKey || event.metaKey) return;
      const radios = [...fieldset.querySelectorAll('input[type="radio"]:not(:disabled)')];
      const at = radios.indexOf(event.target);
      if (at < 0) return;
      event.preventDefault();
      radios[(at + step + radios.length) % radios.length].focus();
    });
  }
}

export function recordAnswers(doc, manifest, store) {
  const panel = doc.querySelector(".course-module-status[data-module-id]");
  if (!panel) return;
  const module = manifest.modules.find((m) => m.id === panel.dataset.moduleId);
  if (!module) return;
  const versions = new Map(module.questions.map((q) => [q.id, q.version]));
  for (const wrapper of doc.querySelectorAll(".course-question[data-question-id]")) {
    const id = wrapper.dataset.questionId;
    const version = versions.get(id);
    const quiz = wrapper.querySelector(".quiz");
    const feedback = quiz?.querySelector(".quiz-feedback");
    if (!version || !feedback || feedback.classList.contains("hidden")) continue;
    const saved = store.current().modules[module.id]?.answers[id];
    if (saved && saved.version === version) continue;
    const inputs = [...quiz.querySelectorAll('input[name="answer"]')];
    const selected = inputs.filter((i) => i.checked).map((i) => i.value);
    const right = inputs.filter((i) => i.dataset.correct === "true").map((i) => i.value);
    const correct = selected.length === right.length && selected.every((v) => right.includes(v));
    store.update((s) => recordAnswer(s, module.id, { id, version }, { correct, selected }, new Date()));
  }
}

export function renderStatus(doc, panel, module, store) {
  const s = moduleStatus(store.current(), module);
  const lines = [];
  if (s.status === "passed") {
    lines.push(["course-status--passed", `Passed: ${s.correct} of ${s.total} correct (${s.score}%). The pass mark is ${module.passMark}%.`]);
  } else if (s.status === "failed") {
    lines.push(["course-status--failed", `Not passed: ${s.correct} of ${s.total} correct (${s.score}%), below the pass mark of ${module.passMark}% (${s.needed} correct). Review the module, then retake the assessment.`]);
  } else {
    lines.push(["", `Answered ${s.answered} of ${s.total}; ${s.correct} correct so far. You need ${s.needed} correct (${module.passMark}%) to pass.`]);
  }
  const text = doc.createElement("p");
  text.className = `course-status ${lines[0][0]}`;
  text.setAttribute("role", "status");
  text.textContent = lines[0][1];
  const children = [text];
  if (s.answered > 0) children.push(retakeControl(doc, module, store, s.answered));
  panel.replaceChildren(...children);
}

// A two-step button rather than confirm(): keyboard- and screen-reader-friendly.
function retakeControl(doc, module, store, answered) {
  const box = doc.createElement("div");
  box.className = "course-retake";
  const start = button(doc, "Retake this assessment", "md-button");
  start.addEventListener("click", () => {
    const warning = doc.createElement("p");
    warning.textContent = `This clears your ${answered} answer${answered === 1 ? "" : "s"} for this module so you can answer every question again.`;
    const yes = button(doc, "Clear my answers and retake", "md-button md-button--primary");
    const no = button(doc, "Keep my answers", "md-button");
    yes.addEventListener("click", () => {
      store.update((s) => resetModule(s, module.id));
      doc.defaultView.location.reload();
    });
    no.addEventListener("click", () => {
      box.replaceChildren(start);
      start.focus();
    });
    box.replaceChildren(warning, yes, no);
    yes.focus();
  });
  box.append(start);
  return box;
}

function button(doc, label, className) {
  const b = doc.createElement("button");
  b.type = "button";
  b.className = className;
  b.textContent = label;
  return b;
}
