"""The business plan's figures: the 5-year forecast, break-even, sensitivity, risks and
social impact, assembled from frozen facts (pure: no database, no printing).

The rules live in the modules this one draws together:

  forecast.py     lines and their growth, the loan's repayments, the income and
                  expenditure account, the cash flow (year 0 capital, years 1-5
                  running), break-even
  sensitivity.py  the four scenarios (income −20 %, costs +20 %, the largest service
                  contract lost, energy prices doubled) run again through the forecast
  risks.py        the register's scores and RAG bands, the risks DOMAIN.md §8 names

`build_report(facts)` gives everything a Money page, a CLI or the Business plan document
needs; `plan_queries.business_plan_report` reads the facts from the database.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from decimal import Decimal
from typing import Any

from cattool.core.money.facts import PlanFacts, SourceFacts
from cattool.core.money.forecast import (
    CAPITAL_BASES,
    SECURED,
    BreakEven,
    Capital,
    CashFlow,
    IncomeAndExpenditure,
    break_even,
    capital,
    cash_flow,
    income_and_expenditure,
    year_starts,
)
from cattool.core.money.format import ZERO, format_money, to_pounds
from cattool.core.money.plan_lines import (
    COST,
    INCOME,
    LOAN_REPAYMENTS,
    YEARS,
    LineFacts,
    PlanSettingsFacts,
    with_loan,
)
from cattool.core.money.risks import RiskFacts, register, risk_warnings
from cattool.core.money.sensitivity import (
    ScenarioResult,
    cash_sentence,
    lower_first,
    run_scenarios,
)


@dataclass(frozen=True, slots=True)
class ImpactFacts:
    """A social impact measure (ImpactMeasure)."""

    id: int
    measure: str
    baseline: str = ""
    target: str = ""
    how_measured: str = ""


@dataclass(frozen=True, slots=True)
class BusinessPlanFacts:
    settings: PlanSettingsFacts = field(default_factory=PlanSettingsFacts)
    income: tuple[LineFacts, ...] = ()
    costs: tuple[LineFacts, ...] = ()  # as entered (the loan's line is added later)
    risks: tuple[RiskFacts, ...] = ()
    impacts: tuple[ImpactFacts, ...] = ()
    funding: PlanFacts = field(default_factory=PlanFacts)
    sources: tuple[SourceFacts, ...] = ()


def settings_facts(row: Any | None) -> PlanSettingsFacts:
    if row is None:
        return PlanSettingsFacts()
    return PlanSettingsFacts(
        opening_cash=row.opening_cash,
        starts_on=row.starts_on,
        loan_amount=row.loan_amount,
        loan_rate=row.loan_rate,
        loan_years=row.loan_years,
    )


def line_facts(row: Any, kind: str) -> LineFacts:
    """An IncomeStream (kind INCOME) or RunningCost (kind COST) row as LineFacts."""
    return LineFacts(
        id=row.id,
        kind=kind,
        category=row.category,
        amount=row.amount,
        label=row.label or "",
        growth=row.growth if row.growth is not None else ZERO,
        start_year=row.start_year or 1,
        end_year=row.end_year,
    )


def impact_facts(row: Any) -> ImpactFacts:
    return ImpactFacts(
        id=row.id,
        measure=row.measure,
        baseline=row.baseline or "",
        target=row.target or "",
        how_measured=row.how_measured or "",
    )


def _json(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): _json(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_json(v) for v in value]
    return value


@dataclass(frozen=True)
class BusinessPlanReport:
    basis: str  # forecast.SECURED or forecast.TARGET
    settings: PlanSettingsFacts
    income: tuple[LineFacts, ...]
    costs: tuple[LineFacts, ...]  # with the loan's computed repayments, if any
    capital: Capital
    account: IncomeAndExpenditure
    cash: CashFlow
    break_even: BreakEven
    scenarios: tuple[ScenarioResult, ...]
    risks: tuple[RiskFacts, ...]  # highest score first
    impacts: tuple[ImpactFacts, ...]
    year_starts: tuple[dt.date | None, ...]
    sentence: str
    warnings: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        """Plain data (money as strings of pounds and pence, never floats)."""
        return _json(
            {
                "basis": self.basis,
                "settings": asdict(self.settings),
                "capital": asdict(self.capital),
                "years": [
                    {**asdict(y), "surplus": y.surplus, "starts_on": start}
                    for y, start in zip(self.account.years, self.year_starts, strict=True)
                ],
                "lines": [
                    {**asdict(f.line), "values": f.values, "total": f.total}
                    for f in (*self.account.income_lines, *self.account.cost_lines)
                ],
                "cash": [
                    {**asdict(y), "operating_surplus": y.operating_surplus} for y in self.cash.years
                ],
                "lowest_cash": self.cash.lowest,
                "lowest_cash_year": self.cash.lowest_year,
                "break_even": asdict(self.break_even),
                "scenarios": [
                    {
                        "key": s.scenario.key,
                        "title": s.scenario.title,
                        "assumption": s.scenario.assumption,
                        "applies": s.applies,
                        "total_surplus": s.account.total_surplus,
                        "surplus_change": s.surplus_change,
                        "lowest_cash": s.lowest,
                        "lowest_cash_year": s.lowest_year,
                        "goes_negative": s.goes_negative,
                        "sentence": s.sentence,
                    }
                    for s in self.scenarios
                ],
                "risks": [{**asdict(r), "score": r.score, "band": r.band} for r in self.risks],
                "impacts": [asdict(i) for i in self.impacts],
                "sentence": self.sentence,
                "warnings": list(self.warnings),
            }
        )


def _money(amount: Decimal) -> str:
    return format_money(to_pounds(amount))


def _summary(account: IncomeAndExpenditure, cash: CashFlow, even: BreakEven) -> str:
    if not account.income_lines and not account.cost_lines:
        return "No income or running costs are entered yet: add them to see the forecast."
    surplus = account.total_surplus
    result = (
        f"a surplus of {_money(surplus)}" if surplus >= 0 else f"a deficit of {_money(-surplus)}"
    )
    return (
        f"Over {YEARS} years the plan brings in {_money(account.total_income)} against "
        f"{_money(account.total_costs)} of running costs: {result}. {even.sentence} "
        f"{cash_sentence(cash)}"
    )


def _warnings(
    facts: BusinessPlanFacts,
    basis: str,
    money: Capital,
    cash: CashFlow,
    scenarios: tuple[ScenarioResult, ...],
    today: dt.date | None,
) -> list[str]:
    warnings = []
    if not facts.income:
        warnings.append("No income is entered yet.")
    if not facts.costs and not facts.settings.has_loan:
        warnings.append("No running costs are entered yet.")
    if facts.settings.opening_cash is None:
        warnings.append("No opening cash is entered: the cash flow starts from £0.")
    if money.capital_out == 0:
        warnings.append(
            "The funding plan has no purchase or works costs yet: year 0 shows no capital."
        )
    elif basis == SECURED and money.unfunded > 0:
        warnings.append(
            f"Only money awarded or received counts as capital in "
            f"({_money(money.capital_in)}): {_money(money.unfunded)} of the purchase and "
            "works is not funded yet, so the cash goes below £0 in year 0 until it is."
        )
    if facts.settings.has_loan and any(c.category == LOAN_REPAYMENTS for c in facts.costs):
        warnings.append(
            "Loan repayments are entered as a running cost, so they are used instead of "
            "the repayments the loan terms imply."
        )
    running_low, running_year = cash.running_low
    if money.unfunded > 0 and cash.years[0].closing < 0:
        if running_low < 0:
            warnings.append(
                f"Running the building also uses up {_money(-running_low)} of cash by "
                f"year {running_year}."
            )
        if any(r.applies for r in scenarios):
            warnings.append(
                "The scenarios are clearer on the target basis (as though the purchase "
                "and works were fully funded)."
            )
    else:
        if cash.goes_negative:
            warnings.append(f"As planned, {lower_first(cash_sentence(cash))}")
        else:
            for result in scenarios:
                if result.applies and result.goes_negative:
                    warnings.append(f"{result.scenario.title}: {lower_first(result.sentence)}")
    if not facts.risks:
        warnings.append("The risk register is empty: pre-fill the usual risks and add your own.")
    else:
        warnings += risk_warnings(facts.risks, today or dt.date.today())
    if not facts.impacts:
        warnings.append("No social impact measures yet: say what you will measure, and how.")
    return warnings


def build_report(
    facts: BusinessPlanFacts, basis: str = SECURED, today: dt.date | None = None
) -> BusinessPlanReport:
    """The forecast, cash flow, break-even, scenarios, register and warnings."""
    if basis not in CAPITAL_BASES:
        raise ValueError(f"unknown capital basis {basis!r}")
    settings = facts.settings
    costs = with_loan(facts.costs, settings)
    account = income_and_expenditure(facts.income, costs)
    money = capital(facts.funding, facts.sources, basis, settings.opening_cash)
    cash = cash_flow(account, settings.opening_cash, money.capital_in, money.capital_out)
    even = break_even(account)
    scenarios = run_scenarios(
        facts.income, costs, account, settings.opening_cash, money.capital_in, money.capital_out
    )
    return BusinessPlanReport(
        basis=basis,
        settings=settings,
        income=facts.income,
        costs=costs,
        capital=money,
        account=account,
        cash=cash,
        break_even=even,
        scenarios=scenarios,
        risks=register(facts.risks),
        impacts=facts.impacts,
        year_starts=year_starts(settings),
        sentence=_summary(account, cash, even),
        warnings=tuple(_warnings(facts, basis, money, cash, scenarios, today)),
    )


__all__ = [
    "COST",
    "INCOME",
    "BusinessPlanFacts",
    "BusinessPlanReport",
    "ImpactFacts",
    "build_report",
    "impact_facts",
    "line_facts",
    "settings_facts",
]
