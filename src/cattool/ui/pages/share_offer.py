"""Share offer: the community share offer's terms (checked against DOMAIN.md §8: society
type, raise and holding limits, the holding cap, a setting shown as unverified while it
is), where the offer stands and, once it closes, its outcome (minimum not reached: refund
everyone; oversubscribed: the scaling-back table), and the shareholder register.

The register is personal data. Terms are one form saved as one undoable step; every
applicant, payment and refund is one undoable step too (share_offer_register.py).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from cattool.core.dates import format_date_long
from cattool.core.errors import InputError
from cattool.core.money import services as money_services
from cattool.core.money.format import format_money
from cattool.core.money.queries import OfferSummary, holding_cap, offer_summary
from cattool.core.money.share_offer import OFFER_STATES, HoldingCap, register_totals
from cattool.core.money.share_offer import application_facts as facts_of
from cattool.core.money.vocabulary import SOCIETY_TYPES
from cattool.core.queries import find_case
from cattool.ui.commands import ServiceEditCommand, push
from cattool.ui.date_field import DateField
from cattool.ui.forms import MUTED, Column, RecordList, labelled, note_label, scrolled
from cattool.ui.pages.common import FormPage, add_section, button, loaded_of
from cattool.ui.pages.money_fields import (
    MoneyField,
    PercentField,
    good_bad,
    money_text,
    percent_text,
)
from cattool.ui.pages.share_offer_register import (
    ApplicationRow,
    MoneyDateDialog,
    RegisterList,
    application_row,
)
from cattool.ui.pages.share_offer_spreadsheets import shareholder_buttons
from cattool.ui.view_helpers import plural, scaled_font

MONEY_TERMS = (
    ("min_holding", "Minimum &holding", "The least one member may put in, e.g. £100."),
    ("max_holding", "Ma&ximum holding", "The most one member may put in."),
    ("min_raise", "Minimum &raise", "Money is held until this is reached, and refunded if not."),
    ("target_raise", "&Target raise", "What the offer aims to raise."),
    ("max_raise", "Maximum rai&se", "Above this, applications are scaled back."),
    ("scale_floor", "Scale-back &floor", "Everyone keeps up to this when scaling back "
     "(blank: the minimum holding)."),
)  # fmt: skip
DATE_TERMS = (("opens_on", "O&pens on"), ("closes_on", "C&loses on"))
PERSONAL_DATA = (
    "Personal data: this register holds applicants' names, addresses and emails. Keep it "
    "only to run the offer and the society's register of members, share it only with those "
    "who need it, and delete what you no longer need. cattool's audit trail records amounts, "
    "never names."
)


@dataclass(frozen=True)
class OfferData:
    case_id: int
    offer_id: int | None
    terms: dict[str, Any]  # the stored terms, as the fields
    summary: OfferSummary | None
    applications: tuple[ApplicationRow, ...]
    cap: HoldingCap


def read_offer(session: Any, case_id: int, today: dt.date) -> OfferData:
    case = find_case(session, case_id)
    offer = case.share_offer
    cap = holding_cap(session)
    if offer is None:
        return OfferData(case.id, None, {}, None, (), cap)
    names = [n for n, *_ in MONEY_TERMS] + [n for n, _ in DATE_TERMS]
    names += ["society_type", "interest_rate", "withdrawal_rules"]
    terms = {name: getattr(offer, name) for name in names}
    rows = tuple(application_row(a) for a in sorted(offer.applications, key=lambda a: a.id))
    return OfferData(case.id, offer.id, terms, offer_summary(session, case_id, today), rows, cap)


def cap_text(cap: HoldingCap) -> str:
    """The holding cap, shown as unverified while it is."""
    state = " (UNVERIFIED)" if cap.provisional else ""
    return f"Cap on one member's holding: {format_money(cap.amount)}{state}. {cap.source}"


class ShareOfferPage(FormPage):
    title = "Share offer"
    shows = frozenset({"share_offer", "share_application", "money_setting", "group"})

    def __init__(self, ctx: Any, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.data: OfferData | None = None
        self.offer_dialog: MoneyDateDialog | None = None
        body = QWidget()
        layout = QVBoxLayout(body)
        add_section(
            layout,
            "Community share offer",
            "Only a co-operative or a community benefit society can offer community shares "
            "(withdrawable, not transferable; not covered by the Financial Ombudsman or the "
            "FSCS). Money is held until the minimum raise is reached.",
        )
        layout.addWidget(self._build_outcome())
        columns = QHBoxLayout()
        columns.addWidget(self._build_terms(), 3)
        checks = QVBoxLayout()
        self.checks = note_label()
        self.checks.setAccessibleName("Checks on the terms")
        self.cap = note_label()
        self.cap.setAccessibleName("Holding cap")
        checks.addWidget(QLabel("<b>Checks</b>"))
        checks.addWidget(self.checks)
        checks.addWidget(self.cap)
        checks.addStretch(1)
        columns.addLayout(checks, 2)
        layout.addLayout(columns)
        layout.addWidget(QLabel("<b>Shareholder register</b>"))
        self.personal = note_label(PERSONAL_DATA)
        self.personal.setAccessibleName("Personal data")
        layout.addWidget(self.personal)
        self.register = RegisterList(self)
        layout.addWidget(self.register, 1)
        self.spreadsheet = shareholder_buttons(self)  # a row of its own: the names are long
        sheet_row = QHBoxLayout()
        sheet_row.addWidget(self.spreadsheet.import_button)
        sheet_row.addWidget(self.spreadsheet.export_button)
        sheet_row.addStretch(1)
        layout.addLayout(sheet_row)
        self.register_totals = QLabel()
        self.register_totals.setAccessibleName("Register totals")
        self.register_totals.setWordWrap(True)
        layout.addWidget(self.register_totals)
        scrolled(self, body)

    # ------------------------------------------------------------------ building

    def _build_outcome(self) -> QFrame:
        box = QFrame()
        box.setFrameShape(QFrame.Shape.StyledPanel)
        self.offer_state = QLabel()
        self.offer_state.setAccessibleName("Where the offer stands")
        self.offer_state.setFont(scaled_font(self.offer_state, 1.0, bold=True))
        self.outcome = QLabel()
        self.outcome.setWordWrap(True)
        self.outcome.setAccessibleName("Outcome")
        self.outcome.setFont(scaled_font(self.outcome, 1.3, bold=True))
        self.outcome_notes = note_label()
        self.allocations = RecordList(
            "allocation",
            [
                Column("Paid in", lambda a: format_money(a[1].held), right=True),
                Column("Keeps", lambda a: format_money(a[1].allocated), right=True),
                Column("Refund", lambda a: format_money(a[1].refund), right=True),
                Column("Applicant", lambda a: a[0]),
            ],
            key=lambda a: a[1].application_id,
        )
        for widget in (self.allocations.add_button, self.allocations.edit_button,
                       self.allocations.remove_button):  # fmt: skip
            widget.hide()
        self.allocations.view.setAccessibleName("Refunds and scaling back")
        self.allocations.view.setMinimumHeight(140)
        self.refund_all_button = button(
            "Record these &refunds…",
            "Record every refund the outcome says is due, on one date (you can undo this)",
            self.start_refund_after_close,
            "Record these refunds",
        )
        self.allocations.buttons.insertWidget(0, self.refund_all_button)
        layout = QVBoxLayout(box)
        layout.addWidget(self.offer_state)
        layout.addWidget(self.outcome)
        layout.addWidget(self.outcome_notes)
        layout.addWidget(self.allocations)
        return box

    def _build_terms(self) -> QGroupBox:
        box = QGroupBox("Offer terms")
        form = QFormLayout(box)
        f = self.fields
        self.society_type = labelled(
            QComboBox(),
            "Society type",
            "Only these two kinds of society can offer community shares.",
        )
        for key, label in SOCIETY_TYPES.items():
            self.society_type.addItem(label, key)
        f.add("society_type", self.society_type)
        form.addRow("Soc&iety:", self.society_type)
        self.money: dict[str, MoneyField] = {}
        for name, label, tip in MONEY_TERMS:
            field = MoneyField(label.replace("&", ""), tip=tip)
            if name == "scale_floor":
                field.setPlaceholderText("blank: the minimum holding")
            self.money[name] = field
            f.add(name, field.edit)
            form.addRow(f"{label}:", field)
        self.dates: dict[str, DateField] = {}
        for name, label in DATE_TERMS:
            field = DateField(self.ctx.today, optional=True, what=label.replace("&", ""))
            field.edit.setAccessibleName(label.replace("&", ""))
            field.setFocusProxy(field.edit)
            self.dates[name] = field
            f.add(name, field.edit)
            form.addRow(f"{label}:", field)
        self.interest = PercentField(
            "Interest a year", tip="The interest the society aims to pay.", placeholder="e.g. 3%"
        )
        f.add("interest_rate", self.interest.edit)
        form.addRow("&Interest (a year):", self.interest)
        self.withdrawal = labelled(
            QPlainTextEdit(), "Withdrawal rules", "When members may withdraw their shares."
        )
        self.withdrawal.setTabChangesFocus(True)
        self.withdrawal.setFixedHeight(60)
        f.add("withdrawal_rules", self.withdrawal)
        form.addRow("&Withdrawal:", self.withdrawal)
        form.addRow(self._make_save_bar("offer"))
        self.save_button.setText("&Save offer terms")
        f.edited.connect(self._refresh_state)
        return box

    def _refresh_state(self) -> None:
        """Save only what can be read; a wrong amount or date is named beside Save."""
        nothing = None if self.data and self.data.offer_id else "No share offer saved yet."
        self._show_save_state(nothing)
        changed = self.fields.changed()
        fields = {**self.money, **self.dates, "interest_rate": self.interest}
        problem = next(
            (f.error() for n, f in fields.items() if n in changed and not f.is_valid()), ""
        )
        if problem:
            self.save_button.setEnabled(False)
            self.state.setText(problem)
        self.state.setStyleSheet(f"color: {good_bad(False) if problem else MUTED};")

    # ------------------------------------------------------------------ loading

    versioned = ("share_offer", "share_application")
    read_case = staticmethod(read_offer)

    def load(self) -> None:
        if self.case_id is None:
            return
        data = self.data = self.read_page()
        stored = {name: money_text(data.terms.get(name)) for name, *_ in MONEY_TERMS}
        for name, _label in DATE_TERMS:
            value = data.terms.get(name)
            stored[name] = value.isoformat() if value else ""
        stored["society_type"] = data.terms.get("society_type", "community-benefit-society")
        stored["interest_rate"] = percent_text(data.terms.get("interest_rate"))
        stored["withdrawal_rules"] = data.terms.get("withdrawal_rules", "")
        self._load_stored(stored, self.version_of("share_offer", data.offer_id))
        self.register.set_rows(list(data.applications))
        self._show_summary(data)

    def _show_summary(self, data: OfferData) -> None:
        summary = data.summary
        warning = f"color: {good_bad(False)};"  # readable in either theme
        self.personal.setStyleSheet(warning)
        self.outcome_notes.setStyleSheet(warning)
        self.cap.setText(cap_text(data.cap))
        self.cap.setStyleSheet(f"color: {good_bad(False) if data.cap.provisional else ''};")
        if summary is None:
            self.offer_state.setText("No share offer yet")
            self.outcome.setText("Enter the offer's terms and save them to start the register.")
            self.outcome.setStyleSheet("")
            self.outcome_notes.hide()
            self.allocations.hide()
            self.checks.setText("")
            self.register_totals.setText("")
            for widget in (self.register.add_button, *self._sheet_buttons()):
                widget.setEnabled(False)
                widget.setToolTip("Save the offer's terms first.")
            return
        self.register.add_button.setEnabled(True)
        self.register.add_button.setToolTip("Add an applicant to the register.")
        for widget in self._sheet_buttons():
            widget.setEnabled(True)
            widget.setToolTip(widget.accessibleDescription())
        result = summary.outcome
        self.offer_state.setText(OFFER_STATES.get(result.state, result.state))
        self.outcome.setText(result.sentence)
        bad = result.state == "minimum-not-reached"
        self.outcome.setStyleSheet(f"color: {good_bad(not bad)};" if result.state != "open" else "")
        self.outcome_notes.setText("\n".join(f"⚠ {w}" for w in result.warnings))
        self.outcome_notes.setVisible(bool(result.warnings))
        names = {row.id: row.name for row in data.applications}
        refunds = result.state in ("minimum-not-reached", "oversubscribed")
        self.allocations.set_rows(
            [(names.get(a.application_id, "?"), a) for a in result.allocations]
        )
        self.allocations.setVisible(refunds and bool(result.allocations))
        self.refund_all_button.setEnabled(bool(result.refund_list))
        check = summary.check
        lines = [f"✘ {e}" for e in check.errors] + [f"⚠ {w}" for w in check.warnings]
        self.checks.setText("\n".join(lines) if lines else "✔ The terms are in order.")
        self.checks.setStyleSheet(f"color: {good_bad(not lines)};")
        totals = register_totals(facts_of(a) for a in data.applications)
        text = (
            f"{plural(totals.applications, 'application')}: {format_money(totals.applied)} "
            f"applied for, {format_money(totals.paid)} paid, {format_money(totals.refunded)} "
            f"refunded, {format_money(totals.held)} held."
        )
        if totals.unpaid_applications:
            text += (
                f" {plural(totals.unpaid_applications, 'applicant')} still to pay "
                f"({format_money(totals.unpaid)})."
            )
        self.register_totals.setText(text)

    def _sheet_buttons(self) -> tuple[Any, ...]:
        return (self.spreadsheet.import_button, self.spreadsheet.export_button)

    # ------------------------------------------------------------------ saving

    def _values(self) -> dict[str, Any]:
        for field in (*self.money.values(), *self.dates.values(), self.interest):
            if not field.is_valid():
                raise InputError(field.error())
        values: dict[str, Any] = {name: field.value() for name, field in self.money.items()}
        values.update({name: field.value() for name, field in self.dates.items()})
        values["society_type"] = self.society_type.currentData()
        values["interest_rate"] = self.interest.value()
        values["withdrawal_rules"] = self.withdrawal.toPlainText().strip()
        return values

    def save(self) -> bool:
        case_id, data = self.case_id, self.data
        if case_id is None or data is None:
            return False

        def run() -> None:
            values = self._values()
            changed = {k: v for k, v in values.items() if k in self.fields.changed()}
            for name, field in (*self.money.items(), *self.dates.items()):
                if name in changed:  # as they will read back once saved
                    field.set_value(changed[name])
            if "interest_rate" in changed:
                self.interest.set_value(changed["interest_rate"])
            self._push_form(
                "share_offer",
                data.offer_id,
                lambda s: money_services.set_share_offer(
                    s, case_id, today=self.ctx.today, **values
                ),
                changed,
                add_text="Set up the share offer",
                edit_text="Change the share offer's terms",
            )

        return self.attempt(run, "The offer's terms could not be saved")

    def start_refund_after_close(self) -> None:
        data = self.data
        if data is None or data.summary is None or not data.summary.outcome.refund_list:
            return
        for row in data.applications:
            self.open_record("share_application", row.id)
        self.offer_dialog = MoneyDateDialog(
            self, "Record the refunds", self.ctx.today, "A refund",
            self._refund_after_close, amount=False,
        )  # fmt: skip
        self.offer_dialog.open()

    def _refund_after_close(self) -> bool:
        case_id, dialog, data = self.case_id, self.offer_dialog, self.data
        assert case_id is not None and dialog is not None and data is not None
        ids = [row.id for row in data.applications]

        def run() -> None:
            _amount, when = dialog.values()
            command = ServiceEditCommand(
                self.ctx, "share_application", lambda s: ids,
                ("amount_refunded", "refunded_on"),
                lambda s: money_services.refund_after_close(
                    s, case_id, refunded_on=when, today=self.ctx.today
                ),
                f"Record the refunds after the offer closed ({format_date_long(when)})",
                expected=loaded_of(self, "share_application", ids),
            )  # fmt: skip
            push(self.ctx, command)

        return self.attempt(run, "The refunds could not be recorded")
