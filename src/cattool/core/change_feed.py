"""What other people (other windows, the CLI, colleagues on the shared server) committed,
as Changes, so an open window can show their work within seconds.

Two feeds, one interface (`wait(timeout)` blocks at most `timeout` seconds and returns
what arrived; `interrupt()`, from any thread, makes a wait return at once; `close()`):

- ListenFeed (PostgreSQL): LISTEN on its own connection for the NOTIFY every committed
  write sends (core.write_log), skipping the payloads that carry this Store's token.
  Delivered on commit only, so nothing rolled back is ever reported.
- PollingFeed (SQLite files, and PostgreSQL when LISTEN is not possible): every few
  seconds, read the audit entries with an id greater than the last seen (the primary
  key: a cheap range read), skipping the ids this Store wrote itself.

Both run on a worker thread (ui.colleague_watch); nothing here imports Qt.
"""

from __future__ import annotations

import contextlib
import json
import logging
import socket
import sqlite3
import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cattool.core.changes import Changes
from cattool.core.write_log import CHANNEL, WriteLog

if TYPE_CHECKING:
    from cattool.core.store import Store

log = logging.getLogger(__name__)

POLL_SECONDS = 2.0
#: Entries read per poll; more than this at once is "read everything again".
POLL_BATCH = 500
#: On a server, ids come from a sequence and transactions may commit out of order: a
#: poll looks this far back for ids it has not seen yet.
SERVER_LOOKBACK = 200
RECONNECT_SECONDS = 5.0

#: The kinds of record a change may touch: a "read everything again" names them all, so
#: every page reloads (pages reload on the kinds they show).
ALL_ENTITIES = frozenset(
    {
        "asset", "business_plan", "case", "cat_policy_override", "event", "evidence",
        "fund", "funding_plan", "funding_source", "group", "lease", "lease_break",
        "member", "money_setting", "party", "regime_setting", "share_application",
        "share_offer", "task",
    }
)  # fmt: skip

# How the status bar names a kind of record ("Sam changed the events of The Red Lion").
_WORDS = {
    "asset": "the asset",
    "business_plan": "the business plan",
    "cat_policy_override": "the lease",
    "event": "the events",
    "evidence": "the evidence",
    "fund": "the funds",
    "funding_plan": "the money",
    "funding_source": "the money",
    "group": "the group",
    "lease": "the lease",
    "lease_break": "the lease",
    "member": "the members",
    "money_setting": "the money settings",
    "party": "the contacts",
    "regime_setting": "the deadline rules",
    "share_application": "the share offer",
    "share_offer": "the share offer",
    "task": "the tasks",
}


@dataclass(frozen=True)
class ColleagueChange:
    """Something others committed: the Changes to apply, who made them, the names of
    the changed cases (as far as known), and whether it is "read everything again"."""

    changes: Changes
    who: tuple[str, ...] = ()
    case_names: dict[int, str] = field(default_factory=dict)
    everything: bool = False

    def describe(self) -> str:
        """One short line for the status bar."""
        who = _people(self.who)
        if self.everything and not self.who:
            return "Everything shown was read again, in case others changed something."
        if self.everything:
            return f"{who} changed several things: everything shown was read again."
        cases = sorted(self.changes.case_ids)
        kinds = sorted({_WORDS.get(e, e.replace("_", " ")) for e in self.changes.entities})
        kinds = [k for k in kinds if k != "case"]
        if not cases:
            what = " and ".join(kinds[:2]) if kinds and len(kinds) <= 2 else "shared settings"
            return f"{who} changed {what}."
        if len(cases) > 1:
            return f"{who} changed {len(cases)} cases."
        name = self.case_names.get(cases[0], "a case")
        if not kinds or len(kinds) > 2:
            return f"{who} changed {name}."
        return f"{who} changed {' and '.join(kinds)} of {name}."


def _people(who: Sequence[str]) -> str:
    if not who:
        return "Someone"
    if len(who) == 1:
        return who[0]
    if len(who) == 2:
        return f"{who[0]} and {who[1]}"
    return f"{who[0]} and {len(who) - 1} others"


def merge(batch: Iterable[ColleagueChange]) -> ColleagueChange | None:
    """Several arrivals as one (one reload, one message); None for none."""
    merged: ColleagueChange | None = None
    for item in batch:
        if merged is None:
            merged = item
            continue
        who = tuple(dict.fromkeys([*merged.who, *item.who]))
        everything = merged.everything or item.everything
        # An empty case_ids means every case: it absorbs the rest.
        if not merged.changes.case_ids or not item.changes.case_ids:
            changes = Changes(frozenset(), merged.changes.entities | item.changes.entities)
        else:
            changes = merged.changes | item.changes
        if everything:
            changes = RELOAD_ALL
        merged = ColleagueChange(changes, who, {**merged.case_names, **item.case_names}, everything)
    return merged


RELOAD_ALL = Changes(frozenset(), ALL_ENTITIES)


def from_rows(rows: Iterable[tuple[str, int | None, str]]) -> ColleagueChange | None:
    """(who, case_id, entity) audit rows as one ColleagueChange; None for no rows."""
    who: list[str] = []
    cases: set[int] = set()
    entities: set[str] = set()
    every_case = False
    seen = False
    for name, case_id, entity in rows:
        seen = True
        if name not in who:
            who.append(name)
        entities.add(entity)
        if case_id is None:
            every_case = True
        else:
            cases.add(case_id)
    if not seen:
        return None
    return ColleagueChange(
        Changes(frozenset() if every_case else frozenset(cases), frozenset(entities)), tuple(who)
    )


def from_payload(payload: str, own_token: str) -> ColleagueChange | None:
    """A NOTIFY payload (core.write_log.encode_payload) as a ColleagueChange; None for
    this Store's own. A payload that cannot be read means "read everything again"."""
    try:
        body = json.loads(payload)
        if body.get("s") == own_token:
            return None
        who = tuple(str(name) for name in body.get("w") or ())
        if body.get("all"):
            return ColleagueChange(RELOAD_ALL, who, everything=True)
        cases = body.get("c")
        return ColleagueChange(
            Changes(frozenset(int(c) for c in cases or ()), frozenset(map(str, body["e"]))), who
        )
    except (ValueError, TypeError, KeyError, AttributeError):
        log.warning("unreadable change notification: %.200s", payload)
        return ColleagueChange(RELOAD_ALL, everything=True)


class _Waker:
    """Wait for a socket or a timeout; `wake()` from any thread ends the wait at once."""

    def __init__(self) -> None:
        self._read, self._write = socket.socketpair()
        self._read.setblocking(False)
        self.stopping = threading.Event()

    def wait(self, timeout: float, sock: Any = None) -> bool:
        """True if `sock` is readable (False: timed out or woken)."""
        import select

        watched = [self._read] + ([sock] if sock is not None else [])
        ready, _, _ = select.select(watched, [], [], max(timeout, 0.0))
        if self._read in ready:
            with contextlib.suppress(BlockingIOError):
                self._read.recv(64)
        return sock is not None and sock in ready

    def wake(self) -> None:
        self.stopping.set()
        with contextlib.suppress(OSError):  # closed already
            self._write.send(b"x")

    def close(self) -> None:
        self._read.close()
        self._write.close()


Query = Callable[[str, dict[str, Any]], list[tuple]]


class ChangeFeed:
    """The common part: case names for the status bar, waking, closing."""

    mode = ""

    def __init__(self) -> None:
        self._waker = _Waker()

    def wait(self, timeout: float) -> list[ColleagueChange]:
        raise NotImplementedError

    def interrupt(self) -> None:
        """End a `wait` in progress (and every later one) at once; any thread."""
        self._waker.wake()

    @property
    def interrupted(self) -> bool:
        return self._waker.stopping.is_set()

    def close(self) -> None:
        self._waker.close()

    def _named(self, change: ColleagueChange, query: Query) -> ColleagueChange:
        """Add the names of (a few of) the changed cases."""
        ids = sorted(change.changes.case_ids)[:3]
        if not ids or change.everything:
            return change
        marks = ", ".join(f":c{i}" for i in range(len(ids)))
        try:
            rows = query(
                f"SELECT id, name FROM acv_case WHERE id IN ({marks})",
                {f"c{i}": case_id for i, case_id in enumerate(ids)},
            )
        except Exception as exc:  # only the message loses the names
            log.info("case names for a colleague's change: %s", exc)
            return change
        return ColleagueChange(change.changes, change.who, dict(rows), change.everything)


class PollingFeed(ChangeFeed):
    """Audit entries newer than the last seen, every `interval` seconds."""

    mode = "poll"

    def __init__(
        self,
        query: Query,
        is_own: Callable[[int], bool],
        *,
        interval: float = POLL_SECONDS,
        lookback: int = 0,
        on_close: Callable[[], None] | None = None,
    ) -> None:
        super().__init__()
        self._query, self._is_own = query, is_own
        self.interval, self._lookback = interval, lookback
        self._on_close = on_close
        self._seen: set[int] = set()
        self.last_id = 0
        self._skip_to_now()
        self._due = 0.0  # seconds of waiting left before the next read

    def _skip_to_now(self) -> None:
        """From now on only later commits are news."""
        self.last_id = int(self._query("SELECT max(id) FROM audit_entry", {})[0][0] or 0)
        if self._lookback:
            since = {"start": self.last_id - self._lookback}
            rows = self._query("SELECT id FROM audit_entry WHERE id > :start", since)
            self._seen = {row[0] for row in rows}

    def wait(self, timeout: float) -> list[ColleagueChange]:
        import time

        started = time.monotonic()
        if self._due > 0:
            pause = min(timeout, self._due)
            self._waker.wait(pause)
            self._due -= time.monotonic() - started
            if self._due > 0 or self.interrupted:
                return []
        self._due = self.interval
        return self.poll()

    def poll(self) -> list[ColleagueChange]:
        """Read the entries committed since the last poll (not this Store's own)."""
        start = self.last_id - self._lookback
        rows = self._query(
            "SELECT id, who, case_id, entity FROM audit_entry WHERE id > :start "
            "ORDER BY id LIMIT :limit",
            {"start": start, "limit": POLL_BATCH + len(self._seen)},
        )
        fresh = [row for row in rows if row[0] not in self._seen]
        if fresh:
            self.last_id = max(self.last_id, max(row[0] for row in fresh))
        if self._lookback:
            self._seen.update(row[0] for row in fresh)
            self._seen = {i for i in self._seen if i > self.last_id - self._lookback}
        theirs = [row[1:] for row in fresh if not self._is_own(row[0])]
        if len(fresh) >= POLL_BATCH:  # a great many: there may be more, read all again
            self._skip_to_now()
            if theirs:
                return [ColleagueChange(RELOAD_ALL, _who(theirs), everything=True)]
        change = from_rows(theirs)
        return [self._named(change, self._query)] if change is not None else []

    def close(self) -> None:
        super().close()
        if self._on_close is not None:
            self._on_close()


def _who(rows: Sequence[tuple[str, int | None, str]]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(row[0] for row in rows))


class ListenFeed(ChangeFeed):
    """LISTEN cattool_changes on a connection of its own (psycopg 3, autocommit)."""

    mode = "listen"

    def __init__(self, connect: Callable[[], Any], own_token: str) -> None:
        super().__init__()
        self._connect, self._token = connect, own_token
        self._conn: Any = None
        self._lost = False  # the connection dropped: what was missed is unknown
        self._listen()

    def _listen(self) -> None:
        conn = self._connect()
        try:
            conn.execute(f"LISTEN {CHANNEL}")
        except BaseException:
            conn.close()
            raise
        self._conn = conn

    def wait(self, timeout: float) -> list[ColleagueChange]:
        if self._conn is None:  # lost: try again, and say "read everything again"
            if self._waker.wait(min(timeout, RECONNECT_SECONDS)) or self.interrupted:
                return []
            try:
                self._listen()
            except Exception as exc:
                log.info("cannot listen for colleagues' changes yet: %s", exc)
                return []
            return [ColleagueChange(RELOAD_ALL, everything=True)]
        try:
            notes = self._drain()  # those that came in with another reply first
            if not notes:
                if not self._waker.wait(timeout, self._conn.pgconn.socket):
                    return []
                notes = self._drain()
            arrived = [from_payload(note.payload, self._token) for note in notes]
        except Exception as exc:  # the server went away, the network dropped
            log.info("lost the connection listening for colleagues' changes: %s", exc)
            self._drop()
            return []
        found = [change for change in arrived if change is not None]
        change = merge(found)
        if change is None:
            return []
        return [self._named(change, self._query)]

    def _drain(self) -> list[Any]:
        """The notifications that have arrived (without waiting for more)."""
        return list(self._conn.notifies(timeout=0.0))

    def _query(self, sql: str, params: dict[str, Any]) -> list[tuple]:
        """The psycopg connection takes %(name)s placeholders."""
        import re

        return self._conn.execute(re.sub(r":(\w+)", r"%(\1)s", sql), params).fetchall()

    def _drop(self) -> None:
        if self._conn is not None:
            with contextlib.suppress(Exception):
                self._conn.close()
        self._conn = None

    def close(self) -> None:
        super().close()
        self._drop()


# ------------------------------------------------------------------ opening a feed


def feed_for_store(store: Store, *, interval: float = POLL_SECONDS) -> ChangeFeed:
    """The best feed for an open Store: LISTEN on PostgreSQL (with psycopg 3), else
    polling (a SQLite file; or a server where LISTEN failed, e.g. behind a pooler)."""
    if store.url.get_backend_name() == "postgresql" and store.engine.dialect.driver == "psycopg":
        try:
            return ListenFeed(lambda: _listen_connection(store), store.writes.token)
        except Exception as exc:
            log.warning("cannot LISTEN for changes (%s): checking every few seconds", exc)
    if store.sqlite_path is not None:
        return feed_for_file(store.sqlite_path, lambda: store.writes, interval=interval)
    return PollingFeed(
        _engine_query(store), store.writes.__contains__, interval=interval,
        lookback=0 if store.is_sqlite else SERVER_LOOKBACK,
    )  # fmt: skip


def feed_for_file(
    path: str | Path,
    writes: Callable[[], WriteLog | None],
    *,
    interval: float = POLL_SECONDS,
) -> PollingFeed:
    """Poll a SQLite file with the standard library (no SQLAlchemy: the window may not
    have opened its Store yet). `writes()` gives the WriteLog of the Store this window
    writes through, once it is open (None before: nothing of ours to skip)."""
    uri = Path(path).resolve().as_uri() + "?mode=ro"
    conn = sqlite3.connect(uri, uri=True, isolation_level=None, check_same_thread=False)
    conn.execute("PRAGMA busy_timeout=2000")

    def query(sql: str, params: dict[str, Any]) -> list[tuple]:
        return conn.execute(sql, params).fetchall()

    def is_own(audit_id: int) -> bool:
        log_ = writes()
        return log_ is not None and audit_id in log_

    try:
        return PollingFeed(query, is_own, interval=interval, on_close=conn.close)
    except BaseException:
        conn.close()
        raise


def _engine_query(store: Store) -> Query:
    def query(sql: str, params: dict[str, Any]) -> list[tuple]:
        from sqlalchemy import text

        with store.engine.connect() as conn:
            return [tuple(row) for row in conn.execute(text(sql), params)]

    return query


def _listen_connection(store: Store) -> Any:
    """A psycopg connection of its own (not from the pool: it stays in LISTEN)."""
    import psycopg

    cargs, cparams = store.engine.dialect.create_connect_args(store.engine.url)
    cparams.setdefault("connect_timeout", 10)
    cparams["application_name"] = "cattool (colleagues' changes)"
    return psycopg.connect(*cargs, **cparams, autocommit=True)
