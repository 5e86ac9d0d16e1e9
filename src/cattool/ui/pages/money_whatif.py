"""What if…: move a source's expected date, leave a source out, change the price, and see
the projection again beside the real one (core/money/scenario.py). Nothing is saved: the
edits are applied to copies of the facts the page has read; Reset forgets them.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from cattool.core.dates import format_date_long, format_date_short
from cattool.core.money.format import format_money
from cattool.core.money.plan import price
from cattool.core.money.scenario import ChangePrice, DropSource, Edit, MoveSource
from cattool.core.money.vocabulary import DECLINED, RECEIVED, STATUS_LABELS
from cattool.ui.date_field import DateField
from cattool.ui.forms import labelled, note_label
from cattool.ui.pages.money_data import MoneyData, SourceRow
from cattool.ui.pages.money_fields import MoneyField


class WhatIfPanel(QGroupBox):
    """The what-if controls; `changed` is emitted whenever the edits change."""

    changed = Signal()

    def __init__(self, today: dt.date) -> None:
        super().__init__("What if…")
        self.setAccessibleName("What if")
        self._rows: dict[int, SourceRow] = {}
        self._moves: dict[int, dt.date] = {}
        self._dropped: set[int] = set()
        self._price: Decimal | None = None
        self._current_price: Decimal | None = None

        self.source = labelled(
            QComboBox(), "Source to try", "The funding source to move or leave out."
        )
        self.source.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.source.setMinimumContentsLength(24)
        self.source.currentIndexChanged.connect(self._source_chosen)
        self.move_to = DateField(today, optional=True, what="The new date")
        self.move_to.edit.setAccessibleName("Money expected on instead")
        self.move_to.setFocusProxy(self.move_to.edit)
        self.move_button = labelled(
            QPushButton("&Move"), "Move the source", "Try the money arriving on the date typed."
        )
        self.move_button.clicked.connect(self.move_source)
        self.drop_button = labelled(
            QPushButton("Leave it &out"), "Leave the source out", "Try without this money."
        )
        self.drop_button.clicked.connect(self.drop_source)
        self.price = MoneyField(
            "Price instead", tip="Try another price: every need moves by the difference."
        )
        self.price_button = labelled(
            QPushButton("Try &price"), "Try the price", "Try the price typed instead."
        )
        self.price_button.clicked.connect(self.change_price)
        self.price.edit.returnPressed.connect(self.change_price)
        self.move_to.edit.returnPressed.connect(self.move_source)
        self.edits_list = labelled(QListWidget(), "What-if changes tried")
        self.edits_list.setMaximumHeight(90)
        self.edits_list.setWordWrap(True)
        self.edits_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.reset_button = labelled(
            QPushButton("&Reset"),
            "Reset the what-if",
            "Forget the changes tried: back to the facts.",
        )
        self.reset_button.clicked.connect(self.reset)

        form = QFormLayout()
        form.addRow("Sour&ce:", self.source)
        move_row = QHBoxLayout()
        move_row.addWidget(self.move_to, 1)
        move_row.addWidget(self.move_button)
        form.addRow(_buddy("Expected &on:", self.move_to.edit), move_row)
        form.addRow("", self.drop_button)
        price_row = QHBoxLayout()
        price_row.addWidget(self.price, 1)
        price_row.addWidget(self.price_button)
        form.addRow(_buddy("Pr&ice:", self.price.edit), price_row)
        layout = QVBoxLayout(self)
        layout.addWidget(note_label("Try a change and see the projection again. Nothing is saved."))
        layout.addLayout(form)
        layout.addWidget(self.edits_list)
        layout.addWidget(self.reset_button)
        layout.addStretch(1)
        self._show()

    # ------------------------------------------------------------------ data

    def set_data(self, data: MoneyData) -> None:
        """The sources to choose from; edits on sources that have gone are forgotten."""
        chosen = self.source.currentData()
        self._rows = {row.id: row for row in data.sources if row.facts.status != DECLINED}
        self._moves = {k: v for k, v in self._moves.items() if k in self._rows}
        self._dropped &= set(self._rows)
        self._current_price = price(data.plan)
        self.price.setPlaceholderText(
            f"now {format_money(self._current_price)}" if self._current_price is not None
            else "no price entered"
        )  # fmt: skip
        self.source.blockSignals(True)
        self.source.clear()
        for row in self._rows.values():
            self.source.addItem(_source_text(row), row.id)
        index = self.source.findData(chosen)
        self.source.setCurrentIndex(index if index >= 0 else 0)
        self.source.blockSignals(False)
        self._source_chosen()
        self._show()

    def edits(self) -> list[Edit]:
        """The scenario's edits, in a fixed order: the price, then each source."""
        edits: list[Edit] = []
        if self._price is not None:
            edits.append(ChangePrice(self._price))
        for source_id in self._rows:
            if source_id in self._dropped:
                edits.append(DropSource(source_id))
            elif source_id in self._moves:
                edits.append(MoveSource(source_id, self._moves[source_id]))
        return edits

    def descriptions(self) -> list[str]:
        lines = []
        if self._price is not None:
            was = format_money(self._current_price) if self._current_price is not None else "none"
            lines.append(f"Price {format_money(self._price)} (now {was})")
        for source_id, row in self._rows.items():
            if source_id in self._dropped:
                lines.append(f"Without {row.facts.label} ({format_money(row.facts.amount)})")
            elif source_id in self._moves:
                when = format_date_long(self._moves[source_id])
                lines.append(f"{row.facts.label} arrives on {when}")
        return lines

    # ------------------------------------------------------------------ actions

    def _chosen(self) -> SourceRow | None:
        source_id = self.source.currentData()
        return self._rows.get(source_id) if source_id is not None else None

    def _source_chosen(self, *_args: object) -> None:
        row = self._chosen()
        movable = row is not None and row.facts.status != RECEIVED
        self.move_to.setEnabled(movable)
        self.move_button.setEnabled(movable)
        self.drop_button.setEnabled(row is not None)
        if row is not None:
            when = self._moves.get(row.id, row.facts.expected_on)
            self.move_to.set_value(when)
            tip = "Received money cannot move." if not movable else "Try another date."
            self.move_button.setToolTip(tip)

    def move_source(self) -> None:
        row = self._chosen()
        when = self.move_to.value()
        if row is None or row.facts.status == RECEIVED or when is None:
            return
        self._dropped.discard(row.id)
        if when == row.facts.expected_on:
            self._moves.pop(row.id, None)
        else:
            self._moves[row.id] = when
        self._show()
        self.changed.emit()

    def drop_source(self) -> None:
        row = self._chosen()
        if row is None:
            return
        self._moves.pop(row.id, None)
        self._dropped.add(row.id)
        self._show()
        self.changed.emit()

    def change_price(self) -> None:
        if not self.price.is_valid() or self.price.value() is None:
            return
        value = self.price.value()
        self._price = None if value == self._current_price else value
        self._show()
        self.changed.emit()

    def reset(self) -> None:
        had = bool(self.edits())
        self._moves.clear()
        self._dropped.clear()
        self._price = None
        self.price.edit.clear()
        self._source_chosen()
        self._show()
        if had:
            self.changed.emit()

    def _show(self) -> None:
        self.edits_list.clear()
        lines = self.descriptions()
        self.edits_list.addItems(lines or ["No changes tried yet."])
        self.edits_list.setEnabled(bool(lines))
        self.reset_button.setEnabled(bool(lines))


def _buddy(text: str, widget: QWidget) -> QLabel:
    """A label whose Alt+letter goes to `widget` (a form row whose field is a layout)."""
    label = QLabel(text)
    label.setBuddy(widget)
    return label


def _source_text(row: SourceRow) -> str:
    """'Heritage Fund: £50,000, Applied, expected 1 Jul 2026'."""
    source = row.facts
    text = f"{source.label}: {format_money(source.amount)}, {STATUS_LABELS[source.status]}"
    if source.status == RECEIVED and source.received_on:
        return f"{text} {format_date_short(source.received_on)}"
    if source.expected_on:
        return f"{text}, expected {format_date_short(source.expected_on)}"
    return f"{text}, no date"
