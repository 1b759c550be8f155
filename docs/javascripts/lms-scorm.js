// The SCORM 1.2 launch page (lms/scorm.html): the course as one SCO.
//
// Finds the LMS's API (the SCORM 1.2 discovery algorithm), calls LMSInitialize once, shows the
// course in the frame beneath, and after every change the course saves reports it and calls
// LMSCommit:
//   cmi.objectives.n   one per module, in course order: id (the module id), score.raw (its
//                      percentage), status (passed, failed, incomplete or not attempted)
//   cmi.core.score.raw the mean of the module percentages (a module not started counts 0)
//   cmi.core.lesson_status  "passed" once every module is passed and the evaluation is
//                      submitted, "incomplete" until then (a failed module can be retaken, so
//                      the course itself is never "failed")
//   cmi.suspend_data   the learner's state, written short (lms-suspend-data.js)
//   cmi.core.lesson_location  the page the learner is on, to open it again next time
//   cmi.core.exit      "suspend" until the course is complete, so the LMS keeps the data
// LMSFinish is called when the launch page goes (the learner leaves or the LMS closes it).

import { courseStatus } from "./progress.js";
import { decode, encode } from "./lms-suspend-data.js";
import { launchPage, learnerScope, offerStore, openCourse, packagePath, retrying, say } from "./lms-launch.js";

export const OBJECTIVE_STATUS = {
  passed: "passed", failed: "failed", "in-progress": "incomplete", "not-started": "not attempted",
};

// SCORM 1.2 RTE, API discovery: the API object is named `API` on a window above this one (its
// parent, or theirs), or above the window that opened it.
export function findApi(win) {
  const climb = (start) => {
    let w = start;
    for (let tries = 0; w && tries < 500; tries += 1) {
      try {
        if (w.API && typeof w.API.LMSInitialize === "function") return w.API;
      } catch {
        // a window of another origin: go on above it
      }
      if (w.parent === w) break;
      w = w.parent;
    }
    return null;
  };
  return climb(win) ?? (win.opener ? climb(win.opener) : null);
}

// What the course reports, as [element, value] pairs in the order they must be set (an
// objective's id before its other elements).
export function scormValues(state, manifest) {
  const status = courseStatus(state, manifest);
  const values = [];
  status.modules.forEach((m, n) => {
    values.push(
      [`cmi.objectives.${n}.id`, m.id],
      [`cmi.objectives.${n}.score.min`, "0"],
      [`cmi.objectives.${n}.score.max`, "100"],
      [`cmi.objectives.${n}.score.raw`, String(m.score)],
      [`cmi.objectives.${n}.status`, OBJECTIVE_STATUS[m.status]],
    );
  });
  const mean = status.modules.length
    ? Math.round(status.modules.reduce((sum, m) => sum + m.score, 0) / status.modules.length) : 0;
  values.push(
    ["cmi.core.score.min", "0"],
    ["cmi.core.score.max", "100"],
    ["cmi.core.score.raw", String(mean)],
    ["cmi.core.lesson_status", status.complete ? "passed" : "incomplete"],
    ["cmi.core.exit", status.complete ? "" : "suspend"],
  );
  return values;
}

// CMITimespan: HHHH:MM:SS.SS
export function timespan(ms) {
  const s = Math.max(0, Math.floor(ms / 1000));
  const pad = (n, w) => String(n).padStart(w, "0");
  return `${pad(Math.min(9999, Math.floor(s / 3600)), 4)}:${pad(Math.floor(s / 60) % 60, 2)}:${pad(s % 60, 2)}.00`;
}

const TEXT = {
  noApi: "This page did not find your LMS (no SCORM 1.2 connection), so nothing is recorded in an LMS: your progress is kept in this browser only. To get credit, open the course from your LMS.",
  refused: (e) => `Your LMS did not start the session (${e}). Your progress is kept in this browser; open the course again from your LMS to have it recorded.`,
  waiting: "Your LMS is not answering, so your latest progress is kept in this browser until it answers. This page keeps trying; you can go on.",
  unreadable: "The progress your LMS keeps for this course could not be read here (it may have been written by a newer version of the course), so it is left as it is in the LMS, and this page does not replace it. Your scores and status are still recorded; your answers are kept in this browser.",
  tooLarge: (n, limit) => `Your progress is now ${n.toLocaleString("en-US")} characters long and this LMS keeps at most ${limit.toLocaleString("en-US")} for a course (SCORM 1.2), so it cannot keep all of it. Your scores and status are still recorded in the LMS, and your answers are kept in this browser: finish the course in this browser, or ask your provider for the course's cmi5 version.`,
};

function errorText(api) {
  const code = api.LMSGetLastError();
  return `error ${code}: ${api.LMSGetErrorString(code) || "no description"}`;
}

export function start(doc = document, win = window) {
  const page = launchPage(doc);
  if (!page.manifest) {
    say(page, "broken", "The course did not load completely: reload this page.");
    return;
  }
  const api = findApi(win);
  if (!api) {
    say(page, "no-lms", TEXT.noApi);
    openCourse(page, page.startPage);
    return;
  }
  if (String(api.LMSInitialize("")) !== "true") {
    say(page, "no-lms", TEXT.refused(errorText(api)));
    openCourse(page, page.startPage);
    return;
  }
  const began = Date.now();
  const learner = api.LMSGetValue("cmi.core.student_id") || "learner";
  const location = api.LMSGetValue("cmi.core.lesson_location");
  const { state: record, problem } = decode(api.LMSGetValue("cmi.suspend_data"), page.manifest);
  const keepLmsCopy = problem === "unreadable" || problem === "newer"; // never overwrite it
  if (keepLmsCopy) say(page, "unreadable", TEXT.unreadable);

  let latest = record;
  let where = packagePath(location || "") ? location : "";
  let finished = false;
  const sent = new Map(); // what the LMS has taken, so that only changes are set again

  function attempt() {
    if (finished || !latest) return true;
    const values = scormValues(latest, page.manifest);
    if (where) values.push(["cmi.core.lesson_location", where.slice(0, 255)]);
    if (!keepLmsCopy) {
      const text = encode(latest, page.manifest);
      if (text.length <= page.limit) {
        values.push(["cmi.suspend_data", text]);
        say(page, "too-large", "");
      } else {
        say(page, "too-large", TEXT.tooLarge(text.length, page.limit));
      }
    }
    const changed = values.filter(([element, value]) => sent.get(element) !== value);
    if (changed.length === 0) return true;
    for (const [element, value] of changed) {
      if (String(api.LMSSetValue(element, value)) !== "true") throw new Error(`${element}: ${errorText(api)}`);
    }
    if (String(api.LMSCommit("")) !== "true") throw new Error(errorText(api));
    for (const [element, value] of changed) sent.set(element, value);
    return true;
  }
  const commit = retrying(attempt, () => say(page, "waiting", TEXT.waiting), () => say(page, "waiting", ""));

  offerStore("scorm12", learnerScope("scorm12", learner), record, (state) => {
    latest = state;
    commit();
  });
  openCourse(page, where || page.startPage, (path) => {
    where = path;
    commit();
  });

  win.addEventListener("pagehide", () => {
    if (finished) return;
    try {
      attempt();
    } catch {
      // the last values could not be set: LMSFinish still ends the session properly
    }
    finished = true;
    api.LMSSetValue("cmi.core.session_time", timespan(Date.now() - began));
    api.LMSFinish("");
  });
}
