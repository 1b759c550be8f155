// The only module that touches localStorage. Every call is guarded: storage may be
// disabled (privacy settings), full, or hold data another site version wrote.

const PREFIX = "exosome-cme:";

function key(scope, name) {
  return `${PREFIX}${scope}:${name}`;
}

// Returns {value, problem}: problem is "unavailable" when storage cannot be used at all.
export function read(scope, name) {
  try {
    const raw = window.localStorage.getItem(key(scope, name));
    if (raw === null) return { value: null, problem: null };
    try {
      return { value: JSON.parse(raw), problem: null };
    } catch {
      return { value: raw, problem: "unparseable" };
    }
  } catch {
    return { value: null, problem: "unavailable" };
  }
}

// Returns true when the value was stored.
export function write(scope, name, value) {
  try {
    window.localStorage.setItem(key(scope, name), JSON.stringify(value));
    return true;
  } catch {
    return false;
  }
}

// Keeps a copy of data we could not use, so a reset never destroys the learner's record.
export function backUp(scope, name, value) {
  const stamp = new Date().toISOString();
  write(scope, `${name}:unreadable:${stamp}`, value);
}

export function probe() {
  try {
    const k = `${PREFIX}probe`;
    window.localStorage.setItem(k, "1");
    window.localStorage.removeItem(k);
    return true;
  } catch {
    return false;
  }
}

// mkdocs-quiz keeps each page's answers under its own key, by URL path and quiz order.
// The course writes that key from its own id-based record, so the two never disagree.
const QUIZ_PREFIX = "quiz_progress_";

export function writeQuizPage(pathname, data) {
  try {
    if (Object.keys(data).length === 0) {
      window.localStorage.removeItem(QUIZ_PREFIX + pathname);
    } else {
      window.localStorage.setItem(QUIZ_PREFIX + pathname, JSON.stringify(data));
    }
    return true;
  } catch {
    return false;
  }
}
