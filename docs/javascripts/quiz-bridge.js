// Everything the course knows about mkdocs-quiz's insides, in one place. mkdocs-quiz has no
// public API for any of this; tests/browser/test_quiz_bridge.py checks each item below against
// the installed version and names the one that broke. Pinned version: see pyproject.toml.
//
// Internals relied on (mkdocs-quiz 1.7.x, js/quiz.js):
//  1. storage key   localStorage["quiz_progress_" + location.pathname], one per page.
//  2. storage value {"quiz-N": {answered, correct, selectedValues}}, N = the quiz's order on the
//                   page; read once when it sets a page up, and restored as answered there.
//  3. size limit    a stored value longer than 50,000 characters is deleted unread on load.
//  4. event         window receives CustomEvent "quizProgressUpdate" after every answer, and
//                   once each time it sets a page up (before it restores answers).
//  5. page set-up   synchronous, on DOMContentLoaded and on every Material `document$` page.
//  6. DOM           each quiz is `.quiz#quiz-N` holding a <form>; choices are
//                   input[name="answer"] whose value is the choice's index, right ones carry
//                   data-correct="true"; `.quiz-feedback` loses the class `hidden` once answered;
//                   `.quiz[data-auto-submit]` answers on a radio's change.
//  7. submit        a "submit" event on the form grades the checked inputs, shows the verdict,
//                   records it (4) and focuses `.quiz-feedback`.
//  8. reset         its own reset links (.quiz-reset-all-link, .quiz-results-reset,
//                   .quiz-intro-reset) clear only its per-page copy: the course hides them
//                   (course.css) and refuses their clicks here; the course's retake is the reset.
//  9. warnings      `.quiz-storage-warning` appears when its own copy cannot be saved: the
//                   course reports storage faults itself (notices.js), so course.css hides it.

export const STORAGE_PREFIX = "quiz_progress_";
export const SIZE_LIMIT = 50000;
export const EVENT = "quizProgressUpdate";
export const RESET_LINKS = ".quiz-reset-all-link, .quiz-results-reset, .quiz-intro-reset";
const QUESTION = ".course-question[data-question-id]"; // the course's own wrapper (assessment.md.j2)
const INPUTS = 'input[name="answer"]';

export function storageKey(pathname) {
  return STORAGE_PREFIX + pathname;
}

// What mkdocs-quiz should restore on a module's assessment page, as the text to store, kept
// under its size limit: questions in page order until the next would not fit. Those left out
// are shown by showAnswers() instead. Returns {text, size, full}: size of the stored text and
// of the text without the limit (measured by the tests against SIZE_LIMIT).
export function projection(state, module) {
  const answers = state.modules[module.id]?.answers || {};
  const parts = [];
  let size = 2; // the braces
  let full = 2;
  module.questions.forEach((q, index) => {
    const a = answers[q.id];
    if (!a || a.version !== q.version) return;
    const entry = { answered: true, correct: a.correct, selectedValues: a.selected };
    const part = `${JSON.stringify(`quiz-${index}`)}:${JSON.stringify(entry)}`;
    const added = part.length + (parts.length ? 1 : 0);
    full += added;
    if (size + added <= SIZE_LIMIT) {
      parts.push(part);
      size += added;
    }
  });
  return { text: parts.length ? `{${parts.join(",")}}` : "", size: parts.length ? size : 0, full };
}

// The questions on an assessment page: [{wrapper, id, quiz}].
export function questions(doc) {
  return [...doc.querySelectorAll(QUESTION)].map((wrapper) => ({
    wrapper, id: wrapper.dataset.questionId, quiz: wrapper.querySelector(".quiz"),
  }));
}

function isShown(quiz) {
  const feedback = quiz?.querySelector(".quiz-feedback");
  return Boolean(feedback) && !feedback.classList.contains("hidden");
}

// The learner's answer as the page shows it: {selected, correct}, or null while unanswered.
export function shownAnswer(quiz) {
  if (!isShown(quiz)) return null;
  const inputs = [...quiz.querySelectorAll(INPUTS)];
  const selected = inputs.filter((i) => i.checked).map((i) => i.value);
  const right = inputs.filter((i) => i.dataset.correct === "true").map((i) => i.value);
  const correct = selected.length === right.length && selected.every((v) => right.includes(v));
  return { selected, correct };
}

let replaying = false;

// Shows saved answers that the page does not show yet (left out of the projection, or given in
// another tab) through mkdocs-quiz's own grading, so they look exactly like answers given here.
// `answerFor(id)` returns the saved answer or null. Returns the ids it could not show.
export function showAnswers(doc, answerFor) {
  const missed = [];
  replaying = true;
  try {
    for (const { id, quiz } of questions(doc)) {
      const saved = answerFor(id);
      if (!saved || !quiz || isShown(quiz)) continue;
      for (const input of quiz.querySelectorAll(INPUTS)) input.checked = saved.selected.includes(input.value);
      const feedback = quiz.querySelector(".quiz-feedback");
      feedback.focus = () => {}; // a restored answer must not pull the page to itself
      quiz.querySelector("form")?.dispatchEvent(new Event("submit", { bubbles: true, cancelable: true }));
      delete feedback.focus;
      if (!isShown(quiz)) missed.push(id);
    }
  } finally {
    replaying = false;
  }
  return missed;
}

// Questions the page shows as answered although `answerFor` has no answer (a retake in another tab).
export function shownWithoutAnswer(doc, answerFor) {
  return questions(doc).filter(({ id, quiz }) => isShown(quiz) && !answerFor(id)).map(({ id }) => id);
}

// Calls `answered()` after every answer the learner gives, and `setUp()` once mkdocs-quiz has
// finished setting a page up (its answers restored and its handlers bound).
export function onQuizEvents(win, { answered, setUp }) {
  win.addEventListener(EVENT, () => {
    if (replaying) return;
    answered();
    // The set-up announcement (4) comes before the restore (5); the restore is synchronous, so a
    // microtask runs after it and before the page is painted.
    queueMicrotask(setUp);
  });
}

// The radio groups mkdocs-quiz submits on every change.
export function autoSubmitFieldsets(doc) {
  return doc.querySelectorAll(".quiz[data-auto-submit] fieldset");
}

export function feedbackBoxes(doc) {
  return doc.querySelectorAll(".quiz-feedback");
}

// mkdocs-quiz's reset links would clear its copy behind the course's back: send them to `retake`.
export function redirectResets(doc, retake) {
  doc.addEventListener("click", (event) => {
    if (!(event.target instanceof Element) || !event.target.closest(RESET_LINKS)) return;
    event.preventDefault();
    event.stopImmediatePropagation();
    retake();
  }, true);
}
