"""The window's way to the data: a quick standard-library read for the first paint,
SQLAlchemy for everything after it.

Importing SQLAlchemy costs more than all of Qt. When the database is a SQLite file already
at the current schema, the case list is read with `sqlite3` (`core.fastread`) and the real
store is opened only when a case is opened, after the cases are on screen. Anything else
(an older schema that needs migrating, a server URL) opens the store at once, so problems
are reported before the window appears.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from cattool.core.errors import InputError
from cattool.core.fastread import read_snapshot
from cattool.core.location import resolve_url, sqlite_file
from cattool.core.portfolio import CaseDetail, Snapshot

if TYPE_CHECKING:
    from cattool.core.store import Store


class CaseSource:
    """Reads for the window; database errors come out as InputError with a plain message."""

    def __init__(self, url: str, store: Store | None = None) -> None:
        self.url = url
        self._store = store
        self._path = sqlite_file(url)
        self._first: Snapshot | None = None  # read while deciding how to open; used once

    @classmethod
    def open(cls, db: str | None) -> CaseSource:
        """Resolve `db`; open (and migrate) the store now unless the fast path can serve."""
        source = cls(resolve_url(db))
        source._first = read_snapshot(source._path)
        if source._first is None:
            source.store  # noqa: B018 - opening now reports a bad database before the window
        return source

    @classmethod
    def from_store(cls, store: Store) -> CaseSource:
        return cls(store.url.render_as_string(hide_password=False), store)

    @property
    def store(self) -> Store:
        if self._store is None:
            from cattool.core.store import open_store

            self._store = self._guard(lambda: open_store(self.url))
        return self._store

    @property
    def display_name(self) -> str:
        """The same name the store would give, without opening it for a SQLite file."""
        if self._path is not None:
            return self._path.name
        return self.store.display_name

    @property
    def location(self) -> str:
        """Where the data is, for a tooltip (never with a password)."""
        if self._path is not None:
            return str(self._path)
        return self.store.url.render_as_string(hide_password=True)

    def snapshot(self) -> Snapshot:
        first, self._first = self._first, None
        if first is not None:
            return first
        if self._store is None:
            found = read_snapshot(self._path)
            if found is not None:
                return found
        from cattool.core import queries

        def read() -> Snapshot:
            with self.store.session() as session:
                return queries.snapshot(session)

        return self._guard(read)

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
