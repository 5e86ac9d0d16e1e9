"""The lines of a business plan: income streams and running costs, their categories and
yearly values, the plan's settings and the loan's repayments (pure; Decimal throughout).

Lines. Each income stream or running cost has a category, the amount for its first year
(its start year, 1-5), a yearly growth (-100 to +100 %) and, optionally, a last year.
Its value in year y, from the start year to the last year, is

    amount × (1 + growth / 100) ** (y − start year), rounded half up to the penny,

and nothing before the start year or after the last year. Every total is a sum of these
rounded values, so the totals always equal the sum of their lines.

Loan. When the plan's settings give a loan (amount and years; the rate is 0 % if blank)
and no running cost of the category "loan-repayments" is entered, the forecast adds one:
the level yearly repayment of the loan, amount × r / (1 − (1 + r) ** −years) with r the
yearly rate (amount / years at 0 %), rounded to the penny, in years 1 to `years`. The loan
itself comes in only as a source in the funding plan, never twice.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, replace
from decimal import ROUND_HALF_UP, Decimal

from cattool.core.money.format import HUNDRED, PENNY, ZERO, format_money

YEARS = 5
PLAN_YEARS: tuple[int, ...] = tuple(range(1, YEARS + 1))
INCOME = "income"
COST = "cost"

INCOME_CATEGORIES: dict[str, str] = {
    "room-hire": "Room hire",
    "rent": "Rent from tenants",
    "cafe-bar": "Café or bar",
    "events": "Events",
    "energy": "Energy",
    "service-contracts": "Service contracts",
    "grants": "Grants for running costs",
    "other": "Other income",
}
COST_CATEGORIES: dict[str, str] = {
    "staff": "Staff",
    "utilities": "Utilities",
    "insurance": "Insurance",
    "repairs": "Repairs and maintenance",
    "business-rates": "Business rates (after relief)",
    "loan-repayments": "Loan repayments",
    "other": "Other costs",
}
SERVICE_CONTRACTS = "service-contracts"
UTILITIES = "utilities"
LOAN_REPAYMENTS = "loan-repayments"

COMPUTED_LOAN_ID = 0  # the id of the repayment line the forecast adds


def _penny(value: Decimal) -> Decimal:
    return value.quantize(PENNY, rounding=ROUND_HALF_UP)


@dataclass(frozen=True, slots=True)
class LineFacts:
    """One income stream or running cost (IncomeStream, RunningCost)."""

    id: int
    kind: str  # INCOME or COST
    category: str
    amount: Decimal  # in its first year
    label: str = ""
    growth: Decimal = ZERO  # percent a year
    start_year: int = 1
    end_year: int | None = None
    computed: bool = False  # added by the forecast (loan repayments), not entered

    @property
    def name(self) -> str:
        """The label, else the category's name."""
        categories = INCOME_CATEGORIES if self.kind == INCOME else COST_CATEGORIES
        return self.label.strip() or categories.get(self.category, self.category)

    def value(self, year: int) -> Decimal:
        """The line's amount in plan year `year` (see the module's rule)."""
        last = self.end_year if self.end_year is not None else YEARS
        if year < self.start_year or year > last:
            return ZERO
        steps = year - self.start_year
        if steps == 0:  # Decimal refuses 0 ** 0 (a line falling by 100 % a year)
            return _penny(self.amount)
        return _penny(self.amount * (1 + self.growth / HUNDRED) ** steps)

    def values(self) -> tuple[Decimal, ...]:
        return tuple(self.value(year) for year in PLAN_YEARS)

    def scaled(self, factor: Decimal) -> LineFacts:
        """A copy with every year's amount multiplied by `factor` (for scenarios)."""
        return replace(self, amount=self.amount * factor)


@dataclass(frozen=True, slots=True)
class PlanSettingsFacts:
    """The business plan's settings (BusinessPlan); blanks are None."""

    opening_cash: Decimal | None = None
    starts_on: dt.date | None = None
    loan_amount: Decimal | None = None
    loan_rate: Decimal | None = None  # percent a year
    loan_years: int | None = None

    @property
    def has_loan(self) -> bool:
        return bool(self.loan_amount) and bool(self.loan_years)


def yearly_repayment(amount: Decimal, rate: Decimal | None, years: int) -> Decimal:
    """The level yearly repayment of a loan of `amount` over `years` at `rate` % a year."""
    if years <= 0:
        raise ValueError("a loan is repaid over at least one year")
    r = (rate or ZERO) / HUNDRED
    if r == 0:
        return _penny(amount / years)
    return _penny(amount * r / (1 - (1 + r) ** -years))


def loan_line(settings: PlanSettingsFacts) -> LineFacts | None:
    """The repayment line the loan terms imply (None without a loan)."""
    if not settings.has_loan:
        return None
    assert settings.loan_amount is not None and settings.loan_years is not None
    payment = yearly_repayment(settings.loan_amount, settings.loan_rate, settings.loan_years)
    return LineFacts(
        id=COMPUTED_LOAN_ID,
        kind=COST,
        category=LOAN_REPAYMENTS,
        amount=payment,
        label=f"Loan repayments ({format_money(settings.loan_amount)} over "
        f"{settings.loan_years} years, from the loan terms)",
        end_year=min(settings.loan_years, YEARS),
        computed=True,
    )


def with_loan(costs: Sequence[LineFacts], settings: PlanSettingsFacts) -> tuple[LineFacts, ...]:
    """The costs, plus the loan's repayments when no repayment line is entered."""
    if any(line.category == LOAN_REPAYMENTS for line in costs):
        return tuple(costs)
    line = loan_line(settings)
    return (*costs, line) if line is not None else tuple(costs)
