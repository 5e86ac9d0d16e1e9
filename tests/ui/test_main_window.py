"""The first window, driven as a volunteer would: look, click a case, click a deadline, search."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, QPoint, Qt
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import QLabel, QMessageBox, QTableView

from cattool.core import services
from cattool.core.store import Store, open_store
from cattool.ui.app import QUIT_WHEN_SHOWN_ENV, run_gui
from cattool.ui.main_window import MainWindow
from cattool.ui.models import CaseTableModel, DeadlineTableModel, EventTableModel

TODAY = dt.date(2026, 3, 5)  # as in conftest.py: a Thursday


def column_texts(view: QTableView, column: int) -> list[str]:
    model = view.model()
    return [model.index(row, column).data() for row in range(model.rowCount())]


def click_row(qtbot, view: QTableView, row: int) -> None:
    """A real mouse click in the middle of the row's first cell."""
    index = view.model().index(row, 0)
    view.scrollTo(index)
    qtbot.mouseClick(
        view.viewport(), Qt.MouseButton.LeftButton, pos=view.visualRect(index).center()
    )


def bullet_texts(window: MainWindow) -> list[str]:
    """The detail pane's bulleted lines (each warning is one)."""
    block = window.detail.document().begin()
    found = []
    while block.isValid():
        if block.textList() is not None:
            found.append(block.text())
        block = block.next()
    return found


def case_row(window: MainWindow, name: str) -> int:
    return column_texts(window.case_view, CaseTableModel.CASE).index(name)


def deadline_row(window: MainWindow, key: str) -> int:
    row = window.deadline_model.row_for_key(key)
    assert row is not None, f"no deadline {key}"
    return row


def open_case(qtbot, window: MainWindow, name: str) -> None:
    row = case_row(window, name)
    if window.case_view.currentIndex().row() == row:
        return
    with qtbot.waitSignal(window.caseShown, timeout=5000):
        click_row(qtbot, window.case_view, row)


def test_title_names_the_database(ui_store: Store, populated, open_window) -> None:
    window = open_window(ui_store)
    assert window.windowTitle() == "cattool — t.sqlite"


def test_cases_are_listed_with_stage_and_next_deadline(
    ui_store: Store, populated, open_window
) -> None:
    window = open_window(ui_store)

    assert window.cases_loaded() == 3
    assert window.has_shown_cases()
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
    assert view.model().index(red_lion, CaseTableModel.REGIME).data() == "Right to Bid"
    assert view.model().index(red_lion, CaseTableModel.STAGE).data() == "Interim moratorium"
    assert (
        view.model()
        .index(red_lion, CaseTableModel.NEXT)
        .data()
        .startswith("Sun 12 Apr 2026 · Interim moratorium ends")
    )
    days = view.model().index(red_lion, CaseTableModel.DAYS)
    assert days.data() == "38 days"
    assert days.data(Qt.ItemDataRole.DecorationRole) is not None  # the amber light
    assert "Amber" in days.data(Qt.ItemDataRole.ToolTipRole)

    assert window.status_text() == "3 cases · today: Thu 5 Mar 2026"
    assert window.database_label.text() == "Database: t.sqlite"


def test_first_case_is_selected_and_shown_on_start(ui_store: Store, populated, open_window) -> None:
    window = open_window(ui_store)

    assert window.current_case_id() == populated["village-hall"]
    assert window.shown_case_id() == populated["village-hall"]
    assert window.case_title.text() == "Ashby Village Hall"
    assert "Community Right to Bid (England)" in window.case_subtitle.text()
    assert "Nominated" in window.case_subtitle.text()
    assert window.detail_text()  # a deadline is explained straight away


def test_selecting_a_case_shows_its_events_and_deadlines(
    qtbot, ui_store: Store, populated, open_window
) -> None:
    window = open_window(ui_store)
    open_case(qtbot, window, "The Red Lion")

    assert window.case_title.text() == "The Red Lion"
    assert "Interim moratorium" in window.case_subtitle.text()
    assert column_texts(window.event_view, EventTableModel.DATE) == ["2 March 2026"]
    assert column_texts(window.event_view, EventTableModel.EVENT) == [
        "Council received the owner's notice of intended sale"
    ]

    row = deadline_row(window, "interim-moratorium-ends")
    model = window.deadline_view.model()
    date = model.index(row, DeadlineTableModel.DATE)
    assert date.data() == "Sun 12 Apr 2026"
    assert date.data(Qt.ItemDataRole.ToolTipRole) == "Sunday 12 April 2026"
    assert model.index(row, DeadlineTableModel.STATUS).data() == "Upcoming"
    assert model.index(row, DeadlineTableModel.DAYS).data() == "38 days"

    click_row(qtbot, window.deadline_view, row)
    text = window.detail_text()
    assert "Interim moratorium ends" in text
    assert "Sunday 12 April 2026" in text
    assert "The council received the owner" in text  # the explanation
    assert "Localism Act 2011" in text  # the source
    assert "6 weeks beginning with the start day" in text  # the rule
    assert "is a weekend" in text  # the warning, as a bullet
    assert "Friday 10 April 2026" in text  # ...saying when to get things in by
    bullets = bullet_texts(window)
    assert any("is a weekend" in bullet for bullet in bullets)
    assert len(bullets) == len(window.selected_deadline().warnings)


def test_the_next_deadline_is_explained_when_a_case_opens(
    qtbot, ui_store: Store, populated, open_window
) -> None:
    window = open_window(ui_store)
    open_case(qtbot, window, "The Red Lion")

    selected = window.selected_deadline()
    assert selected is not None and selected.key == "interim-moratorium-ends"


def test_deadline_rows_are_coloured_by_status(
    qtbot, ui_store: Store, populated, open_window
) -> None:
    window = open_window(ui_store)
    open_case(qtbot, window, "Ashby Village Hall")
    model = window.deadline_view.model()

    passed = model.index(deadline_row(window, "nomination-decision-due"), 0)
    assert passed.data(Qt.ItemDataRole.DisplayRole) == "Council's decision on the nomination due"
    assert model.index(passed.row(), DeadlineTableModel.STATUS).data() == "Passed"
    foreground = passed.data(Qt.ItemDataRole.ForegroundRole)
    assert isinstance(foreground, QBrush) and foreground.color().red() > 120
    assert model.index(passed.row(), DeadlineTableModel.DAYS).data() == "39 days ago"

    not_triggered = model.index(deadline_row(window, "interim-moratorium-ends"), 0)
    assert not_triggered.data(Qt.ItemDataRole.FontRole).italic()
    assert model.index(not_triggered.row(), DeadlineTableModel.DATE).data() == "—"


def test_search_narrows_the_case_list(qtbot, ui_store: Store, populated, open_window) -> None:
    window = open_window(ui_store)

    qtbot.keyClicks(window.search, "red")
    assert window.visible_case_count() == 1
    assert column_texts(window.case_view, CaseTableModel.CASE) == ["The Red Lion"]
    assert window.current_case_id() == populated["red-lion"]
    assert window.case_title.text() == "The Red Lion"

    window.search.clear()
    assert window.visible_case_count() == 3

    qtbot.keyClicks(window.search, "zzz")
    assert window.visible_case_count() == 0
    placeholder = window.findChild(QLabel, "casePlaceholder")
    assert placeholder.isVisible()
    assert "No case matches" in placeholder.text()

    window.search.clear()
    assert window.visible_case_count() == 3
    assert window.right_pages.currentWidget() is not placeholder


def test_a_2026_case_marks_provisional_deadlines(
    qtbot, ui_store: Store, populated, open_window
) -> None:
    window = open_window(ui_store)
    open_case(qtbot, window, "The Plough")

    labels = column_texts(window.deadline_view, DeadlineTableModel.DEADLINE)
    assert any(label.endswith("(provisional)") for label in labels)
    row = next(i for i, label in enumerate(labels) if label.endswith("(provisional)"))
    click_row(qtbot, window.deadline_view, row)
    assert "(provisional)" in window.detail_text()
    assert "Provisional:" in window.detail_text()  # the engine's warning, read out

    plough = case_row(window, "The Plough")
    assert window.case_view.model().index(plough, CaseTableModel.REGIME).data() == "Right to Buy"


def test_an_empty_database_says_what_to_do(ui_store: Store, open_window, qtbot) -> None:
    window = open_window(ui_store)

    assert window.cases_loaded() == 0
    empty = window.findChild(QLabel, "emptyState")
    assert empty is not None and empty.isVisible()
    assert "No cases yet" in empty.text()
    assert "cattool demo" in empty.text()
    assert "New case" in empty.text()
    assert not window.case_view.isVisible()
    assert window.status_text() == "0 cases · today: Thu 5 Mar 2026"


def test_empty_database_emits_cases_shown_with_zero(ui_store: Store, qtbot) -> None:
    window = MainWindow(ui_store, TODAY)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.casesShown, timeout=30_000) as blocker:
        window.show()
    assert blocker.args == [0]


def test_reload_picks_up_changes_made_elsewhere(
    qtbot, ui_store: Store, populated, open_window, make_case
) -> None:
    window = open_window(ui_store)
    open_case(qtbot, window, "The Red Lion")
    with ui_store.transaction() as session:
        services.add_event(
            session, populated["red-lion"], "bidder-request-received", dt.date(2026, 3, 4),
            today=TODAY,
        )  # fmt: skip
    make_case(ui_store, "The Swan", "england-2011")

    with qtbot.waitSignal(window.caseShown, timeout=5000):
        qtbot.keyClick(window, Qt.Key.Key_F5)

    assert window.cases_loaded() == 4
    assert window.current_case_id() == populated["red-lion"]
    assert len(column_texts(window.event_view, EventTableModel.EVENT)) == 2
    assert window.status_text().startswith("4 cases")


def test_sorting_by_days_left_puts_the_most_urgent_first(
    qtbot, ui_store: Store, populated, open_window
) -> None:
    window = open_window(ui_store)
    window.case_view.sortByColumn(CaseTableModel.DAYS, Qt.SortOrder.AscendingOrder)
    days = column_texts(window.case_view, CaseTableModel.DAYS)
    numbers = [int(text.split()[0]) for text in days if text != "—"]
    assert numbers == sorted(numbers)
    assert days[-1] == "—" or days.count("—") == 0


def test_sorting_keeps_the_selected_case_and_survives_reload(
    qtbot, ui_store: Store, populated, open_window
) -> None:
    window = open_window(ui_store)
    open_case(qtbot, window, "The Red Lion")

    header = window.case_view.horizontalHeader()
    stage_heading = QPoint(header.sectionViewportPosition(CaseTableModel.STAGE) + 10, 5)
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=stage_heading)
    stages = column_texts(window.case_view, CaseTableModel.STAGE)
    assert stages == sorted(stages, key=str.casefold)
    assert window.current_case_id() == populated["red-lion"]
    assert window.case_title.text() == "The Red Lion"

    window.reload()
    assert column_texts(window.case_view, CaseTableModel.STAGE) == stages
    assert window.current_case_id() == populated["red-lion"]


def test_arrow_keys_move_through_the_cases(qtbot, ui_store: Store, populated, open_window) -> None:
    window = open_window(ui_store)
    window.activateWindow()
    window.case_view.setFocus()
    assert window.current_case_id() == populated["village-hall"]
    with qtbot.waitSignal(window.caseShown, timeout=5000) as blocker:
        qtbot.keyClick(window.case_view, Qt.Key.Key_Down)
    assert blocker.args == [populated["plough"]]
    assert window.case_title.text() == "The Plough"


def test_quit_shortcut_closes_the_window(qtbot, ui_store: Store, populated, open_window) -> None:
    window = open_window(ui_store)
    assert window.quit_action.shortcut().toString() == "Ctrl+Q"
    window.quit_action.trigger()
    assert not window.isVisible()


def test_about_shows_the_version(
    qtbot, ui_store: Store, populated, open_window, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "about", lambda _parent, _title, text: shown.append(text))
    window = open_window(ui_store)
    window.about_action.trigger()
    assert shown and "cattool" in shown[0]
    assert "0.1.0" in shown[0] or "dev" in shown[0]


def test_models_reset_and_ignore_child_indexes() -> None:
    model = EventTableModel()
    assert model.rowCount() == 0
    model.set_rows([])
    parent = model.index(0, 0)
    assert model.rowCount(parent) == 0 and model.columnCount(QModelIndex()) == 3


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
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", **{QUIT_WHEN_SHOWN_ENV: "1"})
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


def test_an_owners_closed_window_is_not_shown_as_an_alarm(
    qtbot, ui_store: Store, open_window, make_case
) -> None:
    make_case(ui_store, "The Bell", "england-2011", ("listing-notice-given", dt.date(2025, 6, 2)))
    window = open_window(ui_store)
    open_case(qtbot, window, "The Bell")
    model = window.deadline_view.model()
    row = deadline_row(window, "review-request-deadline")
    assert model.index(row, DeadlineTableModel.STATUS).data() == "Passed"
    assert model.index(row, 0).data(Qt.ItemDataRole.BackgroundRole) is None
