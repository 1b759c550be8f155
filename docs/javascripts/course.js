// Entry point: loads the learner's state once, then sets up each page as Material shows it
// (instant navigation swaps pages without reloading this module).

import * as store from "./course-state.js";
import { recordAnswers, setUpAssessment } from "./assessment-page.js";
import { setUpCertificate } from "./certificate-page.js";
import { renderDashboard } from "./dashboard.js";
import { setUpEvaluation } from "./evaluation-page.js";
import { showNotices } from "./notices.js";
import { readManifest } from "./site.js";

const manifest = readManifest();

function refresh() {
  showNotices(document, store.pageNotices());
  renderDashboard(document, manifest, store.current());
  setUpAssessment(document, manifest, store);
  setUpEvaluation(document, store);
  setUpCertificate(document, manifest, store);
}

if (manifest) {
  store.load(manifest);
  store.onChange(refresh);
  // mkdocs-quiz announces every answer on window; the page's quizzes say which one.
  window.addEventListener("quizProgressUpdate", () => recordAnswers(document, manifest, store));
  if (window.document$) window.document$.subscribe(refresh);
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", refresh);
  else refresh();
}
