// The cmi5 launch page (lms/cmi5.html?module=<id>): one assignable unit (AU) per module.
//
// The LMS launches it with endpoint, fetch, actor, registration and activityId in the query
// (cmi5 §8.1). The maintained client @xapi/cmi5 (vendored into the package as
// lms/vendor/cmi5.umd.js, the global `Cmi5`) POSTs the fetch URL for the token (§8.2), reads
// LMS.LaunchData from the State API (§10) and builds every statement to the spec: the cmi5 and
// moveOn categories, the LMS's context template (session id, publisher id), the registration,
// masteryScore on passed/failed, the duration. This page decides when to send what:
//   initialized  once the launch data is read (§9.3.2)
//   passed       once per registration (§9.3.4), with result.score (scaled, raw), when the
//                module's score reaches the mastery score (the LMS's, else the pass mark): as
//                soon as every question is answered, or, if the learner passed without answering
//                them all, when the session ends. Sent once, it must carry the final score.
//   failed       when the learner leaves a session in which every question was answered and the
//                score stays below it, unless passed was sent in this registration (§9.3 bars
//                failed after passed, and more than one of passed/failed in a session: sent at
//                the end, a fail followed by a successful retake in the same session is a pass)
//   completed    right after the first passed or failed: the module's assessment was taken in
//                full or passed, so its material was gone through (§9.3.3); once per registration
//   terminated   when the learner presses Exit or the page goes (§9.3.8), always last
// In Browse or Review launch mode only initialized and terminated are sent (§10.2.2).
//
// Statements and the AU's own state document (the course state, and which verdicts were
// sent: the next session must not send passed again) go through an outbox that keeps them, in
// order, until the LRS has taken them: while it does not answer, the page says progress is kept
// in this browser, and keeps trying. When the page goes, what is left is sent with `keepalive`.

import { emptyState, mergeStates, moduleStatus, normalise } from "./progress.js";
import { launchPage, learnerScope, offerStore, openCourse, retrying, say } from "./lms-launch.js";

export const PARAMETERS = ["endpoint", "fetch", "actor", "registration", "activityId"];
// The AU's own state document (xAPI State API, this AU's activityId and the registration).
export const STATE_ID = "exosome-cme-course-state";
const XAPI_VERSION = "1.0.3";

// The launch parameters from the query: {parameters, missing, module}. `missing` names what is
// absent or unusable (an actor that is not JSON is as good as none).
export function readLaunch(search) {
  const query = new URLSearchParams(search);
  const parameters = {};
  const missing = [];
  for (const name of PARAMETERS) {
    const value = query.get(name);
    if (!value) {
      missing.push(name);
    } else if (name === "actor") {
      try {
        parameters.actor = JSON.parse(value);
      } catch {
        missing.push(name);
      }
    } else {
      parameters[name] = value;
    }
  }
  return { parameters, missing, module: query.get("module") || "" };
}

// The module's verdict against the mastery score: {score, verdict} with verdict "passed",
// "failed" (every question answered, below it) or null (not decided yet). scaled is cut, not
// rounded, to 4 decimals: a cut score is never above the mastery score when the exact one is below.
export function verdict(state, module, masteryScore) {
  const status = moduleStatus(state, module);
  const { correct, total, answered } = status;
  const mastery = Number.isFinite(masteryScore) ? masteryScore : module.passMark / 100;
  const scaled = total ? Math.floor((correct * 10000) / total) / 10000 : 0;
  const score = { scaled, raw: correct, min: 0, max: total };
  let decided = null;
  if (total > 0 && correct / total >= mastery) decided = "passed";
  else if (total > 0 && answered === total) decided = "failed";
  // Which attempt: a retake (resetAt) starts another, which may fail again and be reported.
  const attempt = state.modules[module.id]?.resetAt || "first";
  return { score, verdict: decided, attempt, answeredAll: total > 0 && answered === total };
}

const TEXT = {
  missing: (names) => `This page must be opened by your LMS: its address lacks ${names.join(", ")}. Nothing you do here is recorded in an LMS; your progress is kept in this browser. Open the module from your LMS to have it recorded.`,
  noModule: "This launch address names no module of this course. Open the module again from your LMS.",
  waiting: "Your LMS's learning record store is not answering, so your latest progress is kept in this browser until it answers. This page keeps trying; you can go on.",
  refused: (why) => `Your LMS did not let this page record your progress (${why}). Your progress is kept in this browser; open the module again from your LMS.`,
  rejected: (why) => `Your LMS refused part of the record of this session (${why}). Your progress is kept in this browser.`,
  review: "This module was opened for review: the LMS does not record passing or completing it in this visit.",
  done: "The session has ended and your LMS has been told. You can close this window.",
};

class Refused extends Error {} // not worth trying again: say so and stop

export function start(doc = document, win = window) {
  const page = launchPage(doc);
  const launch = readLaunch(win.location.search);
  const module = page.manifest?.modules.find((m) => m.id === launch.module);
  if (!module) {
    say(page, "launch", TEXT.noModule);
    if (page.manifest) openCourse(page, page.startPage);
    return;
  }
  if (launch.missing.length) {
    say(page, "launch", TEXT.missing(launch.missing));
    openCourse(page, module.page);
    return;
  }
  const { parameters } = launch;
  const cmi5 = new globalThis.Cmi5(parameters);
  const outbox = new Outbox(parameters, cmi5);
  let latest = null; // the course state: the LRS's copy merged with every save
  let reported = { passed: false, completed: false, failedAttempt: null };
  let sessionVerdict = null;
  let ready = false; // the launch data and the AU's state document are read
  let ended = false;

  // The fetch URL gives its token once (§8.2.3): a retried launch must reuse it.
  const fetchToken = cmi5.getAuthTokenFromLMS.bind(cmi5);
  let token = null;
  cmi5.getAuthTokenFromLMS = async (url) => {
    if (token) return token;
    let reply;
    try {
      reply = await fetchToken(url);
    } catch (error) {
      if (error?.response) throw new Refused(`the token request answered HTTP ${error.response.status}`);
      throw error; // the LMS could not be reached: try again
    }
    if (!reply) throw new Refused("the LMS gave no access token: the launch link was already used or has expired");
    token = reply;
    return token;
  };
  // Every statement the client builds goes through the outbox, in order.
  cmi5.sendXapiStatement = (statement, options) => {
    const built = typeof options?.transform === "function" ? options.transform(statement) : statement;
    outbox.add(built);
    return Promise.resolve({ data: [built.id] });
  };

  const failed = (reason) => {
    if (reason.startsWith("refused:")) say(page, "refused", TEXT.refused(reason.slice(8)));
    else say(page, "waiting", TEXT.waiting);
  };
  const recovered = () => say(page, "waiting", "");
  outbox.onRejected = (why) => say(page, "rejected", TEXT.rejected(why));
  outbox.retry = retrying(() => outbox.deliver(), failed, recovered);

  const store = offerStore("cmi5", learnerScope("cmi5", parameters.registration), null, (state) => {
    latest = latest ? mergeStates(latest, state) : state;
    report();
    return latest;
  });

  let refusedForGood = false;
  let initialized = false; // initialized is sent once, however often reading the state is retried
  const begin = retrying(async () => {
    if (refusedForGood || ended || ready) return true;
    try {
      if (!initialized) {
        await cmi5.initialize();
        initialized = true;
      }
      const stored = await outbox.readState();
      if (stored) {
        const { state, problem } = normalise(stored.progress);
        if (!problem) latest = latest ? mergeStates(state, latest) : state;
        reported = { ...reported, ...(stored.reported || {}) };
      }
    } catch (error) {
      if (error instanceof Refused) {
        refusedForGood = true;
        throw new Error(`refused:${error.message}`);
      }
      throw error;
    }
    ready = true;
    store.setRecord(latest);
    if (cmi5.getLaunchData().launchMode !== "Normal") say(page, "review", TEXT.review);
    report();
    outbox.retry();
    return true;
  }, failed, recovered);

  function normalMode() {
    return cmi5.getLaunchData()?.launchMode === "Normal";
  }

  // Sends what the state now decides (passed, then completed), and the state document.
  function report() {
    if (!ready || ended || !latest) return;
    const { score, verdict: decided, answeredAll } = verdict(latest, module,
      cmi5.getLaunchData().masteryScore);
    if (decided === "passed" && answeredAll) pass(score);
    outbox.putState({ progress: latest, reported });
    outbox.retry();
  }

  function pass(score) {
    if (!normalMode() || reported.passed || sessionVerdict) return;
    cmi5.pass(score);
    sessionVerdict = "passed";
    reported = { ...reported, passed: true };
    complete();
  }

  function complete() {
    if (reported.completed) return;
    cmi5.complete();
    reported = { ...reported, completed: true };
  }

  // Ends the session: passed or failed (see the header) and completed if due, then terminated.
  function end(keepalive) {
    if (ended || !initialized) return;
    if (!ready) { // initialized went, the state could not be read: the session still ends
      cmi5.terminate();
      ended = true;
      if (keepalive) outbox.flush();
      else outbox.retry();
      return;
    }
    const { score, verdict: decided, attempt } = verdict(latest || emptyState(), module,
      cmi5.getLaunchData().masteryScore);
    if (decided === "passed") pass(score);
    if (normalMode() && decided === "failed" && !reported.passed && !sessionVerdict &&
        reported.failedAttempt !== attempt) {
      cmi5.fail(score);
      sessionVerdict = "failed";
      reported = { ...reported, failedAttempt: attempt };
      complete();
    }
    if (latest) outbox.putState({ progress: latest, reported });
    cmi5.terminate();
    ended = true;
    if (keepalive) outbox.flush();
    else outbox.retry();
  }

  const exit = doc.querySelector("[data-lms-exit]");
  exit.hidden = false;
  say(page, "exit", ""); // shows the bar with its button
  exit.addEventListener("click", async () => {
    exit.disabled = true;
    end(false);
    await outbox.drained();
    const back = cmi5.getLaunchData()?.returnURL;
    if (back) win.location.assign(back);
    else say(page, "done", TEXT.done);
  });
  win.addEventListener("pagehide", () => end(true));

  openCourse(page, module.page);
  begin();
}

// Statements and the state document on their way to the LRS.
export class Outbox {
  constructor(parameters, cmi5) {
    this.parameters = parameters;
    this.cmi5 = cmi5;
    this.statements = [];
    this.state = null; // the newest state document not yet stored
    this.retry = () => {};
    this.onRejected = () => {};
    this.waiters = [];
  }

  add(statement) {
    this.statements.push(statement);
  }

  putState(document) {
    this.state = JSON.parse(JSON.stringify(document));
  }

  stateUrl() {
    const { endpoint, activityId, actor, registration } = this.parameters;
    const url = new URL("activities/state", endpoint.endsWith("/") ? endpoint : `${endpoint}/`);
    url.search = new URLSearchParams({
      activityId, agent: JSON.stringify(actor), registration, stateId: STATE_ID,
    }).toString();
    return url.href;
  }

  headers() {
    return {
      Authorization: `Basic ${this.cmi5.getAuthToken()}`,
      "X-Experience-API-Version": XAPI_VERSION,
      "Content-Type": "application/json",
    };
  }

  // The AU's state document, or null when there is none yet.
  async readState() {
    const reply = await fetch(this.stateUrl(), { headers: this.headers(), cache: "no-store" });
    if (reply.status === 404) return null;
    if (!reply.ok) throw new Error(`HTTP ${reply.status}`);
    return reply.json();
  }

  // Sends everything waiting, statements first (in one request, in order). True when all went.
  async deliver() {
    if (!this.cmi5.getAuthToken()) return this.statements.length === 0 && this.state === null;
    if (this.statements.length) {
      const batch = this.statements.slice();
      const reply = await fetch(new URL("statements", this.endpoint()).href, {
        method: "POST", headers: this.headers(), body: JSON.stringify(batch),
      });
      // 409: the LRS has these ids already (an earlier answer was lost on the way back)
      if (reply.ok || reply.status === 409) {
        this.statements.splice(0, batch.length);
      } else if (reply.status >= 400 && reply.status < 500) {
        this.statements.splice(0, batch.length); // it will never take them: do not block the rest
        this.onRejected(`HTTP ${reply.status}`);
      } else {
        throw new Error(`HTTP ${reply.status}`);
      }
    }
    if (this.state) {
      const sent = this.state;
      const reply = await fetch(this.stateUrl(), { method: "PUT", headers: this.headers(), body: JSON.stringify(sent) });
      if (!reply.ok) throw new Error(`HTTP ${reply.status}`);
      if (this.state === sent) this.state = null;
    }
    const done = this.statements.length === 0 && this.state === null;
    if (done) for (const resolve of this.waiters.splice(0)) resolve();
    return done;
  }

  endpoint() {
    const { endpoint } = this.parameters;
    return endpoint.endsWith("/") ? endpoint : `${endpoint}/`;
  }

  drained() {
    if (this.statements.length === 0 && this.state === null) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  // The page is going: hand what is left to the browser, which sends it after the page has gone.
  flush() {
    if (!this.cmi5.getAuthToken()) return;
    if (this.statements.length) {
      fetch(new URL("statements", this.endpoint()).href, {
        method: "POST", headers: this.headers(), body: JSON.stringify(this.statements), keepalive: true,
      }).catch(() => {});
    }
    if (this.state) {
      fetch(this.stateUrl(), { method: "PUT", headers: this.headers(), body: JSON.stringify(this.state), keepalive: true })
        .catch(() => {});
    }
  }
}
