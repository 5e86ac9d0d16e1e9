"""The Community Asset Transfer timetable on the Lease and CAT page: the eight steps, the
weeks the council's policy usually allows for each (a default, not law, changeable for
this case), and when each decision was made or should arrive. A step is recorded as an
event (the Events page lists it too); changing the weeks is one undoable step.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from cattool.core import services
from cattool.core.dates import format_date_long
from cattool.core.errors import InputError
from cattool.core.lease import services as lease_services
from cattool.core.lease.cat_policy import CatStage, default_policy
from cattool.ui.commands import AddRecordCommand, push
from cattool.ui.date_field import DateField
from cattool.ui.forms import MUTED, RecordDialog, labelled, note_label, parse_count
from cattool.ui.pages.common import delete_command, edit_command
from cattool.ui.pages.lease_data import CatRow, LeasePageData, cat_rows
from cattool.ui.pages.money_fields import good_bad

HEADERS = ("Step", "Who", "Time allowed", "Date")
STATE_COLOURS = {"overdue": False, "done": True}


class WeeksDialog(RecordDialog):
    """This council's weeks for one step: blank goes back to cattool's default."""

    def __init__(self, parent: QWidget, stage: CatStage, default: int, submit: Any) -> None:
        super().__init__(parent, f"Time allowed: {stage.label}", submit)
        self.weeks = labelled(
            QLineEdit(),
            "Weeks",
            f"Weeks after the step before. Leave blank for the usual {default} weeks.",
        )
        self.weeks.setPlaceholderText(f"blank: the usual {default} weeks")
        self.source = labelled(
            QLineEdit(),
            "Where this comes from",
            "The council's CAT policy or what its officer told you, e.g. "
            "'Barnet CAT policy 2024, para 5.2'.",
        )
        self.form.addRow("&Weeks:", self.weeks)
        self.form.addRow("&Source:", self.source)
        self.form.addRow(
            "",
            note_label(
                "Council policy, not law: CAT is not a statutory right, so these are dates "
                "to chase the council, never legal deadlines."
            ),
        )
        if stage.overridden:
            self.weeks.setText(str(stage.weeks))
            self.source.setText(stage.source)


class RecordStepDialog(RecordDialog):
    """Record that a CAT step happened: an event on the date it happened."""

    def __init__(self, parent: QWidget, stage: CatStage, today: dt.date, submit: Any) -> None:
        super().__init__(parent, f"Record: {stage.label}", submit)
        self.date = DateField(today, past_only=True, what="The step")
        self.date.edit.setAccessibleName("Date it happened")
        self.date.setFocusProxy(self.date.edit)
        self.note = labelled(QPlainTextEdit(), "Note", "Anything worth keeping (optional).")
        self.note.setTabChangesFocus(True)
        self.note.setFixedHeight(70)
        self.form.addRow("&Date it happened:", self.date)
        self.form.addRow("&Note:", self.note)


class CatTimetable(QWidget):
    """The timetable table with its two buttons; `page` is the LeasePage."""

    def __init__(self, page: Any) -> None:
        super().__init__()
        self.page = page
        self.rows: list[CatRow] = []
        self.dialog: RecordDialog | None = None
        self.summary = note_label()
        self.summary.setAccessibleName("Where the transfer has reached")
        self.table = QTableWidget(0, len(HEADERS))
        self.table.setHorizontalHeaderLabels(HEADERS)
        labelled(
            self.table,
            "CAT timetable",
            "Double-click a step's time to change it for this council.",
        )
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setTabKeyNavigation(False)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        self.table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(len(HEADERS) - 1, QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.table.cellDoubleClicked.connect(lambda _r, _c: self.change_weeks())
        self.record_button = labelled(
            QPushButton("&Record this step…"),
            "Record this step",
            "Record the date the selected step happened (an event; you can undo it).",
        )
        self.weeks_button = labelled(
            QPushButton("Change the &time allowed…"),
            "Change the time allowed",
            "Set this council's weeks for the selected step (blank: the usual time).",
        )
        self.record_button.clicked.connect(self.record_step)
        self.weeks_button.clicked.connect(self.change_weeks)
        buttons = QHBoxLayout()
        buttons.addWidget(self.record_button)
        buttons.addWidget(self.weeks_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.summary)
        layout.addWidget(self.table)
        layout.addLayout(buttons)
        self._update_buttons()

    # ------------------------------------------------------------------ showing

    def show_data(self, data: LeasePageData) -> None:
        chosen = self.selected_row()
        self.rows = cat_rows(data)
        self.table.setRowCount(len(self.rows))
        for r, row in enumerate(self.rows):
            stage = row.stage
            who = {"group": "the group", "both": "both"}.get(stage.who, f"the {stage.who}")
            cells = (stage.label, who, row.weeks, row.date)
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(row.tip)
                if c == 2 and stage.overridden:
                    item.setToolTip(f"Set for this case: {stage.source}")
                if c == 3 and row.state in STATE_COLOURS:
                    item.setForeground(QColor(good_bad(STATE_COLOURS[row.state])))
                if c == 3 and row.state in ("projected", "skipped"):
                    item.setForeground(QColor(MUTED))
                self.table.setItem(r, c, item)
        self.table.resizeColumnsToContents()
        self.table.setFixedHeight(
            self.table.horizontalHeader().sizeHint().height()
            + self.table.verticalHeader().length()
            + 2 * self.table.frameWidth()
        )
        if chosen is None:  # the step after the last one done, so its buttons are ready
            done = [r for r, row in enumerate(self.rows) if row.state == "done"]
            chosen = min(done[-1] + 1, len(self.rows) - 1) if done else 0
        if chosen is not None:
            self.table.selectRow(chosen)
        self.summary.setText(_summary(data))
        self._update_buttons()

    def selected_row(self) -> int | None:
        rows = self.table.selectionModel().selectedRows()
        return rows[0].row() if rows else None

    def select_step(self, key: str) -> None:
        for r, row in enumerate(self.rows):
            if row.stage.key == key:
                self.table.selectRow(r)

    def _update_buttons(self) -> None:
        row = self.selected_row()
        self.record_button.setEnabled(row is not None)
        self.weeks_button.setEnabled(row is not None and self.rows[row].stage.weeks is not None)

    # ------------------------------------------------------------------ changing

    def record_step(self) -> RecordDialog | None:
        row = self.selected_row()
        if row is None:
            return None
        stage = self.rows[row].stage
        page = self.page
        self.dialog = dialog = RecordStepDialog(self, stage, page.ctx.today, lambda: submit())

        def submit() -> bool:
            case_id, today = page.case_id, page.ctx.today
            day, note = dialog.date.value(), dialog.note.toPlainText().strip()

            def run() -> None:
                if not dialog.date.is_valid() or day is None:
                    raise InputError(dialog.date.error() or "Enter the date it happened.")
                add = lambda s: services.add_event(  # noqa: E731
                    s, case_id, stage.event, day, today=today, note=note
                )
                push(page.ctx, AddRecordCommand(page.ctx, "event", add, f"Record: {stage.label}"))

            return page.attempt(run, "The step could not be recorded")

        dialog.open()
        return dialog

    def change_weeks(self) -> RecordDialog | None:
        row = self.selected_row()
        if row is None or self.rows[row].stage.weeks is None:
            return None
        stage = self.rows[row].stage
        page = self.page
        default = default_policy().stage(stage.key).weeks or 0
        self.dialog = dialog = WeeksDialog(self, stage, default, lambda: submit())

        def submit() -> bool:
            def run() -> None:
                weeks = parse_count(dialog.weeks.text(), "The weeks for this step")
                source = " ".join(dialog.source.text().split())
                self.set_weeks(stage, weeks, source)

            return page.attempt(run, "The time allowed could not be changed")

        dialog.open()
        return dialog

    def set_weeks(self, stage: CatStage, weeks: int | None, source: str) -> None:
        """One undoable step: add, change or remove (blank weeks) this case's override."""
        page = self.page
        ctx, case_id = page.ctx, page.case_id
        existing = page.data.override_ids.get(stage.key) if page.data else None
        if weeks is None:
            if existing is not None:
                text = f"Use the usual time for '{stage.label}'"
                push(ctx, delete_command(page, "cat_policy_override", existing, text))
            return
        text = f"Set {weeks} weeks for '{stage.label}'"
        if existing is None:

            def create(session: Any) -> Any:
                return lease_services.set_cat_policy_weeks(
                    session, case_id, stage.key, weeks, source=source, today=ctx.today
                )

            push(ctx, AddRecordCommand(ctx, "cat_policy_override", create, text))
        else:
            if not source:
                raise InputError("Say where this council's timetable comes from (source).")
            fields = {"weeks": weeks, "source": source}
            push(ctx, edit_command(page, "cat_policy_override", existing, fields, text))


def _summary(data: LeasePageData) -> str:
    cat = data.report.cat
    if not cat.started:
        return (
            "No CAT step is recorded yet. Record the first one (the council advertising the "
            "building, or your expression of interest) to see when each decision should "
            "arrive. The times are the council's policy, not law."
        )
    text = f"Reached: {cat.reached.label.lower()} ({format_date_long(cat.reached_on)})."
    ahead = cat.next_expected
    if ahead is not None and ahead.date is not None:
        text += (
            f" Next: {ahead.label[0].lower()}{ahead.label[1:]} by {format_date_long(ahead.date)}."
        )
    elif cat.next_stage is None:
        text += " The transfer is complete."
    return text + " Times are council policy, not law: chase the council, no legal deadline."
