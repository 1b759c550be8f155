// Entry point: loads the learner's state once, then sets up each page as Material shows it
// (instant navigation swaps pages without reloading this module).

import * as store from "./course-state.js";
import { hideExpansion, setUpAbbreviations } from "./abbreviations.js";
import { recordAnswers, setUpAssessment, showSavedAnswers } from "./assessment-page.js";
import { renderDashboard } from "./dashboard.js";
import { showNotices } from "./notices.js";
import { onQuizEvents, redirectResets } from "./quiz-bridge.js";
import { builtWith, manifestMissing, onEveryPage, readManifest } from "./site.js";

const manifest = readManifest();
const BUILD = builtWith();

// Abbreviations expand on every page, progress or not; a new page starts with none shown.
setUpAbbreviations(document);
onEveryPage(() => hideExpansion(document));

// The certificate's and the evaluation's code is fetched only on their pages, so that other
// pages do not carry it. The assessment code is imported above: an answer's status must be on
// screen in the same frame as mkdocs-quiz's feedback, and on the page as soon as it loads.
const PAGE_CODE = [
  ["[data-certificate-page]", () => import("./certificate-page.js"),
    (code) => code.setUpCertificate(document, manifest, store)],
  ["form[data-evaluation]", () => import("./evaluation-page.js"),
    (code) => code.setUpEvaluation(document, store)],
  ["form[data-follow-up]", () => import("./follow-up-page.js"),
    (code) => code.setUpFollowUp(document, store)],
  ["form[data-pretest]", () => import("./pretest-page.js"),
    (code) => code.setUpPretest(document, manifest, store)],
  ["[data-review]", () => import("./review-page.js"),
    (code) => code.setUpReview(document, manifest, store)],
];

// A page of another build (instant navigation after an update) must not be tracked against
// this build's question list: reload it, with its own manifest, before anything is recorded
// or shown (course.css hides the page meanwhile).
let replacing = false;
function otherBuild() {
  if (builtWith() === BUILD) return false;
  if (!replacing) {
    replacing = true;
    store.stopRecording();
    document.documentElement.classList.add("course-other-build");
    window.location.reload();
  }
  return true;
}

function refresh() {
  if (otherBuild()) return;
  showNotices(document, store.pageNotices());
  renderDashboard(document, manifest, store.current());
  setUpAssessment(document, manifest, store);
  for (const [selector, load, setUp] of PAGE_CODE) {
    if (document.querySelector(selector)) load().then(setUp);
  }
}

if (manifest) {
  // Material swaps the head before it runs the new page's scripts: the earliest sign.
  new MutationObserver(otherBuild).observe(document.head, { childList: true });
  store.load(manifest);
  store.onChange((state, fromOtherTab) => {
    refresh();
    if (fromOtherTab && !replacing) showSavedAnswers(document, manifest, store, true);
  });
  onQuizEvents(window, {
    answered: () => otherBuild() || recordAnswers(document, manifest, store),
    setUp: () => otherBuild() || showSavedAnswers(document, manifest, store, false),
  });
  redirectResets(document, () => document.querySelector(".course-retake button")?.click());
  onEveryPage(refresh);
} else if (manifestMissing()) {
  // Only when the manifest script failed to load (a broken upload, a page cached from an
  // older build): say so rather than let answers go unrecorded without a word.
  const notice = [{
    kind: "no-manifest",
    text: "Progress tracking did not load on this page, so answers given here are not added to your progress. Reload the page to try again; the progress you saved before is not affected.",
  }];
  onEveryPage(() => showNotices(document, notice));
}
