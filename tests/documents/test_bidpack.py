"""The bid pack, in process, on the demo cases: what goes in, what is left out and why,
the zip, the GeneratedDocument records, and no LibreOffice."""

from __future__ import annotations

import hashlib
import zipfile
from pathlib import Path

import pytest
from sqlalchemy import select
from tests.documents.conftest import DEMO_TODAY, docx_text

from cattool.core import services
from cattool.core.demo import demo_data
from cattool.core.model import GeneratedDocument
from cattool.core.store import Store
from cattool.documents import pdf
from cattool.documents.bidpack import COVER, INDEX, BidPack, build_bid_pack
from cattool.documents.facts import load_case_facts
from cattool.documents.registry import document_kinds, statuses

CASE = "DEMO-RED-LION"


def make_pack(store: Store, folder: Path, ref: str = CASE, **options) -> BidPack:
    with store.transaction() as session:
        pack, _changes = build_bid_pack(session, ref, folder, DEMO_TODAY, **options)
    return pack


def expected_contents(store: Store, ref: str = CASE) -> tuple[list[str], list[str]]:
    """(ready, not ready) keys of the applicable pack documents, in registry order."""
    with store.session() as session:
        found = statuses(load_case_facts(session, ref, DEMO_TODAY))
    pack = [s for s in found if s.applies and s.kind.in_bid_pack and s.kind.key != COVER]
    return [s.kind.key for s in pack if s.ready], [s.kind.key for s in pack if not s.ready]


def records(store: Store) -> list[GeneratedDocument]:
    with store.session() as session:
        return list(
            session.scalars(
                select(GeneratedDocument).order_by(
                    GeneratedDocument.kind, GeneratedDocument.revision
                )
            )
        )


def test_the_demo_pack_holds_every_applicable_ready_document_and_the_index(
    demo_store: Store, tmp_path: Path
) -> None:
    ready, not_ready = expected_contents(demo_store)
    assert len(ready) >= 4, "the demo case should make a full pack"
    pack = make_pack(demo_store, tmp_path / "pack")

    front, *rest = pack.items
    assert front.kind.key == COVER, pack.report()
    assert [item.kind.key for item in rest] == ready
    assert [k.key for k, _ in pack.skipped] == not_ready
    names = [item.path.name for item in pack.items]
    assert names == [f"{n:02d} {item.kind.title}.docx" for n, item in enumerate(pack.items)]
    assert sorted(p.name for p in (tmp_path / "pack").iterdir()) == sorted(names)

    # The cover letter's index lists every other document by title and file name.
    cover = docx_text(front.path)
    for item in rest:
        assert f"{item.kind.title} | {item.path.name}" in cover
    report = pack.report()
    for name in names:
        assert f"produced  {name}" in report


def test_every_document_kind_is_ready_for_some_demo_case(demo_store: Store) -> None:
    """The demo cases show every document: each kind is ready (and applies) somewhere."""
    ready: set[str] = set()
    with demo_store.session() as session:
        for spec in demo_data():
            facts = load_case_facts(session, spec["reference"], DEMO_TODAY)
            ready |= {s.kind.key for s in statuses(facts) if s.ready and s.applies}
    offered = {k.key for k in document_kinds().values() if k.stages != frozenset()}
    regime_only = {k.key for k in document_kinds().values() if k.regimes}
    # A kind tied to one regime's moratorium may have no demo case at that stage.
    assert offered - regime_only <= ready, sorted(offered - regime_only - ready)


def test_what_is_not_produced_is_reported_with_where_to_fill_it_in(
    store: Store, tmp_path: Path
) -> None:
    with store.transaction() as session:
        services.create_case(session, "Bare Hall", "england-2011")
    _ready, not_ready = expected_contents(store, "Bare Hall")
    pack = make_pack(store, tmp_path / "bare", "Bare Hall")

    assert pack.items[0].kind.key == INDEX  # the cover letter cannot be addressed yet
    skipped = dict((k.key, reasons) for k, reasons in pack.skipped)
    assert set(skipped) == {*not_ready, COVER}
    for reasons in skipped.values():
        assert reasons
        assert all(reason.endswith(" page)") for reason in reasons)
    report = pack.report()
    assert "NOT produced: Cover letter and index, because it still needs:" in report
    assert "(Contacts page)" in report
    # Never a blank document in its place.
    assert len(list((tmp_path / "bare").iterdir())) == len(pack.items)


def test_zip_holds_every_file_of_the_pack(demo_store: Store, tmp_path: Path) -> None:
    pack = make_pack(demo_store, tmp_path / "pack", zip_pack=True)
    assert pack.zip_path == tmp_path / "pack.zip"
    with zipfile.ZipFile(pack.zip_path) as archive:
        assert archive.testzip() is None
        names = sorted(archive.namelist())
        assert names == sorted(f"pack/{item.path.name}" for item in pack.items)
        for item in pack.items:
            assert archive.read(f"pack/{item.path.name}") == item.path.read_bytes()
    assert f"Zipped as {pack.zip_path}" in pack.report()


def test_each_run_is_recorded_and_revisions_grow(demo_store: Store, tmp_path: Path) -> None:
    first = make_pack(demo_store, tmp_path / "first")
    rows = records(demo_store)
    assert sorted(r.kind for r in rows) == sorted(item.kind.key for item in first.items)
    assert {r.revision for r in rows} == {1}
    for item in first.items:
        row = next(r for r in rows if r.kind == item.kind.key)
        assert Path(row.path) == item.path.resolve()
        assert row.sha256 == hashlib.sha256(item.path.read_bytes()).hexdigest()
        assert row.generated_by == "tester"

    make_pack(demo_store, tmp_path / "second")
    rows = records(demo_store)
    by_kind: dict[str, list[int]] = {}
    for row in rows:
        by_kind.setdefault(row.kind, []).append(row.revision)
    assert by_kind == {item.kind.key: [1, 2] for item in first.items}
    second = [Path(r.path) for r in rows if r.revision == 2]
    assert all(p.parent == (tmp_path / "second").resolve() and p.is_file() for p in second)


def test_progress_counts_up_to_done(demo_store: Store, tmp_path: Path) -> None:
    seen: list[tuple[int, int, str]] = []
    make_pack(demo_store, tmp_path / "pack", zip_pack=True, progress=lambda *a: seen.append(a))
    done = [d for d, _t, _w in seen]
    assert done == sorted(done)
    assert seen[-1] == (seen[-1][1], seen[-1][1], "Done")
    assert any("cover letter" in what for _d, _t, what in seen)


def test_without_libreoffice_the_docx_pack_is_made_with_a_plain_note(
    demo_store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pdf, "find_soffice", lambda: None)
    pack = make_pack(demo_store, tmp_path / "pack", pdf=True)
    assert pack.pdf_note == pdf.NOT_INSTALLED
    assert "LibreOffice" in pack.pdf_note and "not installed" in pack.pdf_note
    assert all(item.pdf is None and item.path.suffix == ".docx" for item in pack.items)
    assert all(item.path.is_file() for item in pack.items)
    assert not list((tmp_path / "pack").glob("*.pdf"))
    assert pack.pdf_note in pack.report()
    assert len(pack.items) > 1
