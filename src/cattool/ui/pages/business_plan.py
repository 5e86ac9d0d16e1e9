"""Business plan: will the building pay its way once it is bought? The income streams and
running costs, the 5-year income and expenditure account and cash flow they give, when
income first covers costs, what happens if things go wrong (income −20 %, costs +20 %,
a lost contract, an energy price shock), the risk register and the social impact
measures.

The figures are derived (core.money.business_plan.build_report) from the rows read in a
short session and redrawn at once after every edit; nothing derived is stored. Capital
costs (price, fees, works) come from the funding plan on the Money page. "Count capital
as" only changes how year 0 is shown (money secured so far, or the funding plan's target
as though fully funded): it is a view, not saved. Every write is one undoable step.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from cattool.core.errors import InputError
from cattool.core.money import plan_services
from cattool.core.money.business_plan import BusinessPlanReport
from cattool.core.money.forecast import CAPITAL_BASES, SECURED, TARGET
from cattool.core.money.format import format_money, format_percent
from cattool.core.money.plan_lines import COST, INCOME
from cattool.core.money.plan_queries import business_plan_report, export_plan_lines
from cattool.core.services import get_case
from cattool.ui.date_field import DateField
from cattool.ui.forms import heading, labelled, note_label, parse_count, scrolled
from cattool.ui.pages.base import CasePage
from cattool.ui.pages.business_plan_lines import LinesList
from cattool.ui.pages.business_plan_risks import ImpactList, RisksList
from cattool.ui.pages.business_plan_tables import (
    ReportTable,
    account_rows,
    cash_rows,
    pounds,
    scenario_headers,
    scenario_rows,
    year_headers,
)
from cattool.ui.pages.common import EditStart, add_section, button, save_record
from cattool.ui.pages.money_fields import MoneyField, PercentField, good_bad
from cattool.ui.pages.money_spreadsheets import SpreadsheetButtons
from cattool.ui.view_helpers import scaled_font

BASIS_WORDS = {
    TARGET: "the funding plan's target (as though fully funded)",
    SECURED: "only money awarded or received so far",
}
# The records the page edits, whose versions it loads with them.
PLAN_RECORDS = ("business_plan", "income_stream", "running_cost", "risk", "impact_measure")
SETTINGS = ("starts_on", "opening_cash", "loan_amount", "loan_rate", "loan_years")


@dataclass(frozen=True)
class PlanData:
    report: BusinessPlanReport
    plan_id: int | None  # the settings row, once saved
    case_name: str


def read_plan(session: Session, case_id: int, today: Any, basis: str) -> PlanData:
    case = get_case(session, case_id)
    report = business_plan_report(session, case_id, today, basis)
    plan = case.business_plan
    return PlanData(report, plan.id if plan else None, case.name)


def _sentence_label(name: str, scale: float = 1.3) -> QLabel:
    label = QLabel()
    label.setWordWrap(True)
    label.setAccessibleName(name)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setFont(scaled_font(label, scale, bold=True))
    return label


class SettingsForm(QGroupBox):
    """When year 1 starts, the cash in hand, and a loan's terms: saved in one step."""

    def __init__(self, page: BusinessPlanPage) -> None:
        super().__init__("Plan settings")
        self.page = page
        self.stored: dict[str, Any] = dict.fromkeys(SETTINGS)
        self._loaded_case: int | None = None
        self.start = EditStart()
        self.starts_on = DateField(page.ctx.today, optional=True, what="The plan's start date")
        self.starts_on.edit.setAccessibleName("Year 1 starts on")
        self.starts_on.setFocusProxy(self.starts_on.edit)
        self.opening_cash = MoneyField(
            "Opening cash", tip="Cash the group already holds before buying (blank: £0)."
        )
        self.loan_amount = MoneyField("Loan amount", tip="A loan for the purchase, if any.")
        self.loan_rate = PercentField("Loan interest a year", placeholder="e.g. 6%")
        self.loan_years = labelled(
            QLineEdit(), "Loan length in years", "Repaid over 1 to 50 years."
        )
        self.loan_years.setPlaceholderText("e.g. 15")
        form = QFormLayout()
        form.addRow("Year 1 &starts on:", self.starts_on)
        form.addRow("&Opening cash:", self.opening_cash)
        loan = QHBoxLayout()
        for widget in (self.loan_amount, QLabel("at"), self.loan_rate, QLabel("over")):
            loan.addWidget(widget)
        loan.addWidget(self.loan_years)
        loan.addWidget(QLabel("years"))
        form.addRow("&Loan:", loan)
        form.labelForField(loan).setBuddy(self.loan_amount.edit)  # type: ignore[union-attr]
        self.save_button = labelled(
            QPushButton("Save plan se&ttings"), "Save plan settings", "You can undo this."
        )
        self.save_button.clicked.connect(self.save)
        self.state = note_label()
        row = QHBoxLayout()
        row.addWidget(self.save_button)
        row.addWidget(self.state, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(
            note_label(
                "Loan repayments are worked out from the loan's terms unless you enter a "
                "running cost of the kind “Loan repayments”."
            )
        )
        layout.addLayout(row)

    def show_report(self, report: BusinessPlanReport, case_id: int) -> None:
        settings = report.settings
        stored = {name: getattr(settings, name) for name in SETTINGS}
        same_case = self._loaded_case == case_id
        edited = same_case and bool(self.changed())  # since the form last showed them
        try:  # ...and unlike what is stored now: the user's edits, kept
            keeping = edited and self.values() != stored
        except InputError:
            keeping = edited
        plan_id = self.page.data.plan_id if self.page.data else None
        self.start.update(self.page.version_of("business_plan", plan_id), stored, keeping)
        if not edited:
            self.starts_on.set_value(stored["starts_on"])
            self.opening_cash.set_value(stored["opening_cash"])
            self.loan_amount.set_value(stored["loan_amount"])
            self.loan_rate.set_value(stored["loan_rate"])
            years = stored["loan_years"]
            self.loan_years.setText("" if years is None else str(years))
        self.stored = stored
        self._loaded_case = case_id
        self.state.setText("")

    def values(self) -> dict[str, Any]:
        for field in (self.opening_cash, self.loan_amount, self.loan_rate, self.starts_on):
            if not field.is_valid():
                raise InputError(field.error())
        return {
            "starts_on": self.starts_on.value(),
            "opening_cash": self.opening_cash.value(),
            "loan_amount": self.loan_amount.value(),
            "loan_rate": self.loan_rate.value(),
            "loan_years": parse_count(self.loan_years.text(), "The loan's length in years"),
        }

    def changed(self) -> dict[str, Any]:
        try:
            values = self.values()
        except InputError:
            return {"invalid": True}
        return {k: v for k, v in values.items() if v != self.stored.get(k)}

    def save(self) -> bool:
        page = self.page
        case_id, ctx = page.case_id, page.ctx
        if case_id is None:
            return False

        def run() -> None:
            values = self.values()
            changed = {k: v for k, v in values.items() if v != self.stored.get(k)}
            if not changed:
                self.state.setText("Nothing has changed.")
                return
            save_record(
                page,
                "business_plan",
                page.data.plan_id if page.data else None,
                lambda s: plan_services.set_plan_settings(s, case_id, today=ctx.today, **changed),
                changed,
                add_text="Set the business plan's settings",
                edit_text="Edit the business plan's settings",
                shown=self.start.values,
                version=self.start.version,
            )

        return page.attempt(run, "The plan settings could not be saved")


class BusinessPlanPage(CasePage):
    """The business plan of one case."""

    title = "Business plan"
    shows = frozenset(
        {
            "business_plan", "income_stream", "running_cost", "risk", "impact_measure",
            "funding_plan", "funding_source", "case",
        }
    )  # fmt: skip

    def __init__(self, ctx: Any, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.data: PlanData | None = None
        body = QWidget()
        layout = QVBoxLayout(body)
        add_section(
            layout,
            "Business plan",
            "Will the building pay its way? Enter what it will earn and what it will cost to "
            "run; the five-year forecast, cash flow, break-even and what-if scenarios follow "
            "at once. Funders and the council read this with the funding plan.",
        )
        layout.addWidget(self._build_summary())
        top = QHBoxLayout()
        self.settings = SettingsForm(self)
        top.addWidget(self.settings, 3)
        top.addWidget(self._build_capital(), 2)
        layout.addLayout(top)
        layout.addWidget(heading("Income"))
        layout.addWidget(
            note_label(
                "Room hire, rent from tenants, café or bar, events, energy, service contracts, "
                "grants for running costs: each line's amount in its first year and how it grows."
            )
        )
        self.income = LinesList(self, INCOME)
        layout.addWidget(self.income)
        layout.addWidget(heading("Running costs"))
        layout.addWidget(
            note_label(
                "Staff, utilities, insurance, repairs, business rates after relief, loan "
                "repayments. Budget every cost from earned income: grants for running costs "
                "rarely last."
            )
        )
        self.costs = LinesList(self, COST)
        layout.addWidget(self.costs)
        self.spreadsheet = SpreadsheetButtons(
            self,
            "income and running costs",
            lambda: f"{self.data.case_name if self.data else 'Business plan'} income and costs",
            ("income_stream", "running_cost"),
            export_plan_lines,
            plan_services.import_plan_lines,
        )
        sheet_row = QHBoxLayout()
        sheet_row.addWidget(QLabel("Income and running costs as a spreadsheet:"))
        sheet_row.addWidget(self.spreadsheet.export_button)
        sheet_row.addWidget(self.spreadsheet.import_button)
        sheet_row.addStretch(1)
        layout.addLayout(sheet_row)
        self.loan_note = note_label()
        self.loan_note.setAccessibleName("Loan repayments from the loan terms")
        layout.addWidget(self.loan_note)
        self._build_forecast(layout)
        layout.addWidget(heading("Risk register"))
        layout.addWidget(
            note_label(
                "What could go wrong, how likely it is (1-5) and how bad it would be (1-5). "
                "High risks (a score of 15 or more) need a mitigation and an owner."
            )
        )
        self.risks = RisksList(self)
        layout.addWidget(self.risks)
        layout.addWidget(heading("Social impact"))
        layout.addWidget(
            note_label("What difference the building makes, how you will show it, and to whom.")
        )
        self.impacts = ImpactList(self)
        layout.addWidget(self.impacts)
        layout.addStretch(1)
        scrolled(self, body)

    # ------------------------------------------------------------------ building

    def _build_summary(self) -> QFrame:
        box = QFrame()
        box.setFrameShape(QFrame.Shape.StyledPanel)
        self.sentence = _sentence_label("Business plan summary")
        self.warnings = note_label()
        self.warnings.setAccessibleName("Warnings")
        layout = QVBoxLayout(box)
        layout.addWidget(self.sentence)
        layout.addWidget(self.warnings)
        return box

    def _build_capital(self) -> QGroupBox:
        box = QGroupBox("Year 0: buying the building")
        self.basis = labelled(
            QComboBox(),
            "Count capital as",
            "How the money coming in for the purchase is counted in year 0. Not saved: "
            "it only changes the view.",
        )
        for key in (TARGET, SECURED):
            self.basis.addItem(CAPITAL_BASES[key], key)
        self.basis.currentIndexChanged.connect(lambda _i: self.load())
        self.capital = note_label()
        self.capital.setAccessibleName("Capital costs")
        money = button(
            "Edit the costs on the Mone&y page",
            "Price, fees, stamp duty, works and contingency are the funding plan's",
            lambda: self.pageRequested.emit("money"),
            "Edit the capital costs on the Money page",
        )
        form = QFormLayout()
        form.addRow("Count capital &in as:", self.basis)
        layout = QVBoxLayout(box)
        layout.addLayout(form)
        layout.addWidget(self.capital, 1)
        layout.addWidget(money, 0, Qt.AlignmentFlag.AlignLeft)
        return box

    def _build_forecast(self, layout: QVBoxLayout) -> None:
        layout.addWidget(heading("Income and expenditure, years 1 to 5"))
        self.account = ReportTable(
            "Income and expenditure account",
            "Worked out from the income and running costs above: nothing to type here.",
        )
        layout.addWidget(self.account)
        self.break_even = _sentence_label("Break-even", 1.1)
        layout.addWidget(self.break_even)
        layout.addWidget(heading("Cash flow, year 0 to year 5"))
        self.cash = ReportTable(
            "Cash flow",
            "Year 0 is buying the building and the works; years 1-5 are running it.",
        )
        layout.addWidget(self.cash)
        self.cash_sentence = note_label()
        self.cash_sentence.setAccessibleName("Cash flow in a sentence")
        layout.addWidget(self.cash_sentence)
        layout.addWidget(heading("What if things go wrong?"))
        layout.addWidget(
            note_label(
                "Each scenario changes the plan above and works it out again: the change to "
                "each year's surplus, over five years, and the lowest the cash goes. Hover "
                "over a scenario for its assumption."
            )
        )
        self.scenarios = ReportTable(
            "Sensitivity scenarios",
            "Income −20%, costs +20%, a lost contract, energy prices doubled",
        )
        layout.addWidget(self.scenarios)
        self.scenario_sentences = note_label()
        self.scenario_sentences.setAccessibleName("Scenarios in words")
        layout.addWidget(self.scenario_sentences)

    # ------------------------------------------------------------------ loading

    def basis_key(self) -> str:
        return self.basis.currentData() or TARGET

    versioned = PLAN_RECORDS

    @staticmethod
    def read_case(session: Any, case_id: int, today: dt.date) -> Any:
        return read_plan(session, case_id, today, TARGET)

    def load(self) -> None:
        case_id, today, basis = self.case_id, self.ctx.today, self.basis_key()
        if case_id is None:
            return
        self.data = data = self.read_versioned(
            self.versioned, lambda s: read_plan(s, case_id, today, basis)
        )
        report = data.report
        self.sentence.setText(report.sentence)
        self.warnings.setText("\n".join(f"⚠ {w}" for w in report.warnings))
        self.warnings.setVisible(bool(report.warnings))
        self.warnings.setStyleSheet(f"color: {good_bad(False)};")
        self.settings.show_report(report, case_id)
        self._show_capital(report)
        self.income.set_rows([line for line in report.income])
        self.costs.set_rows([line for line in report.costs if not line.computed])
        loan = next((line for line in report.costs if line.computed), None)
        self.loan_note.setText(
            f"Also counted: {loan.name}, {format_money(loan.amount)} a year." if loan else ""
        )
        self.loan_note.setVisible(loan is not None)
        self.account.show_rows([*year_headers(report), "5 years"], account_rows(report))
        even = report.break_even
        self.break_even.setText(f"Break-even: {even.sentence}")
        entered = bool(report.income or report.costs)
        if entered:
            self.break_even.setStyleSheet(f"color: {good_bad(even.year is not None)};")
        else:
            self.break_even.setStyleSheet("")
        self.cash.show_rows(year_headers(report, with_zero=True), cash_rows(report))
        self.cash_sentence.setText(report.sentence.split(". ")[-1] if entered else "")
        self.scenarios.show_rows(scenario_headers(), scenario_rows(report))
        for row, result in enumerate(report.scenarios):
            item = self.scenarios.item(row, 0)
            if item is not None:
                item.setToolTip(result.scenario.assumption)
        self.scenario_sentences.setText(
            "\n".join(f"• {r.scenario.title}: {r.sentence}" for r in report.scenarios)
        )
        self.risks.set_rows(list(report.risks))
        self.impacts.set_rows(list(report.impacts))

    def _show_capital(self, report: BusinessPlanReport) -> None:
        money = report.capital
        if money.capital_out == 0:
            text = (
                "No purchase price or works are in the funding plan yet. Enter them on the "
                "Money page to see year 0."
            )
        else:
            text = (
                f"Buying and works cost {pounds(money.capital_out)} (price, fees, stamp duty, "
                f"works and contingency). Counted in: {pounds(money.capital_in)}, "
                f"{BASIS_WORDS[money.basis]}."
            )
            if money.unfunded > 0:
                text += f" Not yet funded: {pounds(money.unfunded)}."
            if money.working_capital:
                text += f" Working capital of {pounds(money.working_capital)} stays as cash."
        if report.settings.loan_rate is not None and report.settings.has_loan:
            text += f" Loan interest: {format_percent(report.settings.loan_rate)} a year."
        self.capital.setText(text)
