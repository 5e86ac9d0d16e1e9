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
from sqlalchemy.exc import DBAPIError, OperationalError, ProgrammingError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from cattool.core.errors import InputError
from cattool.core.location import resolve_url
from cattool.core.migrations import HEAD_REVISION, KNOWN_REVISIONS
from cattool.core.write_log import WriteLog, watch_writes


class ReadOnlyError(InputError):
    """A write to a database opened read-only (it was refused; nothing changed)."""


def _sqlite_query_only(dbapi_connection: sqlite3.Connection, _record: object) -> None:
    dbapi_connection.execute("PRAGMA query_only=ON")


def _sqlite_pragmas(dbapi_connection: sqlite3.Connection, _record: object) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()
    # WAL is set once per file by `migrate`, after checking the file is ours: setting it
    # here would rewrite the header of any SQLite file someone opens by mistake.


def _server_password(url: URL) -> str | None:
    """The password for a server URL: the one given, else the keyring's (never a file)."""
    if url.password is not None:
        return str(url.password)
    if not url.username:
        return None
    from cattool.core.secrets import database_password

    return database_password(url)


def _server_connect_args(url: URL, read_only: bool) -> dict[str, object]:
    """Driver options: give up on an unreachable server in seconds, say who we are, and
    (read-only) make every transaction of the session READ ONLY on the server itself."""
    if url.get_backend_name() != "postgresql":
        return {}
    args: dict[str, object] = {"application_name": "cattool"}
    if "connect_timeout" not in url.query:
        args["connect_timeout"] = 10
    if read_only:
        given = url.query.get("options", "")
        given = given if isinstance(given, str) else " ".join(given)
        args["options"] = f"{given} -c default_transaction_read_only=on".strip()
    return args


def _refused_as_read_only(exc: DBAPIError) -> bool:
    """Did the database refuse a write because the connection is read-only?"""
    orig = exc.orig
    # PostgreSQL: read_only_sql_transaction; insufficient_privilege (a read-only role)
    if getattr(orig, "sqlstate", None) in ("25006", "42501"):
        return True
    return isinstance(orig, sqlite3.OperationalError) and "readonly" in str(orig).lower()


class Store:
    """One open database. Services take a Session from `transaction()`."""

    def __init__(self, url: str | URL, *, read_only: bool = False) -> None:
        given = make_url(url)
        self.read_only = read_only
        self.role_read_only = False  # the server's role may only read (open_store finds out)
        # The password is used to connect and then forgotten: `url` (shown, remembered in
        # the recent list, handed to other code) never holds one.
        self.url: URL = URL.create(  # URL.set(password=None) would keep the password
            given.drivername,
            given.username,
            None,
            given.host,
            given.port,
            given.database,
            given.query,
        )
        if self.is_sqlite:
            self.engine: Engine = create_engine(given)
            event.listen(self.engine, "connect", _sqlite_pragmas)
            if read_only:
                event.listen(self.engine, "connect", _sqlite_query_only)
        else:
            self.engine = create_engine(
                given.set(password=_server_password(given)),
                pool_pre_ping=True,  # a desktop app outlives server restarts and idle drops
                connect_args=_server_connect_args(given, read_only),
            )
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        #: This Store's own writes (core.change_feed tells colleagues' changes from them);
        #: on PostgreSQL every commit that audits a change also NOTIFYs listeners.
        self.writes = WriteLog()
        watch_writes(self._sessions, self.writes, notify=not self.is_sqlite)

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
            name = self.sqlite_path.name
        elif self.is_sqlite:
            name = "in-memory database"
        else:
            name = f"{self.url.database} on {self.url.host or 'localhost'}"
        return f"{name} (read-only)" if self.read_only else name

    def session(self) -> Session:
        return self._sessions()

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """All or nothing: commit on success, roll back on any error. On a read-only
        database a write is refused with ReadOnlyError (an InputError: a plain message)."""
        session = self._sessions()
        try:
            yield session
            if self.read_only and (session.new or session.dirty or session.deleted):
                raise self._read_only_error()
            session.commit()
        except DBAPIError as exc:
            session.rollback()
            if _refused_as_read_only(exc) and (self.read_only or not self.is_sqlite):
                raise self._read_only_error() from exc  # opened read-only, or a read-only role
            raise
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    def _read_only_error(self) -> ReadOnlyError:
        name = self.display_name.removesuffix(" (read-only)")
        if not self.read_only or self.role_read_only:
            return ReadOnlyError(
                f"{name}: the database refused the change ({self.url.username or 'this user'} "
                "may only read) and nothing was saved. Ask whoever runs it for write access."
            )
        return ReadOnlyError(
            f"{name} is open read-only: the change was refused and nothing was saved. "
            "Open it without read-only to make changes."
        )

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
    if store.read_only:
        if revision != HEAD_REVISION:
            raise InputError(
                f"{store.display_name} needs {'setting up' if revision is None else 'upgrading'}"
                " for this version of cattool, which a read-only connection cannot do. "
                "Open it once without read-only (or ask whoever runs it)."
            )
        return None
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

    with _migration_lock(store):
        # Someone else may have migrated while this waited for the lock.
        if store.is_sqlite or store.current_revision() != HEAD_REVISION:
            upgrade_to_head(store.engine)  # on PostgreSQL, one transaction: all or nothing
    return backup


MIGRATION_LOCK = 0x63617474  # "catt": the advisory lock cattool migrates under


@contextmanager
def _migration_lock(store: Store) -> Iterator[None]:
    """On a server, one client migrates at a time: colleagues opening the same older
    database together wait for the first instead of failing half-way. (SQLite's own
    write lock serialises a file's migrations.)"""
    if store.url.get_backend_name() != "postgresql":
        yield
        return
    with store.engine.connect() as conn:
        conn.execute(text("SELECT pg_advisory_lock(:key)"), {"key": MIGRATION_LOCK})
        conn.commit()
        try:
            yield
        finally:
            conn.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": MIGRATION_LOCK})
            conn.commit()


def open_store(
    db: str | None = None, *, migrate_schema: bool = True, read_only: bool = False
) -> Store:
    """Open (and by default migrate) a database; a file that is not one is bad input.

    `read_only`: every write is refused by the database itself (PRAGMA query_only on
    SQLite, default_transaction_read_only on PostgreSQL); a database that would need
    creating or migrating is refused."""
    url = resolve_url(db)
    if read_only:
        from cattool.core.location import sqlite_file

        path = sqlite_file(url)
        if path is not None and not path.exists():
            raise InputError(f"There is no database at {path} to open read-only.")
    try:
        store = Store(url, read_only=read_only)
    except (SQLAlchemyError, ImportError) as exc:  # unknown dialect, driver not installed
        shown = make_url(url).render_as_string(hide_password=True)
        raise InputError(f"Cannot use the database {shown}: {exc}.") from exc
    try:
        if not store.is_sqlite and not read_only and _role_is_read_only(store):
            store.read_only = store.role_read_only = True  # shown and refused as read-only
        if migrate_schema:
            migrate(store)
    except SQLAlchemyError as exc:
        store.close()
        raise InputError(_open_failure(store, exc)) from exc
    return store


def _role_is_read_only(store: Store) -> bool:
    """A trustee's role (`cattool team grant-read-only`) reads only, whatever was asked."""
    with store.engine.connect() as conn:
        return conn.execute(text("SHOW default_transaction_read_only")).scalar() == "on"


def _open_failure(store: Store, exc: SQLAlchemyError) -> str:
    """A plain message for a database that cannot be opened (never with a password)."""
    reason = " ".join(str(getattr(exc, "orig", None) or exc).split()).rstrip(".")
    if store.is_sqlite:
        where = store.sqlite_path or store.display_name
        return f"Cannot open {where} as a cattool database: {reason}."
    where = store.url.render_as_string(hide_password=True)
    if isinstance(exc, OperationalError) and "password" in reason.lower():
        return (
            f"Cannot connect to {where}: {reason}. Connect with File → Connect to shared "
            "database… and tick Remember to keep the password in the keyring, or set "
            "PGPASSWORD."
        )
    if isinstance(exc, OperationalError):
        return f"Cannot connect to {where}: {reason}" + ("" if reason.endswith("?") else ".")
    return f"Cannot open {where} as a cattool database: {reason}."
