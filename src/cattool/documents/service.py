"""Generating a document and recording it; marking it sent. The only code in
`cattool.documents` that writes (files, and GeneratedDocument rows through the session).

Files are written atomically; the database row records the revision, where it went and
its SHA-256, so the Documents page can say "version 2, generated …" and a case file can
prove what was sent.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, replace
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from cattool.core.changes import Changes, audit, current_user
from cattool.core.dates import ensure_not_future
from cattool.core.errors import InputError, NotFoundError
from cattool.core.files import atomic_write
from cattool.core.model import Event, GeneratedDocument
from cattool.core.rules.events import event_kinds
from cattool.documents.facts import CaseFacts, load_case_facts
from cattool.documents.registry import DocumentKind, build_document, get_kind


@dataclass(frozen=True, slots=True)
class Generated:
    kind: DocumentKind
    path: Path
    revision: int
    sha256: str
    record_id: int


def next_revision(session: Session, case_id: int, kind: str) -> int:
    latest = session.scalar(
        select(func.max(GeneratedDocument.revision)).where(
            GeneratedDocument.case_id == case_id, GeneratedDocument.kind == kind
        )
    )
    return (latest or 0) + 1


def _check_folder(out_dir: Path) -> Path:
    folder = Path(out_dir).expanduser()
    if folder.exists() and not folder.is_dir():
        raise InputError(f"{folder} is a file, not a folder: choose a folder for the documents.")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise InputError(f"Cannot create the folder {folder}: {error.strerror}.") from None
    return folder


def generate(
    session: Session,
    facts: CaseFacts,
    kind_key: str,
    out_dir: Path,
    *,
    filename: str | None = None,
) -> tuple[Generated, Changes]:
    """Build one document into `out_dir` and record it (raises MissingDataError first)."""
    kind = get_kind(kind_key)
    data = build_document(kind, facts)  # before anything is written
    folder = _check_folder(out_dir)
    revision = next_revision(session, facts.id, kind.key)
    path = folder / (filename or kind.filename(revision))
    try:
        atomic_write(path, data)
    except OSError as error:
        raise InputError(f"Cannot write {path}: {error.strerror}.") from None
    digest = hashlib.sha256(data).hexdigest()
    record = GeneratedDocument(
        case_id=facts.id,
        kind=kind.key,
        revision=revision,
        path=str(path.resolve()),
        sha256=digest,
        generated_by=current_user(),
    )
    session.add(record)
    session.flush()
    audit(
        session, "generate", "document", record.id, facts.id,
        after={"kind": kind.key, "revision": revision, "path": record.path, "sha256": digest},
    )  # fmt: skip
    changes = Changes(frozenset({facts.id}), frozenset({"document"}), record.id)
    return Generated(kind, path, revision, digest, record.id), changes


def generate_for_case(
    session: Session, ref: str | int, kind_key: str, out_dir: Path, today: dt.date
) -> tuple[Generated, Changes]:
    return generate(session, load_case_facts(session, ref, today), kind_key, out_dir)


def mark_sent(
    session: Session,
    document_id: int,
    sent_on: dt.date,
    *,
    received_on: dt.date | None = None,
    today: dt.date,
    note: str = "",
) -> Changes:
    """Record that a generated document went out: an event, linked to the document.

    A document whose arrival starts a statutory clock (the nomination, the request to
    bid) records that statutory event when the date it was received is known; until
    then a plain 'Document sent' event, so no deadline is counted from a guessed date.
    """
    record = session.get(GeneratedDocument, document_id)
    if record is None:
        raise NotFoundError(f"There is no generated document {document_id}.")
    ensure_not_future(sent_on, today, what="The date it was sent")
    if received_on is not None:
        ensure_not_future(received_on, today, what="The date it was received")
        if received_on < sent_on:
            raise InputError("A document cannot be received before it was sent.")
    kind = get_kind(record.kind)
    statutory = kind.sent_event != "document-sent" and received_on is not None
    event_kind = kind.sent_event if statutory else "document-sent"
    basis = event_kinds()[event_kind].basis
    date = received_on if statutory and basis == "received" else sent_on
    event = Event(
        case_id=record.case_id,
        kind=event_kind,
        date=date,
        sent_on=sent_on,
        received_on=received_on,
        note=(note or f"{kind.title}, version {record.revision}, sent.").strip(),
        document_path=record.path,
        entered_by=current_user(),
    )
    session.add(event)
    session.flush()
    before = {"sent_event_id": record.sent_event_id}
    record.sent_event_id = event.id
    session.flush()
    audit(session, "create", "event", event.id, record.case_id,
          after={"kind": event_kind, "date": date.isoformat(), "document": record.id})  # fmt: skip
    audit(session, "update", "document", record.id, record.case_id, before,
          {"sent_event_id": event.id})  # fmt: skip
    return Changes(frozenset({record.case_id}), frozenset({"event", "document"}), event.id)


def with_pack(facts: CaseFacts, contents: tuple[tuple[str, str], ...]) -> CaseFacts:
    """The facts with the bid pack's contents (title, file name), for the cover letter."""
    return replace(facts, pack_contents=contents)
