"""Read a portfolio in pieces from a current SQLite file, with the standard library only.

`fastread.read_snapshot` reads every case and every event at once (about 0.3 s for
5,000 cases × 20 events). A screen needs less to show its first rows: the case list
(a few milliseconds), then the events of the cases it is about to draw. These functions
give it that, and then the rest case by case, so the first paint never waits for the
whole portfolio. Same schema check and same rows as `fastread`: anything doubtful
(not SQLite, an older schema, locked, missing) returns None and the caller takes the
normal path through the store.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Collection, Iterator
from contextlib import closing
from pathlib import Path

from cattool.core.fastread import connect_current, read_lease_facts
from cattool.core.lease.facts import LeaseFacts
from cattool.core.portfolio import CaseRow
from cattool.core.rules.engine import EventFact

Overrides = dict[str, dict[str, dict]]
_IN_LIMIT = 500  # ids per `IN (...)`: well under SQLite's host-parameter limit


def _chunks(ids: list[int]) -> Iterator[list[int]]:
    for start in range(0, len(ids), _IN_LIMIT):
        yield ids[start : start + _IN_LIMIT]


def read_cases(
    path: Path | None,
    ids: Collection[int] | None = None,
    *,
    include_archived: bool = False,
) -> tuple[list[CaseRow], Overrides] | None:
    """The cases (by name; only `ids` when given) and the regime settings, no events."""
    conn = connect_current(path)
    if conn is None:
        return None
    with closing(conn):
        try:
            where = [] if include_archived else ["archived = 0"]
            select = "SELECT id, name, reference, regime FROM acv_case"
            cases: list[CaseRow] = []
            if ids is None:
                sql = select + (f" WHERE {where[0]}" if where else "") + " ORDER BY name, id"
                cases = [CaseRow(*r) for r in conn.execute(sql)]
            else:
                for chunk in _chunks(sorted(set(ids))):
                    marks = ",".join("?" * len(chunk))
                    clause = " AND ".join([*where, f"id IN ({marks})"])
                    cases.extend(
                        CaseRow(*r) for r in conn.execute(f"{select} WHERE {clause}", chunk)
                    )
                cases.sort(key=lambda c: (c.name, c.id))
            overrides: Overrides = {}
            for regime, parameter, value, source, provisional in conn.execute(
                "SELECT regime, parameter, value, source, provisional FROM regime_setting"
            ):
                overrides.setdefault(regime, {})[parameter] = {
                    "value": value,
                    "source": source,
                    "provisional": bool(provisional),
                }
            return cases, overrides
        except sqlite3.Error:
            return None


def read_events(path: Path | None, case_ids: Collection[int]) -> dict[int, list[EventFact]] | None:
    """The events of `case_ids`, each case's in date order (cases without events: [])."""
    conn = connect_current(path)
    if conn is None:
        return None
    found: dict[int, list[EventFact]] = {case_id: [] for case_id in case_ids}
    fromiso = dt.date.fromisoformat
    with closing(conn):
        try:
            for chunk in _chunks(sorted(found)):
                marks = ",".join("?" * len(chunk))
                for case_id, kind, day, event_id in conn.execute(
                    "SELECT case_id, kind, date, id FROM event "
                    f"WHERE case_id IN ({marks}) ORDER BY case_id, date, id",
                    chunk,
                ):
                    found[case_id].append(EventFact(kind, fromiso(day), event_id))
        except (sqlite3.Error, ValueError):
            return None
    return found


def read_leases(
    path: Path | None, case_ids: Collection[int] | None = None
) -> tuple[dict[int, list[LeaseFacts]], dict[int, dict[str, tuple[int, str]]]] | None:
    """The leases and CAT timetable overrides of `case_ids` (all when None), for
    `Snapshot(leases=..., cat_overrides=...)`: their key dates join the case's deadlines.
    Few cases have a lease, so this is one small read."""
    conn = connect_current(path)
    if conn is None:
        return None
    with closing(conn):
        try:
            return read_lease_facts(conn, case_ids)
        except (sqlite3.Error, ValueError, ArithmeticError):
            return None


def stream_events(
    path: Path | None, batch: int = 2000
) -> Iterator[dict[int, list[EventFact]]] | None:
    """Every case's events, in case-id order, as dicts of *complete* cases per batch.

    Reads `batch` rows at a time from one read transaction, so a caller can stop between
    batches (to let the screen paint) and the rows stay consistent. Cases without events
    never appear. None when the fast path cannot serve this file.
    """
    conn = connect_current(path)
    if conn is None:
        return None
    return _stream(conn, batch)


def _stream(conn: sqlite3.Connection, batch: int) -> Iterator[dict[int, list[EventFact]]]:
    fromiso = dt.date.fromisoformat
    with closing(conn):
        cursor = conn.execute(
            "SELECT case_id, kind, date, id FROM event ORDER BY case_id, date, id"
        )
        current_id: int | None = None
        current: list[EventFact] = []
        while True:
            rows = cursor.fetchmany(batch)
            if not rows:
                break
            done: dict[int, list[EventFact]] = {}
            for case_id, kind, day, event_id in rows:
                if case_id != current_id:
                    if current_id is not None:
                        done[current_id] = current
                    current_id, current = case_id, []
                current.append(EventFact(kind, fromiso(day), event_id))
            if done:
                yield done
        if current_id is not None:
            yield {current_id: current}
