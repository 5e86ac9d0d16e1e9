"""Tasks: the group's checklist, pre-filled per stage and editable, with due dates that
follow the deadlines they are linked to."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import select

from cattool.core import queries
from cattool.core import tasks as core_tasks
from cattool.core.dates import format_date_short, format_date_weekday_long
from cattool.core.model import Task
from cattool.core.rules.engine import Deadline
from cattool.core.rules.stage import STAGES, stage_label
from cattool.ui.commands import AddRecordCommand
from cattool.ui.context import WorkspaceContext
from cattool.ui.date_field import DateField
from cattool.ui.models import AnyIndex, RowsModel, days_text, deadline_label
from cattool.ui.pages.base import CasePage
from cattool.ui.pages.common import RecordPageMixin, button, edit_command, named

_OVERDUE = QColor("#9b1c1c")
_GREY = QColor("#767676")


@dataclass(frozen=True, slots=True)
class TaskItem:
    """A plain copy of a task with its effective due date (own, or its deadline's)."""

    id: int
    title: str
    stage: str
    due_date: dt.date | None  # the task's own date, if set
    deadline_key: str
    done_on: dt.date | None
    note: str
    due: dt.date | None  # what the checklist shows: own date, else the linked deadline's
    deadline_text: str


def read_tasks(session: Any, case_id: int, deadlines: Sequence[Deadline]) -> list[TaskItem]:
    """The case's tasks in the order they were added, as plain copies."""
    by_key = {d.key: d for d in deadlines}
    query = select(Task).where(Task.case_id == case_id).order_by(Task.id)
    return [
        TaskItem(
            *(t.id, t.title, t.stage or "", t.due_date, t.deadline_key or "", t.done_on),
            t.note or "",
            core_tasks.due_date(t, list(deadlines)),
            deadline_label(by_key[t.deadline_key]) if t.deadline_key in by_key else "",
        )
        for t in session.scalars(query)
    ]


class TaskTableModel(RowsModel):
    """The checklist. Ticking the box emits `doneToggled`; the page makes the change."""

    DONE, TITLE, STAGE, DUE, DEADLINE, NOTE = range(6)
    HEADERS = ("Done", "Task", "Stage", "Due", "Linked deadline", "Note")
    doneToggled = Signal(int, bool)  # task id, done

    _rows: list[TaskItem]

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.today = dt.date.today()

    def set_rows(self, rows: Sequence[TaskItem], today: dt.date) -> None:
        self.beginResetModel()
        self._rows, self.today = list(rows), today
        self.endResetModel()

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        return flags | Qt.ItemFlag.ItemIsUserCheckable if index.column() == self.DONE else flags

    def _text(self, task: TaskItem, column: int) -> str:
        return (
            "",
            task.title,
            stage_label(task.stage) if task.stage else "",
            format_date_short(task.due) if task.due else "",
            task.deadline_text,
            " ".join(task.note.split()),
        )[column]

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        task, column = self._rows[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(task, column)
        if role == Qt.ItemDataRole.CheckStateRole and column == self.DONE:
            return Qt.CheckState.Checked if task.done_on else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.ForegroundRole:
            if task.done_on:
                return QBrush(_GREY)
            if column == self.DUE and task.due and task.due < self.today:
                return QBrush(_OVERDUE)  # overdue
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            if column == self.DONE:
                if task.done_on:
                    return f"Done on {format_date_weekday_long(task.done_on)}"
                return "Not done yet: tick when it is done (Space)"
            if column == self.DUE and task.due:
                origin = "its own date" if task.due_date else "the linked deadline's date"
                left = days_text((task.due - self.today).days)
                return f"{format_date_weekday_long(task.due)} ({left}; {origin})"
            return self._text(task, column) or None
        return None

    def setData(self, index: AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role == Qt.ItemDataRole.CheckStateRole and index.column() == self.DONE:
            checked = Qt.CheckState(value) == Qt.CheckState.Checked
            self.doneToggled.emit(self._rows[index.row()].id, checked)
        return False  # the reload after the change shows the new state


class TasksPage(RecordPageMixin, CasePage):
    title = "Tasks"
    shows = frozenset({"task", "event", "regime_setting"})
    kind = "task"

    def __init__(self, ctx: WorkspaceContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self._stage = ""
        self._editing: int | None = None  # task id; None while adding
        self.model = TaskTableModel(self)
        self.model.doneToggled.connect(self.set_done)
        self.stage_note = named(QLabel(), "Stage and progress")
        self.stage_note.setWordWrap(True)
        self.prefill_button = button("Add the checklist for this stage", "", self.add_checklist)
        self.add_button = button("&Add task", "Add a task of your own", self.start_add)
        self.edit_button = button("Edit…", "Change the selected task (Enter)", self.start_edit)
        tip = "Tick or untick the selected task (Space)"
        self.done_button = button("Mark &done", tip, self._toggle_selected, "Done or not done")
        tip = "Delete the selected task (Delete); Undo brings it back"
        self.delete_button = button("De&lete", tip, self.delete_selected, "Delete task")

        self.table = self._record_table("Tasks")
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(TaskTableModel.DONE, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(TaskTableModel.TITLE, QHeaderView.ResizeMode.Stretch)
        for column, width in ((2, 150), (3, 120), (4, 200), (5, 160)):
            header.resizeSection(column, width)
        space = QShortcut(QKeySequence(Qt.Key.Key_Space), self.table, self._toggle_selected)
        space.setContext(Qt.ShortcutContext.WidgetShortcut)

        buttons = QHBoxLayout()
        buttons.addWidget(self.prefill_button)
        buttons.addStretch(1)
        for widget in (self.add_button, self.edit_button, self.done_button, self.delete_button):
            buttons.addWidget(widget)
        layout = QVBoxLayout(self)
        layout.addWidget(self.stage_note)
        layout.addLayout(buttons)
        self._add_table_and_form(layout, self._build_form())

    def _build_form(self) -> QGroupBox:
        self.form = QGroupBox()
        self.title_edit = named(QLineEdit(), "Task", "What needs doing")
        self.title_edit.setPlaceholderText("e.g. Book the hall for the public meeting")
        self.title_edit.textChanged.connect(self._update_save)
        self.title_edit.returnPressed.connect(self.save)
        self.stage_combo = named(QComboBox(), "Stage", "The stage this task belongs to")
        self.stage_combo.addItem("(any stage)", "")
        for key, label in STAGES.items():
            self.stage_combo.addItem(label, key)
        self.due_field = DateField(self.ctx.today, optional=True, what="A due date")
        named(self.due_field.edit, "Own due date", "Leave empty to use the linked deadline's date")
        self.due_field.edit.textChanged.connect(self._update_save)
        tip = "With no date of its own, the task is due on this deadline's date, and moves with it"
        self.deadline_combo = named(QComboBox(), "Linked deadline", tip)
        self.note_edit = named(QLineEdit(), "Note")
        self.save_button = button("Save task", "Save the task (Enter)", self.save)
        self.save_button.setDefault(True)
        self.cancel_button = button("Cancel", "Close the form without saving (Esc)", self._cancel)
        form = QFormLayout(self.form)
        form.addRow("&Task:", self.title_edit)
        form.addRow("&Stage:", self.stage_combo)
        form.addRow("Own d&ue date (optional):", self.due_field)
        form.addRow("Lin&ked deadline:", self.deadline_combo)
        form.addRow("N&ote:", self.note_edit)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.cancel_button)
        row.addWidget(self.save_button)
        form.addRow(row)
        return self.form

    # ------------------------------------------------------------------ loading

    versioned = ("task",)

    @staticmethod
    def read_case(session: Any, case_id: int, today: dt.date) -> Any:
        detail = queries.case_detail(session, case_id, today)
        return detail, read_tasks(session, case_id, detail.deadlines)

    def load(self) -> None:
        if self.case_id is None:
            return
        today = self.ctx.today
        detail, items = self.read_page()
        selected = self.selected()
        self._stage = detail.stage
        self.model.set_rows(items, today)
        linked = self.deadline_combo.currentData() or ""
        self.deadline_combo.clear()
        self.deadline_combo.addItem("(none)", "")
        for deadline in detail.deadlines:
            when = format_date_short(deadline.date) if deadline.date else "no date yet"
            self.deadline_combo.addItem(f"{deadline_label(deadline)} — {when}", deadline.key)
        self.deadline_combo.setCurrentIndex(max(0, self.deadline_combo.findData(linked)))
        new = self._new_templates()
        done = sum(1 for t in items if t.done_on)
        self.stage_note.setText(
            f"The case is at the stage <b>{detail.stage_label}</b>. "
            f"{done} of {len(items)} tasks done."
        )
        self.prefill_button.setEnabled(bool(new))
        self.prefill_button.setToolTip(
            f"Add {len(new)} suggested task(s) for the stage '{detail.stage_label}'"
            if new
            else f"Every suggested task for '{detail.stage_label}' is already on the list"
        )
        self._reselect(selected)

    def _new_templates(self) -> list[core_tasks.TaskTemplate]:
        present = {self.model.row_at(r).title for r in range(self.model.rowCount())}
        templates = core_tasks.task_templates().get(self._stage, [])
        return [t for t in templates if t.title not in present]

    def _update_buttons(self) -> None:
        task = self.selected()
        for widget in (self.edit_button, self.done_button, self.delete_button):
            widget.setEnabled(task is not None)
        self.done_button.setText("Mark not &done" if task and task.done_on else "Mark &done")

    # ------------------------------------------------------------------ changes

    def add_checklist(self) -> None:
        """The stage's suggested tasks not yet on the list, as one undoable step."""
        new = self._new_templates()
        if self.case_id is None or not new:
            return
        case_id, stage, today = self.case_id, self._stage, self.ctx.today

        def adder(t: core_tasks.TaskTemplate) -> AddRecordCommand:
            def create(s: Any) -> Any:
                return core_tasks.add_task(
                    s, case_id, t.title, today=today, stage=stage, deadline_key=t.deadline
                )

            return AddRecordCommand(self.ctx, "task", create, f"Add task: {t.title}")

        stack = self.ctx.undo_stack
        stack.beginMacro(f"Add the checklist for '{stage_label(stage)}'")
        try:  # one step on the undo stack, one command per task inside it
            for template in new:
                self.change(lambda t=template: adder(t))
        finally:
            stack.endMacro()

    def set_done(self, task_id: int, done: bool) -> None:
        fields = {"done_on": self.ctx.today if done else None}
        text = "Mark task done" if done else "Mark task not done"
        row = self.model.row_for_id(task_id)
        shown = self.model.row_at(row) if row is not None else None
        self.opened.pop(("task", task_id), None)  # as the list shows it now
        self.change(lambda: edit_command(self, "task", task_id, fields, text, shown))
        self.select_id(task_id)

    def _toggle_selected(self) -> None:
        task = self.selected()
        if task is not None:
            self.set_done(task.id, task.done_on is None)

    def delete_selected(self) -> None:
        task = self.selected()
        if task is None:
            return
        question = f"Delete the task “{task.title}”?\n\nYou can undo this with Edit ▸ Undo."
        self._delete_after_asking("Delete task", question, "task", task.id, "Delete task")

    # ------------------------------------------------------------------ the form

    def _open_form(self, task: TaskItem | None) -> None:
        self._editing = task.id if task else None
        self.form.setTitle("Edit task" if task else "New task")
        self.title_edit.setText(task.title if task else "")
        stage = task.stage if task else self._stage
        self.stage_combo.setCurrentIndex(max(0, self.stage_combo.findData(stage)))
        self.due_field.set_value(task.due_date if task else None)
        key = task.deadline_key if task else ""
        self.deadline_combo.setCurrentIndex(max(0, self.deadline_combo.findData(key)))
        self.note_edit.setText(task.note if task else "")
        self.form.setEnabled(True)
        self._update_save()
        self.title_edit.setFocus()

    def _close_form(self) -> None:
        self._editing = None
        self.form.setTitle("Task (choose Add task, or select one and choose Edit)")
        self.title_edit.clear()
        self.note_edit.clear()
        self.due_field.set_value(None)
        self.form.setEnabled(False)
        self._update_buttons()

    def _update_save(self) -> None:
        ok = self.due_field.is_valid() and bool(self.title_edit.text().strip())
        self.save_button.setEnabled(ok)
        why = self.due_field.error() or "Write what needs doing"
        self.save_button.setToolTip("Save the task (Enter)" if ok else why)

    def save(self) -> None:
        if self.case_id is None or not self.form.isEnabled() or not self.save_button.isEnabled():
            return
        case_id, today, task_id = self.case_id, self.ctx.today, self._editing
        fields = {
            "title": self.title_edit.text().strip(),
            "stage": self.stage_combo.currentData() or "",
            "due_date": self.due_field.value(),
            "deadline_key": self.deadline_combo.currentData() or "",
            "note": self.note_edit.text().strip(),
        }
        if task_id is None:
            command = AddRecordCommand(
                self.ctx,
                "task",
                lambda s: core_tasks.add_task(s, case_id, today=today, **fields),
                f"Add task: {fields['title']}",
            )
            self._add_and_select(command)
            return
        self._edit_and_select("task", task_id, fields, "Edit task")
