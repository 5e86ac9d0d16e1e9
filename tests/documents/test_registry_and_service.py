"""The registry's states and the services that generate documents and mark them sent."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import pytest
from sqlalchemy import select

from cattool.core import services
from cattool.core.errors import InputError
from cattool.core.model import AuditEntry, Event, GeneratedDocument
from cattool.core.store import Store
from cattool.documents.facts import load_case_facts
from cattool.documents.registry import (
    GENERATED,
    MISSING,
    PAGES,
    READY,
    SENT,
    DocumentKind,
    MissingDataError,
    Requirement,
    build_document,
    document_kinds,
    get_kind,
    status_of,
    statuses,
)
from cattool.documents.service import generate, mark_sent
from cattool.documents.style import required

TODAY = dt.date(2026, 3, 5)


@pytest.fixture
def case_id(store: Store) -> int:
    with store.session() as session:
        created = services.create_case(
            session, "The Crown, Hexham", "england-2011", reference="CROWN"
        ).created_id
        assert created is not None
        services.add_event(session, created, "nomination-submitted", dt.date(2026, 2, 2),
                           today=TODAY)  # fmt: skip
        session.commit()
        return created


def test_every_kind_is_declared_completely() -> None:
    kinds = document_kinds()
    expected = {"adviser-summary", "cover-letter", "nomination", "eligibility-evidence",
                "resolution", "bidder-request", "intention-to-buy", "support-report"}  # fmt: skip
    assert expected <= set(kinds)
    for key, kind in kinds.items():
        assert kind.key == key and kind.title and kind.summary
        assert callable(kind.builder)
        for requirement in kind.requirements:
            assert requirement.page in PAGES
            assert requirement.describe().endswith(" page)")
    assert [k for k in kinds.values() if k.personal_data] == [kinds["eligibility-evidence"]]


def test_unknown_kind_is_bad_input() -> None:
    with pytest.raises(InputError, match="Unknown document 'letter'"):
        get_kind("letter")


def test_states_follow_the_facts(store: Store, case_id: int, tmp_path: Path) -> None:
    with store.session() as session:
        facts = load_case_facts(session, case_id, TODAY)
        found = {s.kind.key: s for s in statuses(facts)}
        assert found["adviser-summary"].state == READY
        cover = found["cover-letter"]
        assert cover.state == MISSING
        assert any("council" in r.what for r in cover.missing)
        assert cover.describe().startswith("Missing: ")
        # Applicable kinds come first.
        flags = [s.applies for s in statuses(facts)]
        assert flags == sorted(flags, reverse=True)

        made, _ = generate(session, facts, "adviser-summary", tmp_path)
        session.commit()
        facts = load_case_facts(session, case_id, TODAY)
        summary = status_of(get_kind("adviser-summary"), facts)
        assert summary.state == GENERATED
        assert summary.latest is not None and summary.latest.revision == 1
        assert summary.describe().startswith("Version 1, generated ")

        mark_sent(session, made.record_id, dt.date(2026, 3, 4), today=TODAY)
        session.commit()
        facts = load_case_facts(session, case_id, TODAY)
        sent = status_of(get_kind("adviser-summary"), facts)
        assert sent.state == SENT
        assert "sent 4 March 2026" in sent.describe()


def test_generate_writes_the_file_and_records_revision_and_hash(
    store: Store, case_id: int, tmp_path: Path
) -> None:
    with store.session() as session:
        facts = load_case_facts(session, case_id, TODAY)
        first, changes = generate(session, facts, "adviser-summary", tmp_path / "docs")
        second, _ = generate(session, facts, "adviser-summary", tmp_path / "docs")
        session.commit()
        assert changes.case_ids == {case_id} and "document" in changes.entities
        assert (first.revision, second.revision) == (1, 2)
        assert first.path.name == "Case summary for advisers v1.docx"
        assert second.path.exists() and first.path.exists()
        assert hashlib.sha256(first.path.read_bytes()).hexdigest() == first.sha256
        rows = session.scalars(select(GeneratedDocument).order_by(GeneratedDocument.id)).all()
        assert [(r.kind, r.revision, r.generated_by) for r in rows] == [
            ("adviser-summary", 1, "tester"),
            ("adviser-summary", 2, "tester"),
        ]
        assert Path(rows[0].path) == first.path.resolve()
        actions = session.scalars(select(AuditEntry.action).where(AuditEntry.entity == "document"))
        assert list(actions) == ["generate", "generate"]


def test_missing_data_writes_nothing_and_names_every_gap(
    store: Store, case_id: int, tmp_path: Path
) -> None:
    with store.session() as session:
        facts = load_case_facts(session, case_id, TODAY)
        with pytest.raises(MissingDataError) as caught:
            generate(session, facts, "cover-letter", tmp_path / "out")
        message = str(caught.value)
        assert "The Cover letter and index cannot be produced yet" in message
        assert "(Contacts page)" in message and "(Group and members page)" in message
        assert not (tmp_path / "out").exists()
        assert session.scalars(select(GeneratedDocument)).all() == []


def test_a_builder_that_meets_an_undeclared_gap_still_never_writes_a_blank(
    store: Store, case_id: int
) -> None:
    def builder(facts, doc) -> None:
        doc.para(required(facts.asset.title_number, "the Land Registry title number"))

    kind = DocumentKind("test", "Test", "A test document.", builder)
    with store.session() as session:
        facts = load_case_facts(session, case_id, TODAY)
    with pytest.raises(MissingDataError, match="the Land Registry title number"):
        build_document(kind, facts)
    ready = DocumentKind(
        "test", "Test", "A test.", builder, (Requirement("x", "asset", lambda f: False),)
    )
    with pytest.raises(MissingDataError, match=r"x \(Asset and owners page\)"):
        build_document(ready, facts)


def test_out_folder_that_is_a_file_is_bad_input(store: Store, case_id: int, tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    with store.session() as session:
        facts = load_case_facts(session, case_id, TODAY)
        with pytest.raises(InputError, match="is a file, not a folder"):
            generate(session, facts, "adviser-summary", blocker)
        assert session.scalars(select(GeneratedDocument)).all() == []


def _generated(store: Store, case_id: int, kind: str, folder: Path) -> int:
    with store.session() as session:
        facts = load_case_facts(session, case_id, TODAY)
        document = GeneratedDocument(case_id=case_id, kind=kind, revision=1,
                                     path=str(folder / "x.docx"), sha256="0" * 64)  # fmt: skip
        session.add(document)
        session.commit()
        assert facts.id == case_id
        return document.id


def test_marking_a_statutory_document_sent_records_the_statutory_event_once_received(
    store: Store, case_id: int, tmp_path: Path
) -> None:
    document_id = _generated(store, case_id, "bidder-request", tmp_path)
    with store.session() as session:
        mark_sent(session, document_id, dt.date(2026, 3, 2), received_on=dt.date(2026, 3, 3),
                  today=TODAY)  # fmt: skip
        session.commit()
        event = session.scalars(select(Event).where(Event.kind == "bidder-request-received")).one()
        # The moratorium clock runs from receipt: the event's date is the received date.
        assert (event.date, event.sent_on, event.received_on) == (
            dt.date(2026, 3, 2) + dt.timedelta(days=1), dt.date(2026, 3, 2), dt.date(2026, 3, 3)
        )  # fmt: skip
        assert session.get(GeneratedDocument, document_id).sent_event_id == event.id


def test_marking_sent_without_a_received_date_records_only_that_it_was_sent(
    store: Store, case_id: int, tmp_path: Path
) -> None:
    document_id = _generated(store, case_id, "nomination", tmp_path)
    with store.session() as session:
        mark_sent(session, document_id, dt.date(2026, 3, 2), today=TODAY)
        session.commit()
        kinds = session.scalars(select(Event.kind).order_by(Event.id)).all()
        assert kinds == ["nomination-submitted", "document-sent"]
        event = session.scalars(select(Event).where(Event.kind == "document-sent")).one()
        assert event.date == dt.date(2026, 3, 2) and "version 1" in event.note


@pytest.mark.parametrize(
    ("sent", "received", "message"),
    [
        (dt.date(2026, 3, 9), None, "in the future"),
        (dt.date(2026, 3, 3), dt.date(2026, 3, 2), "received before it was sent"),
    ],
)
def test_impossible_sent_dates_change_nothing(
    store: Store, case_id: int, tmp_path: Path, sent, received, message: str
) -> None:
    document_id = _generated(store, case_id, "nomination", tmp_path)
    with store.session() as session:
        with pytest.raises(InputError, match=message):
            mark_sent(session, document_id, sent, received_on=received, today=TODAY)
        session.rollback()
        assert session.scalars(select(Event.kind)).all() == ["nomination-submitted"]
        assert session.get(GeneratedDocument, document_id).sent_event_id is None
