"""Learning-that-lasts settings (`extra.course.learning`): checked like every setting, and
each feature on or off in the built course."""

from __future__ import annotations

from pathlib import Path

import pytest

from course_model import CourseError, load_settings
from sitekit import FixtureSite

BASE = {"version": "1", "release_date": "2026-01-01", "review_date": "2026-01-01",
        "termination_date": "2027-01-01", "contact": "x@example.org", "audience": "Clinicians",
        "faculty": [{"name": "A", "role": "Author", "disclosure": "None."}]}


def problem(learning: object) -> str:
    with pytest.raises(CourseError) as err:
        load_settings({"course": {**BASE, "learning": learning}})
    return str(err.value).splitlines()[1].strip()


def test_learning_settings_default_on_and_bad_values_are_named() -> None:
    learning = load_settings({"course": BASE}).learning
    assert learning.commitments and learning.follow_up_days == (30, 60)
    assert problem({"commitments": "yes"}) == (
        "- mkdocs.yml: extra.course.learning.commitments: expected true or false, found text "
        "\"yes\". Fix: set `commitments` to `true` to ask for up to three changes in practice "
        "in the evaluation and follow them up, `false` not to.")
    assert problem({"follow_up_days": [60, 30]}).startswith(
        "- mkdocs.yml: extra.course.learning.follow_up_days: [60, 30] must be in increasing "
        "order, each day once.")
    assert problem({"follow_up_days": [0]}).startswith(
        "- mkdocs.yml: extra.course.learning.follow_up_days: [0] must be whole numbers of days "
        "from 1 to 365.")
    assert problem({"follow_up_day": [30]}).startswith(
        "- mkdocs.yml: extra.course.learning.follow_up_day: unknown key `follow_up_day` in the "
        "learning settings. Fix: did you mean `follow_up_days`?")


def build(tmp_path: Path, learning: str) -> Path:
    site = FixtureSite(tmp_path, modules=1)
    site.config = site.config.replace("    contact: course@example.org\n",
                                      "    contact: course@example.org\n" + learning)
    result = site.build()
    assert result.code == 0, result.output
    return result.site


def test_commitments_on_ask_for_three_changes_and_build_the_follow_up(tmp_path: Path) -> None:
    site = build(tmp_path, "    learning:\n      follow_up_days: [14, 90]\n")
    evaluation = (site / "evaluation/index.html").read_text(encoding="utf-8")
    assert evaluation.count("data-commitment") == 3
    assert 'data-follow-up-days="14,90"' in evaluation
    assert "in 14 and 90 days" in evaluation
    assert (site / "follow-up/index.html").exists()


def test_commitments_off_keep_one_free_text_and_no_follow_up(tmp_path: Path) -> None:
    site = build(tmp_path, "    learning:\n      commitments: false\n")
    evaluation = (site / "evaluation/index.html").read_text(encoding="utf-8")
    assert "data-commitment" not in evaluation and "data-reminder" not in evaluation
    assert 'name="change_detail"' in evaluation
    assert not (site / "follow-up").exists()
