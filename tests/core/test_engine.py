"""The deadline engine against DOMAIN.md: both regimes, conditions, warnings, statuses."""

from __future__ import annotations

import datetime as dt

import pytest

from cattool.core.rules.engine import (
    DUE_SOON,
    MET,
    NOT_TRIGGERED,
    PASSED,
    UPCOMING,
    EventFact,
    compute_deadlines,
)
from cattool.core.rules.regime import load_regime
from cattool.core.rules.stage import derive_stage

D = dt.date
NOTICE = D(2026, 3, 2)  # Monday: the DOMAIN.md worked example


def deadlines(regime: str, events: list[tuple[str, dt.date]], today: dt.date, **kw):
    facts = [EventFact(kind, date, i) for i, (kind, date) in enumerate(events, 1)]
    return {d.key: d for d in compute_deadlines(facts, load_regime(regime), today, **kw)}


def test_worked_example_with_a_request_in_time() -> None:
    result = deadlines(
        "england-2011",
        [("owner-notice-received", NOTICE), ("bidder-request-received", D(2026, 3, 20))],
        today=D(2026, 3, 25),
    )
    assert result["interim-moratorium-ends"].date == D(2026, 4, 12)
    assert result["interim-moratorium-ends"].status == MET
    assert result["full-moratorium-ends"].date == D(2026, 9, 1)
    assert result["full-moratorium-ends"].status == UPCOMING
    assert result["protected-period-ends"].date == D(2027, 9, 1)
    full = result["full-moratorium-ends"]
    assert "Localism Act 2011 s.95(6)" in full.source
    assert "Monday 2 March 2026" in full.explanation
    assert "Tuesday 1 September 2026" in full.explanation
    assert full.counts_from == "owner-notice-received"
    assert full.provisional is False


def test_no_bidder_request_means_no_full_moratorium() -> None:
    result = deadlines("england-2011", [("owner-notice-received", NOTICE)], today=D(2026, 5, 1))
    full = result["full-moratorium-ends"]
    assert full.status == NOT_TRIGGERED
    assert full.date is None
    assert "request" in full.explanation
    assert result["interim-moratorium-ends"].status == PASSED
    assert result["protected-period-ends"].date == D(2027, 9, 1)


def test_a_late_bidder_request_does_not_trigger_and_is_flagged() -> None:
    result = deadlines(
        "england-2011",
        [("owner-notice-received", NOTICE), ("bidder-request-received", D(2026, 4, 13))],
        today=D(2026, 5, 1),
    )
    assert result["full-moratorium-ends"].status == NOT_TRIGGERED
    assert result["interim-moratorium-ends"].status == PASSED
    assert any("too late" in w for w in result["interim-moratorium-ends"].warnings)
    assert any("after the window" in w for w in result["full-moratorium-ends"].warnings)


def test_a_request_on_the_last_day_counts() -> None:
    result = deadlines(
        "england-2011",
        [("owner-notice-received", NOTICE), ("bidder-request-received", D(2026, 4, 12))],
        today=D(2026, 4, 20),
    )
    assert result["full-moratorium-ends"].date == D(2026, 9, 1)


def test_a_request_before_the_owners_notice_does_not_count() -> None:
    result = deadlines(
        "england-2011",
        [("bidder-request-received", D(2026, 2, 1)), ("owner-notice-received", NOTICE)],
        today=D(2026, 5, 1),
    )
    assert result["full-moratorium-ends"].status == NOT_TRIGGERED


def test_while_the_window_is_open_the_explanation_says_what_would_happen() -> None:
    result = deadlines("england-2011", [("owner-notice-received", NOTICE)], today=D(2026, 3, 5))
    full = result["full-moratorium-ends"]
    assert full.status == NOT_TRIGGERED
    assert "Sunday 12 April 2026" in full.explanation
    assert "Tuesday 1 September 2026" in full.explanation
    # The owner's compensation period cannot start while the full moratorium may still.
    assert result["compensation-claim-deadline"].status == NOT_TRIGGERED


def test_statuses_follow_today_and_the_horizon() -> None:
    events = [("owner-notice-received", NOTICE)]
    interim = "interim-moratorium-ends"
    assert deadlines("england-2011", events, D(2026, 3, 5))[interim].status == UPCOMING
    assert deadlines("england-2011", events, D(2026, 3, 29))[interim].status == DUE_SOON
    assert deadlines("england-2011", events, D(2026, 4, 12))[interim].status == DUE_SOON
    assert deadlines("england-2011", events, D(2026, 4, 13))[interim].status == PASSED
    wide = deadlines("england-2011", events, D(2026, 3, 5), horizon_days=60)
    assert wide[interim].status == DUE_SOON
    assert wide[interim].days_left == 38


def test_weekend_warning_keeps_the_legal_date() -> None:
    interim = deadlines("england-2011", [("owner-notice-received", NOTICE)], D(2026, 3, 5))[
        "interim-moratorium-ends"
    ]
    assert interim.date == D(2026, 4, 12)  # a Sunday: not moved
    assert any("weekend" in w and "Friday 10 April 2026" in w for w in interim.warnings)


def test_bank_holiday_warning() -> None:
    # Six weeks from mid-November end over Christmas.
    result = deadlines(
        "england-2011", [("owner-notice-received", D(2026, 11, 16))], today=D(2026, 11, 20)
    )
    interim = result["interim-moratorium-ends"]
    assert interim.date == D(2026, 12, 27)  # Sunday, and the Boxing Day substitute period
    result = deadlines(
        "england-2011", [("owner-notice-received", D(2026, 11, 17))], today=D(2026, 11, 20)
    )
    interim = result["interim-moratorium-ends"]
    assert interim.date == D(2026, 12, 28)  # Monday 28 December 2026: Boxing Day substitute
    assert any("bank holiday" in w for w in interim.warnings)
    assert any("Thursday 24 December 2026" in w for w in interim.warnings)


def test_month_end_warning_uses_the_earlier_date() -> None:
    result = deadlines(
        "england-2011",
        [("owner-notice-received", D(2026, 8, 31)), ("bidder-request-received", D(2026, 9, 1))],
        today=D(2026, 9, 2),
    )
    full = result["full-moratorium-ends"]
    assert full.date == D(2027, 2, 27)
    assert any("Month-end" in w and "Sunday 28 February 2027" in w for w in full.warnings)


def test_listing_review_and_appeal_chain() -> None:
    events = [
        ("nomination-submitted", D(2026, 1, 5)),
        ("listed", D(2026, 2, 20)),
        ("listing-notice-given", D(2026, 3, 2)),
        ("review-requested", D(2026, 4, 1)),
        ("review-decision-sent", D(2026, 5, 11)),
    ]
    result = deadlines("england-2011", events, today=D(2026, 5, 12))
    assert result["nomination-decision-due"].date == D(2026, 3, 1)
    assert result["nomination-decision-due"].status == MET
    assert result["review-request-deadline"].date == D(2026, 4, 26)
    assert result["review-request-deadline"].status == MET
    assert result["review-decision-due"].date == D(2026, 5, 26)
    assert result["review-decision-due"].status == MET
    assert result["appeal-deadline"].date == D(2026, 6, 7)  # 28 days beginning with 11 May
    assert result["appeal-deadline"].status == UPCOMING
    assert result["listing-expires"].date == D(2031, 2, 19)
    # Re-nominate 8 weeks + the 4-week margin before expiry.
    assert result["renomination-due"].date == D(2031, 2, 19) - dt.timedelta(weeks=12)


def test_listing_from_the_domain_example_expires_on_1_march_2031() -> None:
    result = deadlines("england-2011", [("listed", NOTICE)], today=D(2026, 3, 5))
    assert result["listing-expires"].date == D(2031, 3, 1)
    assert any("weekend" in w for w in result["listing-expires"].warnings)  # a Saturday
    # Counted from the listing because no notice date is recorded: said plainly.
    assert any(
        "no 'Notice of listing given'" in w for w in result["review-request-deadline"].warnings
    )


def test_nothing_recorded_means_nothing_triggered() -> None:
    result = deadlines("england-2011", [], today=D(2026, 3, 5))
    assert {d.status for d in result.values()} == {NOT_TRIGGERED}
    assert all(d.date is None for d in result.values())
    assert all(d.explanation for d in result.values())


def test_latest_owner_notice_starts_the_current_clock() -> None:
    result = deadlines(
        "england-2011",
        [("owner-notice-received", D(2023, 1, 9)), ("owner-notice-received", NOTICE)],
        today=D(2026, 3, 5),
    )
    assert result["interim-moratorium-ends"].date == D(2026, 4, 12)


def test_completion_meets_the_moratorium() -> None:
    result = deadlines(
        "england-2011",
        [
            ("owner-notice-received", NOTICE),
            ("bidder-request-received", D(2026, 3, 10)),
            ("contracts-exchanged", D(2026, 7, 1)),
        ],
        today=D(2026, 7, 2),
    )
    assert result["full-moratorium-ends"].status == MET
    assert result["full-moratorium-ends"].met_on == D(2026, 7, 1)


def test_2026_regime_twelve_month_moratorium_is_provisional() -> None:
    result = deadlines(
        "england-2026",
        [("owner-notice-received", NOTICE), ("bidder-request-received", D(2026, 3, 20))],
        today=D(2026, 3, 25),
    )
    full = result["full-moratorium-ends"]
    assert full.date == D(2027, 3, 1)
    assert full.provisional is True
    assert any(w.startswith("Provisional") for w in full.warnings)
    assert result["interim-moratorium-ends"].date == D(2026, 4, 12)
    assert all(d.provisional for d in result.values())


def test_2026_regime_without_notice_of_intention() -> None:
    result = deadlines("england-2026", [("owner-notice-received", NOTICE)], today=D(2026, 5, 1))
    assert result["full-moratorium-ends"].status == NOT_TRIGGERED


def test_2026_parameters_can_be_overridden_once_regulations_exist() -> None:
    regime = load_regime(
        "england-2026",
        {
            "interest-window": {"value": "8 weeks", "source": "SI 2027/1 reg 3"},
            "moratorium-trigger": {"value": "owner-notice-received", "source": "SI 2027/1"},
        },
    )
    facts = [EventFact("owner-notice-received", NOTICE)]
    result = {d.key: d for d in compute_deadlines(facts, regime, D(2026, 3, 5))}
    assert result["interim-moratorium-ends"].date == D(2026, 4, 26)
    assert result["interim-moratorium-ends"].provisional is False
    assert regime.parameters["interest-window"].overridden


@pytest.mark.parametrize(
    ("events", "today", "stage"),
    [
        ([], D(2026, 3, 5), "identified"),
        ([("nomination-submitted", D(2026, 1, 5))], D(2026, 3, 5), "nominated"),
        (
            [("nomination-submitted", D(2026, 1, 5)), ("nomination-rejected", D(2026, 2, 1))],
            D(2026, 3, 5),
            "not-listed",
        ),
        ([("listed", D(2026, 1, 5))], D(2026, 3, 5), "listed"),
        ([("listed", D(2020, 1, 5))], D(2026, 3, 5), "listing-expired"),
        (
            [("listed", D(2026, 1, 5)), ("review-requested", D(2026, 2, 1))],
            D(2026, 3, 5),
            "under-review",
        ),
        (
            [("listed", D(2025, 1, 5)), ("owner-notice-received", NOTICE)],
            D(2026, 3, 5),
            "interim-moratorium",
        ),
        (
            [
                ("listed", D(2025, 1, 5)),
                ("owner-notice-received", NOTICE),
                ("bidder-request-received", D(2026, 3, 9)),
            ],
            D(2026, 6, 1),
            "full-moratorium",
        ),
        (
            [("listed", D(2025, 1, 5)), ("owner-notice-received", NOTICE)],
            D(2026, 6, 1),
            "protected-period",
        ),
        ([("listed", D(2025, 1, 5)), ("owner-notice-received", NOTICE)], D(2027, 10, 1), "listed"),
        (
            [("listed", D(2025, 1, 5)), ("offer-accepted", D(2026, 2, 1))],
            D(2026, 3, 5),
            "sale-agreed",
        ),
        ([("listed", D(2025, 1, 5)), ("completion", D(2026, 2, 1))], D(2026, 3, 5), "completed"),
        ([("listed", D(2025, 1, 5)), ("delisted", D(2026, 2, 1))], D(2026, 3, 5), "delisted"),
    ],
)
def test_stage_is_derived_from_events(events, today, stage) -> None:
    facts = [EventFact(kind, date) for kind, date in events]
    regime = load_regime("england-2011")
    assert derive_stage(facts, compute_deadlines(facts, regime, today), today) == stage


def test_warnings_off_gives_the_same_dates_and_statuses() -> None:
    events = [("owner-notice-received", NOTICE), ("listed", D(2025, 8, 31))]
    on = deadlines("england-2011", events, D(2026, 3, 5))
    off = deadlines("england-2011", events, D(2026, 3, 5), warnings=False)
    assert {k: (d.date, d.status) for k, d in on.items()} == {
        k: (d.date, d.status) for k, d in off.items()
    }


def test_a_notice_inside_the_protected_period_starts_nothing_new() -> None:
    result = deadlines(
        "england-2011",
        [
            ("listed", D(2025, 6, 1)),
            ("owner-notice-received", NOTICE),
            ("bidder-request-received", D(2026, 4, 12)),
            ("owner-notice-received", D(2027, 1, 10)),
        ],
        today=D(2027, 1, 20),
    )
    assert result["protected-period-ends"].date == D(2027, 9, 1)
    assert result["interim-moratorium-ends"].date == D(2026, 4, 12)
    assert any("protected period" in w for w in result["protected-period-ends"].warnings)
    # After the protected period a new notice does start a new cycle.
    later = deadlines(
        "england-2011",
        [
            ("listed", D(2025, 6, 1)),
            ("owner-notice-received", NOTICE),
            ("owner-notice-received", D(2027, 9, 2)),
        ],
        today=D(2027, 9, 3),
    )
    assert later["interim-moratorium-ends"].date == D(2027, 10, 13)


def test_delisting_and_completion_end_the_moratorium() -> None:
    base = [
        ("listed", D(2025, 6, 1)),
        ("owner-notice-received", NOTICE),
        ("bidder-request-received", D(2026, 3, 10)),
    ]
    delisted = deadlines("england-2011", [*base, ("delisted", D(2026, 8, 20))], D(2026, 9, 1))
    for key in ("full-moratorium-ends", "protected-period-ends"):
        assert delisted[key].status == MET
        assert "No longer applies" in delisted[key].explanation
    done = deadlines("england-2011", [*base, ("completion", D(2026, 8, 1))], D(2026, 9, 1))
    open_keys = {k for k, d in done.items() if d.is_open and k != "compensation-claim-deadline"}
    assert open_keys == set()


def test_a_request_sent_before_the_owners_notice_is_flagged() -> None:
    result = deadlines(
        "england-2011",
        [
            ("listed", D(2025, 6, 1)),
            ("bidder-request-received", D(2026, 2, 1)),
            ("owner-notice-received", NOTICE),
        ],
        today=D(2026, 5, 1),
    )
    full = result["full-moratorium-ends"]
    assert full.status == NOT_TRIGGERED
    assert any("send it again" in w for w in full.warnings)


def test_an_owners_notice_without_a_listing_is_flagged() -> None:
    result = deadlines("england-2011", [("owner-notice-received", NOTICE)], today=D(2026, 3, 5))
    assert any("only to listed land" in w for w in result["interim-moratorium-ends"].warnings)


def test_ties_between_events_resolve_the_same_way_every_time() -> None:
    events = [
        ("nomination-submitted", D(2026, 1, 5)),
        ("listing-notice-given", D(2026, 3, 2)),
        ("listed", D(2026, 3, 2)),
    ]
    result = deadlines("england-2011", events, today=D(2026, 3, 10))
    assert "Entered on the list" in result["nomination-decision-due"].explanation


def test_renomination_after_expiry_or_delisting_is_the_live_stage() -> None:
    regime = load_regime("england-2011")
    today = D(2026, 3, 5)
    for events in (
        [("listed", D(2020, 1, 1)), ("nomination-submitted", D(2026, 2, 1))],
        [
            ("listed", D(2024, 1, 1)),
            ("delisted", D(2025, 1, 1)),
            ("nomination-submitted", D(2026, 2, 1)),
        ],
    ):
        facts = [EventFact(k, d) for k, d in events]
        assert derive_stage(facts, compute_deadlines(facts, regime, today), today) == "nominated"
