"""History: change an event's date on the Events page and see it in the History page and
in its deadline-control log; the filters by kind and person."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt

from cattool.core import changes, services
from cattool.ui.pages.events import EventsPage
from cattool.ui.pages.history import HistoryPage
from cattool.ui.pages.registry import PAGES

LEFT = Qt.MouseButton.LeftButton
TODAY = dt.date(2026, 3, 5)
NOTICE_TEXT = "Event 'Council received the owner's notice of intended sale'"


@pytest.fixture(autouse=True)
def no_configured_name() -> Iterator[None]:
    changes.set_current_user(None)
    yield
    changes.set_current_user(None)


@pytest.fixture
def case_id(ui_store, make_case) -> int:  # type: ignore[no-untyped-def]
    return make_case(
        ui_store,
        "The Red Lion",
        "england-2011",
        ("owner-notice-received", dt.date(2026, 3, 2)),
        ("committee-resolution", dt.date(2026, 3, 3)),
    )


def test_history_is_the_last_page() -> None:
    assert PAGES[-1] == ("history", "HistoryPage")
    assert [key for key, _ in PAGES].index("documents") == len(PAGES) - 2


def test_an_event_date_changed_on_the_events_page_shows_in_history_and_the_log(
    qtbot, open_page, case_id: int
) -> None:
    events = open_page(EventsPage, case_id, (1100, 800))
    history = open_page(HistoryPage, case_id)
    assert history.rows()[0][1:] == ("tester", "Event 'Committee resolved to nominate or bid "
                                     "(minuted)' added: date 3 March 2026")  # fmt: skip
    assert history.table.isColumnHidden(HistoryPage.MOVES)

    changes.set_current_user("Maureen Doyle")
    events.table.selectRow(0)  # the notice: the events are in date order
    qtbot.mouseClick(events.edit_button, LEFT)
    events.date_field.edit.clear()
    qtbot.keyClicks(events.date_field.edit, "4/3/26")
    qtbot.mouseClick(events.save_button, LEFT)

    # The History page refreshed itself on the context's `changed` signal.
    when, who, what = history.rows()[0]
    assert who == "Maureen Doyle"
    assert what == f"{NOTICE_TEXT}: date received 2 March 2026 → 4 March 2026"
    assert re.fullmatch(r"\d{1,2} [A-Z][a-z]+ \d{4} \d\d:\d\d", when)  # local time, in words
    assert history.person_combo.findText("Maureen Doyle") >= 0

    history.deadline_only.setChecked(True)
    rows = history.rows()
    assert [r[2] for r in rows] == [
        f"{NOTICE_TEXT}: date received 2 March 2026 → 4 March 2026",
        f"{NOTICE_TEXT} added: date received 2 March 2026",
    ]
    assert not history.table.isColumnHidden(HistoryPage.MOVES)
    assert "Full moratorium ends" in history.table.item(0, HistoryPage.MOVES).text()
    assert history.summary.text().startswith("2 changes to the dates and rules")

    history.person_combo.setCurrentIndex(history.person_combo.findText("tester"))
    assert [r[2] for r in history.rows()] == [f"{NOTICE_TEXT} added: date received 2 March 2026"]
    history.deadline_only.setChecked(False)
    history.person_combo.setCurrentIndex(history.person_combo.findText("Everyone"))
    history.kind_combo.setCurrentIndex(history.kind_combo.findData("case"))
    assert [r[2] for r in history.rows()] == ["Case 'The Red Lion' added: regime england-2011"]
    assert history.person_combo.currentText() == "Everyone"


def test_your_name_is_set_in_the_edit_menu_kept_and_recorded(
    qtbot, open_window, ui_store, case_id: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtWidgets import QDialog

    from cattool.ui import settings
    from cattool.ui.user_name import YourNameDialog, apply_saved_user_name

    window = open_window(ui_store)
    assert window.user_name_action in window.edit_menu.actions()
    assert window.user_name_action.text() == "Your &name…"

    dialog = YourNameDialog(window)
    qtbot.addWidget(dialog)
    assert dialog.name_edit.text() == "" and dialog.name_edit.placeholderText() == "tester"
    qtbot.keyClicks(dialog.name_edit, "   ")
    dialog.accept()  # blank: the default (here CATTOOL_USER), nothing saved
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert settings.user_name() == "" and changes.current_user() == "tester"
    dialog.name_edit.setText("  Maureen   Doyle ")
    dialog.accept()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert settings.user_name() == "Maureen Doyle" and changes.current_user() == "Maureen Doyle"

    changes.set_current_user(None)  # the next run: the saved name is applied again
    assert apply_saved_user_name() == "Maureen Doyle"
    window.ctx.run(
        lambda s: services.add_event(s, case_id, "listed", dt.date(2026, 3, 4), today=TODAY)
    )
    history = HistoryPage(window.ctx)
    qtbot.addWidget(history)
    history.show_case(case_id)
    assert history.rows()[0][1] == "Maureen Doyle"

    again = YourNameDialog(window)
    qtbot.addWidget(again)
    assert again.name_edit.text() == "Maureen Doyle"
    qtbot.mouseClick(again.reset_button, LEFT)
    again.accept()
    assert settings.user_name() == "" and changes.current_user() == "tester"
