"""Move (or copy) cases from one database to another: a local file ⇄ the shared server.

The rows travel the way a case file's do (core/casefile: every table that belongs to a
case is found from the foreign keys, ids are remapped generically, shared rows such as a
party are matched), but in process: no archive, no passphrase. What a case file leaves
out on purpose travels too, because this is the group's own case changing home, not a
copy for an adviser: the case's audit trail (its History) and its review comments.

Order, so that nothing can be lost:
1. every check first (the cases exist, the target has none of them, by uid or by
   reference; both databases at the same schema) — a refusal changes nothing anywhere;
2. one transaction on the target: insert, audit "moved/copied from …", then read the
   case back and compare every row with the source; any difference rolls it back;
3. after the commit, read the copy once more in a new session and compare again;
4. only then (a move, not `keep`) delete the cases from the source, in one transaction
   that also records where each went.

Attachments and documents are files on disk named by path: the path travels unchanged
(the file stays where it is); files that are not there are listed in the result.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Numeric, delete, insert, select
from sqlalchemy.exc import SQLAlchemyError

from cattool.core.casefile.dump import CaseDump, dump_case
from cattool.core.casefile.importing import _check_rows, _insert_all
from cattool.core.casefile.tables import ROOT_TABLE, CaseSchema, discover, reflect
from cattool.core.errors import InputError

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from cattool.core.store import Store

AUDIT_TABLE, REVIEW_TABLE = "audit_entry", "review_comment"
Progress = Callable[[str], None]


class CaseMoveError(InputError):
    """The cases cannot be moved: the message says why; nothing changed on either side."""


@dataclass(slots=True)
class MovedCase:
    name: str
    reference: str | None
    uid: str
    source_id: int
    target_id: int = 0
    rows: int = 0
    history: int = 0  # audit entries carried over
    missing_files: list[str] = field(default_factory=list)


@dataclass(slots=True)
class MoveResult:
    source: str
    target: str
    kept: bool
    cases: list[MovedCase] = field(default_factory=list)

    def sentences(self) -> list[str]:
        verb = "Copied" if self.kept else "Moved"
        lines = []
        for case in self.cases:
            ref = f" ({case.reference})" if case.reference else ""
            lines.append(
                f"{verb} {case.name}{ref} from {self.source} to {self.target}: "
                f"{case.rows} records and {case.history} history entries, checked "
                f"(case {case.target_id} there)."
            )
            for path in case.missing_files:
                lines.append(f"  Note: the file {path} is not on this computer.")
        if not self.kept:
            lines.append(f"The cases are no longer in {self.source}.")
        return lines

    def to_json(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "target": self.target,
            "kept": self.kept,
            "cases": [
                {
                    "name": c.name, "reference": c.reference, "uid": c.uid,
                    "source_id": c.source_id, "target_id": c.target_id, "rows": c.rows,
                    "history": c.history, "missing_files": c.missing_files,
                }
                for c in self.cases
            ],
        }  # fmt: skip


@dataclass(slots=True)
class _Picked:
    """One case read out of the source: its rows, its history and review comments."""

    case: MovedCase
    dump: CaseDump
    extras: dict[str, list[dict[str, Any]]]  # audit_entry, review_comment rows
    id_map: dict[str, dict[int, int]] = field(default_factory=dict)  # source id -> target


def move_cases(
    source: Store,
    target: Store,
    cases: Sequence[str | int],
    *,
    keep: bool = False,
    progress: Progress | None = None,
) -> MoveResult:
    """Copy `cases` (ids, references or names) to `target`, checked row by row; unless
    `keep`, then remove them from `source`. Raises CaseMoveError (an InputError) having
    changed nothing when any case cannot go."""
    say = progress or (lambda _text: None)
    result = MoveResult(_name(source), _name(target), keep)
    _check_stores(source, target, keep)
    say("Reading the cases")
    picked = _read(source, cases)
    say(f"Copying to {result.target}")
    _copy(target, picked, result)
    say("Checking the copy")
    with target.session() as session:
        schema = discover(reflect(session.connection()))
        for item in picked:
            _compare(session, schema, item, item.id_map)
    if not keep:
        say(f"Removing from {result.source}")
        _remove(source, picked, result.target)
    result.cases = [item.case for item in picked]
    return result


def move_to_location(
    source: Store,
    location: str,
    cases: Sequence[str | int],
    *,
    keep: bool = False,
    progress: Progress | None = None,
) -> MoveResult:
    """`move_cases` to a database given by path or URL (a new file is created, and
    removed again if the move fails: a refused move leaves no empty database behind)."""
    from cattool.core.location import resolve_url, sqlite_file
    from cattool.core.store import open_store

    url = resolve_url(location)
    if url == source.url.render_as_string(hide_password=False):
        raise CaseMoveError("The target is the database the cases are already in.")
    new_file = sqlite_file(url)
    new_file = new_file if new_file is not None and not new_file.exists() else None
    target = open_store(url)
    try:
        return move_cases(source, target, cases, keep=keep, progress=progress)
    except BaseException:
        target.close()
        if new_file is not None:
            for suffix in ("", "-wal", "-shm", "-journal"):
                Path(f"{new_file}{suffix}").unlink(missing_ok=True)
        raise
    finally:
        target.close()


def _snapshot_options(store: Store) -> dict[str, str]:
    """On a server, read every table of the cases from one snapshot (colleagues may be
    saving meanwhile). A SQLite file seldom has another writer; on both, the cases are
    read again under a lock before they are removed (`_remove`)."""
    return {} if store.is_sqlite else {"isolation_level": "REPEATABLE READ"}


def _name(store: Store) -> str:
    return store.display_name.removesuffix(" (read-only)")


def _check_stores(source: Store, target: Store, keep: bool) -> None:
    if source.url == target.url:
        raise CaseMoveError("The target is the database the cases are already in.")
    if target.read_only:
        raise CaseMoveError(f"{_name(target)} is open read-only: nothing can be copied to it.")
    if source.read_only and not keep:
        raise CaseMoveError(
            f"{_name(source)} is open read-only: the cases can be copied, not moved out of it."
        )
    theirs, ours = source.current_revision(), target.current_revision()
    if theirs != ours:
        raise CaseMoveError(
            f"The two databases are at different versions of cattool's schema ({theirs} and "
            f"{ours}): open each once with this version of cattool first."
        )


def _read(source: Store, wanted: Sequence[str | int]) -> list[_Picked]:
    from cattool.core import queries

    if not wanted:
        raise CaseMoveError("Name at least one case to move.")
    picked: list[_Picked] = []
    seen: set[int] = set()
    with source.session() as session:
        connection = session.connection(execution_options=_snapshot_options(source))
        metadata = reflect(connection)
        schema = discover(metadata)
        for ref in wanted:
            case = queries.find_case(session, str(ref))
            if case.id in seen:
                continue
            seen.add(case.id)
            dump = dump_case(connection, schema, case.id)
            extras = {
                name: _rows_of(connection, metadata.tables[name], case.id)
                for name in (AUDIT_TABLE, REVIEW_TABLE)
                if name in metadata.tables
            }
            moved = MovedCase(case.name, case.reference, case.uid, case.id)
            moved.missing_files = sorted(
                {ref.source for ref in dump.file_refs() if not Path(ref.source).is_file()}
            )
            picked.append(_Picked(moved, dump, extras))
    return picked


def _rows_of(connection: Any, table: Any, case_id: int) -> list[dict[str, Any]]:
    query = select(table).where(table.c.case_id == case_id).order_by(table.c.id)
    return [dict(row._mapping) for row in connection.execute(query)]


def _copy(target: Store, picked: list[_Picked], result: MoveResult) -> None:
    """Everything in one transaction on the target, compared before it commits."""
    from cattool.core.changes import audit

    try:
        with target.transaction() as session:
            connection = session.connection()
            metadata = reflect(connection)
            schema = discover(metadata)
            root = schema.table(ROOT_TABLE)
            for item in picked:
                _refuse_duplicate(session, root, item.case, result.target)
            for item in picked:
                body = {"tables": item.dump.tables, "shared": item.dump.shared}
                plan = _check_rows(schema, body, set())
                id_map = _insert_all(session, schema, plan, {})
                new_id = id_map[ROOT_TABLE][item.case.source_id]
                item.case.target_id = new_id
                item.case.rows = sum(len(rows) for rows in item.dump.tables.values())
                item.case.history = _copy_extras(session, metadata, item, id_map, new_id)
                item.id_map = id_map
                verb = "copied" if result.kept else "moved"
                # The sentence the History shows says it all ("Case 'X' moved from Y").
                audit(session, f"{verb} from {result.source}"[:60], "case", new_id, new_id)
                session.flush()
                _compare(session, schema, item, id_map)
    except SQLAlchemyError as error:
        reason = " ".join(str(getattr(error, "orig", None) or error).split())
        raise CaseMoveError(
            f"Nothing copied: {result.target} refused the case ({reason})."
        ) from None


def _refuse_duplicate(session: Session, root: Any, case: MovedCase, where: str) -> None:
    found = session.execute(
        select(root.c.name, root.c.reference).where(root.c.uid == case.uid)
    ).first()
    if found is not None:
        raise CaseMoveError(
            f"{where} already has {case.name} (the same case, copied there before, as "
            f"{found.name!r}). Nothing was copied or removed."
        )
    if case.reference:
        found = session.execute(
            select(root.c.name).where(root.c.reference == case.reference)
        ).first()
        if found is not None:
            raise CaseMoveError(
                f"{where} already has a case with the reference {case.reference!r} "
                f"({found.name}). Nothing was copied or removed: change the reference of "
                "one of them first."
            )


def _copy_extras(
    session: Session,
    metadata: Any,
    item: _Picked,
    id_map: dict[str, dict[int, int]],
    new_id: int,
) -> int:
    """The case's history and review comments, pointing at the rows' new ids (None where
    the row they named is gone: a deleted record's history entry)."""

    def remap(table: str | None, old: int | None) -> int | None:
        if old is None or table is None:
            return None
        table = ROOT_TABLE if table == "case" else table
        return id_map.get(table, {}).get(old)

    for name, rows in item.extras.items():
        table = metadata.tables.get(name)
        if table is None:
            continue
        for row in rows:
            values = {k: v for k, v in row.items() if k != "id" and k in table.c}
            values["case_id"] = new_id
            if name == AUDIT_TABLE:
                values["entity_id"] = remap(row.get("entity"), row.get("entity_id"))
            elif name == REVIEW_TABLE:
                values["item_id"] = remap(row.get("item_table"), row.get("item_id"))
            session.execute(insert(table).values(**values))
    return len(item.extras.get(AUDIT_TABLE, []))


def _compare(
    session: Session, schema: CaseSchema, item: _Picked, id_map: dict[str, dict[int, int]]
) -> None:
    """The copy holds exactly the source's rows (ids and links mapped): else raise."""
    copy = dump_case(session.connection(), schema, item.case.target_id)
    expected = _normalised(schema, item.dump.tables, id_map)
    found = _normalised(schema, copy.tables, None)
    shared_expected = _normalised(schema, item.dump.shared, id_map, shared=True)
    shared_found = _normalised(schema, copy.shared, None, shared=True)
    for name in sorted(set(expected) | set(found)):
        if expected.get(name, []) != found.get(name, []):
            raise CaseMoveError(
                f"The copy of {item.case.name} differs from the original in {name}: "
                "nothing was kept at the target and nothing removed from the source."
            )
    for name in sorted(set(shared_expected) | set(shared_found)):
        if shared_expected.get(name, []) != shared_found.get(name, []):
            raise CaseMoveError(
                f"The copy of {item.case.name} points at different {name} records: "
                "nothing was kept at the target and nothing removed from the source."
            )


def _normalised(
    schema: CaseSchema,
    tables: dict[str, list[dict[str, Any]]],
    id_map: dict[str, dict[int, int]] | None,
    *,
    shared: bool = False,
) -> dict[str, list[tuple]]:
    """Rows as sorted tuples, ids mapped to the target's (shared rows: without id and
    version, which a matched existing row may have of its own); numbers as Decimals."""
    out: dict[str, list[tuple]] = {}
    for name, rows in tables.items():
        table = schema.table(name)
        links = {link.column: link.target_table for link in schema.links.get(name, [])}
        numeric = {c.name for c in table.columns if isinstance(c.type, Numeric)}
        clean = []
        for row in rows:
            items = []
            for column, value in row.items():
                if shared and column in ("id", "version"):
                    continue
                if id_map is not None and value is not None:
                    if column == "id":
                        value = id_map[name][value]
                    elif column in links:
                        value = id_map[links[column]][value]
                if column in numeric and value is not None:
                    value = Decimal(str(value))
                items.append((column, value))
            clean.append(tuple(sorted(items, key=lambda pair: pair[0])))
        out[name] = sorted(clean, key=repr)
    return out


def _remove(source: Store, picked: Iterable[_Picked], target: str) -> None:
    """Delete the moved cases from the source (their rows cascade); its audit trail keeps
    a line saying where each went."""
    from cattool.core.changes import audit

    with source.transaction() as session:
        connection = session.connection()
        schema = discover(reflect(connection))
        root = schema.table(ROOT_TABLE)
        for item in picked:
            case = item.case
            # Locked, then read again: a colleague's change made since the copy was read
            # would be lost with the case, so it stays here instead.
            session.execute(select(root.c.id).where(root.c.id == case.source_id).with_for_update())
            now = dump_case(connection, schema, case.source_id)
            if _normalised(schema, now.tables, None) != _normalised(schema, item.dump.tables, None):
                raise CaseMoveError(
                    f"{case.name} was changed here while it was being moved, so it was left "
                    f"here as it is now; the copy in {target} (case {case.target_id}) is as it "
                    "was before that change. Delete that copy, then move the case again."
                )
            session.execute(delete(root).where(root.c.id == case.source_id))
            action = f"moved to {target}"[:60]
            audit(session, action, "case", case.source_id, case.source_id, before={
                "name": case.name, "reference": case.reference, "uid": case.uid,
            })  # fmt: skip


__all__ = ["CaseMoveError", "MoveResult", "MovedCase", "move_cases", "move_to_location"]
