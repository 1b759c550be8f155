// The only module that touches localStorage. Every call is guarded: storage may be
// disabled (privacy settings), full, or hold data another site version wrote.
//
// Inside an LMS (a launch page of the LMS package holds the session: lms-bridge.js), the LMS
// keeps the learner's record and localStorage is the working copy: every record written here
// is also handed to the LMS, so nothing is lost while the LMS is slow or fails, and nothing is
// lost when this browser refuses to store.

import { lmsStore } from "./lms-bridge.js";

const PREFIX = "exosome-cme:";
const lms = lmsStore();

function key(scope, name) {
  return `${PREFIX}${scope}:${name}`;
}

// Returns {value, problem, raw}: problem is "unavailable" when storage cannot be used at all,
// "unparseable" when the text is not JSON. `raw` is the text as stored, for comparisons.
export function read(scope, name) {
  try {
    const raw = window.localStorage.getItem(key(scope, name));
    if (raw === null) return { value: null, problem: null, raw };
    try {
      return { value: JSON.parse(raw), problem: null, raw };
    } catch {
      return { value: raw, problem: "unparseable", raw };
    }
  } catch {
    return { value: null, problem: "unavailable", raw: null };
  }
}

// Returns true when the value was stored.
export function write(scope, name, value) {
  return writeText(key(scope, name), JSON.stringify(value));
}

// Where this learner's working copy lives inside an LMS (its learner id or registration, so
// that two learners on one computer never share it), or null outside one.
export function lmsScope() {
  return lms ? String(lms.scope) : null;
}

// The record the LMS holds (a copy), or null: none, or not inside an LMS.
export function lmsRecord() {
  if (!lms) return null;
  try {
    return lms.record();
  } catch {
    return null;
  }
}

// Writes the learner's record: the working copy here and, inside an LMS, the LMS's copy.
// Returns true when at least one of them kept it.
export function writeRecord(scope, name, value) {
  const local = write(scope, name, value);
  if (!lms) return local;
  try {
    return Boolean(lms.save(value)) || local;
  } catch {
    return local; // the launch page has gone (its window is closing)
  }
}

// Keeps a copy of data we could not use, so a reset never destroys the learner's record.
// Returns false when the copy could not be written (the caller must then leave the original).
export function backUp(scope, name, value) {
  const stamp = new Date().toISOString();
  return write(scope, `${name}:unreadable:${stamp}`, value);
}

export function probe() {
  try {
    const k = `${PREFIX}probe`;
    window.localStorage.setItem(k, "1");
    window.localStorage.removeItem(k);
    return true;
  } catch {
    return false;
  }
}

// A key the course does not own (mkdocs-quiz's: quiz-bridge.js names it and shapes the text).
// An empty text removes the key. Returns true when stored.
export function writeText(fullKey, text) {
  try {
    if (text === "") window.localStorage.removeItem(fullKey);
    else if (window.localStorage.getItem(fullKey) !== text) window.localStorage.setItem(fullKey, text);
    return true;
  } catch {
    return false;
  }
}

// Calls `changed()` when another tab (same browser, same site) writes the record.
export function onOtherTabWrite(scope, name, changed) {
  const watched = key(scope, name);
  window.addEventListener("storage", (event) => {
    if (event.key === watched || event.key === null) changed();
  });
}
