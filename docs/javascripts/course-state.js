// The learner's course state for this page session. Every save re-reads what is stored and
// merges it with this page's state answer by answer (progress.js mergeStates), so tabs never
// erase each other; a write by another tab is merged in at once and the page redrawn.
// Inside an LMS the LMS's copy of the record (storage.lmsRecord) is merged in the same way when
// the page loads, and every save goes to the LMS too (storage.writeRecord).

import * as storage from "./storage.js";
import { mergeStates, normalise, reconcile } from "./progress.js";
import { projection, storageKey } from "./quiz-bridge.js";
import { pageUrl, siteRoot } from "./site.js";

const NAME = "progress";
const listeners = new Set();
let state = null;
let manifest = null;
let scope = "";
const notices = [];
// Why nothing may be written: "kept" (an unreadable record that could not be backed up is left
// as it is) or "replaced" (this page is being reloaded: another build, or a retake elsewhere).
let halted = null;

const KEPT_TEXT = "Your saved progress could not be read here, and this browser has no room to keep a copy of it, so it has been left exactly as it was. Progress cannot be saved in this browser now: you can go on, but answers you give will be lost when you close this page.";

// Reads the stored record. Returns {state, fault}: fault says the stored data is unusable and
// was backed up ("backed-up"), or could not be ("kept": then the caller must not write).
function readStored() {
  const stored = storage.read(scope, NAME);
  const { state: clean, problem } = normalise(stored.problem === "unparseable" ? undefined : stored.value);
  if (stored.problem !== "unparseable" && !problem) return { state: clean, fault: null, problem: stored.problem };
  const fault = storage.backUp(scope, NAME, stored.value) ? "backed-up" : "kept";
  return { state: clean, fault, problem: problem || "corrupt" };
}

export function load(courseManifest) {
  manifest = courseManifest;
  // Two courses on one host keep separate records; inside an LMS, so do two learners.
  scope = storage.lmsScope() ?? siteRoot().pathname;
  const { state: stored, fault, problem } = readStored();
  const fromLms = normalise(storage.lmsRecord() ?? undefined);
  const clean = fromLms.problem ? stored : mergeStates(fromLms.state, stored);
  if (fault === "kept") {
    halted = "kept";
    notices.push({ kind: "kept", text: KEPT_TEXT });
  } else if ((problem === "unavailable" || !storage.probe()) && storage.lmsScope() !== null) {
    notices.push({
      kind: "unavailable",
      text: "This browser is not letting the course keep a working copy of your progress (site storage is turned off or full), so your progress is saved in your LMS only. If a message above says the LMS is not answering, keep this page open until it has gone.",
    });
  } else if (problem === "unavailable" || !storage.probe()) {
    notices.push({
      kind: "unavailable",
      text: "This browser is not letting the course save your progress (site storage is turned off or full). You can go on, but your answers will be lost when you close this page.",
    });
  }
  if (fault === "backed-up") {
    notices.push({
      kind: "reset",
      text:
        problem === "newer"
          ? "Your saved progress was written by a newer version of this course and could not be read here, so progress starts afresh. A copy was kept in this browser."
          : "Your saved progress could not be read (it was damaged), so it has been reset. A copy of the damaged data was kept in this browser.",
    });
  }
  const { state: current, dropped } = reconcile(clean, manifest);
  if (dropped > 0) {
    notices.push({
      kind: "updated",
      text: `The course was updated since your last visit: ${dropped} answer${dropped === 1 ? " was" : "s were"} removed because the question changed or was withdrawn. Your other answers are kept.`,
    });
  }
  state = current;
  // Written as read (not merged): the answers reconcile dropped must not come back.
  persist(manifest.modules);
  storage.onOtherTabWrite(scope, NAME, otherTabWrote);
  return state;
}

export function current() {
  return state;
}

export function courseManifest() {
  return manifest;
}

export function pageNotices() {
  return notices;
}

// Applies a change and saves it merged with whatever another tab stored meanwhile.
export function update(change) {
  if (halted === "replaced") return state; // this page is being reloaded: record nothing
  state = change(state);
  if (!halted) {
    const { state: theirs, fault } = readStored();
    if (fault === "kept") {
      halted = "kept";
      notices.push({ kind: "kept", text: KEPT_TEXT });
    } else {
      state = mergeStates(theirs, state);
      persist(manifest.modules);
    }
  }
  notify();
  return state;
}

// The page is about to reload (it belongs to another build, or shows answers a retake in
// another tab cleared): nothing it does from now on may be recorded.
export function stopRecording() {
  halted = "replaced";
}

export function onChange(listener) {
  listeners.add(listener);
}

function notify(fromOtherTab = false) {
  for (const listener of listeners) listener(state, fromOtherTab);
}

function otherTabWrote() {
  if (halted) return;
  const { state: theirs, fault } = readStored();
  if (fault) return; // reported on this tab's next save
  state = mergeStates(theirs, state);
  notify(true);
}

// Stores the record and mkdocs-quiz's copy of the given modules' answers.
function persist(modules) {
  if (halted) return;
  let ok = storage.writeRecord(scope, NAME, state);
  // mkdocs-quiz's copies only speed up showing answers (showSavedAnswers shows them anyway), so
  // inside an LMS, which keeps the record, a copy that cannot be stored here loses nothing.
  const inLms = storage.lmsScope() !== null;
  for (const module of modules) {
    const copied = storage.writeText(storageKey(pageUrl(module.assessment).pathname), projection(state, module).text);
    if (!inLms) ok = copied && ok;
  }
  const already = notices.some((n) => ["unavailable", "full", "kept"].includes(n.kind));
  if (!ok && !already) {
    notices.push({
      kind: "full",
      text: "Your latest progress could not be saved: this browser's storage is full or turned off. You can go on, but answers given from now on will be lost when you close this page.",
    });
  }
}
