"""Properties of the forecast for any lines: cash reconciles every year, totals are the
sums of their lines, and no scenario improves the plan it worsens."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from cattool.core.money.forecast import (
    break_even,
    cash_flow,
    income_and_expenditure,
)
from cattool.core.money.format import ZERO
from cattool.core.money.plan_lines import (
    COST,
    COST_CATEGORIES,
    INCOME,
    INCOME_CATEGORIES,
    PLAN_YEARS,
    LineFacts,
)
from cattool.core.money.sensitivity import SCENARIO_KEYS, run_scenario

pennies = st.integers(min_value=0, max_value=50_000_000).map(lambda p: Decimal(p) / 100)
growths = st.integers(min_value=-10_000, max_value=10_000).map(lambda p: Decimal(p) / 100)


@st.composite
def lines(draw: st.DrawFn, kind: str) -> LineFacts:
    categories = list(INCOME_CATEGORIES if kind == INCOME else COST_CATEGORIES)
    start = draw(st.integers(1, 5))
    end = draw(st.one_of(st.none(), st.integers(start, 5)))
    return LineFacts(
        id=draw(st.integers(1, 10_000)),
        kind=kind,
        category=draw(st.sampled_from(categories)),
        amount=draw(pennies),
        growth=draw(growths),
        start_year=start,
        end_year=end,
    )


incomes = st.lists(lines(INCOME), max_size=8).map(tuple)
costs = st.lists(lines(COST), max_size=8).map(tuple)
opening = st.one_of(st.none(), pennies)


@settings(max_examples=150, deadline=None)
@given(incomes, costs, opening, pennies, pennies)
def test_cash_reconciles_every_year(income, cost, cash, capital_in, capital_out) -> None:  # type: ignore[no-untyped-def]
    account = income_and_expenditure(income, cost)
    flow = cash_flow(account, cash, capital_in, capital_out)
    assert [y.year for y in flow.years] == [0, *PLAN_YEARS]
    assert flow.years[0].opening == (cash or ZERO)
    for before, after in zip(flow.years, flow.years[1:], strict=False):
        assert after.opening == before.closing
    for year in flow.years:
        assert year.closing == year.opening + year.money_in - year.money_out
        assert year.closing == (
            year.opening + year.capital_in + year.income - year.capital_out - year.costs
        )
    assert flow.closing == (cash or ZERO) + capital_in - capital_out + account.total_surplus
    closings = [flow.opening, *(y.closing for y in flow.years)]
    assert flow.lowest == min(closings)
    assert flow.goes_negative == any(c < 0 for c in closings)


@settings(max_examples=150, deadline=None)
@given(incomes, costs)
def test_income_and_expenditure_totals_are_the_sums_of_their_lines(income, cost) -> None:  # type: ignore[no-untyped-def]
    account = income_and_expenditure(income, cost)
    for year in account.years:
        i = year.year - 1
        assert year.total_income == sum((f.values[i] for f in account.income_lines), ZERO)
        assert year.total_costs == sum((f.values[i] for f in account.cost_lines), ZERO)
        assert year.total_income == sum(year.income.values(), ZERO)
        assert year.total_costs == sum(year.costs.values(), ZERO)
        for category, total in year.income.items():
            assert total == sum(
                (f.values[i] for f in account.income_lines if f.line.category == category), ZERO
            )
        assert year.surplus == year.total_income - year.total_costs
    assert account.total_income == sum((f.total for f in account.income_lines), ZERO)
    assert account.total_surplus == account.total_income - account.total_costs
    for forecast in (*account.income_lines, *account.cost_lines):
        line = forecast.line
        for year, value in zip(PLAN_YEARS, forecast.values, strict=True):
            assert value >= 0 and value == value.quantize(Decimal("0.01"))
            if year < line.start_year or (line.end_year is not None and year > line.end_year):
                assert value == 0
        if line.growth == 0 and line.start_year == 1 and line.end_year is None:
            assert set(forecast.values) == {line.amount}


@settings(max_examples=120, deadline=None)
@given(incomes, costs, opening, pennies, pennies)
def test_no_scenario_improves_the_plan(income, cost, cash, capital_in, capital_out) -> None:  # type: ignore[no-untyped-def]
    base = income_and_expenditure(income, cost)
    base_cash = cash_flow(base, cash, capital_in, capital_out)
    for key in SCENARIO_KEYS:
        result = run_scenario(key, income, cost, base, cash, capital_in, capital_out)
        assert result.surplus_change == result.account.total_surplus - base.total_surplus
        assert result.surplus_change <= 0
        for mine, theirs in zip(result.account.years, base.years, strict=True):
            assert mine.surplus <= theirs.surplus
        assert result.lowest <= base_cash.lowest
        assert result.cash.years[0] == base_cash.years[0]  # the same year 0
    down = run_scenario("income-down-20", income, cost, base, cash, capital_in, capital_out)
    for mine, theirs in zip(down.account.years, base.years, strict=True):
        assert mine.total_income <= theirs.total_income
        assert mine.total_costs == theirs.total_costs


@settings(max_examples=100, deadline=None)
@given(incomes, costs)
def test_break_even_is_the_first_year_income_covers_costs(income, cost) -> None:  # type: ignore[no-untyped-def]
    account = income_and_expenditure(income, cost)
    result = break_even(account)
    for year in account.years:
        i = year.year - 1
        assert result.needed[i] == year.total_costs
        assert result.shortfall[i] == max(year.total_costs - year.total_income, ZERO)
    if result.year is not None:
        assert result.shortfall[result.year - 1] == 0
        assert all(result.shortfall[i] > 0 for i in range(result.year - 1))
    elif income or cost:
        assert all(s > 0 for s in result.shortfall)
