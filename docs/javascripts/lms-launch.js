// What both LMS launch pages share (lms/scorm.html and lms/cmi5.html in the packages, written
// by hooks/lms_package.py from hooks/templates/lms/launch.html): the course shown in a frame
// beneath the page, the line that tells the learner what the LMS is doing, the `courseLms`
// object the course's pages find (lms-bridge.js), and retrying what the LMS did not take.
//
// Why a launch page around the course: an LMS session lasts as long as the page that opened
// it (SCORM 1.2: one LMSInitialize, one LMSFinish; cmi5: initialized ... terminated), while the
// course is many pages. The pages change inside the frame; the session stays here.

// The package's root: the launch pages live in lms/.
const packageRoot = () => new URL("../", document.baseURI);

// The launch page as the template wrote it: {manifest, limit, startPage, bar, status, frame}.
export function launchPage(doc = document) {
  const body = doc.body;
  return {
    manifest: globalThis.courseManifest && Array.isArray(globalThis.courseManifest.modules)
      ? globalThis.courseManifest : null,
    limit: Number(body.dataset.suspendDataLimit) || 0,
    startPage: body.dataset.startPage || "index.html",
    bar: doc.querySelector("[data-lms-bar]"),
    status: doc.querySelector("[data-lms-status]"),
    frame: doc.querySelector("iframe[data-lms-course]"),
  };
}

// Shows or clears the message of one kind; several kinds can show at once, each once.
export function say(page, kind, text) {
  let line = page.status.querySelector(`[data-message="${kind}"]`);
  if (!text) {
    line?.remove();
  } else {
    if (!line) {
      line = document.createElement("p");
      line.dataset.message = kind;
      page.status.append(line);
    }
    if (line.textContent !== text) line.textContent = text;
  }
  page.bar.hidden = page.status.children.length === 0 && !page.bar.querySelector("button:not([hidden])");
}

// A page of the course, as a path inside the package ("modules/01-x.html"), or null for a page
// outside it (the learner followed a link elsewhere).
export function packagePath(url) {
  const root = packageRoot();
  const absolute = new URL(url, root);
  if (absolute.origin !== root.origin || !absolute.pathname.startsWith(root.pathname)) return null;
  return absolute.pathname.slice(root.pathname.length) + absolute.search + absolute.hash;
}

// Opens the course in the frame at `path` (inside the package) and calls `visited(path)` after
// every page that loads there. Links to other sites open in a new tab: in the frame they would
// take the course away (and many sites refuse to be framed).
export function openCourse(page, path, visited = () => {}) {
  page.frame.addEventListener("load", () => {
    let where = null;
    try {
      where = packagePath(page.frame.contentWindow.location.href);
      page.frame.contentDocument.addEventListener("click", (event) => {
        const link = event.target.closest?.("a[href]");
        if (!link || event.defaultPrevented) return;
        const target = new URL(link.href, page.frame.contentWindow.location.href);
        if (target.origin !== packageRoot().origin) {
          event.preventDefault();
          window.open(target.href, "_blank", "noopener");
        }
      });
    } catch {
      return; // not the course's page: nothing to watch
    }
    if (where) visited(where);
  });
  page.frame.src = new URL(path, packageRoot()).href;
}

// Offers the course's pages in the frame the LMS-backed store (see lms-bridge.js). `accept`
// receives every state the course saves; `record` is the state the LMS held at launch, and
// setRecord() replaces it when the LMS's copy arrives later (cmi5 reads it over the network).
export function offerStore(kind, scope, record, accept) {
  let latest = record ? copy(record) : null;
  const store = { setRecord: (state) => { latest = state ? copy(state) : latest; } };
  window.courseLms = Object.freeze({
    kind,
    scope,
    record: () => (latest ? copy(latest) : null),
    save: (state) => {
      // A plain copy: the frame's page (and its objects) may go at any time. `accept` may
      // return the state merged with what the LMS holds: the next page then starts from that.
      const saved = copy(state);
      const merged = accept(copy(saved));
      latest = merged ? copy(merged) : saved;
      return true;
    },
  });
  return store;
}

// Where the working copy of this learner's progress lives in the browser: the package (two
// courses on one LMS) and the learner as the LMS names them.
export function learnerScope(kind, learner) {
  return `${packageRoot().pathname}lms:${kind}:${learner}`;
}

const copy = (value) => JSON.parse(JSON.stringify(value));

// Runs `attempt` (returns true, or a promise of true, when the LMS took everything) now and,
// while it fails, again after 2, 4, 8 … up to 15 seconds; `failed(reason)` and `recovered()`
// are called as that changes. Calling the returned function asks for a new attempt now (a new
// change to send): that does not lengthen the wait, which only grows between timed attempts.
export function retrying(attempt, failed, recovered, { first = 2000, longest = 15000 } = {}) {
  let delay = first;
  let timer = null;
  let failing = false;
  let running = null;
  let again = false;
  async function run(timed = false) {
    if (running) {
      again = true; // one more attempt once this one is done, with the newest data
      return running;
    }
    clearTimeout(timer);
    timer = null;
    running = (async () => {
      let ok = false;
      let reason = "";
      try {
        ok = (await attempt()) === true;
      } catch (error) {
        reason = String(error?.message || error);
      }
      if (ok) {
        delay = first;
        if (failing) {
          failing = false;
          recovered();
        }
      } else {
        failing = true;
        failed(reason);
        if (timed) delay = Math.min(delay * 2, longest);
        timer = setTimeout(() => run(true), delay);
      }
    })();
    await running;
    running = null;
    if (again) {
      again = false;
      await run();
    }
  }
  return () => run(false);
}
