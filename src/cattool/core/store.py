"""Open a database: engine, pragmas, sessions, migrations with a backup first.

Start-up must stay fast, so Alembic is imported only when the schema is not already at
the head revision (checked with one plain query).
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import create_engine, event, inspect, text
from sqlalchemy.engine import URL, Engine, make_url
from sqlalchemy.exc import OperationalError, ProgrammingError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from cattool.core.errors import InputError
from cattool.core.location import resolve_url
from cattool.core.migrations import HEAD_REVISION, KNOWN_REVISIONS


def _sqlite_pragmas(dbapi_connection: sqlite3.Connection, _record: object) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()
    # WAL is set once per file by `migrate`, after checking the file is ours: setting it
    # here would rewrite the header of any SQLite file someone opens by mistake.


class Store:
    """One open database. Services take a Session from `transaction()`."""

    def __init__(self, url: str) -> None:
        self.url: URL = make_url(url)
        self.engine: Engine = create_engine(url)
        if self.url.get_backend_name() == "sqlite":
            event.listen(self.engine, "connect", _sqlite_pragmas)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)

    @property
    def is_sqlite(self) -> bool:
        return self.url.get_backend_name() == "sqlite"

    @property
    def sqlite_path(self) -> Path | None:
        database = self.url.database
        if self.is_sqlite and database and database != ":memory:":
            return Path(database)
        return None

    @property
    def display_name(self) -> str:
        """What the window title shows: the file name, or host/database for a server."""
        if self.sqlite_path:
            return self.sqlite_path.name
        if self.is_sqlite:
            return "in-memory database"
        return f"{self.url.database} on {self.url.host or 'localhost'}"

    def session(self) -> Session:
        return self._sessions()

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """All or nothing: commit on success, roll back on any error."""
        session = self._sessions()
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    def current_revision(self) -> str | None:
        try:
            with self.engine.connect() as conn:
                return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
        except (OperationalError, ProgrammingError):
            return None

    def has_tables(self) -> bool:
        return bool(inspect(self.engine).get_table_names())

    def close(self) -> None:
        self.engine.dispose()


def backup_sqlite(path: Path, revision: str | None) -> Path:
    """Copy a SQLite file before migrating it."""
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.stem}.backup-{stamp}-from-{revision or 'unversioned'}.sqlite")
    return copy_sqlite(path, target)


def copy_sqlite(path: str | Path, target: str | Path) -> Path:
    """Copy a SQLite file with the online backup API (safe with WAL and open readers)."""
    source = sqlite3.connect(path)
    try:
        copy = sqlite3.connect(target)
        try:
            source.backup(copy)
        finally:
            copy.close()
    finally:
        source.close()
    return Path(target)


def migrate(store: Store) -> Path | None:
    """Bring the schema to the head revision; back up an existing SQLite file first."""
    revision = store.current_revision()
    if revision is None and store.has_tables():
        raise InputError(
            f"{store.sqlite_path or store.display_name} is not a cattool database (it holds "
            "other tables). Choose a cattool database, or a new file name to start one."
        )
    if store.sqlite_path is not None:
        with store.engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA journal_mode=WAL")
    if revision == HEAD_REVISION:
        return None
    if revision is not None and revision not in KNOWN_REVISIONS:
        raise InputError(
            f"This database ({store.display_name}) was written by a newer version of cattool "
            f"(schema {revision}). Please update cattool to open it."
        )
    backup = None
    if store.sqlite_path and store.sqlite_path.exists() and revision is not None:
        backup = backup_sqlite(store.sqlite_path, revision)
    from cattool.core.migrations.runner import upgrade_to_head

    upgrade_to_head(store.engine)
    return backup


def open_store(db: str | None = None, *, migrate_schema: bool = True) -> Store:
    """Open (and by default migrate) a database; a file that is not one is bad input."""
    url = resolve_url(db)
    try:
        store = Store(url)
    except (SQLAlchemyError, ImportError) as exc:  # unknown dialect, driver not installed
        shown = make_url(url).render_as_string(hide_password=True)
        raise InputError(f"Cannot use the database {shown}: {exc}.") from exc
    if migrate_schema:
        try:
            migrate(store)
        except SQLAlchemyError as exc:
            store.close()
            where = store.sqlite_path or store.display_name
            reason = getattr(exc, "orig", None) or exc
            raise InputError(f"Cannot open {where} as a cattool database: {reason}.") from exc
    return store
