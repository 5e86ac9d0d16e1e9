"""The shareholder register of a community share offer (personal data): applicants, what
each applied for, paid and was refunded; the dialogs that add or edit an applicant and
record a payment or a refund. Every change is one undoable step through
core.money.services (add, payment, refund) or the editing registry (edit, remove).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from PySide6.QtWidgets import QLineEdit, QPlainTextEdit, QPushButton

from cattool.core.dates import format_date_short
from cattool.core.errors import InputError
from cattool.core.money import services as money_services
from cattool.core.money.format import ZERO, format_money
from cattool.ui.commands import ServiceEditCommand, push
from cattool.ui.date_field import DateField
from cattool.ui.forms import Column, RecordDialog, RecordList, clean_postcode, labelled
from cattool.ui.pages.common import loaded_of, remove_record, save_record
from cattool.ui.pages.money_fields import MoneyField

APPLICANT_FIELDS = ("name", "address", "postcode", "email", "amount_applied", "applied_on", "note")


@dataclass(frozen=True)
class ApplicationRow:
    """One applicant in the register (personal data: shown, never logged)."""

    id: int
    name: str
    address: str
    postcode: str
    email: str
    amount_applied: Decimal
    applied_on: dt.date | None
    amount_paid: Decimal
    paid_on: dt.date | None
    amount_refunded: Decimal
    refunded_on: dt.date | None
    note: str

    @property
    def held(self) -> Decimal:
        return self.amount_paid - self.amount_refunded


def application_row(row: Any) -> ApplicationRow:
    return ApplicationRow(
        row.id, row.name, row.address or "", row.postcode or "", row.email or "",
        row.amount_applied, row.applied_on, row.amount_paid or ZERO, row.paid_on,
        row.amount_refunded or ZERO, row.refunded_on, row.note or "",
    )  # fmt: skip


def _date(value: dt.date | None) -> str:
    return format_date_short(value) if value else ""


def _money_column(header: str, value: Callable[[ApplicationRow], Decimal], tip: str = "") -> Column:
    return Column(
        header,
        lambda r: format_money(value(r)) if value(r) or header == "Applied for" else "",
        tip,
        sort=lambda r: float(value(r)),
        right=True,
    )


REGISTER_COLUMNS = [
    Column("Name", lambda r: r.name),
    Column("Postcode", lambda r: r.postcode),
    _money_column("Applied for", lambda r: r.amount_applied),
    Column("Applied", lambda r: _date(r.applied_on), sort=lambda r: str(r.applied_on or "")),
    _money_column("Paid", lambda r: r.amount_paid),
    Column("Paid on", lambda r: _date(r.paid_on), sort=lambda r: str(r.paid_on or "")),
    _money_column("Refunded", lambda r: r.amount_refunded),
    _money_column("Held", lambda r: r.held, "Paid and not refunded: the money the society holds"),
    Column("Email", lambda r: r.email),
]


class ApplicantDialog(RecordDialog):
    """An applicant: who they are and what they applied for."""

    def __init__(self, parent, title: str, today: dt.date, submit) -> None:  # type: ignore[no-untyped-def]
        super().__init__(parent, title, submit)
        self.name = labelled(QLineEdit(), "Applicant's name", "Their full name.")
        self.address = labelled(QLineEdit(), "Address")
        self.postcode = labelled(QLineEdit(), "Postcode", "e.g. M32 0LG")
        self.email = labelled(QLineEdit(), "Email")
        self.amount = MoneyField("Amount applied for", required=True)
        self.applied_on = DateField(today, past_only=True, optional=True, what="An application")
        self.applied_on.edit.setAccessibleName("Applied on")
        self.applied_on.setFocusProxy(self.applied_on.edit)
        self.note = labelled(QPlainTextEdit(), "Note")
        self.note.setTabChangesFocus(True)
        self.note.setFixedHeight(60)
        self.form.addRow("&Name:", self.name)
        self.form.addRow("&Address:", self.address)
        self.form.addRow("&Postcode:", self.postcode)
        self.form.addRow("&Email:", self.email)
        self.form.addRow("Applied &for:", self.amount)
        self.form.addRow("Applied &on:", self.applied_on)
        self.form.addRow("N&ote:", self.note)

    def fill(self, row: ApplicationRow) -> None:
        self.name.setText(row.name)
        self.address.setText(row.address)
        self.postcode.setText(row.postcode)
        self.email.setText(row.email)
        self.amount.set_value(row.amount_applied)
        self.applied_on.set_value(row.applied_on)
        self.note.setPlainText(row.note)

    def values(self) -> dict[str, Any]:
        for field in (self.amount, self.applied_on):
            if not field.is_valid():
                raise InputError(field.error())
        return {
            "name": " ".join(self.name.text().split()),
            "address": self.address.text().strip(),
            "postcode": clean_postcode(self.postcode.text()),
            "email": self.email.text().strip(),
            "amount_applied": self.amount.value(),
            "applied_on": self.applied_on.value(),
            "note": self.note.toPlainText().strip(),
        }


class MoneyDateDialog(RecordDialog):
    """An amount and the day it moved (a payment or a refund); `amount` may be hidden."""

    def __init__(
        self, parent, title: str, today: dt.date, what: str, submit, *, amount: bool = True
    ) -> None:  # type: ignore[no-untyped-def]
        super().__init__(parent, title, submit)
        self.amount = MoneyField("Amount")
        self.date = DateField(today, past_only=True, what=what)
        self.date.edit.setAccessibleName("Date")
        self.date.setFocusProxy(self.date.edit)
        if amount:
            self.form.addRow("&Amount:", self.amount)
        else:
            self.amount.hide()
        self.form.addRow("&Date:", self.date)
        self.date.set_value(today)
        self.setMinimumWidth(460)

    def values(self) -> tuple[Decimal | None, dt.date]:
        if not self.amount.is_valid():
            raise InputError(self.amount.error())
        when = self.date.value()
        if when is None:
            raise InputError(self.date.error() or "Enter the date.")
        return self.amount.value(), when


class RegisterList(RecordList):
    """The register with Add, Edit, Remove, Record payment and Refund."""

    def __init__(self, page: Any) -> None:
        super().__init__("applicant", REGISTER_COLUMNS, key=lambda r: r.id)
        self.page = page
        self.dialog: RecordDialog | None = None
        self.view.setAccessibleName("Shareholder register")
        self.view.setMinimumHeight(180)
        self.pay_button = labelled(
            QPushButton("Record &payment…"), "Record payment", "Money paid by the applicant."
        )
        self.refund_button = labelled(
            QPushButton("Re&fund…"), "Refund", "Money paid back to the applicant."
        )
        self.pay_button.clicked.connect(self.start_payment)
        self.refund_button.clicked.connect(self.start_refund)
        self.buttons.insertWidget(3, self.pay_button)
        self.buttons.insertWidget(4, self.refund_button)
        self.addRequested.connect(self.add)
        self.editRequested.connect(self.edit)
        self.removeRequested.connect(self.remove)
        self.view.selectionModel().selectionChanged.connect(self._update_money_buttons)
        self._update_money_buttons()

    def set_rows(self, rows: Any) -> None:
        super().set_rows(rows)
        self._update_money_buttons()

    def _update_money_buttons(self, *_args: Any) -> None:
        row = self.selected()
        self.pay_button.setEnabled(
            row is not None and row.amount_refunded == 0 and row.amount_paid < row.amount_applied
        )
        self.refund_button.setEnabled(row is not None and row.held > 0)

    # ------------------------------------------------------------------ applicants

    def add(self) -> None:
        self.dialog = ApplicantDialog(
            self, "Add an applicant", self.page.ctx.today, lambda: self._save(None)
        )
        self.dialog.open()

    def edit(self, row: ApplicationRow) -> None:
        self.page.open_record("share_application", row.id)
        dialog = ApplicantDialog(
            self, "Edit an applicant", self.page.ctx.today, lambda: self._save(row)
        )
        dialog.fill(row)
        self.dialog = dialog
        dialog.open()

    def _save(self, existing: ApplicationRow | None) -> bool:
        page, dialog = self.page, self.dialog
        case_id, ctx = page.case_id, page.ctx
        assert case_id is not None and isinstance(dialog, ApplicantDialog)

        def run() -> None:
            values = dialog.values()
            changed = {}
            if existing is not None:
                changed = {k: v for k, v in values.items() if getattr(existing, k) != v}
            rest = {k: v for k, v in values.items() if k not in ("name", "amount_applied")}
            save_record(
                page,
                "share_application",
                existing.id if existing else None,
                lambda s: money_services.add_share_application(
                    s,
                    case_id,
                    values["name"],
                    values["amount_applied"],
                    today=ctx.today,
                    **{k: v for k, v in rest.items() if v is not None},
                ),
                changed,
                add_text="Add an applicant",
                edit_text="Edit an applicant",
                shown=existing,
            )

        return page.attempt(run, "The applicant could not be saved")

    def remove(self, row: ApplicationRow) -> None:
        remove_record(
            self.page,
            "share_application",
            row.id,
            question=(
                "Remove applicant",
                f"Remove {row.name} from the register? You can undo this."
                + (
                    f" The society still holds {format_money(row.held)} for them."
                    if row.held
                    else ""
                ),
            ),
            text="Remove an applicant",
            failure="The applicant could not be removed",
        )

    # ------------------------------------------------------------------ money

    def start_payment(self) -> None:
        row = self.selected()
        if row is None:
            return
        self.page.open_record("share_application", row.id)
        dialog = MoneyDateDialog(
            self, f"Payment from {row.name}", self.page.ctx.today, "A payment",
            lambda: self._money(row, "payment"),
        )  # fmt: skip
        dialog.amount.set_value(row.amount_applied - row.amount_paid)
        self.dialog = dialog
        dialog.open()

    def start_refund(self) -> None:
        row = self.selected()
        if row is None:
            return
        self.page.open_record("share_application", row.id)
        dialog = MoneyDateDialog(
            self, f"Refund to {row.name}", self.page.ctx.today, "A refund",
            lambda: self._money(row, "refund"),
        )  # fmt: skip
        dialog.amount.setPlaceholderText(f"all that is held: {format_money(row.held)}")
        self.dialog = dialog
        dialog.open()

    def _money(self, row: ApplicationRow, kind: str) -> bool:
        dialog, ctx = self.dialog, self.page.ctx
        assert isinstance(dialog, MoneyDateDialog)

        def run() -> None:
            amount, when = dialog.values()
            if kind == "payment":
                if amount is None:
                    raise InputError("Enter the amount paid, e.g. £250.")
                fields = ("amount_paid", "paid_on")

                def call(s):  # type: ignore[no-untyped-def]
                    return money_services.record_payment(
                        s, row.id, amount, paid_on=when, today=ctx.today
                    )

                text = f"Record a payment of {format_money(amount)}"
            else:
                fields = ("amount_refunded", "refunded_on")

                def call(s):  # type: ignore[no-untyped-def]
                    return money_services.refund(
                        s, row.id, refunded_on=when, today=ctx.today, amount=amount
                    )

                text = f"Refund {format_money(amount if amount is not None else row.held)}"
            expected = loaded_of(self.page, "share_application", [row.id])
            command = ServiceEditCommand(
                ctx, "share_application", lambda s: [row.id], fields, call, text, expected=expected
            )
            push(ctx, command)

        return self.page.attempt(run, f"The {kind} could not be recorded")
