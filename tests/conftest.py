"""Shared fixtures: every test gets its own data folder and database; no real keyring.

With CATTOOL_TEST_POSTGRES_URL set (tools/with_postgres.sh sets it), the database
fixtures (`db_path`, `store`, `new_database`) give each test a fresh PostgreSQL database
instead of a SQLite file: CREATE DATABASE from a template migrated once per run, dropped
after the test. Tests about SQLite files themselves carry the `sqlite_only` marker and
are skipped then.
"""

from __future__ import annotations

import datetime as dt
import os
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from cattool.core.store import Store, open_store

TODAY = dt.date(2026, 3, 5)
POSTGRES_URL = os.environ.get("CATTOOL_TEST_POSTGRES_URL", "")
ON_POSTGRES = bool(POSTGRES_URL)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if not ON_POSTGRES:
        return
    skip = pytest.mark.skip(reason="about SQLite files; this run is on PostgreSQL")
    for item in items:
        if item.get_closest_marker("sqlite_only"):
            item.add_marker(skip)


def pytest_report_header(config: pytest.Config) -> str:
    if ON_POSTGRES:
        from sqlalchemy.engine import make_url

        shown = make_url(POSTGRES_URL).render_as_string(hide_password=True)
        return f"cattool databases: PostgreSQL ({shown}), a fresh database per test"
    return "cattool databases: SQLite files"


class ServerDatabase(str):
    """A PostgreSQL database URL standing in for `db_path`: str() gives the URL, so
    `open_store(str(db_path))` and `--db db_path` work unchanged. The few file-like
    things tests ask of `db_path` mean the same here: it exists; `read_bytes()` is its
    whole content (every row, in key order), so "the bytes did not change" still means
    "nothing was written"; `parent` is the test's own folder (no -wal file there, and
    `with_name` gives a path beside it). Anything else is missing on purpose: such a
    test is about SQLite files and should be marked `sqlite_only`."""

    name: str
    parent: Path

    def exists(self) -> bool:
        return True

    def is_file(self) -> bool:
        return False

    def read_bytes(self) -> bytes:
        return "\n".join(server_dump(self)).encode()

    def with_name(self, name: str) -> Path:
        return self.parent / name


def server_dump(url: str) -> list[str]:
    """Every row of every table of a server database, in key order (for comparisons)."""
    from sqlalchemy import MetaData, create_engine, select

    engine = create_engine(url)
    try:
        metadata = MetaData()
        metadata.reflect(engine)
        lines: list[str] = []
        with engine.connect() as conn:
            for table in metadata.sorted_tables:
                order = list(table.primary_key.columns) or list(table.columns)
                for row in conn.execute(select(table).order_by(*order)):
                    lines.append(f"{table.name}: {tuple(row)!r}")
        return lines
    finally:
        engine.dispose()


class PostgresDatabases:
    """CREATE DATABASE per test from a template at the head revision; DROP after."""

    def __init__(self, url: str) -> None:
        from sqlalchemy import create_engine
        from sqlalchemy.engine import make_url

        self.url = make_url(url)
        self.admin = create_engine(self.url, isolation_level="AUTOCOMMIT", poolclass=None)
        self.prefix = f"cattool_t{os.getpid()}_"
        self.template = self.prefix + "template"
        self.created: list[str] = []
        self._execute(f'DROP DATABASE IF EXISTS "{self.template}" WITH (FORCE)')
        self._execute(f'CREATE DATABASE "{self.template}"')
        open_store(self.url_of(self.template)).close()  # migrated once, cloned per test
        # No one may connect to it now (not even autovacuum, whose visits would make
        # every CREATE DATABASE ... TEMPLATE wait for them to leave).
        self._execute(f'ALTER DATABASE "{self.template}" WITH ALLOW_CONNECTIONS false')

    def _execute(self, sql: str) -> None:
        from sqlalchemy import text

        with self.admin.connect() as conn:
            conn.execute(text(sql))

    def url_of(self, name: str) -> str:
        return self.url.set(database=name).render_as_string(hide_password=False)

    def create(self, folder: Path, *, empty: bool = False) -> ServerDatabase:
        """A new database: at the head revision (from the template), or `empty`."""
        name = self.prefix + uuid.uuid4().hex[:12]
        template = "template0" if empty else self.template
        self._execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
        self.created.append(name)
        location = ServerDatabase(self.url_of(name))
        location.name, location.parent = name, folder
        return location

    def drop(self, name: str) -> None:
        self._execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def close(self) -> None:
        for name in [*self.created, self.template]:
            self.drop(name)
        self.admin.dispose()


@pytest.fixture(scope="session")
def postgres_databases() -> Iterator[PostgresDatabases | None]:
    if not ON_POSTGRES:
        yield None
        return
    databases = PostgresDatabases(POSTGRES_URL)
    yield databases
    databases.close()


@pytest.fixture(autouse=True)
def isolated_data_dir(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch):
    """Never touch the user's real data folder, database or keyring."""
    folder = tmp_path_factory.mktemp("data")
    monkeypatch.setenv("CATTOOL_DATA_DIR", str(folder))
    monkeypatch.delenv("CATTOOL_DB", raising=False)
    monkeypatch.setenv("CATTOOL_USER", "tester")
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.null.Keyring")
    return folder


@pytest.fixture
def new_database(
    tmp_path: Path, postgres_databases: PostgresDatabases | None
) -> Iterator[Callable[..., str]]:
    """new_database("name") -> where a fresh database is: a SQLite file path in
    tmp_path, or (on PostgreSQL) the URL of a new database, dropped after the test.
    `empty=True` gives a server database with no schema at all (SQLite: no file yet)."""
    made: list[str] = []

    def make(name: str = "cases", *, empty: bool = False) -> str:
        if postgres_databases is None:
            return str(tmp_path / f"{name}.sqlite")
        location = postgres_databases.create(tmp_path, empty=empty)
        made.append(location.name)
        return location

    yield make
    if postgres_databases is not None:
        for name in made:
            postgres_databases.drop(name)
            postgres_databases.created.remove(name)


@pytest.fixture
def db_path(tmp_path: Path, new_database: Callable[..., str]) -> Path:
    """The test's database: a SQLite file (not yet created), or a ServerDatabase URL."""
    location = new_database("cases")
    return location if isinstance(location, ServerDatabase) else Path(location)  # type: ignore[return-value]


@pytest.fixture
def store(db_path: Path) -> Iterator[Store]:
    opened = open_store(str(db_path))
    yield opened
    opened.close()


@pytest.fixture
def other(db_path: Path, store: Store) -> Iterator[Store]:
    """A colleague: their own Store (own engine, own connections) on the test's data,
    opened after `store` (which creates it)."""
    opened = open_store(str(db_path))
    yield opened
    opened.close()
