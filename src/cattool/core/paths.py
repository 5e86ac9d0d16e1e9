"""Where cattool keeps things: bundled resources and the user's data folder."""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

APP_NAME = "cattool"


@cache
def resources_dir() -> Path:
    """Bundled resources: inside the installed package, or `resources/` in a checkout."""
    installed = Path(__file__).resolve().parent.parent / "resources"
    if installed.is_dir():
        return installed
    checkout = Path(__file__).resolve().parents[3] / "resources"
    if checkout.is_dir():
        return checkout
    raise FileNotFoundError(f"cattool resources not found (looked in {installed} and {checkout})")


def data_dir() -> Path:
    """The user's data folder; CATTOOL_DATA_DIR overrides it (tests, portable installs)."""
    override = os.environ.get("CATTOOL_DATA_DIR")
    if override:
        path = Path(override)
    else:
        import platformdirs

        path = Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
    path.mkdir(parents=True, exist_ok=True)
    return path
