// Abbreviations expand on hover, on tap and on keyboard focus, in one tooltip shared by every
// abbreviation, with listeners on the document: a page holding a hundred abbreviations costs
// nothing until one is used. (Material's `content.tooltips` set up a tooltip per element as the
// page loaded: about 190 ms of a phone's main thread on a module page, measured.) WCAG 1.4.13:
// the expansion stays while the word is focused or pointed at, the pointer can move onto it,
// and Escape dismisses it.

const TIP_ID = "course-abbr-tip";
const GAP = 6; // px between the word and its expansion
const MARGIN = 8; // px kept clear of the window's edges
const ABBR = ".md-typeset abbr[title], .md-typeset abbr[data-expansion]";

let shown = null; // the abbreviation whose expansion is showing
let hideTimer = 0;

function tip(doc) {
  let box = doc.getElementById(TIP_ID);
  if (!box) {
    box = doc.createElement("div");
    box.id = TIP_ID;
    box.className = "course-abbr-tip";
    box.setAttribute("role", "tooltip");
    box.hidden = true;
    box.addEventListener("pointerenter", () => clearTimeout(hideTimer));
    box.addEventListener("pointerleave", () => hideSoon(doc));
    doc.body.append(box);
  }
  return box;
}

// The title moves to data-expansion on first use, so that the browser's own tooltip does not
// show a second copy; while shown, the expansion describes the word (aria-describedby).
function expansion(abbr) {
  if (abbr.hasAttribute("title")) {
    abbr.dataset.expansion = abbr.getAttribute("title");
    abbr.removeAttribute("title");
  }
  return abbr.dataset.expansion || "";
}

// Below the word, or above it when there is no room below; never past the window's sides.
function place(box, abbr) {
  const win = abbr.ownerDocument.defaultView;
  const word = abbr.getBoundingClientRect();
  const width = box.offsetWidth;
  const height = box.offsetHeight;
  let top = word.bottom + GAP;
  if (top + height > win.innerHeight && word.top - GAP - height >= 0) top = word.top - GAP - height;
  const centred = word.left + word.width / 2 - width / 2;
  const left = Math.max(MARGIN, Math.min(centred, win.innerWidth - width - MARGIN));
  box.style.top = `${Math.round(top + win.scrollY)}px`;
  box.style.left = `${Math.round(left + win.scrollX)}px`;
}

export function showExpansion(abbr) {
  const doc = abbr.ownerDocument;
  clearTimeout(hideTimer);
  if (shown && shown !== abbr) hideExpansion(doc);
  const box = tip(doc);
  box.textContent = expansion(abbr);
  box.hidden = false;
  place(box, abbr);
  abbr.setAttribute("aria-describedby", TIP_ID);
  shown = abbr;
}

export function hideExpansion(doc) {
  clearTimeout(hideTimer);
  const box = doc.getElementById(TIP_ID);
  if (box) box.hidden = true;
  shown?.removeAttribute("aria-describedby");
  shown = null;
}

// A short delay, so that the pointer can cross the gap from the word to its expansion.
function hideSoon(doc) {
  clearTimeout(hideTimer);
  hideTimer = setTimeout(() => hideExpansion(doc), 150);
}

export function setUpAbbreviations(doc) {
  if (doc.documentElement.dataset.courseAbbreviations) return;
  doc.documentElement.dataset.courseAbbreviations = "on";
  doc.addEventListener("focusin", (event) => {
    const abbr = event.target.closest?.(ABBR);
    if (abbr) showExpansion(abbr);
  });
  doc.addEventListener("focusout", (event) => {
    if (event.target === shown) hideExpansion(doc);
  });
  doc.addEventListener("pointerover", (event) => {
    const abbr = event.target.closest?.(ABBR);
    if (abbr && event.pointerType === "mouse") showExpansion(abbr);
  });
  doc.addEventListener("pointerout", (event) => {
    const abbr = event.target.closest?.(ABBR);
    if (abbr && abbr === shown && event.pointerType === "mouse" && doc.activeElement !== abbr) {
      hideSoon(doc);
    }
  });
  doc.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && shown) hideExpansion(doc);
  });
}
