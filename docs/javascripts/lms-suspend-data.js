// The learner's course state as a short text for an LMS that keeps only a little: SCORM 1.2's
// cmi.suspend_data holds at most 4,096 characters, and the course state as JSON is about twice
// that once every module is answered. Pure: no DOM, no storage. hooks/scorm_state.py writes
// the same text for the build's size check (tests/lms/ checks that both agree).
//
// Lossless by construction: answers are written compactly against the manifest's order, and
// whatever cannot be written that way (a field this codec does not know, an answer of an
// unexpected shape, a module the manifest does not list) goes into a JSON tail unchanged. So a
// field added to the state later costs room, never data.
//
//   text     := "c1" "~" stateVersion36 "~" T36 "~" segment (";" segment)* "~" json
//   segment  := kind moduleIndex36 ["/" key] "=" value
//     a<m>=items        state.modules[id].answers            (answers with `at`)
//     r<m>=dt36         state.modules[id].resetAt            (T + dt)
//     p<m>=items        state.pretests[id].answers           (answers without `at`)
//     v<m>/<day>=items  state.reviews[id][day]               (answers with `at`)
//   items    := item ("," item)*
//   item     := index36 "." tag v36 ["." dt36]
//     index36  the question's position in the module (manifest order)
//     tag      the first TAG characters of the question's content version: an answer to a
//              question whose content changed is then not taken for an answer to the new one
//     v36      (bitmask of the selected choices) * 2 + (1 if correct)
//     dt36     milliseconds after the previous item's time (the first: after T); items are
//              written in time order. Times are kept to the millisecond, so a retake (resetAt)
//              and an answer given in the same second still compare as they did.
//   json     := JSON of everything not written above, or "" when nothing is left
// Numbers are base 36. Selected choices come back in ascending order (they are a set).

import { FORMAT, VERSION } from "./progress.js";

export const CODEC = "c1";
const TAG = 3;
const MAX_CHOICES = 30; // bitmask * 2 stays an exact integer
const CHOICE = /^(0|[1-9][0-9]?)$/;
const KEY = /^[A-Za-z0-9_-]+$/; // a review day, written into a segment label
const SAFE = /^[^~;=,./!]+$/; // what a version may hold to be cut into a tag

const isObject = (v) => typeof v === "object" && v !== null && !Array.isArray(v);
const b36 = (n) => n.toString(36);
const int36 = (s) => (/^[0-9a-z]+$/.test(s) ? parseInt(s, 36) : NaN);

// The ms of an ISO time the course wrote (toISOString), or null for anything else: only those
// round-trip exactly.
function millis(iso) {
  if (typeof iso !== "string") return null;
  const ms = Date.parse(iso);
  return Number.isFinite(ms) && new Date(ms).toISOString() === iso ? ms : null;
}

// Whether an answer can be written as an item; `timed` answers must carry `at`.
function compactable(answer, question, timed) {
  if (!isObject(answer) || !question || !SAFE.test(question.version)) return false;
  const keys = Object.keys(answer).sort().join(",");
  if (keys !== (timed ? "at,correct,selected,version" : "correct,selected,version")) return false;
  if (typeof answer.correct !== "boolean" || typeof answer.version !== "string") return false;
  if (answer.version.length < TAG || !SAFE.test(answer.version)) return false;
  if (!Array.isArray(answer.selected) || new Set(answer.selected).size !== answer.selected.length) return false;
  if (!answer.selected.every((s) => typeof s === "string" && CHOICE.test(s) && Number(s) < MAX_CHOICES)) return false;
  return !timed || millis(answer.at) !== null;
}

// The answer maps this codec writes compactly: where they are in the state, by module id.
const MAPS = [
  { kind: "a", timed: true, find: (s, id) => (isObject(s.modules?.[id]) ? [["", s.modules[id], "answers"]] : []) },
  { kind: "p", timed: false, find: (s, id) => (isObject(s.pretests?.[id]) ? [["", s.pretests[id], "answers"]] : []) },
  {
    kind: "v", timed: true,
    find: (s, id) => (isObject(s.reviews?.[id])
      ? Object.keys(s.reviews[id]).filter((day) => KEY.test(day)).map((day) => [day, s.reviews[id], day])
      : []),
  },
];

// Returns the text for `state` (a normalised course state) against `manifest`.
export function encode(state, manifest) {
  const rest = JSON.parse(JSON.stringify(state));
  delete rest.format;
  delete rest.version;
  const found = []; // [label, [{index, answer}], timed]
  const times = [];
  manifest.modules.forEach((module, m) => {
    const byId = new Map(module.questions.map((q, i) => [q.id, i]));
    for (const { kind, timed, find } of MAPS) {
      for (const [key, holder, field] of find(rest, module.id)) {
        const map = holder[field];
        if (!isObject(map)) continue;
        const items = [];
        for (const [id, answer] of Object.entries(map)) {
          const index = byId.get(id);
          if (index === undefined || !compactable(answer, module.questions[index], timed)) continue;
          items.push({ index, answer });
          delete map[id];
          if (timed) times.push(millis(answer.at));
        }
        if (items.length) found.push([`${kind}${b36(m)}${key ? `/${key}` : ""}`, items, timed]);
        if (Object.keys(map).length === 0) delete holder[field];
      }
    }
    const record = rest.modules?.[module.id];
    const reset = millis(record?.resetAt);
    if (reset !== null) {
      found.push([`r${b36(m)}`, reset, false]);
      times.push(reset);
      delete record.resetAt;
    }
  });
  prune(rest);
  const base = times.length ? Math.min(...times) : 0;
  const segments = found.map(([label, value, timed]) => {
    if (!Array.isArray(value)) return `${label}=${b36(value - base)}`;
    let previous = base;
    const items = [...value].sort((x, y) => (timed ? millis(x.answer.at) - millis(y.answer.at) : x.index - y.index))
      .map(({ index, answer }) => {
        const mask = answer.selected.reduce((sum, s) => sum + 2 ** Number(s), 0);
        let item = `${b36(index)}.${answer.version.slice(0, TAG)}${b36(mask * 2 + (answer.correct ? 1 : 0))}`;
        if (timed) {
          const at = millis(answer.at);
          item += `.${b36(at - previous)}`;
          previous = at;
        }
        return item;
      });
    return `${label}=${items.join(",")}`;
  });
  const json = Object.keys(rest).length ? JSON.stringify(rest) : "";
  return [CODEC, b36(state.version ?? VERSION), b36(base), segments.join(";"), json].join("~");
}

// Containers the compact part emptied (an answer map, a module record, a day of reviews) go.
function prune(rest) {
  for (const top of ["modules", "pretests", "reviews"]) {
    if (!isObject(rest[top])) continue;
    for (const [id, record] of Object.entries(rest[top])) {
      if (!isObject(record)) continue;
      for (const [k, v] of Object.entries(record)) if (isObject(v) && Object.keys(v).length === 0) delete record[k];
      if (Object.keys(record).length === 0) delete rest[top][id];
    }
    if (Object.keys(rest[top]).length === 0 && top !== "modules") delete rest[top];
  }
  if (isObject(rest.modules) && Object.keys(rest.modules).length === 0) delete rest.modules;
}

// Returns {state, problem}: problem is null, "empty" (nothing stored yet), "unreadable" (not
// this codec's text, or damaged) or "newer" (written by a later version of the course). An
// answer whose question changed or went is kept under an id no question has, with its old
// tag as its version, so that the course's own check drops it and tells the learner.
export function decode(text, manifest) {
  if (typeof text !== "string" || text === "") return { state: null, problem: "empty" };
  const parts = text.split("~");
  if (parts.length < 5 || parts[0] !== CODEC) return { state: null, problem: "unreadable" };
  const [, version36, base36, segmentText] = parts;
  const json = parts.slice(4).join("~");
  const version = int36(version36);
  const base = int36(base36);
  if (!Number.isInteger(version) || !Number.isInteger(base)) return { state: null, problem: "unreadable" };
  if (version > VERSION) return { state: null, problem: "newer" };
  let state;
  try {
    state = json ? JSON.parse(json) : {};
  } catch {
    return { state: null, problem: "unreadable" };
  }
  if (!isObject(state)) return { state: null, problem: "unreadable" };
  state = { format: FORMAT, version, modules: {}, evaluation: null, certificate: null, ...state };
  if (!isObject(state.modules)) return { state: null, problem: "unreadable" };
  for (const segment of segmentText ? segmentText.split(";") : []) {
    const match = /^([arpv])([0-9a-z]+)(?:\/([A-Za-z0-9_-]+))?=(.*)$/.exec(segment);
    const module = match && manifest.modules[int36(match[2])];
    if (!module) return { state: null, problem: "unreadable" };
    const [, kind, , key, value] = match;
    const holder = (top, id) => {
      state[top] = isObject(state[top]) ? state[top] : {};
      state[top][id] = isObject(state[top][id]) ? state[top][id] : {};
      return state[top][id];
    };
    if (kind === "r") {
      const dt = int36(value);
      if (!Number.isInteger(dt)) return { state: null, problem: "unreadable" };
      holder("modules", module.id).resetAt = new Date(base + dt).toISOString();
      continue;
    }
    const answers = readItems(value, module, kind !== "p", base);
    if (!answers) return { state: null, problem: "unreadable" };
    let map;
    if (kind === "a") map = holder("modules", module.id).answers ??= {};
    else if (kind === "p") map = holder("pretests", module.id).answers ??= {};
    else map = holder("reviews", module.id)[key] ??= {};
    Object.assign(map, answers);
  }
  for (const record of Object.values(state.modules)) if (isObject(record)) record.answers ??= {};
  return { state, problem: null };
}

function readItems(value, module, timed, base) {
  const answers = {};
  const taken = new Set();
  let previous = base;
  for (const item of value.split(",")) {
    const fields = item.split(".");
    if (fields.length !== (timed ? 3 : 2) || fields[1].length <= TAG) return null;
    const index = int36(fields[0]);
    const tag = fields[1].slice(0, TAG);
    const v = int36(fields[1].slice(TAG));
    if (!Number.isInteger(index) || !Number.isInteger(v)) return null;
    const selected = [];
    for (let bit = 0, mask = Math.floor(v / 2); mask > 0; bit += 1, mask = Math.floor(mask / 2)) {
      if (mask % 2) selected.push(String(bit));
    }
    const answer = { version: tag, correct: v % 2 === 1, selected };
    if (timed) {
      const dt = int36(fields[2]);
      if (!Number.isInteger(dt)) return null;
      previous += dt;
      answer.at = new Date(previous).toISOString();
    }
    // The question at its position, or, if questions moved, the one question with its tag.
    let question = module.questions[index];
    if (!question?.version.startsWith(tag) || taken.has(question.id)) {
      const same = module.questions.filter((q) => q.version.startsWith(tag) && !taken.has(q.id));
      question = same.length === 1 ? same[0] : null;
    }
    if (question) {
      taken.add(question.id);
      answers[question.id] = { ...answer, version: question.version };
    } else {
      answers[`withdrawn-${index}-${tag}`] = answer; // dropped, and counted, by reconcile()
    }
  }
  return answers;
}
