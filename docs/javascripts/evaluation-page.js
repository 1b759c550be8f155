// The course evaluation form: required answers checked in the page, saved to the course state.

import { calendarFile } from "./calendar-file.js";
import { markMissing } from "./missing-answer.js";
import { commitments, submitEvaluation } from "./progress.js";
import { formatDate, saveFile } from "./site.js";

export function setUpEvaluation(doc, store) {
  const form = doc.querySelector("form[data-evaluation]");
  if (!form || form.dataset.ready) return;
  form.dataset.ready = "1";
  fill(form, store.current().evaluation?.answers || {});
  showDone(form, store.current().evaluation);
  showReminder(doc, store);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    event.stopPropagation();
    const data = new FormData(form);
    // The required questions are the ones the page marks so (evaluation.md.j2).
    const items = [...form.querySelectorAll("[data-required]")];
    const missing = items.filter((item) => !data.get(item.dataset.required));
    for (const item of items) markMissing(item, missing.includes(item));
    const error = form.querySelector("[data-evaluation-error]");
    if (missing.length) {
      const numbers = missing.map((item) => item.dataset.number);
      error.hidden = false;
      error.textContent = `Please answer: question${numbers.length > 1 ? "s" : ""} ${listed(numbers)}. ${missing.length > 1 ? "Each is" : "It is"} marked where it is asked.`;
      // Focus moves to the first unanswered question, which reads out its marked message.
      missing[0].querySelector("input").focus();
      return;
    }
    error.hidden = true;
    const answers = Object.fromEntries([...data.entries()].map(([k, v]) => [k, String(v).trim()]));
    const state = store.update((s) => submitEvaluation(s, answers, new Date()));
    showDone(form, state.evaluation);
    showReminder(doc, store);
  });
  form.querySelector("[data-evaluation-submit]").disabled = false; // bound: safe to submit
}

function listed(numbers) {
  return numbers.length > 1 ? `${numbers.slice(0, -1).join(", ")} and ${numbers.at(-1)}` : numbers[0];
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

// The reminder to follow up the learner's commitments: a date for each of the course's
// follow-up days (the learner may change them), and a calendar file with one reminder each.
function showReminder(doc, store) {
  const box = doc.querySelector("[data-reminder]");
  const state = store.current();
  if (!box || !commitments(state).length) return;
  box.hidden = false;
  const dates = box.querySelector("[data-reminder-dates]");
  if (!dates.childElementCount) {
    const days = box.dataset.followUpDays.split(",").map(Number);
    const from = new Date(state.evaluation.submittedAt);
    days.forEach((day, i) => {
      const label = doc.createElement("label");
      label.textContent = `Reminder ${i + 1} `;
      const input = doc.createElement("input");
      input.type = "date";
      input.required = true;
      input.dataset.reminderDate = String(day);
      input.value = addDays(from, day);
      label.append(input);
      dates.append(label);
    });
  }
  const button = box.querySelector("[data-reminder-download]");
  if (button.dataset.bound) return;
  button.dataset.bound = "1";
  button.addEventListener("click", () => {
    const state = store.current(); // the latest evaluation, resubmitted or not
    const changes = commitments(state);
    const chosen = [...dates.querySelectorAll("input[data-reminder-date]")].map((i) => i.value).filter(Boolean);
    const link = box.querySelector("[data-follow-up-link]").href;
    const text = calendarFile({
      events: chosen.map((date) => ({
        date,
        summary: "Follow up your CME commitments to change",
        description: `Did you make these changes? ${changes.map((c, i) => `${i + 1}. ${c}`).join(" ")} Answer on the course's follow-up page: ${link}`,
        url: link,
      })),
      now: new Date(),
      uidBase: `follow-up-${state.evaluation.submittedAt.replace(/[^0-9]/g, "")}@${doc.location.host || "course"}`,
      productId: "-//Exosome CME course//Commitment follow-up//EN",
    });
    saveFile(doc, text, "cme-follow-up-reminders.ics", "text/calendar");
  });
}

function addDays(date, days) {
  const next = new Date(date);
  next.setDate(next.getDate() + days);
  const pad = (n) => String(n).padStart(2, "0");
  return `${next.getFullYear()}-${pad(next.getMonth() + 1)}-${pad(next.getDate())}`;
}
