"""Synthetic courses for build benchmarks: N/50 modules of 50 questions, written two ways.

- `write_yaml_course`: module pages + YAML banks, built through the real hooks.
- `write_plain_course`: the very Markdown the hooks would hand to MkDocs (module pages with
  their objectives and takeaways filled in, assessment pages of mkdocs-quiz `<quiz>` blocks,
  references, evaluation and certificate pages), as plain files, built with no hooks.

Both use the real course's theme, overrides, plugins and Markdown extensions, so the time
difference between them is the YAML layer: loading and checking the banks, generating the
pages, and the course manifest.
"""

from __future__ import annotations

import random
import textwrap
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import yaml

from item_review import review
from sitekit import REPO

QUESTIONS_PER_MODULE = 50
SECTIONS = ["Biogenesis and release", "Cargo and surface markers", "Isolation methods",
            "Dose and delivery", "Clinical trial evidence", "Adverse events",
            "Regulatory status", "Counselling patients"]
EVIDENCE = ["laboratory", "animal", "human uncontrolled", "human randomised, n=48", "opinion"]

SUBJECTS = ["Adipose-derived vesicles", "Platelet-rich plasma", "Umbilical-cord MSC medium",
            "Topical exosome serum", "Microneedling with vesicles", "Fractional laser",
            "A lyophilised vesicle powder", "Autologous fibrin matrix", "A placental extract",
            "Bone-marrow MSC conditioned medium"]
VERBS = ["reduced", "did not change", "increased", "was associated with", "modestly improved",
         "showed no difference in", "delayed", "accelerated"]
OUTCOMES = ["transepidermal water loss", "wrinkle depth on profilometry", "time to closure",
            "erythema index", "collagen density on biopsy", "pigment heterogeneity",
            "patient-rated satisfaction", "scar height", "melanin index", "hair density"]
SETTINGS = ["in a split-face trial", "in a mouse excisional model", "in fibroblast culture",
            "in an open-label case series", "in a porcine burn model", "in a pilot study",
            "in keratinocyte monolayers", "in a retrospective chart review"]
PATIENTS = ["A 52-year-old woman with photoageing", "A 67-year-old man with a venous ulcer",
            "A 34-year-old patient with acne scars", "A 45-year-old nurse with melasma",
            "A 71-year-old man with a diabetic foot ulcer",
            "A 29-year-old with androgenetic alopecia"]
ASKS = ["asks whether the treatment is approved", "asks what the evidence shows",
        "asks about the risk of infection", "asks how many sessions are needed",
        "asks whether the product contains living cells", "asks whether it is better than PRP"]


def sentence(rng: random.Random) -> str:
    return (f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(OUTCOMES)} "
            f"{rng.choice(SETTINGS)}")


def paragraph(rng: random.Random, refs: list[str], n: int = 4) -> str:
    parts = []
    for i in range(n):
        text = sentence(rng)
        if i % 2 == 0:
            text += f" [evidence: {rng.choice(EVIDENCE)}]"
        if i == n - 1:
            text += f" [@{rng.choice(refs)}]"
        parts.append(text + ".")
    return " ".join(parts)


def module_page(rng: random.Random, mid: str, title: str, refs: list[str]) -> str:
    fm = {"course": {
        "module": mid,
        "objectives": [f"Describe what {rng.choice(SUBJECTS).lower()} does to "
                       f"{rng.choice(OUTCOMES)}." for _ in range(3)],
        "takeaways": [sentence(rng) + "." for _ in range(4)],
    }}
    body = [f"# {title}", "", paragraph(rng, refs), ""]
    for section in SECTIONS:
        body += [f"## {section}", "", paragraph(rng, refs, 5), "", paragraph(rng, refs, 3), ""]
    return "---\n" + yaml.safe_dump(fm, sort_keys=False, allow_unicode=True) + "---\n\n" + \
        "\n".join(body)


def question(rng: random.Random, mid: str, n: int, refs: list[str]) -> dict[str, Any]:
    multiple = n % 5 == 4
    choices = []
    correct = set(rng.sample(range(4), 2)) if multiple else {rng.randrange(4)}
    for c in range(4):
        choice: dict[str, Any] = {"text": f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} "
                                          f"{rng.choice(OUTCOMES)} ({c + 1})"}
        if c in correct:
            choice["correct"] = True
        choice["feedback"] = sentence(rng) + "."
        choices.append(choice)
    q = {
        "id": f"{mid}-q{n + 1:03d}",
        "type": "multiple" if multiple else "single",
        "question": (f"{rng.choice(PATIENTS)} {rng.choice(ASKS)}. {sentence(rng)}. "
                     + ("Which findings support the claim? Select all that apply."
                        if multiple else "Which finding best supports the claim?")),
        "choices": choices,
        "explanation": " ".join(sentence(rng) + "." for _ in range(4)),
        "section": rng.choice(SECTIONS),
        "references": sorted(set(rng.sample(refs, 2))),
        "objectives": [n % 3 + 1],
    }
    # Random text has random item flaws: accept them, as an educator would with a reason, so
    # the bank builds strictly and the benchmark also pays for reviewing every question.
    flaws = review(SimpleNamespace(
        type=q["type"], question=q["question"],
        choices=[SimpleNamespace(text=c["text"], correct=c.get("correct", False))
                 for c in choices]))
    if flaws:
        q["accept"] = {f.code: "synthetic text" for f in flaws}
    return q


def config(root: Path, hooks: bool) -> str:
    """The real mkdocs.yml, minus nav and offline hook; with or without the course hooks."""
    real = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    data = yaml.load(real, Loader=_EnvLoader)
    out = {
        "site_name": "Synthetic course",
        "site_url": "http://127.0.0.1:8000/",
        "theme": {**data["theme"], "custom_dir": str(REPO / "overrides")},
        "plugins": data["plugins"],
        "markdown_extensions": [
            {"pymdownx.snippets": {"auto_append": [str(root / "docs/includes/abbreviations.md")]}}
            if isinstance(ext, dict) and "pymdownx.snippets" in ext else ext
            for ext in data["markdown_extensions"]],
        "extra_css": data["extra_css"],
        "extra_javascript": [js for js in data["extra_javascript"]
                             if "offline" not in str(js)],
        "extra": data["extra"],
        "exclude_docs": "includes/\n",
    }
    if hooks:
        out["hooks"] = [str(REPO / "hooks" / "course_hooks.py")]
    return yaml.safe_dump(out, sort_keys=False, allow_unicode=True)


class _EnvLoader(yaml.SafeLoader):
    pass


_EnvLoader.add_constructor("!ENV", lambda loader, node: "http://127.0.0.1:8000/")


def copy_shared(root: Path) -> None:
    """Home page, abbreviations, stylesheet and scripts: the same in both variants."""
    docs = root / "docs"
    for rel in ("includes/abbreviations.md", "stylesheets/course.css"):
        (docs / rel).parent.mkdir(parents=True, exist_ok=True)
        (docs / rel).write_bytes((REPO / "docs" / rel).read_bytes())
    for js in (REPO / "docs" / "javascripts").glob("*.js"):
        (docs / "javascripts").mkdir(parents=True, exist_ok=True)
        (docs / "javascripts" / js.name).write_bytes(js.read_bytes())
    (docs / "index.md").write_text(textwrap.dedent("""\
        # Synthetic course

        A generated course for build benchmarks.

        <!-- course:dashboard -->
        """), encoding="utf-8")


def write_yaml_course(root: Path, questions: int, seed: int = 1) -> Path:
    rng = random.Random(seed)
    refs = [f"ref{i:02d}" for i in range(1, 21)]
    (root / "quizzes").mkdir(parents=True)
    (root / "docs" / "modules").mkdir(parents=True)
    copy_shared(root)
    (root / "quizzes" / "references.yml").write_text(yaml.safe_dump({
        key: {"citation": f"Author {key.upper()}, et al. {sentence(rng)}. J Dermatol. "
                          f"20{10 + int(key[3:])};{int(key[3:])}:1-9.",
              "url": f"https://doi.org/10.1000/{key}"} for key in refs}), encoding="utf-8")
    for m in range(1, questions // QUESTIONS_PER_MODULE + 1):
        mid, title = f"mod{m:03d}", f"Module {m}: vesicle therapy topic {m}"
        stem = f"{m:03d}-{mid}"
        (root / "docs" / "modules" / f"{stem}.md").write_text(
            module_page(rng, mid, title, refs), encoding="utf-8")
        bank = {"module": mid, "title": title, "pass_mark": 70,
                "questions": [question(rng, mid, n, refs) for n in range(QUESTIONS_PER_MODULE)]}
        (root / "quizzes" / f"{stem}.yml").write_text(
            yaml.safe_dump(bank, sort_keys=False, allow_unicode=True, width=100),
            encoding="utf-8")
    (root / "mkdocs.yml").write_text(config(root, hooks=True), encoding="utf-8")
    return root


def write_plain_course(yaml_root: Path, root: Path) -> Path:
    """The same course as plain mkdocs-quiz Markdown: what the hooks would give MkDocs."""
    from mkdocs.utils.meta import get_data

    from course_model import load_course, load_settings
    from course_pages import (
        GENERATED_PAGES,
        assessment_markdown,
        fill_placeholders,
        module_markdown,
    )

    data = yaml.load((yaml_root / "mkdocs.yml").read_text(), Loader=_EnvLoader)
    site_name = data["site_name"]
    settings = load_settings(data["extra"])
    course = load_course(yaml_root, docs_dir=yaml_root / "docs",
                         quizzes_dir=yaml_root / "quizzes")
    copy_shared(root)
    pages: dict[str, str] = {}
    for md in sorted((yaml_root / "docs").rglob("*.md")):
        rel = md.relative_to(yaml_root / "docs").as_posix()
        if not rel.startswith("includes/"):
            pages[rel] = md.read_text(encoding="utf-8")
    for module in course.modules:
        pages[module.assessment_uri] = assessment_markdown(module, course)
    for src_uri, render in GENERATED_PAGES.items():
        pages.setdefault(src_uri, render(course, settings, site_name))
    for rel, text in pages.items():
        body, meta = get_data(text)
        front = text[: len(text) - len(body)] if meta else ""
        module = course.module_for_page(rel)
        if module is not None:
            body = module_markdown(body, module, course)
        body = fill_placeholders(body, course, settings, site_name, rel)
        out = root / "docs" / rel
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(front + body, encoding="utf-8")
    (root / "mkdocs.yml").write_text(config(root, hooks=False), encoding="utf-8")
    return root
