// The course page's side of an LMS launch: when the page runs in the frame of one of the
// package's launch pages (lms/scorm.html, lms/cmi5.html: docs/javascripts/lms-launch.js), that
// page holds the session with the LMS and offers `window.courseLms` to the frame:
//
//   courseLms.kind      "scorm12" or "cmi5"
//   courseLms.scope     where this learner's working copy lives in the browser (the LMS's
//                       learner id or registration, so two learners on one computer never mix)
//   courseLms.record()  the course state the LMS holds (a copy), or null
//   courseLms.save(s)   hands over the new state; the launch page reports it and commits it,
//                       retrying while the LMS does not answer. Returns true once accepted.
//
// Outside a launch frame (the course on its own site) there is no such object, and nothing here
// does anything. A launch page on another origin cannot be reached either: then the course
// works as on its own site, from the browser's storage.

export function lmsStore(win = window) {
  try {
    if (win.parent === win) return null;
    const store = win.parent.courseLms;
    return store && typeof store.save === "function" && typeof store.record === "function" ? store : null;
  } catch {
    return null; // another origin's frame: not ours
  }
}

export function insideLms(win = window) {
  return lmsStore(win) !== null;
}
