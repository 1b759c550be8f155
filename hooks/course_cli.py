"""The `course` command: check the course without building it, or export it for an LMS.

    course check  [--root DIR] [--report] [--release]
                                            # every bank, module page and reference, < 1 s
    course export [--root DIR] [--out DIR]  # QTI 2.1 zip, Moodle GIFT, answer key in dist/
    course schema [--root DIR]              # rebuild quizzes/bank.schema.json
    course package [--root DIR] [--out DIR] [--only scorm12|cmi5]
                                            # SCORM 1.2 and cmi5 zips of the whole course
    course records DIR [--root DIR] [--out OUT]
                                            # re-check learners' completion records; write
                                            # the PARS learner batch and a summary in OUT

`check` covers what the build's first step covers: the course settings under `extra.course`
in mkdocs.yml, then every bank, module page and reference (course_model does the checking),
and prints the item-review warnings. `--report` adds each bank's cue-only scores, the test
blueprint and the study time (printed even when the course has problems); `--release` also
refuses `[EDUCATOR: …]` placeholders, as `make build RELEASE=1` does.
Exit codes: 0 all well, 1 the course has problems (listed on stderr), 2 wrong usage or
no course found. The export modules are imported only by `export`, so `check` stays fast.
`records` exits 1 when any record was rejected (after writing its files), 2 for wrong usage.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import yaml

from course_model import (
    Course,
    CourseError,
    Problem,
    Settings,
    credit_problems,
    load_course,
    load_settings,
)


def find_root(start: Path) -> Path:
    """The course folder: `start` or the nearest parent holding mkdocs.yml and quizzes/,
    so the command also works from a subfolder such as quizzes/."""
    start = start.resolve()
    for folder in (start, *start.parents):
        if (folder / "quizzes").is_dir() and (folder / "mkdocs.yml").is_file():
            return folder
    return start


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def summary(course: Course) -> str:
    questions = sum(len(m.bank.questions) for m in course.modules)
    return (f"OK: {_plural(len(course.modules), 'module')}, {_plural(questions, 'question')}, "
            f"{_plural(len(course.references), 'reference')}")


class _ConfigLoader(yaml.SafeLoader):
    """Reads mkdocs.yml, whose MkDocs-only tags (`!ENV`, `!!python/name:`) a safe loader
    refuses; their values do not matter to the course settings."""


_ConfigLoader.add_multi_constructor("!", lambda loader, suffix, node: None)
_ConfigLoader.add_multi_constructor("tag:yaml.org,2002:python/",
                                    lambda loader, suffix, node: None)


def read_settings(root: Path) -> tuple[Settings | None, list[Problem]]:
    """`extra.course` in mkdocs.yml, and its problems, as the build would report them."""
    config = root / "mkdocs.yml"
    if not config.is_file():
        return None, []  # a bare folder of banks: nothing to check beyond them
    try:
        data = yaml.load(config.read_text(encoding="utf-8"), Loader=_ConfigLoader)
    except yaml.YAMLError as err:
        return None, [Problem("mkdocs.yml", None, "", f"this is not valid YAML ({err}).",
                              "fix the syntax (indentation, quotes) where it points.")]
    extra = data.get("extra") if isinstance(data, dict) else None
    try:
        return load_settings(extra if isinstance(extra, dict) else {}), []
    except CourseError as err:
        return None, err.problems


def settings_problems(root: Path) -> list[Problem]:
    return read_settings(root)[1]


def _load(root: Path, release: bool = False, report: bool = False) -> Course | None:
    """The course, or None after printing why it cannot be used."""
    if not (root / "quizzes").is_dir():
        print(f"course: no quizzes/ folder in {root}. Run this in the course folder (the one "
              "with mkdocs.yml), or give it with --root.", file=sys.stderr)
        return None
    settings, problems = read_settings(root)
    course = partial = None
    try:
        course = partial = load_course(root)
    except CourseError as err:
        problems += err.problems
        partial = err.partial
    if settings and course:
        problems += credit_problems(settings, course)
    if settings and release:
        problems += settings.release_problems()
    if report and partial is not None:
        from course_report import report as course_report

        print(course_report(partial))
    if problems:
        print(CourseError(problems), file=sys.stderr)
        print("Fix the problems above (file:line: key: what is wrong. Fix: what to do), "
              "then run `make check` again.", file=sys.stderr)
        return None
    return course


def print_warnings(course: Course) -> None:
    warnings = [w for m in course.modules for w in m.bank.warnings()]
    if warnings:
        print(f"{len(warnings)} item-review warning{'s' if len(warnings) != 1 else ''} "
              "(`make build` refuses to publish until each is fixed or accepted):",
              file=sys.stderr)
        for w in warnings:
            print(f"  - {w}", file=sys.stderr)


def _root(args: argparse.Namespace) -> Path:
    return Path(args.root).resolve() if args.root else find_root(Path.cwd())


def check(args: argparse.Namespace) -> int:
    root = _root(args)
    course = _load(root, release=args.release, report=args.report)
    if course is None:
        return 1 if (root / "quizzes").is_dir() else 2
    print_warnings(course)
    print(summary(course))
    return 0


def export(args: argparse.Namespace) -> int:
    root = _root(args)
    course = _load(root)
    if course is None:
        return 1 if (root / "quizzes").is_dir() else 2
    from answer_key import write_answer_key
    from lms_export import course_title, gift, gift_problems, qti_package, slug

    if problems := gift_problems(course):
        print(CourseError(problems), file=sys.stderr)
        print("Nothing was exported. Fix the problems above, then run `make export` again.",
              file=sys.stderr)
        return 1

    out = Path(args.out).resolve() if args.out else root / "dist"
    title = course_title(root)
    qti = out / "qti" / f"{slug(title)}.zip"
    qti.parent.mkdir(parents=True, exist_ok=True)
    qti.write_bytes(qti_package(course, title))
    gift_path = out / "course.gift.txt"
    gift_path.write_text(gift(course, title), encoding="utf-8")
    key = write_answer_key(course, out / "answer-key.html", title)
    print(summary(course))
    print(f"QTI 2.1 package (Canvas and other QTI importers): {_show(qti)}")
    print(f"Moodle GIFT (Question bank > Import > GIFT):     {_show(gift_path)}")
    print(f"Answer key, for educators only (do not publish): {_show(key)}")
    return 0


def package(args: argparse.Namespace) -> int:
    root = _root(args)
    course = _load(root)
    if course is None:
        return 1 if (root / "quizzes").is_dir() else 2
    from lms_package import KINDS, PackageError, build_packages
    from scorm_state import SUSPEND_DATA_LIMIT, minimal_size

    out = Path(args.out).resolve() if args.out else root / "dist" / "lms"
    kinds = (args.only,) if args.only else KINDS
    try:
        built = build_packages(root, out, kinds)
    except CourseError as err:
        print(err, file=sys.stderr)
        print("No package was written.", file=sys.stderr)
        return 1
    except PackageError as err:
        print(f"course package: {err}", file=sys.stderr)
        return 1
    labels = {"scorm12": "SCORM 1.2 (one SCO; Moodle, Canvas, Blackboard, most LMSs)",
              "cmi5": "cmi5 (one AU per module; an LMS with cmi5 and an LRS)"}
    for package in built:
        print(f"{labels[package.kind]}: {_show(package.path)} "
              f"({package.files} files, {package.size / 1e6:.1f} MB)")
    if "scorm12" in kinds:
        questions = sum(len(m.bank.questions) for m in course.modules)
        print(f"SCORM 1.2 suspend_data: the shortest record of all {questions} answers takes "
              f"{minimal_size(course):,} of {SUSPEND_DATA_LIMIT:,} characters.")
    return 0


def schema(args: argparse.Namespace) -> int:
    from bank_schema import schema_text

    root = _root(args)
    path = root / "quizzes" / "bank.schema.json"
    path.write_text(schema_text(), encoding="utf-8")
    print(f"Wrote {_show(path)} from the validator's field tables.")
    return 0


def records(args: argparse.Namespace) -> int:
    """Re-check every completion record in DIR against the banks; write the PARS batch and
    the summary (completion_records, pars_batch and records_summary do the work)."""
    root = _root(args)
    folder = Path(args.dir).resolve()
    if not folder.is_dir():
        print(f"course records: {args.dir} is not a folder. Give the folder that holds the "
              "learners' completion records (*.json).", file=sys.stderr)
        return 2
    course = _load(root)  # records are checked only against a course that checks out
    if course is None:
        return 1 if (root / "quizzes").is_dir() else 2
    settings = read_settings(root)[0]
    if settings is None:
        print(f"course records: no mkdocs.yml in {root}: the course's title, version and "
              "credit are needed to check records.", file=sys.stderr)
        return 2
    from completion_records import read_records
    from lms_export import course_title
    from pars_batch import FILE_NAME, batch_text
    from records_summary import SUMMARY_NAME, summary_markdown

    reviewed = read_records(folder, course, settings, course_title(root))
    activity_id = settings.accme_activity_id
    out = Path(args.out).resolve() if args.out else root / "dist" / "records"
    out.mkdir(parents=True, exist_ok=True)
    (out / FILE_NAME).write_text(batch_text(reviewed, activity_id), encoding="utf-8",
                                 newline="")
    (out / SUMMARY_NAME).write_text(summary_markdown(reviewed, course, _show(folder),
                                                     activity_id), encoding="utf-8")
    rejected = [r for r in reviewed if not r.valid]
    valid = len(reviewed) - len(rejected)
    print(f"Read {_plural(len(reviewed), 'completion record')} from {_show(folder)}: "
          f"{valid} valid, {len(rejected)} rejected.")
    for r in reviewed:
        if r.valid and r.not_reportable:
            print(f"  - {r.file}: not reportable: {r.not_reportable}")
    reported = sum(r.reportable for r in reviewed)
    print(f"PARS learner batch, {_plural(reported, 'completion')}: {_show(out / FILE_NAME)}")
    print(f"Summary: {_show(out / SUMMARY_NAME)}")
    if not activity_id and reported:
        print("Warning: extra.course.accme_activity_id is not set in mkdocs.yml, so the ACCME "
              "Activity ID column is empty: fill it in before uploading.", file=sys.stderr)
    if rejected:
        print(f"{_plural(len(rejected), 'record')} rejected (nothing from "
              f"{'them' if len(rejected) > 1 else 'it'} is in the batch):", file=sys.stderr)
        for r in rejected:
            for problem in r.problems:
                print(f"  - {r.file}: {problem}", file=sys.stderr)
    return 1 if rejected else 0


def _show(path: Path) -> str:
    """A path relative to where the command was run when it lies below it, else in full."""
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(
        prog="course", description="Check the course's question banks and module pages, or "
        "export the questions for a learning-management system.")
    commands = top.add_subparsers(dest="command", metavar="COMMAND", required=True)
    root_help = "the course folder (default: this folder or the nearest parent with mkdocs.yml)"

    c = commands.add_parser("check", help="validate every bank, module page and reference "
                            "without building the site",
                            description="Validate every question bank, module front matter "
                            "and reference, as the build does, in well under a second.")
    c.add_argument("--root", metavar="DIR", help=root_help)
    c.add_argument("--report", action="store_true", help="also print each bank's cue-only "
                   "scores, the test blueprint, item-review findings and the study time")
    c.add_argument("--release", action="store_true", help="also refuse settings that still "
                   "hold [EDUCATOR: …] placeholders, as a release build does")
    c.set_defaults(run=check)

    e = commands.add_parser("export", help="write a QTI 2.1 package, Moodle GIFT and the "
                            "answer key", description="Check the course, then write "
                            "OUT/qti/<course>.zip (QTI 2.1), OUT/course.gift.txt (Moodle) and "
                            "OUT/answer-key.html (educators only; not part of the site).")
    e.add_argument("--root", metavar="DIR", help=root_help)
    e.add_argument("--out", metavar="DIR", help="where to write (default: dist/ in the course "
                   "folder)")
    e.set_defaults(run=export)

    p = commands.add_parser("package", help="write SCORM 1.2 and cmi5 packages of the whole "
                            "course for an LMS", description="Check the course, build it for an "
                            "LMS, then write OUT/<course>-scorm12.zip and OUT/<course>-cmi5.zip. "
                            "README.md, 'Running the course in your LMS', says what each holds.")
    p.add_argument("--root", metavar="DIR", help=root_help)
    p.add_argument("--out", metavar="DIR", help="where to write (default: dist/lms/ in the "
                   "course folder)")
    p.add_argument("--only", choices=("scorm12", "cmi5"), help="write one package only")
    p.set_defaults(run=package)

    s = commands.add_parser("schema", help="rebuild quizzes/bank.schema.json (the editors' "
                            "schema) from the validator's rules",
                            description="Write quizzes/bank.schema.json from the validator's "
                            "own field tables, so editors and the build check the same rules.")
    s.add_argument("--root", metavar="DIR", help=root_help)
    s.set_defaults(run=schema)

    r = commands.add_parser("records", help="re-check learners' completion records and write "
                            "the PARS learner batch", description="Re-check every completion "
                            "record (*.json) in DIR against the course's banks, then write "
                            "OUT/pars-learners.txt (tab-delimited, one row per valid, complete, "
                            "consented completion, for ACCME's PARS) and OUT/summary.md.")
    r.add_argument("dir", metavar="DIR", help="the folder holding the completion records")
    r.add_argument("--root", metavar="DIR", help=root_help)
    r.add_argument("--out", metavar="OUT", help="where to write (default: dist/records/ in "
                   "the course folder)")
    r.set_defaults(run=records)
    return top


def main(argv: list[str] | None = None) -> int:
    try:
        args = parser().parse_args(argv)
    except SystemExit as stop:  # --help or a usage error: argparse has printed why
        return stop.code if isinstance(stop.code, int) else 2
    return int(args.run(args))


if __name__ == "__main__":
    sys.exit(main())
