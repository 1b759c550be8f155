// Entry point: loads the learner's state once, then sets up each page as Material shows it
// (instant navigation swaps pages without reloading this module).

import * as store from "./course-state.js";
import { renderDashboard } from "./dashboard.js";
import { showNotices } from "./notices.js";
import { manifestMissing, readManifest } from "./site.js";

const manifest = readManifest();

// Code that only one kind of page needs is fetched when such a page is shown, so that a module
// page does not carry the certificate's code. Once fetched, it runs synchronously: an answer's
// status must be on screen in the same frame as mkdocs-quiz's feedback.
const loaded = new Map();
function withCode(load, use) {
  const code = loaded.get(load);
  if (code) return use(code);
  load().then((fetched) => {
    loaded.set(load, fetched);
    use(fetched);
  });
}

const assessment = () => import("./assessment-page.js");
const PAGE_CODE = [
  ["[data-certificate-page]", () => import("./certificate-page.js"),
    (code) => code.setUpCertificate(document, manifest, store)],
  ["form[data-evaluation]", () => import("./evaluation-page.js"),
    (code) => code.setUpEvaluation(document, store)],
  [".course-module-status[data-module-id]", assessment,
    (code) => code.setUpAssessment(document, manifest, store)],
];

function refresh() {
  showNotices(document, store.pageNotices());
  renderDashboard(document, manifest, store.current());
  for (const [selector, load, setUp] of PAGE_CODE) {
    if (document.querySelector(selector)) withCode(load, setUp);
  }
}

if (manifest) {
  store.load(manifest);
  store.onChange(refresh);
  // mkdocs-quiz announces every answer on window; the page's quizzes say which one.
  window.addEventListener("quizProgressUpdate",
    () => withCode(assessment, (code) => code.recordAnswers(document, manifest, store)));
  if (window.document$) window.document$.subscribe(refresh);
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", refresh);
  else refresh();
} else if (manifestMissing()) {
  // Only when the manifest script failed to load (a broken upload, a page cached from an
  // older build): say so rather than let answers go unrecorded without a word.
  const notice = [{
    kind: "no-manifest",
    text: "Progress tracking did not load on this page, so answers given here are not added to your progress. Reload the page to try again; the progress you saved before is not affected.",
  }];
  const show = () => showNotices(document, notice);
  if (window.document$) window.document$.subscribe(show);
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", show);
  else show();
}
