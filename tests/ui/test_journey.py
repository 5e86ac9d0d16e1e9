"""A committee's evening, end to end through the real window and pages: create a case,
record the owner's notice by typing a date, watch the deadlines, the timeline and the
dashboard follow, undo it, redo it, and check the group's eligibility."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QMessageBox

from cattool.core import queries
from cattool.ui.new_case_dialog import NewCaseDialog

LEFT = Qt.MouseButton.LeftButton
TODAY = dt.date(2026, 3, 5)


@pytest.fixture
def quiet_messages(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    seen: list[str] = []
    for name in ("warning", "information", "critical"):
        monkeypatch.setattr(QMessageBox, name, lambda *args, **_: seen.append(str(args[2])) or 0)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    return seen


def test_new_case_to_deadlines_timeline_and_dashboard(
    qtbot, ui_store, open_window, monkeypatch: pytest.MonkeyPatch, quiet_messages
) -> None:
    window = open_window(ui_store)  # the real pages from the registry

    def exec_(dialog: NewCaseDialog) -> int:
        dialog.name_edit.setText("The Red Lion")
        dialog.accept()
        return dialog.result()

    monkeypatch.setattr(NewCaseDialog, "exec", exec_)
    with qtbot.waitSignal(window.caseShown, timeout=20_000) as opened:
        window.new_case()
    case_id = opened.args[0]

    # Events: type the owner's notice date as people write it.
    window.workspace.open_page("Events and correspondence")
    events = window.workspace.current_page()
    qtbot.mouseClick(events.add_button, LEFT)
    events.kind_combo.setCurrentIndex(events.kind_combo.findData("owner-notice-received"))
    events.date_field.edit.clear()
    qtbot.keyClicks(events.date_field.edit, "31/2/2026")
    assert not events.save_button.isEnabled()  # impossible date: cannot be saved
    assert "February" in events.date_field.reading.text()
    events.date_field.edit.clear()
    qtbot.keyClicks(events.date_field.edit, "2/3/26")
    assert events.date_field.reading.text() == "Monday 2 March 2026"
    qtbot.mouseClick(events.save_button, LEFT)
    assert quiet_messages == []

    # Deadlines follow at once.
    window.workspace.open_page("Deadlines")
    deadlines = window.workspace.current_page()
    assert deadlines.select_deadline("interim-moratorium-ends")
    interim = deadlines.current_deadline()
    assert interim.date == dt.date(2026, 4, 12)
    assert any("weekend" in w for w in interim.warnings)

    # The timeline draws the interim moratorium band.
    window.workspace.open_page("Overview")
    bands = {
        label: (start, end)
        for label, start, end, _ in window.workspace.current_page().timeline.bands()
    }
    assert any(
        start == dt.date(2026, 3, 2) and end == dt.date(2026, 4, 12)
        for start, end in bands.values()
    )

    # The dashboard shows the new stage once back on it.
    window.show_dashboard()
    qtbot.waitUntil(lambda: window.case_model.summary_at(0).stage == "interim-moratorium")

    # Undo removes the event everywhere; redo puts it back.
    window.ctx.undo_stack.undo()
    assert window.ctx.read(lambda s: queries.case_detail(s, case_id, TODAY).events) == []
    qtbot.waitUntil(lambda: window.case_model.summary_at(0).stage == "identified")
    window.ctx.undo_stack.redo()
    detail = window.ctx.read(lambda s: queries.case_detail(s, case_id, TODAY))
    assert [e.kind for e in detail.events] == ["owner-notice-received"]
    qtbot.waitUntil(lambda: window.case_model.summary_at(0).stage == "interim-moratorium")


def test_eligibility_tells_a_group_what_is_missing(qtbot, ui_store, open_window) -> None:
    from cattool.core import services

    with ui_store.transaction() as session:
        case_id = services.create_case(session, "The Bell", "england-2011").created_id
        services.set_group(
            session,
            case_id,
            name="Friends of the Bell",
            legal_form="unincorporated-association",
            local_connection="Upton",
        )
        for number in range(20):
            services.add_member(session, case_id, f"Member {number}", on_electoral_roll=True)
    window = open_window(ui_store)
    window.open_case(case_id)
    window.workspace.open_page("Group and members")
    group = window.workspace.current_page()
    labels = group.findChildren(QLabel)
    assert any("1 more needed" in label.text() for label in labels)
