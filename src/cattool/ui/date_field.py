"""A date field for volunteers: type "2/3/26", "3rd March" or "last Friday" and see the
date in words at once; an unreadable, impossible or (for past facts) future date is shown
in red with the reason and cannot be saved. A calendar pop-up is there too.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QCalendarWidget,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QToolButton,
    QVBoxLayout,
    QWidget,
    QWidgetAction,
)

from cattool.core.dates import (
    DateInputError,
    format_date_long,
    format_date_weekday_long,
    parse_date,
    parse_past_date,
)

ERROR_STYLE = "color: #b00020;"
OK_STYLE = "color: palette(text);"


class DateField(QWidget):
    """A line edit plus a live reading of what was typed.

    `past_only` refuses future dates (an event that has happened); `optional` allows an
    empty field (meaning no date). `value()` is the parsed date (None when empty), and
    `is_valid()` says whether the text can be saved.
    """

    dateChanged = Signal(object)  # datetime.date | None, emitted when a valid value changes

    def __init__(
        self,
        today: dt.date,
        *,
        past_only: bool = False,
        optional: bool = False,
        what: str = "An event",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._today = today
        self._past_only = past_only
        self._optional = optional
        self._what = what
        self._value: dt.date | None = None
        self._error = "" if optional else "Please enter a date."

        self.edit = QLineEdit()
        self.edit.setPlaceholderText("e.g. 2/3/2026, 3rd March, last Friday")
        self.edit.setAccessibleName("Date")
        self.edit.setToolTip(
            "Type a date as you would write it: day first (2/3/2026 is 2 March), "
            "'3rd March 2026', 'yesterday' or 'last Friday'."
        )
        self.edit.textChanged.connect(self._reparse)

        self.calendar = QCalendarWidget()
        self.calendar.setGridVisible(True)
        self.calendar.setFirstDayOfWeek(Qt.DayOfWeek.Monday)
        if past_only:
            self.calendar.setMaximumDate(QDate(today.year, today.month, today.day))
        self.calendar.clicked.connect(self._picked)
        self.calendar.activated.connect(self._picked)
        self._menu = QMenu(self)
        holder = QWidgetAction(self._menu)
        holder.setDefaultWidget(self.calendar)
        self._menu.addAction(holder)

        self.pick = QToolButton()
        self.pick.setText("📅")
        self.pick.setToolTip("Choose the date from a calendar")
        self.pick.setAccessibleName("Choose the date from a calendar")
        self.pick.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.pick.setMenu(self._menu)
        self._menu.aboutToShow.connect(self._sync_calendar)

        self.reading = QLabel()
        self.reading.setAccessibleName("Date in words")
        self.reading.setWordWrap(True)
        self.reading.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.edit, 1)
        row.addWidget(self.pick)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(row)
        layout.addWidget(self.reading)
        self._show_reading()

    # ------------------------------------------------------------------ public API

    def value(self) -> dt.date | None:
        return self._value

    def is_valid(self) -> bool:
        return not self._error

    def error(self) -> str:
        return self._error

    def set_value(self, value: dt.date | None) -> None:
        """Show a stored date (as ISO text, which always reads back the same)."""
        self.edit.setText(value.isoformat() if value else "")

    def set_today(self, today: dt.date) -> None:
        self._today = today
        self._reparse(self.edit.text())

    # ------------------------------------------------------------------ internals

    def _reparse(self, text: str) -> None:
        previous = self._value
        if not text.strip():
            self._value = None
            self._error = "" if self._optional else "Please enter a date."
        else:
            try:
                if self._past_only:
                    self._value = parse_past_date(text, self._today, what=self._what)
                else:
                    self._value = parse_date(text, self._today)
                self._error = ""
            except DateInputError as exc:
                self._value = None
                self._error = str(exc)
        self._show_reading()
        if self._value != previous and self.is_valid():
            self.dateChanged.emit(self._value)

    def _show_reading(self) -> None:
        if self._error:
            self.reading.setText(self._error)
            self.reading.setStyleSheet(ERROR_STYLE)
            self.edit.setStyleSheet("border: 1px solid #b00020;")
            self.edit.setToolTip(self._error)
        else:
            self.reading.setText(format_date_weekday_long(self._value) if self._value else "")
            self.reading.setStyleSheet(OK_STYLE)
            self.edit.setStyleSheet("")
        self.reading.setVisible(bool(self.reading.text()))

    def _sync_calendar(self) -> None:
        shown = self._value or self._today
        self.calendar.setSelectedDate(QDate(shown.year, shown.month, shown.day))

    def _picked(self, date: QDate) -> None:
        self.edit.setText(format_date_long(dt.date(date.year(), date.month(), date.day())))
        self._menu.hide()
