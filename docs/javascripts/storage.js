// The only module that touches localStorage. Every call is guarded: storage may be
// disabled (privacy settings), full, or hold data another site version wrote.

const PREFIX = "exosome-cme:";

function key(scope, name) {
  return `${PREFIX}${scope}:${name}`;
}

// Returns {value, problem, raw}: problem is "unavailable" when storage cannot be used at all,
// "unparseable" when the text is not JSON. `raw` is the text as stored, for comparisons.
export function read(scope, name) {
  try {
    const raw = window.localStorage.getItem(key(scope, name));
    if (raw === null) return { value: null, problem: null, raw };
    try {
      return { value: JSON.parse(raw), problem: null, raw };
    } catch {
      return { value: raw, problem: "unparseable", raw };
    }
  } catch {
    return { value: null, problem: "unavailable", raw: null };
  }
}

// Returns true when the value was stored.
export function write(scope, name, value) {
  return writeText(key(scope, name), JSON.stringify(value));
}

// Keeps a copy of data we could not use, so a reset never destroys the learner's record.
// Returns false when the copy could not be written (the caller must then leave the original).
export function backUp(scope, name, value) {
  const stamp = new Date().toISOString();
  return write(scope, `${name}:unreadable:${stamp}`, value);
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

// A key the course does not own (mkdocs-quiz's: quiz-bridge.js names it and shapes the text).
// An empty text removes the key. Returns true when stored.
export function writeText(fullKey, text) {
  try {
    if (text === "") window.localStorage.removeItem(fullKey);
    else if (window.localStorage.getItem(fullKey) !== text) window.localStorage.setItem(fullKey, text);
    return true;
  } catch {
    return false;
  }
}

// Calls `changed()` when another tab (same browser, same site) writes the record.
export function onOtherTabWrite(scope, name, changed) {
  const watched = key(scope, name);
  window.addEventListener("storage", (event) => {
    if (event.key === watched || event.key === null) changed();
  });
}
