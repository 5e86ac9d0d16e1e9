"""Migration 0005: a database written by the previous version (the 0004 fixture: the demo
cases, money tables but no business plan) gains the business plan tables, keeps its
data, and can be downgraded and upgraded again."""

from __future__ import annotations

import datetime as dt
import shutil
import sqlite3
from decimal import Decimal
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import inspect, select

from cattool.core.migrations import HEAD_REVISION, KNOWN_REVISIONS
from cattool.core.migrations.runner import alembic_config
from cattool.core.model import Case
from cattool.core.money import plan_services as ps
from cattool.core.money.plan_queries import business_plan_report
from cattool.core.store import open_store

# Upgrades of SQLite fixture files, with backups; tests/core/test_postgres.py upgrades the
# same fixtures' data on PostgreSQL.
pytestmark = pytest.mark.sqlite_only
FIXTURE = Path(__file__).resolve().parents[2] / "fixtures" / "schema-0004.sqlite"
PLAN_TABLES = {"business_plan", "income_stream", "running_cost", "plan_risk", "impact_measure"}
TODAY = dt.date(2026, 3, 5)


def test_0005_is_known_and_follows_0004() -> None:
    assert KNOWN_REVISIONS.index("0005") == KNOWN_REVISIONS.index("0004") + 1
    assert KNOWN_REVISIONS.index(HEAD_REVISION) >= KNOWN_REVISIONS.index("0005")


def test_the_0004_fixture_upgrades_and_takes_a_business_plan(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    shutil.copy(FIXTURE, path)
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone() == ("0004",)
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
        cases = conn.execute("SELECT id, reference FROM acv_case ORDER BY id").fetchall()
    assert "funding_plan" in tables and not tables & PLAN_TABLES
    assert len(cases) == 4
    store = open_store(str(path))
    try:
        assert store.current_revision() == HEAD_REVISION
        assert set(inspect(store.engine).get_table_names()) >= PLAN_TABLES
        with store.transaction() as session:
            assert [
                (c.id, c.reference) for c in session.scalars(select(Case).order_by(Case.id))
            ] == cases
            case = session.scalars(select(Case).order_by(Case.id)).first()
            assert case is not None
            ps.set_plan_settings(session, case.id, today=TODAY, opening_cash="£1,000")
            ps.add_income_stream(session, case.id, today=TODAY, category="events", amount="£500")
            ps.prefill_risks(session, case.id, today=TODAY)
        with store.transaction() as session:
            report = business_plan_report(session, case.id, TODAY)
            assert report.cash.closing == Decimal("1000.00") + 5 * Decimal("500.00")
            assert len(report.risks) == 6
    finally:
        store.close()
    assert list(tmp_path.glob("old.backup-*-from-0004.sqlite"))


def test_0005_downgrades_and_upgrades_again(tmp_path: Path) -> None:
    path = tmp_path / "cases.sqlite"
    shutil.copy(FIXTURE, path)
    store = open_store(str(path))
    try:
        config = alembic_config()
        with store.engine.begin() as connection:
            config.attributes["connection"] = connection
            command.downgrade(config, "0004")
        names = set(inspect(store.engine).get_table_names())
        assert not PLAN_TABLES & names and "funding_source" in names
        with store.engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, "head")
        assert set(inspect(store.engine).get_table_names()) >= PLAN_TABLES
    finally:
        store.close()
