"""Migration 0006: a database written by the previous version (the 0005 fixture: the demo
cases with money and business plans) gains the lease tables, keeps its data, takes the
demo lease once, and can be downgraded and upgraded again."""

from __future__ import annotations

import datetime as dt
import shutil
import sqlite3
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import func, inspect, select

from cattool.core.demo import add_demo_cases
from cattool.core.lease.model import Lease, LeaseBreak
from cattool.core.lease.queries import lease_report
from cattool.core.migrations import HEAD_REVISION, KNOWN_REVISIONS
from cattool.core.migrations.runner import alembic_config
from cattool.core.model import Event
from cattool.core.store import open_store

# Upgrades of SQLite fixture files, with backups; tests/core/test_postgres.py upgrades the
# same fixtures' data on PostgreSQL.
pytestmark = pytest.mark.sqlite_only
FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "schema-0005.sqlite"
LEASE_TABLES = {"lease", "lease_break", "cat_policy_override"}
TODAY = dt.date(2026, 3, 5)


def test_0006_follows_0005() -> None:
    assert KNOWN_REVISIONS.index("0006") == KNOWN_REVISIONS.index("0005") + 1
    assert KNOWN_REVISIONS.index(HEAD_REVISION) >= KNOWN_REVISIONS.index("0006")


def test_the_0005_fixture_upgrades_and_takes_the_demo_lease_once(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    shutil.copy(FIXTURE, path)
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone() == ("0005",)
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
        risks = conn.execute("SELECT COUNT(*) FROM plan_risk").fetchone()
    assert "plan_risk" in tables and not tables & LEASE_TABLES
    store = open_store(str(path))
    try:
        assert store.current_revision() == HEAD_REVISION
        assert set(inspect(store.engine).get_table_names()) >= LEASE_TABLES
        with store.transaction() as session:
            assert session.execute(select(func.count()).select_from(Event)).scalar() == 22
            assert add_demo_cases(session, TODAY) == []
        with store.transaction() as session:
            assert add_demo_cases(session, TODAY) == []  # again: nothing more
            assert session.scalar(select(func.count()).select_from(Lease)) == 1
            assert session.scalar(select(func.count()).select_from(LeaseBreak)) == 2
            report = lease_report(session, "DEMO-HENDON-LIBRARY", TODAY)
        assert report.cat.reached is not None and report.leases[0].lease.term_years == 25
        with store.engine.connect() as conn:
            assert conn.exec_driver_sql("SELECT COUNT(*) FROM plan_risk").fetchone() == risks
    finally:
        store.close()
    assert list(tmp_path.glob("old.backup-*-from-0005.sqlite"))


def test_0006_downgrades_and_upgrades_again(tmp_path: Path) -> None:
    path = tmp_path / "cases.sqlite"
    shutil.copy(FIXTURE, path)
    store = open_store(str(path))
    try:
        config = alembic_config()
        with store.engine.begin() as connection:
            config.attributes["connection"] = connection
            command.downgrade(config, "0005")
        names = set(inspect(store.engine).get_table_names())
        assert not LEASE_TABLES & names and "plan_risk" in names
        with store.engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, "head")
        assert set(inspect(store.engine).get_table_names()) >= LEASE_TABLES
    finally:
        store.close()


def test_the_models_match_the_migrations(tmp_path: Path) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from cattool.core.model import Base

    path = tmp_path / "cases.sqlite"
    shutil.copy(FIXTURE, path)
    store = open_store(str(path))
    try:
        with store.engine.connect() as conn:
            assert compare_metadata(MigrationContext.configure(conn), Base.metadata) == []
    finally:
        store.close()
