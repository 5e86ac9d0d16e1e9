"""The main window, driven as a volunteer would: the dashboard, opening a case, the menus,
undo and redo, other databases, the calendar, and what is remembered between runs."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import QModelIndex, QPoint, Qt, QTimer
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox, QTableView
from tests.ui.conftest import TODAY
from tests.ui.test_workspace import FAKES

from cattool.core import services
from cattool.core.store import Store, open_store
from cattool.ui import settings
from cattool.ui.app import QUIT_WHEN_SHOWN_ENV, run_gui
from cattool.ui.case_list_model import CaseTableModel
from cattool.ui.main_window import MainWindow
from cattool.ui.new_case_dialog import NewCaseDialog
from cattool.ui.record_models import EventTableModel


def column_texts(view: QTableView, column: int) -> list[str]:
    model = view.model()
    return [model.index(row, column).data() for row in range(model.rowCount())]


def case_row(window: MainWindow, name: str) -> int:
    return column_texts(window.case_view, CaseTableModel.CASE).index(name)


@pytest.fixture
def fake_window(open_window):
    """A window whose workspace has three small fake pages (quick, and independent of
    the real pages' details)."""

    def opener(store: Store, today: dt.date = TODAY) -> MainWindow:
        return open_window(store, today, page_classes=FAKES)

    return opener


@pytest.fixture
def warnings(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    shown: list[str] = []

    def warning(_parent, _title, text, *_args, **_kwargs):
        shown.append(text)
        return QMessageBox.StandardButton.Ok

    monkeypatch.setattr(QMessageBox, "warning", warning)
    return shown


def open_by_enter(qtbot, window: MainWindow, name: str) -> None:
    window.select_case(window.case_model.summary_at(0).id)  # anything, then the one wanted
    view = window.case_view
    view.setFocus()
    view.setCurrentIndex(view.model().index(case_row(window, name), 0))
    with qtbot.waitSignal(window.caseShown, timeout=10_000):
        qtbot.keyClick(view, Qt.Key.Key_Return)


# --------------------------------------------------------------------- the dashboard


@pytest.mark.sqlite_only
def test_title_and_status_bar_name_the_database(ui_store: Store, populated, fake_window) -> None:
    window = fake_window(ui_store)
    assert window.windowTitle() == "cattool — t.sqlite"
    assert window.status_text() == "3 cases · today: Thu 5 Mar 2026"
    assert window.database_label.text() == "Database: t.sqlite"
    assert window.database_label.toolTip().endswith("t.sqlite")


def test_cases_are_listed_with_stage_and_next_deadline(
    ui_store: Store, populated, fake_window
) -> None:
    window = fake_window(ui_store)
    assert window.cases_loaded() == 3 and window.has_shown_cases()
    view = window.case_view
    assert column_texts(view, CaseTableModel.CASE) == [
        "Ashby Village Hall",
        "The Plough",
        "The Red Lion",
    ]
    assert [view.model().headerData(c, Qt.Orientation.Horizontal) for c in range(5)] == [
        "Case",
        "Regime",
        "Stage",
        "Next deadline",
        "Days left",
    ]
    red_lion = case_row(window, "The Red Lion")
    model = view.model()
    assert model.index(red_lion, CaseTableModel.REGIME).data() == "Right to Bid"
    assert model.index(red_lion, CaseTableModel.STAGE).data() == "Interim moratorium"
    assert (
        model.index(red_lion, CaseTableModel.NEXT)
        .data()
        .startswith("Sun 12 Apr 2026 · Interim moratorium ends")
    )
    days = model.index(red_lion, CaseTableModel.DAYS)
    assert days.data() == "38 days"
    assert days.data(Qt.ItemDataRole.DecorationRole) is not None  # the amber light
    assert "Amber" in days.data(Qt.ItemDataRole.ToolTipRole)
    plough = case_row(window, "The Plough")
    assert model.index(plough, CaseTableModel.REGIME).data() == "Right to Buy"
    assert window.current_case_id() == populated["village-hall"]  # selected, not opened
    assert window.shown_case_id() is None


def test_search_narrows_the_case_list(qtbot, ui_store: Store, populated, fake_window) -> None:
    window = fake_window(ui_store)
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.search.hasFocus()
    qtbot.keyClicks(window.search, "red")
    assert window.visible_case_count() == 1
    assert window.current_case_id() == populated["red-lion"]
    window.search.clear()
    assert window.visible_case_count() == 3


def test_sorting_keeps_the_selected_case_and_survives_reload(
    qtbot, ui_store: Store, populated, fake_window
) -> None:
    window = fake_window(ui_store)
    window.select_case(populated["red-lion"])
    header = window.case_view.horizontalHeader()
    stage_heading = QPoint(header.sectionViewportPosition(CaseTableModel.STAGE) + 10, 5)
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=stage_heading)
    stages = column_texts(window.case_view, CaseTableModel.STAGE)
    assert stages == sorted(stages, key=str.casefold)
    assert window.current_case_id() == populated["red-lion"]
    window.reload()
    qtbot.waitUntil(window.dashboard.is_loaded)
    assert column_texts(window.case_view, CaseTableModel.STAGE) == stages
    assert window.current_case_id() == populated["red-lion"]


def test_reload_picks_up_changes_made_elsewhere(
    qtbot, ui_store: Store, populated, fake_window, make_case
) -> None:
    window = fake_window(ui_store)
    make_case(ui_store, "The Swan", "england-2011")
    qtbot.keyClick(window, Qt.Key.Key_F5)
    qtbot.waitUntil(window.dashboard.is_loaded)
    assert window.cases_loaded() == 4
    assert window.status_text().startswith("4 cases")


# --------------------------------------------------------------------- first run


def test_an_empty_database_welcomes_and_emits_cases_shown(ui_store: Store, qtbot) -> None:
    window = MainWindow(ui_store, TODAY, page_classes=FAKES)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.casesShown, timeout=30_000) as blocker:
        window.show()
    assert blocker.args == [0]
    empty = window.dashboard.empty_state
    assert empty.isVisible()
    assert "Welcome to cattool" in empty.text()
    assert empty.new_button.isVisible() and empty.demo_button.isVisible()
    assert window.status_text() == "0 cases · today: Thu 5 Mar 2026"


def test_open_demo_cases_fills_the_dashboard(qtbot, ui_store: Store, fake_window) -> None:
    window = fake_window(ui_store)
    qtbot.mouseClick(window.dashboard.empty_state.demo_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.cases_loaded() == 4 and window.dashboard.is_loaded())
    assert window.cases_loaded() == 4
    assert window.demo_added and len(window.demo_added) == 4
    assert window.statusBar().currentMessage() == "Added 4 demo cases."
    assert window.dashboard.content.isVisible()
    assert window.status_text().startswith("4 cases")


def accept_with(monkeypatch: pytest.MonkeyPatch, name: str, reference: str = "") -> None:
    """NewCaseDialog.exec fills the form and presses OK, as a person would."""

    def exec_(dialog: NewCaseDialog) -> int:
        dialog.name_edit.setText(name)
        dialog.reference_edit.setText(reference)
        dialog.accept()
        return dialog.result()

    monkeypatch.setattr(NewCaseDialog, "exec", exec_)


def test_new_case_creates_and_opens_it(
    qtbot, ui_store: Store, fake_window, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = fake_window(ui_store)
    accept_with(monkeypatch, "The Swan, Upton", "ACV/9")
    with qtbot.waitSignal(window.caseShown, timeout=10_000) as blocker:
        qtbot.mouseClick(window.dashboard.empty_state.new_button, Qt.MouseButton.LeftButton)
    case_id = blocker.args[0]
    assert window.shown_case_id() == case_id
    assert window.workspace.title.text() == "The Swan, Upton"
    assert "ref. ACV/9" in window.workspace.subtitle.text()
    assert window.cases_loaded() == 1
    assert window.status_text().startswith("1 case ·")


def test_new_case_shortcut_and_cancel(
    qtbot, ui_store: Store, populated, fake_window, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = fake_window(ui_store)
    assert window.new_case_action.shortcut().toString() == "Ctrl+N"
    monkeypatch.setattr(NewCaseDialog, "exec", lambda _self: QDialog.DialogCode.Rejected)
    assert window.new_case() is None
    assert window.cases_loaded() == 3


# --------------------------------------------------------------------- the workspace


def test_enter_opens_the_case_and_escape_goes_back(
    qtbot, ui_store: Store, populated, fake_window
) -> None:
    window = fake_window(ui_store)
    open_by_enter(qtbot, window, "The Red Lion")
    assert window.shown_case_id() == populated["red-lion"]
    assert window.stack.currentWidget() is window.workspace
    assert window.workspace.title.text() == "The Red Lion"
    assert window.export_action.isEnabled()
    qtbot.keyClick(window.workspace.nav, Qt.Key.Key_Escape)
    assert window.stack.currentWidget() is window.dashboard
    assert window.shown_case_id() is None
    assert window.current_case_id() == populated["red-lion"]


def test_the_agenda_opens_the_case_at_its_deadlines(
    qtbot, ui_store: Store, populated, fake_window
) -> None:
    window = fake_window(ui_store)
    window.dashboard.agenda_days.setValue(60)
    assert window.dashboard.agenda_model.rowCount() == 1
    with qtbot.waitSignal(window.caseShown, timeout=10_000):
        window.dashboard.open_agenda_row(0)
    assert window.shown_case_id() == populated["red-lion"]
    assert window.workspace.current_page().title == "Deadlines"


def test_undo_and_redo_follow_the_stack(qtbot, ui_store: Store, populated, fake_window) -> None:
    window = fake_window(ui_store)
    assert not window.undo_action.isEnabled() and not window.redo_action.isEnabled()
    window.open_case(populated["plough"])
    assert window.workspace.rename("The Plough Inn")
    assert window.undo_action.isEnabled() and not window.redo_action.isEnabled()
    assert window.undo_action.shortcut().matches(Qt.Key.Key_Z | Qt.KeyboardModifier.ControlModifier)
    names = column_texts(window.case_view, CaseTableModel.CASE)
    assert "The Plough Inn" in names  # the dashboard follows the change

    window.undo_action.trigger()
    assert window.workspace.title.text() == "The Plough"
    assert not window.undo_action.isEnabled() and window.redo_action.isEnabled()
    assert "The Plough" in column_texts(window.case_view, CaseTableModel.CASE)

    window.redo_action.trigger()
    assert window.workspace.title.text() == "The Plough Inn"
    assert window.undo_action.isEnabled() and not window.redo_action.isEnabled()


def test_a_failed_undo_is_explained(
    qtbot, ui_store: Store, populated, fake_window, warnings: list[str]
) -> None:
    window = fake_window(ui_store)
    window.ctx.failed.emit("Rename case: the case has gone")
    assert warnings == ["Rename case: the case has gone"]


def test_every_real_page_opens_from_the_window(
    qtbot, ui_store: Store, open_window, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = open_window(ui_store)  # the registry's pages
    task = window.open_demo_cases()
    qtbot.waitUntil(task.is_done, timeout=10_000)
    assert task.succeeded()
    qtbot.waitUntil(window.dashboard.is_loaded)
    case_id = window.case_model.summary_at(0).id
    window.open_case(case_id)
    workspace = window.workspace
    window.activateWindow()  # shortcuts reach an active window only (run alone, it is not)
    qtbot.waitUntil(window.isActiveWindow)
    for number in range(1, min(len(workspace.pages), 9) + 1):  # Ctrl+1 … Ctrl+9
        qtbot.keyClick(
            workspace.nav, Qt.Key(Qt.Key.Key_0 + number), Qt.KeyboardModifier.ControlModifier
        )
        assert workspace.current_index() == number - 1
        assert workspace.current_page().case_id == case_id
    for index in range(9, len(workspace.pages)):  # past Ctrl+9: chosen in the list
        workspace.nav.setCurrentRow(index)
        assert workspace.current_index() == index
        assert workspace.current_page().case_id == case_id


# --------------------------------------------------------------------- the file menu


def test_open_database_switches_and_is_remembered(
    qtbot, ui_store: Store, populated, fake_window, tmp_path: Path, make_case,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    other_path = tmp_path / "other.sqlite"
    other = open_store(str(other_path))
    make_case(other, "The Crown", "england-2011")
    other.close()
    window = fake_window(ui_store)
    window.open_case(populated["red-lion"])
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *_a, **_k: (str(other_path), ""))
    with qtbot.waitSignal(window.databaseOpened, timeout=10_000):
        window.open_action.trigger()
    qtbot.waitUntil(window.dashboard.is_loaded)
    assert window.windowTitle() == "cattool — other.sqlite"
    assert window.database_label.text() == "Database: other.sqlite"
    assert column_texts(window.case_view, CaseTableModel.CASE) == ["The Crown"]
    assert window.stack.currentWidget() is window.dashboard
    assert window.workspace is None  # the old database's workspace is gone
    assert not window.undo_action.isEnabled()
    assert settings.recent_databases()[0] == str(other_path)

    window.recent_menu.aboutToShow.emit()
    labels = [action.text() for action in window.recent_menu.actions()]
    assert labels == ["&1 other.sqlite"]


def test_the_old_workspace_is_taken_down_a_page_per_turn(
    qtbot, ui_store: Store, populated, fake_window, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    other_path = tmp_path / "other.sqlite"
    open_store(str(other_path)).close()
    window = fake_window(ui_store)
    window.open_case(populated["red-lion"])
    workspace = window.workspace
    for index in range(3):
        workspace.go_to_page(index)
    built = [page for page in workspace.pages if page is not None]
    assert len(built) >= 3
    alive = [shiboken6.isValid(w) for w in (*built, workspace)]
    assert all(alive)
    turns = [0]  # turns of the event loop, counted by a timer that fires in each
    counter = QTimer()
    counter.timeout.connect(lambda: turns.__setitem__(0, turns[0] + 1))
    counter.start(0)
    gone_at: list[int] = []  # the turn each one went in
    for widget in (*built, workspace):
        widget.destroyed.connect(lambda *_: gone_at.append(turns[0]))
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *_a, **_k: (str(other_path), ""))
    with qtbot.waitSignal(window.databaseOpened, timeout=10_000):
        window.open_action.trigger()
    qtbot.waitUntil(lambda: not shiboken6.isValid(workspace), timeout=5_000)
    counter.stop()
    # One per turn (at once took 60-70 ms of one turn with every page built), all in the end.
    assert not any(shiboken6.isValid(page) for page in built)
    assert len(gone_at) == len(built) + 1
    assert len(set(gone_at)) == len(gone_at), gone_at


@pytest.mark.sqlite_only
def test_a_bad_database_keeps_the_current_one(
    qtbot, ui_store: Store, populated, fake_window, tmp_path: Path, warnings: list[str]
) -> None:
    junk = tmp_path / "notes.sqlite"
    junk.write_text("shopping list\n" * 100)
    window = fake_window(ui_store)
    task = window.open_database(str(junk))
    qtbot.waitUntil(task.is_done, timeout=10_000)
    assert not task.succeeded()
    assert warnings and "notes.sqlite" in warnings[0]
    assert window.open_action.isEnabled()
    assert window.windowTitle() == "cattool — t.sqlite"
    assert window.cases_loaded() == 3


def test_export_calendar_writes_an_ics_file(
    qtbot, ui_store: Store, populated, fake_window, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = fake_window(ui_store)
    window.open_case(populated["red-lion"])
    target = tmp_path / "red lion"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_a, **_k: (str(target), ""))
    assert window.export_action.shortcut().toString() == "Ctrl+E"
    window.export_action.trigger()
    qtbot.waitUntil(lambda: window.statusBar().currentMessage().startswith("Saved"))
    written = tmp_path / "red lion.ics"
    text = written.read_text(encoding="utf-8")
    assert "BEGIN:VCALENDAR" in text and "Interim moratorium ends" in text
    assert "red lion.ics" in window.statusBar().currentMessage()


# --------------------------------------------------------------------- remembered


def test_window_state_and_choices_are_remembered(
    qtbot, ui_store: Store, populated, fake_window, isolated_settings: Path
) -> None:
    window = fake_window(ui_store)
    window.resize(901, 602)
    window.dashboard.agenda_days.setValue(45)
    window.case_view.sortByColumn(CaseTableModel.DAYS, Qt.SortOrder.AscendingOrder)
    window.open_case(populated["red-lion"])
    window.workspace.open_page("Deadlines")
    window.close()
    stored = settings.app_settings()
    assert stored.fileName().startswith(str(isolated_settings))
    assert stored.value("window/geometry") is not None
    assert stored.value("workspace/page") == "Deadlines"

    again = fake_window(ui_store)
    assert again.height() == 602  # (the offscreen screen is too narrow to keep the width)
    assert again.dashboard.agenda_days.value() == 45
    assert again.dashboard.sort_state() == (CaseTableModel.DAYS, Qt.SortOrder.AscendingOrder)
    again.open_case(populated["plough"])
    assert again.workspace.current_page().title == "Deadlines"


# --------------------------------------------------------------------- view and help


def test_reminders_dock_toggles_and_opens_a_case(
    qtbot, ui_store: Store, populated, fake_window
) -> None:
    window = fake_window(ui_store)
    qtbot.waitUntil(lambda: window.reminders.panel is not None)
    panel = window.reminders.panel
    assert window.reminders_action.isEnabled() and not window.reminders_action.isChecked()
    window.reminders_action.trigger()
    assert panel.isVisible() and window.reminders_action.isChecked()
    panel.set_horizon_days(60)
    assert [item.case_id for item in panel.items()] == [populated["red-lion"]]
    with qtbot.waitSignal(window.caseShown):
        panel.openCase.emit(populated["red-lion"])
    assert window.workspace.current_page().title == "Deadlines"
    window.reminders_action.trigger()
    assert not panel.isVisible()


def test_guide_opens_with_f1(qtbot, ui_store: Store, populated, fake_window) -> None:
    window = fake_window(ui_store)
    assert window.guide_action.shortcut().matches(Qt.Key.Key_F1)
    window.guide_action.trigger()
    from cattool.ui.guide import GuideDialog

    dialog = window.findChild(GuideDialog)
    assert dialog is not None and dialog.isVisible()
    dialog.close()


def test_quit_shortcut_closes_the_window(ui_store: Store, populated, fake_window) -> None:
    window = fake_window(ui_store)
    assert window.quit_action.shortcut().toString() == "Ctrl+Q"
    window.quit_action.trigger()
    assert not window.isVisible()


def test_about_shows_the_version(
    ui_store: Store, populated, fake_window, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "about", lambda _parent, _title, text: shown.append(text))
    window = fake_window(ui_store)
    window.about_action.trigger()
    assert shown and "cattool" in shown[0]
    assert "0.1.0" in shown[0] or "dev" in shown[0]


def test_models_reset_and_ignore_child_indexes() -> None:
    model = EventTableModel()
    assert model.rowCount() == 0
    model.set_rows([])
    parent = model.index(0, 0)
    assert model.rowCount(parent) == 0 and model.columnCount(QModelIndex()) == 3


def test_changes_elsewhere_in_the_app_refresh_the_dashboard(
    qtbot, ui_store: Store, populated, fake_window
) -> None:
    window = fake_window(ui_store)
    window.ctx.run(
        lambda s: services.add_event(
            s, populated["village-hall"], "listed", dt.date(2026, 2, 2), today=TODAY
        )
    )
    row = case_row(window, "Ashby Village Hall")
    assert window.case_view.model().index(row, CaseTableModel.STAGE).data() == "Listed"


# --------------------------------------------------------------------- run_gui


@pytest.fixture
def critical_calls(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    calls: list[str] = []

    def fake_critical(_parent, _title, text, *_args, **_kwargs):
        calls.append(text)
        return QMessageBox.StandardButton.Ok

    monkeypatch.setattr(QMessageBox, "critical", fake_critical)
    return calls


def test_run_gui_with_a_folder_reports_and_returns_2(
    qapp, tmp_path: Path, critical_calls: list[str]
) -> None:
    assert run_gui(str(tmp_path), TODAY) == 2
    assert critical_calls and "is a folder" in critical_calls[0]


def test_run_gui_with_a_file_that_is_not_a_database_returns_2(
    qapp, tmp_path: Path, critical_calls: list[str]
) -> None:
    junk = tmp_path / "notes.sqlite"
    junk.write_text("shopping list: milk, eggs, a community pub\n" * 50)
    assert run_gui(str(junk), TODAY) == 2
    assert critical_calls and "notes.sqlite" in critical_calls[0]


def test_run_gui_shows_the_cases_then_quits_on_request(tmp_path: Path, make_case) -> None:
    # In a fresh process: app.exec() and quit() in this one would leave the shared test
    # QApplication unable to paint later windows.
    path = tmp_path / "t.sqlite"
    store = open_store(str(path))
    make_case(store, "The Red Lion", "england-2011", ("owner-notice-received", dt.date(2026, 3, 2)))
    store.close()
    code = (
        "import sys, datetime; from cattool.ui.app import run_gui;"
        "from PySide6.QtWidgets import QApplication;"
        "code = run_gui(sys.argv[1], datetime.date(2026, 3, 5)); app = QApplication.instance();"
        "print('names', app.applicationName(), app.organizationName()); sys.exit(code)"
    )
    env = dict(
        os.environ,
        QT_QPA_PLATFORM="offscreen",
        XDG_CONFIG_HOME=str(tmp_path / "config"),  # the child's settings stay here
        **{QUIT_WHEN_SHOWN_ENV: "1"},
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(path)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "cattool-cases-shown" in done.stdout
    assert "names cattool cattool" in done.stdout


@pytest.mark.sqlite_only
def test_the_store_is_opened_once_however_many_threads_ask(
    ui_store: Store, populated, monkeypatch: pytest.MonkeyPatch
) -> None:
    import threading
    import time

    from cattool.core import store as store_module
    from cattool.ui.case_source import CaseSource

    source = CaseSource.open(str(ui_store.sqlite_path))
    assert not source.store_is_open  # the fast path: not opened for the dashboard
    opened: list[Store] = []
    real = store_module.open_store

    def slow_open(url):  # type: ignore[no-untyped-def]
        time.sleep(0.05)  # both threads are inside before the first one is done
        opened.append(real(url))
        return opened[-1]

    monkeypatch.setattr(store_module, "open_store", slow_open)
    seen: list[Store] = []
    threads = [threading.Thread(target=lambda: seen.append(source.store)) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(opened) == 1 and seen == [opened[0], opened[0]]
    source.close()


def test_the_warm_up_opens_the_store_off_the_ui_thread(
    qtbot, ui_store: Store, populated, fake_window
) -> None:
    from cattool.ui.case_source import CaseSource

    where = str(ui_store.sqlite_path or ui_store.url.render_as_string(hide_password=False))
    window = MainWindow(CaseSource.open(where), TODAY, page_classes=FAKES)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(window.dashboard.is_loaded, timeout=10_000)
    qtbot.waitUntil(
        lambda: window._warming is not None and window._warming.is_done(), timeout=30_000
    )
    assert window.source.store_is_open
    window.source.close()
