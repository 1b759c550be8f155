// Unit tests of the pure progress logic (docs/javascripts/progress.js), run by `node --test`.
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  completionRecord, courseStatus, emptyState, moduleStatus, newCertificateId, nextStep,
  normalise, quizPageProjection, recordAnswer, reconcile, resetModule,
} from "../../docs/javascripts/progress.js";

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
  state = resetModule(state, "a");
  assert.equal(state.modules.a, undefined);
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
  assert.deepEqual(quizPageProjection(state, a), { "quiz-2": { answered: true, correct: false, selectedValues: ["1"] } });
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
