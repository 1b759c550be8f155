// The learner's course state for this page session: loaded once, reconciled with the
// course as built, saved after every change, and mirrored into mkdocs-quiz's page keys.

import * as storage from "./storage.js";
import { normalise, quizPageProjection, reconcile } from "./progress.js";
import { pageUrl, siteRoot } from "./site.js";

const NAME = "progress";
const listeners = new Set();
let state = null;
let manifest = null;
let scope = "";
const notices = [];

export function load(courseManifest) {
  manifest = courseManifest;
  scope = siteRoot().pathname; // two courses on one host keep separate records
  const stored = storage.read(scope, NAME);
  if (stored.problem === "unavailable" || !storage.probe()) {
    notices.push({
      kind: "unavailable",
      text: "This browser is not letting the course save your progress (site storage is turned off or full). You can go on, but your answers will be lost when you close this page.",
    });
  }
  const { state: clean, problem } = normalise(stored.problem === "unparseable" ? undefined : stored.value);
  if (stored.problem === "unparseable" || problem) {
    storage.backUp(scope, NAME, stored.value);
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
  persist();
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

export function update(change) {
  state = change(state);
  persist();
  for (const listener of listeners) listener(state);
  return state;
}

export function onChange(listener) {
  listeners.add(listener);
}

function persist() {
  let ok = storage.write(scope, NAME, state);
  for (const module of manifest.modules) {
    ok = storage.writeQuizPage(pageUrl(module.assessment).pathname, quizPageProjection(state, module)) && ok;
  }
  const already = notices.some((n) => n.kind === "unavailable" || n.kind === "full");
  if (!ok && !already) {
    notices.push({
      kind: "full",
      text: "Your latest progress could not be saved: this browser's storage is full or turned off. You can go on, but answers given from now on will be lost when you close this page.",
    });
    for (const listener of listeners) listener(state);
  }
}
