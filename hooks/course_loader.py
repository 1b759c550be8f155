"""Load the whole course: banks, module pages and references, linked and checked together.

Pure: reads files, returns a `Course` or raises `CourseError` listing every problem found.
It knows nothing of MkDocs, so `course check`, the build hooks and the tests share it.
"""

from __future__ import annotations

import re
from pathlib import Path

from bank_loader import load_bank, load_references
from course_data import Bank, Course, Heading, Module
from markers import scan_markers
from page_loader import MODULE_FIELDS, PageSource, page_headings, read_page, scan_other_pages
from problems import Checker, CourseError, Problem, closest, found, sorted_problems
from study_time import override_problem, study_time

BANK_GLOB = "[0-9]*.yml"
REFERENCES_FILE = "references.yml"


def load_course(root: Path, docs_dir: Path | None = None,
                quizzes_dir: Path | None = None) -> Course:
    """Load and check everything; raise CourseError listing every problem found."""
    docs_dir = docs_dir or root / "docs"
    quizzes_dir = quizzes_dir or root / "quizzes"
    problems: list[Problem] = []

    references, ref_problems = load_references(quizzes_dir / REFERENCES_FILE, root)
    problems += ref_problems

    banks: dict[str, Bank] = {}
    broken: set[str] = set()  # modules whose bank exists but has problems of its own
    question_ids: dict[str, str] = {}
    for path in sorted(quizzes_dir.glob(BANK_GLOB)):
        bank, bank_problems = load_bank(path, root)
        problems += bank_problems
        if bank is None:
            broken.update({path.stem, _claimed_module(path)})
            continue
        for q in bank.questions:
            if q.id in question_ids:
                problems.append(Problem(bank.file, q.line, f"id {q.id}", "this question id is "
                                        f"already used in {question_ids[q.id]}.",
                                        "give this question a new id that no other question "
                                        "has."))
            else:
                question_ids[q.id] = f"{bank.file}"
            for k, ref in enumerate(q.references):
                if ref not in references:
                    close = closest(ref, references)
                    problems.append(Problem(bank.file, q.line, f"id {q.id}: references[{k}]",
                                            f"the reference `{ref}` is not in "
                                            "quizzes/references.yml.",
                                            (f"did you mean `{close}`? " if close else "")
                                            + "add it there or correct the key."))
        if bank.module in banks:
            problems.append(Problem(bank.file, None, "module", f"module `{bank.module}` "
                                    f"already has a bank, {banks[bank.module].file}.",
                                    "merge the two banks into one file."))
        else:
            banks[bank.module] = bank

    modules: list[Module] = []
    module_ids: set[str] = set()
    claimed: set[str] = set()  # ids named by module pages, broken ones included
    module_dir = docs_dir / "modules"
    pages = sorted(module_dir.glob("*.md")) if module_dir.is_dir() else []
    for number, path in enumerate(pages, start=1):
        page = read_page(path, docs_dir, root)
        problems += page.problems
        if page.meta is None and page.problems:
            continue  # unreadable, or broken front matter: that problem says it all
        meta = page.meta.data if page.meta else None
        check = Checker(page.rel, page.meta)
        course_meta = meta.get("course") if isinstance(meta, dict) else None
        if course_meta is None:
            check.add((), "this module page has no `course:` block in its front matter.",
                      "start the page with front matter holding `course:` and its `module:`, "
                      "`minutes:`, `objectives:` and `takeaways:` (copy docs/modules/"
                      "_template.md.example).", line=1)
            problems += check.problems
            continue
        if isinstance(course_meta, dict) and isinstance(course_meta.get("module"), str):
            claimed.add(course_meta["module"])
        if not check.fields(course_meta, MODULE_FIELDS, ("course",), "the module's `course:` "
                            "block"):
            problems += check.problems
            continue
        for name in ("objectives", "takeaways"):
            items = course_meta.get(name)
            if isinstance(items, list):
                if not items:
                    check.add(("course", name), f"`{name}` is an empty list.",
                              f"add at least one item under `{name}:`.")
                for k, item in enumerate(items):
                    if isinstance(item, dict):  # `- Text [evidence: x]`: YAML saw `key: value`
                        check.add(("course", name, k), "this line was read as `key: value` "
                                  "because it holds a colon followed by a space (as in "
                                  "`[evidence: animal]`).", "put the whole line in double "
                                  "quotes: `- \"… [evidence: animal]\"`.")
                    elif not isinstance(item, str) or not item.strip():
                        check.add(("course", name, k), f"expected text, found {found(item)}.",
                                  "write each item as a line of text after `- `.")
        headings = page_headings(page.body, page.body_line)
        title = (meta.get("title") if isinstance(meta.get("title"), str) else None) or next(
            (h.text for h in headings if h.level == 1), None)
        if not title:
            check.add((), "the module page has no title.", "start the text with a "
                      "`# Title` line.", line=page.body_line)
        cited, marker_problems = scan_markers(page.body, page.body_line, page.rel, references)
        problems += check.problems + marker_problems
        if check.problems:
            continue
        mid = course_meta["module"]
        if mid in module_ids:
            problems.append(Problem(page.rel, page.meta.line(("course", "module")) if page.meta
                                    else None, "course.module", f"module id `{mid}` is used "
                                    "by another module page.", "give each module its own id."))
            continue
        module_ids.add(mid)
        bank = banks.get(mid)
        if bank is None and (mid in broken or path.stem in broken):
            continue  # that bank's own problems are reported already
        if bank is None:
            problems.append(Problem(page.rel, page.meta.line(("course", "module")) if page.meta
                                    else None, "course.module", f"no bank in quizzes/ has "
                                    f"`module: {mid}`.", f"create quizzes/{path.stem}.yml with "
                                    f"`module: {mid}`, or correct the id here."))
            continue
        for q in bank.questions:
            if q.section and not any(h.text == q.section for h in headings):
                problems.append(Problem(bank.file, q.line, f"id {q.id}: section",
                                        f"the section `{q.section}` is not a heading in "
                                        f"{page.rel}.", "copy the heading's text exactly "
                                        f"(headings there: {_heading_list(headings)})."))
        objectives = tuple(o.strip() for o in course_meta["objectives"])
        takeaways = tuple(t.strip() for t in course_meta["takeaways"])
        for k, point in enumerate(takeaways):  # takeaways carry labels and citations too
            more, takeaway_problems = scan_markers(
                point, page.meta.line(("course", "takeaways", k)) or 1 if page.meta else 1,
                page.rel, references)
            problems += takeaway_problems
            cited += [key for key in more if key not in cited]
        problems += blueprint_problems(bank, objectives, page)
        study = study_time(page.body, (*objectives, *takeaways), bank.questions)
        minutes, why = course_meta.get("minutes"), course_meta.get("minutes_reason")
        meta_line = page.meta.line if page.meta else (lambda _p: None)
        if why is not None and minutes is None:
            problems.append(Problem(page.rel, meta_line(("course", "minutes_reason")),
                                    "course.minutes_reason", "`minutes_reason` is given "
                                    "without `minutes`.", "remove `minutes_reason`, or add the "
                                    "`minutes:` it explains."))
        elif minutes is not None and why is None and (
                msg := override_problem(minutes, study.minutes)):
            problems.append(Problem(page.rel, meta_line(("course", "minutes")),
                                    "course.minutes", msg, f"remove `minutes:` to use "
                                    f"{study.minutes}, or add `minutes_reason:` saying why "
                                    "the module needs that time."))
        modules.append(Module(
            id=mid, src_uri=page.src_uri, title=title.strip(), number=number,
            minutes=minutes if minutes is not None else study.minutes,
            objectives=objectives, takeaways=takeaways,
            headings=headings, citations=tuple(cited), bank=bank, study=study,
            minutes_override=minutes is not None))

    for mid, bank in banks.items():
        if mid not in claimed:
            problems.append(Problem(bank.file, 1, "module", f"no module page in docs/modules/ "
                                    f"has `module: {mid}` in its `course:` front matter.",
                                    "correct `module:` here to a module's id, or add the "
                                    "module page."))
    page_citations, page_problems = scan_other_pages(docs_dir, root, module_dir, references)
    problems += page_problems
    course = Course(tuple(modules), references, page_citations)
    if problems:
        raise CourseError(sorted_problems(problems), partial=course)
    return course


def blueprint_problems(bank: Bank, objectives: tuple[str, ...],
                       page: PageSource) -> list[Problem]:
    """The test blueprint: every objective is tested, every question tests a real one."""
    problems = []
    for q in bank.questions:
        for k, number in enumerate(q.objectives):
            if number > len(objectives):
                problems.append(Problem(
                    bank.file, q.line_of("objectives"), f"id {q.id}: objectives[{k}]",
                    f"objective {number} does not exist: {page.rel} lists "
                    f"{len(objectives)} objective{'s' if len(objectives) != 1 else ''}.",
                    f"use a number from 1 to {len(objectives)}, or add the objective to the "
                    "module page's `objectives:`."))
    for n, _text in enumerate(objectives, start=1):
        if not any(n in q.objectives for q in bank.questions):
            problems.append(Problem(
                page.rel, page.meta.line(("course", "objectives", n - 1)) if page.meta
                else None, f"course.objectives[{n - 1}]",
                f"objective {n} is tested by no question in {bank.file}.",
                f"add `{n}` to the `objectives:` of a question that tests it, write a "
                "question for it, or remove the objective."))
    return problems


def _claimed_module(path: Path) -> str:
    """The `module:` a broken bank names, if its line can be read at all (no YAML parsing:
    the file is broken, perhaps on purpose)."""
    text = path.read_bytes().decode("utf-8", errors="replace")
    m = re.search(r"^module:[ \t]*[\"']?([a-z0-9-]+)", text, re.M)
    return m.group(1) if m else path.stem


def _heading_list(headings: tuple[Heading, ...]) -> str:
    names = [f"`{h.text}`" for h in headings if h.level > 1]
    return ", ".join(names[:12]) + (" …" if len(names) > 12 else "") if names else "none"

