"""Which tables hold a case, found from the database's own foreign keys.

Nothing here names a table except the root (`acv_case`): a table belongs to a case when
it has a cascading or required foreign key to the case or to a table that does (group →
members, lease → break clauses, …). Tables those rows point at but that do not belong to
one case (a party who plays roles in several cases) are *shared*: they travel with the
case and are matched on import. So a table added by a later migration is exported and
imported without touching this package.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from sqlalchemy import Boolean, Column, Date, DateTime, ForeignKey, MetaData, Numeric, Table
from sqlalchemy.engine import Connection

ROOT_TABLE = "acv_case"
# Not facts of a case: schema bookkeeping, and the audit trail (who changed what in the
# sender's database; an import writes its own entry), and review comments (they name
# items by this database's ids, and are the group's own working notes).
IGNORED_TABLES = frozenset({"alembic_version", "audit_entry", "review_comment"})


@dataclass(frozen=True, slots=True)
class Link:
    """A foreign key column of a case table: `column` → `target_table`.id."""

    column: str
    target_table: str
    owning: bool  # the row belongs to the target's case through this link


@dataclass(slots=True)
class CaseSchema:
    """The case tables in insert order (parents first), and the shared tables."""

    metadata: MetaData
    owned: list[str] = field(default_factory=list)
    shared: list[str] = field(default_factory=list)
    links: dict[str, list[Link]] = field(default_factory=dict)

    def table(self, name: str) -> Table:
        return self.metadata.tables[name]

    def owning_links(self, name: str) -> list[Link]:
        return [link for link in self.links.get(name, []) if link.owning]


def reflect(connection: Connection) -> MetaData:
    """The database's tables as they are (so tables of newer migrations are seen)."""
    metadata = MetaData()
    metadata.reflect(bind=connection)
    return metadata


def _single_fk(column: Column) -> ForeignKey | None:
    keys = list(column.foreign_keys)
    return keys[0] if len(keys) == 1 else None


def _owns(column: Column, fk: ForeignKey) -> bool:
    return (fk.ondelete or "").upper() == "CASCADE" or not column.nullable


def discover(metadata: MetaData) -> CaseSchema:
    """Walk foreign keys out from the root: owned tables in parents-first order."""
    tables = {n: t for n, t in metadata.tables.items() if n not in IGNORED_TABLES}
    if ROOT_TABLE not in tables:
        raise RuntimeError(f"The database has no {ROOT_TABLE} table.")
    schema = CaseSchema(metadata)
    owned = {ROOT_TABLE}
    changed = True
    while changed:
        changed = False
        for name, table in tables.items():
            if name in owned:
                continue
            for column in table.columns:
                fk = _single_fk(column)
                if fk and fk.column.table.name in owned and _owns(column, fk):
                    owned.add(name)
                    changed = True
                    break
    for name in owned:
        links = []
        for column in tables[name].columns:
            fk = _single_fk(column)
            if fk is None:
                continue
            target = fk.column.table.name
            links.append(Link(column.name, target, target in owned and _owns(column, fk)))
        schema.links[name] = links
    shared = {link.target_table for ls in schema.links.values() for link in ls} - owned
    schema.shared = sorted(shared)
    schema.owned = _parents_first(owned, schema.links)
    return schema


def _parents_first(owned: set[str], links: dict[str, list[Link]]) -> list[str]:
    order: list[str] = []
    placed: set[str] = set()
    pending = sorted(owned)
    while pending:
        ready = [
            n
            for n in pending
            if all(
                link.target_table in placed
                or link.target_table not in owned
                or link.target_table == n
                for link in links[n]
            )
        ]
        if not ready:
            raise RuntimeError(f"Case tables refer to each other in a loop: {pending}")
        order.extend(ready)
        placed.update(ready)
        pending = [n for n in pending if n not in placed]
    return order


# ------------------------------------------------------------------ values <-> JSON


def to_json_value(column: Column, value: Any) -> Any:
    """Decimals and dates become strings (exact, and readable by any JSON reader)."""
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, float):
        return str(Decimal(repr(value)))
    if isinstance(value, bytes):
        raise TypeError(f"{column.table.name}.{column.name} holds bytes: not supported")
    return str(value)


def from_json_value(column: Column, value: Any) -> Any:
    """Back to what the column holds; a value of the wrong shape is a ValueError."""
    if value is None:
        return None
    where = f"{column.table.name}.{column.name}"
    kind = column.type
    try:
        if isinstance(kind, DateTime):
            return dt.datetime.fromisoformat(_text(value, where))
        if isinstance(kind, Date):
            return dt.date.fromisoformat(_text(value, where))
        if isinstance(kind, Boolean):
            if not isinstance(value, bool):
                raise ValueError(f"{where} should be true or false, not {value!r}")
            return value
        if isinstance(kind, Numeric):
            return Decimal(_text(value, where))
        python_type = kind.python_type
    except ValueError as error:
        if str(error).startswith(where):
            raise
        raise ValueError(f"{where}: {value!r} is not a valid value") from None
    except (InvalidOperation, NotImplementedError):
        raise ValueError(f"{where}: {value!r} is not a valid value") from None
    if python_type is int and (not isinstance(value, int) or isinstance(value, bool)):
        raise ValueError(f"{where} should be a whole number, not {value!r}")
    if python_type is str and not isinstance(value, str):
        raise ValueError(f"{where} should be text, not {value!r}")
    return value


def _text(value: Any, where: str) -> str:
    if not isinstance(value, str):
        raise ValueError(f"{where} should be written as text, not {value!r}")
    return value
