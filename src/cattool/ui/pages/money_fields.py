"""Checked inputs for money and percentages: type "£25,000", "25k" or "40%" and see at once
what was read; an unreadable or impossible amount is shown in red with the reason and
cannot be saved (like the date field). Values are Decimal, never float.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QGuiApplication, QPalette
from PySide6.QtWidgets import QLabel, QLineEdit, QVBoxLayout, QWidget

from cattool.core.errors import InputError
from cattool.core.money.format import format_money, format_percent, parse_money, parse_percent
from cattool.ui.date_field import ERROR_STYLE
from cattool.ui.forms import MUTED

ERROR_BORDER = "border: 1px solid #b00020;"


def is_dark() -> bool:
    """Whether the application's palette is dark (light text on a dark base)."""
    palette = QGuiApplication.palette()
    return palette.color(QPalette.ColorRole.Base).lightness() < 128


def good_bad(good: bool) -> str:
    """A green or red readable on the current theme's background."""
    if is_dark():
        return "#a5d6a7" if good else "#ef9a9a"
    return "#1b5e20" if good else "#b00020"


def money_text(value: Decimal | None) -> str:
    """A stored amount as the field shows it ('' for none)."""
    return "" if value is None else format_money(value)


def percent_text(value: Decimal | None) -> str:
    return "" if value is None else format_percent(value)


class CheckedField(QWidget):
    """A line edit read as you type by `parse` (text -> value, InputError when wrong).

    `value()` is the value read (None when blank or wrong); `is_valid()` says whether the
    text can be saved; `error()` is the reason it cannot. What was read is shown under
    the field when it differs from what was typed ("25k" → "£25,000").
    """

    valueChanged = Signal()

    def __init__(
        self,
        name: str,
        parse: Callable[[str], Any],
        show: Callable[[Any], str],
        *,
        required: bool = False,
        placeholder: str = "",
        tip: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._parse, self._show = parse, show
        self._required, self._name = required, name
        self._value: Any = None
        self._error = ""
        self.edit = QLineEdit()
        self.edit.setAccessibleName(name)
        self.edit.setPlaceholderText(placeholder)
        if tip:
            self.edit.setToolTip(tip)
            self.edit.setAccessibleDescription(tip)
        self._tip = tip
        self.reading = QLabel()
        self.reading.setAccessibleName(f"{name}: as read")
        self.reading.setWordWrap(True)
        self.reading.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.reading.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.edit)
        layout.addWidget(self.reading)
        self.setFocusProxy(self.edit)
        self.edit.textChanged.connect(self._reparse)
        self._reparse(self.edit.text())

    def value(self) -> Any:
        return self._value

    def is_valid(self) -> bool:
        return not self._error

    def error(self) -> str:
        return self._error

    def text(self) -> str:
        return self.edit.text()

    def set_value(self, value: Any) -> None:
        self.edit.setText("" if value is None else self._show(value))

    def setPlaceholderText(self, text: str) -> None:
        self.edit.setPlaceholderText(text)

    def _reparse(self, text: str) -> None:
        self._value, self._error = None, ""
        try:
            self._value = self._parse(text)
        except InputError as exc:
            self._error = str(exc)
        if self._value is None and not self._error and self._required and not text.strip():
            self._error = f"Enter the {self._name.lower()}."
        self._show_reading(text)
        self.valueChanged.emit()

    def _show_reading(self, text: str) -> None:
        if self._error and text.strip():
            self.reading.setText(self._error)
            self.reading.setStyleSheet(ERROR_STYLE)
            self.edit.setStyleSheet(ERROR_BORDER)
            self.edit.setToolTip(self._error)
            self.reading.show()
            return
        self.edit.setStyleSheet("")
        self.edit.setToolTip(self._tip)
        shown = self._show(self._value) if self._value is not None else ""
        if shown and shown != text.strip():
            self.reading.setText(f"Read as {shown}")
            self.reading.setStyleSheet(f"color: {MUTED};")
            self.reading.show()
        else:
            self.reading.hide()


class MoneyField(CheckedField):
    """An amount of money: '£25,000', '25000.50', '25k', '£1.2m'."""

    def __init__(self, name: str, *, required: bool = False, tip: str = "", **kwargs: Any):
        what = name.lower()
        super().__init__(
            name,
            lambda text: parse_money(text, what),
            format_money,
            required=required,
            placeholder=kwargs.pop("placeholder", "e.g. £25,000"),
            tip=tip or "Type an amount as you would write it: £25,000, 25000 or 25k.",
            **kwargs,
        )


class PercentField(CheckedField):
    """A percentage from 0 to 100: '40', '40%', '12.5%'."""

    def __init__(self, name: str, *, tip: str = "", **kwargs: Any):
        what = name.lower()
        super().__init__(
            name,
            lambda text: parse_percent(text, what),
            format_percent,
            placeholder=kwargs.pop("placeholder", "e.g. 40%"),
            tip=tip or "A percentage from 0 to 100, e.g. 40%.",
            **kwargs,
        )


def first_error(fields: dict[str, CheckedField]) -> str:
    """The first field's reason it cannot be saved ('' when all can)."""
    for field in fields.values():
        if not field.is_valid():
            return field.error()
    return ""
