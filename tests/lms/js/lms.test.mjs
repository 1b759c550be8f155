// Unit tests of the LMS launch pages' pure parts (docs/javascripts/lms-*.js), run by `node --test`
// from tests/lms/test_lms_js.py. The full course's state is measured here too.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import {
  claimCertificate, courseStatus, emptyState, normalise, recordAnswer, recordReview, reconcile,
  resetModule, submitEvaluation, submitPretest,
} from "../../../docs/javascripts/progress.js";
import { decode, encode } from "../../../docs/javascripts/lms-suspend-data.js";
import { OBJECTIVE_STATUS, findApi, scormValues, timespan } from "../../../docs/javascripts/lms-scorm.js";
import { readLaunch, verdict } from "../../../docs/javascripts/lms-cmi5.js";

// The real course's manifest when the test is given one (a built site's), else a made-up one.
const manifestFile = process.env.COURSE_MANIFEST;
const manifest = manifestFile
  ? JSON.parse(readFileSync(manifestFile, "utf8").replace(/^[\s\S]*?globalThis\.courseManifest = /, "").replace(/;\s*$/, ""))
  : {
    course: { title: "T" },
    modules: ["a", "b"].map((id) => ({
      id, passMark: 70,
      questions: Array.from({ length: 10 }, (_, i) => ({ id: `${id}-q${i}`, version: `${i}f3e0a9c1b2${i}` })),
    })),
  };

const start = Date.parse("2026-11-25T09:00:00.000Z");
const minute = (n) => new Date(start + n * 60000 + (n % 7) * 137); // milliseconds matter

// A learner who did everything: every question answered (some wrongly, some multiple-choice),
// a retake, the evaluation with free text, a certificate with PARS details, a pre-test, a review.
function fullState() {
  let s = emptyState();
  let n = 0;
  for (const m of manifest.modules) {
    m.questions.forEach((q, i) => {
      const selected = i % 4 === 0 ? ["0", "2"] : [String(i % 4)];
      s = recordAnswer(s, m.id, q, { correct: i % 5 !== 0, selected }, minute(n++));
    });
  }
  const first = manifest.modules[0];
  s = resetModule(s, first.id, minute(n++));
  first.questions.forEach((q) => { s = recordAnswer(s, first.id, q, { correct: true, selected: ["1"] }, minute(n++)); });
  s = submitPretest(s, first.id, Object.fromEntries(first.questions.slice(0, 4).map((q) => [q.id, { version: q.version, correct: false, selected: ["3"] }])), minute(n++));
  s = recordReview(s, first.id, "7", first.questions[0], ["1"], true, minute(n++));
  s = submitEvaluation(s, {
    objectives: "4", relevance: "5", balance: "4", change: "yes", bias: "no",
    "commitment-1": "Check the IND number and the product's registration status before any referral for exosome treatment.",
    "commitment-2": "Tell patients that evidence for skin rejuvenation is from small, industry-funded trials.",
    comments: "Clear and balanced. I would have liked more on adverse events reported to regulators, and a table of the products on the market with their status. Ünïcode too: “quoted”.",
  }, minute(n++));
  s = claimCertificate(s, {
    name: "Dr. Maria-José Fernández-Oyelaran", credentials: "MD, FAAD", credits: 4.25,
    pars: { consentToReport: true, firstName: "Maria-José", lastName: "Fernández-Oyelaran", birthMonth: 3, birthDay: 14, licenses: [{ state: "CA", number: "A123456" }, { state: "NY", number: "298765" }], boardId: "" },
  }, minute(n++), "EXO-ABCD-EFGH-JKLM");
  return s;
}

test("the full course's state comes back from its text exactly (selections as sets)", () => {
  const state = fullState();
  const text = encode(state, manifest);
  const { state: back, problem } = decode(text, manifest);
  assert.equal(problem, null);
  const sorted = (s) => JSON.parse(JSON.stringify(s, (k, v) => (k === "selected" ? [...v].sort() : v)));
  assert.deepEqual(sorted(normalise(back).state), sorted(normalise(state).state));
  assert.deepEqual(back.pretests, state.pretests);
  assert.deepEqual(sorted(back.reviews), sorted(state.reviews));
  assert.deepEqual(courseStatus(back, manifest), courseStatus(state, manifest));
  const questions = manifest.modules.reduce((n, m) => n + m.questions.length, 0);
  // Printed for README.md: the measurement of the full course's state.
  console.log(`MEASURE questions=${questions} json=${JSON.stringify(state).length} encoded=${text.length}`);
  assert.ok(text.length < JSON.stringify(state).length / 2);
  if (manifestFile) assert.ok(text.length <= 4096, `${text.length} characters`);
});

test("a retake and an answer in the same second keep their order", () => {
  const [m] = manifest.modules;
  let s = recordAnswer(emptyState(), m.id, m.questions[0], { correct: false, selected: ["0"] }, new Date(start));
  s = resetModule(s, m.id, new Date(start + 300));
  s = recordAnswer(s, m.id, m.questions[0], { correct: true, selected: ["1"] }, new Date(start + 700));
  const back = decode(encode(s, manifest), manifest).state;
  assert.equal(back.modules[m.id].resetAt, s.modules[m.id].resetAt);
  assert.equal(back.modules[m.id].answers[m.questions[0].id].at, s.modules[m.id].answers[m.questions[0].id].at);
});

test("answers to changed questions are dropped and counted; moved questions keep theirs", () => {
  const [m] = manifest.modules;
  let s = emptyState();
  m.questions.slice(0, 3).forEach((q, i) => { s = recordAnswer(s, m.id, q, { correct: true, selected: ["0"] }, minute(i)); });
  const text = encode(s, manifest);
  // The educator edits question 0 and inserts a new question before question 1.
  const edited = { ...m, questions: [{ ...m.questions[0], version: "zzz999" }, { id: "new", version: "abc123" }, ...m.questions.slice(1)] };
  const changed = { ...manifest, modules: [edited, ...manifest.modules.slice(1)] };
  const { state, problem } = decode(text, changed);
  assert.equal(problem, null);
  const { state: kept, dropped } = reconcile(normalise(state).state, changed);
  assert.equal(dropped, 1);
  assert.deepEqual(Object.keys(kept.modules[m.id].answers).sort(), [m.questions[1].id, m.questions[2].id].sort());
});

test("anything the codec does not know travels as it is", () => {
  const s = { ...emptyState(), futureField: { a: [1, 2] } };
  s.modules[manifest.modules[0].id] = { answers: { stray: { version: "x", correct: true, selected: [], at: "soon" } }, note: "kept" };
  const back = decode(encode(s, manifest), manifest).state;
  assert.deepEqual(back.futureField, { a: [1, 2] });
  assert.deepEqual(back.modules[manifest.modules[0].id], s.modules[manifest.modules[0].id]);
});

test("text the codec did not write, or a newer course's, is refused, not misread", () => {
  assert.equal(decode("", manifest).problem, "empty");
  assert.equal(decode("{\"format\":1}", manifest).problem, "unreadable");
  assert.equal(decode("c1~1~0~a0=zz~", manifest).problem, "unreadable");
  assert.equal(decode("c1~2~0~~", manifest).problem, "newer");
  assert.equal(decode(encode(emptyState(), manifest), manifest).problem, null);
});

test("SCORM: objectives per module, the mean score, passed only when all is done", () => {
  let s = emptyState();
  const [a] = manifest.modules;
  a.questions.forEach((q, i) => { s = recordAnswer(s, a.id, q, { correct: true, selected: ["0"] }, minute(i)); });
  const values = new Map(scormValues(s, manifest));
  assert.equal(values.get("cmi.objectives.0.id"), a.id);
  assert.equal(values.get("cmi.objectives.0.status"), "passed");
  assert.equal(values.get("cmi.objectives.0.score.raw"), "100");
  assert.equal(values.get("cmi.objectives.1.status"), "not attempted");
  assert.equal(values.get("cmi.core.score.raw"), String(Math.round(100 / manifest.modules.length)));
  assert.equal(values.get("cmi.core.lesson_status"), "incomplete");
  assert.equal(values.get("cmi.core.exit"), "suspend");
  const done = new Map(scormValues(fullState(), manifest));
  assert.equal(done.get("cmi.core.lesson_status"), courseStatus(fullState(), manifest).complete ? "passed" : "incomplete");
  assert.deepEqual(Object.keys(OBJECTIVE_STATUS).sort(), ["failed", "in-progress", "not-started", "passed"]);
  assert.equal(timespan(3723500), "0001:02:03.00");
});

test("SCORM: the API is found above the page, or above its opener", () => {
  const api = { LMSInitialize() {} };
  const top = { API: api };
  top.parent = top;
  const middle = { parent: top };
  assert.equal(findApi({ parent: middle }), api);
  const lonely = { opener: { parent: top } };
  lonely.parent = lonely;
  assert.equal(findApi(lonely), api);
});

test("cmi5: launch parameters, and a verdict against the mastery score", () => {
  const search = `?module=x&endpoint=${encodeURIComponent("http://lrs/xapi/")}&fetch=f&registration=r&activityId=a&actor=${encodeURIComponent("{\"account\":{}}")}`;
  assert.deepEqual(readLaunch(search).missing, []);
  assert.deepEqual(readLaunch("?module=x&actor=%7Bbad").missing, ["endpoint", "fetch", "actor", "registration", "activityId"]);
  const m = { id: "m", passMark: 70, questions: Array.from({ length: 3 }, (_, i) => ({ id: `q${i}`, version: `v${i}` })) };
  let s = emptyState();
  s = recordAnswer(s, "m", m.questions[0], { correct: true, selected: ["0"] }, minute(0));
  assert.equal(verdict(s, m).verdict, null);
  s = recordAnswer(s, "m", m.questions[1], { correct: true, selected: ["0"] }, minute(1));
  assert.equal(verdict(s, m).verdict, null); // 2/3 = 0.6666 < 0.7
  assert.equal(verdict(s, m, 0.6).verdict, "passed"); // the LMS's mastery score rules
  s = recordAnswer(s, "m", m.questions[2], { correct: false, selected: ["1"] }, minute(2));
  const failed = verdict(s, m);
  assert.deepEqual([failed.verdict, failed.score], ["failed", { scaled: 0.6666, raw: 2, min: 0, max: 3 }]);
});
