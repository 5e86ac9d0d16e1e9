"""Team mode in the window: opening a database read-only (the command line's --read-only,
File → Open database read-only…, Recent reopening it the same way) and File → Move or
copy case to another database… on SQLite files, the work on a worker thread."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QDialog, QFileDialog, QLineEdit, QMessageBox, QPushButton
from sqlalchemy import select
from tests.conftest import server_dump
from tests.ui.conftest import TODAY, add_case

from cattool.core.case_move import move_to_location
from cattool.core.model import AuditEntry, Case
from cattool.core.store import open_store
from cattool.ui import settings
from cattool.ui.app import QUIT_WHEN_SHOWN_ENV
from cattool.ui.case_move_dialog import CaseMoveDialog
from cattool.ui.case_source import CaseSource
from cattool.ui.main_window import MainWindow

pytestmark = pytest.mark.sqlite_only  # about SQLite files opened from the window


@pytest.fixture
def files(tmp_path: Path) -> tuple[Path, Path]:
    """Two database files: the office's (two cases) and a laptop's (one)."""
    office, laptop = tmp_path / "office.sqlite", tmp_path / "laptop.sqlite"
    for path, names in ((office, ("The Red Lion", "The Plough")), (laptop, ("The Crown",))):
        store = open_store(str(path))
        for name in names:
            add_case(store, name, "england-2011", ("owner-notice-received", dt.date(2026, 3, 2)))
        store.close()
    return office, laptop


@pytest.fixture
def window(qtbot, files: tuple[Path, Path]) -> MainWindow:
    win = MainWindow(CaseSource.open(str(files[0])), TODAY)
    qtbot.addWidget(win)
    with qtbot.waitSignal(win.casesShown, timeout=30_000):
        win.show()
    qtbot.waitUntil(win.dashboard.is_loaded, timeout=30_000)
    return win


def _names(path: Path) -> set[str]:
    store = open_store(str(path))
    try:
        with store.session() as session:
            return set(session.scalars(select(Case.name)))
    finally:
        store.close()


def test_cattool_read_only_opens_the_window_read_only(
    files: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from cattool import cli
    from cattool.ui import app

    office, _ = files
    calls: list[tuple[Any, ...]] = []
    monkeypatch.setattr(app, "run_gui", lambda db, today, **kw: calls.append((db, kw)) or 0)
    assert cli.main(["--db", str(office), "--read-only"]) == 0
    assert calls == [(str(office), {"read_only": True})]
    monkeypatch.undo()

    before = _dump(office)  # the real thing, in its own process, until the cases show
    env = dict(
        os.environ,
        QT_QPA_PLATFORM="offscreen",
        XDG_CONFIG_HOME=str(tmp_path / "config"),
        **{QUIT_WHEN_SHOWN_ENV: "1"},
    )
    done = subprocess.run(
        [sys.executable, "-m", "cattool", "--db", str(office), "--read-only"],
        env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "cattool-cases-shown" in done.stdout
    assert _dump(office) == before


def test_a_read_only_window_says_so_and_refuses_changes(
    qtbot, files: tuple[Path, Path], messages: list[str]
) -> None:
    office, _ = files
    win = MainWindow(CaseSource.open(str(office), read_only=True), TODAY)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitUntil(win.dashboard.is_loaded, timeout=30_000)
    assert win.windowTitle() == "cattool — office.sqlite (read-only)"
    assert win.database_label.text() == "Database: office.sqlite (read-only)"
    # nothing that would add to the database is offered
    assert not win.new_case_action.isEnabled()
    assert not win.import_casefile_action.isEnabled()
    assert not win.dashboard.empty_state.demo_button.isEnabled()
    assert win.open_action.isEnabled() and win.export_casefile_action.isEnabled()
    before = office.read_bytes()
    from cattool.core import services
    from cattool.core.store import ReadOnlyError

    with pytest.raises(ReadOnlyError), win.source.store.transaction() as session:
        services.create_case(session, "The Bell", "england-2011")
    assert office.read_bytes() == before
    # the workspace invites no change: its edit controls are read-only or disabled
    assert win.open_case(win.source.cases()[0][0].id, page=0)
    page = win.workspace.open_page("asset")
    edits = page.findChildren(QLineEdit)
    assert edits and all(edit.isReadOnly() for edit in edits)
    page.save_button.setEnabled(True)  # as a page does when something is typed
    assert not page.save_button.isEnabled()
    assert not win.workspace.rename_button.isEnabled()
    assert win.workspace.findChild(QPushButton, "backButton").isEnabled()


def test_open_read_only_and_recent_reopens_it_the_same_way(
    qtbot, window: MainWindow, files: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    office, laptop = files
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *_a, **_k: (str(laptop), ""))
    with qtbot.waitSignal(window.databaseOpened, timeout=10_000):
        window.open_read_only_action.trigger()
    qtbot.waitUntil(window.dashboard.is_loaded)
    assert window.source.read_only
    assert window.windowTitle() == "cattool — laptop.sqlite (read-only)"
    assert settings.opened_read_only(str(laptop))
    window.recent_menu.aboutToShow.emit()
    assert [a.text() for a in window.recent_menu.actions()] == ["&1 laptop.sqlite (read-only)"]

    with qtbot.waitSignal(window.databaseOpened, timeout=10_000):  # the office, normally
        window.open_database(str(office))
    qtbot.waitUntil(window.dashboard.is_loaded)
    assert not window.source.read_only
    window.recent_menu.aboutToShow.emit()
    labels = [a.text() for a in window.recent_menu.actions()]
    assert labels == ["&1 office.sqlite", "&2 laptop.sqlite (read-only)"]

    with qtbot.waitSignal(window.databaseOpened, timeout=10_000):  # Recent → laptop
        window.recent_menu.actions()[1].trigger()
    qtbot.waitUntil(window.dashboard.is_loaded)
    assert window.source.read_only and window.windowTitle().endswith("(read-only)")

    with qtbot.waitSignal(window.databaseOpened, timeout=10_000):  # opened to write: noted
        window.open_database(str(laptop))
    assert not settings.opened_read_only(str(laptop))


def _answer_move_dialog(
    monkeypatch: pytest.MonkeyPatch, set_up: Any, seen: list[CaseMoveDialog]
) -> None:
    def exec_(dialog: CaseMoveDialog) -> int:
        seen.append(dialog)
        set_up(dialog)
        dialog.accept()
        return dialog.result()

    monkeypatch.setattr(CaseMoveDialog, "exec", exec_)


def test_move_case_to_another_file_from_the_menu(
    qtbot, window: MainWindow, files: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    office, laptop = files
    red_lion = next(
        i for i, n in ((r.id, r.name) for r in window.source.cases()[0]) if n == "The Red Lion"
    )
    window.open_case(red_lion)
    seen: list[CaseMoveDialog] = []

    def choose_laptop(dialog: CaseMoveDialog) -> None:
        assert dialog.buttons.button(dialog.buttons.StandardButton.Ok).text() == "&Move"
        dialog.path.setText(str(laptop))
        dialog.to_file.setChecked(True)

    _answer_move_dialog(monkeypatch, choose_laptop, seen)
    task = window.move_case_to_database()
    assert task is not None
    qtbot.waitUntil(task.is_done, timeout=30_000)
    assert task.succeeded(), task.error
    assert _names(laptop) == {"The Crown", "The Red Lion"}
    assert _names(office) == {"The Plough"}
    assert window.statusBar().currentMessage().startswith("Moved The Red Lion")
    qtbot.waitUntil(window.dashboard.is_loaded)
    assert window.stack.currentWidget() is window.dashboard and window.workspace is None
    assert window.cases_loaded() == 1
    store = open_store(str(office))
    try:
        with store.session() as session:
            last = session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
            assert last.action == "moved to laptop.sqlite"
    finally:
        store.close()


def test_the_dialog_checks_its_target_and_copies_from_a_read_only_database(
    qtbot, files: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    office, laptop = files
    settings.remember_database(str(laptop))
    settings.remember_database(str(office))
    dialog = CaseMoveDialog(None, "The Red Lion", "office.sqlite", str(office))
    qtbot.addWidget(dialog)
    assert [dialog.recent.itemText(i) for i in range(dialog.recent.count())] == ["laptop.sqlite"]
    assert dialog.to_recent.isChecked() and dialog.target() == str(laptop)
    dialog.to_file.setChecked(True)
    for text, problem in (("", "Choose"), (str(tmp_path), "folder"), (str(office), "already")):
        dialog.path.setText(text)
        dialog.accept()
        assert problem in dialog.problem.text()
        assert dialog.result() != QDialog.DialogCode.Accepted

    win = MainWindow(CaseSource.open(str(office), read_only=True), TODAY)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitUntil(win.dashboard.is_loaded, timeout=30_000)
    win.dashboard.select_case(win.source.cases()[0][0].id)
    seen: list[CaseMoveDialog] = []

    def to_new_file(dialog: CaseMoveDialog) -> None:
        assert dialog.keep() and not dialog.keep_box.isEnabled()  # read-only: copy only
        dialog.path.setText(str(tmp_path / "copy.sqlite"))
        dialog.to_file.setChecked(True)

    _answer_move_dialog(monkeypatch, to_new_file, seen)
    before = office.read_bytes()
    task = win.move_case_to_database()
    assert task is not None
    qtbot.waitUntil(task.is_done, timeout=30_000)
    assert task.succeeded(), task.error
    assert len(_names(tmp_path / "copy.sqlite")) == 1
    assert office.read_bytes() == before
    assert win.statusBar().currentMessage().startswith("Copied")


def test_a_refused_move_says_why_and_changes_nothing(
    qtbot, files: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    office, laptop = files
    laptop_store = open_store(str(laptop))
    try:  # The Crown is in both already (copied to the office before)
        move_to_location(laptop_store, str(office), ["The Crown"], keep=True)
    finally:
        laptop_store.close()
    win = MainWindow(CaseSource.open(str(office)), TODAY)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitUntil(win.dashboard.is_loaded, timeout=30_000)
    shown: list[str] = []
    monkeypatch.setattr(
        QMessageBox, "warning", lambda _p, _t, text, *_a: shown.append(text) or QMessageBox.Ok
    )
    assert win.dashboard.select_case(
        next(r.id for r in win.source.cases()[0] if r.name == "The Crown")
    )

    def choose(dialog: CaseMoveDialog) -> None:
        dialog.path.setText(str(laptop))
        dialog.to_file.setChecked(True)

    _answer_move_dialog(monkeypatch, choose, [])
    before = (_dump(office), _dump(laptop))
    task = win.move_case_to_database()
    assert task is not None
    qtbot.waitUntil(task.is_done, timeout=30_000)
    assert not task.succeeded()
    assert shown and "already has The Crown" in shown[-1]
    assert (_dump(office), _dump(laptop)) == before
    assert win.cases_loaded() == 3


def _dump(path: Path) -> list[str]:
    return server_dump(f"sqlite:///{path}")


def test_read_only_window_over_a_missing_file_says_so_and_creates_nothing(
    qapp, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from cattool import cli

    shown: list[str] = []
    monkeypatch.setattr(
        QMessageBox, "critical", lambda _p, _t, text, *_a: shown.append(text) or QMessageBox.Ok
    )
    missing = tmp_path / "nowhere.sqlite"
    assert cli.main(["--db", str(missing), "--read-only"]) == 2
    assert shown and "no database" in shown[0] and "read-only" in shown[0]
    assert not missing.exists()
