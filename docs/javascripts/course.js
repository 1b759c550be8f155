// Entry point: loads the learner's state once, then sets up each page as Material shows it
// (instant navigation swaps pages without reloading this module).

import * as store from "./course-state.js";
import { recordAnswers, setUpAssessment } from "./assessment-page.js";
import { renderDashboard } from "./dashboard.js";
import { showNotices } from "./notices.js";
import { manifestMissing, onEveryPage, readManifest } from "./site.js";

const manifest = readManifest();

// The certificate's and the evaluation's code is fetched only on their pages, so that other
// pages do not carry it. The assessment code is imported above: an answer's status must be on
// screen in the same frame as mkdocs-quiz's feedback, and on the page as soon as it loads.
const PAGE_CODE = [
  ["[data-certificate-page]", () => import("./certificate-page.js"),
    (code) => code.setUpCertificate(document, manifest, store)],
  ["form[data-evaluation]", () => import("./evaluation-page.js"),
    (code) => code.setUpEvaluation(document, store)],
];

function refresh() {
  showNotices(document, store.pageNotices());
  renderDashboard(document, manifest, store.current());
  setUpAssessment(document, manifest, store);
  for (const [selector, load, setUp] of PAGE_CODE) {
    if (document.querySelector(selector)) load().then(setUp);
  }
}

if (manifest) {
  store.load(manifest);
  store.onChange(refresh);
  // mkdocs-quiz announces every answer on window; the page's quizzes say which one.
  window.addEventListener("quizProgressUpdate", () => recordAnswers(document, manifest, store));
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
