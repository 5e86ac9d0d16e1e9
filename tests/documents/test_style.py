"""The house style: reference .docx, headers and footers, headings, tables, UK formats."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from docx import Document
from docx.oxml.ns import qn

from cattool.documents.style import (
    HouseDocument,
    MissingValue,
    format_money,
    format_percent,
    reference_path,
    required,
)

GENERATED = dt.date(2026, 3, 2)


def _sample() -> Document:
    doc = HouseDocument("ACV nomination", "The Red Lion, Kirkdale (DEMO-RED-LION)", GENERATED)
    doc.title(subtitle="Kirkdale")
    doc.heading("Asset", 1)
    doc.heading("Boundaries", 2)
    doc.heading("Plan", 3)
    doc.para("Body text.", bold="Lead:")
    doc.table(["Date", "What"], [["2 March 2026", "Nominated"]] * 3, widths_cm=[4, 12])
    doc.fields([("Name", "The Red Lion"), ("Address", "112 Stanley Road\nKirkdale")])
    doc.signature_block([("Maureen Doyle", "Chair")])
    return Document(io.BytesIO(doc.to_bytes()))


@pytest.mark.parametrize(
    ("amount", "text"),
    [
        (25000, "£25,000.00"),
        ("1234.565", "£1,234.57"),
        (0.5, "£0.50"),
        (-1500, "-£1,500.00"),
        (2_000_000, "£2,000,000.00"),
    ],
)
def test_money_is_pounds_with_pence(amount: object, text: str) -> None:
    assert format_money(amount) == text  # type: ignore[arg-type]


def test_percent_and_required() -> None:
    assert format_percent(610, 640) == "95%"
    assert format_percent(1, 0) == "n/a"
    assert required(" x ", "name") == "x"
    with pytest.raises(MissingValue, match="the group's name"):
        required("  ", "the group's name")
    with pytest.raises(MissingValue):
        required(None, "a date")


def test_reference_document_has_the_house_styles_and_uk_english() -> None:
    reference = Document(str(reference_path()))
    names = {s.name for s in reference.styles}
    for style in ("Title", "Heading 1", "Heading 2", "Heading 3", "Normal", "Caption",
                  "Table Text", "Table Grid", "Header", "Footer"):  # fmt: skip
        assert style in names
    lang = reference.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault"))
    assert lang.find(qn("w:rPr")).find(qn("w:lang")).get(qn("w:val")) == "en-GB"
    section = reference.sections[0]
    assert round(section.page_width.cm, 1) == 21.0  # A4
    assert "{case}" in section.header.paragraphs[0].text


def test_header_names_case_and_document_and_footer_counts_pages() -> None:
    document = _sample()
    section = document.sections[0]
    header = section.header.paragraphs[0].text
    assert "The Red Lion, Kirkdale (DEMO-RED-LION)" in header
    assert "ACV nomination" in header
    footer = section.footer.paragraphs[0]
    instructions = [i.text.strip() for i in footer._p.iter(qn("w:instrText"))]
    assert instructions == ["PAGE", "NUMPAGES"]
    assert "Page" in footer.text and "of" in footer.text
    assert "2 March 2026" in footer.text
    assert "{" not in header + footer.text


def test_headings_are_real_word_headings_for_the_navigation_pane() -> None:
    document = _sample()
    styles = [(p.style.name, p.text) for p in document.paragraphs if p.style.name != "Normal"]
    assert ("Title", "ACV nomination") in styles
    assert ("Heading 1", "Asset") in styles
    assert ("Heading 2", "Boundaries") in styles
    assert ("Heading 3", "Plan") in styles
    assert document.paragraphs[0].style.style_id == "Title"
    assert document.core_properties.title == "ACV nomination"
    assert document.core_properties.language == "en-GB"


def test_tables_repeat_their_header_row_and_rows_do_not_split() -> None:
    document = _sample()
    grid = document.tables[0]
    first, *rest = grid.rows
    assert first._tr.trPr.find(qn("w:tblHeader")) is not None
    assert all(row._tr.trPr.find(qn("w:cantSplit")) is not None for row in rest)
    assert [c.text for c in first.cells] == ["Date", "What"]
    assert round(grid.columns[1].width.cm) == 12
    details = document.tables[1]
    assert [c.text for c in details.rows[1].cells] == ["Address", "112 Stanley Road\nKirkdale"]


def test_the_body_starts_empty_however_the_reference_is_edited() -> None:
    document = _sample()
    assert document.paragraphs[0].text == "ACV nomination"
