"""Where cattool keeps things: bundled resources and the user's data folder."""

from __future__ import annotations

import os
import sys
from functools import cache
from pathlib import Path

APP_NAME = "cattool"


def frozen_bundle_dir() -> Path | None:
    """The unpacked PyInstaller bundle (`sys._MEIPASS`) in the packaged app, else None.

    packaging/cattool.spec puts the resources at `cattool/resources` and the migrations
    at `cattool/core/migrations` inside it: the same layout as an installed wheel.
    """
    bundle = getattr(sys, "_MEIPASS", None)
    if getattr(sys, "frozen", False) and bundle:
        return Path(bundle)
    return None


@cache
def resources_dir() -> Path:
    """Bundled resources: in the packaged app, inside the installed package, or
    `resources/` in a checkout."""
    bundle = frozen_bundle_dir()
    if bundle is not None:
        frozen = bundle / APP_NAME / "resources"
        if frozen.is_dir():
            return frozen
        raise FileNotFoundError(f"cattool resources not found in the packaged app ({frozen})")
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
