"""The terms of one lease as a form: every field of the record, typed dates and amounts
read as you type (a bad one red with the reason, never saved), saved in one undoable step.

A reload keeps what the user has typed but not saved in the fields they touched; every
other field shows the stored value (so undo and redo show at once).
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from cattool.core.errors import InputError
from cattool.core.lease.facts import (
    CONDITIONS,
    LEASE_STATUSES,
    RENT_REVIEW_BASES,
    REPAIRING,
    WHO_PAYS,
    LeaseFacts,
)
from cattool.core.money.format import format_money
from cattool.ui.date_field import DateField
from cattool.ui.forms import labelled, note_label, parse_count
from cattool.ui.pages.common import EditStart
from cattool.ui.pages.money_fields import MoneyField


@dataclass
class Field:
    """One form field: the widget shown, how to read it (InputError when it cannot be
    saved) and how to show a stored value."""

    widget: QWidget
    read: Callable[[], Any]
    show: Callable[[Any], None]
    raw: Callable[[], Any]  # what is on screen, to tell whether the user touched it


def _combo(name: str, choices: dict[str, str], blank: str | None, tip: str = "") -> QComboBox:
    box = labelled(QComboBox(), name, tip)
    box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    box.setMinimumContentsLength(14)  # long choices elide rather than widen the page
    if blank is not None:
        box.addItem(blank, "")
    for key, label in choices.items():
        box.addItem(label, key)
    return box


def _text(name: str, tip: str = "", lines: int = 0) -> QLineEdit | QPlainTextEdit:
    if lines:
        box = labelled(QPlainTextEdit(), name, tip)
        box.setTabChangesFocus(True)
        box.setFixedHeight(24 * lines + 12)
        return box
    return labelled(QLineEdit(), name, tip)


class LeaseForm(QGroupBox):
    """The selected lease's terms; `save` pushes one EditFieldsCommand for the changes."""

    def __init__(self, page: Any) -> None:
        super().__init__("Terms of the lease")
        self.page = page
        self.lease: LeaseFacts | None = None
        self.stored: dict[str, Any] = {}
        self.shown: dict[str, Any] = {}
        self.start = EditStart()  # the version its edits start from
        self.fields: dict[str, Field] = {}
        today = page.ctx.today
        left, right = QFormLayout(), QFormLayout()
        for form in (left, right):
            form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)

        self._add_text(left, "title", "Na&me:", "Lease name", "e.g. 'CAT lease of the library'")
        self._add_combo(left, "status", "&Status:", "Status", LEASE_STATUSES, None)
        is_new = labelled(
            QCheckBox("A new lease (granted now, not one already running)"),
            "New lease",
            "The 2026 Act's ban on upward-only rent reviews is for new leases.",
        )
        self._add(
            left,
            "is_new",
            "",
            is_new,
            is_new.isChecked,
            lambda v: is_new.setChecked(v is not False),
        )
        self._add_text(left, "landlord", "&Landlord:", "Landlord", "Usually the council.")
        self._add_text(left, "tenant", "&Tenant:", "Tenant", "The group, as the lease names it.")
        self._add_text(left, "premises", "&Premises:", "Premises", "What is let.", lines=2)
        self._add_text(left, "plan_path", "Plan (file):", "Plan", "Where the lease plan is kept.")
        term = QLineEdit()
        term.setPlaceholderText("e.g. 25")
        labelled(term, "Term in years", "The length of the lease in whole years.")
        self._add(
            left, "term_years", "Te&rm (years):", term,
            lambda: parse_count(term.text(), "The term (years)"),
            lambda v: term.setText("" if v is None else str(v)), term.text,
        )  # fmt: skip
        self._add_date(left, "start_date", "Sta&rt date:", "Start date", today)
        self._add_date(
            left, "end_date", "&End date:", "End date", today, "blank: start date plus the term"
        )
        pepper = labelled(QCheckBox("Peppercorn rent (no money rent)"), "Peppercorn rent")
        self._add(
            left, "peppercorn", "", pepper, pepper.isChecked, lambda v: pepper.setChecked(bool(v))
        )
        self._add_money(left, "rent", "Re&nt a year:", "Rent a year")
        self._add_money(left, "premium", "Premi&um:", "Premium", "Paid once, at the start.")
        review = QLineEdit()
        review.setPlaceholderText("e.g. 5")
        labelled(review, "Rent review every (years)", "Years between rent reviews.")
        self._add(
            left, "rent_review_years", "Rent review e&very (years):", review,
            lambda: parse_count(review.text(), "The rent review interval (years)"),
            lambda v: review.setText("" if v is None else str(v)), review.text,
        )  # fmt: skip
        self._add_combo(
            left, "rent_review_basis", "Rent review &basis:", "Rent review basis",
            RENT_REVIEW_BASES, "Not entered",
        )  # fmt: skip
        self._add_money(right, "market_value", "Market &value:", "Market value",
                        "The open-market value (for the undervalue).")  # fmt: skip
        self._add_money(right, "price", "Pr&ice paid:", "Price", "What the group pays for it.")
        self.undervalue = note_label()
        self.undervalue.setAccessibleName("Undervalue")
        right.addRow("Undervalue:", self.undervalue)
        self._add_combo(right, "repairing", "Re&pairing:", "Repairing obligation", REPAIRING,
                        "Not entered")  # fmt: skip
        self._add_text(right, "schedule_of_condition", "Schedule of condition:",
                       "Schedule of condition", "Where it is, or what it records.")  # fmt: skip
        self._add_combo(right, "building_condition", "Building &condition:",
                        "Building condition", CONDITIONS, "Not known")  # fmt: skip
        for name, label, what in (
            ("repair_cycle_years", "Repairs every (years):", "Repair cycle (years)"),
            ("decoration_cycle_years", "Decorate every (years):", "Decoration cycle (years)"),
        ):
            self._add_years(right, name, label, what)
        self._add_combo(
            right, "insurance_by", "Insured b&y:", "Insured by", WHO_PAYS, "Not entered"
        )
        self._add_date(right, "insurance_renewal", "Insurance renews:", "Insurance renewal", today)
        self._add_text(right, "user_clause", "User cla&use:", "User clause",
                       "What the building may be used for.", lines=2)  # fmt: skip
        self._add_text(right, "alienation", "Assignment, subletting:", "Alienation",
                       "Whether the group may assign the lease or sublet.", lines=2)  # fmt: skip
        self._add_text(right, "overage", "Overage:", "Overage",
                       "A share of any later gain the council keeps.")  # fmt: skip
        self._add_text(right, "service_charge", "Service charge:", "Service charge")
        self._add_combo(right, "legal_costs_by", "Landlord's le&gal costs paid by:",
                        "Landlord's legal costs paid by", WHO_PAYS, "Not entered")  # fmt: skip
        self._add_text(right, "rate_relief", "Business-rate relief:", "Rate relief",
                       "e.g. 80% mandatory charitable relief.")  # fmt: skip
        self._add_text(right, "conditions_precedent", "Conditions precedent:",
                       "Conditions precedent", "What must happen before the lease is granted.",
                       lines=2)  # fmt: skip
        self._add_text(right, "note", "Note:", "Note", lines=2)

        self.save_button = labelled(
            QPushButton("&Save the lease terms"),
            "Save the lease terms",
            "Save the changes in one step (you can undo it).",
        )
        self.discard_button = labelled(
            QPushButton("Discard changes"), "Discard changes", "Show the saved terms again."
        )
        self.save_button.clicked.connect(self.save)
        self.discard_button.clicked.connect(self.discard)
        self.state = note_label()
        self.state.setAccessibleName("Lease form state")
        bar = QHBoxLayout()
        bar.addWidget(self.save_button)
        bar.addWidget(self.discard_button)
        bar.addWidget(self.state, 1)
        columns = QHBoxLayout()
        for form in (left, right):
            holder = QVBoxLayout()
            holder.addLayout(form)
            holder.addStretch(1)
            columns.addLayout(holder, 1)
            columns.addSpacing(12)
        layout = QVBoxLayout(self)
        layout.addLayout(columns)
        layout.addLayout(bar)
        self._update_state()

    # ------------------------------------------------------------------ building

    def _add(
        self,
        form: QFormLayout,
        name: str,
        label: str,
        widget: QWidget,
        read: Callable[[], Any],
        show: Callable[[Any], None],
        raw: Callable[[], Any] | None = None,
    ) -> None:
        self.fields[name] = Field(widget, read, show, raw or read)
        if label:
            form.addRow(label, widget)
        else:
            form.addRow(widget)
        for signal in ("textChanged", "toggled", "currentIndexChanged", "valueChanged"):
            if hasattr(widget, signal):
                getattr(widget, signal).connect(self._update_state)
        if isinstance(widget, DateField):
            widget.edit.textChanged.connect(self._update_state)

    def _add_text(
        self, form: QFormLayout, name: str, label: str, what: str, tip: str = "", lines: int = 0
    ) -> None:
        box = _text(what, tip, lines)
        if isinstance(box, QPlainTextEdit):
            read, show = box.toPlainText, lambda v: box.setPlainText(v or "")
            box.textChanged.connect(self._update_state)
        else:

            def show(value: Any, box: QLineEdit = box) -> None:
                box.setText(value or "")
                box.setCursorPosition(0)  # the start of a long value, not its end

            read = box.text
        self._add(form, name, label, box, read, show)

    def _add_combo(
        self, form: QFormLayout, name: str, label: str, what: str, choices: dict, blank: str | None
    ) -> None:
        box = _combo(what, choices, blank)
        self._add(
            form, name, label, box, box.currentData,
            lambda v: box.setCurrentIndex(max(box.findData(v or ""), 0)),
        )  # fmt: skip

    def _add_date(
        self, form: QFormLayout, name: str, label: str, what: str, today: Any, hint: str = ""
    ) -> None:
        field = DateField(today, optional=True, what=f"The {what.lower()}")
        field.edit.setAccessibleName(what)
        field.setFocusProxy(field.edit)
        if hint:
            field.edit.setPlaceholderText(hint)

        def read() -> Any:
            if not field.is_valid():
                raise InputError(f"{what}: {field.error()}")
            return field.value()

        self._add(form, name, label, field, read, field.set_value, field.edit.text)

    def _add_money(
        self, form: QFormLayout, name: str, label: str, what: str, tip: str = ""
    ) -> None:
        field = MoneyField(what, tip=tip)

        def read() -> Any:
            if not field.is_valid():
                raise InputError(field.error())
            return field.value()

        self._add(form, name, label, field, read, field.set_value, field.text)

    def _add_years(self, form: QFormLayout, name: str, label: str, what: str) -> None:
        box = labelled(QLineEdit(), what)
        box.setPlaceholderText("blank: none in the lease")
        self._add(
            form, name, label, box, lambda: parse_count(box.text(), what),
            lambda v: box.setText("" if v is None else str(v)), box.text,
        )  # fmt: skip

    # ------------------------------------------------------------------ values

    def show_lease(self, lease: LeaseFacts | None) -> None:
        """Show `lease`'s stored terms, keeping unsaved edits to the same lease."""
        same = self.lease is not None and lease is not None and lease.id == self.lease.id
        keeping = False  # unsaved edits kept (so its edits start from an older version)
        self.lease = lease
        self.setEnabled(lease is not None)
        stored = {name: getattr(lease, name) for name in self.fields} if lease else {}
        for name, field in self.fields.items():
            new = stored.get(name)
            touched = same and field.raw() != self.shown.get(name)
            if touched:  # typed but not saved: keep it unless it is now what is stored
                with contextlib.suppress(InputError):
                    touched = field.read() != new
            if not touched:
                field.show(new)
                self.shown[name] = field.raw()
            keeping = keeping or touched
        self.stored = stored
        self.start.update(
            self.page.version_of("lease", lease.id) if lease else None, stored, keeping
        )
        undervalue = lease.undervalue if lease else None
        self.undervalue.setText(
            format_money(undervalue)
            if undervalue is not None
            else "enter the market value and price"
        )
        self.setTitle(f"Terms of the lease: {lease.name}" if lease else "Terms of the lease")
        self._update_state()

    def values(self) -> dict[str, Any]:
        """Every field as it would be saved; InputError names the first that cannot be."""
        return {name: field.read() for name, field in self.fields.items()}

    def changed(self) -> dict[str, Any]:
        values = self.values()
        return {k: v for k, v in values.items() if v != self.stored.get(k)}

    def _update_state(self, *_args: Any) -> None:
        if self.lease is None:
            self.state.setText("Add a lease to enter its terms.")
            self.save_button.setEnabled(False)
            self.discard_button.setEnabled(False)
            return
        touched = any(f.raw() != self.shown.get(n) for n, f in self.fields.items())
        try:
            changed = bool(self.changed())
            problem = ""
        except InputError as exc:
            changed, problem = True, str(exc)
        self.save_button.setEnabled(changed and not problem)
        self.discard_button.setEnabled(touched)
        self.save_button.setToolTip(problem or "Save the changes in one step (you can undo it).")
        if problem:
            self.state.setText(f"Cannot be saved: {problem}")
            self.state.setStyleSheet("color: #b00020;")
        else:
            self.state.setText("Unsaved changes." if changed else "All changes saved.")
            self.state.setStyleSheet("")

    def discard(self) -> None:
        lease, self.lease = self.lease, None
        self.show_lease(lease)

    def save(self) -> bool:
        lease, page = self.lease, self.page
        if lease is None:
            return False

        def run() -> None:
            changed = self.changed()
            if changed:
                page.edit_lease(
                    lease.id, changed, f"Edit the lease terms ({lease.name})", self.start
                )

        return page.attempt(run, "The lease terms could not be saved")
