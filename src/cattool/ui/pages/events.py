"""Events and correspondence: the log of what happened, which every deadline counts from.

Each event has the date the law counts from (received, sent or happened, depending on
its kind), and for letters the day it was sent and the day it arrived, a note, and a
linked file (the letter itself, a receipt, the council's email).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import select

from cattool.core import editing, services
from cattool.core.dates import format_date_long, format_date_weekday_long
from cattool.core.model import Event
from cattool.core.rules.events import event_kinds, event_label
from cattool.ui.commands import AddRecordCommand
from cattool.ui.context import WorkspaceContext
from cattool.ui.date_field import DateField
from cattool.ui.models import AnyIndex, RowsModel
from cattool.ui.pages.base import CasePage
from cattool.ui.pages.common import RecordPageMixin, button, named

BASIS_WORDS = {
    "received": "the day the council received it",
    "sent": "the day it was sent",
    "occurred": "the day it happened",
}
# Kinds whose "received" date is not the council's: the group or the owner receives them.
_RECEIVED_BY_OTHERS = {
    "valuation-received": "the day it was received",
    "offer-accepted": "the day the acceptance was received",
}


def basis_text(kind: str) -> str:
    """Which date of a letter the event's date is, in words."""
    if kind in _RECEIVED_BY_OTHERS:
        return _RECEIVED_BY_OTHERS[kind]
    spec = event_kinds().get(kind)
    return BASIS_WORDS.get(spec.basis if spec else "occurred", "the day it happened")


@dataclass(frozen=True, slots=True)
class EventItem:
    id: int
    kind: str
    date: dt.date
    sent_on: dt.date | None
    received_on: dt.date | None
    note: str
    document_path: str


def read_events(session: Any, case_id: int) -> list[EventItem]:
    query = select(Event).where(Event.case_id == case_id).order_by(Event.date, Event.id)
    return [
        EventItem(
            e.id, e.kind, e.date, e.sent_on, e.received_on, e.note or "", e.document_path or ""
        )
        for e in session.scalars(query)
    ]


def _buddy(text: str, widget: QWidget) -> QLabel:
    """A field's label; its underlined letter (Alt+letter) moves to the field."""
    label = QLabel(text)
    label.setBuddy(widget)
    return label


class EventsModel(RowsModel):
    DATE, EVENT, SENT, RECEIVED, NOTE, FILE = range(6)
    HEADERS = ("Date", "Event", "Sent on", "Received on", "Note", "Linked file")
    _rows: list[EventItem]

    def set_rows(self, rows: Sequence[EventItem]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row_at(self, row: int) -> EventItem:
        return self._rows[row]

    def _text(self, e: EventItem, column: int) -> str:
        if column == self.DATE:
            return format_date_long(e.date)
        if column == self.EVENT:
            return event_label(e.kind)
        if column == self.SENT:
            return format_date_long(e.sent_on) if e.sent_on else ""
        if column == self.RECEIVED:
            return format_date_long(e.received_on) if e.received_on else ""
        if column == self.NOTE:
            note = " ".join(e.note.split())
            return note if len(note) <= 140 else note[:139] + "…"
        return Path(e.document_path).name if e.document_path else ""

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        e, column = self._rows[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(e, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == self.DATE:
                return f"{format_date_weekday_long(e.date)}: {basis_text(e.kind)}"
            if column == self.FILE:
                return e.document_path or None
            return e.note if column == self.NOTE and e.note else self._text(e, column) or None
        return None


class EventsPage(RecordPageMixin, CasePage):
    title = "Events and correspondence"
    shows = frozenset({"event"})
    kind = "event"

    def __init__(self, ctx: WorkspaceContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self._editing: int | None = None  # the event id; None while adding
        self._path = ""
        self.model = EventsModel(self)
        self.table = self._record_table("Events")
        self.table.setWordWrap(True)
        rows = self.table.verticalHeader()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        rows.setMinimumSectionSize(self.fontMetrics().height() + 12)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(EventsModel.EVENT, QHeaderView.ResizeMode.Stretch)
        for column, width in ((0, 130), (2, 110), (3, 110), (4, 260), (5, 140)):
            header.resizeSection(column, width)

        tip = "Record something that happened: a letter, a decision, a notice"
        self.add_button = button("&Add event", tip, self.start_add)
        self.edit_button = button("Edi&t…", "Change the selected event (Enter)", self.start_edit)
        tip = "Delete the selected event (Delete); Undo brings it back"
        self.delete_button = button("De&lete", tip, self.delete_selected)
        tip = "Open the file linked to the selected event"
        self.open_button = button("O&pen linked file", tip, self.open_selected)
        buttons = QHBoxLayout()
        for widget in (self.add_button, self.edit_button, self.delete_button):
            buttons.addWidget(widget)
        buttons.addStretch(1)
        buttons.addWidget(self.open_button)
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        self._add_table_and_form(layout, self._build_form())

    def _build_form(self) -> QGroupBox:
        self.form, today = QGroupBox(), self.ctx.today
        tip = "The kind of event: deadlines are counted from these"
        self.kind_combo = named(QComboBox(), "What happened", tip)
        for key, kind in event_kinds().items():
            self.kind_combo.addItem(kind.label, key)
        self.kind_combo.currentIndexChanged.connect(self._show_basis)
        self.date_field = DateField(today, past_only=True, what="An event")
        named(self.date_field.edit, "Date of the event")
        self.basis = named(QLabel(), "Which date to enter")
        self.basis.setWordWrap(True)
        self.sent_field = DateField(today, past_only=True, optional=True, what="A letter")
        named(self.sent_field.edit, "Sent on", "For a letter or email: the day it was sent")
        self.received_field = DateField(today, past_only=True, optional=True, what="A letter")
        named(self.received_field.edit, "Received on", "For a letter or email: the day it arrived")
        self.note_edit = named(QPlainTextEdit(), "Note")
        self.note_edit.setTabChangesFocus(True)
        self.note_edit.setPlaceholderText("e.g. Hand-delivered to the Town Hall; receipt stamped")
        self.note_edit.setFixedHeight(self.fontMetrics().lineSpacing() * 3 + 12)
        self.file_label = named(QLabel(), "Linked file")
        tip = "Choose the letter, email or receipt this event is about"
        self.link_button = button("Lin&k file…", tip, self._choose_file, "Link a file")
        self.unlink_button = button(
            "Remove link", "Forget the linked file", lambda: self._set_path("")
        )
        self.save_button = button("Save event", "Save the event (Enter)", self.save)
        self.save_button.setDefault(True)
        self.cancel_button = button("Cancel", "Close the form without saving (Esc)", self._cancel)
        for field in (self.date_field, self.sent_field, self.received_field):
            field.edit.textChanged.connect(self._update_save)
            field.edit.returnPressed.connect(self.save)

        date_row = QHBoxLayout()
        date_row.addWidget(self.date_field, 3)
        date_row.addWidget(self.basis, 2, Qt.AlignmentFlag.AlignTop)
        letters = QHBoxLayout()
        for text, field in (("Se&nt on:", self.sent_field), ("&Received on:", self.received_field)):
            label = _buddy(text, field.edit)
            label.setFixedHeight(field.edit.sizeHint().height())
            letters.addWidget(label, 0, Qt.AlignmentFlag.AlignTop)
            letters.addWidget(field, 1)
        file_row = QHBoxLayout()
        for widget, stretch in (
            (self.file_label, 1),
            (self.link_button, 0),
            (self.unlink_button, 0),
        ):
            file_row.addWidget(widget, stretch)
        actions = QHBoxLayout()
        actions.addStretch(1)
        actions.addWidget(self.cancel_button)
        actions.addWidget(self.save_button)
        form = QFormLayout(self.form)
        form.addRow("&What happened:", self.kind_combo)
        form.addRow(_buddy("&Date:", self.date_field.edit), date_row)
        form.addRow("Letters (optional):", letters)
        form.addRow(_buddy("N&ote:", self.note_edit), self.note_edit)
        form.addRow("Linked file:", file_row)
        form.addRow(actions)
        return self.form

    # ------------------------------------------------------------------ loading

    versioned = ("event",)

    @staticmethod
    def read_case(session: Any, case_id: int, today: dt.date) -> Any:
        return read_events(session, case_id)

    def load(self) -> None:
        if self.case_id is None:
            return
        selected = self.selected()
        self.model.set_rows(self.read_page())
        self._reselect(selected)

    def _update_buttons(self) -> None:
        event = self.selected()
        self.edit_button.setEnabled(event is not None)
        self.delete_button.setEnabled(event is not None)
        self.open_button.setEnabled(bool(event and event.document_path))

    # ------------------------------------------------------------------ the form

    def _open_form(self, event: EventItem | None) -> None:
        self._editing = event.id if event else None
        self.form.setTitle(f"Edit: {event_label(event.kind)}" if event else "New event")
        if event:
            self.kind_combo.setCurrentIndex(max(0, self.kind_combo.findData(event.kind)))
        self.date_field.set_value(event.date if event else None)
        self.sent_field.set_value(event.sent_on if event else None)
        self.received_field.set_value(event.received_on if event else None)
        self.note_edit.setPlainText(event.note if event else "")
        self._set_path(event.document_path if event else "")
        self.form.setEnabled(True)
        self._show_basis()
        self._update_save()
        self.kind_combo.setFocus()

    def _close_form(self) -> None:
        self._editing = None
        self.form.setTitle("Event (choose Add event, or select one and choose Edit)")
        for field in (self.date_field, self.sent_field, self.received_field):
            field.set_value(None)
        self.note_edit.clear()
        self._set_path("")
        self.form.setEnabled(False)
        self._show_basis()

    def _show_basis(self) -> None:
        kind = self.kind_combo.currentData() or ""
        self.basis.setText(f"Enter <b>{basis_text(kind)}</b>: the deadlines count from it.")

    def _set_path(self, path: str) -> None:
        self._path = path
        self.file_label.setText(Path(path).name if path else "No file linked")
        self.file_label.setToolTip(path or "No file linked")
        self.unlink_button.setEnabled(bool(path))

    def _choose_file(self) -> None:
        start = str(Path(self._path).parent) if self._path else str(Path.home())
        path, _ = QFileDialog.getOpenFileName(self, "Link a file to this event", start)
        if path:
            self._set_path(path)

    def open_selected(self) -> None:
        event = self.selected()
        path = event.document_path if event else ""
        if not path:
            return
        if not Path(path).exists():
            QMessageBox.warning(
                self,
                "File not found",
                f"The linked file is not there any more:\n{path}\n\n"
                "It may have been moved or renamed. Edit the event to link it again.",
            )
            return
        QDesktopServices.openUrl(QUrl.fromLocalFile(path))

    def _update_save(self) -> None:
        fields = (self.date_field, self.sent_field, self.received_field)
        problem = next((f.error() for f in fields if not f.is_valid()), "")
        self.save_button.setEnabled(not problem)
        self.save_button.setToolTip(problem or "Save the event (Enter)")

    def save(self) -> None:
        if self.case_id is None or not self.form.isEnabled() or not self.save_button.isEnabled():
            return
        case_id, today, event_id = self.case_id, self.ctx.today, self._editing
        f = {
            "kind": self.kind_combo.currentData(),
            "date": self.date_field.value(),
            "sent_on": self.sent_field.value(),
            "received_on": self.received_field.value(),
            "note": self.note_edit.toPlainText().strip(),
            "document_path": self._path,
        }
        label = event_label(f["kind"])
        if event_id is None:

            def create(session: Any) -> Any:
                letter = {"sent_on": f["sent_on"], "received_on": f["received_on"]}
                changes = services.add_event(
                    session, case_id, f["kind"], f["date"], today=today, note=f["note"], **letter
                )
                if f["document_path"]:  # add_event takes no file: set it in the same step
                    linked = {"document_path": f["document_path"]}
                    editing.update_fields(session, "event", changes.created_id, linked, today=today)
                return changes

            command = AddRecordCommand(self.ctx, "event", create, f"Add event: {label}")
            self._add_and_select(command)
            return
        self._edit_and_select("event", event_id, f, f"Edit event: {label}")

    def delete_selected(self) -> None:
        event = self.selected()
        if event is None:
            return
        label = event_label(event.kind)
        question = (
            f"Delete “{label}” on {format_date_long(event.date)}?\n\n"
            "Deadlines counted from it will change. You can undo this with Edit ▸ Undo."
        )
        self._delete_after_asking("Delete event", question, "event", event.id, f"Delete: {label}")
