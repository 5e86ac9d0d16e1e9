"""Sensitivity: what if income falls, costs rise, a contract is lost or energy doubles?

Each scenario changes copies of the lines and runs the forecast again, from the same
opening cash and the same year-0 capital, and reports the lowest cash point and whether
the cash goes below zero. The rules (pure; the base forecast's lines are never changed):

* income −20 %: every income line is 20 % lower in every year;
* costs +20 %: every running cost is 20 % higher in every year, except loan
  repayments, which the loan agreement fixes;
* a lost contract: the service-contract income line worth most over the five years is
  dropped (ties: the first entered); with no service contract the scenario changes
  nothing and says so;
* an energy price shock: every utilities line is doubled in every year. Assumption: the
  whole utilities bill is treated as energy, and doubling is a round figure for the
  2021-22 rises in gas and electricity prices that many community buildings saw;
  income from selling energy is left unchanged.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from cattool.core.money.forecast import (
    CashFlow,
    IncomeAndExpenditure,
    cash_flow,
    income_and_expenditure,
)
from cattool.core.money.format import ZERO, format_money, to_pounds
from cattool.core.money.plan_lines import (
    LOAN_REPAYMENTS,
    SERVICE_CONTRACTS,
    UTILITIES,
    LineFacts,
)

INCOME_DOWN = Decimal("0.80")
COSTS_UP = Decimal("1.20")
ENERGY_SHOCK = Decimal("2")


@dataclass(frozen=True, slots=True)
class Scenario:
    key: str
    title: str
    assumption: str


SCENARIOS: tuple[Scenario, ...] = (
    Scenario(
        "income-down-20",
        "Income 20% lower",
        "Every income line is 20% lower in every year.",
    ),
    Scenario(
        "costs-up-20",
        "Running costs 20% higher",
        "Every running cost is 20% higher in every year, except loan repayments, which "
        "the loan agreement fixes.",
    ),
    Scenario(
        "lost-contract",
        "The largest service contract is lost",
        "The service contract worth most over the five years brings in nothing.",
    ),
    Scenario(
        "energy-shock",
        "Energy prices double",
        "Utilities cost twice as much in every year. The whole utilities bill is treated "
        "as energy; doubling is a round figure for the 2021-22 rises in gas and "
        "electricity prices many community buildings saw. Income from selling energy is "
        "left unchanged.",
    ),
)
SCENARIO_KEYS = tuple(s.key for s in SCENARIOS)


@dataclass(frozen=True, slots=True)
class ScenarioResult:
    scenario: Scenario
    applies: bool  # False when the scenario changes nothing (e.g. no contract to lose)
    account: IncomeAndExpenditure
    cash: CashFlow
    surplus_change: Decimal  # the scenario's 5-year surplus − the plan's
    sentence: str
    dropped: str = ""  # the lost contract's name

    @property
    def lowest(self) -> Decimal:
        return self.cash.lowest

    @property
    def lowest_year(self) -> int | None:
        return self.cash.lowest_year

    @property
    def goes_negative(self) -> bool:
        return self.cash.goes_negative


def largest_contract(income: Sequence[LineFacts]) -> LineFacts | None:
    """The service-contract line worth most over the plan (the first one on a tie)."""
    best: LineFacts | None = None
    best_total = ZERO
    for line in income:
        if line.category != SERVICE_CONTRACTS:
            continue
        total = sum(line.values(), ZERO)
        if best is None or total > best_total:
            best, best_total = line, total
    return best


def apply(
    key: str, income: Sequence[LineFacts], costs: Sequence[LineFacts]
) -> tuple[tuple[LineFacts, ...], tuple[LineFacts, ...], LineFacts | None]:
    """The scenario's income and cost lines, and the line it dropped (if any)."""
    income, costs = tuple(income), tuple(costs)
    if key == "income-down-20":
        return tuple(line.scaled(INCOME_DOWN) for line in income), costs, None
    if key == "costs-up-20":
        return (
            income,
            tuple(
                line if line.category == LOAN_REPAYMENTS else line.scaled(COSTS_UP)
                for line in costs
            ),
            None,
        )
    if key == "lost-contract":
        lost = largest_contract(income)
        return tuple(line for line in income if line is not lost), costs, lost
    if key == "energy-shock":
        shocked = (c.scaled(ENERGY_SHOCK) if c.category == UTILITIES else c for c in costs)
        return income, tuple(shocked), None
    raise ValueError(f"unknown scenario {key!r}")


def _when(year: int | None) -> str:
    return "at the start" if year is None else f"in year {year}"


def cash_sentence(cash: CashFlow) -> str:
    """'The cash falls to -£3,200 in year 2: it runs out.' or the lowest point above £0."""
    low = format_money(to_pounds(cash.lowest))
    if cash.goes_negative:
        return f"The cash falls to {low} {_when(cash.lowest_year)}: it runs out."
    return f"The cash is lowest {_when(cash.lowest_year)} ({low}) and never goes below £0."


def lower_first(text: str) -> str:
    """For a sentence continued after a colon."""
    return text[:1].lower() + text[1:]


def run_scenario(
    key: str,
    income: Sequence[LineFacts],
    costs: Sequence[LineFacts],
    base: IncomeAndExpenditure,
    opening_cash: Decimal | None,
    capital_in: Decimal,
    capital_out: Decimal,
) -> ScenarioResult:
    """Run one scenario over the plan's lines (costs including any computed loan line)."""
    scenario = next((s for s in SCENARIOS if s.key == key), None)
    if scenario is None:
        raise ValueError(f"unknown scenario {key!r}")
    new_income, new_costs, dropped = apply(key, income, costs)
    account = income_and_expenditure(new_income, new_costs)
    cash = cash_flow(account, opening_cash, capital_in, capital_out)
    applies = True
    prefix = ""
    if key == "lost-contract":
        if dropped is None:
            applies = False
            prefix = "No service contract is entered, so there is none to lose. "
        else:
            lost = format_money(to_pounds(sum(dropped.values(), ZERO)))
            prefix = f"The plan loses “{dropped.name}” ({lost} over the five years). "
    elif key == "income-down-20" and not income:
        applies, prefix = False, "No income is entered. "
    elif key == "costs-up-20" and not any(c.category != LOAN_REPAYMENTS for c in costs):
        applies, prefix = False, "No running costs (other than loan repayments) are entered. "
    elif key == "energy-shock" and not any(c.category == UTILITIES for c in costs):
        applies, prefix = False, "No utilities costs are entered. "
    return ScenarioResult(
        scenario=scenario,
        applies=applies,
        account=account,
        cash=cash,
        surplus_change=account.total_surplus - base.total_surplus,
        sentence=prefix + cash_sentence(cash),
        dropped=dropped.name if dropped is not None else "",
    )


def run_scenarios(
    income: Sequence[LineFacts],
    costs: Sequence[LineFacts],
    base: IncomeAndExpenditure,
    opening_cash: Decimal | None,
    capital_in: Decimal,
    capital_out: Decimal,
) -> tuple[ScenarioResult, ...]:
    """Every scenario, in the order of SCENARIOS."""
    return tuple(
        run_scenario(key, income, costs, base, opening_cash, capital_in, capital_out)
        for key in SCENARIO_KEYS
    )
