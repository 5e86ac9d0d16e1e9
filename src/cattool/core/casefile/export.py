"""Export one case as a .cattool file: streamed, hashed, optionally redacted, signed,
encrypted, and written atomically (a temporary file in the same folder, then rename)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from sqlalchemy.orm import Session

from cattool.core.casefile.crypto import EncryptingWriter, Passphrase, Recipient
from cattool.core.casefile.dataset_fields import DATASET, dataset_block
from cattool.core.casefile.dump import CaseDump, dump_case
from cattool.core.casefile.format import (
    ATTACHMENTS,
    CASE_JSON,
    DOCUMENTS,
    FORMAT_VERSION,
    MANIFEST,
    SIGNATURE,
    CaseFileError,
    Manifest,
)
from cattool.core.casefile.limits import CHUNK_SIZE
from cattool.core.casefile.redact import Pseudonyms, redact_tables
from cattool.core.casefile.sign import OrganisationKeys, fingerprint, sign_manifest
from cattool.core.casefile.tables import discover, reflect

CASE_FORMAT = "cattool-case"
DOCUMENT_TABLE = "generated_document"


@dataclass(frozen=True, slots=True)
class ExportOptions:
    redact: bool = False
    sign_with: OrganisationKeys | None = None  # sign with this organisation's key
    encrypt: Passphrase | Recipient | None = None


@dataclass(slots=True)
class ExportResult:
    path: Path
    case_uid: str
    members: int
    bytes_written: int
    redacted: bool
    fingerprint: str | None = None  # the signer's, when signed
    encrypted: bool = False
    missing_files: list[str] = field(default_factory=list)  # linked but not on disk


def _schema_revision(session: Session) -> str:
    from sqlalchemy import text

    return session.execute(text("SELECT version_num FROM alembic_version")).scalar() or ""


def _safe_file_name(name: str) -> str:
    cleaned = "".join(c if c.isalnum() or c in "-_." else "_" for c in name).strip("._")
    return cleaned[:120] or "file"


def _deadline_dates(session: Session, case_id: int) -> dict[str, str | None]:
    from cattool.core import queries
    from cattool.core.model import Case

    case = session.get(Case, case_id)
    deadlines = queries.case_deadlines(session, case, dt.date.today()) if case else []
    return {d.key: d.date.isoformat() if d.date else None for d in deadlines}


def build_case_json(
    session: Session, case_id: int, *, redact: bool
) -> tuple[CaseDump, dict[str, Any], str]:
    """The case's rows (redacted if asked) and case.json's body; the schema revision."""
    connection = session.connection()
    schema = discover(reflect(connection))
    dump = dump_case(connection, schema, case_id)
    redaction = None
    if redact:
        pseudonyms = Pseudonyms()
        redaction = redact_tables(dump.tables, pseudonyms)
        shared = redact_tables(dump.shared, pseudonyms)
        redaction["tables"].update(shared["tables"])
    body = {
        "format": CASE_FORMAT,
        "format-version": FORMAT_VERSION,
        "case-uid": dump.case_row["uid"],
        DATASET: dataset_block(dump.tables, _deadline_dates(session, case_id)),
        "redaction": redaction,
        "tables": dump.tables,
        "shared": dump.shared,
        "missing-files": [],
    }
    return dump, body, _schema_revision(session)


def export_case(
    session: Session, case_id: int, out: str | os.PathLike[str], options: ExportOptions
) -> ExportResult:
    """Write the case file; on any failure no file (and no half file) is left at `out`."""
    target = Path(out).expanduser()
    if target.is_dir():
        raise CaseFileError(f"{target} is a folder: give a file name ending in .cattool.")
    if not target.parent.is_dir():
        raise CaseFileError(f"The folder {target.parent} does not exist.")
    dump, body, revision = build_case_json(session, case_id, redact=options.redact)
    manifest = Manifest(dump.case_row["uid"], revision, options.redact)
    handle, temp_name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.")
    os.close(handle)
    temp = Path(temp_name)
    try:
        with temp.open("wb") as sink:
            writer = EncryptingWriter(sink, options.encrypt) if options.encrypt else None
            missing = _write_zip(writer or sink, dump, body, manifest, options)
            if writer is not None:
                writer.close()  # the final frame
            sink.flush()
            os.fsync(sink.fileno())
        signer = None
        if options.sign_with is not None:
            signer = fingerprint(options.sign_with.public_key_file().signing)
        os.replace(temp, target)
    except OSError as error:
        raise CaseFileError(f"Cannot write {target}: {error.strerror or error}.") from None
    finally:
        temp.unlink(missing_ok=True)
    return ExportResult(
        target, manifest.case_uid, len(manifest.members), target.stat().st_size,
        options.redact, signer, options.encrypt is not None, missing,
    )  # fmt: skip


def _copy_into(archive: zipfile.ZipFile, name: str, source: Path, stamp: tuple) -> tuple[str, int]:
    """Stream one file in (stored: documents and attachments are usually compressed)."""
    info = zipfile.ZipInfo(name, date_time=stamp)
    info.compress_type = zipfile.ZIP_STORED
    size = source.stat().st_size
    info.file_size = size
    digest = hashlib.sha256()
    with source.open("rb") as reader, archive.open(info, "w", force_zip64=size > 2**31) as sink:
        while chunk := reader.read(CHUNK_SIZE):
            digest.update(chunk)
            sink.write(chunk)
    return digest.hexdigest(), size


def _write_zip(
    sink: IO[bytes],
    dump: CaseDump,
    body: dict[str, Any],
    manifest: Manifest,
    options: ExportOptions,
) -> list[str]:
    now = dt.datetime.now()
    stamp = (now.year, now.month, now.day, now.hour, now.minute, now.second)
    missing: list[str] = []
    rows_by_id = {t: {r["id"]: r for r in rows} for t, rows in dump.tables.items()}
    # Written straight into the (encrypting) file: zipfile adds data descriptors when
    # the file cannot seek, so one pass whatever the size.
    with zipfile.ZipFile(sink, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
        for number, ref in enumerate(dump.file_refs(), start=1):
            row = rows_by_id[ref.table][ref.row_id]
            source = Path(ref.source)
            if not source.is_file():
                missing.append(ref.source)
                body["missing-files"].append(
                    {"table": ref.table, "id": ref.row_id, "column": ref.column}
                )
                continue
            folder = DOCUMENTS if ref.table == DOCUMENT_TABLE else ATTACHMENTS
            name = f"{folder}{number:04d}-{_safe_file_name(source.name)}"
            sha, size = _copy_into(archive, name, source, stamp)
            manifest.add(name, sha, size)
            row[ref.column] = name
        case_bytes = json.dumps(body, indent=1, ensure_ascii=False).encode("utf-8")
        archive.writestr(CASE_JSON, case_bytes)
        manifest.add(CASE_JSON, hashlib.sha256(case_bytes).hexdigest(), len(case_bytes))
        manifest_bytes = manifest.to_bytes()
        archive.writestr(MANIFEST, manifest_bytes)
        if options.sign_with is not None:
            key = options.sign_with.signing_key()
            archive.writestr(SIGNATURE, sign_manifest(manifest_bytes, key))
    return missing
