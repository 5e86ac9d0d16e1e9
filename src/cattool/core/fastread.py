"""Read a portfolio snapshot from a current SQLite file with the standard library only.

Start-up and `cattool agenda` need only cases and events. Importing SQLAlchemy costs
more than all of Qt, so when the file is already at the head schema revision they read
it with `sqlite3` (read-only) and leave SQLAlchemy for when something is opened or
changed. Any doubt (not SQLite, older schema, locked, missing) returns None and the
caller takes the normal path through `store.open_store`.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections import defaultdict
from collections.abc import Collection
from decimal import Decimal
from pathlib import Path

from cattool.core.lease.facts import BREAK_COLUMNS, LEASE_COLUMNS, BreakFacts, LeaseFacts
from cattool.core.migrations import HEAD_REVISION
from cattool.core.portfolio import CaseRow, Snapshot
from cattool.core.rules.engine import EventFact


def connect_current(path: Path | None) -> sqlite3.Connection | None:
    """A read-only connection to `path` if it is a SQLite file at the head schema."""
    if path is None or not path.is_file():
        return None
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=5)
    except sqlite3.Error:
        return None
    try:
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.Error:
        conn.close()
        return None
    if row is None or row[0] != HEAD_REVISION:
        conn.close()
        return None
    return conn


def read_snapshot(path: Path | None, include_archived: bool = False) -> Snapshot | None:
    conn = connect_current(path)
    if conn is None:
        return None
    try:
        where = "" if include_archived else " WHERE archived = 0"
        cases = [
            CaseRow(*r)
            for r in conn.execute(
                f"SELECT id, name, reference, regime FROM acv_case{where} ORDER BY name, id"
            )
        ]
        events: dict[int, list[EventFact]] = defaultdict(list)
        fromiso = dt.date.fromisoformat
        for case_id, kind, day, event_id in conn.execute(
            "SELECT case_id, kind, date, id FROM event ORDER BY case_id, date, id"
        ):
            events[case_id].append(EventFact(kind, fromiso(day), event_id))
        overrides: dict[str, dict[str, dict]] = defaultdict(dict)
        for regime, parameter, value, source, provisional in conn.execute(
            "SELECT regime, parameter, value, source, provisional FROM regime_setting"
        ):
            overrides[regime][parameter] = {
                "value": value,
                "source": source,
                "provisional": bool(provisional),
            }
        leases, cat_overrides = read_lease_facts(conn)
        return Snapshot(
            cases, dict(events), dict(overrides), leases=leases, cat_overrides=cat_overrides
        )
    except (sqlite3.Error, ValueError, ArithmeticError):
        return None
    finally:
        conn.close()


_DATES = frozenset({"start_date", "end_date", "insurance_renewal", "break_date"})
_MONEY = frozenset({"rent", "premium", "market_value", "price"})
_FLAGS = frozenset({"is_new", "peppercorn"})


def _value(name: str, value: object) -> object:
    if value is None:
        return None
    if name in _DATES:
        return dt.date.fromisoformat(str(value))
    if name in _MONEY:
        return Decimal(str(value))
    if name in _FLAGS:
        return bool(value)
    return value


def read_lease_facts(
    conn: sqlite3.Connection, case_ids: Collection[int] | None = None
) -> tuple[dict[int, list[LeaseFacts]], dict[int, dict[str, tuple[int, str]]]]:
    """Every lease (with its break clauses) and CAT timetable override, by case id (only
    `case_ids` when given), read with sqlite3 like the rest of the snapshot."""
    wanted = None if case_ids is None else set(case_ids)
    breaks: dict[int, list[BreakFacts]] = defaultdict(list)
    for row in conn.execute(
        f"SELECT id, lease_id, {', '.join(BREAK_COLUMNS)} FROM lease_break ORDER BY id"
    ):
        values = {n: _value(n, v) for n, v in zip(BREAK_COLUMNS, row[2:], strict=True)}
        breaks[row[1]].append(BreakFacts(row[0], **values))  # type: ignore[arg-type]
    leases: dict[int, list[LeaseFacts]] = defaultdict(list)
    for row in conn.execute(
        f"SELECT id, case_id, {', '.join(LEASE_COLUMNS)} FROM lease ORDER BY id"
    ):
        if wanted is not None and row[1] not in wanted:
            continue
        values = {n: _value(n, v) for n, v in zip(LEASE_COLUMNS, row[2:], strict=True)}
        leases[row[1]].append(
            LeaseFacts(row[0], row[1], breaks=tuple(breaks.get(row[0], ())), **values)  # type: ignore[arg-type]
        )
    overrides: dict[int, dict[str, tuple[int, str]]] = defaultdict(dict)
    for case_id, stage, weeks, source in conn.execute(
        "SELECT case_id, stage, weeks, source FROM cat_policy_override"
    ):
        if wanted is None or case_id in wanted:
            overrides[case_id][stage] = (weeks, source)
    return dict(leases), dict(overrides)
