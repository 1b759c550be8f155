"""Turn course data into page Markdown: decorated module pages and generated pages.

Pure functions of the validated course (see course_model); the hooks only call them.
"""

from __future__ import annotations

import calendar
import math
import posixpath
import re
from collections.abc import Callable
from typing import Any

from course_model import (
    CITATION,
    EVIDENCE,
    EVIDENCE_LEVELS,
    EVIDENCE_MEANING,
    Course,
    Module,
    Settings,
    citation_keys,
    outside_code,
    parse_evidence,
)
from licensing_states import LICENSING_STATES
from pretest import pretest_questions, pretest_uri  # noqa: F401 (re-exported for the hook)
from study_time import METHOD as STUDY_METHOD
from study_time import WORDS_PER_MINUTE, max_credit_hours
from templates import front_matter, macro, render

H1 = re.compile(r"^#[ \t]+.+$", re.M)
MONTHS = tuple(calendar.month_name)[1:]  # English: Python's calendar under the C locale

# What the certificate is, said the same way on the page, on the certificate and in the record.
SELF_REPORTED = ("Completion is self-reported: the record of answers and scores is kept in the "
                 "learner's own browser, not checked by a server. A provider can re-check the "
                 "answers in the completion record against the course's question banks.")


def evidence_legend() -> str:
    badge = macro("markers.html", "evidence")
    samples = [badge(level, label, None)
               for level, label in EVIDENCE_LEVELS.items()]
    return ", ".join(samples)


def pass_mark_text(value: float) -> str:
    return f"{value:g}"


def questions_needed(module: Module) -> int:
    """Correct answers needed to reach the pass mark."""
    return math.ceil(len(module.bank.questions) * module.bank.pass_mark / 100 - 1e-9)


def expand_markers(markdown: str, order: tuple[str, ...]) -> str:
    """Replace `[@key]` with numbered links and `[evidence: …]` with labels, outside code."""
    cite = macro("markers.html", "cite")
    badge = macro("markers.html", "evidence")
    number = {key: i for i, key in enumerate(order, start=1)}

    def citation(m: re.Match[str]) -> str:
        keys = citation_keys(m.group(1))
        return str(cite([(number[k], k) for k in keys if k in number]))

    def evidence(m: re.Match[str]) -> str:
        parsed = parse_evidence(m.group(1))
        if parsed is None:  # the model reported it already; leave the text visible
            return m.group(0)
        level, n = parsed
        return str(badge(level, EVIDENCE_LEVELS[level], n))

    return outside_code(markdown,
                        lambda text: EVIDENCE.sub(evidence, CITATION.sub(citation, text)))


def module_markdown(markdown: str, module: Module, course: Course,
                    literature_searched: str | None = None, pretest: bool = False) -> str:
    """A module page as learners see it: notice and objectives under the title, then the
    text with its markers rendered, then takeaways, the assessment link and references."""
    assessment_link = f"{module.stem}/assessment.md"
    start = render("module_start.md.j2", module=module, assessment_link=assessment_link,
                   literature_searched=literature_searched,
                   pretest_link=f"{module.stem}/pretest.md" if pretest else None,
                   pretest_size=len(pretest_questions(module)),
                   pass_mark=pass_mark_text(module.bank.pass_mark),
                   evidence_legend=evidence_legend())
    references = [course.references[key] for key in module.citations]
    end = render("module_end.md.j2", module=module, assessment_link=assessment_link,
                 pass_mark=pass_mark_text(module.bank.pass_mark), references=references,
                 takeaways=[expand_markers(t, module.citations) for t in module.takeaways],
                 reference_list=render("reference_list.html", references=references))
    body = expand_markers(markdown, module.citations)
    title = H1.search(body)
    # The notice and objectives go right under the title, before the learner reads on.
    body = body[: title.end()] + "\n\n" + start + body[title.end():] if title else start + body
    return body.rstrip() + "\n" + end


def cited_page_markdown(markdown: str, src_uri: str, course: Course) -> str:
    """Any other page that cites: numbered citations, labels, and its sources at the end."""
    keys = course.page_citations.get(src_uri, ())
    references = [course.references[key] for key in keys]
    # A plain list: the reviewers' notes on a source are for clinicians, not for patients.
    return render("page_sources.md.j2", body=expand_markers(markdown, keys).rstrip(),
                  references=references,
                  reference_list=render("reference_list.html", references=references,
                                        notes=False))


def short_title(nav_title: str, module: Module) -> str:
    """The module's name as the navigation gives it, without its number: "2. Skin
    rejuvenation" gives "Skin rejuvenation"."""
    return re.sub(rf"^\s*{module.number}\s*[.:)]\s*", "", nav_title).strip() or module.title


def page_title(module: Module, name: str, kind: str) -> str:
    """A module page's title in the browser: "Module 2: Skin rejuvenation — reading"."""
    return f"Module {module.number}: {name} — {kind}"


def assessment_markdown(module: Module, course: Course) -> str:
    """The generated assessment page: the bank's questions as mkdocs-quiz blocks, each
    wrapped in an element carrying the module and question ids for progress tracking."""
    # Excluded from search: the index would publish the answer key.
    meta = {"title": f"Assessment: {module.title}", "search": {"exclude": True},
            "quiz": {"enabled": True}, "course": {"assessment": module.id}}
    return render(
        "assessment.md.j2", front_matter=front_matter(meta), module=module,
        questions=module.bank.questions,
        references=course.references, module_link=f"../{module.stem}.md",
        pass_mark=pass_mark_text(module.bank.pass_mark), needed=questions_needed(module),
    )


def pretest_markdown(module: Module, title: str) -> str:
    """The generated pre-test page of a module (see pretest.py), titled `title`."""
    meta = {"title": title, "search": {"exclude": True}}
    return render("pretest.md.j2", front_matter=front_matter(meta), module=module,
                  questions=pretest_questions(module), module_link=f"../{module.stem}.md")


# --------------------------------------------------------------------------- placeholders

PLACEHOLDER = re.compile(r"<!--\s*course:([a-z-]+)\s*-->")
PLACEHOLDERS = ("dashboard", "summary", "objectives", "accreditation", "faculty", "dates",
                "contact", "audience", "evidence-levels", "study-time", "learning")


class PlaceholderError(ValueError):
    """An unknown `<!-- course:… -->` placeholder in a page."""


def md_link(from_uri: str, to_uri: str) -> str:
    """A Markdown link target from one source page to another; MkDocs resolves it."""
    return posixpath.relpath(to_uri, posixpath.dirname(from_uri) or ".")


def fill_placeholders(markdown: str, course: Course, settings: Settings, site_name: str,
                      page_uri: str) -> str:
    """Replace `<!-- course:name -->` with generated Markdown, so educators keep writing the
    page's prose while the figures (minutes, statements, objectives) come from the course."""

    def replace(m: re.Match[str]) -> str:
        name = m.group(1)
        if name not in PLACEHOLDERS:
            raise PlaceholderError(
                f"unknown placeholder `<!-- course:{name} -->`. Fix: use one of "
                + ", ".join(f"`<!-- course:{p} -->`" for p in PLACEHOLDERS) + ".")
        return render(f"placeholders/{name}.md.j2", **_context(course, settings, site_name,
                                                               page_uri))

    return PLACEHOLDER.sub(replace, markdown)


def _context(course: Course, settings: Settings, site_name: str,
             page_uri: str) -> dict[str, Any]:
    pass_marks = sorted({m.bank.pass_mark for m in course.modules})
    return {
        "course": course, "settings": settings, "site_name": site_name,
        "link": lambda uri: md_link(page_uri, uri),
        "hours": hours_text(course.total_minutes),
        "questions": sum(len(m.bank.questions) for m in course.modules),
        "pass_marks": [pass_mark_text(p) for p in pass_marks],
        "pass_mark_text": pass_mark_text,
        "evidence_levels": [(macro("markers.html", "evidence")(level, label, None),
                             EVIDENCE_MEANING[level]) for level, label in EVIDENCE_LEVELS.items()],
        "study_method": STUDY_METHOD, "words_per_minute": WORDS_PER_MINUTE,
        "credit_limit": max_credit_hours(course.total_minutes),
    }


def hours_text(minutes: int) -> str:
    """`390` -> `6 hours 30 minutes (6.5 hours)`."""
    h, m = divmod(minutes, 60)
    parts = ([f"{h} hour{'s' if h != 1 else ''}"] if h else []) + ([f"{m} minutes"] if m else [])
    return f"{' '.join(parts)} ({round(minutes / 60, 2):g} hours)" if h else parts[0]


# --------------------------------------------------------------------------- generated pages


def references_page(course: Course, settings: Settings, site_name: str) -> str:
    # By module id: comparing Module objects would compare whole question banks.
    cited_in: dict[str, dict[str, Module]] = {}
    for module in course.modules:
        for key in (*module.citations, *(k for q in module.bank.questions for k in q.references)):
            cited_in.setdefault(key, {}).setdefault(module.id, module)
    refs = sorted(course.references.values(), key=lambda r: r.label.lower())
    return render("references.md.j2", references=refs,
                  cited_in={key: list(by_id.values()) for key, by_id in cited_in.items()},
                  link=lambda uri: md_link("references.md", uri))


def evaluation_page(course: Course, settings: Settings, site_name: str) -> str:
    return render("evaluation.md.j2", site_name=site_name, learning=settings.learning,
                  certificate_link=md_link("evaluation.md", "certificate.md"),
                  follow_up_link=md_link("evaluation.md", "follow-up.md"))


def follow_up_page(course: Course, settings: Settings, site_name: str) -> str:
    return render("follow_up.md.j2", learning=settings.learning,
                  evaluation_link=md_link("follow-up.md", "evaluation.md"))


def certificate_page(course: Course, settings: Settings, site_name: str) -> str:
    return render("certificate.md.j2", settings=settings, self_reported=SELF_REPORTED,
                  evaluation_link=md_link("certificate.md", "evaluation.md"),
                  form=render("certificate.html", settings=settings, site_name=site_name,
                              self_reported=SELF_REPORTED, course=course,
                              licensing_states=LICENSING_STATES, months=MONTHS,
                              pass_mark_text=pass_mark_text,
                              link=lambda uri: md_link("certificate.md", uri)))


def review_page(course: Course, settings: Settings, site_name: str) -> str:
    # Excluded from search, as the assessments are: it holds every answer.
    meta = {"title": "Review", "search": {"exclude": True}}
    return render("review.md.j2", front_matter=front_matter(meta), course=course,
                  days=settings.learning.review_days)


GENERATED_PAGES: dict[str, Callable[[Course, Settings, str], str]] = {
    "references.md": references_page,
    "evaluation.md": evaluation_page,
    "certificate.md": certificate_page,
    "follow-up.md": follow_up_page,
    "review.md": review_page,
}


def generated_pages(settings: Settings) -> dict[str, Callable[[Course, Settings, str], str]]:
    """The pages the build writes: the follow-up only when commitments are asked for, the
    review only when spaced review is on."""
    wanted = {"follow-up.md": settings.learning.commitments,
              "review.md": bool(settings.learning.review_days)}
    return {uri: make for uri, make in GENERATED_PAGES.items() if wanted.get(uri, True)}
