"""`extra.course.learning` in mkdocs.yml: what the course asks of the learner after the
post-test. Each feature is on unless the setting turns it off.

    learning:
      pretest: true              # a short pre-test before each module (optional for the learner)
      review_days: [2, 7, 30]    # spaced review after a module is passed; [] turns it off
      commitments: true          # up to three changes in practice, and a follow-up page
      follow_up_days: [30, 60]   # the reminders' suggested dates, in days after the evaluation
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from problems import Checker, Field, Path_


def _days(value: list[Any]) -> str | None:
    if not value:
        return None
    if not all(isinstance(d, int) and not isinstance(d, bool) and 1 <= d <= 365 for d in value):
        return f"{value} must be whole numbers of days from 1 to 365."
    if sorted(set(value)) != value:
        return f"{value} must be in increasing order, each day once."
    return None


LEARNING_FIELDS = {
    "pretest": Field(bool, False, "`true` to offer a short pre-test before each module (one "
                     "question per learning objective, no answers shown), `false` not to"),
    "review_days": Field(list, False, "the days after a module is passed when missed "
                         "questions come back for review, e.g. `[2, 7, 30]`, or `[]` for no "
                         "review", _days),
    "commitments": Field(bool, False, "`true` to ask for up to three changes in practice in "
                         "the evaluation and follow them up, `false` not to"),
    "follow_up_days": Field(list, False, "the days after the evaluation when the learner is "
                            "reminded to follow up their commitments, e.g. `[30, 60]`", _days),
}


@dataclass(frozen=True)
class Learning:
    pretest: bool = True
    review_days: tuple[int, ...] = (2, 7, 30)
    commitments: bool = True
    follow_up_days: tuple[int, ...] = (30, 60)


def load_learning(raw: Any, check: Checker, path: Path_) -> Learning:
    """The learning settings, checked; problems go to `check`."""
    if raw is None:
        return Learning()
    if not check.fields(raw, LEARNING_FIELDS, path, "the learning settings"):
        return Learning()
    default = Learning()
    days = raw.get("follow_up_days")
    review = raw.get("review_days")
    return Learning(
        pretest=raw.get("pretest", default.pretest) is not False,
        review_days=tuple(review) if isinstance(review, list) else default.review_days,
        commitments=raw.get("commitments", default.commitments) is not False,
        follow_up_days=tuple(days) if isinstance(days, list) and days else
        default.follow_up_days,
    )
