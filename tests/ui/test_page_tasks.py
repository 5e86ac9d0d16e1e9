"""The tasks page: the stage checklist as one undoable step, own tasks, ticking done."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from tests.ui.conftest import TODAY

from cattool.core.model import Task
from cattool.core.tasks import task_templates
from cattool.ui.context import WorkspaceContext
from cattool.ui.pages.tasks import TasksPage, TaskTableModel

LEFT = Qt.MouseButton.LeftButton
NOTICE = dt.date(2026, 3, 2)
SEND_REQUEST = task_templates()["interim-moratorium"][0].title


@pytest.fixture
def page(open_page, ui_store, make_case) -> TasksPage:
    case_id = make_case(ui_store, "The Red Lion", "england-2011", ("owner-notice-received", NOTICE))
    return open_page(TasksPage, case_id, (1100, 800))


def tasks(ctx: WorkspaceContext) -> list[Task]:
    return ctx.read(lambda s: s.query(Task).order_by(Task.id).all())


def cell(page: TasksPage, row: int, column: int) -> str:
    return page.model.index(row, column).data()


def test_stage_checklist_is_one_undoable_step(qtbot, page, ctx) -> None:
    templates = task_templates()["interim-moratorium"]
    assert "Interim moratorium" in page.stage_note.text()
    assert page.prefill_button.isEnabled()
    qtbot.mouseClick(page.prefill_button, LEFT)
    assert [t.title for t in tasks(ctx)] == [t.title for t in templates]
    assert page.model.rowCount() == len(templates)
    assert not page.prefill_button.isEnabled()  # nothing more to add for this stage
    # The linked deadline gives the task its due date.
    assert cell(page, 0, TaskTableModel.TITLE) == SEND_REQUEST
    assert cell(page, 0, TaskTableModel.DUE) == "Sun 12 Apr 2026"
    assert cell(page, 0, TaskTableModel.DEADLINE).startswith("Interim moratorium ends")
    assert cell(page, 0, TaskTableModel.STAGE) == "Interim moratorium"

    assert ctx.undo_stack.count() == 1
    ctx.undo_stack.undo()
    assert tasks(ctx) == [] and page.model.rowCount() == 0
    assert page.prefill_button.isEnabled()
    ctx.undo_stack.redo()
    assert len(tasks(ctx)) == len(templates) and page.model.rowCount() == len(templates)


def test_checklist_skips_titles_already_there(qtbot, page, ctx) -> None:
    qtbot.mouseClick(page.add_button, LEFT)
    qtbot.keyClicks(page.title_edit, SEND_REQUEST)
    qtbot.mouseClick(page.save_button, LEFT)
    qtbot.mouseClick(page.prefill_button, LEFT)
    titles = [t.title for t in tasks(ctx)]
    assert titles.count(SEND_REQUEST) == 1
    assert len(titles) == len(task_templates()["interim-moratorium"])


def test_add_edit_tick_and_delete_a_task(qtbot, page, ctx, monkeypatch) -> None:
    qtbot.mouseClick(page.add_button, LEFT)
    assert page.form.isEnabled() and not page.save_button.isEnabled()  # no title yet
    qtbot.keyClicks(page.title_edit, "Book the hall for the public meeting")
    qtbot.keyClicks(page.due_field.edit, "2/4/26")
    assert page.due_field.reading.text() == "Thursday 2 April 2026"
    qtbot.keyClicks(page.note_edit, "Ask for the big room")
    qtbot.mouseClick(page.save_button, LEFT)
    (task,) = tasks(ctx)
    assert task.title == "Book the hall for the public meeting"
    assert task.due_date == dt.date(2026, 4, 2) and task.stage == "interim-moratorium"
    assert cell(page, 0, TaskTableModel.DUE) == "Thu 2 Apr 2026"
    assert not page.form.isEnabled()

    # Edit: drop the own date and link the task to a deadline instead.
    page.table.selectRow(0)
    qtbot.mouseClick(page.edit_button, LEFT)
    assert page.title_edit.text() == task.title
    page.due_field.edit.clear()
    page.deadline_combo.setCurrentIndex(page.deadline_combo.findData("interim-moratorium-ends"))
    qtbot.mouseClick(page.save_button, LEFT)
    (edited,) = tasks(ctx)
    assert edited.due_date is None and edited.deadline_key == "interim-moratorium-ends"
    assert cell(page, 0, TaskTableModel.DUE) == "Sun 12 Apr 2026"
    ctx.undo_stack.undo()
    assert tasks(ctx)[0].due_date == dt.date(2026, 4, 2)
    ctx.undo_stack.redo()

    # Tick done with the button, untick with the check box (what a click on it does).
    page.table.selectRow(0)
    qtbot.mouseClick(page.done_button, LEFT)
    assert tasks(ctx)[0].done_on == TODAY
    done = page.model.index(0, TaskTableModel.DONE)
    assert done.data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked
    page.model.setData(done, Qt.CheckState.Unchecked.value, Qt.ItemDataRole.CheckStateRole)
    assert tasks(ctx)[0].done_on is None
    ctx.undo_stack.undo()
    assert tasks(ctx)[0].done_on == TODAY
    assert "1 of 1 tasks done" in page.stage_note.text()

    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    page.table.selectRow(0)
    qtbot.mouseClick(page.delete_button, LEFT)
    assert tasks(ctx) == [] and page.model.rowCount() == 0
    ctx.undo_stack.undo()
    assert [t.id for t in tasks(ctx)] == [task.id]


def test_a_bad_due_date_keeps_save_disabled(qtbot, page, ctx) -> None:
    qtbot.mouseClick(page.add_button, LEFT)
    qtbot.keyClicks(page.title_edit, "Write to the owner")
    assert page.save_button.isEnabled()  # the own due date is optional
    qtbot.keyClicks(page.due_field.edit, "31/2/2026")
    assert not page.save_button.isEnabled()
    assert "February" in page.due_field.reading.text()
    assert "b00020" in page.due_field.reading.styleSheet()
    qtbot.mouseClick(page.save_button, LEFT)
    assert tasks(ctx) == []
    page.due_field.edit.clear()
    qtbot.keyClicks(page.due_field.edit, "last Friday")
    assert page.save_button.isEnabled()
    qtbot.mouseClick(page.save_button, LEFT)
    assert tasks(ctx)[0].due_date == dt.date(2026, 2, 27)
    assert (
        page.model.data(page.model.index(0, TaskTableModel.DUE), Qt.ItemDataRole.ForegroundRole)
        is not None
    )  # overdue: shown in red
