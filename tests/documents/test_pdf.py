"""Every document kind, built for a demo case where it is ready, converts to PDF with
LibreOffice without error, and the PDF's text (pdftotext) still says the case's facts:
every word of the .docx, the case and asset names, the group and the postcode.

Skipped where LibreOffice or pdftotext is not installed, except in CI: with
CI_REQUIRE_LIBREOFFICE=1 (set by .ci/run) a missing program is a failure. All the
documents convert in one LibreOffice call, which is most of the time this module takes.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from docx import Document
from tests.documents.conftest import DEMO_TODAY, docx_text

from cattool.core.demo import add_demo_cases, demo_data
from cattool.core.store import open_store
from cattool.documents.bidpack import build_bid_pack
from cattool.documents.facts import CaseFacts, load_case_facts
from cattool.documents.pdf import convert_to_pdf, find_soffice
from cattool.documents.registry import build_document, document_kinds

REQUIRED = os.environ.get("CI_REQUIRE_LIBREOFFICE") == "1"
TOOLS = {"LibreOffice (soffice)": find_soffice(), "pdftotext": shutil.which("pdftotext")}
MISSING = [name for name, found in TOOLS.items() if found is None]

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        bool(MISSING) and not REQUIRED,
        reason=f"not installed: {', '.join(MISSING)} (CI_REQUIRE_LIBREOFFICE=1 makes this fail)",
    ),
]

WORD = re.compile(r"\w+")


def require_tools() -> None:
    assert not MISSING, f"CI_REQUIRE_LIBREOFFICE=1 but not installed: {', '.join(MISSING)}"


def pdf_text(path: Path) -> str:
    done = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    return unicodedata.normalize("NFKC", done.stdout)  # ligatures back to letters


def flat(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).split())


def words(text: str) -> set[str]:
    return set(WORD.findall(unicodedata.normalize("NFKC", text)))


def pdf_words(text: str, docx: Path) -> set[str]:
    """The PDF's words, plus the parts of hyphenated compounds pdftotext joined: one broken
    across lines in a narrow cell ("Feed-" / "in") comes out as "Feedin"."""
    found = words(text)
    plain = unicodedata.normalize("NFKC", docx_text(docx))
    for first, second in re.findall(r"(\w+)-(\w+)", plain):
        if first + second in found:
            found |= {first, second}
    return found


def docx_words(path: Path) -> set[str]:
    """Every word of the .docx (body, tables, headers, footers), line breaks and tabs
    counted as spaces (docx_text joins the runs of a paragraph, breaks and all)."""
    document = Document(str(path))
    parts = [document.element.body]
    for section in document.sections:
        parts += [section.header._element, section.footer._element]
    pieces: list[str] = []
    for part in parts:
        for node in part.iter():
            tag = node.tag.rsplit("}", 1)[-1]
            if tag == "t":
                pieces.append(node.text or "")
            elif tag in ("br", "tab", "cr", "p", "tc"):
                pieces.append(" ")
    return words("".join(pieces))


@dataclass
class Converted:
    facts: CaseFacts
    docx: Path
    pdf: Path
    text: str


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    path = tmp_path_factory.mktemp("pdf-demo") / "demo.sqlite"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("CATTOOL_USER", "tester")
        patch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.null.Keyring")
        store = open_store(str(path))
        with store.transaction() as session:
            add_demo_cases(session, DEMO_TODAY)
        store.close()
    yield str(path)


def ready_cases(db: str) -> dict[str, CaseFacts]:
    """Each kind's demo case: the first where it is ready and applies, else where it is
    ready under the kind's own law, else where it is ready."""
    store = open_store(db)
    try:
        with store.session() as session:
            cases = [load_case_facts(session, s["reference"], DEMO_TODAY) for s in demo_data()]
    finally:
        store.close()
    chosen: dict[str, CaseFacts] = {}
    for kind in document_kinds().values():
        ready = [f for f in cases if not kind.missing(f)]
        applying = [f for f in ready if kind.applies(f)]
        same_law = [f for f in ready if kind.regimes is None or f.regime.id in kind.regimes]
        if ready:
            chosen[kind.key] = (applying or same_law or ready)[0]
    return chosen


@pytest.fixture(scope="module")
def converted(demo_db: str, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Converted]:
    """Build every kind that is ready for some demo case, convert all in one go."""
    require_tools()
    folder = tmp_path_factory.mktemp("pdf")
    built: dict[str, tuple[CaseFacts, Path]] = {}
    for key, facts in ready_cases(demo_db).items():
        path = folder / f"{key}--{facts.reference}.docx"
        path.write_bytes(build_document(document_kinds()[key], facts))
        built[key] = (facts, path)
    assert built, "no document kind is ready for any demo case"
    pdfs = convert_to_pdf([path for _facts, path in built.values()], folder)
    return {
        key: Converted(facts, docx, pdf, pdf_text(pdf))
        for (key, (facts, docx)), pdf in zip(built.items(), pdfs, strict=True)
    }


@pytest.mark.parametrize("key", list(document_kinds()))
def test_each_kind_converts_to_a_pdf_that_says_the_case_facts(
    converted: dict[str, Converted], key: str
) -> None:
    if key not in converted:
        pytest.skip(f"{key} is not ready for any demo case")
    found = converted[key]
    facts = found.facts
    assert found.pdf.stat().st_size > 1000
    assert found.pdf.read_bytes().startswith(b"%PDF")
    text = flat(found.text)
    assert text, "the PDF has no text"

    # The case as the header names it, the document's own title, and its core facts.
    for fact in (facts.name, document_kinds()[key].title):
        assert flat(fact) in text, f"{fact!r} not in the PDF of {key}"
    expected = [facts.asset.name, facts.asset.postcode, facts.group.name if facts.group else ""]
    body = flat(docx_text(found.docx))
    for fact in filter(None, expected):
        if flat(fact) in body:  # what the .docx says, the PDF must say too
            assert flat(fact) in text, f"{fact!r} lost in the PDF of {key}"
    # Nothing the document says is lost on the way (tables, headers and footers included).
    lost = docx_words(found.docx) - pdf_words(found.text, found.docx)
    assert not lost, f"words of the .docx missing from the PDF of {key}: {sorted(lost)[:20]}"


def test_the_bid_pack_with_pdf_copies(demo_db: str, tmp_path: Path) -> None:
    require_tools()
    store = open_store(demo_db)
    try:
        with store.transaction() as session:
            pack, _changes = build_bid_pack(
                session, "DEMO-RED-LION", tmp_path / "pack", DEMO_TODAY, pdf=True, zip_pack=True
            )
            session.rollback()  # the records are not what this test is about
    finally:
        store.close()
    assert pack.pdf_note == ""
    assert len(pack.items) > 1
    for item in pack.items:
        assert item.pdf is not None and item.pdf.is_file()
        assert item.pdf.name == item.path.stem + ".pdf"
    cover = flat(pdf_text(pack.items[0].pdf))  # type: ignore[arg-type]
    for item in pack.items[1:]:
        assert flat(item.kind.title) in cover
    assert "and a PDF copy of each" in pack.report()


@pytest.mark.parametrize("key", ["heads-of-terms", "lease-summary"])
def test_the_lease_documents_are_ready_for_a_demo_case(
    converted: dict[str, Converted], key: str
) -> None:
    """Issue 6: the heads of terms and the lease summary of a demo case reach PDF in CI."""
    assert key in converted, f"{key} is not ready for any demo case"
