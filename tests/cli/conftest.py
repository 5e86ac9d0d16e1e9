"""Run the real `cattool` command in a subprocess, as scripts and people do."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest


@dataclass
class Result:
    code: int
    out: str
    err: str

    def json(self) -> object:
        return json.loads(self.out)


@pytest.fixture
def cattool(db_path: Path, isolated_data_dir: Path):
    """cattool("case", "list", "--json") runs against a fresh database, today 5 Mar 2026."""

    def run(*args: str, today: str | None = "2026-03-05", db: Path | None = db_path) -> Result:
        argv = [sys.executable, "-m", "cattool"]
        if db is not None:
            argv += ["--db", str(db)]
        if today is not None:
            argv += ["--today", today]
        env = {**os.environ, "CATTOOL_DATA_DIR": str(isolated_data_dir)}
        done = subprocess.run([*argv, *args], capture_output=True, text=True, env=env, timeout=120)
        return Result(done.returncode, done.stdout, done.stderr)

    return run


def snapshot(path: Path) -> list[str]:
    """Everything in the database except the audit-free WAL details (on PostgreSQL:
    every row of every table, in key order)."""
    if "://" in str(path):
        from tests.conftest import server_dump

        return server_dump(str(path))
    conn = sqlite3.connect(path)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


@pytest.fixture
def db_snapshot():
    return snapshot
