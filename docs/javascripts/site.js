// Where the site lives and what the course holds, read from the page the build wrote.

export function readManifest(doc = document) {
  const node = doc.getElementById("course-manifest");
  if (!node) return null;
  try {
    return JSON.parse(node.textContent);
  } catch {
    return null;
  }
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
