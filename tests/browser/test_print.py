"""Printed pages a patient or clinician takes away fit the paper they are meant for."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from conftest import SHOTS, Tab


def pdf_pages(pdf: Path) -> tuple[int, str]:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True,
                          check=True).stdout
    pages = int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))
    size = re.search(r"^Page size:\s+(.*)$", info, re.M).group(1)
    return pages, size


@pytest.mark.parametrize("paper", ["Letter", "A4"])
def test_patient_checklist_prints_on_one_portrait_page(tab: Tab, paper: str) -> None:
    page = tab.open("patients/checklist/")
    SHOTS.mkdir(exist_ok=True)
    pdf = SHOTS / f"checklist-{paper}.pdf"
    page.pdf(path=str(pdf), format=paper)
    pages, size = pdf_pages(pdf)
    assert pages == 1
    width, height = (float(x) for x in re.findall(r"[\d.]+", size)[:2])
    assert height > width  # portrait: only the certificate is landscape
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert "Get help right away" in text and "Notes" in text  # the end made it onto the page
