"""Fixtures for document tests: the demo cases in a fresh database, and reading a .docx
back as text (paragraphs, tables, header and footer) the way a reader would see it."""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from docx import Document

from cattool.core.demo import add_demo_cases
from cattool.core.store import Store
from cattool.documents.facts import CaseFacts, load_case_facts

DEMO_TODAY = dt.date(2026, 11, 23)
PLACEHOLDER = re.compile(r"\{[a-z_]+\}|\bTODO\b|\bTBC\b|\bNone\b|\bnan\b|_{3,}\s*$")


@pytest.fixture
def demo_store(store: Store) -> Iterator[Store]:
    with store.session() as session:
        add_demo_cases(session, DEMO_TODAY)
        session.commit()
    yield store


@pytest.fixture
def demo_facts(demo_store: Store) -> Callable[[str], CaseFacts]:
    def load(reference: str, today: dt.date = DEMO_TODAY) -> CaseFacts:
        with demo_store.session() as session:
            return load_case_facts(session, reference, today)

    return load


def docx_text(data: bytes | Path) -> str:
    """All visible text: body paragraphs and tables in order, then headers and footers."""
    document = Document(io.BytesIO(data) if isinstance(data, bytes) else str(data))
    lines: list[str] = []
    body = document.element.body
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            lines.append("".join(t.text or "" for t in child.iter() if t.tag.endswith("}t")))
        elif tag == "tbl":
            for row in child.iter():
                if row.tag.endswith("}tr"):
                    cells = [
                        "".join(t.text or "" for t in cell.iter() if t.tag.endswith("}t"))
                        for cell in row
                        if cell.tag.endswith("}tc")
                    ]
                    lines.append(" | ".join(cells))
    for section in document.sections:
        for part in (section.header, section.footer):
            lines += [p.text for p in part.paragraphs]
    return "\n".join(lines)


def headings(data: bytes | Path) -> list[tuple[str, str]]:
    """(style name, text) of every Title and Heading paragraph: the navigation pane's view."""
    document = Document(io.BytesIO(data) if isinstance(data, bytes) else str(data))
    return [
        (p.style.name, p.text)
        for p in document.paragraphs
        if p.style.name == "Title" or p.style.name.startswith("Heading")
    ]


def assert_no_placeholders(text: str) -> None:
    """No template token, 'None', TODO or empty fill-in line anywhere (signature lines
    are the exception: they are labelled "Signed:", "Name:" or "Date:")."""
    for line in text.splitlines():
        if line.strip().startswith(("Signed:", "Date:", "Name:")):
            continue
        assert not PLACEHOLDER.search(line), f"placeholder or blank in: {line!r}"


def assert_no_empty_sections(data: bytes | Path) -> None:
    """Every heading is followed by some content before the next heading of its level or
    higher (a section never stands empty)."""
    document = Document(io.BytesIO(data) if isinstance(data, bytes) else str(data))
    body = list(document.element.body.iterchildren())
    pending: str | None = None
    for child in body:
        tag = child.tag.rsplit("}", 1)[-1]
        style = child.xpath("string(./w:pPr/w:pStyle/@w:val)") if tag == "p" else ""
        text = "".join(t.text or "" for t in child.iter() if t.tag.endswith("}t")).strip()
        if tag == "p" and style.startswith("Heading"):
            assert pending is None, f"empty section: {pending!r}"
            pending = text
        elif tag == "tbl" or (tag == "p" and text):
            pending = None
    assert pending is None, f"empty section at the end: {pending!r}"
