// Run in a page of the built course on a phone (test_phone.py): what is wider than the screen,
// a link in running text smaller than a 24 x 24 px target (WCAG 2.2, 2.5.8), or reading text
// smaller than 16 px. Returns one line per problem.
() => {
  const found = [];
  const width = document.documentElement.clientWidth;
  if (document.documentElement.scrollWidth > width) {
    const wide = [...document.querySelectorAll("body *")]
      .filter((e) => e.getBoundingClientRect().right > width + 1 && !e.closest(".md-typeset__scrollwrap, .md-sidebar, .md-search, pre"))
      .slice(0, 3).map((e) => e.outerHTML.slice(0, 80));
    found.push(`page ${document.documentElement.scrollWidth} px wide on a ${width} px screen: ${wide.join(" | ")}`);
  }
  const shown = (e) => e.getClientRects().length && !e.closest("[hidden], details:not([open]) > :not(summary)");
  const links = document.querySelectorAll(
    ".md-content :is(p, li, td, th, dd) a[href]:not(.md-button, .headerlink), .md-content sup.citation a");
  for (const a of [...links].filter(shown)) {
    const r = a.getBoundingClientRect();
    if (r.width < 24 || r.height < 24) found.push(`target ${r.width.toFixed(1)} x ${r.height.toFixed(1)} px: ${a.outerHTML.slice(0, 80)}`);
  }
  const text = document.querySelectorAll(".md-content :is(p, li, td, th, dd, label, summary, legend)");
  for (const e of [...text].filter(shown)) {
    const size = parseFloat(getComputedStyle(e).fontSize);
    if (size < 16 && e.textContent.trim()) found.push(`text ${size} px: ${e.outerHTML.slice(0, 80)}`);
  }
  return found;
}
