"""What a learner does, in Playwright steps: answer, pass or fail a module, claim a certificate."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from playwright.sync_api import Locator, Page

MODULES = ["exosome-biology", "skin-rejuvenation", "wound-healing", "prp-and-stem-cells",
           "regulation-and-safety", "implementation"]


def manifest(page: Page) -> dict:
    """The course manifest the page loaded, as the course's scripts read it."""
    return page.evaluate("globalThis.courseManifest")


@dataclass(frozen=True)
class Bank:
    """A module's questions and pass mark as the built course has them (its manifest), so the
    expected counts follow the question banks instead of being typed into the tests."""

    id: str
    number: int
    title: str
    ids: tuple[str, ...]
    pass_mark: float

    @property
    def total(self) -> int:
        return len(self.ids)

    @property
    def needed(self) -> int:
        """Correct answers needed to pass, as progress.js computes it."""
        return math.ceil(self.pass_mark * self.total / 100)

    def passes(self, correct: int) -> bool:
        return correct * 100 >= self.pass_mark * self.total  # progress.js, in whole numbers

    @property
    def fewest_wrong_to_fail(self) -> int:
        """Wrong answers that put a complete attempt just below the pass mark."""
        return self.total - self.needed + 1

    def score(self, correct: int) -> int:
        """The percentage the page shows: JavaScript's Math.round (halves round up)."""
        return math.floor(correct / self.total * 100 + 0.5)

    @property
    def mark(self) -> str:
        """The pass mark as JavaScript prints the number: 70, or 70.5."""
        return f"{self.pass_mark:g}"

    def passed(self, correct: int) -> str:
        """The assessment page's status after a passing attempt."""
        assert self.passes(correct), f"{correct} of {self.total} does not pass {self.id}"
        return (f"Passed: {correct} of {self.total} correct ({self.score(correct)}%). "
                f"The pass mark is {self.mark}%.")

    def failed(self, correct: int) -> str:
        """The assessment page's status after a complete attempt below the pass mark."""
        assert not self.passes(correct), f"{correct} of {self.total} passes {self.id}"
        return (f"Not passed: {correct} of {self.total} correct ({self.score(correct)}%), below "
                f"the pass mark of {self.mark}% ({self.needed} correct). Review the module, "
                "then retake the assessment.")

    def in_progress(self, answered: int, correct: int) -> str:
        """The assessment page's status while answers are still missing."""
        assert answered < self.total and not self.passes(correct), (answered, correct, self)
        return (f"Answered {answered} of {self.total}; {correct} correct so far. You need "
                f"{self.needed} correct ({self.mark}%) to pass.")


def bank(page: Page, module_id: str) -> Bank:
    """The module as the open page's course manifest describes it (any course page has it)."""
    data = next(m for m in manifest(page)["modules"] if m["id"] == module_id)
    return Bank(module_id, data["number"], data["title"],
                tuple(q["id"] for q in data["questions"]), data["passMark"])


def rendered_ids(page: Page) -> list[str]:
    """The ids of the questions on the open assessment page, in order."""
    return page.locator(".course-question").evaluate_all(
        "qs => qs.map(q => q.dataset.questionId)")


def answer(question: Locator, correct: bool) -> None:
    """Answer one question, right or wrong, as a learner clicking the labels would."""
    inputs = question.locator('input[name="answer"]')
    kind = inputs.first.get_attribute("type")
    right = question.locator('input[name="answer"][data-correct="true"]')
    wrong = question.locator('input[name="answer"]:not([data-correct])')
    if kind == "radio":
        target = right.first if correct else wrong.first
        question.locator(f'label[for="{target.get_attribute("id")}"]').click()
    else:
        targets = right if correct else wrong
        for i in range(targets.count() if correct else 1):
            question.locator(f'label[for="{targets.nth(i).get_attribute("id")}"]').click()
        question.locator('button[type="submit"]').click()
    question.locator(".quiz-feedback:not(.hidden)").wait_for()


def open_menu_section(page: Page, title: str) -> Locator:
    """Open a section of the side menu, as a learner does before clicking a page in it.

    Material slides the section open (a quarter-second transition that barely moves at first,
    then jumps). A click during it can press on one link and release on the next, which
    follows neither, so this waits for the transition to end: a person waits for it too.
    Returns the opened section's menu.
    """
    label = page.locator(".md-nav--primary label.md-nav__link", has_text=title).first
    label.click()
    toggle = label.get_attribute("for")
    page.wait_for_function(
        """(id) => {
            const toggle = document.getElementById(id);
            const menu = toggle?.parentElement.querySelector(":scope > nav.md-nav");
            return toggle?.checked && menu && menu.getAnimations({ subtree: true }).length === 0;
        }""", arg=toggle)
    return page.locator(f'.md-nav--primary nav.md-nav[aria-labelledby="{toggle}_label"]')


def assessment_url(page: Page, base: str, module_id: str) -> str:
    if not page.url.startswith(base):
        page.goto(base)
    data = next(m for m in manifest(page)["modules"] if m["id"] == module_id)
    return base + data["assessment"]


def take_assessment(page: Page, base: str, module_id: str, wrong: int = 0) -> None:
    """Open a module's assessment and answer every question; the first `wrong` ones wrongly."""
    page.goto(assessment_url(page, base, module_id))
    assert rendered_ids(page) == list(bank(page, module_id).ids), "the page shows its bank"
    questions = page.locator(".course-question")
    for i in range(questions.count()):
        answer(questions.nth(i), correct=i >= wrong)


def status_text(page: Page) -> str:
    return re.sub(r"\s+", " ", page.locator(".course-module-status").inner_text()).strip()


COMMITMENT = "Check the IND number before any referral."


def do_evaluation(page: Page, base: str) -> None:
    page.goto(base + "evaluation/")
    for name in ("objectives", "relevance", "balance"):
        page.locator(f'input[name="{name}"][value="4"]').check()
    page.locator('input[name="change"][value="yes"]').check()
    page.locator("#eval-commitment-1").fill(COMMITMENT)
    page.locator('input[name="bias"][value="no"]').check()
    page.get_by_role("button", name="Submit evaluation").click()
    page.locator("[data-evaluation-done]:not([hidden])").wait_for()


def claim_form(page: Page, name: str, credentials: str, credits: str | None = None) -> None:
    """Fill in and submit the certificate claim on the open certificate page."""
    page.get_by_label("Full name").fill(name)
    page.get_by_label("Credentials").fill(credentials)
    if credits is not None:
        page.locator("#cert-credits").fill(credits)
    page.locator("#cert-attest").check()
    page.get_by_role("button", name="Create my certificate").click()


def open_certificate(page: Page, base: str) -> None:
    """Open the certificate page and wait until its script has read the saved progress."""
    page.goto(base + "certificate/")
    page.locator("[data-certificate-page][data-ready]").wait_for(state="attached")


def claim(page: Page, base: str, name: str, credentials: str = "MD") -> None:
    open_certificate(page, base)
    claim_form(page, name, credentials)
    page.locator("[data-certificate-issued]:not([hidden])").wait_for()


def pass_everything(page: Page, base: str) -> None:
    """Pass every module with full marks and complete the evaluation: the certificate unlocks."""
    for module_id in MODULES:
        take_assessment(page, base, module_id)
        questions = bank(page, module_id)
        assert status_text(page).startswith(questions.passed(questions.total))
    do_evaluation(page, base)


def choose_dark_mode(page: Page) -> None:
    """Press the header's palette toggle, as a learner does, and wait for the dark scheme."""
    page.locator('form[data-md-component="palette"] label[title="Switch to dark mode"]').click()
    page.wait_for_function("document.body.dataset.mdColorScheme === 'slate'")


def page_is_dark(page: Page) -> bool:
    """Material's dark scheme is on, and its colours are painted (its stylesheets loaded)."""
    return page.evaluate("""() => {
        const colour = getComputedStyle(document.body).backgroundColor;
        const [r, g, b] = colour.match(/\\d+/g).map(Number);
        return document.body.dataset.mdColorScheme === "slate" && r + g + b < 3 * 96;
    }""")
