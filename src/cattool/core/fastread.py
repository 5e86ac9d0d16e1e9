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
from pathlib import Path

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
        return Snapshot(cases, dict(events), dict(overrides))
    except (sqlite3.Error, ValueError):
        return None
    finally:
        conn.close()
