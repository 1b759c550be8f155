"""Preview versus release, and citations on every page, on fixture sites built for real."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from sitekit import FixtureSite

NOTICE = "Preview — not yet published by a provider."
TAG = re.compile(r"<[^>]+>")


def page_texts(site: Path) -> dict[Path, str]:
    return {p: TAG.sub(" ", p.read_text(encoding="utf-8")) for p in site.rglob("*.html")}


def with_placeholders(site: FixtureSite) -> FixtureSite:
    site.config = site.config.replace(
        "    contact: course@example.org\n",
        "    contact: \"[EDUCATOR: e-mail address for questions]\"\n"
        "    publisher: \"[EDUCATOR: name of the organisation]\"\n")
    site.config = site.config.replace(
        "disclosure: No relevant financial relationships.",
        "disclosure: \"[EDUCATOR: financial relationships]\"")
    site.write("docs/information.md", "# Information\n\n## Contact\n\n<!-- course:contact -->\n"
               "\n## Faculty\n\n<!-- course:faculty -->\n")
    return site


@pytest.fixture(scope="module")
def preview(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = with_placeholders(FixtureSite(tmp_path_factory.mktemp("preview"), modules=1))
    site.write("docs/patients.md", "# For patients\n\nNo product is approved [@zhang2015].\n")
    result = site.build()
    assert result.code == 0, result.output
    return result.site


def test_a_preview_says_so_on_every_page_and_prints_no_placeholder(preview: Path) -> None:
    texts = page_texts(preview)
    assert len(texts) >= 6
    for path, text in texts.items():
        assert NOTICE in text, path
        assert "[EDUCATOR" not in text, path
        assert "[@" not in text, path


def test_a_preview_leaves_unset_lines_out_and_its_certificate_claims_nothing(
        preview: Path) -> None:
    info = page_texts(preview)[preview / "information/index.html"]
    assert "not yet set: the provider has not yet published a contact address" in info
    assert "Not yet set: to be disclosed before release." in info
    certificate = page_texts(preview)[preview / "certificate/index.html"]
    assert "Preview — not valid" in certificate
    assert "certifies nothing" in certificate
    assert "Offered by" not in certificate
    assert "Completion is self-reported" in certificate


def test_citations_work_on_any_page(preview: Path) -> None:
    html = (preview / "patients/index.html").read_text(encoding="utf-8")
    assert '<a href="#ref-zhang2015" aria-label="Reference 1">1</a>' in html
    assert 'id="sources"' in html and '<li id="ref-zhang2015">' in html


def test_a_release_build_refuses_placeholders_naming_each_key(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    site = with_placeholders(FixtureSite(tmp_path, modules=1))
    monkeypatch.setenv("COURSE_RELEASE", "1")
    result = site.build()
    assert result.code != 0
    assert not (result.site / "index.html").exists()
    assert ("mkdocs.yml: extra.course.contact: still holds the placeholder `[EDUCATOR: e-mail "
            "address for questions]`, so the course can only be built as a preview. Fix: "
            "replace it with the real value (what it asks for: e-mail address for questions), "
            "then build again.") in result.output
    assert "extra.course.faculty[0].disclosure: still holds the placeholder" in result.output


def test_a_finished_course_is_no_preview_and_releases(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COURSE_RELEASE", "1")
    result = FixtureSite(tmp_path, modules=1).build()
    assert result.code == 0, result.output
    assert all(NOTICE not in text for text in page_texts(result.site).values())


def test_an_unknown_citation_on_any_page_fails_the_build(tmp_path: Path) -> None:
    site = FixtureSite(tmp_path, modules=1)
    site.write("docs/glossary.md", "# Glossary\n\nA term [@zhang2016].\n")
    result = site.build()
    assert result.code != 0
    assert ("docs/glossary.md:3: [@zhang2016]: the citation `zhang2016` is not in "
            "quizzes/references.yml.") in result.output


def test_credit_above_the_computed_time_fails_the_build(tmp_path: Path) -> None:
    site = FixtureSite(tmp_path, modules=1)
    site.config = site.config.replace("    faculty:\n", (
        "    provider: A provider\n"
        "    accreditation_statement: A statement.\n"
        "    credit_designation: A designation.\n"
        "    credit_type: AMA PRA Category 1 Credits™\n"
        "    max_credits: 1\n"
        "    faculty:\n"))
    result = site.build()
    assert result.code != 0
    assert ("mkdocs.yml: extra.course.max_credits: 1 credits exceed the course's study time: "
            "5 minutes, so at most 0 hours.") in result.output


def test_an_unaccepted_item_flaw_is_a_warning_that_a_strict_build_refuses(
        tmp_path: Path) -> None:
    site = FixtureSite(tmp_path, modules=1)
    bank = site.root / "quizzes/01-mod1.yml"
    bank.write_text(bank.read_text().replace(
        "question: How large are most small extracellular vesicles?",
        "question: Small vesicles measure"))
    result = site.build()
    assert result.code != 0
    assert "WARNING" in result.output
    assert "item review [lead-in-not-question]" in result.output
