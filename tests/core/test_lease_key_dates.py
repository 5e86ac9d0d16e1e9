"""Lease key dates over 25+ years (issue 6 item 4): rent reviews every N years, breaks
with their notice deadlines, repair and decoration cycles, insurance renewals, leap days."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from hypothesis import given
from hypothesis import strategies as st

from cattool.core.lease.deadlines import lease_and_cat_deadlines
from cattool.core.lease.facts import BreakFacts, LeaseFacts
from cattool.core.lease.key_dates import (
    CONTRACTUAL,
    lease_key_dates,
    notice_deadline,
    term_end,
)
from cattool.core.rules.engine import DUE_SOON, PASSED, UPCOMING, EventFact

D = dt.date
TODAY = D(2026, 3, 5)
LEASE = LeaseFacts(
    7, 1, status="signed", title="Hall lease", term_years=25, start_date=D(2026, 4, 1)
)


def dates(lease: LeaseFacts, part: str, today: dt.date = TODAY) -> list[dt.date]:
    return [d.date for d in lease_key_dates(lease, today) if part in d.key]  # type: ignore[misc]


def test_term_end_is_the_day_before_the_anniversary() -> None:
    assert term_end(LEASE) == (D(2051, 3, 31), None)
    assert term_end(replace(LEASE, end_date=D(2050, 12, 25))) == (D(2050, 12, 25), None)
    assert term_end(replace(LEASE, start_date=None)) == (None, None)
    (end,) = [d for d in lease_key_dates(LEASE, TODAY) if d.key == "lease7-term-end"]
    assert end.date == D(2051, 3, 31) and end.source == CONTRACTUAL
    assert "not a statutory deadline" in end.source and "Hall lease" in end.label


def test_rent_reviews_every_five_years_within_the_term() -> None:
    lease = replace(LEASE, rent_review_years=5)
    assert dates(lease, "rent-review") == [D(2031, 4, 1), D(2036, 4, 1), D(2041, 4, 1),
                                            D(2046, 4, 1)]  # fmt: skip
    # Year 25's anniversary is the day after the term ends: no review then.
    assert dates(replace(lease, term_years=26), "rent-review")[-1] == D(2051, 4, 1)


def test_rolling_breaks_and_their_notice_deadlines() -> None:
    clause = BreakFacts(3, "either", 6, from_year=10, every_years=5)
    lease = replace(LEASE, breaks=(clause,))
    found = [d for d in lease_key_dates(lease, TODAY) if "break3" in d.key]
    breaks = [d.date for d in found if not d.key.endswith("-notice")]
    notices = [d.date for d in found if d.key.endswith("-notice")]
    assert breaks == [D(2036, 4, 1), D(2041, 4, 1), D(2046, 4, 1)]
    assert notices == [D(2035, 10, 1), D(2040, 10, 1), D(2045, 10, 1)]
    notice = next(d for d in found if d.key.endswith("-notice"))
    assert "6 months' written notice" in notice.explanation and notice.who == "group"


def test_a_fixed_break_and_a_single_year_break() -> None:
    fixed = BreakFacts(1, "landlord", 12, break_date=D(2035, 6, 30))
    once = BreakFacts(2, "tenant", 3, from_year=15)
    lease = replace(LEASE, breaks=(fixed, once))
    assert dates(lease, "break1") == [D(2034, 6, 30), D(2035, 6, 30)]
    assert dates(lease, "break2") == [D(2041, 1, 1), D(2041, 4, 1)]
    late = BreakFacts(4, "tenant", 3, break_date=D(2060, 1, 1))  # after the term: none
    assert dates(replace(LEASE, breaks=(late,)), "break4") == []


def test_notice_deadlines_clamp_to_the_month_end() -> None:
    assert notice_deadline(D(2030, 8, 31), 6) == D(2030, 2, 28)
    assert notice_deadline(D(2032, 8, 31), 6) == D(2032, 2, 29)  # a leap year
    assert notice_deadline(D(2030, 3, 31), 1) == D(2030, 2, 28)
    assert notice_deadline(D(2030, 5, 15), 12) == D(2029, 5, 15)


def test_a_lease_starting_on_29_february() -> None:
    lease = replace(LEASE, start_date=D(2028, 2, 29), rent_review_years=4, repair_cycle_years=5)
    reviews = [d for d in lease_key_dates(lease, TODAY) if "rent-review" in d.key]
    # Every 4 years lands on a leap year: 29 February exists, no warning.
    assert [d.date for d in reviews][:3] == [D(2032, 2, 29), D(2036, 2, 29), D(2040, 2, 29)]
    assert not reviews[0].warnings
    repairs = [d for d in lease_key_dates(lease, TODAY) if "repair" in d.key]
    assert repairs[0].date == D(2033, 2, 28)
    assert "29 February 2028" in repairs[0].warnings[0]
    end, other = term_end(lease)
    assert (end, other) == (D(2053, 2, 27), D(2053, 2, 28))
    (term,) = [d for d in lease_key_dates(lease, TODAY) if d.key.endswith("term-end")]
    assert "28 February 2053" in term.warnings[0]


def test_insurance_renews_every_year_to_the_term_end() -> None:
    lease = replace(LEASE, insurance_renewal=D(2028, 2, 29), insurance_by="landlord")
    renewals = dates(lease, "insurance")
    assert renewals[:5] == [D(2028, 2, 29), D(2029, 2, 28), D(2030, 2, 28), D(2031, 2, 28),
                            D(2032, 2, 29)]  # fmt: skip
    assert renewals[-1] == D(2051, 2, 28) and len(renewals) == 24
    found = next(d for d in lease_key_dates(lease, TODAY) if "insurance" in d.key)
    assert found.who == "landlord"


def test_repair_and_decoration_cycles() -> None:
    lease = replace(LEASE, repair_cycle_years=10, decoration_cycle_years=7)
    assert dates(lease, "repair") == [D(2036, 4, 1), D(2046, 4, 1)]
    assert dates(lease, "decoration") == [D(2033, 4, 1), D(2040, 4, 1), D(2047, 4, 1)]


def test_statuses_and_order() -> None:
    lease = replace(LEASE, start_date=D(2001, 3, 10), term_years=30, rent_review_years=5)
    found = lease_key_dates(lease, D(2026, 3, 1))
    assert [d.date for d in found] == sorted(d.date for d in found)  # type: ignore[type-var]
    by_date = {d.date: d.status for d in found}
    assert by_date[D(2006, 3, 10)] == PASSED
    assert by_date[D(2026, 3, 10)] == DUE_SOON  # 9 days ahead, within 14
    later = {d.date: d.status for d in lease_key_dates(lease, D(2026, 2, 1))}
    assert later[D(2026, 3, 10)] == UPCOMING  # 37 days ahead


def test_only_signed_leases_feed_the_deadline_lists() -> None:
    lease = replace(LEASE, rent_review_years=5)
    assert lease_and_cat_deadlines([], [lease], TODAY)
    for status in ("negotiating", "ended"):
        assert lease_and_cat_deadlines([], [replace(lease, status=status)], TODAY) == []
    proposed = lease_key_dates(replace(lease, status="negotiating"), TODAY)
    assert all("only proposed" in d.warnings[-1] for d in proposed)


def test_cat_dates_join_once_a_cat_event_is_recorded() -> None:
    events = [EventFact("cat-eoi-submitted", D(2026, 1, 5), 1)]
    found = lease_and_cat_deadlines(events, [], TODAY)
    assert found[0].key == "cat-eoi-decision" and found[0].date == D(2026, 2, 2)
    assert lease_and_cat_deadlines([EventFact("listed", D(2026, 1, 5), 1)], [], TODAY) == []


@given(
    start=st.dates(min_value=D(1990, 1, 1), max_value=D(2060, 12, 31)),
    term=st.integers(min_value=25, max_value=125),
    every=st.integers(min_value=1, max_value=15),
    notice=st.integers(min_value=1, max_value=24),
)
def test_properties_over_long_leases(start: dt.date, term: int, every: int, notice: int) -> None:
    lease = replace(
        LEASE,
        start_date=start,
        term_years=term,
        rent_review_years=every,
        breaks=(BreakFacts(1, "either", notice, from_year=1, every_years=every),),
    )
    end = term_end(lease)[0]
    assert end is not None and start < end
    found = lease_key_dates(lease, TODAY)
    reviews = [d.date for d in found if "rent-review" in d.key]
    assert len(reviews) == (term - 1) // every
    assert all(start < day <= end for day in reviews)  # type: ignore[operator]
    assert len(set(reviews)) == len(reviews)
    for d in found:
        if d.key.endswith("-notice"):
            breaks_on = dt.date.fromisoformat(d.key.split("-", 2)[2].removesuffix("-notice"))
            assert d.date is not None and d.date < breaks_on
            assert (breaks_on - d.date).days <= 31 * notice
            assert (breaks_on - d.date).days >= 28 * notice
