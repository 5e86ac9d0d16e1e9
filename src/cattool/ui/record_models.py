"""Table models over one case's records: its events and its deadlines.

Kept apart from the portfolio-wide models (the case list, the agenda) because they serve
the case workspace's pages, and deadlines carry their own status colours for light and
dark themes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any, Protocol

from PySide6.QtGui import QBrush, QColor, QFont

from cattool.core.dates import format_date_long, format_date_short, format_date_weekday_long
from cattool.core.portfolio import EventRecord
from cattool.core.rules.engine import DUE_SOON, MET, NOT_TRIGGERED, PASSED, Deadline
from cattool.core.rules.events import event_label
from cattool.ui.models import (
    _BACKGROUND,
    _DISPLAY,
    _FONT,
    _FOREGROUND,
    _TOOLTIP,
    ID_ROLE,
    STATUS_WORDS,
    AnyIndex,
    RowsModel,
    days_text,
    deadline_label,
)

# Row styles for deadlines: (foreground, background), for light and for dark themes.
_PASSED_STYLE = (QColor("#9b1c1c"), QColor("#fbe4e4"))
DUE_SOON_STYLE = (QColor("#6b4500"), QColor("#ffefc2"))
_GREY = QColor("#767676")
_PASSED_DARK = (QColor("#ffb4ab"), QColor("#4a1c1c"))
_DUE_SOON_DARK = (QColor("#ffd98a"), QColor("#4a3a12"))
_GREY_DARK = QColor("#9a9a9a")


def _dark_palette() -> bool:
    from PySide6.QtGui import QGuiApplication, QPalette

    if QGuiApplication.instance() is None:
        return False
    return QGuiApplication.palette().color(QPalette.ColorRole.Base).lightness() < 128


class EventLike(Protocol):
    """What the events table needs from an Event row (an ORM object or an EventRow)."""

    @property
    def id(self) -> int: ...
    @property
    def kind(self) -> str: ...
    @property
    def date(self) -> dt.date: ...
    @property
    def note(self) -> str: ...


EventRow = EventRecord  # the events table shows core records as they are


class EventTableModel(RowsModel):
    """A case's events in date order: the facts every deadline is counted from."""

    DATE, EVENT, NOTE = range(3)
    HEADERS = ("Date", "Event", "Note")
    _rows: list[EventLike]

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._display: list[tuple[str, str, str]] = []

    def set_rows(self, rows: Sequence[EventLike]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self._display = [
            (format_date_long(e.date), event_label(e.kind), " ".join(e.note.split()))
            for e in self._rows
        ]
        self.endResetModel()

    def event_at(self, row: int) -> EventLike:
        return self._rows[row]

    def data(self, index: AnyIndex, role: int = _DISPLAY) -> Any:
        if not index.isValid():
            return None
        row, column = index.row(), index.column()
        if role == _DISPLAY:
            return self._display[row][column]
        if role == ID_ROLE:
            return self._rows[row].id
        if role == _TOOLTIP:
            event = self._rows[row]
            if column == self.DATE:
                return format_date_weekday_long(event.date)
            if column == self.NOTE:
                return event.note or None
            return self._display[row][column]
        return None


class DeadlineTableModel(RowsModel):
    """A case's deadlines, coloured by status so the urgent ones stand out."""

    DEADLINE, DATE, STATUS, DAYS = range(4)
    HEADERS = ("Deadline", "Date", "Status", "Days left")
    _rows: list[Deadline]

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._display: list[tuple[str, str, str, str]] = []
        self._italic = QFont()
        self._italic.setItalic(True)
        self._passed, self._due_soon, self._grey = _PASSED_STYLE, DUE_SOON_STYLE, _GREY

    def set_rows(self, rows: Sequence[Deadline]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self._display = [self._strings(d) for d in self._rows]
        dark = _dark_palette()  # the theme in use now (it can change while the app runs)
        self._passed = _PASSED_DARK if dark else _PASSED_STYLE
        self._due_soon = _DUE_SOON_DARK if dark else DUE_SOON_STYLE
        self._grey = _GREY_DARK if dark else _GREY
        self.endResetModel()

    @staticmethod
    def _strings(deadline: Deadline) -> tuple[str, str, str, str]:
        date = format_date_short(deadline.date) if deadline.date else "—"
        status = STATUS_WORDS.get(deadline.status, deadline.status)
        days = "" if deadline.status in (MET, NOT_TRIGGERED) else days_text(deadline.days_left)
        return deadline_label(deadline), date, status, days

    def deadline_at(self, row: int) -> Deadline:
        return self._rows[row]

    def deadlines(self) -> list[Deadline]:
        return list(self._rows)

    def row_for_key(self, key: str) -> int | None:
        for row, deadline in enumerate(self._rows):
            if deadline.key == key:
                return row
        return None

    def data(self, index: AnyIndex, role: int = _DISPLAY) -> Any:
        if not index.isValid():
            return None
        row, column = index.row(), index.column()
        if role == _DISPLAY:
            return self._display[row][column]
        status = self._rows[row].status
        if status == PASSED and self._rows[row].who in ("owner", "nobody"):
            # The owner's closed window or a period that has ended is history, not an
            # alarm; red is for dates the group missed or the council is late on.
            status = MET
        if role == _FOREGROUND:
            if status == PASSED:
                return QBrush(self._passed[0])
            if status == DUE_SOON:
                return QBrush(self._due_soon[0])
            if status in (MET, NOT_TRIGGERED):
                return QBrush(self._grey)
            return None
        if role == _BACKGROUND:
            if status == PASSED:
                return QBrush(self._passed[1])
            if status == DUE_SOON:
                return QBrush(self._due_soon[1])
            return None
        if role == _FONT:
            return self._italic if status == NOT_TRIGGERED else None
        if role == ID_ROLE:
            return self._rows[row].key
        if role == _TOOLTIP:
            deadline = self._rows[row]
            if column == self.DATE and deadline.date:
                return format_date_weekday_long(deadline.date)
            if column == self.STATUS and deadline.met_on:
                return f"Met on {format_date_weekday_long(deadline.met_on)}"
            return f"{deadline_label(deadline)}\n\n{deadline.explanation}".strip()
        return None
