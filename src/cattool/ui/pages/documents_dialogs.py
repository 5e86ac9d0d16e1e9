"""The Documents page's helpers: where a case's documents go (remembered per case in
QSettings), and the "Mark as sent" dialog.

No import of cattool.documents here: the page imports it when it first reads a case.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QLabel, QLineEdit, QWidget

from cattool.core.paths import data_dir
from cattool.core.rules.events import event_label
from cattool.ui.date_field import DateField
from cattool.ui.forms import RecordDialog, labelled, note_label
from cattool.ui.settings import app_settings

FOLDER_KEY = "documents/folders/{uid}"
PACK_PARENT_KEY = "documents/bidPackFolder"


def safe_name(text: str) -> str:
    """A file or folder name from `text`: letters, digits, spaces, '-', '_' and '.'."""
    cleaned = "".join(c if c.isalnum() or c in " -_." else "_" for c in text).strip(" .")
    return cleaned or "case"


def default_case_folder(uid: str, reference: str | None) -> Path:
    """The data folder's documents/<reference or uid>: where documents go unless the user
    chose another folder for the case."""
    return data_dir() / "documents" / safe_name(reference or uid)


def case_folder(uid: str, reference: str | None) -> Path:
    """Where this case's documents are written: the folder chosen for it, or the default."""
    chosen = app_settings().value(FOLDER_KEY.format(uid=uid))
    return Path(str(chosen)) if chosen else default_case_folder(uid, reference)


def remember_case_folder(uid: str, folder: Path | None) -> None:
    """Remember the folder chosen for a case (None: back to the default)."""
    key = FOLDER_KEY.format(uid=uid)
    if folder is None:
        app_settings().remove(key)
    else:
        app_settings().setValue(key, str(folder))


def bid_pack_parent(fallback: Path) -> Path:
    """The folder the last bid pack was put in (any case), else `fallback`."""
    chosen = app_settings().value(PACK_PARENT_KEY)
    return Path(str(chosen)) if chosen else fallback


def remember_bid_pack_parent(folder: Path) -> None:
    app_settings().setValue(PACK_PARENT_KEY, str(folder))


def short_path(path: Path) -> str:
    """`path` with the home folder written as ~, as people read it."""
    try:
        return "~/" + str(path.relative_to(Path.home()))
    except ValueError:
        return str(path)


class MarkSentDialog(RecordDialog):
    """When a document was sent; for a document whose arrival starts a statutory clock (the
    nomination, the request to bid) also, optionally, when the council received it."""

    def __init__(
        self,
        parent: QWidget,
        title: str,
        today: dt.date,
        statutory_event: str | None,
        submit: Callable[[], bool],
    ) -> None:
        super().__init__(parent, f"Mark as sent: {title}", submit)
        self.save_button().setText("&Mark as sent")
        labelled(self.save_button(), "Mark as sent", "Record that it was sent (you can undo this).")
        self.sent_field = DateField(today, past_only=True, what="The date it was sent")
        labelled(self.sent_field.edit, "Sent on", "The day it was posted, emailed or handed in.")
        self.sent_field.set_value(today)
        self.form.addRow(_buddy("&Sent on:", self.sent_field.edit), self.sent_field)
        self.received_field: DateField | None = None
        if statutory_event:
            label = event_label(statutory_event)
            self.received_field = DateField(
                today, past_only=True, optional=True, what="The date it was received"
            )
            labelled(
                self.received_field.edit,
                "Received by the council on",
                "The day the council received it, if you know it: the deadlines count from it.",
            )
            self.form.addRow(
                _buddy("&Received by the council on\n(optional):", self.received_field.edit),
                self.received_field,
            )
            self.form.addRow(
                note_label(
                    f"With the day the council received it, cattool records “{label}” and "
                    "counts the deadlines from that day. Not known yet? Leave it empty: a "
                    f"“Document sent” event is recorded now, and you add “{label}” on the "
                    "Events page once the council confirms receipt."
                )
            )
        self.note = labelled(
            QLineEdit(), "Note", "Anything to remember, e.g. 'emailed to acv@…; receipt asked'."
        )
        self.note.setPlaceholderText("e.g. Hand-delivered to the Town Hall")
        self.form.addRow(_buddy("N&ote (optional):", self.note), self.note)
        for field in self._fields():
            field.edit.textChanged.connect(self._update_save)
        self._update_save()

    def _fields(self) -> list[DateField]:
        return [f for f in (self.sent_field, self.received_field) if f is not None]

    def _update_save(self) -> None:
        problem = next((f.error() for f in self._fields() if not f.is_valid()), "")
        self.save_button().setEnabled(not problem)
        self.save_button().setToolTip(problem or "Record that it was sent (you can undo this).")

    def values(self) -> dict[str, Any]:
        return {
            "sent_on": self.sent_field.value(),
            "received_on": self.received_field.value() if self.received_field else None,
            "note": self.note.text().strip(),
        }


def _buddy(text: str, widget: QWidget) -> QLabel:
    """A field's label; its underlined letter (Alt+letter) moves to the field."""
    label = QLabel(text)
    label.setBuddy(widget)
    return label
