"""Seeing colleagues' work: two Stores (two people) on one database; what B commits
reaches A's feed within seconds, and A's own writes never come back to A.

On a SQLite file the feed polls the audit trail; on PostgreSQL (CATTOOL_TEST_POSTGRES_URL,
through the `db_path` fixture) it LISTENs for the NOTIFY each commit sends.
"""

from __future__ import annotations

import datetime as dt
import json
import time
from collections.abc import Iterator
from types import SimpleNamespace

import pytest

from cattool.core import change_feed, services, write_log
from cattool.core.change_feed import (
    RELOAD_ALL,
    ChangeFeed,
    ColleagueChange,
    PollingFeed,
    feed_for_store,
    from_payload,
    merge,
)
from cattool.core.changes import Changes, set_current_user
from cattool.core.store import Store
from cattool.core.write_log import PAYLOAD_LIMIT, encode_payload

TODAY = dt.date(2026, 3, 5)
WITHIN = 6.0  # seconds: "within a few seconds"


@pytest.fixture
def feed(store: Store) -> Iterator[ChangeFeed]:
    opened = feed_for_store(store, interval=0.2)
    yield opened
    opened.close()


@pytest.fixture
def case_id(store: Store) -> int:
    with store.transaction() as session:
        created = services.create_case(session, "The Red Lion", "england-2011").created_id
    assert created is not None
    return created


def _collect(feed: ChangeFeed, seconds: float, until=None) -> list[ColleagueChange]:  # type: ignore[no-untyped-def]
    """What the feed reports within `seconds` (stopping early once `until(found)`)."""
    found: list[ColleagueChange] = []
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found += feed.wait(0.2)
        if until is not None and until(found):
            break
    return found


def test_the_feed_suits_the_database(store: Store, feed: ChangeFeed) -> None:
    assert feed.mode == ("poll" if store.is_sqlite else "listen")


def test_a_colleagues_change_arrives_within_seconds(
    store: Store, other: Store, feed: ChangeFeed, case_id: int
) -> None:
    _collect(feed, 0.5)  # A's own set-up is not reported (checked below)
    set_current_user("Sam")
    try:
        with other.transaction() as session:
            services.add_event(session, case_id, "nomination-submitted", TODAY, today=TODAY)
    finally:
        set_current_user(None)
    started = time.monotonic()
    found = _collect(feed, WITHIN, until=bool)
    assert found, "the colleague's change never arrived"
    assert time.monotonic() - started < WITHIN
    change = merge(found)
    assert change is not None
    assert change.changes.case_ids == {case_id}
    assert "event" in change.changes.entities
    assert change.who == ("Sam",)
    assert change.describe() == "Sam changed the events of The Red Lion."


def test_own_writes_are_not_reported(
    store: Store, other: Store, feed: ChangeFeed, case_id: int
) -> None:
    with store.transaction() as session:  # A's own: shown by A already
        services.add_event(session, case_id, "nomination-submitted", TODAY, today=TODAY)
    with store.transaction() as session:
        services.set_asset(session, case_id, name="The Red Lion", address="1 High St")
    assert _collect(feed, 1.0) == []
    with other.transaction() as session:  # then B's arrives, and only B's
        services.create_case(session, "The Old Forge", "england-2011")
    found = merge(_collect(feed, WITHIN, until=bool))
    assert found is not None
    assert found.changes.entities == {"case"}
    assert case_id not in found.changes.case_ids


def test_a_rolled_back_write_is_never_reported(
    store: Store, other: Store, feed: ChangeFeed, case_id: int
) -> None:
    with pytest.raises(RuntimeError), other.transaction() as session:
        services.add_event(session, case_id, "nomination-submitted", TODAY, today=TODAY)
        session.flush()
        raise RuntimeError("the user's disk filled up")
    assert _collect(feed, 1.0) == []


def test_a_change_to_no_one_case_reads_every_case_again(
    other: Store, feed: ChangeFeed, case_id: int
) -> None:
    with other.transaction() as session:
        services.set_regime_parameter(
            session, "england-2011", "compensation-claim-period", "14 weeks", source="SI 2012/2421"
        )
    change = merge(_collect(feed, WITHIN, until=bool))
    assert change is not None
    assert change.changes.case_ids == frozenset()  # every case
    assert "regime_setting" in change.changes.entities


def test_a_too_big_notification_degrades_to_reload_everything() -> None:
    entries = [SimpleNamespace(who=f"person {i}", case_id=i, entity="event") for i in range(3000)]
    payload = encode_payload("token", entries)
    assert len(payload.encode()) < PAYLOAD_LIMIT < 8000
    assert json.loads(payload)["all"] is True
    change = from_payload(payload, own_token="mine")
    assert change is not None and change.everything
    assert change.changes == RELOAD_ALL
    assert change.describe() == "person 0 changed several things: everything shown was read again."
    small = encode_payload("token", entries[:3])
    assert json.loads(small)["c"] == [0, 1, 2]
    assert from_payload(small, own_token="token") is None  # our own
    assert from_payload("not json", own_token="x") == ColleagueChange(RELOAD_ALL, everything=True)


@pytest.mark.skipif(
    not __import__("tests.conftest", fromlist=["ON_POSTGRES"]).ON_POSTGRES,
    reason="NOTIFY is PostgreSQL's",
)
def test_a_too_big_transaction_notifies_reload_everything(
    other: Store, feed: ChangeFeed, case_id: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(write_log, "PAYLOAD_LIMIT", 300)  # as if thousands of cases
    with other.transaction() as session:
        for number in range(150):  # their ids alone are over 300 bytes
            services.create_case(session, f"Case {number}", "england-2011")
    change = merge(_collect(feed, WITHIN, until=bool))
    assert change is not None and change.everything
    assert change.changes == RELOAD_ALL


def test_polling_a_great_many_entries_reads_everything_again(store: Store) -> None:
    rows = [(i, "Jo", i, "event") for i in range(1, 2001)]

    def query(sql: str, params: dict) -> list[tuple]:
        if sql.startswith("SELECT max(id)"):
            return [(0,)]
        if "FROM acv_case" in sql:
            return []
        return [r for r in rows if r[0] > params["start"]][: params["limit"]]

    feed = PollingFeed(query, lambda _id: False, interval=0)
    try:
        found = feed.poll()
    finally:
        feed.close()
    assert len(found) == 1 and found[0].everything


def test_merge_and_describe() -> None:
    one = ColleagueChange(Changes(frozenset({1}), frozenset({"event"})), ("Sam",), {1: "A"})
    two = ColleagueChange(Changes(frozenset({2}), frozenset({"asset"})), ("Jo",), {2: "B"})
    both = merge([one, two])
    assert both is not None
    assert both.changes.case_ids == {1, 2}
    assert both.describe() == "Sam and Jo changed 2 cases."
    every = ColleagueChange(Changes(frozenset(), frozenset({"fund"})), ("Al",))
    assert merge([one, every]).changes.case_ids == frozenset()  # type: ignore[union-attr]
    assert every.describe() == "Al changed the funds."
    assert merge([]) is None


def test_interrupt_ends_a_wait_at_once(feed: ChangeFeed) -> None:
    feed.interrupt()
    started = time.monotonic()
    assert feed.wait(5.0) == []
    assert time.monotonic() - started < 1.0


def test_without_listen_polling_still_sees_colleagues(
    store: Store, other: Store, case_id: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Behind a connection pooler (or any server refusing LISTEN) the feed polls."""

    def refused(_store: Store) -> None:
        raise OSError("LISTEN is not supported through this pooler")

    monkeypatch.setattr(change_feed, "_listen_connection", refused)
    with store.transaction() as session:  # written before: not news
        services.add_event(session, case_id, "nomination-submitted", TODAY, today=TODAY)
    with other.transaction() as session:
        services.set_asset(session, case_id, name="The Red Lion")
    feed = feed_for_store(store, interval=0.1)
    try:
        assert feed.mode == "poll"
        assert _collect(feed, 0.5) == []  # what was there before the feed is not news
        with other.transaction() as session:
            services.add_event(session, case_id, "listed", TODAY, today=TODAY)
        with store.transaction() as session:  # ours: never reported
            services.set_asset(session, case_id, address="1 High St")
        change = merge(_collect(feed, WITHIN, until=bool))
        assert change is not None
        assert change.changes.entities == {"event"}
        assert merge(_collect(feed, 0.5)) is None
    finally:
        feed.close()
