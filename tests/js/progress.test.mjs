// Unit tests of the pure progress logic (docs/javascripts/progress.js), run by `node --test`.
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  claimCertificate, commitments, completionRecord, courseStatus, emptyState, mergeStates, moduleStatus,
  newCertificateId, nextStep, normalise, recordAnswer, reconcile, resetModule, submitEvaluation,
  submitFollowUp, submitPretest, pretestGain, dueReviews, recordReview,
} from "../../docs/javascripts/progress.js";
import { projection, SIZE_LIMIT } from "../../docs/javascripts/quiz-bridge.js";

const module = (id, n, passMark = 70) => ({
  id, title: id, number: 1, passMark, page: `${id}/`, assessment: `${id}/assessment/`,
  questions: Array.from({ length: n }, (_, i) => ({ id: `${id}-q${i}`, version: `v${i}` })),
});
const manifest = { course: { title: "T", version: "1.0" }, modules: [module("a", 10), module("b", 3)] };
const now = new Date("2026-11-25T10:00:00Z");

function answerAll(state, m, wrong = 0) {
  return m.questions.reduce(
    (s, q, i) => recordAnswer(s, m.id, q, { correct: i >= wrong, selected: ["0"] }, now), state);
}

test("a module passes when correct answers reach the pass mark", () => {
  const [a] = manifest.modules;
  assert.equal(moduleStatus(answerAll(emptyState(), a, 3), a).status, "passed"); // 7/10
  const failed = moduleStatus(answerAll(emptyState(), a, 4), a); // 6/10
  assert.deepEqual([failed.status, failed.score, failed.needed], ["failed", 60, 7]);
  const partial = recordAnswer(emptyState(), "a", a.questions[0], { correct: true, selected: [] }, now);
  assert.equal(moduleStatus(partial, a).status, "in-progress");
});

test("reconcile keeps unchanged answers and drops changed or removed ones", () => {
  const [a] = manifest.modules;
  const state = answerAll(emptyState(), a);
  const changed = { ...manifest, modules: [{ ...a, questions: [{ id: "a-q0", version: "NEW" }, ...a.questions.slice(1, 9)] }] };
  const { state: next, dropped } = reconcile(state, changed);
  assert.equal(dropped, 2); // a-q0 changed, a-q9 removed
  assert.deepEqual(Object.keys(next.modules.a.answers).sort(), a.questions.slice(1, 9).map((q) => q.id).sort());
  assert.equal(moduleStatus(next, changed.modules[0]).correct, 8);
});

test("normalise rejects foreign, damaged and newer data", () => {
  assert.equal(normalise(null).problem, null);
  assert.equal(normalise({ format: "other" }).problem, "corrupt");
  assert.equal(normalise([1, 2]).problem, "corrupt");
  assert.equal(normalise({ format: "exosome-cme-progress", version: 99, modules: {} }).problem, "newer");
  const damaged = normalise({ format: "exosome-cme-progress", version: 1, modules: { a: { answers: { q: 5 } } } });
  assert.equal(damaged.problem, "corrupt");
  const good = answerAll(emptyState(), manifest.modules[1]);
  assert.deepEqual(normalise(JSON.parse(JSON.stringify(good))), { state: good, problem: null });
});

test("reset clears one module only", () => {
  let state = answerAll(emptyState(), manifest.modules[0]);
  state = answerAll(state, manifest.modules[1]);
  state = resetModule(state, "a", now);
  assert.deepEqual(state.modules.a, { answers: {}, resetAt: now.toISOString() });
  assert.equal(Object.keys(state.modules.b.answers).length, 3);
});

test("the course completes with every module passed and the evaluation done", () => {
  let state = answerAll(answerAll(emptyState(), manifest.modules[0]), manifest.modules[1]);
  assert.deepEqual(nextStep(courseStatus(state, manifest)), { kind: "evaluation" });
  state = { ...state, evaluation: { answers: {}, submittedAt: "2026-11-26T09:00:00.000Z" } };
  const status = courseStatus(state, manifest);
  assert.equal(status.complete, true);
  assert.equal(status.completedAt, "2026-11-26T09:00:00.000Z");
  assert.equal(nextStep(status).kind, "certificate");
});

test("mkdocs-quiz sees each answer at the question's current position", () => {
  const [a] = manifest.modules;
  const state = recordAnswer(emptyState(), "a", a.questions[2], { correct: false, selected: ["1"] }, now);
  assert.deepEqual(JSON.parse(projection(state, a).text), { "quiz-2": { answered: true, correct: false, selectedValues: ["1"] } });
  assert.equal(projection(emptyState(), a).text, ""); // nothing answered: the key is removed
});

test("mkdocs-quiz's copy stays under its size limit however large the bank", () => {
  const big = module("big", 1000);
  const state = big.questions.reduce(
    (s, q, i) => recordAnswer(s, "big", q, { correct: i % 2 === 0, selected: ["0", "3"] }, now), emptyState());
  const { text, size, full } = projection(state, big);
  assert.ok(full > SIZE_LIMIT, `a full copy of 1,000 answers is ${full} characters`);
  assert.ok(size <= SIZE_LIMIT && text.length === size);
  const kept = Object.keys(JSON.parse(text));
  assert.deepEqual(kept, big.questions.slice(0, kept.length).map((_, i) => `quiz-${i}`)); // in page order
});

const at = (minute) => new Date(Date.UTC(2026, 10, 25, 10, minute));

test("merging two tabs' records keeps every answer, the later of two answers wins", () => {
  const [a, b] = manifest.modules;
  const tabA = answerAll(emptyState(), a);
  const tabB = recordAnswer(emptyState(), "b", b.questions[0], { correct: true, selected: ["0"] }, now);
  const merged = mergeStates(tabA, tabB);
  assert.equal(moduleStatus(merged, a).status, "passed");
  assert.equal(moduleStatus(merged, b).answered, 1);
  const first = recordAnswer(emptyState(), "b", b.questions[1], { correct: false, selected: ["1"] }, at(1));
  const second = recordAnswer(emptyState(), "b", b.questions[1], { correct: true, selected: ["0"] }, at(2));
  for (const m of [mergeStates(first, second), mergeStates(second, first)]) {
    assert.deepEqual(m.modules.b.answers["b-q1"].selected, ["0"]);
  }
});

test("a merge never loses an evaluation or a certificate; a retake is not undone by an old tab", () => {
  const [a] = manifest.modules;
  const old = answerAll(emptyState(), a); // a tab opened before everything below
  let done = submitEvaluation(answerAll(emptyState(), a), {}, at(5));
  done = claimCertificate(done, { name: "A", credentials: "", credits: null }, at(6), "EXO-1");
  const merged = mergeStates(done, recordAnswer(old, "b", manifest.modules[1].questions[0], { correct: true, selected: [] }, at(7)));
  assert.equal(merged.evaluation.submittedAt, at(5).toISOString());
  assert.equal(merged.certificate.id, "EXO-1");
  const renamed = claimCertificate(merged, { name: "B", credentials: "", credits: null }, at(8), "EXO-2");
  assert.deepEqual([mergeStates(merged, renamed).certificate.name, mergeStates(renamed, merged).certificate.id], ["B", "EXO-1"]);
  const retaken = resetModule(merged, "a", at(9));
  const afterOld = mergeStates(retaken, old); // the old tab still holds the answers in memory
  assert.equal(moduleStatus(afterOld, a).answered, 0);
  const again = recordAnswer(afterOld, "a", a.questions[0], { correct: true, selected: ["0"] }, at(10));
  assert.equal(moduleStatus(mergeStates(again, retaken), a).answered, 1);
  assert.equal(normalise(JSON.parse(JSON.stringify(again))).problem, null); // resetAt is stored
});

test("completion record and certificate id", () => {
  const state = answerAll(answerAll(emptyState(), manifest.modules[0]), manifest.modules[1]);
  const record = completionRecord(state, manifest, { accredited: false, creditType: "" }, now);
  assert.equal(record.modules[0].answers.length, 10);
  assert.deepEqual(record.modules[0].answers[0].selected, ["0"]); // a provider can re-check
  assert.deepEqual(record.credit, { accredited: false, type: null, claimed: null });
  const said = completionRecord(state, { ...manifest, course: { ...manifest.course, preview: true, statement: "Self-reported." } },
    { accredited: false, creditType: "" }, now);
  assert.equal(said.statement, "Self-reported.");
  assert.equal(said.course.preview, true);
  assert.match(newCertificateId(new Uint8Array(12).fill(7)), /^EXO-[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/);
});

test("the record carries the PARS details only with consent, and they survive storage", () => {
  const pars = {
    consentToReport: true, firstName: "Ada", lastName: "Lovelace", birthMonth: 12, birthDay: 10,
    licenses: [{ state: "NY", number: "123456" }], boardId: "",
  };
  const done = answerAll(answerAll(emptyState(), manifest.modules[0]), manifest.modules[1]);
  const claimed = claimCertificate(done, { name: "Ada Lovelace", credentials: "MD", credits: 1, pars }, now, "EXO-1");
  const record = completionRecord(claimed, manifest, { accredited: true, creditType: "AMA" }, now);
  assert.equal(record.version, 2);
  assert.deepEqual(record.learner, {
    name: "Ada Lovelace", credentials: "MD", consentToReport: true, firstName: "Ada", lastName: "Lovelace",
    birthMonth: 12, birthDay: 10, licenses: [{ state: "NY", number: "123456" }], boardId: "",
  });
  const stored = normalise(JSON.parse(JSON.stringify(claimed)));
  assert.equal(stored.problem, null);
  assert.deepEqual(stored.state.certificate.pars, pars);
  // A later claim without consent withdraws the details.
  const withdrawn = claimCertificate(claimed, { name: "Ada Lovelace", credentials: "MD", credits: 1, pars: null }, now, "EXO-2");
  const again = completionRecord(withdrawn, manifest, { accredited: true, creditType: "AMA" }, now);
  assert.deepEqual(again.learner, { name: "Ada Lovelace", credentials: "MD", consentToReport: false });
  assert.equal(normalise({ ...claimed, certificate: { ...claimed.certificate, pars: { consentToReport: "yes" } } }).problem, "corrupt");
});

test("follow-ups are kept, every one, when two tabs merge", () => {
  const done = submitEvaluation(emptyState(), { commitment_1: "A", commitment_2: " ", commitment_3: "B" }, at(1));
  assert.deepEqual(commitments(done), ["A", "B"]);
  const one = submitFollowUp(done, [{ commitment: "A", made: "yes", barriers: "" }], at(2));
  const two = submitFollowUp(done, [{ commitment: "A", made: "no", barriers: "time" }], at(3));
  const merged = mergeStates(one, two);
  assert.deepEqual(merged.followUps.map((f) => f.answers[0].made), ["yes", "no"]);
  assert.equal(normalise(JSON.parse(JSON.stringify(merged))).problem, null);
  assert.equal(normalise({ ...merged, followUps: [{ submittedAt: "x", answers: [{ made: "maybe" }] }] }).problem, "corrupt");
  const record = completionRecord(merged, manifest, { accredited: false, creditType: "" }, now);
  assert.deepEqual(record.commitments, ["A", "B"]);
  assert.equal(record.followUps.length, 2);
});

test("the pre-test is taken once and its gain is measured on the same questions and per objective", () => {
  const m = { ...module("p", 6), objectives: 2 };
  m.questions = m.questions.map((q, i) => ({ ...q, objectives: [i < 3 ? 1 : 2] }));
  const course = { ...manifest, modules: [m] };
  const pre = { "p-q0": { version: "v0", correct: false, selected: ["1"] }, "p-q3": { version: "v3", correct: true, selected: ["0"] } };
  let state = submitPretest(emptyState(), "p", pre, at(1));
  assert.equal(submitPretest(state, "p", {}, at(2)), state, "a second pre-test is not kept");
  state = answerAll(state, m, 1); // q0 wrong, the rest right
  const gain = pretestGain(state, m);
  assert.deepEqual(gain.before, { correct: 1, total: 2 });
  assert.deepEqual(gain.after, { correct: 1, total: 2, of: 2 });
  assert.deepEqual(gain.objectives, [
    { objective: 1, before: { correct: 0, total: 1 }, after: { correct: 2, total: 3 } },
    { objective: 2, before: { correct: 1, total: 1 }, after: { correct: 3, total: 3 } },
  ]);
  const record = completionRecord(state, course, { accredited: false, creditType: "" }, now);
  assert.deepEqual(record.modules[0].pretest.objectives, gain.objectives);
  // Two tabs: the first pre-test submitted stays.
  const other = submitPretest(emptyState(), "p", pre, at(0));
  assert.equal(mergeStates(state, other).pretests.p.submittedAt, at(0).toISOString());
  assert.equal(normalise(JSON.parse(JSON.stringify(state))).problem, null);
});

test("spaced review: rounds fall due after the days set, ask what was missed, and change no pass", () => {
  const m = module("r", 10);
  const course = { ...manifest, modules: [m], learning: { reviewDays: [2, 7] } };
  const passed = answerAll(emptyState(), m, 2); // q0, q1 missed; passed at `now`
  const day = 24 * 60 * 60 * 1000;
  assert.deepEqual(dueReviews(passed, course, new Date(now.getTime() + day)), []);
  const [first] = dueReviews(passed, course, new Date(now.getTime() + 2 * day));
  assert.equal(first.day, 2);
  assert.deepEqual(first.questions.slice(0, 2), ["r-q0", "r-q1"]);
  assert.ok(first.questions.length > 2 && first.questions.length < 10, "and a third of the right ones");
  let state = passed;
  for (const id of first.questions) {
    const q = m.questions.find((x) => x.id === id);
    state = recordReview(state, "r", 2, q, ["0"], false, new Date(now.getTime() + 2 * day));
  }
  assert.deepEqual(dueReviews(state, course, new Date(now.getTime() + 3 * day)), []);
  assert.equal(dueReviews(state, course, new Date(now.getTime() + 8 * day))[0].day, 7);
  assert.deepEqual(moduleStatus(state, m), moduleStatus(passed, m), "review answers change no pass");
  const merged = mergeStates(passed, state);
  assert.equal(Object.keys(merged.reviews.r["2"]).length, first.questions.length);
  assert.equal(normalise(JSON.parse(JSON.stringify(merged))).problem, null);
  const record = completionRecord(merged, course, { accredited: false, creditType: "" }, now);
  assert.deepEqual(record.modules[0].reviews, [{ day: 2, correct: 0, total: first.questions.length }]);
});
