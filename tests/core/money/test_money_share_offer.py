"""Share offers: checks against DOMAIN.md §8, register totals, refunds and scaling back."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_FLOOR, Decimal

from hypothesis import given
from hypothesis import strategies as st

from cattool.core.money.scaling import scale_back
from cattool.core.money.share_offer import (
    DEFAULT_HOLDING_CAP,
    ApplicationFacts,
    HoldingCap,
    OfferTerms,
    check_application,
    check_terms,
    outcome,
    register_totals,
)

D = Decimal
TERMS = OfferTerms(
    society_type="community-benefit-society",
    min_holding=D("250"),
    max_holding=D("20000"),
    min_raise=D("5000"),
    target_raise=D("8000"),
    max_raise=D("10000"),
    opens_on=dt.date(2026, 4, 1),
    closes_on=dt.date(2026, 5, 31),
)
OPEN_DAY, CLOSED_DAY = dt.date(2026, 4, 15), dt.date(2026, 6, 1)


def app(id_: int, paid: str, day: int = 1, refunded: str = "0") -> ApplicationFacts:
    return ApplicationFacts(
        id_,
        D(paid),
        D(paid),
        D(refunded),
        applied_on=dt.date(2026, 4, day),
        paid_on=dt.date(2026, 4, day),
    )


def test_good_terms_pass() -> None:
    check = check_terms(TERMS)
    assert check.ok and check.warnings == ()


def test_only_a_society_can_issue_community_shares() -> None:
    from dataclasses import replace

    check = check_terms(replace(TERMS, society_type="charitable-incorporated-organisation"))
    assert not check.ok
    assert "co-operative society or a community benefit society" in check.errors[0]
    warned = check_terms(TERMS, legal_form="unincorporated-association")
    assert any("must register as one" in w for w in warned.warnings)


def test_raises_and_holdings_must_be_in_order() -> None:
    bad = OfferTerms(
        society_type="co-operative-society",
        min_holding=D("500"),
        max_holding=D("100"),
        min_raise=D("9000"),
        target_raise=D("8000"),
        max_raise=D("10000"),
        opens_on=dt.date(2026, 5, 1),
        closes_on=dt.date(2026, 4, 1),
    )
    errors = " ".join(check_terms(bad).errors)
    assert "The minimum raise (£9,000) is more than the target raise (£8,000)." in errors
    assert "The minimum holding (£500) is more than the maximum holding (£100)." in errors
    assert "cannot close (1 April 2026) before it opens (1 May 2026)" in errors


def test_the_holding_cap_is_a_setting_marked_unverified_by_default() -> None:
    from dataclasses import replace

    assert DEFAULT_HOLDING_CAP.amount == D("100000") and DEFAULT_HOLDING_CAP.provisional
    big = replace(TERMS, max_holding=D("150000"), max_raise=D("500000"))
    warning = " ".join(check_terms(big).warnings)
    assert "believed to apply" in warning and "unverified" in warning
    confirmed = HoldingCap(D("120000"), False, "checked with a solicitor")
    assert "above the legal cap of £120,000" in " ".join(check_terms(big, confirmed).warnings)
    assert check_application(TERMS, D("100")) == ["£100 is below the minimum holding of £250."]
    assert check_application(TERMS, D("25000")) == [
        "£25,000 is above the maximum holding of £20,000."
    ]


def test_register_totals() -> None:
    apps = [
        app(1, "1000"),
        ApplicationFacts(2, D("500"), D("200"), applied_on=dt.date(2026, 4, 2)),
        app(3, "300", refunded="300"),
    ]
    totals = register_totals(apps)
    assert (totals.applied, totals.paid, totals.refunded, totals.held) == (
        D("1800"),
        D("1500"),
        D("300"),
        D("1200"),
    )
    assert (totals.unpaid, totals.unpaid_applications) == (D("300"), 1)


def test_before_and_during_the_offer() -> None:
    assert outcome(TERMS, [], dt.date(2026, 3, 1)).state == "not-open"
    result = outcome(TERMS, [app(1, "3000")], OPEN_DAY)
    assert result.state == "open"
    assert result.sentence == (
        "The offer is open until 31 May 2026: £3,000 paid in of the £5,000 minimum (target £8,000)."
    )
    assert result.allocations == ()


def test_minimum_not_reached_refunds_everyone() -> None:
    result = outcome(TERMS, [app(1, "3000"), app(2, "1000", 2)], CLOSED_DAY)
    assert result.state == "minimum-not-reached"
    assert [(a.application_id, a.refund) for a in result.refund_list] == [
        (1, D("3000")),
        (2, D("1000")),
    ]
    assert result.refunds == D("4000") and result.allocated == 0
    assert "short of the £5,000 minimum: refund everyone (£4,000 to 2 applicants)" in (
        result.sentence
    )


def test_minimum_not_reached_with_nothing_paid_has_nothing_to_refund() -> None:
    for apps in ([], [app(1, "0")]):
        result = outcome(TERMS, apps, CLOSED_DAY)
        assert result.state == "minimum-not-reached"
        assert result.refund_list == ()
        assert result.sentence.endswith(
            "short of the £5,000 minimum: nothing was paid in, so there is nothing to refund."
        )


def test_between_minimum_and_maximum_everyone_keeps_their_shares() -> None:
    result = outcome(TERMS, [app(1, "3000"), app(2, "4000", 2)], CLOSED_DAY)
    assert result.state == "succeeded" and result.refunds == 0
    assert result.allocated == D("7000")


def test_oversubscribed_worked_example() -> None:
    """Max £10,000, floor £250 (the minimum holding). Paid 5,000 / 3,000 / 2,000 / 1,000
    / 200 = 11,200. Floors 250 × 4 + 200 = 1,200; the other 8,800 is shared pro rata to
    what each paid above the floor (4,750 / 2,750 / 1,750 / 750 of 10,000, i.e. 88 %)."""
    apps = [app(1, "5000"), app(2, "3000", 2), app(3, "2000", 3), app(4, "1000", 4)]
    apps.append(app(5, "200", 5))
    result = outcome(TERMS, apps, CLOSED_DAY)
    assert result.state == "oversubscribed"
    assert [(a.allocated, a.refund) for a in result.allocations] == [
        (D("4430"), D("570")),
        (D("2670"), D("330")),
        (D("1790"), D("210")),
        (D("910"), D("90")),
        (D("200"), D("0")),
    ]
    assert result.allocated == D("10000") and result.refunds == D("1200")
    assert "refunded to 4 applicants" in result.sentence


def test_rounding_leftovers_and_ties_go_to_the_earliest() -> None:
    three = [(1, D("500")), (2, D("500")), (3, D("500"))]
    assert scale_back(three, D("1000")) == {1: D("334"), 2: D("333"), 3: D("333")}


def test_when_even_the_floors_do_not_fit_everyone_gets_the_same_cap() -> None:
    five = [(i, D("400")) for i in range(1, 6)]
    assert set(scale_back(five, D("1000"), D("500")).values()) == {D("200")}
    uneven = scale_back(five, D("1001"), D("500"))
    assert uneven[1] == D("201") and sum(uneven.values()) == D("1001")


requests = st.lists(
    st.integers(min_value=0, max_value=10_000_000).map(lambda p: D(p) / 100),
    min_size=1,
    max_size=40,
)
money = st.integers(min_value=0, max_value=20_000_000).map(lambda p: D(p) / 100)


def pounds(amount: Decimal) -> Decimal:
    return amount.quantize(D(1), rounding=ROUND_FLOOR)


@given(requests, money, money)
def test_scaling_back_never_exceeds_the_maximum_nor_anyones_payment(
    amounts: list[Decimal], maximum: Decimal, floor: Decimal
) -> None:
    items = list(enumerate(amounts, start=1))
    allocated = scale_back(items, maximum, floor)
    assert sum(allocated.values(), D(0)) <= maximum
    for key, amount in items:
        assert D(0) <= allocated[key] <= amount
    if sum(amounts, D(0)) <= maximum:
        assert allocated == dict(items)
    else:
        assert all(a == a.to_integral_value() for a in allocated.values())  # whole pounds
        if sum(map(pounds, amounts), D(0)) >= pounds(maximum):
            assert sum(allocated.values(), D(0)) == pounds(maximum)
        if sum(min(pounds(a), pounds(floor)) for a in amounts) <= pounds(maximum):
            for key, amount in items:  # everyone keeps up to the floor
                assert allocated[key] >= min(pounds(amount), pounds(floor))
    assert scale_back(items, maximum, floor) == allocated  # deterministic
