"""The course engine's front door: what the hooks, the command and the tests import.

The engine is split along its jobs, dependencies pointing one way (each module imports only
those above it):

    problems.py        Problem, CourseError, Field and Checker: one clear line per problem
    yaml_lines.py      YAML with the line of every key, within limits that hold
    markers.py         `[@key]` citations and `[evidence: …]` labels; the evidence levels
    item_review.py     item-writing flaws and cue-only scores (pure text)
    study_time.py      study time from the text
    release.py         `[EDUCATOR: …]` placeholders: preview or release
    course_data.py     the course as data (questions, banks, references, modules)
    bank_loader.py     quizzes/: banks and references.yml, checked field by field
    page_loader.py     docs/: front matter, headings, markers on other pages
    course_loader.py   the whole course, linked and checked together
    course_settings.py extra.course in mkdocs.yml
"""

from __future__ import annotations

from bank_loader import load_bank, load_references
from course_data import Bank, Choice, Course, Heading, Module, Question, Reference
from course_loader import load_course
from course_settings import Settings, credit_problems, load_settings
from markers import (
    CITATION,
    COUNTED_LEVELS,
    EVIDENCE,
    EVIDENCE_LEVELS,
    EVIDENCE_MEANING,
    citation_keys,
    evidence_examples,
    outside_code,
    parse_evidence,
    scan_markers,
)
from page_loader import PageSource, page_headings, read_page
from problems import CourseError, Problem
from yaml_lines import Located, load_yaml

__all__ = [
    "CITATION", "COUNTED_LEVELS", "EVIDENCE", "EVIDENCE_LEVELS", "EVIDENCE_MEANING", "Bank",
    "Choice", "Course", "CourseError", "Heading", "Located", "Module", "PageSource", "Problem",
    "Question", "Reference", "Settings", "citation_keys", "credit_problems", "evidence_examples",
    "load_bank", "load_course", "load_references", "load_settings", "load_yaml", "outside_code",
    "page_headings", "parse_evidence", "read_page", "scan_markers",
]
