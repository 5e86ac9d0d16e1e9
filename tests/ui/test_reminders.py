"""Reminders: the pure due-items rule, the panel a committee reads, and the daily nudge."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.ui.conftest import TODAY

from cattool.core.portfolio import CaseRow, Snapshot, agenda_items
from cattool.core.rules.engine import EventFact
from cattool.ui.reminder_rules import (
    DEFAULT_HORIZON_DAYS,
    days_left_phrase,
    due_items,
    nothing_due_text,
)
from cattool.ui.reminder_settings import CASE_HORIZON_KEY, HORIZON_KEY

DAY = dt.timedelta(days=1)


def _snapshot() -> Snapshot:
    """Two 2011 cases: one whose interim moratorium ends tomorrow, one awaiting a decision
    in 25 days (the nomination was received 30 days ago: 8 weeks end on day 56)."""
    return Snapshot(
        cases=[
            CaseRow(1, "The Red Lion", None, "england-2011"),
            CaseRow(2, "Ashby Village Hall", None, "england-2011"),
        ],
        events={
            # 6 weeks beginning with TODAY - 40 days end on TODAY + 1.
            1: [EventFact("owner-notice-received", TODAY - 40 * DAY, 11)],
            2: [EventFact("nomination-submitted", TODAY - 30 * DAY, 12)],
        },
    )


# --- the pure rule (no Qt objects) ---------------------------------------------------


def test_due_items_uses_the_global_horizon() -> None:
    items = due_items(_snapshot(), TODAY, 14, {})
    assert [(i.case_id, i.deadline.key) for i in items] == [(1, "interim-moratorium-ends")]
    assert items[0].deadline.date == TODAY + DAY


def test_due_items_with_one_horizon_matches_the_agenda() -> None:
    snapshot = _snapshot()
    got = due_items(snapshot, TODAY, 30, {})
    want = agenda_items(snapshot, TODAY, 30)
    assert [(i.case_id, i.deadline.key, i.deadline.date) for i in got] == [
        (i.case_id, i.deadline.key, i.deadline.date) for i in want
    ]


def test_a_cases_own_horizon_overrides_the_global_one() -> None:
    longer = due_items(_snapshot(), TODAY, 14, {2: 30})
    assert [(i.case_id, i.deadline.key) for i in longer] == [
        (1, "interim-moratorium-ends"),
        (2, "nomination-decision-due"),
    ]
    assert longer[0].deadline.date < longer[1].deadline.date  # soonest first
    # a shorter own horizon hides what the global one would show
    assert due_items(_snapshot(), TODAY, 14, {1: 0}) == []
    # and an own horizon for one case does not widen the others
    assert [i.case_id for i in due_items(_snapshot(), TODAY, 1, {1: 60})] == [1]


def test_due_items_lists_only_open_deadlines() -> None:
    snapshot = _snapshot()
    snapshot.events[1].append(EventFact("bidder-request-received", TODAY - DAY, 13))
    keys = {i.deadline.key for i in due_items(snapshot, TODAY, 14, {})}
    assert "interim-moratorium-ends" not in keys  # met by the request


def test_days_left_in_words() -> None:
    assert days_left_phrase(0) == "today"
    assert days_left_phrase(1) == "tomorrow"
    assert days_left_phrase(5) == "in 5 days"
    assert days_left_phrase(-1) == "1 day overdue"
    assert days_left_phrase(-3) == "3 days overdue"
    assert nothing_due_text(14) == "Nothing due in the next 14 days."


# --- settings isolated from the real user's ------------------------------------------


@pytest.fixture
def temp_settings(tmp_path: Path, qapp) -> Iterator[Path]:
    """Point QSettings (INI, user scope) at tmp_path; put everything back afterwards."""
    from PySide6.QtCore import QSettings

    ini = QSettings.Format.IniFormat
    user = QSettings.Scope.UserScope
    probe = QSettings(ini, user, "cattool-probe", "probe").fileName()
    old_path = str(Path(probe).parent.parent)
    old_format = QSettings.defaultFormat()
    QSettings.setPath(ini, user, str(tmp_path))
    QSettings.setDefaultFormat(ini)
    yield tmp_path
    QSettings.setDefaultFormat(old_format)
    QSettings.setPath(ini, user, old_path)


def _settings():
    from PySide6.QtCore import QSettings

    return QSettings(QSettings.defaultFormat(), QSettings.Scope.UserScope, "cattool", "cattool")


def test_settings_fixture_writes_under_tmp(temp_settings: Path) -> None:
    from cattool.ui.reminder_settings import set_case_horizon

    set_case_horizon(7, 21)
    _settings().sync()
    assert str(temp_settings) in _settings().fileName()
    assert Path(_settings().fileName()).is_file()


def test_case_horizons_are_stored_and_cleared(temp_settings: Path) -> None:
    from cattool.ui.reminder_settings import case_horizon, case_horizons, set_case_horizon

    assert case_horizon(5) is None
    set_case_horizon(5, 30)
    set_case_horizon(9, 500)  # clamped to the spin box's range
    assert case_horizon(5) == 30
    assert _settings().value(CASE_HORIZON_KEY.format(case=5), type=int) == 30
    assert case_horizons() == {5: 30, 9: 120}
    set_case_horizon(5, None)
    assert case_horizon(5) is None
    assert case_horizons() == {9: 120}


# --- the panel -----------------------------------------------------------------------


@pytest.fixture
def panel(qtbot, temp_settings):
    from cattool.ui.reminder_panel import RemindersPanel

    widget = RemindersPanel(TODAY)
    qtbot.addWidget(widget)
    widget.resize(360, 700)
    widget.show()
    return widget


def _items(ui_store, make_case, horizon: int = 30):
    from cattool.ui.case_source import CaseSource

    make_case(
        ui_store, "Ashby Village Hall", "england-2011", ("nomination-submitted", TODAY - 30 * DAY)
    )
    make_case(ui_store, "The Red Lion", "england-2011", ("owner-notice-received", TODAY - 40 * DAY))
    make_case(
        ui_store,
        "The Plough",
        "england-2026",
        ("owner-notice-received", TODAY - 35 * DAY),  # the 2026 window: 6 weeks, provisional
    )
    snapshot = CaseSource.from_store(ui_store).snapshot()
    return due_items(snapshot, TODAY, horizon, {})


def test_panel_names_and_defaults(panel) -> None:
    assert panel.objectName() == "remindersPanel"
    assert panel.windowTitle() == "Reminders"
    assert panel.horizon_days() == DEFAULT_HORIZON_DAYS == 14
    assert panel.is_empty_state_shown()
    assert panel.empty_text().startswith("Nothing due in the next 14 days.")


def test_panel_shows_items_soonest_first_with_colours(panel, ui_store, make_case) -> None:
    items = _items(ui_store, make_case)
    panel.refresh(list(reversed(items)))  # given in any order
    assert not panel.is_empty_state_shown()
    shown = panel.items()
    dates = [i.deadline.date for i in shown]
    assert dates == sorted(dates)
    assert [i.case_name for i in shown][:2] == ["The Red Lion", "The Plough"]
    # red for three days or less, amber otherwise
    assert panel.row_states() == ["red", "amber", "amber"]
    view = panel.list_view()
    from PySide6.QtCore import Qt

    texts = [view.model().index(r, 0).data(Qt.ItemDataRole.AccessibleTextRole) for r in range(3)]
    assert "The Red Lion" in texts[0] and "tomorrow" in texts[0]
    assert "The community group must act" in texts[0]
    assert "Provisional" in texts[1] and "Provisional" not in texts[0]
    assert "in 25 days" in texts[2] and "The council must act" in texts[2]
    assert "overdue" not in " ".join(texts)


def test_panel_empty_state_after_items_go(panel, ui_store, make_case) -> None:
    panel.refresh(_items(ui_store, make_case))
    panel.refresh([])
    assert panel.is_empty_state_shown()
    assert "Nothing due in the next 14 days." in panel.empty_text()


def test_double_click_and_enter_open_the_case(panel, qtbot, ui_store, make_case) -> None:
    from PySide6.QtCore import Qt

    items = _items(ui_store, make_case)
    panel.refresh(items)
    view = panel.list_view()
    index = view.model().index(1, 0)
    view.setCurrentIndex(index)
    rect = view.visualRect(index)
    assert view.viewport().rect().contains(rect.center())
    with qtbot.waitSignal(panel.openCase, timeout=2000) as blocker:
        # a press first, as a real double-click has (the view checks what was pressed)
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert blocker.args == [panel.items()[1].case_id]

    view.setFocus()
    view.setCurrentIndex(view.model().index(0, 0))
    with qtbot.waitSignal(panel.openCase, timeout=2000) as blocker:
        qtbot.keyClick(view, Qt.Key.Key_Return)
    assert blocker.args == [panel.items()[0].case_id]


def test_horizon_is_saved_and_announced(panel, qtbot) -> None:
    from PySide6.QtCore import Qt

    from cattool.ui.reminder_panel import RemindersPanel
    from cattool.ui.reminder_settings import global_horizon

    spin = panel.findChild(type(panel._spin), "reminderHorizon")
    assert spin.accessibleName()
    with qtbot.waitSignal(panel.horizonChanged, timeout=2000) as blocker:
        spin.setFocus()
        spin.selectAll()
        qtbot.keyClicks(spin, "30")
        qtbot.keyClick(spin, Qt.Key.Key_Return)
    assert blocker.args == [30]
    assert panel.horizon_days() == 30
    assert _settings().value(HORIZON_KEY, type=int) == 30
    assert global_horizon() == 30
    again = RemindersPanel(TODAY)
    qtbot.addWidget(again)
    assert again.horizon_days() == 30


def test_case_horizon_from_the_panel_reloads(panel, qtbot) -> None:
    from cattool.ui.reminder_settings import case_horizon

    with qtbot.waitSignal(panel.caseHorizonChanged, timeout=2000) as blocker:
        panel.set_case_horizon_for(3, 45)
    assert blocker.args == [3, 45]
    assert case_horizon(3) == 45
    panel.set_case_horizon_for(3, None)
    assert case_horizon(3) is None


# --- the scheduler -------------------------------------------------------------------


def test_scheduler_notifies_once_a_day(panel, qtbot, ui_store, make_case) -> None:
    from cattool.ui.case_source import CaseSource
    from cattool.ui.reminder_scheduler import ReminderScheduler
    from cattool.ui.reminder_settings import case_horizons

    make_case(ui_store, "The Red Lion", "england-2011", ("owner-notice-received", TODAY - 40 * DAY))
    source = CaseSource.from_store(ui_store)
    now = [TODAY]
    loads: list[int] = []

    def load(horizon: int):
        loads.append(horizon)
        return due_items(source.snapshot(), now[0], horizon, case_horizons())

    scheduler = ReminderScheduler(panel, load, clock=lambda: now[0])
    messages: list[str] = []
    scheduler.notified.connect(messages.append)

    scheduler.start()
    assert scheduler.is_running()
    assert loads == [14]
    assert len(panel.items()) == 1
    assert len(messages) == 1
    assert "The Red Lion" in messages[0] and "tomorrow" in messages[0]

    scheduler.refresh()  # same day, same items: no second notification
    scheduler.check_date()  # the date has not changed: nothing reloaded
    assert len(messages) == 1
    assert loads == [14, 14]

    now[0] = TODAY + DAY  # midnight passes
    scheduler.check_date()
    assert loads == [14, 14, 14]
    assert panel.today() == TODAY + DAY
    assert len(messages) == 2 and "today" in messages[1]

    panel.set_horizon_days(20)  # a new horizon reloads at once
    assert loads[-1] == 20
    assert len(messages) == 2
    scheduler.stop()
    assert not scheduler.is_running()


def test_scheduler_is_quiet_when_nothing_is_urgent(panel, ui_store, make_case) -> None:
    from cattool.ui.case_source import CaseSource
    from cattool.ui.reminder_scheduler import ReminderScheduler

    make_case(ui_store, "Hall", "england-2011", ("nomination-submitted", TODAY - 50 * DAY))
    source = CaseSource.from_store(ui_store)
    scheduler = ReminderScheduler(
        panel, lambda h: due_items(source.snapshot(), TODAY, h, {}), clock=lambda: TODAY
    )
    messages: list[str] = []
    scheduler.notified.connect(messages.append)
    scheduler.start()
    assert len(panel.items()) == 1  # due in 5 days: shown, amber, but not notified
    assert panel.row_states() == ["amber"]
    assert messages == []
    scheduler.stop()
