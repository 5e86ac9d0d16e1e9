"""The window's way to the data: quick standard-library reads for the dashboard, SQLAlchemy
for everything else.

Importing SQLAlchemy costs more than all of Qt. When the database is a SQLite file already
at the current schema, the dashboard reads with `sqlite3` (`core.lazyread`): the case list
first, then the events of the rows it draws, then the rest in batches after the first
paint. The real store is opened after the first paint (by the warm-up, on a worker), or
when a case is opened or something is written before that.
Anything else (an older schema that needs migrating, a server URL) opens the store at
once, so problems are reported before the window appears, and serves the same reads from
one SQLAlchemy snapshot.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import threading
from collections.abc import Collection, Iterator
from typing import TYPE_CHECKING

from cattool.core import lazyread
from cattool.core.errors import InputError
from cattool.core.fastread import read_snapshot
from cattool.core.location import resolve_url, sqlite_file
from cattool.core.portfolio import CaseDetail, CaseRow, Snapshot
from cattool.core.rules.engine import EventFact

if TYPE_CHECKING:
    from cattool.core.money.raised import FundsRaised
    from cattool.core.store import Store

Overrides = dict[str, dict[str, dict]]


class CaseSource:
    """Reads for the window; database errors come out as InputError with a plain message."""

    def __init__(self, url: str, store: Store | None = None, *, read_only: bool = False) -> None:
        self.url = url  # may hold a password given by the user: kept in memory only
        self._store = store
        self.read_only = store.read_only if store is not None else read_only
        self._store_lock = threading.Lock()  # one store, whichever thread opens it first
        self._path = sqlite_file(url)
        # Read while deciding how to open; handed to the first `cases()` call.
        self._first: tuple[list[CaseRow], Overrides] | None = None
        # The slow path's whole snapshot, read by `cases()` and used by the event reads.
        self._full: Snapshot | None = None

    @classmethod
    def open(cls, db: str | None, *, read_only: bool = False) -> CaseSource:
        """Resolve `db`; open (and migrate) the store now unless the fast path can serve
        (a current SQLite file: its reads are read-only anyway)."""
        source = cls(resolve_url(db), read_only=read_only)
        source._first = lazyread.read_cases(source._path)
        if source._first is None:
            source.store  # noqa: B018 - opening now reports a bad database before the window
        return source

    @classmethod
    def from_store(cls, store: Store) -> CaseSource:
        return cls(store.url.render_as_string(hide_password=False), store)

    @property
    def store(self) -> Store:
        """The SQLAlchemy store, opened (and migrated) on first use. Safe from any thread:
        the window opens it on a worker once the dashboard is loaded (`warm_up`), and a
        thread asking meanwhile waits for that one rather than opening a second."""
        store = self._store
        if store is not None:
            return store
        with self._store_lock:
            if self._store is None:
                from cattool.core.store import open_store

                if self.read_only:
                    self._store = self._guard(lambda: open_store(self.url, read_only=True))
                else:
                    self._store = self._guard(lambda: open_store(self.url))
                self.read_only = self._store.read_only  # a server's read-only role too
            return self._store

    def warm_up(self) -> None:
        """Open the store now (on a worker thread), so the first case opened does not wait;
        a database that cannot be opened is left for that first use to report."""
        with contextlib.suppress(InputError):
            self.store  # noqa: B018 - opening is the point

    @property
    def store_is_open(self) -> bool:
        return self._store is not None

    @property
    def display_name(self) -> str:
        """The same name the store would give, without opening it for a SQLite file."""
        if self._path is not None:
            return self._path.name + (" (read-only)" if self.read_only else "")
        return self.store.display_name

    @property
    def location(self) -> str:
        """Where the data is, for a tooltip (never with a password)."""
        if self._path is not None:
            return str(self._path)
        return self.store.url.render_as_string(hide_password=True)

    @property
    def path(self) -> str | None:
        """The SQLite file, or None for a server database."""
        return str(self._path) if self._path is not None else None

    # ------------------------------------------------------------------ portfolio reads

    def cases(self, ids: Collection[int] | None = None) -> tuple[list[CaseRow], Overrides]:
        """The (unarchived) cases by name, only `ids` when given, and the regime settings.

        Quick on the fast path (no events are read); the slow path reads one whole
        snapshot through the store, which `events_for` and `stream_events` then serve.
        """
        first, self._first = self._first, None
        if first is not None and ids is None:
            return first
        found = lazyread.read_cases(self._path, ids)
        if found is not None:
            self._full = None
            return found
        self._full = self._store_snapshot()
        cases = self._full.cases
        if ids is not None:
            wanted = set(ids)
            cases = [case for case in cases if case.id in wanted]
        return cases, self._full.overrides

    def events_for(self, case_ids: Collection[int]) -> dict[int, list[EventFact]]:
        """Each case's events in date order ([] for a case without any)."""
        if self._full is None:
            found = lazyread.read_events(self._path, case_ids)
            if found is not None:
                return found
            self._full = self._store_snapshot()
        events = self._full.events
        return {case_id: list(events.get(case_id, [])) for case_id in case_ids}

    def stream_events(self, batch: int = 2000) -> Iterator[dict[int, list[EventFact]]]:
        """All events, batch by batch, each batch a dict of complete cases."""
        if self._full is None:
            stream = lazyread.stream_events(self._path, batch)
            if stream is not None:
                return stream
            self._full = self._store_snapshot()
        events = self._full.events
        ids = sorted(events)
        return (
            {case_id: events[case_id] for case_id in ids[start : start + 500]}
            for start in range(0, len(ids), 500)
        )

    def snapshot(self) -> Snapshot:
        """Every case and event at once (the agenda and reminders' input)."""
        if self._full is None:
            found = read_snapshot(self._path)
            if found is not None:
                return found
        return self._store_snapshot()

    def funds_raised(self, case_ids: Collection[int] | None = None) -> dict[int, FundsRaised]:
        """Funds raised against target for cases with any money entered (by case id)."""
        from cattool.core.money.raised import funds_raised_by_case, read_funds_raised

        found = read_funds_raised(self._path, case_ids)
        if found is not None:
            return found

        def read() -> dict[int, FundsRaised]:
            with self.store.session() as session:
                return funds_raised_by_case(session, case_ids)

        return self._guard(read)

    def _store_snapshot(self) -> Snapshot:
        from cattool.core import queries

        def read() -> Snapshot:
            with self.store.session() as session:
                return queries.snapshot(session)

        return self._guard(read)

    # ------------------------------------------------------------------ one case

    def case_detail(self, case_id: int, today: dt.date) -> CaseDetail:
        from cattool.core import queries

        def read() -> CaseDetail:
            with self.store.session() as session:
                return queries.case_detail(session, case_id, today)

        return self._guard(read)

    def close(self) -> None:
        if self._store is not None:
            self._store.close()

    @staticmethod
    def _guard(call):  # type: ignore[no-untyped-def]
        from sqlalchemy.exc import SQLAlchemyError

        try:
            return call()
        except SQLAlchemyError as exc:
            reason = getattr(exc, "orig", None) or exc
            raise InputError(f"cattool could not read the database: {reason}") from exc
