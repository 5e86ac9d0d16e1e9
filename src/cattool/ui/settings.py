"""What the desktop remembers between runs (QSettings): window layout, the last case page,
the dashboard's choices, the recently opened databases (and the File → Open Recent menu).

Always through `app_settings()`, which honours `QSettings.setDefaultFormat`, so the tests
can point every read and write at a temporary folder (see tests/ui/conftest.py).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, Signal
from PySide6.QtWidgets import QMainWindow, QMenu, QWidget

ORGANISATION = APPLICATION = "cattool"
RECENT_KEY = "recent/databases"
RECENT_READ_ONLY_KEY = "recent/readOnly"  # the recent entries last opened read-only
RECENT_LIMIT = 8


def app_settings() -> QSettings:
    """cattool's user settings, in the default format (native unless a test changed it)."""
    scope = QSettings.Scope.UserScope
    return QSettings(QSettings.defaultFormat(), scope, ORGANISATION, APPLICATION)


def _as_list(value: object) -> list[str]:
    """QSettings gives back one string, a list, or None depending on the format and count."""
    if value is None or value == "":
        return []
    if isinstance(value, str):
        return [value]
    return [str(item) for item in value]  # type: ignore[union-attr]


def recent_databases() -> list[str]:
    """The last databases opened, most recent first (at most RECENT_LIMIT)."""
    return _as_list(app_settings().value(RECENT_KEY))[:RECENT_LIMIT]


def remember_database(location: str) -> list[str]:
    """Put `location` first in the recent list (once); return the new list."""
    key = _normalise(location)
    recent = [location] + [p for p in recent_databases() if _normalise(p) != key]
    recent = recent[:RECENT_LIMIT]
    app_settings().setValue(RECENT_KEY, recent)
    return recent


def forget_database(location: str) -> list[str]:
    key = _normalise(location)
    recent = [p for p in recent_databases() if _normalise(p) != key]
    app_settings().setValue(RECENT_KEY, recent)
    remember_read_only(location, False)
    return recent


def opened_read_only(location: str) -> bool:
    """Was `location` last opened read-only? (Recent reopens it the same way.)"""
    key = _normalise(location)
    return any(_normalise(p) == key for p in _as_list(app_settings().value(RECENT_READ_ONLY_KEY)))


def remember_read_only(location: str, read_only: bool) -> None:
    """Note how `location` was opened, for Recent; only entries still in the recent list
    are kept, so the note cannot outlive the entry."""
    key = _normalise(location)
    recent = {_normalise(p) for p in recent_databases()}
    kept = [
        p
        for p in _as_list(app_settings().value(RECENT_READ_ONLY_KEY))
        if _normalise(p) != key and _normalise(p) in recent
    ]
    if read_only:
        kept.insert(0, location)
    app_settings().setValue(RECENT_READ_ONLY_KEY, kept)


def _normalise(location: str) -> str:
    if "://" in location:
        return location
    try:
        return str(Path(location).expanduser().resolve())
    except OSError:
        return location


def restore_window(window: QMainWindow, default: tuple[int, int] = (1500, 900)) -> None:
    """Geometry and docks as they were left; the first time, roomy but never larger than
    the screen (a small laptop's included)."""
    stored = app_settings()
    geometry = stored.value("window/geometry")
    if not (geometry and window.restoreGeometry(geometry)):
        width, height = default
        screen = window.screen()
        if screen is not None:
            available = screen.availableGeometry()
            width = min(width, int(available.width() * 0.95))
            height = min(height, int(available.height() * 0.92))
        window.resize(width, height)
    state = stored.value("window/state")
    if state:
        window.restoreState(state)


def save_window(window: QMainWindow) -> None:
    stored = app_settings()
    stored.setValue("window/geometry", window.saveGeometry())
    stored.setValue("window/state", window.saveState())


class RecentMenu(QMenu):
    """File → Open Recent: the last databases, numbered, "(read-only)" after those last
    opened read-only; `chosen` gives the location."""

    chosen = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Open &Recent", parent)
        self.setToolTipsVisible(True)
        self.aboutToShow.connect(self.fill)

    def fill(self) -> None:
        self.clear()
        for number, location in enumerate(recent_databases(), start=1):
            label = location if "://" in location else Path(location).name
            if opened_read_only(location):
                label += " (read-only)"
            action = self.addAction(f"&{number} {label}")
            action.setToolTip(location)
            action.setStatusTip(location)
            action.triggered.connect(lambda _=False, where=location: self.chosen.emit(where))
        if self.isEmpty():
            self.addAction("No recent databases").setEnabled(False)


USER_NAME_KEY = "user/name"


def user_name() -> str:
    """The name the user gave in Edit → Your name… ('' when they have not: the default)."""
    value = app_settings().value(USER_NAME_KEY)
    return str(value).strip() if value else ""


def remember_user_name(name: str) -> None:
    """Keep the name for the next run ('' forgets it: back to the default)."""
    stored = app_settings()
    if name:
        stored.setValue(USER_NAME_KEY, name)
    else:
        stored.remove(USER_NAME_KEY)
