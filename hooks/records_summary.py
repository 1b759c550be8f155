"""The provider's summary of a folder of completion records, as Markdown: counts, each
module's scores, the evaluation tallied, and every record left out of the PARS batch with
the reason. It names files and certificate IDs, never learners: it may be shared more widely
than the batch.
"""

from __future__ import annotations

from collections import Counter

from completion_records import NO_CONSENT, Reviewed
from course_data import Course
from pars_batch import FILE_NAME

SUMMARY_NAME = "summary.md"
# The evaluation's questions (hooks/templates/evaluation.md.j2): the form's field names are
# the keys of the record's `evaluation.answers`.
LIKERT = {
    "objectives": "1. The activity met its stated learning objectives.",
    "relevance": "2. The content is relevant to my practice.",
    "balance": "3. The content was fair, balanced and free of commercial bias.",
}
LIKERT_LABELS = ("Strongly disagree", "Disagree", "Neutral", "Agree", "Strongly agree")
CHOICES = {
    "change": ("4. Intends to change practice", {"yes": "Yes", "no": "No, confirmed current "
                                                 "practice", "unsure": "Not sure yet"}),
    "bias": ("5. Perceived commercial bias or promotion", {"no": "No", "yes": "Yes"}),
}
FREE_TEXT = {"change_detail": "What learners will change (question 4)",
             "bias_detail": "Commercial bias described (question 5)",
             "comments": "Other comments (question 6)"}


def _pct(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".") + "%"


def _counts(records: list[Reviewed]) -> list[str]:
    valid = [r for r in records if r.valid]
    complete = [r for r in valid if r.complete]
    reported = [r for r in valid if r.reportable]
    no_consent = [r for r in complete if r.not_reportable == NO_CONSENT]
    rows = [
        ("Records read", len(records)),
        ("Rejected (listed below; nothing from them is reported)", len(records) - len(valid)),
        ("Valid", len(valid)),
        ("Complete (every module passed, evaluation submitted)", len(complete)),
        (f"In the PARS batch ({FILE_NAME})", len(reported)),
        ("Complete, without the learner's consent to report (not in the batch)",
         len(no_consent)),
        ("Complete, not reportable for another reason (listed below)",
         len(complete) - len(reported) - len(no_consent)),
    ]
    return ["| | Records |", "|---|---:|", *(f"| {name} | {n} |" for name, n in rows)]


def _modules(records: list[Reviewed], course: Course) -> list[str]:
    lines = ["| Module | Records | Passed | Mean score | Lowest | Highest |",
             "|---|---:|---:|---:|---:|---:|"]
    for module in course.modules:
        results = [m for r in records if r.valid for m in r.results if m.id == module.id]
        if not results:
            lines.append(f"| {module.title} (`{module.id}`) | 0 | 0 | – | – | – |")
            continue
        scores = [m.score for m in results]
        lines.append(f"| {module.title} (`{module.id}`) | {len(results)} | "
                     f"{sum(m.passed for m in results)} | {_pct(sum(scores) / len(scores))} | "
                     f"{min(scores)}% | {max(scores)}% |")
    return lines


def _evaluation(records: list[Reviewed]) -> list[str]:
    answers = [r.data["evaluation"]["answers"] for r in records
               if r.valid and r.data["evaluation"] is not None]
    lines = [f"{len(answers)} evaluation{'s' if len(answers) != 1 else ''} submitted "
             "(valid records only).", "", "| Question | Answers |", "|---|---|"]
    for key, question in LIKERT.items():
        given = [int(a[key]) for a in answers if a.get(key) in {"1", "2", "3", "4", "5"}]
        tally = Counter(given)
        text = ", ".join(f"{label} {tally[n]}" for n, label in enumerate(LIKERT_LABELS, 1)
                         if tally[n])
        mean = f" (mean {sum(given) / len(given):.1f} of 5)" if given else ""
        lines.append(f"| {question} | {text or '–'}{mean} |")
    for key, (question, options) in CHOICES.items():
        tally = Counter(a.get(key) for a in answers)
        text = ", ".join(f"{label} {tally[value]}" for value, label in options.items()
                         if tally[value])
        lines.append(f"| {question} | {text or '–'} |")
    for key, heading in FREE_TEXT.items():
        texts = [" ".join(a[key].split()) for a in answers if a.get(key, "").strip()]
        if texts:
            lines += ["", f"**{heading}**", "", *(f"- {t}" for t in texts)]
    return lines


def summary_markdown(records: list[Reviewed], course: Course, folder: str,
                     activity_id: str | None) -> str:
    lines = [f"# Completion records from `{folder}`", "", *_counts(records), ""]
    if not activity_id:
        lines += [f"**The ACCME Activity ID column of {FILE_NAME} is empty**: set "
                  "`extra.course.accme_activity_id` in mkdocs.yml, or fill the column in "
                  "before uploading.", ""]
    lines += ["## Modules (valid records)", "", *_modules(records, course), "",
              "## Evaluation", "", *_evaluation(records), ""]
    reported = [r for r in records if r.reportable]
    lines += [f"## In the PARS batch ({len(reported)})", ""]
    lines += [f"- Row {n}: certificate {r.data['certificateId']} (`{r.file}`)"
              for n, r in enumerate(reported, 1)] or ["None."]
    left_out = [r for r in records if r.valid and r.not_reportable]
    lines += ["", f"## Valid but not reported ({len(left_out)})", ""]
    lines += [f"- `{r.file}`: not reportable: {r.not_reportable}" for r in left_out] or ["None."]
    rejected = [r for r in records if not r.valid]
    lines += ["", f"## Rejected records ({len(rejected)})", ""]
    lines += [f"- `{r.file}`: {p}" for r in rejected for p in r.problems] or ["None."]
    return "\n".join(lines) + "\n"
