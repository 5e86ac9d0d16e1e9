"""UI test set-up: headless Qt, a fresh database per test, settings in a temporary folder,
windows that clean up after."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # before anything imports Qt

import datetime as dt
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from cattool.core import services
from cattool.core.store import Store, open_store

TODAY = dt.date(2026, 3, 5)  # a Thursday


@pytest.fixture(autouse=True)
def isolated_settings(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Every QSettings read and write goes to a fresh folder, never the user's settings."""
    from PySide6.QtCore import QSettings

    ini, user = QSettings.Format.IniFormat, QSettings.Scope.UserScope
    folder = tmp_path_factory.mktemp("settings")
    old_path = QSettings(ini, user, "cattool-probe", "probe").fileName()
    old_path = str(Path(old_path).parent.parent)
    old_format = QSettings.defaultFormat()
    native = QSettings.Format.NativeFormat  # on Linux a file too: catch QSettings(org, app)
    old_native = str(
        Path(QSettings(native, user, "cattool-probe", "probe").fileName()).parent.parent
    )
    QSettings.setPath(ini, user, str(folder))
    QSettings.setPath(native, user, str(folder))
    QSettings.setDefaultFormat(ini)
    yield folder
    QSettings.setDefaultFormat(old_format)
    QSettings.setPath(ini, user, old_path)
    QSettings.setPath(native, user, old_native)


@pytest.fixture
def ui_store(tmp_path: Path) -> Iterator[Store]:
    store = open_store(str(tmp_path / "t.sqlite"))
    yield store
    store.close()


def add_case(store: Store, name: str, regime: str, *events: tuple[str, dt.date]) -> int:
    """Create a case and its events through the services, as the CLI would."""
    with store.transaction() as session:
        case_id = services.create_case(session, name, regime).created_id
        assert case_id is not None
        for kind, date in events:
            services.add_event(session, case_id, kind, date, today=TODAY)
    return case_id


@pytest.fixture
def make_case() -> Callable[..., int]:
    """`add_case` for tests: make_case(store, name, regime, (kind, date), ...)."""
    return add_case


@pytest.fixture
def populated(ui_store: Store) -> dict[str, int]:
    """Three cases: one in an interim moratorium, one just nominated, one under 2026 law."""
    return {
        "red-lion": add_case(
            ui_store,
            "The Red Lion",
            "england-2011",
            ("owner-notice-received", dt.date(2026, 3, 2)),
        ),
        "village-hall": add_case(
            ui_store,
            "Ashby Village Hall",
            "england-2011",
            ("nomination-submitted", dt.date(2025, 12, 1)),
        ),
        "plough": add_case(
            ui_store,
            "The Plough",
            "england-2026",
            ("listed", dt.date(2025, 10, 20)),
            ("owner-notice-received", dt.date(2026, 1, 19)),
        ),
    }


@pytest.fixture
def open_window(qtbot) -> Callable:
    """Build a MainWindow, show it and wait until the cases are on screen."""
    from cattool.ui.main_window import MainWindow

    def opener(store: Store, today: dt.date = TODAY, **kwargs) -> MainWindow:
        window = MainWindow(store, today, **kwargs)
        qtbot.addWidget(window)
        with qtbot.waitSignal(window.casesShown, timeout=30_000):
            window.show()
        qtbot.waitUntil(window.dashboard.is_loaded, timeout=30_000)  # the agenda too
        return window

    return opener
