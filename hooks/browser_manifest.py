"""The course manifest: everything the browser needs to track progress by id, built here
and nowhere else. One script per build, named after its content, so a page always runs with
the manifest it was built with (docs/javascripts/ reads it as `globalThis.courseManifest`).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from content_names import content_named
from course_data import Course
from course_pages import SELF_REPORTED
from course_settings import Settings
from pretest import pretest_questions, pretest_uri
from templates import render


def browser_manifest(course: Course, settings: Settings, site_name: str,
                     url_for: Callable[[str], str] = lambda uri: uri) -> dict[str, Any]:
    """Modules, pass marks and question ids and versions, and the course's own pages.
    `url_for` turns a page's source path into its URL relative to the site root."""
    return {
        "modules": [
            {
                "id": m.id,
                "title": m.title,
                "number": m.number,
                "passMark": m.bank.pass_mark,
                "minutes": m.minutes,
                "page": url_for(m.src_uri),
                "assessment": url_for(m.assessment_uri),
                "questions": [{"id": q.id, "version": q.version,
                               "objectives": list(q.objectives)} for q in m.bank.questions],
                "objectives": len(m.objectives),
                **({"pretest": url_for(pretest_uri(m)),
                    "pretestQuestions": [q.id for q in pretest_questions(m)]}
                   if settings.learning.pretest else {}),
            }
            for m in course.modules
        ],
        "learning": {"reviewDays": list(settings.learning.review_days),
                     "review": url_for("review.md") if settings.learning.review_days else None},
        "course": {"title": site_name, "version": settings.version,
                   "preview": settings.preview, "statement": SELF_REPORTED,
                   "certificate": url_for("certificate.md"),
                   "evaluation": url_for("evaluation.md")},
    }


def manifest_script(manifest: dict[str, Any]) -> tuple[str, str]:
    """(site path, text) of the manifest's script, the path carrying a hash of the text."""
    data = json.dumps(manifest, separators=(",", ":"), ensure_ascii=False)
    text = render("course-manifest.js", manifest_json=data)
    return content_named("assets/course-manifest.js", text), text
