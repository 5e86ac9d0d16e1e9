"""Funding sources and pledges: the table (type, funder, fund, amount, status, dates,
conditions, what each counts for), and the dialog that adds or edits one.

Writes go through core.money.services (add) and the editing registry (edit, delete), each
one undoable step; amounts are typed as people write them ("£25,000") and a bad amount is
shown in red and refused.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
)

from cattool.core.dates import format_date_short
from cattool.core.errors import InputError
from cattool.core.money import services as money_services
from cattool.core.money.facts import Likelihoods, SourceFacts
from cattool.core.money.format import format_money, format_percent
from cattool.core.money.projection import expected_value, likelihood
from cattool.core.money.vocabulary import (
    RECEIVED,
    SOURCE_KINDS,
    STATUS_LABELS,
    STATUSES,
)
from cattool.ui.date_field import DateField
from cattool.ui.forms import Column, RecordDialog, RecordList, labelled, parse_count
from cattool.ui.pages.common import remove_record, save_record
from cattool.ui.pages.money_data import SourceRow
from cattool.ui.pages.money_fields import MoneyField, PercentField

DATE_FIELDS = ("applied_on", "decision_expected", "expected_on", "received_on")
SOURCE_FIELDS = (
    "kind", "funder", "fund_name", "fund_key", "amount", "status", *DATE_FIELDS,
    "likelihood", "match_percent", "min_lease_years", "incorporation_required",
    "condition_deadline", "conditions_note", "note",
)  # fmt: skip


def _date(value: dt.date | None) -> str:
    return format_date_short(value) if value else ""


def _iso(value: dt.date | None) -> str:
    return value.isoformat() if value else ""


def conditions_text(source: SourceFacts) -> str:
    """'match 50% · lease 25+ years · incorporated · by 1 Jun 2026 · note'."""
    parts = []
    if source.match_percent is not None:
        parts.append(f"match {format_percent(source.match_percent)}")
    if source.min_lease_years is not None:
        parts.append(f"lease {source.min_lease_years}+ years")
    if source.incorporation_required:
        parts.append("incorporated body")
    if source.condition_deadline is not None:
        parts.append(f"by {_date(source.condition_deadline)}")
    if source.conditions_note.strip():
        parts.append(" ".join(source.conditions_note.split()))
    return " · ".join(parts)


def source_columns(likelihoods: Callable[[], Likelihoods]) -> list[Column]:
    """The table's columns; `likelihoods` gives the case's likelihoods now."""

    def counts(row: SourceRow) -> str:
        value = expected_value(row.facts, likelihoods())
        share = format_percent(likelihood(row.facts, likelihoods()))
        return f"{format_money(value)} ({share})"

    def sort_date(name: str) -> Callable[[SourceRow], str]:
        return lambda r: _iso(r.value(name))

    return [
        Column("Type", lambda r: SOURCE_KINDS.get(r.facts.kind, r.facts.kind)),
        Column("Funder", lambda r: r.facts.funder),
        Column("Fund", lambda r: r.facts.fund_name),
        Column(
            "Amount",
            lambda r: format_money(r.facts.amount),
            sort=lambda r: float(r.facts.amount),
            right=True,
        ),
        Column(
            "Status",
            lambda r: STATUS_LABELS.get(r.facts.status, r.facts.status),
            sort=lambda r: STATUSES.index(r.facts.status) if r.facts.status in STATUSES else 99,
        ),
        Column(
            "Applied",
            lambda r: _date(r.facts.applied_on),
            "When the application went in",
            sort_date("applied_on"),
        ),
        Column(
            "Decision expected",
            lambda r: _date(r.facts.decision_expected),
            sort=sort_date("decision_expected"),
        ),
        Column(
            "Expected",
            lambda r: _date(r.facts.expected_on),
            "When the money should arrive (the projection counts it from then)",
            sort_date("expected_on"),
        ),
        Column("Received", lambda r: _date(r.facts.received_on), sort=sort_date("received_on")),
        Column(
            "Counts as",
            counts,
            "What the projection counts: the amount × the likelihood of its status",
            sort=lambda r: float(expected_value(r.facts, likelihoods())),
            right=True,
        ),
        Column("Conditions", lambda r: conditions_text(r.facts)),
    ]


class SourceDialog(RecordDialog):
    """One funding source: what, how much, where it stands, when, and its conditions."""

    def __init__(self, parent, title, today: dt.date, likelihoods: Likelihoods, submit) -> None:  # type: ignore[no-untyped-def]
        super().__init__(parent, title, submit)
        self._likelihoods = likelihoods
        self.fund_key = ""
        self.kind = labelled(QComboBox(), "Type of funding", "Grant, loan, shares, donation…")
        for key, label in SOURCE_KINDS.items():
            self.kind.addItem(label, key)
        self.funder = labelled(
            QLineEdit(), "Funder", "Who gives or lends it, e.g. Architectural Heritage Fund."
        )
        self.fund_name = labelled(QLineEdit(), "Fund", "The programme's name, if it has one.")
        self.amount = MoneyField("Amount", required=True)
        self.status = labelled(
            QComboBox(), "Status", "Where it stands: idea → applied → pledged → awarded → received."
        )
        for key in STATUSES:
            self.status.addItem(STATUS_LABELS[key], key)
        self.own_likelihood = PercentField(
            "This source's likelihood",
            tip="Leave blank to use the likelihood of its status (set under Likelihoods).",
        )
        self.applied_on = self._date_field(today, "Applied on", past=True)
        self.decision_expected = self._date_field(today, "Decision expected")
        self.expected_on = self._date_field(today, "Money expected on")
        self.received_on = self._date_field(today, "Received on", past=True)
        for row, (label, widget) in enumerate(
            (
                ("&Type:", self.kind),
                ("&Funder:", self.funder),
                ("F&und:", self.fund_name),
                ("&Amount:", self.amount),
                ("&Status:", self.status),
                ("&Likelihood:", self.own_likelihood),
                ("Applied o&n:", self.applied_on),
                ("&Decision expected:", self.decision_expected),
                ("&Money expected on:", self.expected_on),
                ("&Received on:", self.received_on),
            )
        ):
            self.form.insertRow(row, label, widget)
        self._build_conditions(today)
        self.status.currentIndexChanged.connect(self._status_changed)
        self._status_changed()
        self.setMinimumWidth(900)

    def _date_field(self, today: dt.date, name: str, *, past: bool = False) -> DateField:
        field = DateField(today, past_only=past, optional=True, what=name.split(" on")[0])
        field.setFocusProxy(field.edit)
        field.edit.setAccessibleName(name)
        return field

    def _build_conditions(self, today: dt.date) -> None:
        box = QGroupBox("Conditions attached")
        form = QFormLayout(box)
        self.match_percent = PercentField(
            "Match funding", tip="The share of the costs that must come from other sources."
        )
        self.min_lease_years = labelled(
            QLineEdit(), "Minimum lease in years", "If the funder needs a lease of some length."
        )
        self.min_lease_years.setPlaceholderText("a whole number of years")
        self.incorporation = labelled(
            QCheckBox("Needs an &incorporated group"),
            "Incorporation required",
            "Tick if only an incorporated body (a society, CIO or company) can receive it.",
        )
        self.condition_deadline = self._date_field(today, "Conditions met by")
        self.conditions_note = labelled(QPlainTextEdit(), "Other conditions")
        self.conditions_note.setTabChangesFocus(True)
        self.conditions_note.setFixedHeight(70)
        self.note = labelled(QPlainTextEdit(), "Note")
        self.note.setTabChangesFocus(True)
        self.note.setFixedHeight(70)
        form.addRow("Ma&tch funding:", self.match_percent)
        form.addRow("Minimum l&ease (years):", self.min_lease_years)
        form.addRow("", self.incorporation)
        form.addRow("Conditions met &by:", self.condition_deadline)
        form.addRow("&Other conditions:", self.conditions_note)
        form.addRow("N&ote:", self.note)
        layout = self.layout()
        layout.removeItem(self.form)
        row = QHBoxLayout()
        row.addLayout(self.form, 3)
        row.addWidget(box, 2)
        layout.insertLayout(0, row)  # type: ignore[attr-defined]

    def _status_changed(self, *_args: Any) -> None:
        status = self.status.currentData()
        self.form.setRowVisible(self.received_on, status == RECEIVED)
        if status in ("received", "declined"):
            fixed = "100%" if status == RECEIVED else "0%"
            self.own_likelihood.setPlaceholderText(f"{fixed}: always, for this status")
        else:
            default = format_percent(self._likelihoods.of(status))
            self.own_likelihood.setPlaceholderText(f"{default}, as for its status")

    def fill(self, row: SourceRow) -> None:
        source = row.facts
        self.kind.setCurrentIndex(max(self.kind.findData(source.kind), 0))
        self.funder.setText(source.funder)
        self.fund_name.setText(source.fund_name)
        self.fund_key = source.fund_key
        self.amount.set_value(source.amount)
        self.status.setCurrentIndex(max(self.status.findData(source.status), 0))
        self.own_likelihood.set_value(source.likelihood)
        for name in (*DATE_FIELDS, "condition_deadline"):
            getattr(self, name).set_value(getattr(source, name))
        self.match_percent.set_value(source.match_percent)
        lease = source.min_lease_years
        self.min_lease_years.setText("" if lease is None else str(lease))
        self.incorporation.setChecked(source.incorporation_required)
        self.conditions_note.setPlainText(source.conditions_note)
        self.note.setPlainText(row.note)
        for edit in (self.funder, self.fund_name):
            edit.setCursorPosition(0)

    def prefill(self, values: dict[str, Any]) -> None:
        """Start a new source from a catalogue fund's details."""
        self.kind.setCurrentIndex(max(self.kind.findData(values.get("kind", "grant")), 0))
        self.funder.setText(values.get("funder", ""))
        self.fund_name.setText(values.get("fund_name", ""))
        self.fund_key = values.get("fund_key", "")
        if values.get("amount") is not None:
            self.amount.set_value(values["amount"])
        self.match_percent.set_value(values.get("match_percent"))
        lease = values.get("min_lease_years")
        self.min_lease_years.setText("" if lease is None else str(lease))
        self.incorporation.setChecked(bool(values.get("incorporation_required")))
        self.conditions_note.setPlainText(values.get("conditions_note", ""))

    def values(self) -> dict[str, Any]:
        """Every field to save; InputError with the reason when one cannot be read."""
        checked = (
            self.amount, self.own_likelihood, self.match_percent, self.applied_on,
            self.decision_expected, self.expected_on, self.received_on, self.condition_deadline,
        )  # fmt: skip
        for field in checked:
            if not field.is_valid():
                raise InputError(field.error())
        status = self.status.currentData()
        return {
            "kind": self.kind.currentData(),
            "funder": " ".join(self.funder.text().split()),
            "fund_name": " ".join(self.fund_name.text().split()),
            "fund_key": self.fund_key,
            "amount": self.amount.value(),
            "status": status,
            "applied_on": self.applied_on.value(),
            "decision_expected": self.decision_expected.value(),
            "expected_on": self.expected_on.value(),
            "received_on": self.received_on.value() if status == RECEIVED else None,
            "likelihood": self.own_likelihood.value(),
            "match_percent": self.match_percent.value(),
            "min_lease_years": parse_count(self.min_lease_years.text(), "Minimum lease"),
            "incorporation_required": self.incorporation.isChecked(),
            "condition_deadline": self.condition_deadline.value(),
            "conditions_note": self.conditions_note.toPlainText().strip(),
            "note": self.note.toPlainText().strip(),
        }


class SourcesList(RecordList):
    """The sources table with Add, Edit and Remove, saving through `page` (a CasePage)."""

    def __init__(self, page: Any, likelihoods: Callable[[], Likelihoods]) -> None:
        super().__init__("source", source_columns(likelihoods), key=lambda r: r.id)
        self.page = page
        self._likelihoods = likelihoods
        self.dialog: SourceDialog | None = None
        self.add_button.setText("&Add source or pledge…")
        self.view.setMinimumHeight(190)
        self.view.setAccessibleName("Funding sources and pledges")
        self.addRequested.connect(lambda: self.add())
        self.editRequested.connect(self.edit)
        self.removeRequested.connect(self.remove)

    def set_rows(self, rows: Any) -> None:
        super().set_rows(rows)
        for column, widest in ((0, 150), (1, 200), (2, 200)):  # names elide; tooltips show all
            self.view.setColumnWidth(column, min(self.view.columnWidth(column), widest))
        # Tall enough for every row (up to twelve) without scrolling within the page.
        rows = min(max(len(rows), 5), 12) + 1
        height = rows * self.view.verticalHeader().defaultSectionSize()
        self.view.setMinimumHeight(height + self.view.horizontalScrollBar().sizeHint().height() + 6)

    def add(self, prefill: dict[str, Any] | None = None) -> SourceDialog:
        title = "Add a funding source or pledge"
        self.dialog = SourceDialog(
            self, title, self.page.ctx.today, self._likelihoods(), lambda: self._save(None)
        )
        if prefill:
            self.dialog.prefill(prefill)
        self.dialog.open()
        return self.dialog

    def edit(self, row: SourceRow) -> None:
        self.page.open_record("funding_source", row.id)
        self.dialog = SourceDialog(
            self, "Edit a funding source", self.page.ctx.today, self._likelihoods(),
            lambda: self._save(row),
        )  # fmt: skip
        self.dialog.fill(row)
        self.dialog.open()

    def _save(self, existing: SourceRow | None) -> bool:
        page, dialog = self.page, self.dialog
        case_id, ctx = page.case_id, page.ctx
        assert case_id is not None and dialog is not None

        def run() -> None:
            values = dialog.values()
            label = _label(values)
            changed = {}
            if existing is not None:
                changed = {k: v for k, v in values.items() if existing.value(k) != v}
            save_record(
                page,
                "funding_source",
                existing.id if existing else None,
                lambda s: money_services.add_funding_source(
                    s,
                    case_id,
                    today=ctx.today,
                    **{k: v for k, v in values.items() if v is not None},
                ),
                changed,
                add_text=f"Add {label}",
                edit_text=f"Edit {label}",
                shown={k: existing.value(k) for k in changed} if existing else None,
            )

        return page.attempt(run, "The funding source could not be saved")

    def remove(self, row: SourceRow) -> None:
        label = row.facts.label
        remove_record(
            self.page,
            "funding_source",
            row.id,
            question=(
                "Remove funding source",
                f"Remove {label} ({format_money(row.facts.amount)})? You can undo this.",
            ),
            text=f"Remove {label}",
            failure="The funding source could not be removed",
        )


def _label(values: dict[str, Any]) -> str:
    parts = [p for p in (values.get("funder"), values.get("fund_name")) if p]
    name = ": ".join(parts) if parts else SOURCE_KINDS.get(values["kind"], values["kind"])
    amount = values.get("amount")
    return f"{name} ({format_money(amount)})" if isinstance(amount, Decimal) else name
