"""Migration 0004: a database written by the previous version gains the money tables."""

from __future__ import annotations

import datetime as dt
import shutil
import sqlite3
from decimal import Decimal
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import inspect, select

from cattool.core.migrations import HEAD_REVISION
from cattool.core.migrations.runner import alembic_config
from cattool.core.model import Case
from cattool.core.money import queries as mq
from cattool.core.money import services as ms
from cattool.core.store import open_store

# Upgrades of SQLite fixture files, with backups; tests/core/test_postgres.py upgrades the
# same fixtures' data on PostgreSQL.
pytestmark = pytest.mark.sqlite_only
FIXTURE = Path(__file__).resolve().parents[2] / "fixtures" / "schema-0003.sqlite"
MONEY_TABLES = {
    "funding_plan",
    "funding_source",
    "share_offer",
    "share_application",
    "fund",
    "money_setting",
}
TODAY = dt.date(2026, 3, 5)


def test_the_0003_fixture_upgrades_and_takes_money(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    shutil.copy(FIXTURE, path)
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone() == ("0003",)
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
    assert not tables & MONEY_TABLES
    store = open_store(str(path))
    try:
        assert store.current_revision() == HEAD_REVISION
        assert set(inspect(store.engine).get_table_names()) >= MONEY_TABLES
        with store.transaction() as session:
            case = session.scalars(select(Case).order_by(Case.id)).first()
            assert case is not None
            ms.set_funding_plan(session, case.id, today=TODAY, purchase_price="£95,000")
            ms.add_funding_source(
                session,
                case.id,
                today=TODAY,
                kind="grant",
                amount="£40,000",
                status="awarded",
                expected_on=dt.date(2026, 6, 1),
            )
        with store.transaction() as session:
            summary = mq.money_summary(session, case.id, TODAY)
            assert summary.need.target == Decimal("95000")
            assert summary.secured == Decimal("40000")
    finally:
        store.close()
    assert list(tmp_path.glob("old.backup-*-from-0003.sqlite"))


def test_0004_downgrades_and_upgrades_again(tmp_path: Path) -> None:
    path = tmp_path / "cases.sqlite"
    shutil.copy(FIXTURE, path)
    store = open_store(str(path))
    try:
        config = alembic_config()
        with store.engine.begin() as connection:
            config.attributes["connection"] = connection
            command.downgrade(config, "0003")
        assert not MONEY_TABLES & set(inspect(store.engine).get_table_names())
        with store.engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, "head")
        assert set(inspect(store.engine).get_table_names()) >= MONEY_TABLES
    finally:
        store.close()
