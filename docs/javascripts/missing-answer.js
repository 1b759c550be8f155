// A question left unanswered, marked at the question itself (the evaluation, the follow-up,
// the pre-test and the review): a message in the question's group, which describes the group
// only while it shows (a hidden description would still be read out), `aria-invalid` on its
// inputs, and the mark gone as soon as the question is answered.

let made = 0;

export function markMissing(item, missing) {
  let message = item.querySelector(".course-evaluation__missing");
  if (!message) {
    message = item.ownerDocument.createElement("p");
    message.className = "course-evaluation__missing";
    message.id = `course-missing-${(made += 1)}`;
    message.textContent = "This question needs an answer.";
    item.querySelector("legend").after(message);
  }
  message.hidden = !missing;
  if (missing) item.setAttribute("aria-describedby", message.id);
  else item.removeAttribute("aria-describedby");
  for (const input of item.querySelectorAll("input")) {
    if (missing) input.setAttribute("aria-invalid", "true");
    else input.removeAttribute("aria-invalid");
  }
  if (item.dataset.missingBound) return;
  item.dataset.missingBound = "1";
  item.addEventListener("change", () => markMissing(item, false));
}
