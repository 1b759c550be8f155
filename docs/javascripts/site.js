// Where the site lives and what the course holds, read from the page the build wrote.

// The course manifest (modules, pass marks, question ids and versions): one script per build,
// named after its content, that every page loads before the course's own scripts run.
export function readManifest() {
  const manifest = globalThis.courseManifest;
  return manifest && Array.isArray(manifest.modules) ? manifest : null;
}

// Whether this page should have had a manifest (the script was there but did not load).
export function manifestMissing(doc = document) {
  return readManifest() === null && doc.querySelector("script[data-course-manifest]") !== null;
}

// The manifest this page was built with, as its <head> names it. Material's instant navigation
// swaps the head's tags for the new page's, so after a navigation this names the new page's
// build while the manifest in memory is still the first page's.
export function builtWith(doc = document) {
  return doc.querySelector('meta[name="course-build"]')?.content ?? null;
}

// The site's root URL, from Material's config: right under any sub-path (/course/).
export function siteRoot(doc = document) {
  try {
    const config = JSON.parse(doc.getElementById("__config").textContent);
    return new URL(config.base || ".", doc.location.href);
  } catch {
    return new URL("/", doc.location.href);
  }
}

// A page URL from the manifest ("modules/01-x/"), made absolute.
export function pageUrl(relative, doc = document) {
  return new URL(relative, siteRoot(doc));
}

export function samePage(a, b) {
  const clean = (u) => new URL(u).pathname.replace(/index\.html$/, "");
  return clean(a) === clean(b);
}

export function formatDate(iso) {
  if (!iso) return "";
  return new Date(iso).toLocaleDateString("en-US", { year: "numeric", month: "long", day: "numeric" });
}

// Runs `show` for every page the learner sees: on each of Material's instant navigations, or
// once when the page has loaded where Material's `document$` is not there.
export function onEveryPage(show) {
  if (window.document$) window.document$.subscribe(() => show());
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", () => show());
  else show();
}

// Hands the learner a file made in the page (the completion record, calendar reminders).
export function saveFile(doc, text, name, type) {
  const link = doc.createElement("a");
  link.href = URL.createObjectURL(new Blob([text], { type }));
  link.download = name;
  doc.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 1000);
}
