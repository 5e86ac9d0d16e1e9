"""Income streams and running costs: the tables (what, first year's amount, growth, which
years, five-year total) and the dialog that adds or edits one line.

Amounts are typed as people write them ("£1,200", "12k"); an unreadable amount or growth
is shown in red and refused, the dialog staying open. Each add, edit or removal is one
undoable step through core.money.plan_services and the editing registry.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from PySide6.QtWidgets import QComboBox, QLineEdit, QPlainTextEdit, QSpinBox

from cattool.core import editing
from cattool.core.errors import InputError
from cattool.core.money import plan_services
from cattool.core.money.format import ZERO, format_money, format_percent, parse_growth
from cattool.core.money.plan_lines import (
    COST,
    COST_CATEGORIES,
    INCOME_CATEGORIES,
    YEARS,
    LineFacts,
)
from cattool.ui.forms import Column, RecordDialog, RecordList, labelled
from cattool.ui.pages.common import remove_record, save_record
from cattool.ui.pages.money_fields import CheckedField, MoneyField

LINE_FIELDS = ("category", "label", "amount", "growth", "start_year", "end_year", "note")


def note_box(tip: str) -> QPlainTextEdit:
    """The free-text note a plan record has (kept in the database, not in its facts)."""
    box = labelled(QPlainTextEdit(), "Note", tip)
    box.setTabChangesFocus(True)
    box.setFixedHeight(60)
    return box


def stored_note(ctx: Any, entity: str, record_id: int) -> str:
    """A record's note as stored (the plan's facts leave notes out)."""
    return ctx.read(lambda s: editing.record_fields(s, entity, record_id).get("note") or "")


def changed_fields(existing: Any, values: dict[str, Any], note: str) -> dict[str, Any]:
    """The dialog's values that differ from the record (its note compared with `note`)."""
    return {k: v for k, v in values.items() if (note if k == "note" else getattr(existing, k)) != v}


def _categories(line: LineFacts | str) -> dict[str, str]:
    kind = line if isinstance(line, str) else line.kind
    return COST_CATEGORIES if kind == COST else INCOME_CATEGORIES


def years_text(line: LineFacts) -> str:
    """'1-5', 'from 2', '1-3', 'year 4 only'."""
    last = line.end_year if line.end_year is not None else YEARS
    if line.start_year == last:
        return f"year {last} only"
    return f"{line.start_year}-{last}"


def growth_text(growth: Decimal) -> str:
    if growth == 0:
        return "none"
    return f"+{format_percent(growth)}" if growth > 0 else format_percent(growth)


LINE_COLUMNS = [
    Column("Category", lambda r: _categories(r).get(r.category, r.category)),
    Column("What", lambda r: r.name),
    Column(
        "First year",
        lambda r: format_money(r.amount),
        "The amount in its first year",
        sort=lambda r: float(r.amount),
        right=True,
    ),
    Column("Growth a year", lambda r: growth_text(r.growth), sort=lambda r: float(r.growth)),
    Column("Years", years_text, "Which plan years the line runs in (1-5)"),
    Column(
        "Over 5 years",
        lambda r: format_money(sum(r.values(), ZERO), pence=False),
        sort=lambda r: float(sum(r.values(), ZERO)),
        right=True,
    ),
]


class GrowthField(CheckedField):
    """A yearly change from -100% to +100% ('3%', '-2.5'); blank is no change."""

    def __init__(self) -> None:
        super().__init__(
            "Growth a year",
            lambda text: parse_growth(text, "yearly growth"),
            format_percent,
            placeholder="e.g. 3% (blank: the same every year)",
            tip="How much the line grows (or, below zero, falls) each year, -100% to +100%.",
        )


class LineDialog(RecordDialog):
    """One income stream or running cost."""

    def __init__(self, parent, title: str, kind: str, submit) -> None:  # type: ignore[no-untyped-def]
        super().__init__(parent, title, submit)
        word = "income" if kind != COST else "cost"
        self.category = labelled(QComboBox(), "Category", f"What kind of {word} this is.")
        for key, label in _categories(kind).items():
            self.category.addItem(label, key)
        self.label = labelled(
            QLineEdit(), "Description", "Optional: e.g. 'Nursery lease' or 'Caretaker (0.5 FTE)'."
        )
        self.amount = MoneyField("Amount in its first year", required=True)
        self.growth = GrowthField()
        self.start_year = labelled(QSpinBox(), "Start year", "The plan year the line starts in.")
        self.start_year.setRange(1, YEARS)
        self.end_year = labelled(
            QComboBox(), "Last year", "The plan year the line ends in (e.g. a 3-year contract)."
        )
        self.end_year.addItem("to the end of the plan", None)
        for year in range(1, YEARS + 1):
            self.end_year.addItem(f"year {year}", year)
        self.note = note_box("Anything to remember about this line, e.g. how it was worked out.")
        self.note_before = ""
        for label, widget in (
            ("&Category:", self.category),
            ("&Description:", self.label),
            ("&Amount (first year):", self.amount),
            ("&Growth a year:", self.growth),
            ("&Starts in year:", self.start_year),
            ("&Last year:", self.end_year),
            ("&Note:", self.note),
        ):
            self.form.addRow(label, widget)

    def fill(self, line: LineFacts, note: str = "") -> None:
        self.note_before = note
        self.note.setPlainText(note)
        self.category.setCurrentIndex(max(self.category.findData(line.category), 0))
        self.label.setText(line.label)
        self.amount.set_value(line.amount)
        self.growth.set_value(line.growth if line.growth else None)
        self.start_year.setValue(line.start_year)
        self.end_year.setCurrentIndex(max(self.end_year.findData(line.end_year), 0))

    def values(self) -> dict[str, Any]:
        for field in (self.amount, self.growth):
            if not field.is_valid():
                raise InputError(field.error())
        return {
            "category": self.category.currentData(),
            "label": " ".join(self.label.text().split()),
            "amount": self.amount.value(),
            "growth": self.growth.value() if self.growth.value() is not None else ZERO,
            "start_year": self.start_year.value(),
            "end_year": self.end_year.currentData(),
            "note": self.note.toPlainText().strip(),
        }


class LinesList(RecordList):
    """Income streams (kind INCOME) or running costs (COST), saved through `page`."""

    def __init__(self, page: Any, kind: str) -> None:
        self.kind = kind
        self.entity = "running_cost" if kind == COST else "income_stream"
        what = "running cost" if kind == COST else "income stream"
        super().__init__(what, LINE_COLUMNS, key=lambda r: r.id)
        self.page = page
        self.dialog: LineDialog | None = None
        self.view.setAccessibleName("Running costs" if kind == COST else "Income streams")
        self.addRequested.connect(self.add)
        self.editRequested.connect(self.edit)
        self.removeRequested.connect(self.remove)

    def set_rows(self, rows: Any) -> None:
        super().set_rows(rows)
        shown = min(max(len(rows), 3), 10) + 1
        height = shown * self.view.verticalHeader().defaultSectionSize()
        self.view.setFixedHeight(height + self.view.horizontalScrollBar().sizeHint().height())

    def add(self) -> LineDialog:
        title = f"Add {'a running cost' if self.kind == COST else 'an income stream'}"
        self.dialog = LineDialog(self, title, self.kind, lambda: self._save(None))
        self.dialog.open()
        return self.dialog

    def edit(self, line: LineFacts) -> LineDialog:
        self.page.open_record(self.entity, line.id)
        title = f"Edit {'a running cost' if self.kind == COST else 'an income stream'}"
        self.dialog = LineDialog(self, title, self.kind, lambda: self._save(line))
        self.dialog.fill(line, stored_note(self.page.ctx, self.entity, line.id))
        self.dialog.open()
        return self.dialog

    def _save(self, existing: LineFacts | None) -> bool:
        page, dialog = self.page, self.dialog
        case_id, ctx = page.case_id, page.ctx
        assert case_id is not None and dialog is not None
        add = (
            plan_services.add_running_cost if self.kind == COST else plan_services.add_income_stream
        )

        def run() -> None:
            values = dialog.values()
            name = values["label"] or _categories(self.kind)[values["category"]]
            changed = {}
            if existing is not None:
                changed = changed_fields(existing, values, dialog.note_before)
            save_record(
                page,
                self.entity,
                existing.id if existing else None,
                lambda s: add(s, case_id, today=ctx.today, **values),
                changed,
                add_text=f"Add {self.what} {name}",
                edit_text=f"Edit {self.what} {name}",
                shown=existing,
            )

        return page.attempt(run, f"The {self.what} could not be saved")

    def remove(self, line: LineFacts) -> None:
        remove_record(
            self.page,
            self.entity,
            line.id,
            question=(
                f"Remove {self.what}",
                f"Remove {line.name} ({format_money(line.amount)} a year)? You can undo this.",
            ),
            text=f"Remove {self.what} {line.name}",
            failure=f"The {self.what} could not be removed",
        )
