"""The learner batch file for ACCME's PARS: one row per reportable completion.

What PARS needs for each learner, from ACCME's public pages (README, "Reporting completions to
ACCME (PARS)"): first and last name, month and day of birth (never the year), a state
medical licence (state and number) and/or a certifying-board ID, the completion date, and
the credit type and amount; reported only with the learner's permission. ACCME's November
2025 learner template could not be read (its columns are in a downloadable file, not on its
page), so the columns below are named after those documented fields, in that order, and are
NOT the template's own headers: check them against the current template before uploading,
or paste the rows into ACCME's Excel template under its headers.

The file is tab-delimited UTF-8 text with a header row, the form ACCME's batch uploads have
taken (an Excel template saved as tab-delimited .txt); pasted into a spreadsheet, each value
lands in its own cell.
"""

from __future__ import annotations

import re
from typing import Any

from completion_records import Reviewed

# (header, what the value is): the order of the columns in the file.
COLUMNS: tuple[tuple[str, str], ...] = (
    ("ACCME Activity ID", "the activity's id in PARS (extra.course.accme_activity_id)"),
    ("First Name", "learner.firstName"),
    ("Last Name", "learner.lastName"),
    ("DOB Month", "learner.birthMonth, 1-12"),
    ("DOB Day", "learner.birthDay, 1-31"),
    ("Licensing State", "the first licence's two-letter state code (the primary licence)"),
    ("License Number", "the first licence's number"),
    ("Board ID", "learner.boardId, e.g. ABIM 123456 (may be empty)"),
    ("Completion Date", "completedAt as MM/DD/YYYY, the date in UTC"),
    ("Credit Type", "credit.type without the trademark sign"),
    ("Credits Earned", "credit.claimed, in quarter hours"),
)
FILE_NAME = "pars-learners.txt"


def _cell(value: Any) -> str:
    # A tab or line break inside a value would split the row; learner text is one line.
    return re.sub(r"\s+", " ", str(value)).strip()


def us_date(iso_time: str) -> str:
    """`2026-03-05T14:00:00.000Z` -> `03/05/2026`: the browser writes UTC, so the date is
    the UTC date (the learner's own time zone is not in the record)."""
    year, month, day = iso_time[:10].split("-")
    return f"{month}/{day}/{year}"


def batch_row(record: Reviewed, activity_id: str) -> list[str]:
    data = record.data
    learner, credit = data["learner"], data["credit"]
    licence = learner["licenses"][0] if learner["licenses"] else {"state": "", "number": ""}
    values = [
        activity_id, learner["firstName"], learner["lastName"], learner["birthMonth"],
        learner["birthDay"], licence["state"], licence["number"], learner.get("boardId") or "",
        us_date(data["completedAt"]), credit["type"].replace("™", ""),
        f"{credit['claimed']:g}",
    ]
    return [_cell(v) for v in values]


def batch_text(records: list[Reviewed], activity_id: str | None) -> str:
    """The file: a header row, then a row for each reportable record, in the order given."""
    rows = [[name for name, _ in COLUMNS]]
    rows += [batch_row(r, activity_id or "") for r in records if r.reportable]
    return "".join("\t".join(row) + "\r\n" for row in rows)  # CRLF: what Excel writes
