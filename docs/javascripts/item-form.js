// The plain question forms of the pre-test and review pages (templates/question_form.html):
// what the learner chose, and whether it is right. mkdocs-quiz is not involved.

export function items(root) {
  return [...root.querySelectorAll("fieldset.course-item[data-question-id]")];
}

export function chosen(item) {
  return [...item.querySelectorAll("input:checked")].map((input) => input.value);
}

// Right when exactly the correct choices are chosen (all-or-nothing, as in the assessment).
export function isCorrect(item) {
  const right = [...item.querySelectorAll("input[data-correct]")].map((input) => input.value);
  const picked = chosen(item);
  return picked.length === right.length && right.every((v) => picked.includes(v));
}

export function answerOf(item) {
  return { version: item.dataset.questionVersion, correct: isCorrect(item), selected: chosen(item) };
}

export function lock(item) {
  for (const input of item.querySelectorAll("input")) input.disabled = true;
}
