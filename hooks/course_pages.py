"""Turn course data into page Markdown: decorated module pages and generated pages.

Pure functions of the validated course (see course_model); the hooks only call them.
"""

from __future__ import annotations

import math
import re

from course_model import (
    CITATION,
    EVIDENCE,
    EVIDENCE_LEVELS,
    Course,
    Module,
    citation_keys,
    parse_evidence,
)
from templates import macro, render

H1 = re.compile(r"^#[ \t]+.+$", re.M)
FENCE = re.compile(r"^[ \t]*(`{3,}|~{3,}).*?^[ \t]*\1", re.M | re.S)


def evidence_legend() -> str:
    badge = macro("markers.html", "evidence")
    samples = [badge(level, label, 25 if level == "human randomised" else None)
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

    def outside_code(text: str) -> str:
        return EVIDENCE.sub(evidence, CITATION.sub(citation, text))

    out, last = [], 0
    for fence in FENCE.finditer(markdown):
        out.append(outside_code(markdown[last:fence.start()]))
        out.append(fence.group(0))
        last = fence.end()
    out.append(outside_code(markdown[last:]))
    return "".join(out)


def module_markdown(markdown: str, module: Module, course: Course) -> str:
    """A module page as learners see it: notice and objectives under the title, then the
    text with its markers rendered, then takeaways, the assessment link and references."""
    assessment_link = f"{module.stem}/assessment.md"
    start = render("module_start.md.j2", module=module, assessment_link=assessment_link,
                   pass_mark=pass_mark_text(module.bank.pass_mark),
                   evidence_legend=evidence_legend())
    references = [course.references[key] for key in module.citations]
    end = render("module_end.md.j2", module=module, assessment_link=assessment_link,
                 pass_mark=pass_mark_text(module.bank.pass_mark), references=references,
                 reference_list=render("reference_list.html", references=references))
    body = expand_markers(markdown, module.citations)
    title = H1.search(body)
    # The notice and objectives go right under the title, before the learner reads on.
    body = body[: title.end()] + "\n\n" + start + body[title.end():] if title else start + body
    return body.rstrip() + "\n" + end


def assessment_markdown(module: Module, course: Course) -> str:
    """The generated assessment page: the bank's questions as mkdocs-quiz blocks, each
    wrapped in an element carrying the module and question ids for progress tracking."""
    return render(
        "assessment.md.j2", module=module, questions=module.bank.questions,
        references=course.references, module_link=f"../{module.stem}.md",
        pass_mark=pass_mark_text(module.bank.pass_mark), needed=questions_needed(module),
    )
