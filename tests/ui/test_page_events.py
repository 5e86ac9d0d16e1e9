"""Events and correspondence: add, edit and delete events as a user would, with undo."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QMessageBox

from cattool.core.model import Event
from cattool.ui.context import WorkspaceContext
from cattool.ui.pages.events import EventsModel, EventsPage

LEFT = Qt.MouseButton.LeftButton


@pytest.fixture
def page(open_page, ui_store, make_case) -> EventsPage:
    case_id = make_case(ui_store, "The Red Lion", "england-2011")
    return open_page(EventsPage, case_id, (1100, 800))


def events(ctx: WorkspaceContext) -> list[Event]:
    return ctx.read(lambda s: s.query(Event).order_by(Event.date, Event.id).all())


def cell(page: EventsPage, row: int, column: int) -> str:
    return page.model.index(row, column).data()


def choose_kind(page: EventsPage, kind: str) -> None:
    page.kind_combo.setCurrentIndex(page.kind_combo.findData(kind))


def type_date(qtbot, field, text: str) -> None:
    field.edit.clear()
    qtbot.keyClicks(field.edit, text)


def test_add_an_event_with_letter_dates_note_and_file(qtbot, page, ctx, tmp_path, monkeypatch):
    letter = tmp_path / "owner-letter.pdf"
    letter.write_text("letter")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(letter), ""))
    assert not page.form.isEnabled()
    qtbot.mouseClick(page.add_button, LEFT)
    assert page.form.isEnabled() and page.form.title() == "New event"
    choose_kind(page, "owner-notice-received")
    assert "the day the council received it" in page.basis.text()
    type_date(qtbot, page.date_field, "2/3/26")
    assert page.date_field.reading.text() == "Monday 2 March 2026"
    type_date(qtbot, page.sent_field, "last Friday")
    type_date(qtbot, page.received_field, "3rd March")
    qtbot.keyClicks(page.note_edit, "Hand-delivered")
    qtbot.mouseClick(page.link_button, LEFT)
    assert page.file_label.text() == "owner-letter.pdf"
    qtbot.mouseClick(page.save_button, LEFT)

    (event,) = events(ctx)
    assert (event.kind, event.date) == ("owner-notice-received", dt.date(2026, 3, 2))
    assert (event.sent_on, event.received_on) == (dt.date(2026, 2, 27), dt.date(2026, 3, 3))
    assert event.note == "Hand-delivered" and event.document_path == str(letter)
    assert page.model.rowCount() == 1 and not page.form.isEnabled()
    assert cell(page, 0, EventsModel.DATE) == "2 March 2026"
    assert cell(page, 0, EventsModel.EVENT).startswith("Council received the owner")
    assert cell(page, 0, EventsModel.SENT) == "27 February 2026"
    assert cell(page, 0, EventsModel.FILE) == "owner-letter.pdf"
    assert page.selected().id == event.id

    opened = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url) or True)
    qtbot.mouseClick(page.open_button, LEFT)
    assert Path(opened[0].toLocalFile()) == letter

    ctx.undo_stack.undo()
    assert events(ctx) == [] and page.model.rowCount() == 0
    ctx.undo_stack.redo()
    (again,) = events(ctx)
    assert again.id == event.id and again.document_path == str(letter)
    assert page.model.rowCount() == 1


def test_edit_and_delete_with_undo(qtbot, page, ctx, monkeypatch) -> None:
    qtbot.mouseClick(page.add_button, LEFT)
    choose_kind(page, "listing-notice-given")
    assert "the day it was sent" in page.basis.text()
    type_date(qtbot, page.date_field, "2/3/26")
    qtbot.mouseClick(page.save_button, LEFT)
    (event,) = events(ctx)

    page.table.selectRow(0)
    qtbot.mouseClick(page.edit_button, LEFT)
    assert page.form.title().startswith("Edit:")
    assert page.date_field.value() == dt.date(2026, 3, 2)
    type_date(qtbot, page.date_field, "3rd March")
    qtbot.keyClicks(page.note_edit, "Emailed")
    qtbot.mouseClick(page.save_button, LEFT)
    (edited,) = events(ctx)
    assert (edited.date, edited.note) == (dt.date(2026, 3, 3), "Emailed")
    assert cell(page, 0, EventsModel.DATE) == "3 March 2026"
    ctx.undo_stack.undo()
    assert events(ctx)[0].date == dt.date(2026, 3, 2)
    assert cell(page, 0, EventsModel.DATE) == "2 March 2026"
    ctx.undo_stack.redo()

    answers = [QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes]
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: answers.pop(0))
    page.table.selectRow(0)
    qtbot.mouseClick(page.delete_button, LEFT)
    assert len(events(ctx)) == 1  # "No" keeps it
    qtbot.mouseClick(page.delete_button, LEFT)
    assert events(ctx) == [] and page.model.rowCount() == 0
    ctx.undo_stack.undo()
    (back,) = events(ctx)
    assert back.id == event.id and back.note == "Emailed"
    assert page.model.rowCount() == 1


def test_bad_dates_keep_save_disabled_with_the_reason_in_red(qtbot, page, ctx) -> None:
    qtbot.mouseClick(page.add_button, LEFT)
    assert not page.save_button.isEnabled()  # no date yet
    type_date(qtbot, page.date_field, "31/2/2026")
    assert not page.save_button.isEnabled()
    assert "February" in page.date_field.reading.text()
    assert "b00020" in page.date_field.reading.styleSheet()
    type_date(qtbot, page.date_field, "tomorrow")
    assert not page.save_button.isEnabled()
    assert "future" in page.save_button.toolTip()
    type_date(qtbot, page.date_field, "2/3/26")
    assert page.save_button.isEnabled()
    type_date(qtbot, page.sent_field, "not a date")
    assert not page.save_button.isEnabled()
    qtbot.mouseClick(page.save_button, LEFT)
    assert events(ctx) == []
    page.sent_field.edit.clear()
    assert page.save_button.isEnabled()


def test_received_before_sent_is_refused_with_a_message(qtbot, page, ctx, monkeypatch) -> None:
    warnings = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: warnings.append(a[2]))
    qtbot.mouseClick(page.add_button, LEFT)
    choose_kind(page, "owner-notice-received")
    type_date(qtbot, page.date_field, "2/3/26")
    type_date(qtbot, page.sent_field, "3/3/26")
    type_date(qtbot, page.received_field, "2/3/26")
    qtbot.mouseClick(page.save_button, LEFT)
    assert warnings and "received before it was sent" in warnings[0]
    assert events(ctx) == [] and ctx.undo_stack.count() == 0
    assert page.form.isEnabled()  # what was typed is still there to correct


def test_a_missing_linked_file_is_explained(qtbot, page, ctx, tmp_path, monkeypatch) -> None:
    gone = tmp_path / "moved.pdf"
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(gone), ""))
    warnings = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: warnings.append(a[1]))
    qtbot.mouseClick(page.add_button, LEFT)
    type_date(qtbot, page.date_field, "1/3/26")
    qtbot.mouseClick(page.link_button, LEFT)
    qtbot.mouseClick(page.save_button, LEFT)
    page.table.selectRow(0)
    assert page.open_button.isEnabled()
    qtbot.mouseClick(page.open_button, LEFT)
    assert warnings == ["File not found"]
