"""Business plan services: validated, audited writes returning Changes; generic edits and
undo through the editing registry; risks pre-filled once; the report from the database."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from cattool.core import editing, services
from cattool.core.errors import InputError
from cattool.core.model import AuditEntry, ImpactMeasure, IncomeStream, Risk, RunningCost
from cattool.core.money import plan_services as ps
from cattool.core.money import services as ms
from cattool.core.money.plan_queries import business_plan_report
from cattool.core.money.risks import PREFILL_KEYS
from cattool.core.store import Store

D = Decimal
TODAY = dt.date(2026, 3, 5)


def count(session, model, case_id: int) -> int:  # type: ignore[no-untyped-def]
    query = select(func.count()).select_from(model).where(model.case_id == case_id)
    return session.scalar(query)


def test_lines_are_validated_audited_and_return_changes(store: Store, case_id: int) -> None:
    with store.transaction() as session:
        changes = ps.add_income_stream(
            session,
            case_id,
            today=TODAY,
            category="room-hire",
            amount="£12,500",
            growth="3%",
            label="Main hall",
        )
        assert changes.case_ids == {case_id} and changes.entities == {"income_stream"}
        line = session.get(IncomeStream, changes.created_id)
        assert (line.amount, line.growth, line.start_year, line.end_year) == (
            D("12500.00"),
            D("3.00"),
            1,
            None,
        )
        cost = ps.add_running_cost(
            session,
            case_id,
            today=TODAY,
            category="utilities",
            amount="4k",
            growth="-2.5",
            start_year="2",
            end_year=4,
        )
        row = session.get(RunningCost, cost.created_id)
        assert (row.amount, row.growth, row.start_year, row.end_year) == (
            D("4000.00"),
            D("-2.50"),
            2,
            4,
        )
        entry = session.scalars(select(AuditEntry).where(AuditEntry.entity == "running_cost")).one()
        assert entry.action == "create" and json.loads(entry.after)["amount"] == "4000.00"


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"category": "bingo", "amount": "10"}, "Unknown category 'bingo'"),
        ({"category": "events", "amount": "£12,5O0"}, "is not an amount of money"),
        ({"category": "events", "amount": "-5"}, "cannot be negative"),
        ({"category": "events", "amount": ""}, "Enter the amount in its first year"),
        ({"category": "events", "amount": "5", "growth": "150"}, r"from -100% to \+100%"),
        ({"category": "events", "amount": "5", "growth": "-101"}, r"from -100% to \+100%"),
        ({"category": "events", "amount": "5", "growth": "lots"}, "percentage from -100"),
        ({"category": "events", "amount": "5", "start_year": 6}, "start year must be from 1 to 5"),
        ({"category": "events", "amount": "5", "start_year": "0"}, "from 1 to 5"),
        ({"category": "events", "amount": "5", "end_year": "two"}, "whole number from 1 to 5"),
        ({"category": "events", "amount": "5", "start_year": 3, "end_year": 2}, "before the start"),
    ],
)
def test_bad_lines_are_refused_and_nothing_is_written(
    store: Store, case_id: int, fields: dict, message: str
) -> None:
    with store.transaction() as session:
        with pytest.raises(InputError, match=message):
            ps.add_income_stream(session, case_id, today=TODAY, **fields)
        assert count(session, IncomeStream, case_id) == 0


def test_cost_categories_are_not_income_categories(store: Store, case_id: int) -> None:
    refused = pytest.raises(InputError, match="Unknown category 'room-hire'")
    with store.transaction() as session, refused:
        ps.add_running_cost(session, case_id, today=TODAY, category="room-hire", amount="1")


def test_plan_settings_create_then_update(store: Store, case_id: int) -> None:
    with store.transaction() as session:
        first = ps.set_plan_settings(
            session, case_id, today=TODAY, opening_cash="£6,500", starts_on=dt.date(2026, 9, 1)
        )
        second = ps.set_plan_settings(
            session, case_id, today=TODAY, loan_amount="£50,000", loan_rate="6", loan_years="10"
        )
        assert first.created_id == second.created_id
        plan = services.get_case(session, case_id).business_plan
        assert (plan.opening_cash, plan.loan_amount, plan.loan_rate, plan.loan_years) == (
            D("6500.00"),
            D("50000.00"),
            D("6.00"),
            10,
        )
        actions = session.scalars(
            select(AuditEntry.action).where(AuditEntry.entity == "business_plan")
        ).all()
        assert actions == ["create", "update"]


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"loan_amount": "£50,000"}, "over how many years"),
        ({"loan_years": 10}, "Enter the loan's amount"),
        ({"loan_rate": "5"}, "needs a loan amount"),
        ({"loan_amount": "1", "loan_years": 60}, "from 1 to 50"),
        ({"loan_rate": "150", "loan_amount": "1", "loan_years": 2}, "from 0 to 100%"),
        ({"opening_cash": "lots"}, "is not an amount of money"),
        ({"starts_on": "next year"}, "must be a date"),
    ],
)
def test_bad_settings_are_refused(store: Store, case_id: int, fields: dict, message: str) -> None:
    with store.transaction() as session, pytest.raises(InputError, match=message):
        ps.set_plan_settings(session, case_id, today=TODAY, **fields)
    with store.transaction() as session:  # refused before anything changed
        assert services.get_case(session, case_id).business_plan is None


def test_risks_and_impact_measures(store: Store, case_id: int) -> None:
    with store.transaction() as session:
        risk = ps.add_risk(
            session,
            case_id,
            "The roof needs replacing",
            today=TODAY,
            likelihood="4",
            impact=5,
            category="property",
            owner="Buildings lead",
            review_on=dt.date(2026, 6, 1),
        ).created_id
        row = session.get(Risk, risk)
        assert (row.likelihood, row.impact, row.prefill_key) == (4, 5, "")
        for bad, message in (
            ({"likelihood": 0}, "likelihood must be from 1 to 5"),
            ({"impact": "6"}, "impact must be from 1 to 5"),
            ({"impact": ""}, "Enter the impact"),
            ({"category": "weather"}, "Unknown kind of risk"),
            ({"title": " "}, "risk cannot be empty"),
        ):
            with pytest.raises(InputError, match=message):
                ps.update_risk(session, risk, today=TODAY, **bad)
        measure = ps.add_impact_measure(
            session,
            case_id,
            "Weekly visitors",
            today=TODAY,
            baseline="0",
            target="200 a week",
            how_measured="Door counts",
        ).created_id
        assert session.get(ImpactMeasure, measure).target == "200 a week"
        with pytest.raises(InputError, match="measure cannot be empty"):
            ps.add_impact_measure(session, case_id, "", today=TODAY)


def test_prefill_risks_adds_them_once(store: Store, case_id: int) -> None:
    with store.transaction() as session:
        first = ps.prefill_risks(session, case_id, today=TODAY)
        assert first.entities == {"risk"} and first.created_id is not None
        keys = session.scalars(select(Risk.prefill_key).where(Risk.case_id == case_id)).all()
        assert sorted(keys) == sorted(PREFILL_KEYS)
        # Again in the same session: nothing new.
        again = ps.prefill_risks(session, case_id, today=TODAY)
        assert again.created_id is None and again.entities == frozenset()
        assert count(session, Risk, case_id) == len(PREFILL_KEYS)
        # The group edits one, and it is still not added again.
        burnout = session.scalars(select(Risk).where(Risk.prefill_key == "volunteer-burnout")).one()
        ps.update_risk(session, burnout.id, today=TODAY, title="Too few volunteers", likelihood=2)
    with store.transaction() as session:
        ps.prefill_risks(session, case_id, today=TODAY)
        assert count(session, Risk, case_id) == len(PREFILL_KEYS)
        assert session.get(Risk, burnout.id).title == "Too few volunteers"
        # A risk of the group's own does not stop the pre-filled ones.
        other = services.create_case(session, "Other", "england-2011").created_id
        ps.add_risk(session, other, "Volunteer burnout", today=TODAY)
        ps.prefill_risks(session, other, today=TODAY)
        assert count(session, Risk, other) == len(PREFILL_KEYS) + 1


@pytest.mark.parametrize(
    ("entity", "add"),
    [
        (
            "income_stream",
            lambda s, c: ps.add_income_stream(s, c, today=TODAY, category="events", amount="100"),
        ),
        (
            "running_cost",
            lambda s, c: ps.add_running_cost(s, c, today=TODAY, category="staff", amount="100"),
        ),
        ("risk", lambda s, c: ps.add_risk(s, c, "Flood", today=TODAY)),
        ("impact_measure", lambda s, c: ps.add_impact_measure(s, c, "Visitors", today=TODAY)),
        ("business_plan", lambda s, c: ps.set_plan_settings(s, c, today=TODAY, opening_cash="10")),
    ],
)
def test_generic_edit_delete_and_restore(store: Store, case_id: int, entity: str, add) -> None:  # type: ignore[no-untyped-def]
    """What the desktop's undo does: field edits, deletion, and restoring the same row."""
    with store.transaction() as session:
        record_id = add(session, case_id).created_id
        before = editing.record_fields(session, entity, record_id)
        field = {"business_plan": "note"}.get(entity, "note")
        changes = editing.update_fields(session, entity, record_id, {field: "edited"}, today=TODAY)
        assert changes.case_ids == {case_id} and changes.entities == {entity}
        deleted, saved = editing.delete_record(session, entity, record_id)
        assert deleted.case_ids == {case_id}
    with store.transaction() as session:
        restored = editing.restore_record(session, entity, saved)
        assert restored.created_id == record_id
        after = editing.record_fields(session, entity, record_id)
        assert after == {**before, field: "edited"}


def test_generic_edits_obey_the_same_rules(store: Store, case_id: int) -> None:
    with store.transaction() as session:
        line = ps.add_income_stream(
            session, case_id, today=TODAY, category="events", amount="100", start_year=2
        ).created_id
        with pytest.raises(InputError, match="before the start year"):
            editing.update_fields(session, "income_stream", line, {"end_year": 1}, today=TODAY)
        with pytest.raises(InputError, match="from -100% to"):
            ps.update_income_stream(session, line, today=TODAY, growth="200")
        ps.update_income_stream(session, line, today=TODAY, growth="", end_year="")
        row = session.get(IncomeStream, line)
        assert row.growth == D("0.00") and row.end_year is None
        ps.delete_income_stream(session, line)
        assert session.get(IncomeStream, line) is None


def test_deleting_a_case_deletes_its_plan(store: Store, case_id: int) -> None:
    with store.transaction() as session:
        ps.set_plan_settings(session, case_id, today=TODAY, opening_cash="1")
        ps.add_income_stream(session, case_id, today=TODAY, category="events", amount="1")
        ps.prefill_risks(session, case_id, today=TODAY)
        case = services.get_case(session, case_id)
        session.delete(case)
    with store.transaction() as session:
        assert session.scalar(select(func.count()).select_from(Risk)) == 0
        assert session.scalar(select(func.count()).select_from(IncomeStream)) == 0


def test_the_report_from_the_database(store: Store, case_id: int) -> None:
    with store.transaction() as session:
        ms.set_funding_plan(session, case_id, today=TODAY, purchase_price="£100,000", fees="5000")
        ms.add_funding_source(
            session,
            case_id,
            today=TODAY,
            kind="grant",
            amount="£60,000",
            status="awarded",
            expected_on=dt.date(2026, 6, 1),
        )
        ms.add_funding_source(
            session,
            case_id,
            today=TODAY,
            kind="donation",
            amount="£50,000",
            status="received",
            received_on=dt.date(2026, 3, 1),
        )
        ps.set_plan_settings(session, case_id, today=TODAY, opening_cash="£2,000")
        ps.add_income_stream(
            session, case_id, today=TODAY, category="service-contracts", amount="£9,000"
        )
        ps.add_running_cost(session, case_id, today=TODAY, category="utilities", amount="£4,000")
        ps.prefill_risks(session, case_id, today=TODAY)
        ps.add_impact_measure(session, case_id, "Visitors", today=TODAY)
    with store.transaction() as session:
        report = business_plan_report(session, "RL", TODAY)
        assert report.capital.capital_in == D("110000.00")
        assert report.capital.capital_out == D("105000.00")
        assert report.cash.years[0].closing == D("7000.00")
        assert report.cash.closing == D("7000.00") + 5 * D("5000.00")
        assert report.account.years[0].income["service-contracts"] == D("9000.00")
        assert len(report.risks) == 6 and report.risks[0].band == "red"
        assert [i.measure for i in report.impacts] == ["Visitors"]
        lost = next(r for r in report.scenarios if r.scenario.key == "lost-contract")
        assert lost.cash.closing == D("7000.00") - 5 * D("4000.00")
        assert lost.goes_negative
