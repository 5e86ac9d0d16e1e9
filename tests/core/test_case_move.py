"""Moving cases between databases (a local file ⇄ the shared server) without loss.

The source is always a SQLite file; the target is `new_database()`: a SQLite file, or a
PostgreSQL database under tools/with_postgres.sh, so that run covers SQLite→PostgreSQL
and PostgreSQL→SQLite. Every table of the case is compared with the helpers of the case
file round-trip test (rows by position, links by position, files by content).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Numeric, func, select, update
from tests.conftest import server_dump
from tests.core.test_casefile_roundtrip import (
    add_personal_data,
    fill_every_case_table,
    normalised,
)

from cattool.core import case_move, services
from cattool.core.case_move import CaseMoveError, move_cases
from cattool.core.casefile.tables import reflect
from cattool.core.demo import add_demo_cases
from cattool.core.model import AuditEntry, Case, Event
from cattool.core.review_model import ReviewComment
from cattool.core.store import Store, open_store

TODAY = dt.date(2026, 3, 5)
REF = "DEMO-RED-LION"


def _url(store: Store) -> str:
    return store.url.render_as_string(hide_password=False)


def _case_id(store: Store, reference: str = REF) -> int | None:
    with store.session() as session:
        return session.scalar(select(Case.id).where(Case.reference == reference))


def _history(store: Store, case_id: int) -> list[tuple[str, str, str | None]]:
    with store.session() as session:
        rows = session.scalars(
            select(AuditEntry).where(AuditEntry.case_id == case_id).order_by(AuditEntry.id)
        )
        return [(r.action, r.entity, r.before) for r in rows]


@pytest.fixture
def local(tmp_path: Path) -> Iterator[Store]:
    """A local file with the demo cases; the Red Lion with a row in every case table,
    linked files, personal data and a review comment on one of its events."""
    files = tmp_path / "files"
    files.mkdir()
    store = open_store(str(tmp_path / "local.sqlite"))
    with store.transaction() as session:
        add_demo_cases(session, TODAY)
    case_id = _case_id(store)
    assert case_id is not None
    add_personal_data(store, case_id, files)
    fill_every_case_table(store, case_id, files)
    _fit_numbers_to_their_columns(store)
    with store.transaction() as session:
        event = session.scalars(select(Event).where(Event.case_id == case_id)).first()
        session.add(
            ReviewComment(
                case_id=case_id, uid="c1", review_uid="r1", item_table="event",
                item_id=event.id, item_label="Listed", text="Check this date",
                reviewer="Adviser", created_at=dt.datetime(2026, 3, 1, 9), signature="unsigned",
            )
        )  # fmt: skip
    yield store
    store.close()


def _fit_numbers_to_their_columns(store: Store) -> None:
    """The synthetic 1234.56 does not fit a percentage (5 digits, 2 after the point):
    SQLite keeps it anyway, PostgreSQL would refuse the whole case (rightly)."""
    with store.transaction() as session:
        metadata = reflect(session.connection())
        for table in metadata.tables.values():
            for column in table.columns:
                kind = column.type
                if isinstance(kind, Numeric) and kind.precision and kind.scale is not None:
                    limit = Decimal(10) ** (kind.precision - kind.scale)
                    session.execute(
                        update(table).where(column >= limit).values({column.name: Decimal("12.34")})
                    )


@pytest.fixture
def shared(new_database: Callable[..., str]) -> Iterator[Store]:
    store = open_store(str(new_database("shared")))
    yield store
    store.close()


def _review_comments(store: Store, case_id: int) -> list[tuple[str, str, str]]:
    """Each comment with the kind of what it names, as read through its new ids."""
    with store.session() as session:
        found = []
        for comment in session.scalars(
            select(ReviewComment).where(ReviewComment.case_id == case_id)
        ):
            event = session.get(Event, comment.item_id)
            assert event is not None and event.case_id == case_id
            found.append((comment.text, comment.item_table, event.kind))
        return found


def test_move_there_and_back_keeps_every_fact(local: Store, shared: Store, tmp_path: Path) -> None:
    source_id = _case_id(local)
    expected = normalised(local, source_id)
    assert sum(len(rows) for rows in expected.values()) > 60
    history = _history(local, source_id)
    comments = _review_comments(local, source_id)
    others = {_case_id(local, ref) for ref in ("DEMO-STRETFORD-HALL", "DEMO-OLD-BELL")}

    result = move_cases(local, shared, [REF])
    moved = result.cases[0]
    assert moved.reference == REF and moved.history == len(history)
    assert normalised(shared, moved.target_id) == expected
    assert _review_comments(shared, moved.target_id) == comments
    carried = _history(shared, moved.target_id)
    assert [a for a, _e, _b in carried[:-1]] == [a for a, _e, _b in history]
    assert carried[-1][0] == f"moved from {local.display_name}"
    # gone from the source, which says where it went; the other cases untouched
    assert _case_id(local) is None
    assert _history(local, source_id)[-1][0] == f"moved to {shared.display_name}"[:60]
    assert {_case_id(local, ref) for ref in ("DEMO-STRETFORD-HALL", "DEMO-OLD-BELL")} == others

    back = open_store(str(tmp_path / "back.sqlite"))
    try:
        returned = move_cases(shared, back, [REF]).cases[0]
        assert normalised(back, returned.target_id) == expected
        assert _review_comments(back, returned.target_id) == comments
        assert _case_id(shared) is None
    finally:
        back.close()


def test_copy_keeps_the_source_and_a_second_copy_is_refused(local: Store, shared: Store) -> None:
    source_id = _case_id(local)
    expected = normalised(local, source_id)
    copied = move_cases(local, shared, [REF], keep=True).cases[0]
    assert normalised(local, source_id) == expected
    assert normalised(shared, copied.target_id) == expected
    before = (server_dump(_url(local)), server_dump(_url(shared)))
    with pytest.raises(CaseMoveError, match="already has The Red Lion"):
        move_cases(local, shared, [REF])
    with pytest.raises(CaseMoveError, match="already has The Red Lion"):
        move_cases(local, shared, ["DEMO-STRETFORD-HALL", REF])  # all or nothing
    assert (server_dump(_url(local)), server_dump(_url(shared))) == before


def test_a_different_case_with_the_same_reference_is_refused(local: Store, shared: Store) -> None:
    with shared.transaction() as session:
        services.create_case(session, "Another pub", "england-2011", reference=REF)
    before = (server_dump(_url(local)), server_dump(_url(shared)))
    with pytest.raises(CaseMoveError, match=r"reference .DEMO-RED-LION. \(Another pub"):
        move_cases(local, shared, [REF])
    assert (server_dump(_url(local)), server_dump(_url(shared))) == before


def test_failure_half_way_leaves_both_sides_as_they_were(
    local: Store, shared: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = (server_dump(_url(local)), server_dump(_url(shared)))

    def broken(*_args: Any) -> int:  # after the case's rows are in: the history fails
        raise RuntimeError("the connection dropped")

    monkeypatch.setattr(case_move, "_copy_extras", broken)
    with pytest.raises(RuntimeError, match="dropped"):
        move_cases(local, shared, [REF])
    assert (server_dump(_url(local)), server_dump(_url(shared))) == before
    monkeypatch.undo()

    real = case_move._normalised

    def corrupted(schema: Any, tables: dict, id_map: Any, **kw: Any) -> dict:
        rows = real(schema, tables, id_map, **kw)
        if id_map is None and "event" in rows:  # the copy read back: one event "lost"
            rows["event"] = rows["event"][1:]
        return rows

    monkeypatch.setattr(case_move, "_normalised", corrupted)
    with pytest.raises(CaseMoveError, match="differs from the original in event"):
        move_cases(local, shared, [REF])
    assert (server_dump(_url(local)), server_dump(_url(shared))) == before


def test_bad_requests_change_nothing(local: Store, shared: Store, db_path: Path) -> None:
    before = (server_dump(_url(local)), server_dump(_url(shared)))
    with pytest.raises(CaseMoveError, match="already in"):
        move_cases(local, local, [REF])
    with pytest.raises(Exception, match="There is no case"):
        move_cases(local, shared, ["NO-SUCH-CASE"])
    reader = open_store(_url(local), read_only=True)
    try:
        with pytest.raises(CaseMoveError, match="copied, not moved"):
            move_cases(reader, shared, [REF])
        with pytest.raises(CaseMoveError, match="open read-only"):
            move_cases(shared, reader, [REF])
    finally:
        reader.close()
    assert (server_dump(_url(local)), server_dump(_url(shared))) == before
    with shared.session() as session:
        assert session.scalar(select(func.count()).select_from(Case)) == 0


def test_a_change_made_during_the_move_keeps_the_case_at_the_source(
    local: Store, shared: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    source_id = _case_id(local)
    expected = normalised(local, source_id)
    real_copy = case_move._copy

    def copy_then_a_colleague_saves(*args: Any) -> None:
        real_copy(*args)
        with local.transaction() as session:
            services.add_event(
                session, source_id, "committee-resolution", dt.date(2026, 3, 4), today=TODAY
            )

    monkeypatch.setattr(case_move, "_copy", copy_then_a_colleague_saves)
    with pytest.raises(CaseMoveError, match="changed here while it was being moved"):
        move_cases(local, shared, [REF])
    assert _case_id(local) == source_id  # still here, with the colleague's event
    assert len(normalised(local, source_id)["event"]) == len(expected["event"]) + 1
    assert _case_id(shared) is not None  # the copy, as the message says
