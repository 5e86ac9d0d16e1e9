"""Where the database is: `--db`, then CATTOOL_DB, then the user data folder.

Kept free of SQLAlchemy so the fast start-up path can find a SQLite file cheaply.
"""

from __future__ import annotations

import os
from pathlib import Path

from cattool.core.errors import InputError
from cattool.core.paths import data_dir

DEFAULT_FILENAME = "cattool.sqlite"


def resolve_url(db: str | None = None) -> str:
    """A SQLAlchemy URL for a path or URL given by the user (validated, not opened)."""
    value = db or os.environ.get("CATTOOL_DB") or str(data_dir() / DEFAULT_FILENAME)
    if "://" in value:
        from sqlalchemy.engine import make_url

        try:
            make_url(value)
        except Exception as exc:  # SQLAlchemy raises ArgumentError for malformed URLs
            raise InputError(f"{value!r} is not a database URL or file path ({exc}).") from exc
        return value
    path = Path(value).expanduser().resolve()
    if path.is_dir():
        raise InputError(f"{value!r} is a folder; give a database file such as cases.sqlite.")
    if not path.parent.is_dir():
        raise InputError(f"Cannot create {path}: the folder {path.parent} does not exist.")
    return f"sqlite:///{path}"


def sqlite_file(url: str) -> Path | None:
    """The file behind a plain sqlite:/// URL, or None for anything else."""
    prefix = "sqlite:///"
    if url.startswith(prefix) and "?" not in url and url != prefix + ":memory:":
        return Path(url[len(prefix) :])
    return None
