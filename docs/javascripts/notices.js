// Tells the learner, at the top of the page, when progress cannot be saved or was reset.

export function showNotices(doc, notices) {
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
