"""Printed pages a patient or clinician takes away fit the paper they are meant for."""

from __future__ import annotations

import subprocess

import pytest

from browserkit import pdf_pages
from conftest import SHOTS, Tab


@pytest.mark.parametrize("paper", ["Letter", "A4"])
def test_patient_checklist_prints_on_one_portrait_page(tab: Tab, paper: str) -> None:
    page = tab.open("patients/checklist/")
    SHOTS.mkdir(exist_ok=True)
    pdf = SHOTS / f"checklist-{paper}.pdf"
    page.pdf(path=str(pdf), format=paper)
    pages, width, height = pdf_pages(pdf)
    assert pages == 1
    assert height > width  # portrait: only the certificate is landscape
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert "Get help right away" in text and "Notes" in text  # the end made it onto the page
