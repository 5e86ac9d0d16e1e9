"""Shared fixtures: every test gets its own data folder and database; no real keyring."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from cattool.core.store import Store, open_store

TODAY = dt.date(2026, 3, 5)


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
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "cases.sqlite"


@pytest.fixture
def store(db_path: Path) -> Iterator[Store]:
    opened = open_store(str(db_path))
    yield opened
    opened.close()
