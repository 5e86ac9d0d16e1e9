"""Read-only connections (trustees, advisers): reads work, every write is refused by the
database itself with a plain message, and nothing changes. Runs on SQLite, and on
PostgreSQL when CATTOOL_TEST_POSTGRES_URL is set (the same fixtures)."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from cattool.core import queries, services
from cattool.core.errors import InputError
from cattool.core.model import Case
from cattool.core.store import ReadOnlyError, Store, open_store

TODAY = dt.date(2026, 3, 5)


@pytest.fixture
def red_lion(store: Store) -> int:
    with store.transaction() as session:
        case_id = services.create_case(session, "The Red Lion", "england-2011").created_id
        assert case_id is not None
        services.add_event(session, case_id, "listed", dt.date(2025, 12, 1), today=TODAY)
    return case_id


def _count(store: Store) -> int:
    with store.session() as session:
        return session.scalar(select(func.count()).select_from(Case))


def test_reads_work_and_service_writes_are_refused(
    store: Store, db_path: Path, red_lion: int
) -> None:
    reader = open_store(str(db_path), read_only=True)
    try:
        assert reader.read_only and reader.display_name.endswith(" (read-only)")
        with reader.session() as session:
            assert queries.case_detail(session, red_lion, TODAY).name == "The Red Lion"
        refused = pytest.raises(ReadOnlyError, match="open read-only: the change was refused")
        with refused, reader.transaction() as session:
            services.create_case(session, "The Plough", "england-2011")
        assert isinstance(ReadOnlyError("x"), InputError)  # shown like any bad input
    finally:
        reader.close()
    assert _count(store) == 1


def test_the_database_itself_refuses_a_write(store: Store, db_path: Path, red_lion: int) -> None:
    """Not just the session's check: SQL sent straight to the connection is refused."""
    reader = open_store(str(db_path), read_only=True)
    try:
        with pytest.raises(ReadOnlyError), reader.transaction() as session:
            session.execute(text("UPDATE acv_case SET name = 'Renamed'"))
        with reader.engine.connect() as conn, pytest.raises(Exception) as caught:
            conn.execute(text("DELETE FROM event"))
        assert "read" in str(caught.value).lower()
    finally:
        reader.close()
    with store.session() as session:
        assert session.scalar(select(Case.name)) == "The Red Lion"


def test_a_missing_file_is_not_created_read_only(tmp_path: Path) -> None:
    path = tmp_path / "none.sqlite"
    with pytest.raises(InputError, match="no database"):
        open_store(str(path), read_only=True)
    assert not path.exists()


def test_a_database_needing_an_upgrade_is_refused_read_only(store: Store, db_path: Path) -> None:
    with store.engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '0005'"))
    with pytest.raises(InputError, match="needs upgrading"):
        open_store(str(db_path), read_only=True)
    assert store.current_revision() == "0005"


def test_the_command_line_read_only_switch(store: Store, db_path: Path, red_lion: int) -> None:
    def run(*args: str) -> subprocess.CompletedProcess[str]:
        argv = [sys.executable, "-m", "cattool", "--db", str(db_path), "--read-only", *args]
        return subprocess.run(argv, capture_output=True, text=True, env=os.environ, timeout=120)

    listed = run("case", "list")
    assert listed.returncode == 0 and "The Red Lion" in listed.stdout
    refused = run("case", "new", "The Plough", "--regime", "england-2011")
    assert refused.returncode == 2
    assert "read-only" in refused.stderr and "nothing was saved" in refused.stderr
    assert _count(store) == 1
