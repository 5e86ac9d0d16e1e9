"""No lost updates: two people (two Stores, two real connections) on one database.

Runs on a SQLite file, and on PostgreSQL when CATTOOL_TEST_POSTGRES_URL is set (through
the `db_path` fixture): interleaved transactions, a race past the version check, and
threads hammering one row.
"""

from __future__ import annotations

import datetime as dt
import threading
from pathlib import Path

import pytest
from sqlalchemy import func, select

from cattool.core import editing, services
from cattool.core.conflicts import ConflictError
from cattool.core.errors import NotFoundError
from cattool.core.model import Asset, AuditEntry, Case
from cattool.core.store import Store, open_store

TODAY = dt.date(2026, 3, 5)


@pytest.fixture
def asset_id(store: Store) -> int:
    with store.transaction() as session:
        case = services.create_case(session, "The Red Lion", "england-2011").created_id
        services.set_asset(session, case, name="The Red Lion", address="1 High St")
        return session.get(Case, case).asset.id


def _seen(store: Store, entity: str, record_id: int) -> tuple[int, dict]:
    with store.session() as session:
        version = editing.record_version(session, entity, record_id)
        return version, editing.record_fields(session, entity, record_id)


def _save(store: Store, asset_id: int, fields: dict, version: int, base: dict | None = None):
    with store.transaction() as session:
        return editing.update_fields(
            session, "asset", asset_id, fields, today=TODAY, expected_version=version, base=base
        )


def _audits(store: Store) -> int:
    with store.session() as session:
        return session.scalar(select(func.count(AuditEntry.id)))


def test_second_save_is_a_conflict_with_theirs_and_yours(
    store: Store, other: Store, asset_id: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    version_a, base_a = _seen(store, "asset", asset_id)
    version_b, _ = _seen(other, "asset", asset_id)
    monkeypatch.setenv("CATTOOL_USER", "bea")
    _save(other, asset_id, {"name": "Red Lion (B)"}, version_b)
    audits = _audits(store)

    monkeypatch.setenv("CATTOOL_USER", "alan")
    with pytest.raises(ConflictError) as caught:
        _save(store, asset_id, {"name": "Red Lion (A)"}, version_a, base_a)
    conflict = caught.value
    assert conflict.expected_version == version_a
    assert conflict.current_version == version_a + 1
    [field] = conflict.fields
    assert (field.name, field.base, field.theirs, field.yours) == (
        "name", "The Red Lion", "Red Lion (B)", "Red Lion (A)",
    )  # fmt: skip
    assert field.who == "bea" and field.when is not None and field.they_changed
    assert "bea" in str(conflict) and "nothing was overwritten" in str(conflict)
    # Nothing written: B's name stands, no audit entry for A.
    assert _seen(other, "asset", asset_id)[1]["name"] == "Red Lion (B)"
    assert _audits(store) == audits

    # A chooses theirs for nothing, mine for the name: saved against the new version.
    _save(store, asset_id, {"name": "Red Lion (A)"}, conflict.current_version)
    assert _seen(other, "asset", asset_id)[1]["name"] == "Red Lion (A)"


def test_a_save_of_an_untouched_field_is_still_reported(
    store: Store, other: Store, asset_id: int
) -> None:
    version, base = _seen(store, "asset", asset_id)
    _save(other, asset_id, {"address": "2 High St"}, version)
    with pytest.raises(ConflictError) as caught:
        _save(store, asset_id, {"name": "Red Lion (A)"}, version, base)
    [field] = caught.value.fields
    assert field.name == "name" and not field.they_changed
    assert _seen(store, "asset", asset_id)[1]["name"] == "The Red Lion"


def test_delete_of_a_changed_record_is_a_conflict(
    store: Store, other: Store, asset_id: int
) -> None:
    version, base = _seen(store, "asset", asset_id)
    _save(other, asset_id, {"address": "2 High St"}, version)
    with pytest.raises(ConflictError) as caught, store.transaction() as session:
        editing.delete_record(session, "asset", asset_id, expected_version=version, base=base)
    assert caught.value.deleting
    assert {f.name: f.theirs for f in caught.value.fields}["address"] == "2 High St"
    with store.session() as session:
        assert session.get(Asset, asset_id) is not None


def test_save_of_a_record_someone_deleted_says_so(
    store: Store, other: Store, asset_id: int
) -> None:
    version, _ = _seen(store, "asset", asset_id)
    with other.transaction() as session:
        editing.delete_record(session, "asset", asset_id, expected_version=version)
    with pytest.raises(NotFoundError, match="someone else may have deleted it"):
        _save(store, asset_id, {"name": "x"}, version)


def test_race_past_the_check_has_one_winner(
    store: Store, other: Store, asset_id: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A passes the version check; B saves and commits before A's UPDATE. The UPDATE is
    guarded by the version (WHERE version = ?), so A's matches no row: A gets a
    ConflictError (filled in afterwards from a fresh session), B's save stands."""
    version, base = _seen(store, "asset", asset_id)
    outcome: dict[str, object] = {}

    def b_saves() -> None:
        try:
            _save(other, asset_id, {"name": "B"}, version)
            outcome["B"] = "saved"
        except ConflictError as exc:
            outcome["B"] = exc

    real_check = editing.check_version
    b = threading.Thread(target=b_saves)

    def check_then_let_b_in(*args, **kwargs):  # type: ignore[no-untyped-def]
        real_check(*args, **kwargs)
        if not b.is_alive() and "B" not in outcome:
            b.start()
            b.join(timeout=10)

    monkeypatch.setattr(editing, "check_version", check_then_let_b_in)
    try:
        _save(store, asset_id, {"name": "A"}, version, base)
        outcome["A"] = "saved"
    except ConflictError as exc:
        outcome["A"] = exc
    b.join(timeout=10)
    assert not b.is_alive()
    winners = [who for who, what in outcome.items() if what == "saved"]
    losers = [what for what in outcome.values() if isinstance(what, ConflictError)]
    assert winners == ["B"] and len(losers) == 1, outcome
    final = _seen(store, "asset", asset_id)
    assert final[1]["name"] == "B"
    assert final[0] == version + 1
    conflict = losers[0]
    assert not conflict.completed  # raised by the guarded UPDATE, not the check
    with store.session() as session:
        conflict.complete(session)
    [field] = conflict.fields
    assert (field.base, field.theirs, field.yours) == ("The Red Lion", "B", "A")


def test_threads_hammering_one_row_lose_nothing(db_path: Path, store: Store) -> None:
    """Eight people each add 1 to a counter (the case's notes) 15 times, re-reading on a
    conflict: the counter ends at exactly the number of successful saves, and every save
    that did not succeed was a ConflictError."""
    with store.transaction() as session:
        case_id = services.create_case(session, "Counter", "england-2011", notes="0").created_id
    people, rounds = 8, 15
    saved = [0] * people
    conflicts = [0] * people
    errors: list[BaseException] = []
    start = threading.Barrier(people)

    def person(index: int) -> None:
        own = open_store(str(db_path))
        try:
            start.wait()
            while saved[index] < rounds:
                with own.session() as session:
                    case = session.get(Case, case_id)
                    version, count = case.version, int(case.notes)
                try:
                    with own.transaction() as session:
                        editing.update_fields(
                            session, "case", case_id, {"notes": str(count + 1)},
                            today=TODAY, expected_version=version,
                        )  # fmt: skip
                    saved[index] += 1
                except ConflictError:
                    conflicts[index] += 1
        except BaseException as exc:
            errors.append(exc)
        finally:
            own.close()

    threads = [threading.Thread(target=person, args=(i,)) for i in range(people)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors
    with store.session() as session:
        case = session.get(Case, case_id)
        assert int(case.notes) == sum(saved) == people * rounds
        assert case.version == 1 + sum(saved)
    assert sum(conflicts) > 0  # they did collide, and each collision was reported


def test_one_shot_hammer_has_one_winner_and_the_rest_conflicts(
    db_path: Path, store: Store, asset_id: int
) -> None:
    """Eight people who all loaded the same version save at once: one wins, seven get
    ConflictError, and the name is the winner's."""
    version, _ = _seen(store, "asset", asset_id)
    people = 8
    results: list[object] = [None] * people
    start = threading.Barrier(people)

    def person(index: int) -> None:
        own = open_store(str(db_path))
        try:
            start.wait()
            _save(own, asset_id, {"name": f"name {index}"}, version)
            results[index] = "saved"
        except ConflictError as exc:
            results[index] = exc
        except BaseException as exc:
            results[index] = repr(exc)
        finally:
            own.close()

    threads = [threading.Thread(target=person, args=(i,)) for i in range(people)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    winners = [i for i, r in enumerate(results) if r == "saved"]
    losers = [r for r in results if isinstance(r, ConflictError)]
    assert len(winners) == 1 and len(losers) == people - 1, results
    assert _seen(store, "asset", asset_id)[1]["name"] == f"name {winners[0]}"
