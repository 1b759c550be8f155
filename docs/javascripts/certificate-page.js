// The certificate page: what remains while locked; the claim form; the certificate itself,
// printable, with a downloadable completion record. Learner text is only ever set as text.

import { claimCertificate, completionRecord, courseStatus, newCertificateId } from "./progress.js";
import { formatDate, pageUrl, saveFile } from "./site.js";

export function setUpCertificate(doc, manifest, store) {
  const page = doc.querySelector("[data-certificate-page]");
  if (!page) return;
  const details = {
    accredited: page.dataset.accredited === "true",
    maxCredits: Number(page.dataset.maxCredits),
    creditType: page.dataset.creditType,
  };
  if (!page.dataset.ready) {
    page.dataset.ready = "1";
    bind(doc, page, manifest, store, details);
  }
  render(doc, page, manifest, store.current(), details);
}

function render(doc, page, manifest, state, details, editing = false) {
  const status = courseStatus(state, manifest);
  const locked = page.querySelector("[data-certificate-locked]");
  const claim = page.querySelector("[data-certificate-claim]");
  const issued = page.querySelector("[data-certificate-issued]");
  locked.hidden = status.complete;
  locked.style.visibility = ""; // kept unseen in the page until now (certificate.html)
  claim.hidden = !status.complete || (Boolean(state.certificate) && !editing);
  issued.hidden = !status.complete || !state.certificate || editing;
  if (!status.complete) {
    page.querySelector("[data-certificate-remaining]").replaceChildren(...remaining(doc, status, manifest));
  } else if (state.certificate && !editing) {
    fillCertificate(doc, page, status, state, details);
  } else {
    prefill(page, state.certificate, details);
  }
}

function remaining(doc, status, manifest) {
  const items = [];
  for (const m of status.modules.filter((x) => x.status !== "passed")) {
    const why =
      m.status === "failed"
        ? `score ${m.score}% is below the pass mark of ${m.module.passMark}%: retake the assessment`
        : m.status === "in-progress"
          ? `${m.answered} of ${m.total} questions answered; pass mark ${m.module.passMark}%`
          : `not started; pass mark ${m.module.passMark}%`;
    items.push(item(doc, `Module ${m.module.number}: ${m.module.title}`, m.status === "not-started" ? m.module.page : m.module.assessment, ` (${why})`));
  }
  if (!status.evaluationDone) items.push(item(doc, "The course evaluation", manifest.course.evaluation, " (not done)"));
  return items;
}

function item(doc, label, href, suffix) {
  const li = doc.createElement("li");
  const a = doc.createElement("a");
  a.href = pageUrl(href).href;
  a.textContent = label;
  li.append(a, doc.createTextNode(suffix));
  return li;
}

function prefill(page, certificate, details) {
  const form = page.querySelector("[data-certificate-form]");
  if (!certificate) return;
  form.elements.name.value = certificate.name;
  form.elements.credentials.value = certificate.credentials;
  if (details.accredited && certificate.credits) form.elements.credits.value = certificate.credits;
  const pars = certificate.pars;
  if (!details.accredited || !pars) return;
  const license = pars.licenses[0] || { state: "", number: "" };
  const values = {
    parsConsent: pars.consentToReport, firstName: pars.firstName, lastName: pars.lastName,
    birthMonth: pars.birthMonth, birthDay: pars.birthDay, licenseState: license.state,
    licenseNumber: license.number, boardId: pars.boardId,
  };
  for (const [name, value] of Object.entries(values)) {
    const field = form.elements[name];
    if (field.type === "checkbox") field.checked = Boolean(value);
    else field.value = value ?? "";
  }
}

// The learner's details for ACCME's PARS, kept only with their consent (Standards for
// Integrity and Independence: learner data goes to no one else without it). The rules are
// the ones `course records` checks (hooks/completion_records.py).
function readPars(form) {
  const el = form.elements;
  if (!el.parsConsent.checked) return { pars: null, parsProblems: [] };
  const text = (name) => el[name].value.trim().replace(/\s+/g, " ");
  const pars = {
    consentToReport: true,
    firstName: text("firstName"),
    lastName: text("lastName"),
    birthMonth: Number(el.birthMonth.value) || null,
    birthDay: Number(el.birthDay.value) || null,
    licenses: el.licenseState.value && text("licenseNumber")
      ? [{ state: el.licenseState.value, number: text("licenseNumber") }] : [],
    boardId: text("boardId"),
  };
  const problems = [];
  if (!pars.firstName || !pars.lastName) problems.push("enter your first and last name for reporting");
  // Any year: 29 February is a birthday too (2000 was a leap year).
  const days = pars.birthMonth ? new Date(Date.UTC(2000, pars.birthMonth, 0)).getUTCDate() : 31;
  if (!pars.birthMonth || !Number.isInteger(pars.birthDay) || pars.birthDay < 1 || pars.birthDay > days) {
    problems.push("choose your month of birth and enter a day of birth that exists in it");
  }
  // A spreadsheet runs a cell that starts with = + - or @ as a formula: the provider's batch
  // file must not carry one (`course records` refuses such a record too).
  const formula = [pars.firstName, pars.lastName, text("licenseNumber"), pars.boardId].some((v) => /^[=+\-@]/.test(v));
  if (formula) problems.push("start names, the licence number and the board ID with a letter or digit, not = + - or @");
  if (Boolean(el.licenseState.value) !== Boolean(text("licenseNumber"))) {
    problems.push("give both the licensing state and the licence number, or neither");
  } else if (!pars.licenses.length && !pars.boardId) {
    problems.push("give a licensing state and licence number, or a certifying-board ID");
  }
  return { pars, parsProblems: problems };
}

function fillCertificate(doc, page, status, state, details) {
  const field = (name) => page.querySelector(`[data-field="${name}"]`);
  const cert = state.certificate;
  field("name").textContent = cert.name;
  field("credentials").textContent = cert.credentials;
  field("credentials-sep").hidden = !cert.credentials;
  field("date").textContent = formatDate(status.completedAt);
  if (details.accredited) field("credits").textContent = String(cert.credits);
  field("id").textContent = cert.id;
  field("scores").replaceChildren(
    ...status.modules.map((m) => {
      const row = doc.createElement("tr");
      for (const text of [`${m.module.number}. ${m.module.title}`, `${m.score}% (${m.status === "passed" ? "passed" : "not passed"})`, `${m.module.passMark}%`]) {
        const cell = doc.createElement("td");
        cell.textContent = text;
        row.append(cell);
      }
      return row;
    }),
  );
}

function bind(doc, page, manifest, store, details) {
  const form = page.querySelector("[data-certificate-form]");
  const error = page.querySelector("[data-certificate-error]");
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    event.stopPropagation();
    const problems = [];
    const name = form.elements.name.value.trim().replace(/\s+/g, " ");
    const credentials = form.elements.credentials.value.trim().replace(/\s+/g, " ");
    if (!name) problems.push("enter your name as it should appear on the certificate");
    let credits = null;
    if (details.accredited) {
      credits = Number(form.elements.credits.value);
      const quarter = Number.isFinite(credits) && Math.abs(credits * 4 - Math.round(credits * 4)) < 1e-9;
      if (!quarter || credits < 0.25 || credits > details.maxCredits) {
        problems.push(`claim between 0.25 and ${details.maxCredits} credits, in steps of 0.25`);
      }
    }
    const { pars, parsProblems } = details.accredited ? readPars(form) : { pars: null, parsProblems: [] };
    problems.push(...parsProblems);
    if (!form.elements.attest.checked) problems.push("tick the attestation");
    if (problems.length) {
      error.hidden = false;
      error.textContent = `Please ${problems.join("; ")}.`;
      return;
    }
    error.hidden = true;
    const random = crypto.getRandomValues(new Uint8Array(12));
    store.update((s) => claimCertificate(s, { name, credentials, credits, pars }, new Date(), newCertificateId(random)));
    render(doc, page, manifest, store.current(), details);
    page.querySelector("[data-certificate-print]").focus();
  });
  page.querySelector("[data-certificate-print]").addEventListener("click", () => doc.defaultView.print());
  page.querySelector("[data-certificate-edit]").addEventListener("click", () => {
    render(doc, page, manifest, store.current(), details, true);
    form.elements.name.focus();
  });
  page.querySelector("[data-certificate-download]").addEventListener("click", () => {
    const record = completionRecord(store.current(), manifest, details, new Date());
    saveFile(doc, JSON.stringify(record, null, 2), `completion-record-${record.certificateId || "exosome-cme"}.json`, "application/json");
  });
}
