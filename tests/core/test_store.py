"""The store: migrations from the first version, backups first, pragmas, URLs."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import text

from cattool.core.errors import InputError
from cattool.core.migrations import HEAD_REVISION, KNOWN_REVISIONS
from cattool.core.migrations.runner import script_revisions
from cattool.core.model import Base
from cattool.core.store import Store, open_store, resolve_url


def test_known_revisions_match_the_alembic_scripts() -> None:
    assert list(KNOWN_REVISIONS) == script_revisions()
    assert script_revisions()[-1] == HEAD_REVISION


@pytest.mark.sqlite_only
def test_new_database_is_migrated_with_wal_and_foreign_keys(store: Store) -> None:
    assert store.current_revision() == HEAD_REVISION
    with store.engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
    tables = set(Base.metadata.tables)
    with store.engine.connect() as conn:
        found = {r[0] for r in conn.execute(text("SELECT name FROM sqlite_master"))}
    assert tables <= found


def test_migrations_match_the_models(store: Store) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    with store.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == []


@pytest.mark.sqlite_only
def test_a_database_of_another_program_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE notes (x TEXT)")
    conn.execute("INSERT INTO notes VALUES ('keep me')")
    conn.commit()
    conn.close()
    before = path.read_bytes()
    with pytest.raises(InputError, match="not a cattool database"):
        open_store(str(path))
    assert path.read_bytes() == before
    assert not list(tmp_path.glob("old.backup-*"))


def test_bad_urls_are_bad_input() -> None:
    for url in ("nosuch://x", "postgresql+nodriver://u:secret@127.0.0.1:1/x"):
        with pytest.raises(InputError) as caught:
            open_store(url)
        assert "secret" not in str(caught.value)


@pytest.mark.sqlite_only
def test_no_backup_for_a_fresh_or_current_database(tmp_path: Path) -> None:
    path = tmp_path / "new.sqlite"
    open_store(str(path)).close()
    open_store(str(path)).close()
    assert not list(tmp_path.glob("*.backup-*"))


def test_a_database_from_a_newer_version_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "future.sqlite"
    store = open_store(str(path))
    with store.engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    store.close()
    with pytest.raises(InputError, match="newer version of cattool"):
        open_store(str(path))


def test_urls_and_paths(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert resolve_url(str(tmp_path / "a.sqlite")) == f"sqlite:///{tmp_path / 'a.sqlite'}"
    assert resolve_url("sqlite:///x.db") == "sqlite:///x.db"
    monkeypatch.setenv("CATTOOL_DB", str(tmp_path / "env.sqlite"))
    assert resolve_url(None).endswith("env.sqlite")
    monkeypatch.delenv("CATTOOL_DB")
    assert resolve_url(None).endswith("cattool.sqlite")
    with pytest.raises(InputError, match="folder"):
        resolve_url(str(tmp_path))
    with pytest.raises(InputError, match="does not exist"):
        resolve_url(str(tmp_path / "missing" / "x.sqlite"))


@pytest.mark.sqlite_only
def test_default_database_lives_in_the_user_data_folder(isolated_data_dir: Path) -> None:
    store = open_store()
    assert store.sqlite_path == isolated_data_dir / "cattool.sqlite"
    assert store.display_name == "cattool.sqlite"
    store.close()


@pytest.mark.sqlite_only
def test_start_up_on_a_current_database_does_not_import_alembic(tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite"
    open_store(str(path)).close()
    code = (
        "import sys; from cattool.core.store import open_store; from cattool.core import queries;"
        "import datetime; s = open_store(sys.argv[1]);"
        "queries.portfolio(s.session(), datetime.date(2026, 3, 5));"
        "bad = [m for m in ('alembic', 'dateparser', 'holidays', 'PySide6', 'docx') "
        "if m in sys.modules]; print(bad); sys.exit(1 if bad else 0)"
    )
    result = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


@pytest.mark.sqlite_only
@pytest.mark.parametrize("revision", [r for r in KNOWN_REVISIONS if r != HEAD_REVISION])
def test_every_old_schema_upgrades_keeping_its_data(tmp_path: Path, revision: str) -> None:
    """A database written by each earlier version opens, is backed up, and keeps its cases."""
    fixture = FIXTURES / f"schema-{revision}.sqlite"
    path = tmp_path / "cases.sqlite"
    shutil.copy(fixture, path)
    before = sqlite3.connect(path)
    cases = before.execute("SELECT id, name FROM acv_case ORDER BY id").fetchall()
    events = before.execute("SELECT COUNT(*) FROM event").fetchone()
    before.close()
    assert cases
    store = open_store(str(path))
    assert store.current_revision() == HEAD_REVISION
    with store.engine.connect() as conn:
        assert conn.execute(text("SELECT id, name FROM acv_case ORDER BY id")).all() == cases
        assert conn.execute(text("SELECT COUNT(*) FROM event")).one() == events
    store.close()
    backup = list(tmp_path.glob(f"cases.backup-*-from-{revision}.sqlite"))
    assert len(backup) == 1
