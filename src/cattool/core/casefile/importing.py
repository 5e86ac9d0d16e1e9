"""Import a case file: every check first (verify.check_archive, then the rows against
this database's tables), then the files and the rows in one transaction.

Any failure raises CaseFileError before anything is written; a failure while writing
rolls the transaction back and removes the files unpacked for it. Ids are remapped for
every table generically (the foreign keys say which column points where).
"""

from __future__ import annotations

import os
import uuid
import zipfile
from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import delete, insert, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from cattool.core.casefile.archive import open_zip, plain_zip, stream_member
from cattool.core.casefile.crypto import KeyForRecipient
from cattool.core.casefile.dump import is_path_column
from cattool.core.casefile.format import FOLDERS, CaseFileError
from cattool.core.casefile.limits import DEFAULT_LIMITS, Limits
from cattool.core.casefile.tables import (
    ROOT_TABLE,
    CaseSchema,
    discover,
    from_json_value,
    reflect,
)
from cattool.core.casefile.verify import VerifyReport, check_archive

REPLACE, AS_NEW = "replace", "as-new"


@dataclass(slots=True)
class ImportResult:
    case_id: int
    case_uid: str
    name: str
    mode: str  # "new", "replace" or "as-new"
    rows: dict[str, int] = field(default_factory=dict)
    files: list[Path] = field(default_factory=list)
    report: VerifyReport | None = None
    # table -> {id in the file: id here}: lets a review name items by the file's ids
    id_map: dict[str, dict[int, int]] = field(default_factory=dict)


@dataclass(slots=True)
class _Plan:
    """Checked rows, ready to insert: table -> [(old id, {column: python value})]."""

    tables: dict[str, list[tuple[int, dict[str, Any]]]] = field(default_factory=dict)
    shared: dict[str, list[tuple[int, dict[str, Any]]]] = field(default_factory=dict)
    members: dict[tuple[str, int, str], str] = field(default_factory=dict)  # -> member name


def _safe_name(text: str) -> str:
    cleaned = "".join(c if c.isalnum() or c in " -_." else "_" for c in text).strip(" .")
    return cleaned or "case"


def _check_rows(schema: CaseSchema, case: dict[str, Any], members: set[str]) -> _Plan:
    plan = _Plan()
    for section, allowed, out in (
        ("tables", schema.owned, plan.tables),
        ("shared", schema.shared, plan.shared),
    ):
        for name, rows in case[section].items():
            if name not in allowed:
                raise CaseFileError(
                    f"case.json has a table {name!r} this cattool does not know as part of a "
                    "case (made by a newer version?)."
                )
            table = schema.table(name)
            seen: set[int] = set()
            checked = []
            for row in rows:
                unknown = set(row) - set(table.c.keys())
                if unknown:
                    raise CaseFileError(f"case.json: {name} has unknown fields {sorted(unknown)}.")
                if row["id"] in seen:
                    raise CaseFileError(f"case.json: {name} has id {row['id']} twice.")
                seen.add(row["id"])
                try:
                    values = {k: from_json_value(table.c[k], v) for k, v in row.items()}
                except ValueError as error:
                    raise CaseFileError(f"case.json: {error}.") from None
                checked.append((row["id"], values))
            out[name] = checked
    ids = {n: {i for i, _ in rows} for n, rows in {**plan.tables, **plan.shared}.items()}
    for name, rows in plan.tables.items():
        for old_id, values in rows:
            for link in schema.links[name]:
                target = values.get(link.column)
                if target is not None and target not in ids.get(link.target_table, ()):
                    raise CaseFileError(
                        f"case.json: {name} {old_id} points at {link.target_table} {target}, "
                        "which is not in the file."
                    )
            for column, value in values.items():
                if is_path_column(column) and isinstance(value, str) and value.startswith(FOLDERS):
                    if value not in members:
                        raise CaseFileError(f"case.json names {value!r}, which is not in the file.")
                    plan.members[(name, old_id, column)] = value
    if len(plan.tables.get(ROOT_TABLE, [])) != 1:
        raise CaseFileError("case.json must hold exactly one case.")
    return plan


def _check_revision(revision: str) -> None:
    from cattool.core.migrations import KNOWN_REVISIONS

    if revision and revision not in KNOWN_REVISIONS:
        raise CaseFileError(
            f"The case file was made by a newer cattool (database schema {revision}): "
            "update cattool to import it."
        )


def import_casefile(
    store: Any,
    path: str | os.PathLike[str],
    *,
    mode: str | None = None,
    passphrase: Callable[[], str] | None = None,
    private_key: KeyForRecipient | None = None,
    limits: Limits = DEFAULT_LIMITS,
    files_dir: Path | None = None,
) -> ImportResult:
    """Import `path` into `store`. `mode`: None (refuse a case that exists), "replace"
    or "as-new" (new uid and ids, names kept). Raises CaseFileError, writing nothing."""
    if mode not in (None, REPLACE, AS_NEW):
        raise ValueError(f"unknown import mode {mode!r}")
    with ExitStack() as stack:
        plain, sealed = stack.enter_context(
            plain_zip(path, passphrase=passphrase, private_key=private_key)
        )
        archive = stack.enter_context(open_zip(plain))
        report = check_archive(archive, limits)
        report.encrypted = sealed
        if not report.intact or report.case is None or report.manifest is None:
            raise CaseFileError("Nothing imported. " + report.summary())
        _check_revision(report.manifest.schema_revision)
        with store.session() as session:
            schema = discover(reflect(session.connection()))
            plan = _check_rows(schema, report.case, set(report.manifest.members))
            uid = report.case["case-uid"]
            existing = session.scalar(
                select(schema.table(ROOT_TABLE).c.id).where(schema.table(ROOT_TABLE).c.uid == uid)
            )
        if existing is not None and mode is None:
            raise CaseFileError(
                f"This database already has the case in the file ({uid}). Choose to "
                "replace it (--replace) or to import it as a new case (--as-new)."
            )
        effective = mode if existing is not None else "new"
        return _write(store, archive, schema, plan, report, effective, existing, files_dir)


def _unpack(
    archive: zipfile.ZipFile, plan: _Plan, case_row: dict[str, Any], files_dir: Path | None
) -> tuple[dict[str, Path], list[Path]]:
    from cattool.core.paths import data_dir

    base = files_dir or data_dir()
    folder_name = _safe_name(case_row.get("reference") or case_row["uid"])
    placed: dict[str, Path] = {}
    written: list[Path] = []
    try:
        for member in sorted(set(plan.members.values())):
            kind = "documents" if member.startswith("documents/") else "attachments"
            folder = base / kind / folder_name
            folder.mkdir(parents=True, exist_ok=True)
            stem = member.split("/", 1)[1]
            target = folder / stem
            counter = 2
            while target.exists():
                target = folder / f"{Path(stem).stem}-{counter}{Path(stem).suffix}"
                counter += 1
            with target.open("xb") as sink:
                written.append(target)
                stream_member(archive, member, sink)
            placed[member] = target.resolve()
    except BaseException:
        for done in written:
            done.unlink(missing_ok=True)
        raise
    return placed, written


def _write(
    store: Any,
    archive: zipfile.ZipFile,
    schema: CaseSchema,
    plan: _Plan,
    report: VerifyReport,
    mode: str,
    existing: int | None,
    files_dir: Path | None,
) -> ImportResult:
    from cattool.core.changes import audit

    case_old_id, case_values = plan.tables[ROOT_TABLE][0]
    if mode == AS_NEW:
        case_values["uid"] = uuid.uuid4().hex
    placed, written = _unpack(archive, plan, case_values, files_dir)
    result = ImportResult(0, case_values["uid"], case_values["name"], mode, report=report)
    result.files = written
    try:
        with store.transaction() as session:
            if mode == REPLACE:
                root = schema.table(ROOT_TABLE)
                session.execute(delete(root).where(root.c.id == existing))
            case_values["reference"] = _free_reference(session, schema, case_values)
            id_map = _insert_all(session, schema, plan, placed)
            result.id_map = id_map
            result.case_id = id_map[ROOT_TABLE][case_old_id]
            result.rows = {n: len(rows) for n, rows in plan.tables.items()}
            sig = report.signature
            audit(session, "import", "case", result.case_id, result.case_id, after={
                "mode": mode, "uid": result.case_uid, "redacted": report.manifest.redacted,
                "signed-by": sig.fingerprint if sig else None,
            })  # fmt: skip
    except SQLAlchemyError as error:
        _remove(written)
        reason = getattr(error, "orig", None) or error
        raise CaseFileError(
            f"Nothing imported: the database refused the case ({reason})."
        ) from None
    except BaseException:
        _remove(written)
        raise
    return result


def _remove(paths: list[Path]) -> None:
    for done in paths:
        done.unlink(missing_ok=True)


def _free_reference(session: Session, schema: CaseSchema, values: dict[str, Any]) -> str | None:
    reference = values.get("reference")
    if not reference:
        return reference
    root = schema.table(ROOT_TABLE)
    candidate, counter = reference, 1
    while session.scalar(select(root.c.id).where(root.c.reference == candidate)) is not None:
        counter += 1
        candidate = f"{reference}-{counter}"
    return candidate


def _insert_all(
    session: Session, schema: CaseSchema, plan: _Plan, placed: dict[str, Path]
) -> dict[str, dict[int, int]]:
    id_map: dict[str, dict[int, int]] = {}
    for name, rows in plan.shared.items():
        table = schema.table(name)
        id_map[name] = {}
        for old_id, values in rows:
            fields = {k: v for k, v in values.items() if k not in ("id", "version")}
            match = session.scalar(
                select(table.c.id).where(*(table.c[k] == v for k, v in fields.items())).limit(1)
            )
            if match is None:
                match = _insert(session, table, values)
            id_map[name][old_id] = match
    for name in schema.owned:
        if name not in plan.tables:
            continue
        table = schema.table(name)
        id_map[name] = {}
        for old_id, values in sorted(plan.tables[name], key=lambda item: item[0]):
            row = dict(values)
            for link in schema.links[name]:
                if row.get(link.column) is not None:
                    row[link.column] = id_map[link.target_table][row[link.column]]
            for column in row:
                member = plan.members.get((name, old_id, column))
                if member is not None:
                    row[column] = str(placed[member])
            id_map[name][old_id] = _insert(session, table, row)
    return id_map


def _insert(session: Session, table: Any, values: dict[str, Any]) -> int:
    row = {k: v for k, v in values.items() if k != "id"}
    for column in table.columns:  # older files: fill columns added since from the model
        if column.name not in values and column.name != "id":
            default = _model_default(table.name, column.name)
            if default is not None:
                row[column.name] = default
    return session.execute(insert(table).values(**row)).inserted_primary_key[0]


def _model_default(table: str, column: str) -> Any:
    from cattool.core.model import Base

    model_table = Base.metadata.tables.get(table)
    if model_table is None or column not in model_table.c:
        return None
    default = model_table.c[column].default
    if default is None or not default.is_scalar:
        return None
    return default.arg
