// Progress shown outside the assessments: the home-page dashboard, the badge on each module
// page, and "passed" marks in the navigation.

import { courseStatus, dueReviews, nextStep } from "./progress.js";
import { pageUrl, samePage } from "./site.js";

const LABELS = {
  "not-started": (s) => "Not started",
  "in-progress": (s) => `In progress: ${s.answered} of ${s.total} answered`,
  passed: (s) => `Passed (${s.score}%)`,
  failed: (s) => `Not passed (${s.score}%): retake`,
};

export function statusText(s) {
  return LABELS[s.status](s);
}

export function renderDashboard(doc, manifest, state) {
  const status = courseStatus(state, manifest);
  for (const m of status.modules) {
    for (const cell of doc.querySelectorAll(`[data-module-status="${CSS.escape(m.id)}"]`)) {
      cell.textContent = statusText(m);
      cell.dataset.state = m.status;
    }
    for (const action of doc.querySelectorAll(`[data-module-action="${CSS.escape(m.id)}"]`)) {
      const { href, text } = moduleAction(m);
      action.href = pageUrl(href).href;
      action.textContent = text;
    }
    for (const badge of doc.querySelectorAll(`.course-module-badge[data-module-id="${CSS.escape(m.id)}"]`)) {
      badge.textContent = m.status === "passed" ? `You passed this module (${m.score}%).` : m.status === "not-started" ? "" : `Your status: ${statusText(m)}.`;
      badge.dataset.state = m.status;
    }
  }
  for (const cell of doc.querySelectorAll("[data-evaluation-status]")) {
    cell.textContent = status.evaluationDone ? "Done" : "Not done";
    cell.dataset.state = status.evaluationDone ? "passed" : "not-started";
  }
  const passed = status.modules.filter((m) => m.status === "passed").length;
  for (const overall of doc.querySelectorAll("[data-course-overall]")) {
    overall.textContent = status.complete
      ? "You have completed the course: every module is passed and the evaluation is done."
      : `${passed} of ${status.modules.length} modules passed; evaluation ${status.evaluationDone ? "done" : "not done yet"}. Your progress is kept in this browser only.`;
  }
  const next = nextStep(status);
  for (const link of doc.querySelectorAll("[data-course-next]")) {
    const { href, text } = nextStepLink(next, manifest);
    link.href = pageUrl(href).href;
    link.textContent = text;
  }
  markNavigation(doc, status);
  showReviewDue(doc, manifest, state);
}

// Spaced review, when a round is due: how many questions, and the way to them.
function showReviewDue(doc, manifest, state) {
  const box = doc.querySelector("[data-course-review]");
  const page = manifest.learning?.review;
  if (!box || !page) return;
  const open = new Set(dueReviews(state, manifest, new Date()).flatMap((r) => r.open));
  box.hidden = open.size === 0;
  if (!open.size) return;
  const link = doc.createElement("a");
  link.href = pageUrl(page).href;
  link.className = "md-button";
  link.textContent = `Review ${open.size} question${open.size === 1 ? "" : "s"} now`;
  box.replaceChildren(
    doc.createTextNode(`${open.size} question${open.size === 1 ? " is" : "s are"} due for review: what you missed, and some you got right, to see what has stuck. `),
    link);
}

// The one action a module's card offers, from where the learner is in it.
function moduleAction(m) {
  switch (m.status) {
    case "in-progress":
      return { href: m.module.assessment, text: "Continue the assessment" };
    case "failed":
      return { href: m.module.assessment, text: "Retake the assessment" };
    case "passed":
      return { href: m.module.page, text: "Review the module" };
    default:
      return { href: m.module.page, text: "Read the module" };
  }
}

// The learner's next step in the course as a link: {href, text}.
export function nextStepLink(next, manifest) {
  const m = next.module;
  switch (next.kind) {
    case "start":
      return { href: m.module.page, text: `Start module ${m.module.number}: ${m.module.title}` };
    case "continue":
      return {
        href: m.module.assessment,
        text:
          m.status === "failed"
            ? `Retake the assessment of module ${m.module.number}: ${m.module.title}`
            : `Continue module ${m.module.number}: ${m.module.title}`,
      };
    case "evaluation":
      return { href: manifest.course.evaluation, text: "Complete the course evaluation" };
    default:
      return { href: manifest.course.certificate, text: "Get your certificate" };
  }
}

// Marks passed modules in the navigation with a tick and words, never colour alone: on the
// module's section title (visible while collapsed) and on its two pages.
function markNavigation(doc, status) {
  for (const old of doc.querySelectorAll(".course-nav-badge")) old.remove();
  // Page links only: the table of contents' links to sections (#…) get no mark.
  const links = [...doc.querySelectorAll(".md-nav__link[href]")].filter((l) => !new URL(l.href).hash);
  for (const m of status.modules.filter((x) => x.status === "passed")) {
    const targets = [pageUrl(m.module.page).href, pageUrl(m.module.assessment).href];
    const marked = new Set();
    for (const link of links.filter((l) => targets.some((t) => samePage(l.href, t)))) {
      const section = link.closest("li.md-nav__item--nested")?.querySelector(":scope > .md-nav__link");
      for (const target of [link, section]) {
        if (!target || marked.has(target)) continue;
        marked.add(target);
        (target.querySelector(".md-ellipsis") || target).append(badge(doc));
      }
    }
  }
}

function badge(doc) {
  const mark = doc.createElement("span");
  mark.className = "course-nav-badge";
  mark.textContent = "✓";
  const words = doc.createElement("span");
  words.className = "visually-hidden";
  words.textContent = " (passed)";
  mark.append(words);
  return mark;
}
