"""`extra.course` in mkdocs.yml: dates, faculty, accreditation; preview or release."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from course_data import Course
from learning_settings import Learning, load_learning
from problems import Checker, CourseError, Field, Path_, Problem, key_path
from release import PLACEHOLDER, placeholders, without_placeholders
from study_time import max_credit_hours

FACULTY_FIELDS = {
    "name": Field(str, True, "the person's name"),
    "credentials": Field(str, False, "degrees and titles, e.g. `MD, PhD`"),
    "role": Field(str, True, "their role, e.g. `Author` or `Planner and reviewer`"),
    "disclosure": Field(str, True, "their financial relationships with ineligible companies "
                        "in the past 24 months, or `No relevant financial relationships.`"),
}
SETTINGS_FIELDS = {
    "version": Field(str, True, "the course version shown on certificates, e.g. `\"1.0\"` "
                     "(in quotes)"),
    "release_date": Field(str, True, "the original release date, `YYYY-MM-DD` in quotes",
                          lambda v: date_check(v)),
    "review_date": Field(str, True, "the date of the most recent review, `YYYY-MM-DD` in "
                         "quotes", lambda v: date_check(v)),
    "termination_date": Field(str, True, "the date after which credit is no longer offered "
                              "(at most 3 years after release or review), `YYYY-MM-DD` in "
                              "quotes", lambda v: date_check(v)),
    "publisher": Field(str, False, "the organisation offering the course"),
    "contact": Field(str, True, "an e-mail address or web page where learners can reach you"),
    "audience": Field(str, True, "who the course is for"),
    "faculty": Field(list, True, "a list of faculty and planners, each with `name:`, `role:` "
                     "and `disclosure:`"),
    "mitigation": Field(str, False, "how relevant financial relationships were mitigated"),
    "provider": Field(str, False, "the accredited provider's name (leave empty if the course "
                      "is not accredited)"),
    "accreditation_statement": Field(str, False, "the provider's accreditation statement"),
    "credit_designation": Field(str, False, "the credit designation statement"),
    "credit_type": Field(str, False, "the credit type, e.g. `AMA PRA Category 1 Credit™`"),
    "literature_searched": Field(str, False, "the date the literature was last searched for "
                                 "this version, `YYYY-MM-DD` in quotes",
                                 lambda v: date_check(v)),
    "learning": Field(dict, False, "what the course asks of the learner beyond the "
                      "post-test: `pretest:`, `review_days:`, `commitments:` and "
                      "`follow_up_days:` (see README, \"Learning that lasts\")"),
    "max_credits": Field((int, float), False, "the maximum credit, in quarter-hour steps, "
                         "e.g. `6.5`", lambda v: None if v > 0 and (v * 4) == int(v * 4)
                         else f"{v} is not a positive multiple of 0.25."),
    # Only `course records` reads it, for the PARS learner batch; optional because a course
    # is registered in PARS after it is written (and only when it offers credit).
    "accme_activity_id": Field(str, False, "the activity's ID in ACCME's PARS, digits in "
                               "quotes, e.g. `\"202612345\"` (optional; fills the batch "
                               "that `course records` writes)",
                               lambda v: None if (v.isascii() and v.isdigit())
                               or PLACEHOLDER.search(v)
                               else f"`{v}` is not a PARS activity ID (digits only)."),
}
ACCREDITATION_KEYS = ("provider", "accreditation_statement", "credit_designation",
                      "credit_type", "max_credits")


def date_check(value: str) -> str | None:

    try:
        datetime.date.fromisoformat(value)
    except ValueError:
        return f"`{value}` is not a date written as YYYY-MM-DD."
    return None


@dataclass(frozen=True)
class Settings:
    """`extra.course` in mkdocs.yml: what the information page and certificate show.

    Attributes read the values as learners may see them: a text still holding an
    `[EDUCATOR: …]` placeholder reads as None, so no template can print one as a fact."""

    values: dict[str, Any]
    learning: Learning = Learning()

    @cached_property
    def public(self) -> dict[str, Any]:
        return without_placeholders(self.values)

    @cached_property
    def placeholders(self) -> list[tuple[str, str]]:
        """(key path, placeholder) for every setting not yet filled in."""
        return [(key_path(("extra", "course", *path)), text)
                for path, text in placeholders(self.values)]

    @property
    def preview(self) -> bool:
        return bool(self.placeholders)

    @property
    def accredited(self) -> bool:
        """Credit is offered only by a released course with every accreditation key set."""
        return not self.preview and all(self.values.get(k) for k in ACCREDITATION_KEYS)

    def __getattr__(self, name: str) -> Any:
        if name in SETTINGS_FIELDS:
            return self.public.get(name)
        raise AttributeError(name)

    def release_problems(self, file: str = "mkdocs.yml") -> list[Problem]:
        return [Problem(file, None, key, f"still holds the placeholder `{text}`, so the course "
                        "can only be built as a preview.", "replace it with the real value "
                        f"(what it asks for: {text[10:-1].strip()}), then build again.")
                for key, text in self.placeholders]


def load_settings(extra: Any, file: str = "mkdocs.yml") -> Settings:
    """Check `extra.course`; accreditation is all-or-nothing so no false claim can appear."""

    check = Checker(file)
    raw = extra.get("course") if hasattr(extra, "get") else None  # Config is a mapping
    path: Path_ = ("extra", "course")
    if raw is None:
        check.add(path, "the course settings are missing.", "add an `extra: course:` block "
                  "(see the one in this repository's mkdocs.yml).")
        raise CourseError(check.problems)
    # YAML reads unquoted dates as dates; accept them as the text they were.
    raw = {k: (v.isoformat() if isinstance(v, datetime.date) else v) for k, v in raw.items()} \
        if isinstance(raw, dict) else raw
    learning = Learning()
    if check.fields(raw, SETTINGS_FIELDS, path, "the course settings"):
        if isinstance(raw.get("learning"), dict):
            learning = load_learning(raw["learning"], check, (*path, "learning"))
        if isinstance(raw.get("faculty"), list):
            for i, person in enumerate(raw["faculty"]):
                check.fields(person, FACULTY_FIELDS, (*path, "faculty", i), "a faculty member")
        given = [k for k in ACCREDITATION_KEYS if raw.get(k)]
        if given and len(given) != len(ACCREDITATION_KEYS):
            missing = [k for k in ACCREDITATION_KEYS if k not in given]
            check.add(path, f"accreditation is only partly set up: {', '.join(missing)} "
                      "missing.", f"set all of {', '.join(ACCREDITATION_KEYS)}, or none of "
                      "them for a certificate of completion without credit.")
    if check.problems:
        raise CourseError(check.problems)
    return Settings(dict(raw), learning)


def credit_problems(settings: Settings, course: Course, file: str = "mkdocs.yml") -> list[Problem]:
    """Credit may not exceed the study time computed from the text (in quarter hours)."""
    credits = settings.values.get("max_credits")
    if not credits or not all(settings.values.get(k) for k in ACCREDITATION_KEYS):
        return []
    limit = max_credit_hours(course.total_minutes)
    if credits <= limit:
        return []
    return [Problem(file, None, "extra.course.max_credits", f"{credits:g} credits exceed the "
                    f"course's study time: {course.total_minutes} minutes, so at most "
                    f"{limit:g} hours.", f"set `max_credits` to {limit:g} or less (the time is "
                    "computed from the text: see the course information page).")]

