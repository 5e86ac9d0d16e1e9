"""The business plan's arithmetic: a small worked example with exact figures, the loan's
repayments, break-even, the scenarios and the risk bands."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest

from cattool.core.money.business_plan import BusinessPlanFacts, ImpactFacts, build_report
from cattool.core.money.facts import PlanFacts, SourceFacts
from cattool.core.money.forecast import (
    TARGET,
    break_even,
    income_and_expenditure,
    year_starts,
)
from cattool.core.money.plan_lines import (
    COST,
    INCOME,
    LineFacts,
    PlanSettingsFacts,
    yearly_repayment,
)
from cattool.core.money.risks import PREFILL_RISKS, RiskFacts, band, register, score

D = Decimal
TODAY = dt.date(2026, 3, 5)


def income(id_: int, category: str, amount: str, **kw) -> LineFacts:  # type: ignore[no-untyped-def]
    return LineFacts(id_, INCOME, category, D(amount), **kw)


def cost(id_: int, category: str, amount: str, **kw) -> LineFacts:  # type: ignore[no-untyped-def]
    return LineFacts(id_, COST, category, D(amount), **kw)


# The worked example: a small hall, bought with £130,000 secured, opening with £5,000.
INCOME_LINES = (
    income(1, "room-hire", "10000", growth=D("10")),
    income(2, "cafe-bar", "5000", start_year=2),
    income(3, "service-contracts", "3000", label="Council contract"),
    income(4, "service-contracts", "4000", start_year=3, end_year=4, label="NHS contract"),
    income(5, "grants", "2000", growth=D("-100")),
)
COST_LINES = (
    cost(6, "staff", "12000", growth=D("2.5")),
    cost(7, "utilities", "3000", growth=D("5")),
)
SETTINGS = PlanSettingsFacts(
    opening_cash=D("5000.00"),
    starts_on=dt.date(2027, 4, 1),
    loan_amount=D("10000.00"),
    loan_rate=D("5.00"),
    loan_years=2,
)
FUNDING = PlanFacts(
    purchase_price=D("100000"),
    fees=D("5000"),
    refurbishment=D("20000"),
    contingency=D("2000"),
    working_capital=D("3000"),
)
SOURCES = (
    SourceFacts(1, "grant", D("80000"), "awarded"),
    SourceFacts(2, "community-shares", D("50000"), "received", received_on=dt.date(2026, 1, 1)),
    SourceFacts(3, "donation", D("10000"), "pledged"),  # not counted: only pledged
)
FACTS = BusinessPlanFacts(
    settings=SETTINGS,
    income=INCOME_LINES,
    costs=COST_LINES,
    funding=FUNDING,
    sources=SOURCES,
    risks=(RiskFacts(1, "Volunteer burnout", "people", 4, 4, owner="Chair"),),
    impacts=(ImpactFacts(1, "Weekly visitors", "0", "200 a week", "Door counts"),),
)


def test_the_worked_example_line_by_line() -> None:
    report = build_report(FACTS, today=TODAY)
    values = {
        f.line.name: f.values for f in (*report.account.income_lines, *report.account.cost_lines)
    }
    assert values["Room hire"] == tuple(D(v) for v in ("10000", "11000", "12100", "13310", "14641"))
    assert values["Café or bar"] == tuple(D(v) for v in ("0", "5000", "5000", "5000", "5000"))
    assert values["NHS contract"] == tuple(D(v) for v in ("0", "0", "4000", "4000", "0"))
    # −100 % growth: the first year only.
    assert values["Grants for running costs"] == tuple(D(v) for v in ("2000", "0", "0", "0", "0"))
    # 12,000 × 1.025^n, each rounded half up: 12,922.6875 → 12,922.69; 13,245.7546875 → .75
    assert values["Staff"] == tuple(
        D(v) for v in ("12000.00", "12300.00", "12607.50", "12922.69", "13245.75")
    )
    assert values["Utilities"] == tuple(
        D(v) for v in ("3000.00", "3150.00", "3307.50", "3472.88", "3646.52")
    )
    # £10,000 at 5 % over 2 years: 500 / (1 − 1.05^−2) = 5,378.0488 → £5,378.05 a year.
    loan = report.costs[-1]
    assert loan.computed and loan.category == "loan-repayments"
    assert values[loan.name] == (D("5378.05"), D("5378.05"), D("0"), D("0"), D("0"))


def test_the_worked_example_account_and_cash_flow() -> None:
    report = build_report(FACTS, today=TODAY)
    years = report.account.years
    assert [y.total_income for y in years] == [
        D("15000.00"),
        D("19000.00"),
        D("24100.00"),
        D("25310.00"),
        D("22641.00"),
    ]
    assert [y.total_costs for y in years] == [
        D("20378.05"),
        D("20828.05"),
        D("15915.00"),
        D("16395.57"),
        D("16892.27"),
    ]
    assert [y.surplus for y in years] == [
        D("-5378.05"),
        D("-1828.05"),
        D("8185.00"),
        D("8914.43"),
        D("5748.73"),
    ]
    assert years[0].income["service-contracts"] == D("3000.00")
    assert years[2].income["service-contracts"] == D("7000.00")
    assert years[0].costs["loan-repayments"] == D("5378.05")
    assert report.account.total_surplus == D("15642.06")
    # Year 0: £5,000 + £130,000 (awarded + received) − £127,000 (not the working capital).
    cash = report.cash
    assert report.capital.capital_in == D("130000.00")
    assert report.capital.capital_out == D("127000.00")
    assert [(y.year, y.closing) for y in cash.years] == [
        (0, D("8000.00")),
        (1, D("2621.95")),
        (2, D("793.90")),
        (3, D("8978.90")),
        (4, D("17893.33")),
        (5, D("23642.06")),
    ]
    assert (cash.lowest, cash.lowest_year, cash.goes_negative) == (D("793.90"), 2, False)
    assert report.break_even.year == 3
    assert report.break_even.shortfall[:2] == (D("5378.05"), D("1828.05"))
    assert report.break_even.sentence == (
        "Income first covers running costs in year 3. In year 1 it needs to be £20,378: "
        "£5,378 more than planned."
    )
    assert report.sentence == (
        "Over 5 years the plan brings in £106,051 against £90,409 of running costs: a surplus "
        "of £15,642. Income first covers running costs in year 3. In year 1 it needs to be "
        "£20,378: £5,378 more than planned. The cash is lowest in year 2 (£794) and never goes "
        "below £0."
    )
    assert report.year_starts[0] == dt.date(2027, 4, 1)
    assert report.year_starts[4] == dt.date(2031, 4, 1)


def test_the_worked_example_scenarios() -> None:
    report = build_report(FACTS, today=TODAY)
    results = {r.scenario.key: r for r in report.scenarios}
    assert list(results) == ["income-down-20", "costs-up-20", "lost-contract", "energy-shock"]
    down = results["income-down-20"]
    assert down.account.years[0].total_income == D("12000.00")
    assert down.surplus_change == D("-21210.20")  # 20 % of £106,051.00, to the penny
    assert (down.lowest, down.lowest_year, down.goes_negative) == (D("-6006.10"), 2, True)
    assert down.sentence == "The cash falls to -£6,006 in year 2: it runs out."
    up = results["costs-up-20"]
    # Staff and utilities up 20 %; the loan's repayments stay as the agreement fixes them.
    assert up.account.years[0].costs["loan-repayments"] == D("5378.05")
    assert up.account.years[0].costs["staff"] == D("14400.00")
    lost = results["lost-contract"]
    assert lost.dropped == "Council contract"  # £15,000 over five years beats the NHS £8,000
    assert lost.surplus_change == D("-15000.00")
    energy = results["energy-shock"]
    assert energy.account.years[0].costs["utilities"] == D("6000.00")
    assert energy.account.years[0].costs["staff"] == D("12000.00")
    assert "Income 20% lower: the cash falls to -£6,006 in year 2: it runs out." in report.warnings


def test_a_scenario_with_nothing_to_change_says_so() -> None:
    facts = BusinessPlanFacts(income=(income(1, "room-hire", "1000"),))
    results = {r.scenario.key: r for r in build_report(facts).scenarios}
    assert not results["lost-contract"].applies
    assert results["lost-contract"].sentence.startswith("No service contract is entered")
    assert not results["energy-shock"].applies
    assert results["income-down-20"].applies


def test_the_target_basis_counts_the_plan_as_fully_funded() -> None:
    report = build_report(FACTS, basis=TARGET, today=TODAY)
    # £5,000 + £130,000 target − £127,000 spent: the working capital stays as cash.
    assert report.cash.years[0].closing == D("8000.00")
    unfunded = BusinessPlanFacts(settings=SETTINGS, funding=FUNDING, income=INCOME_LINES)
    secured = build_report(unfunded, today=TODAY)
    assert secured.capital.capital_in == D("0")
    assert secured.capital.unfunded == D("122000.00")
    assert secured.cash.years[0].closing == D("-122000.00")
    assert any("not funded yet" in w for w in secured.warnings)
    target = build_report(unfunded, basis=TARGET, today=TODAY)
    assert target.cash.years[0].closing == D("8000.00")
    with pytest.raises(ValueError):
        build_report(unfunded, basis="hopeful")


def test_loan_repayments() -> None:
    assert yearly_repayment(D("12000"), None, 4) == D("3000.00")
    assert yearly_repayment(D("120000"), D("6"), 20) == D("10462.15")
    assert yearly_repayment(D("40000"), D("7"), 7) == D("7422.13")
    # An entered repayment line replaces the one the terms imply.
    entered = cost(9, "loan-repayments", "4000")
    facts = BusinessPlanFacts(settings=SETTINGS, costs=(entered,))
    report = build_report(facts, today=TODAY)
    assert report.costs == (entered,)
    assert any("used instead" in w for w in report.warnings)
    # A loan longer than the plan is repaid in every year of it.
    long = PlanSettingsFacts(loan_amount=D("120000"), loan_rate=D("6"), loan_years=20)
    report = build_report(BusinessPlanFacts(settings=long), today=TODAY)
    assert report.account.cost_lines[0].values == (D("10462.15"),) * 5


def test_break_even_sentences() -> None:
    def even(*pairs: tuple[str, str]) -> str:
        lines_in = tuple(
            income(i, "room-hire", a, start_year=i + 1, end_year=i + 1)
            for i, (a, _) in enumerate(pairs)
        )
        lines_out = tuple(
            cost(10 + i, "staff", c, start_year=i + 1, end_year=i + 1)
            for i, (_, c) in enumerate(pairs)
        )
        return break_even(income_and_expenditure(lines_in, lines_out)).sentence

    assert (
        even(*[("100", "90")] * 5) == "Income covers running costs from year 1 (£100 against £90)."
    )
    assert even(("100", "90"), ("100", "90"), ("50", "90"), ("100", "90"), ("100", "95")) == (
        "Income covers running costs in year 1 but not in year 3: in year 3 it needs to be £90, "
        "£40 more than planned."
    )
    assert even(*[("50", "90")] * 5) == (
        "Income does not cover running costs in any of the 5 years. In year 1 it needs to be "
        "£90 (£40 more than planned), and in year 5 £90 (£40 more)."
    )
    assert break_even(income_and_expenditure((), ())).year is None


def test_year_starts_without_a_date_and_on_29_february() -> None:
    assert year_starts(PlanSettingsFacts()) == (None,) * 5
    leap = year_starts(PlanSettingsFacts(starts_on=dt.date(2028, 2, 29)))
    assert leap[1] == dt.date(2029, 2, 28) and leap[4] == dt.date(2032, 2, 29)


def test_risk_scores_and_bands() -> None:
    assert score(4, 4) == 16 and band(16) == "red"
    assert band(score(3, 5)) == "red"
    assert band(score(3, 4)) == "amber" and band(score(2, 4)) == "amber"
    assert band(score(2, 3)) == "green" and band(score(1, 1)) == "green"
    with pytest.raises(ValueError):
        score(0, 3)
    risks = [RiskFacts(1, "a", "other", 2, 2), RiskFacts(2, "b", "other", 5, 5)]
    assert [r.id for r in register(risks)] == [2, 1]
    # Every pre-filled risk is a valid starting point, and the six DOMAIN.md §8 risks.
    assert len(PREFILL_RISKS) == 6
    assert all(
        1 <= r.likelihood <= 5 and 1 <= r.impact <= 5 and r.mitigation for r in PREFILL_RISKS
    )
    assert any("Feed-in Tariff" in r.title for r in PREFILL_RISKS)
    assert any("£20,000" in r.mitigation for r in PREFILL_RISKS)


def test_risk_warnings_in_the_report() -> None:
    facts = BusinessPlanFacts(
        risks=(RiskFacts(1, "Roof fails", "property", 5, 5, review_on=dt.date(2026, 1, 1)),)
    )
    warnings = build_report(facts, today=TODAY).warnings
    assert "Roof fails is a high risk (score 25) with no mitigation." in warnings
    assert 'No one owns the high risk "Roof fails": name an owner.' in warnings
    assert "Roof fails: its review was due on 1 January 2026." in warnings
    assert any("No social impact measures" in w for w in warnings)


def test_the_report_as_json_has_no_floats() -> None:
    data = build_report(FACTS, today=TODAY).to_json()
    text = json.dumps(data)
    assert data["cash"][2]["closing"] == "793.90"
    assert data["scenarios"][0]["goes_negative"] is True
    assert data["risks"][0]["band"] == "red"

    def floats(value: object) -> bool:
        if isinstance(value, float):
            return True
        if isinstance(value, dict):
            return any(floats(v) for v in value.values())
        if isinstance(value, list):
            return any(floats(v) for v in value)
        return False

    assert not floats(json.loads(text))


def test_an_empty_plan_reports_what_is_missing() -> None:
    report = build_report(BusinessPlanFacts(), today=TODAY)
    assert report.sentence.startswith("No income or running costs are entered yet")
    assert report.cash.lowest == D("0") and not report.cash.goes_negative
    assert "No opening cash is entered: the cash flow starts from £0." in report.warnings
    assert any("risk register is empty" in w for w in report.warnings)
