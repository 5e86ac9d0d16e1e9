"""The 5-year forecast: income and expenditure account, cash flow and break-even.

Pure functions over frozen facts (plan_lines.LineFacts, PlanSettingsFacts: how each
line's yearly values and the loan's repayments are worked out); Decimal throughout.

Income and expenditure. For each year: income by category, costs by category, their
totals, and the surplus (income − costs; below zero it is a deficit).

Cash flow. Year 0 is buying the building and the works: the opening cash (the settings',
£0 if blank), capital in and capital out. Years 1-5 are running it: income in, costs
out. Every year closes with opening + capital in + income − capital out − costs, and the
next year opens with that. Capital out is the funding plan's price, fees, stamp duty,
refurbishment and contingency; working capital is not spent, it stays in the bank as
cash. Capital in depends on the basis:

* "secured" (the default): the money awarded or received in the funding pipeline, what
  the group can count on today;
* "target": the funding plan's target, as though it were fully funded (how a funder
  reads a business plan).

The lowest cash point is the lowest of the opening cash and every year's closing cash.

Break-even. The first year (1-5) whose income covers its costs (income ≥ costs). The
income needed to break even in a year is that year's costs; the shortfall is costs −
income, never below zero.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from cattool.core.money.facts import PlanFacts, SourceFacts
from cattool.core.money.format import ZERO, format_money, to_pounds
from cattool.core.money.plan import need, position, price
from cattool.core.money.plan_lines import (
    COST_CATEGORIES,
    INCOME_CATEGORIES,
    PLAN_YEARS,
    YEARS,
    LineFacts,
    PlanSettingsFacts,
)

SECURED = "secured"
TARGET = "target"
CAPITAL_BASES: dict[str, str] = {
    SECURED: "Money awarded or received so far",
    TARGET: "The funding plan's target, as though fully funded",
}


@dataclass(frozen=True, slots=True)
class LineForecast:
    line: LineFacts
    values: tuple[Decimal, ...]  # years 1-5

    @property
    def total(self) -> Decimal:
        return sum(self.values, ZERO)


@dataclass(frozen=True, slots=True)
class YearAccount:
    """One year of the income and expenditure account."""

    year: int
    income: dict[str, Decimal]  # by category, every category present
    costs: dict[str, Decimal]
    total_income: Decimal
    total_costs: Decimal

    @property
    def surplus(self) -> Decimal:
        """Income − costs (negative: a deficit)."""
        return self.total_income - self.total_costs


@dataclass(frozen=True, slots=True)
class IncomeAndExpenditure:
    years: tuple[YearAccount, ...]  # years 1-5
    income_lines: tuple[LineForecast, ...]
    cost_lines: tuple[LineForecast, ...]

    @property
    def total_income(self) -> Decimal:
        return sum((y.total_income for y in self.years), ZERO)

    @property
    def total_costs(self) -> Decimal:
        return sum((y.total_costs for y in self.years), ZERO)

    @property
    def total_surplus(self) -> Decimal:
        return self.total_income - self.total_costs

    def year(self, number: int) -> YearAccount:
        return self.years[number - 1]


def _by_category(
    lines: Sequence[LineForecast], categories: Iterable[str], year: int
) -> dict[str, Decimal]:
    totals = dict.fromkeys(categories, ZERO)
    for line in lines:
        key = line.line.category
        totals[key] = totals.get(key, ZERO) + line.values[year - 1]
    return totals


def income_and_expenditure(
    income: Iterable[LineFacts], costs: Iterable[LineFacts]
) -> IncomeAndExpenditure:
    """The 5-year income and expenditure account (costs as given: see `with_loan`)."""
    income_lines = tuple(LineForecast(line, line.values()) for line in income)
    cost_lines = tuple(LineForecast(line, line.values()) for line in costs)
    years = []
    for year in PLAN_YEARS:
        by_income = _by_category(income_lines, INCOME_CATEGORIES, year)
        by_cost = _by_category(cost_lines, COST_CATEGORIES, year)
        years.append(
            YearAccount(
                year=year,
                income=by_income,
                costs=by_cost,
                total_income=sum(by_income.values(), ZERO),
                total_costs=sum(by_cost.values(), ZERO),
            )
        )
    return IncomeAndExpenditure(tuple(years), income_lines, cost_lines)


@dataclass(frozen=True, slots=True)
class Capital:
    """The money in and out in year 0, and where it comes from."""

    basis: str  # SECURED or TARGET
    capital_in: Decimal
    capital_out: Decimal
    working_capital: Decimal  # part of the need that is kept as cash, not spent
    unfunded: Decimal  # capital out not covered by capital in and the opening cash


def capital_costs(plan: PlanFacts) -> Decimal:
    """Price, fees, stamp duty, refurbishment and contingency (not working capital)."""
    lines = (price(plan), plan.fees, plan.stamp_duty, plan.refurbishment, plan.contingency)
    return sum((amount or ZERO for amount in lines), ZERO)


def capital(
    plan: PlanFacts,
    sources: Iterable[SourceFacts],
    basis: str = SECURED,
    opening_cash: Decimal | None = None,
) -> Capital:
    """Capital in and out for year 0 on the given basis (see the module's rule)."""
    if basis not in CAPITAL_BASES:
        raise ValueError(f"unknown capital basis {basis!r}")
    out = capital_costs(plan)
    if basis == TARGET:
        money_in = need(plan).target
    else:
        place = position(plan, sources)
        money_in = place.secured + place.received
    unfunded = max(out - money_in - (opening_cash or ZERO), ZERO)
    return Capital(basis, money_in, out, plan.working_capital or ZERO, unfunded)


@dataclass(frozen=True, slots=True)
class CashYear:
    """One year of the cash flow (year 0: buying and works)."""

    year: int
    opening: Decimal
    capital_in: Decimal
    capital_out: Decimal
    income: Decimal
    costs: Decimal
    closing: Decimal

    @property
    def operating_surplus(self) -> Decimal:
        return self.income - self.costs

    @property
    def money_in(self) -> Decimal:
        return self.capital_in + self.income

    @property
    def money_out(self) -> Decimal:
        return self.capital_out + self.costs


@dataclass(frozen=True, slots=True)
class CashFlow:
    years: tuple[CashYear, ...]  # years 0-5
    lowest: Decimal
    lowest_year: int | None  # None: the opening cash is the lowest point

    @property
    def goes_negative(self) -> bool:
        return self.lowest < 0

    @property
    def opening(self) -> Decimal:
        return self.years[0].opening

    @property
    def running_low(self) -> tuple[Decimal, int | None]:
        """How far running the building (years 1-5) takes the cash below where year 0
        left it, at its lowest (never above zero), and in which year (None: never)."""
        start = self.years[0].closing
        low, when = ZERO, None
        for year in self.years[1:]:
            if year.closing - start < low:
                low, when = year.closing - start, year.year
        return low, when

    @property
    def closing(self) -> Decimal:
        return self.years[-1].closing


def cash_flow(
    account: IncomeAndExpenditure,
    opening_cash: Decimal | None,
    capital_in: Decimal = ZERO,
    capital_out: Decimal = ZERO,
) -> CashFlow:
    """The cash flow from year 0 to year 5 (see the module's rule)."""
    opening = opening_cash or ZERO
    closing = opening + capital_in - capital_out
    years = [CashYear(0, opening, capital_in, capital_out, ZERO, ZERO, closing)]
    for account_year in account.years:
        start = closing
        closing = start + account_year.total_income - account_year.total_costs
        years.append(
            CashYear(
                account_year.year,
                start,
                ZERO,
                ZERO,
                account_year.total_income,
                account_year.total_costs,
                closing,
            )
        )
    lowest, lowest_year = opening, None
    for year in years:
        if year.closing < lowest:
            lowest, lowest_year = year.closing, year.year
    return CashFlow(tuple(years), lowest, lowest_year)


@dataclass(frozen=True, slots=True)
class BreakEven:
    year: int | None  # the first year income covers costs; None if none does
    needed: tuple[Decimal, ...]  # income needed to break even, years 1-5 (the costs)
    shortfall: tuple[Decimal, ...]  # costs − income, never negative
    sentence: str


def _money(amount: Decimal) -> str:
    return format_money(to_pounds(amount))


def break_even(account: IncomeAndExpenditure) -> BreakEven:
    """When income first covers running costs, and the income each year needs."""
    needed = tuple(y.total_costs for y in account.years)
    shortfall = tuple(max(y.total_costs - y.total_income, ZERO) for y in account.years)
    entered = bool(account.income_lines or account.cost_lines)
    covered = (y.year for y in account.years if y.total_income >= y.total_costs)
    year = next(covered, None) if entered else None
    first = account.years[0]
    later = [
        y for y in account.years if year is not None and y.year > year and shortfall[y.year - 1]
    ]
    if not entered:
        sentence = "No income or running costs are entered yet."
    elif year is not None and later:
        worst = max(later, key=lambda y: shortfall[y.year - 1])
        sentence = (
            f"Income covers running costs in year {year} but not in "
            f"{_years(y.year for y in later)}: in year {worst.year} it needs to be "
            f"{_money(worst.total_costs)}, {_money(shortfall[worst.year - 1])} more than "
            "planned."
        )
    elif year == 1:
        sentence = (
            f"Income covers running costs from year 1 ({_money(first.total_income)} "
            f"against {_money(first.total_costs)})."
        )
    elif year is not None:
        sentence = (
            f"Income first covers running costs in year {year}. In year 1 it needs to be "
            f"{_money(first.total_costs)}: {_money(shortfall[0])} more than planned."
        )
    else:
        last = account.years[-1]
        sentence = (
            f"Income does not cover running costs in any of the {YEARS} years. In year 1 it "
            f"needs to be {_money(first.total_costs)} ({_money(shortfall[0])} more than "
            f"planned), and in year {YEARS} {_money(last.total_costs)} "
            f"({_money(shortfall[-1])} more)."
        )
    return BreakEven(year, needed, shortfall, sentence)


def _years(numbers: Iterable[int]) -> str:
    """'year 3', 'years 3 and 4', 'years 3, 4 and 5'."""
    items = [str(n) for n in numbers]
    if len(items) == 1:
        return f"year {items[0]}"
    return f"years {', '.join(items[:-1])} and {items[-1]}"


def year_starts(settings: PlanSettingsFacts) -> tuple[dt.date | None, ...]:
    """The first day of each plan year 1-5, when the plan's start date is known."""
    start = settings.starts_on
    if start is None:
        return (None,) * YEARS
    return tuple(_add_years(start, n) for n in range(YEARS))


def _add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a year without one
        return day.replace(year=day.year + years, day=28)
