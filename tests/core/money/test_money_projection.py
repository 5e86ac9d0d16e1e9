"""The plan, the projection against the deadline, the burn-up and what-ifs (pure)."""

from __future__ import annotations

import copy
import datetime as dt
import itertools
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cattool.core.errors import InputError
from cattool.core.money.facts import Likelihoods, PlanFacts, SourceFacts
from cattool.core.money.plan import need, position, totals_by_kind, totals_by_status
from cattool.core.money.projection import (
    burn_up,
    project,
    projected_on,
    projection_sentence,
    secured_on,
)
from cattool.core.money.scenario import (
    ChangeAmount,
    ChangePrice,
    ChangeStatus,
    DropSource,
    MoveSource,
    apply_scenario,
    what_if,
)
from cattool.core.money.vocabulary import SOURCE_KINDS, STATUSES

D = Decimal
TODAY = dt.date(2026, 3, 5)
DEADLINE = dt.date(2026, 8, 1)

# A worked example: £240,000 needed; a pipeline with every status and several dates.
PLAN = PlanFacts(
    purchase_price=D("200000"),
    fees=D("8000"),
    stamp_duty=D("1000"),  # SDLT on a £200,000 non-residential purchase
    refurbishment=D("25000"),
    contingency=D("5000"),
    working_capital=D("1000"),
)
PIPELINE = (
    SourceFacts(1, "donation", D("12000.50"), "received", received_on=dt.date(2026, 3, 1)),
    SourceFacts(2, "grant", D("100000"), "applied", funder="AHF", expected_on=dt.date(2026, 6, 1)),
    SourceFacts(3, "community-shares", D("60000"), "pledged", expected_on=dt.date(2026, 7, 15)),
    SourceFacts(4, "loan", D("50000"), "awarded", expected_on=dt.date(2026, 7, 31)),
    SourceFacts(5, "council", D("20000"), "idea", expected_on=dt.date(2026, 9, 1)),
    SourceFacts(6, "donation", D("5000"), "declined", expected_on=dt.date(2026, 4, 1)),
    SourceFacts(
        7, "grant", D("30000"), "applied", likelihood=D("25"), expected_on=dt.date(2026, 8, 1)
    ),
    SourceFacts(8, "grant", D("3333.33"), "awarded", expected_on=dt.date(2026, 5, 1)),
)


def test_need_defaults_and_totals() -> None:
    found = need(PLAN)
    assert (found.minimum, found.target, found.maximum) == (D("209000"), D("240000"), D("240000"))
    assert found.target_is_sum and found.missing == ()
    blank = need(PlanFacts(valuation=D("150000")))
    assert blank.target == D("150000")
    assert "Legal, survey and other fees" in blank.missing
    set_by_hand = need(replace_plan(target_need=D("250000"), maximum_need=D("300000")))
    assert (set_by_hand.target, set_by_hand.maximum) == (D("250000"), D("300000"))


def replace_plan(**changes: object) -> PlanFacts:
    from dataclasses import replace

    return replace(PLAN, **changes)


def test_the_position_by_status_and_the_gap() -> None:
    place = position(PLAN, PIPELINE)
    assert place.totals == {
        "idea": D("20000"),
        "applied": D("130000"),
        "pledged": D("60000"),
        "awarded": D("53333.33"),
        "received": D("12000.50"),
        "declined": D("5000"),
    }
    assert place.secured == D("53333.33")
    assert place.gap == D("174666.17")  # 240,000 − (53,333.33 + 12,000.50)
    assert place.surplus == 0 and not place.minimum_met


def test_the_projection_at_the_deadline_worked_example() -> None:
    """received 12,000.50 (100 %) + applied grant 100,000 × 40 % + pledged shares
    60,000 × 75 % + awarded loan 50,000 × 95 % + applied grant 30,000 at its own 25 %
    (due on the deadline day itself) + awarded 3,333.33 × 95 % = 3,166.66 (to the penny);
    the council idea (September) is too late and the declined donation never counts."""
    result = project(PLAN, PIPELINE, DEADLINE, TODAY)
    assert result.projected == D("155167.16")
    assert result.short == D("84832.84") and result.spare == 0
    assert result.secured == D("65333.83")  # received + awarded by then, in full
    assert result.received == D("12000.50")
    assert result.later == D("2000.00")  # the council idea, 10 %, in September
    assert result.sentence == (
        "On 1 August 2026 you are likely to have £155,167 of £240,000: £84,833 short."
    )
    counted = {c.source_id: c.counted for c in result.contributions if c.in_time}
    assert counted == {
        1: D("12000.50"),
        2: D("40000.00"),
        3: D("45000.00"),
        4: D("47500.00"),
        7: D("7500.00"),
        8: D("3166.66"),
    }
    # The day before, the grant due on the deadline day is not yet counted.
    assert projected_on(PIPELINE, PLAN.likelihoods, DEADLINE - dt.timedelta(days=1)) == D(
        "147667.16"
    )


def test_the_groups_own_likelihoods_change_the_projection() -> None:
    cautious = replace_plan(likelihoods=Likelihoods(applied=D("20"), pledged=D("50")))
    # applied 100,000 at 20 % (20,000 less) and pledged 60,000 at 50 % (15,000 less);
    # the other applied grant keeps its own 25 %.
    assert project(cautious, PIPELINE, DEADLINE, TODAY).projected == D("120167.16")


def test_sentences() -> None:
    on = dt.date(2026, 9, 1)
    assert projection_sentence(on, D("182000"), D("240000")) == (
        "On 1 September 2026 you are likely to have £182,000 of £240,000: £58,000 short."
    )
    assert projection_sentence(on, D("252000"), D("240000")) == (
        "On 1 September 2026 you are likely to have £252,000 of £240,000: "
        "enough, with £12,000 to spare."
    )
    assert projection_sentence(on, D("240000.40"), D("240000")).endswith(": just enough.")
    assert "No funding need" in projection_sentence(on, D("0"), D("0"))


def test_enough_money_reports_a_surplus_not_a_negative_gap() -> None:
    rich = (SourceFacts(1, "grant", D("300000"), "received", received_on=dt.date(2026, 1, 1)),)
    place = position(PLAN, rich)
    assert place.gap == 0 and place.surplus == D("60000")
    result = project(PLAN, rich, DEADLINE, TODAY)
    assert result.short == 0 and result.spare == D("60000") and result.enough
    assert "enough, with £60,000 to spare" in result.sentence


def test_warnings_for_undated_and_overdue_money() -> None:
    sources = (
        SourceFacts(1, "grant", D("10000"), "applied"),
        SourceFacts(2, "loan", D("5000"), "awarded", expected_on=dt.date(2026, 2, 1)),
    )
    result = project(PLAN, sources, DEADLINE, TODAY)
    assert result.undated == D("4000.00")
    assert any("no expected date" in w for w in result.warnings)
    assert any("was expected on 1 February 2026" in w for w in result.warnings)


def test_burn_up_runs_from_today_to_the_deadline_in_steps() -> None:
    points = burn_up(PLAN, PIPELINE, TODAY, DEADLINE)
    assert points[0].date == TODAY and points[-1].date == DEADLINE
    assert points[0].projected == D("12000.50")
    assert points[-1].projected == D("155167.16")
    assert points[-1].secured == D("65333.83")
    days = [p.date for p in points]
    assert days == sorted(days) and dt.date(2026, 5, 31) in days  # the step before 1 June
    assert all(a.projected <= b.projected for a, b in itertools.pairwise(points))


def test_what_if_moves_drops_and_reprices_without_touching_the_inputs() -> None:
    before_plan, before_sources = copy.deepcopy(PLAN), copy.deepcopy(PIPELINE)
    later_loan = what_if(PLAN, PIPELINE, [MoveSource(4, dt.date(2026, 8, 15))], DEADLINE, TODAY)
    assert later_loan.projected == D("107667.16")
    no_shares = what_if(PLAN, PIPELINE, [DropSource(3)], DEADLINE, TODAY)
    assert no_shares.projected == D("110167.16")
    dearer = what_if(PLAN, PIPELINE, [ChangePrice(D("220000"))], DEADLINE, TODAY)
    assert dearer.need == D("260000") and dearer.short == D("104832.84")
    awarded = what_if(PLAN, PIPELINE, [ChangeStatus(2, "awarded")], DEADLINE, TODAY)
    assert awarded.projected == D("210167.16")  # 100,000 at 95 % instead of 40 %
    bigger = what_if(PLAN, PIPELINE, [ChangeAmount(3, D("80000"))], DEADLINE, TODAY)
    assert bigger.projected == D("170167.16")
    assert before_plan == PLAN and before_sources == PIPELINE


def test_a_price_change_moves_the_needs_the_group_set() -> None:
    plan = replace_plan(target_need=D("250000"), minimum_need=D("210000"))
    new_plan, _ = apply_scenario(plan, PIPELINE, [ChangePrice(D("190000"))])
    assert (new_plan.target_need, new_plan.minimum_need) == (D("240000"), D("200000"))
    assert plan.target_need == D("250000")


def test_what_if_refuses_nonsense() -> None:
    with pytest.raises(InputError, match="no source 99"):
        apply_scenario(PLAN, PIPELINE, [DropSource(99)])
    with pytest.raises(InputError, match="cannot move"):
        apply_scenario(PLAN, PIPELINE, [MoveSource(1, DEADLINE)])
    with pytest.raises(InputError, match="negative"):
        apply_scenario(PLAN, PIPELINE, [ChangePrice(D("-1"))])


# Property tests ----------------------------------------------------------------------

AMOUNTS = st.integers(min_value=0, max_value=50_000_000).map(lambda p: D(p) / 100)
DATES = st.dates(min_value=dt.date(2025, 1, 1), max_value=dt.date(2027, 12, 31))
PERCENTS = st.none() | st.integers(min_value=0, max_value=10000).map(lambda p: D(p) / 100)


@st.composite
def sources(draw: st.DrawFn) -> tuple[SourceFacts, ...]:
    items = []
    for number in range(draw(st.integers(min_value=0, max_value=12))):
        status = draw(st.sampled_from(STATUSES))
        items.append(
            SourceFacts(
                id=number + 1,
                kind=draw(st.sampled_from(list(SOURCE_KINDS))),
                amount=draw(AMOUNTS),
                status=status,
                expected_on=draw(st.none() | DATES),
                received_on=draw(DATES) if status == "received" else None,
                likelihood=draw(PERCENTS),
            )
        )
    return tuple(items)


likelihoods = st.builds(Likelihoods, PERCENTS, PERCENTS, PERCENTS, PERCENTS)
plans = st.builds(
    PlanFacts,
    purchase_price=st.none() | AMOUNTS,
    fees=st.none() | AMOUNTS,
    refurbishment=st.none() | AMOUNTS,
    likelihoods=likelihoods,
)


@given(sources())
def test_totals_add_up_whatever_the_mix(items: tuple[SourceFacts, ...]) -> None:
    total = sum((s.amount for s in items), D(0))
    assert sum(totals_by_status(items).values(), D(0)) == total
    declined = sum((s.amount for s in items if s.status == "declined"), D(0))
    assert sum(totals_by_kind(items).values(), D(0)) + declined == total


@given(plans, sources())
def test_the_gap_is_never_negative(plan: PlanFacts, items: tuple[SourceFacts, ...]) -> None:
    place = position(plan, items)
    assert place.gap >= 0 and place.surplus >= 0
    assert place.gap == 0 or place.surplus == 0
    counted = place.secured + place.received
    assert place.gap - place.surplus == place.need.target - counted


@given(plans, sources(), DATES, DATES)
def test_the_projection_never_falls_as_the_date_moves_later(
    plan: PlanFacts, items: tuple[SourceFacts, ...], a: dt.date, b: dt.date
) -> None:
    early, late = min(a, b), max(a, b)
    assert projected_on(items, plan.likelihoods, early) <= projected_on(
        items, plan.likelihoods, late
    )
    assert secured_on(items, early) <= secured_on(items, late)


@given(plans, sources(), DATES)
def test_received_money_always_counts_and_declined_never(
    plan: PlanFacts, items: tuple[SourceFacts, ...], on: dt.date
) -> None:
    result = project(plan, items, on, TODAY)
    for contribution in result.contributions:
        source = next(s for s in items if s.id == contribution.source_id)
        if source.status == "received":
            assert contribution.counted == source.amount
            assert contribution.in_time == (source.received_on <= on)
        if source.status == "declined":
            assert contribution.counted == 0 and not contribution.in_time
    received = sum(
        (s.amount for s in items if s.status == "received" and s.received_on <= on), D(0)
    )
    assert result.projected >= received
    assert result.projected <= sum((s.amount for s in items if s.status != "declined"), D(0))
    without_declined = tuple(s for s in items if s.status != "declined")
    assert project(plan, without_declined, on, TODAY).projected == result.projected


@settings(max_examples=50)
@given(plans, sources(), DATES)
def test_burn_up_ends_at_the_projection(
    plan: PlanFacts, items: tuple[SourceFacts, ...], end: dt.date
) -> None:
    points = burn_up(plan, items, TODAY, end)
    last = points[-1]
    assert last.projected == projected_on(items, plan.likelihoods, max(end, TODAY))
    assert all(a.date < b.date for a, b in itertools.pairwise(points))
    assert all(a.projected <= b.projected for a, b in itertools.pairwise(points))


@given(plans, sources(), st.data())
def test_scenarios_never_change_their_inputs(
    plan: PlanFacts, items: tuple[SourceFacts, ...], data: st.DataObject
) -> None:
    edits: list = [ChangePrice(data.draw(AMOUNTS))]
    for source in items:
        choice = data.draw(st.sampled_from(["drop", "move", "status", "amount", "none"]))
        if choice == "drop":
            edits.append(DropSource(source.id))
        elif choice == "move" and source.status != "received":
            edits.append(MoveSource(source.id, data.draw(DATES)))
        elif choice == "status":
            edits.append(ChangeStatus(source.id, data.draw(st.sampled_from(STATUSES))))
        elif choice == "amount":
            edits.append(ChangeAmount(source.id, data.draw(AMOUNTS)))
    plan_before, items_before = copy.deepcopy(plan), copy.deepcopy(items)
    _new_plan, new_items = apply_scenario(plan, items, edits)
    what_if(plan, items, edits, DEADLINE, TODAY)
    assert plan == plan_before and items == items_before
    dropped = {e.source_id for e in edits if isinstance(e, DropSource)}
    assert {s.id for s in new_items} == {s.id for s in items} - dropped
