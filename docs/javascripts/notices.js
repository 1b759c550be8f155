// Tells the learner, at the top of the page, when progress cannot be saved or was reset, and,
// on the certificate page inside an LMS, that the LMS is the record.

import { insideLms } from "./lms-bridge.js";

// Inside an LMS (lms-bridge.js), the provider's LMS records the completion and issues credit:
// the certificate page must not let the learner take its own certificate for the credit.
export const LMS_CERTIFICATE_TEXT = "You are taking this course in your provider's learning management system (LMS). The LMS keeps the record of your completion, and credit is issued by the provider through the LMS. The certificate on this page is your own copy.";

function pageNoticesFor(doc, notices) {
  if (!doc.querySelector("[data-certificate-page]") || !insideLms(doc.defaultView || window)) return notices;
  return [...notices, { kind: "lms", text: LMS_CERTIFICATE_TEXT }];
}

export function showNotices(doc, courseNotices) {
  const notices = pageNoticesFor(doc, courseNotices);
  const article = doc.querySelector("article.md-content__inner") || doc.body;
  let box = article.querySelector(".course-notices");
  if (notices.length === 0) {
    box?.remove();
    return;
  }
  if (!box) {
    box = doc.createElement("div");
    box.className = "course-notices admonition warning";
    box.setAttribute("role", "status");
    const heading = article.querySelector("h1");
    if (heading) heading.after(box);
    else article.prepend(box);
  }
  box.replaceChildren(
    ...notices.map((n) => {
      const p = doc.createElement("p");
      p.dataset.notice = n.kind;
      p.textContent = n.text;
      return p;
    }),
  );
}
