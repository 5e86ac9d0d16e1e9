"""Lease checks (issue 6 item 3): each finding, and both sides of every threshold."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest

from cattool.core.lease.checks import (
    ADVICE,
    PROBLEM,
    WARNING,
    CaseContext,
    FundingCondition,
    lease_checks,
)
from cattool.core.lease.facts import BreakFacts, LeaseFacts

GOOD = LeaseFacts(
    1,
    1,
    term_years=25,
    rent_review_basis="open-market",
    repairing="internal",
    building_condition="poor",
    breaks=(BreakFacts(1, "either", 6, from_year=10, every_years=5),),
)


def keys(lease: LeaseFacts, context: CaseContext | None = None) -> set[str]:
    return {c.key for c in lease_checks(lease, context)}


def test_a_good_lease_has_no_findings() -> None:
    assert lease_checks(GOOD) == []


@pytest.mark.parametrize(("years", "flagged"), [(24, True), (25, False), (26, False), (1, True)])
def test_term_under_25_years(years: int, flagged: bool) -> None:
    found = [c for c in lease_checks(replace(GOOD, term_years=years)) if c.key == "term-under-25"]
    assert bool(found) == flagged
    if found:
        assert found[0].severity == WARNING and "funders" in found[0].explanation.lower()


def test_missing_term_is_advice() -> None:
    (check,) = lease_checks(replace(GOOD, term_years=None))
    assert check.key == "term-missing" and check.severity == ADVICE


@pytest.mark.parametrize(("minimum", "flagged"), [(25, False), (26, True), (15, False)])
def test_a_funders_minimum_lease(minimum: int, flagged: bool) -> None:
    context = CaseContext(funding=(FundingCondition("Heritage Fund", minimum, "applied"),))
    found = [c for c in lease_checks(GOOD, context) if c.key.startswith("funder-lease")]
    assert bool(found) == flagged
    if found:
        assert found[0].severity == PROBLEM and "Heritage Fund" in found[0].title


def test_a_declined_funders_condition_no_longer_matters() -> None:
    context = CaseContext(funding=(FundingCondition("Gone", 99, "declined"),))
    assert not keys(GOOD, context)


def test_breaks_must_be_mutual_with_equal_notice() -> None:
    landlord = BreakFacts(1, "landlord", 6, from_year=10)
    tenant = BreakFacts(2, "tenant", 6, from_year=10)
    assert keys(replace(GOOD, breaks=(landlord,))) == {"break-not-mutual"}
    assert keys(replace(GOOD, breaks=(tenant,))) == {"break-tenant-only"}
    assert keys(replace(GOOD, breaks=(landlord, tenant))) == set()
    longer = replace(landlord, notice_months=12)
    found = lease_checks(replace(GOOD, breaks=(longer, tenant)))
    assert [c.key for c in found] == ["break-unequal-notice"]
    assert "12 months'" in found[0].explanation and "6 months'" in found[0].explanation
    # Equal but for one month is still unequal.
    assert keys(replace(GOOD, breaks=(replace(landlord, notice_months=7), tenant))) == {
        "break-unequal-notice"
    }


def test_upward_only_review_in_a_new_lease_is_banned_provisionally() -> None:
    (check,) = lease_checks(replace(GOOD, rent_review_basis="upward-only"))
    assert check.key == "upward-only-review" and check.severity == PROBLEM
    assert check.provisional and "PROVISIONAL" in check.explanation and "2026" in check.source
    (existing,) = lease_checks(replace(GOOD, rent_review_basis="upward-only", is_new=False))
    assert existing.severity == ADVICE
    assert not keys(replace(GOOD, rent_review_basis="cpi"))


@pytest.mark.parametrize(
    ("market", "price", "key"),
    [
        ("2000000", "0", "undervalue-within-consent"),  # exactly £2m: within the consent
        ("2000000.01", "0", "undervalue-over-2m"),
        ("3000000", "999999.99", "undervalue-over-2m"),
        ("3000000", "1000000", "undervalue-within-consent"),
        ("100000", "100000", None),  # no undervalue
        ("100000", "150000", None),
    ],
)
def test_undervalue_and_the_general_disposal_consent(market: str, price: str, key) -> None:
    lease = replace(GOOD, market_value=Decimal(market), price=Decimal(price))
    found = keys(lease)
    assert found == ({key} if key else set())
    if key == "undervalue-over-2m":
        (check,) = lease_checks(lease)
        assert "General Disposal Consent" in check.source and "specific" in check.explanation


def test_no_undervalue_check_without_both_figures() -> None:
    assert not keys(replace(GOOD, market_value=Decimal("5000000")))


@pytest.mark.parametrize(("years", "short"), [(7, True), (8, False)])
def test_leases_of_seven_years_or_less_need_no_consent(years: int, short: bool) -> None:
    lease = replace(GOOD, term_years=years, market_value=Decimal("9000000"), price=Decimal(0))
    found = keys(lease)
    assert ("short-lease-no-consent" in found) == short
    assert ("undervalue-over-2m" in found) == (not short)


@pytest.mark.parametrize(
    ("years", "listed", "flagged"),
    [(25, True, True), (24, True, False), (30, True, True), (25, False, False)],
)
def test_a_long_lease_of_a_listed_asset_is_a_relevant_disposal(
    years: int, listed: bool, flagged: bool
) -> None:
    found = [
        c
        for c in lease_checks(replace(GOOD, term_years=years), CaseContext(listed=listed))
        if c.key == "relevant-disposal"
    ]
    assert bool(found) == flagged
    if found:
        assert "legal advice" in found[0].explanation and "s.95" in found[0].source


@pytest.mark.parametrize(
    ("repairing", "condition", "flagged"),
    [("full", "poor", True), ("full", "fair", False), ("internal", "poor", False)],
)
def test_full_repairs_on_a_poor_building(repairing: str, condition: str, flagged: bool) -> None:
    lease = replace(GOOD, repairing=repairing, building_condition=condition)
    assert ("full-repairs-poor-building" in keys(lease)) == flagged


def test_problems_come_first() -> None:
    lease = replace(GOOD, term_years=20, rent_review_basis="upward-only", market_value=Decimal(10))
    severities = [c.severity for c in lease_checks(lease)]
    assert severities == sorted(severities, key=[PROBLEM, WARNING, ADVICE].index)
    assert severities[0] == PROBLEM
