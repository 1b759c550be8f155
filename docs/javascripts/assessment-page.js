// Assessment pages: records each answer by question id as mkdocs-quiz reports it, shows the
// module's score against its pass mark, and lets the learner retake the module.

import { nextStepLink } from "./dashboard.js";
import { courseStatus, moduleStatus, nextStep, pretestGain, recordAnswer, resetModule } from "./progress.js";
import { pageUrl } from "./site.js";
import { autoSubmitFieldsets, feedbackBoxes, questions, showAnswers, shownAnswer, shownWithoutAnswer } from "./quiz-bridge.js";

function pageModule(doc, manifest) {
  const panel = doc.querySelector(".course-module-status[data-module-id]");
  const module = panel && manifest.modules.find((m) => m.id === panel.dataset.moduleId);
  return module ? { panel, module } : {};
}

export function setUpAssessment(doc, manifest, store) {
  const { panel, module } = pageModule(doc, manifest);
  if (!module) return;
  // Screen readers hear the verdict without hunting for it (mkdocs-quiz only moves focus).
  for (const feedback of feedbackBoxes(doc)) {
    feedback.setAttribute("aria-live", "polite");
    feedback.setAttribute("aria-atomic", "true");
  }
  browseChoicesWithArrows(doc);
  renderStatus(doc, panel, module, store, manifest);
}

// In a radio group the arrow keys move focus *and* check the next choice, and mkdocs-quiz
// submits on every change: a keyboard user could only ever answer with the first choice they
// passed (WCAG 2.1.1, 3.2.2). Here the arrows only move focus; Space chooses.
const ARROWS = { ArrowDown: 1, ArrowRight: 1, ArrowUp: -1, ArrowLeft: -1 };

function browseChoicesWithArrows(doc) {
  for (const fieldset of autoSubmitFieldsets(doc)) {
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
  const { module } = pageModule(doc, manifest);
  if (!module) return;
  const versions = new Map(module.questions.map((q) => [q.id, q.version]));
  for (const { id, quiz } of questions(doc)) {
    const version = versions.get(id);
    const saved = store.current().modules[module.id]?.answers[id];
    if (!version || (saved && saved.version === version)) continue;
    const shown = shownAnswer(quiz);
    if (shown) store.update((s) => recordAnswer(s, module.id, { id, version }, shown, new Date()));
  }
}

// Makes the page show exactly the saved answers: those mkdocs-quiz did not restore (beyond its
// size limit) or that another tab recorded are shown; a page that shows answers a retake in
// another tab cleared is reloaded, or its next answer would record them again.
export function showSavedAnswers(doc, manifest, store, fromOtherTab) {
  const { module } = pageModule(doc, manifest);
  if (!module) return;
  const answers = store.current().modules[module.id]?.answers || {};
  const versions = new Map(module.questions.map((q) => [q.id, q.version]));
  const answerFor = (id) => (answers[id] && answers[id].version === versions.get(id) ? answers[id] : null);
  if (fromOtherTab && shownWithoutAnswer(doc, answerFor).length) {
    store.stopRecording();
    doc.defaultView.location.reload();
    return;
  }
  showAnswers(doc, answerFor);
}

export function renderStatus(doc, panel, module, store, manifest) {
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
  // The verdict's detail, the next step and the retake are at the end of the page, where the
  // last answer leaves the learner; from here, one link leads there.
  if (s.answered > 0 && doc.getElementById("assessment-result")) {
    const jump = doc.createElement("a");
    jump.href = "#assessment-result";
    jump.textContent = s.status === "passed" || s.status === "failed" ? "Your result, next step and retake" : "Your result so far";
    const line = doc.createElement("p");
    line.append(jump);
    children.push(line);
  }
  panel.replaceChildren(...children);
  renderEnd(doc, module, s, store, manifest);
}

// The end of the page, where the last answer leaves the learner: the verdict in words, then
// the next step (the next module, the evaluation or the certificate); retake comes second.
function renderEnd(doc, module, s, store, manifest) {
  const end = doc.querySelector(`[data-assessment-end="${CSS.escape(module.id)}"]`);
  if (!end) return;
  const verdict = end.querySelector("[data-assessment-verdict]");
  const actions = end.querySelector("[data-assessment-actions]");
  const left = s.total - s.answered;
  const buttons = [];
  verdict.dataset.state = s.status;
  if (s.status === "passed") {
    verdict.textContent = `You passed this module: ${s.correct} of ${s.total} correct (${s.score}%); the pass mark is ${module.passMark}%.` +
      (left ? ` You can still answer the other ${left} question${left === 1 ? "" : "s"}.` : "");
    const next = nextStepLink(nextStep(courseStatus(store.current(), manifest)), manifest);
    buttons.push(link(doc, next.href, `Next: ${next.text}`, "md-button md-button--primary"));
  } else if (s.status === "failed") {
    verdict.textContent = `Not passed: ${s.correct} of ${s.total} correct (${s.score}%), below the pass mark of ${module.passMark}% (${s.needed} correct). Review the module, then retake the assessment.`;
    buttons.push(link(doc, module.page, `Review module ${module.number}`, "md-button md-button--primary"));
  } else {
    // A new learner's words are the ones the page was built with (assessment.md.j2).
    const progress = s.answered ? `Answered ${s.answered} of ${s.total}. Answer the remaining ${left}` : `Answer all ${s.total}`;
    verdict.textContent = `${progress} question${left === 1 ? "" : "s"} to see your result. You need ${s.needed} correct (${module.passMark}%) to pass.`;
  }
  if (s.answered > 0) buttons.push(retakeControl(doc, module, store, retakeWarning(s, store.current(), manifest)));
  actions.replaceChildren(...buttons);
  showGain(doc, end, s.status === "passed" || s.status === "failed" ? pretestGain(store.current(), module) : null);
}

// What the learner knew before reading (the pre-test) and knows now, per objective.
function showGain(doc, end, gain) {
  const box = end.querySelector("[data-assessment-gain]");
  if (!box) return;
  box.hidden = !gain;
  if (!gain) return;
  const pct = ({ correct, total }) => (total ? `${correct} of ${total} (${Math.round((correct / total) * 100)}%)` : "not asked");
  const texts = [...(end.querySelector("template[data-objective-texts]")?.content.children || [])].map((li) => li.textContent);
  const summary = doc.createElement("p");
  summary.textContent = `Your gain: before reading, ${pct(gain.before)} on the pre-test; now, on the same questions, ${pct(gain.after)}.`;
  const table = doc.createElement("table");
  const caption = table.createCaption();
  caption.textContent = "By learning objective: before reading (pre-test) and now (this assessment)";
  const head = table.createTHead().insertRow();
  for (const label of ["Objective", "Before", "Now"]) {
    const th = doc.createElement("th");
    th.scope = "col";
    th.textContent = label;
    head.append(th);
  }
  const body = table.createTBody();
  for (const row of gain.objectives) {
    const tr = body.insertRow();
    for (const text of [`${row.objective}. ${texts[row.objective - 1] || ""}`.trim(), pct(row.before), pct(row.after)]) {
      tr.insertCell().textContent = text;
    }
  }
  box.replaceChildren(summary, table);
}

function link(doc, href, label, className) {
  const a = doc.createElement("a");
  a.href = pageUrl(href).href;
  a.className = className;
  a.textContent = label;
  return a;
}

// What a retake does, said before it happens (the rule is in README, "Learner progress").
export function retakeWarning(s, state, manifest) {
  const lines = [`This clears your ${s.answered} answer${s.answered === 1 ? "" : "s"} to this module so you can answer every question again.`];
  if (s.status === "passed") {
    lines.push(`Your pass (${s.correct} of ${s.total}, ${s.score}%) is withdrawn until you pass again.`);
  }
  if (state.certificate) {
    const locked = courseStatus(state, manifest).complete ? "will be locked" : "stays locked";
    lines.push(`Your certificate (ID ${state.certificate.id}) ${locked} until you have passed this module again. Its name, credit and ID are kept; its completion date becomes the date you pass again.`);
  }
  return lines.join(" ");
}

// A two-step button rather than confirm(): keyboard- and screen-reader-friendly.
function retakeControl(doc, module, store, text) {
  const box = doc.createElement("div");
  box.className = "course-retake";
  const start = button(doc, "Retake this assessment", "md-button");
  start.addEventListener("click", () => {
    const warning = doc.createElement("p");
    warning.className = "course-retake__warning";
    warning.textContent = text;
    const yes = button(doc, "Clear my answers and retake", "md-button md-button--primary");
    const no = button(doc, "Keep my answers", "md-button");
    yes.addEventListener("click", () => {
      store.update((s) => resetModule(s, module.id, new Date()));
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
