"""PostgreSQL: the same migrations as on SQLite, older databases upgrading with their data,
migrations all-or-nothing, and the SQLite-only fast paths stepping aside.

Runs only with CATTOOL_TEST_POSTGRES_URL set (tools/with_postgres.sh sets it)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from sqlalchemy import MetaData, create_engine, func, inspect, select, text
from tests.conftest import ON_POSTGRES

from cattool.core import lazyread, services
from cattool.core.demo import add_demo_cases
from cattool.core.errors import InputError
from cattool.core.fastread import read_snapshot
from cattool.core.location import resolve_url, sqlite_file
from cattool.core.migrations import HEAD_REVISION, KNOWN_REVISIONS
from cattool.core.migrations.runner import alembic_config
from cattool.core.model import Base, Case, Event
from cattool.core.money.raised import read_funds_raised
from cattool.core.store import Store, open_store

pytestmark = pytest.mark.skipif(not ON_POSTGRES, reason="needs CATTOOL_TEST_POSTGRES_URL")

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
TODAY = dt.date(2026, 3, 5)


def _alembic(url: str, action: Callable[..., None], revision: str) -> None:
    engine = create_engine(url)
    try:
        with engine.begin() as connection:
            config = alembic_config()
            config.attributes["connection"] = connection
            action(config, revision)
    finally:
        engine.dispose()


def _copy_rows(fixture: Path, url: str) -> None:
    """Every row of a SQLite fixture into a server database at the same revision, then
    each id sequence moved past the copied ids (as if the rows had been added there)."""
    source, target = create_engine(f"sqlite:///{fixture}"), create_engine(url)
    try:
        old, new = MetaData(), MetaData()
        old.reflect(source)
        new.reflect(target)
        with source.connect() as read, target.begin() as write:
            for table in old.sorted_tables:
                if table.name == "alembic_version":
                    continue
                rows = [dict(r._mapping) for r in read.execute(select(table))]
                if rows:
                    write.execute(new.tables[table.name].insert(), rows)
                if "id" in new.tables[table.name].c:
                    write.execute(
                        text(
                            "SELECT setval(pg_get_serial_sequence(:t, 'id'), "
                            f"COALESCE((SELECT MAX(id) FROM {table.name}), 0) + 1, false)"
                        ),
                        {"t": table.name},
                    )
    finally:
        source.dispose()
        target.dispose()


def test_a_new_database_is_created_at_the_head_revision(
    new_database: Callable[..., str],
) -> None:
    store = open_store(new_database("fresh", empty=True))
    try:
        assert store.current_revision() == HEAD_REVISION
        assert set(Base.metadata.tables) <= set(inspect(store.engine).get_table_names())
        assert store.display_name.endswith(" on 127.0.0.1")
    finally:
        store.close()


def test_migrations_match_the_models_on_postgres(store: Store) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    with store.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == []


@pytest.mark.parametrize("revision", [r for r in KNOWN_REVISIONS if r != HEAD_REVISION])
def test_a_database_from_every_older_version_upgrades_with_its_data(
    new_database: Callable[..., str], revision: str
) -> None:
    fixture = FIXTURES / f"schema-{revision}.sqlite"
    if not fixture.exists():
        pytest.skip(f"no fixture for {revision}")
    url = new_database("old", empty=True)
    _alembic(url, command.upgrade, revision)
    _copy_rows(fixture, url)
    with create_engine(f"sqlite:///{fixture}").connect() as conn:
        cases = conn.execute(text("SELECT id, name FROM acv_case ORDER BY id")).all()
        events = conn.execute(text("SELECT COUNT(*) FROM event")).scalar()
    assert cases
    store = open_store(url)
    try:
        assert store.current_revision() == HEAD_REVISION
        with store.transaction() as session:
            assert [
                tuple(r) for r in session.execute(select(Case.id, Case.name).order_by(Case.id))
            ] == [tuple(r) for r in cases]
            assert session.scalar(select(func.count()).select_from(Event)) == events
            created = services.create_case(session, "After the upgrade", "england-2011")
            assert created.created_id is not None and created.created_id > cases[-1][0]
            add_demo_cases(session, TODAY)  # every table takes new rows after upgrading
    finally:
        store.close()


def test_every_migration_downgrades_and_upgrades_again(
    new_database: Callable[..., str],
) -> None:
    url = new_database("walk", empty=True)
    _alembic(url, command.upgrade, "head")
    for revision in reversed(KNOWN_REVISIONS[:-1]):
        _alembic(url, command.downgrade, revision)
    _alembic(url, command.downgrade, "base")
    engine = create_engine(url)
    try:
        assert inspect(engine).get_table_names() == ["alembic_version"]  # nothing left over
    finally:
        engine.dispose()
    _alembic(url, command.upgrade, "head")
    store = open_store(url)
    try:
        assert store.current_revision() == HEAD_REVISION
    finally:
        store.close()


def test_a_failing_migration_changes_nothing(new_database: Callable[..., str]) -> None:
    """Transactional DDL: a migration that fails part-way leaves the old schema intact
    (on SQLite a backup file plays that part)."""
    url = new_database("half", empty=True)
    previous = KNOWN_REVISIONS[-2]
    _alembic(url, command.upgrade, previous)
    engine = create_engine(url)
    with engine.connect() as conn:
        before = set(inspect(conn).get_table_names())
    head_tables = set(Base.metadata.tables) - before
    clash = sorted(head_tables)[-1] if head_tables else ""
    with engine.begin() as conn:  # a table (or index) in the way makes the head migration fail
        if clash:
            conn.execute(text(f'CREATE TABLE "{clash}" (x integer)'))
        else:
            table, index = _new_index(conn)
            conn.execute(text(f'CREATE INDEX "{index}" ON "{table}" (id)'))
    engine.dispose()
    with pytest.raises(InputError, match="Cannot open"):
        open_store(url)
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == (
                previous
            )
            assert set(inspect(conn).get_table_names()) == before | ({clash} - {""})
    finally:
        engine.dispose()


def _new_index(conn: Any) -> tuple[str, str]:
    """A table and the name of an index the models have and the database lacks (what a
    head migration that only adds an index creates)."""
    inspector = inspect(conn)
    for table in Base.metadata.sorted_tables:
        present = {i["name"] for i in inspector.get_indexes(table.name)}
        for index in table.indexes:
            if index.name not in present:
                return table.name, str(index.name)
    raise AssertionError("the head migration adds neither a table nor an index")


def test_a_database_of_another_program_is_refused(new_database: Callable[..., str]) -> None:
    url = new_database("other", empty=True)
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE notes (x text)"))
    engine.dispose()
    with pytest.raises(InputError, match="not a cattool database"):
        open_store(url)


def test_the_sqlite_fast_paths_step_aside_and_the_store_serves(store: Store) -> None:
    from cattool.ui.case_source import CaseSource

    url = store.url.render_as_string(hide_password=False)
    assert sqlite_file(resolve_url(url)) is None
    assert lazyread.read_cases(None) is None and read_snapshot(None) is None
    assert read_funds_raised(None) is None
    with store.transaction() as session:
        add_demo_cases(session, TODAY)
    source = CaseSource.open(url)
    try:
        assert source.path is None
        cases, _overrides = source.cases()
        assert len(cases) >= 3
        events = source.events_for([c.id for c in cases])
        assert sum(map(len, events.values())) > 0
        assert source.snapshot().cases == cases
        assert source.funds_raised()  # the demo cases have money entered
        assert source.display_name == store.display_name
        assert source.location == url
    finally:
        source.close()


def test_two_people_opening_an_old_database_at_once_both_get_in(
    new_database: Callable[..., str],
) -> None:
    """The first migrates; the others wait for it (an advisory lock) instead of
    failing half-way through the same migration. Separate processes, as in real life."""
    import subprocess
    import sys

    url = new_database("race", empty=True)
    _alembic(url, command.upgrade, KNOWN_REVISIONS[0])
    code = (
        "import sys; from cattool.core.store import open_store; "
        "s = open_store(sys.argv[1]); print(s.current_revision()); s.close()"
    )
    runs = [
        subprocess.Popen([sys.executable, "-c", code, url], stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, text=True)
        for _ in range(4)
    ]  # fmt: skip
    results = [run.communicate(timeout=120) for run in runs]
    assert [out.strip() for out, _err in results] == [HEAD_REVISION] * 4, results
