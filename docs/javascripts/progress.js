// Course progress as plain data: no DOM, no storage. Every function returns new state.
//
// Stored format (version 1):
// {format: "exosome-cme-progress", version: 1,
//  modules: {<moduleId>: {answers: {<questionId>: {version, correct, selected, at}}, resetAt?}},
//  evaluation: {answers: {...}, submittedAt} | null,
//  certificate: {name, credentials, credits, claimedAt, id, pars?} | null}
//  followUps?: [{submittedAt, answers: [{commitment, made, barriers}]}]  (one per visit)
//  pretests?: {<moduleId>: {submittedAt, answers: {<questionId>: {version, correct, selected}}}}
//  reviews?: {<moduleId>: {<day>: {<questionId>: {version, correct, selected, at}}}}
//  pars (only with the learner's consent to report to ACCME): {consentToReport: true,
//    firstName, lastName, birthMonth, birthDay, licenses: [{state, number}], boardId}
// Statuses (passed, in progress…) are always derived from the answers, never stored.

export const FORMAT = "exosome-cme-progress";
export const VERSION = 1;

export function emptyState() {
  return { format: FORMAT, version: VERSION, modules: {}, evaluation: null, certificate: null };
}

const isObject = (v) => typeof v === "object" && v !== null && !Array.isArray(v);
const isText = (v) => typeof v === "string";

function validAnswer(a) {
  return (
    isObject(a) &&
    isText(a.version) &&
    typeof a.correct === "boolean" &&
    Array.isArray(a.selected) &&
    a.selected.every(isText) &&
    isText(a.at)
  );
}

function validPars(p) {
  return (
    isObject(p) && p.consentToReport === true && isText(p.firstName) && isText(p.lastName) &&
    Number.isInteger(p.birthMonth) && Number.isInteger(p.birthDay) && isText(p.boardId) &&
    Array.isArray(p.licenses) && p.licenses.every((l) => isObject(l) && isText(l.state) && isText(l.number))
  );
}

function copyPars(p) {
  return { ...p, licenses: p.licenses.map((l) => ({ state: l.state, number: l.number })) };
}

const validChoice = (a) => isObject(a) && isText(a.version) && typeof a.correct === "boolean" &&
  Array.isArray(a.selected) && a.selected.every(isText);
const copyChoice = (a) => ({ ...a, selected: [...a.selected] });

function validPretests(raw) {
  if (!isObject(raw)) return null;
  const out = {};
  for (const [id, p] of Object.entries(raw)) {
    if (!isObject(p) || !isText(p.submittedAt) || !isObject(p.answers) || !Object.values(p.answers).every(validChoice)) return null;
    out[id] = { submittedAt: p.submittedAt, answers: Object.fromEntries(Object.entries(p.answers).map(([q, a]) => [q, copyChoice(a)])) };
  }
  return out;
}

function validReviews(raw) {
  if (!isObject(raw)) return null;
  const out = {};
  for (const [id, rounds] of Object.entries(raw)) {
    if (!isObject(rounds)) return null;
    out[id] = {};
    for (const [day, answers] of Object.entries(rounds)) {
      if (!isObject(answers) || !Object.values(answers).every((a) => validChoice(a) && isText(a.at))) return null;
      out[id][day] = Object.fromEntries(Object.entries(answers).map(([q, a]) => [q, copyChoice(a)]));
    }
  }
  return out;
}

const MADE = ["yes", "partly", "not-yet", "no"];

function validFollowUp(f) {
  return isObject(f) && isText(f.submittedAt) && Array.isArray(f.answers) && f.answers.every(
    (a) => isObject(a) && isText(a.commitment) && MADE.includes(a.made) && isText(a.barriers));
}

function copyFollowUp(f) {
  return { submittedAt: f.submittedAt, answers: f.answers.map((a) => ({ ...a })) };
}

// Accepts whatever storage held. Returns {state, problem}: problem is null, "corrupt"
// (not our format, or damaged) or "newer" (written by a later version of the course).
export function normalise(raw) {
  if (raw === null || raw === undefined) return { state: emptyState(), problem: null };
  if (!isObject(raw) || raw.format !== FORMAT || typeof raw.version !== "number") {
    return { state: emptyState(), problem: "corrupt" };
  }
  if (raw.version > VERSION) return { state: emptyState(), problem: "newer" };
  const state = emptyState();
  let damaged = !isObject(raw.modules);
  for (const [moduleId, record] of Object.entries(isObject(raw.modules) ? raw.modules : {})) {
    if (!isObject(record) || !isObject(record.answers)) {
      damaged = true;
      continue;
    }
    const answers = {};
    for (const [questionId, answer] of Object.entries(record.answers)) {
      if (validAnswer(answer)) answers[questionId] = { ...answer, selected: [...answer.selected] };
      else damaged = true;
    }
    state.modules[moduleId] = { answers };
    if (isText(record.resetAt)) state.modules[moduleId].resetAt = record.resetAt;
    else if (record.resetAt !== undefined) damaged = true;
  }
  const ev = raw.evaluation;
  if (isObject(ev) && isObject(ev.answers) && isText(ev.submittedAt)) {
    state.evaluation = { answers: { ...ev.answers }, submittedAt: ev.submittedAt };
  } else if (ev !== null && ev !== undefined) damaged = true;
  const cert = raw.certificate;
  if (isObject(cert) && isText(cert.name) && isText(cert.id) && isText(cert.claimedAt)) {
    state.certificate = {
      name: cert.name,
      credentials: isText(cert.credentials) ? cert.credentials : "",
      credits: typeof cert.credits === "number" ? cert.credits : null,
      claimedAt: cert.claimedAt,
      id: cert.id,
    };
    if (validPars(cert.pars)) state.certificate.pars = copyPars(cert.pars);
    else if (cert.pars !== undefined) damaged = true;
  } else if (cert !== null && cert !== undefined) damaged = true;
  for (const key of ["pretests", "reviews"]) {
    if (raw[key] === undefined) continue;
    const kept = key === "pretests" ? validPretests(raw.pretests) : validReviews(raw.reviews);
    if (kept) state[key] = kept;
    else damaged = true;
  }
  if (Array.isArray(raw.followUps)) {
    const kept = raw.followUps.filter(validFollowUp);
    if (kept.length) state.followUps = kept.map(copyFollowUp);
    if (kept.length !== raw.followUps.length) damaged = true;
  } else if (raw.followUps !== undefined) damaged = true;
  return { state, problem: damaged ? "corrupt" : null };
}

// Keeps answers whose question still exists with the same content version; drops the rest.
// Returns {state, dropped}: dropped counts the answers removed.
export function reconcile(state, manifest) {
  const next = { ...state, modules: {} };
  let dropped = 0;
  for (const module of manifest.modules) {
    const record = state.modules[module.id];
    if (!record) continue;
    const versions = new Map(module.questions.map((q) => [q.id, q.version]));
    const answers = {};
    for (const [questionId, answer] of Object.entries(record.answers)) {
      if (versions.get(questionId) === answer.version) answers[questionId] = answer;
      else dropped += 1;
    }
    next.modules[module.id] = { ...record, answers };
  }
  for (const [moduleId, record] of Object.entries(state.modules)) {
    if (!manifest.modules.some((m) => m.id === moduleId)) {
      dropped += Object.keys(record.answers).length;
    }
  }
  return { state: next, dropped };
}

export function recordAnswer(state, moduleId, question, result, now) {
  const record = state.modules[moduleId] || { answers: {} };
  const answer = {
    version: question.version,
    correct: Boolean(result.correct),
    selected: result.selected.map(String),
    at: now.toISOString(),
  };
  return {
    ...state,
    modules: { ...state.modules, [moduleId]: { ...record, answers: { ...record.answers, [question.id]: answer } } },
  };
}

// A retake clears the module and remembers when: answers older than `resetAt` that another
// tab still holds in memory are not merged back.
export function resetModule(state, moduleId, now) {
  return { ...state, modules: { ...state.modules, [moduleId]: { answers: {}, resetAt: now.toISOString() } } };
}

const later = (a, b) => (!a ? b : !b ? a : b > a ? b : a);

// Two copies of the record (what storage holds now, and this page's) as one, answer by answer:
// the later of two answers to a question wins, an answer is never replaced by no answer except
// by a retake after it, and a submitted evaluation or an issued certificate is never undone.
export function mergeStates(stored, mine) {
  const modules = {};
  for (const id of new Set([...Object.keys(stored.modules), ...Object.keys(mine.modules)])) {
    const a = stored.modules[id] || { answers: {} };
    const b = mine.modules[id] || { answers: {} };
    const resetAt = later(a.resetAt, b.resetAt);
    const answers = {};
    for (const q of new Set([...Object.keys(a.answers), ...Object.keys(b.answers)])) {
      const x = a.answers[q];
      const y = b.answers[q];
      const pick = !x ? y : !y ? x : y.at > x.at ? y : x;
      if (!resetAt || pick.at > resetAt) answers[q] = pick;
    }
    modules[id] = resetAt ? { answers, resetAt } : { answers };
  }
  const ev = [stored.evaluation, mine.evaluation].filter(Boolean)
    .reduce((x, y) => (!x || y.submittedAt > x.submittedAt ? y : x), null);
  const [first, second] = [stored.certificate, mine.certificate].filter(Boolean)
    .sort((x, y) => (x.claimedAt < y.claimedAt ? -1 : 1));
  // The first certificate's id stays (it may be printed); the latest name and credit win.
  const certificate = second ? { ...second, id: first.id } : first || null;
  const merged = { ...mine, modules, evaluation: ev, certificate };
  // Follow-ups are kept, every one, in the order they were given (one per submission time).
  // A module's pre-test is taken once: the first one submitted stays.
  const pretests = { ...(mine.pretests || {}) };
  for (const [id, p] of Object.entries(stored.pretests || {})) {
    if (!pretests[id] || p.submittedAt < pretests[id].submittedAt) pretests[id] = p;
  }
  if (Object.keys(pretests).length) merged.pretests = pretests;
  // Review answers, question by question: the later of two answers wins, as in the modules.
  const reviews = {};
  for (const source of [stored.reviews || {}, mine.reviews || {}]) {
    for (const [id, rounds] of Object.entries(source)) {
      for (const [day, answers] of Object.entries(rounds)) {
        const round = ((reviews[id] ||= {})[day] ||= {});
        for (const [q, a] of Object.entries(answers)) if (!round[q] || a.at > round[q].at) round[q] = a;
      }
    }
  }
  if (Object.keys(reviews).length) merged.reviews = reviews;
  const followUps = new Map([...(stored.followUps || []), ...(mine.followUps || [])].map((f) => [f.submittedAt, f]));
  if (followUps.size) merged.followUps = [...followUps.values()].sort((x, y) => (x.submittedAt < y.submittedAt ? -1 : 1));
  return merged;
}

// ---------------------------------------------------------------- pre-test and spaced review

// answers: {<questionId>: {version, correct, selected}}. Kept only if none was taken before.
export function submitPretest(state, moduleId, answers, now) {
  if (state.pretests?.[moduleId]) return state;
  return { ...state, pretests: { ...(state.pretests || {}), [moduleId]: { submittedAt: now.toISOString(), answers } } };
}

const tally = (answers) => ({ correct: answers.filter((a) => a.correct).length, total: answers.length });

// What the learner knew before reading and knows now: on the pre-test's own questions (asked
// again in the post-test), and per objective (all the post-test's questions on it).
export function pretestGain(state, module) {
  const pre = state.pretests?.[module.id];
  if (!pre) return null;
  const current = new Map(module.questions.map((q) => [q.id, q]));
  const post = state.modules[module.id]?.answers || {};
  const now = (q) => (post[q.id] && post[q.id].version === q.version ? post[q.id] : null);
  const preAnswers = Object.entries(pre.answers).filter(([id]) => current.has(id));
  const same = preAnswers.map(([id]) => now(current.get(id))).filter(Boolean);
  const objectives = [];
  for (let n = 1; n <= (module.objectives || 0); n += 1) {
    const before = preAnswers.filter(([id]) => current.get(id).objectives?.includes(n)).map(([, a]) => a);
    const after = module.questions.filter((q) => q.objectives?.includes(n)).map(now).filter(Boolean);
    objectives.push({ objective: n, before: tally(before), after: tally(after) });
  }
  return {
    submittedAt: pre.submittedAt,
    before: tally(preAnswers.map(([, a]) => a)),
    after: { ...tally(same), of: preAnswers.length },
    objectives,
  };
}

const DAY = 24 * 60 * 60 * 1000;

// The questions a review round asks: every one missed in the post-test, and a third of those
// answered right (a different third each round), so that what stuck is seen too.
function roundQuestions(module, answers, round) {
  const answered = module.questions.filter((q) => answers[q.id]?.version === q.version);
  const right = answered.filter((q) => answers[q.id].correct);
  return [
    ...answered.filter((q) => !answers[q.id].correct),
    ...right.filter((_, i) => (i + round) % 3 === 0),
  ].map((q) => q.id);
}

// Every review round that is due: a passed module, `day` days after it was passed.
export function dueReviews(state, manifest, now) {
  const days = manifest.learning?.reviewDays || [];
  const due = [];
  for (const m of courseStatus(state, manifest).modules) {
    if (m.status !== "passed") continue;
    const answers = state.modules[m.id]?.answers || {};
    days.forEach((day, round) => {
      const dueAt = new Date(new Date(m.passedAt).getTime() + day * DAY);
      if (dueAt > now) return;
      const given = state.reviews?.[m.id]?.[day] || {};
      const questions = roundQuestions(m.module, answers, round);
      const open = questions.filter((id) => !given[id]);
      if (open.length) due.push({ module: m.module, day, dueAt, questions, open });
    });
  }
  return due;
}

// A review answer never touches the module's answers: passing and the certificate stay as
// they are.
export function recordReview(state, moduleId, day, question, selected, correct, now) {
  const reviews = { ...(state.reviews || {}) };
  const rounds = { ...(reviews[moduleId] || {}) };
  rounds[day] = { ...(rounds[day] || {}), [question.id]: { version: question.version, correct, selected: [...selected], at: now.toISOString() } };
  reviews[moduleId] = rounds;
  return { ...state, reviews };
}

// The changes in practice the learner committed to in the evaluation (up to three).
export function commitments(state) {
  const answers = state.evaluation?.answers || {};
  return [1, 2, 3].map((n) => (answers[`commitment_${n}`] || "").trim()).filter(Boolean);
}

// answers: [{commitment, made, barriers}], one per commitment.
export function submitFollowUp(state, answers, now) {
  const followUp = { submittedAt: now.toISOString(), answers: answers.map((a) => ({ ...a })) };
  return { ...state, followUps: [...(state.followUps || []), followUp] };
}

export function submitEvaluation(state, answers, now) {
  return { ...state, evaluation: { answers: { ...answers }, submittedAt: now.toISOString() } };
}

export function claimCertificate(state, claim, now, id) {
  return {
    ...state,
    certificate: {
      name: claim.name,
      credentials: claim.credentials,
      credits: claim.credits,
      claimedAt: now.toISOString(),
      id: state.certificate?.id || id,
      ...(claim.pars ? { pars: copyPars(claim.pars) } : {}),
    },
  };
}

// Passing needs correct/total >= passMark%, compared in whole numbers to avoid rounding.
export function moduleStatus(state, module) {
  const answers = state.modules[module.id]?.answers || {};
  const total = module.questions.length;
  let answered = 0;
  let correct = 0;
  let last = null;
  for (const q of module.questions) {
    const a = answers[q.id];
    if (!a || a.version !== q.version) continue;
    answered += 1;
    if (a.correct) correct += 1;
    if (!last || a.at > last) last = a.at;
  }
  const score = total ? Math.round((correct / total) * 100) : 0;
  const passed = total > 0 && correct * 100 >= module.passMark * total;
  const needed = Math.ceil((module.passMark * total) / 100);
  let status = "not-started";
  if (passed) status = "passed";
  else if (answered === total && total > 0) status = "failed";
  else if (answered > 0) status = "in-progress";
  return { id: module.id, status, answered, total, correct, score, needed, passedAt: passed ? last : null };
}

export function courseStatus(state, manifest) {
  const modules = manifest.modules.map((m) => ({ module: m, ...moduleStatus(state, m) }));
  const passedAll = modules.every((m) => m.status === "passed");
  const evaluationDone = Boolean(state.evaluation);
  const dates = modules.map((m) => m.passedAt).concat(state.evaluation?.submittedAt || null);
  const complete = passedAll && evaluationDone;
  const completedAt = complete ? dates.reduce((a, b) => (a > b ? a : b)) : null;
  return { modules, passedAll, evaluationDone, complete, completedAt };
}

// The learner's next step, as {kind, module?}: a module to study or retake, the evaluation,
// or the certificate.
export function nextStep(status) {
  const open =
    status.modules.find((m) => m.status === "in-progress" || m.status === "failed") ||
    status.modules.find((m) => m.status === "not-started");
  if (open) return { kind: open.status === "not-started" ? "start" : "continue", module: open };
  if (!status.evaluationDone) return { kind: "evaluation" };
  return { kind: "certificate" };
}

// The record a learner hands to a CME provider.
export function completionRecord(state, manifest, details, now) {
  const status = courseStatus(state, manifest);
  return {
    format: "exosome-cme-completion-record",
    version: 2, // 2: learner carries the PARS details and consent
    generatedAt: now.toISOString(),
    course: { title: manifest.course.title, version: manifest.course.version, preview: Boolean(manifest.course.preview) },
    statement: manifest.course.statement || "",
    answersFormat: "Each answer names the question id and version; selected lists the choices picked, numbered from 0 in the bank's order.",
    learner: state.certificate ? learnerRecord(state.certificate) : null,
    completedAt: status.completedAt,
    credit: {
      accredited: details.accredited,
      type: details.accredited ? details.creditType : null,
      claimed: details.accredited ? state.certificate?.credits ?? null : null,
    },
    certificateId: state.certificate?.id || null,
    modules: status.modules.map((m) => ({
      id: m.id,
      title: m.module.title,
      passMark: m.module.passMark,
      score: m.score,
      correct: m.correct,
      total: m.total,
      passed: m.status === "passed",
      passedAt: m.passedAt,
      pretest: pretestGain(state, m.module),
      reviews: Object.entries(state.reviews?.[m.id] || {}).map(([day, answers]) => ({
        day: Number(day), ...tally(Object.values(answers)),
      })),
      answers: m.module.questions
        .filter((q) => state.modules[m.id]?.answers[q.id])
        .map((q) => {
          const a = state.modules[m.id].answers[q.id];
          return { id: q.id, version: a.version, selected: [...a.selected], correct: a.correct, answeredAt: a.at };
        }),
    })),
    evaluation: state.evaluation,
    commitments: commitments(state),
    followUps: (state.followUps || []).map(copyFollowUp),
  };
}

// The learner as the record names them; the PARS details only with consent to report.
function learnerRecord(certificate) {
  const pars = certificate.pars;
  return {
    name: certificate.name,
    credentials: certificate.credentials,
    consentToReport: Boolean(pars),
    ...(pars ? {
      firstName: pars.firstName, lastName: pars.lastName, birthMonth: pars.birthMonth,
      birthDay: pars.birthDay, licenses: copyPars(pars).licenses, boardId: pars.boardId,
    } : {}),
  };
}

export function newCertificateId(randomValues) {
  const alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"; // no 0/O or 1/I to misread
  const chars = Array.from(randomValues.slice(0, 12), (b) => alphabet[b % alphabet.length]);
  return `EXO-${chars.slice(0, 4).join("")}-${chars.slice(4, 8).join("")}-${chars.slice(8).join("")}`;
}
