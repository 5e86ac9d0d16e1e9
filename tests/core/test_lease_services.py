"""Lease services: create/update leases and break clauses, CAT timetable overrides, the
risk the full-repairing finding offers; bad input names the field and changes nothing;
undo through the editing registry; lease dates in the deadlines, agenda and calendar."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from cattool.core import editing, queries, services
from cattool.core.errors import InputError
from cattool.core.fastread import read_snapshot
from cattool.core.ical import build_calendar
from cattool.core.lease import services as ls
from cattool.core.lease.model import CatPolicyOverride, Lease, LeaseBreak
from cattool.core.lease.queries import lease_report
from cattool.core.model import AuditEntry, Case, Risk
from cattool.core.portfolio import agenda_items
from cattool.core.store import Store

TODAY = dt.date(2026, 3, 5)


@pytest.fixture
def case_id(store: Store) -> int:
    with store.transaction() as session:
        created = services.create_case(session, "Bramley Hall", "england-2011").created_id
    assert created is not None
    return created


def _lease(store: Store, case_id: int, **fields) -> int:
    with store.transaction() as session:
        lease_id = ls.add_lease(session, case_id, today=TODAY, **fields).created_id
    assert lease_id is not None
    return lease_id


def count(store: Store, model) -> int:
    with store.session() as session:
        return session.scalar(select(func.count()).select_from(model)) or 0


def test_add_and_update_a_lease(store: Store, case_id: int) -> None:
    lease_id = _lease(store, case_id, landlord="Leeds City Council", term_years="25",
                      start_date=dt.date(2026, 4, 1), market_value="£250,000", price="£1",
                      rent_review_basis="cpi")  # fmt: skip
    with store.transaction() as session:
        ls.update_lease(session, lease_id, today=TODAY, status="signed", rent="£1,200")
    with store.session() as session:
        lease = session.get(Lease, lease_id)
        assert lease is not None and lease.term_years == 25 and lease.rent == Decimal("1200.00")
        assert lease.status == "signed" and lease.version == 2
        actions = session.scalars(select(AuditEntry.action).where(AuditEntry.entity == "lease"))
        assert list(actions) == ["create", "update"]
        report = lease_report(session, case_id, TODAY)
    (view,) = report.leases
    assert view.undervalue == Decimal("249999.00") and view.term_end == dt.date(2051, 3, 31)


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"term_years": "twenty"}, r"term \(years\)"),
        ({"term_years": 0}, r"term \(years\)"),
        ({"rent_review_basis": "whatever"}, "rent review basis"),
        ({"repairing": "most"}, "repairing obligation"),
        ({"market_value": "lots"}, "market value"),
        ({"status": "maybe"}, "lease status"),
        ({"start_date": "soon"}, "start date"),
        ({"colour": "red"}, "Unknown lease field"),
        ({"start_date": dt.date(2026, 4, 1), "end_date": dt.date(2026, 1, 1)}, "end date"),
        ({"peppercorn": True, "rent": "£100"}, "peppercorn"),
        ({"landlord_party_id": 999}, "no party 999"),
    ],
)
def test_bad_lease_input_names_the_field_and_changes_nothing(
    store: Store, case_id: int, fields: dict, message: str
) -> None:
    with pytest.raises(InputError, match=message), store.transaction() as session:
        ls.add_lease(session, case_id, today=TODAY, **fields)
    assert count(store, Lease) == 0


def test_break_clauses(store: Store, case_id: int) -> None:
    lease_id = _lease(store, case_id, term_years=25, start_date=dt.date(2026, 4, 1))
    with store.transaction() as session:
        added = ls.add_break(session, lease_id, today=TODAY, party="landlord",
                             from_year=10, every_years=5, notice_months="12")  # fmt: skip
        break_id = added.created_id
        ls.add_break(session, lease_id, today=TODAY, party="tenant", from_year=10,
                     every_years=5)  # fmt: skip
    assert break_id is not None
    with store.session() as session:
        checks = {c.key for c in lease_report(session, case_id, TODAY).leases[0].checks}
    assert "break-unequal-notice" in checks
    with store.transaction() as session:
        ls.update_break(session, break_id, today=TODAY, notice_months=6)
    with store.session() as session:
        checks = {c.key for c in lease_report(session, case_id, TODAY).leases[0].checks}
    assert "break-unequal-notice" not in checks
    for bad, message in (
        ({"party": "mayor", "from_year": 5}, "party who may break"),
        ({"notice_months": 0, "from_year": 5}, "notice period"),
        ({}, "break date or the year"),
        ({"from_year": 5, "break_date": dt.date(2030, 1, 1)}, "not both"),
        ({"break_date": dt.date(2030, 1, 1), "every_years": 5}, "goes with"),
    ):
        with pytest.raises(InputError, match=message), store.transaction() as session:
            ls.add_break(session, lease_id, today=TODAY, **bad)
    assert count(store, LeaseBreak) == 2
    with store.transaction() as session:
        _, saved = ls.delete_break(session, break_id)
    assert count(store, LeaseBreak) == 1
    with store.transaction() as session:  # undo, as the desktop does
        editing.restore_record(session, "lease_break", saved)
    assert count(store, LeaseBreak) == 2


def test_generic_edits_obey_the_lease_rules(store: Store, case_id: int) -> None:
    lease_id = _lease(store, case_id, start_date=dt.date(2026, 4, 1))
    with pytest.raises(InputError, match="end date"), store.transaction() as session:
        editing.update_fields(session, "lease", lease_id, {"end_date": dt.date(2025, 1, 1)},
                              today=TODAY)  # fmt: skip
    with store.transaction() as session:
        before = editing.record_fields(session, "lease", lease_id)
        editing.update_fields(session, "lease", lease_id, {"term_years": 30}, today=TODAY)
    assert before["term_years"] is None


def test_deleting_the_case_deletes_its_leases(store: Store, case_id: int) -> None:
    lease_id = _lease(store, case_id, term_years=25)
    with store.transaction() as session:
        ls.add_break(session, lease_id, today=TODAY, from_year=5)
        ls.set_cat_policy_weeks(session, case_id, "eoi-decision", 8, source="Policy", today=TODAY)
    with store.transaction() as session:
        case = session.get(Case, case_id)
        session.delete(case)
    assert (count(store, Lease), count(store, LeaseBreak), count(store, CatPolicyOverride)) == (
        0,
        0,
        0,
    )


def test_cat_policy_overrides_change_the_expected_dates(store: Store, case_id: int) -> None:
    with store.transaction() as session:
        services.add_event(session, case_id, "cat-eoi-submitted", dt.date(2026, 1, 5),
                           today=TODAY)  # fmt: skip
    with store.session() as session:
        (first, *_) = lease_report(session, case_id, TODAY).cat.deadlines
    assert first.key == "cat-eoi-decision" and first.date == dt.date(2026, 2, 2)
    with store.transaction() as session:
        ls.set_cat_policy_weeks(session, case_id, "eoi-decision", "10",
                                source="Leeds CAT policy 2024, para 4.2", today=TODAY)  # fmt: skip
    with store.session() as session:
        report = lease_report(session, case_id, TODAY)
        deadlines = queries.case_deadlines(session, session.get(Case, case_id), TODAY)
    first = report.cat.deadlines[0]
    assert first.date == dt.date(2026, 3, 16) and "Leeds" in first.source
    assert report.policy.stage("eoi-decision").overridden
    assert any(d.key == "cat-eoi-decision" and d.date == first.date for d in deadlines)
    with pytest.raises(InputError, match="CAT step"), store.transaction() as session:
        ls.set_cat_policy_weeks(session, case_id, "party", 3, source="x", today=TODAY)
    with pytest.raises(InputError, match="source"), store.transaction() as session:
        ls.set_cat_policy_weeks(session, case_id, "assessment", 3, source=" ", today=TODAY)
    with pytest.raises(InputError, match="weeks"), store.transaction() as session:
        ls.set_cat_policy_weeks(session, case_id, "assessment", "x", source="P", today=TODAY)
    with store.transaction() as session:  # blank: back to the default
        ls.set_cat_policy_weeks(session, case_id, "eoi-decision", "", source="", today=TODAY)
    assert count(store, CatPolicyOverride) == 0


def test_the_repair_risk_is_added_once(store: Store, case_id: int) -> None:
    lease_id = _lease(store, case_id, repairing="full", building_condition="poor")
    with store.session() as session:
        keys = {c.key for c in lease_report(session, case_id, TODAY).leases[0].checks}
    assert "full-repairs-poor-building" in keys
    for _ in range(2):
        with store.transaction() as session:
            ls.add_repair_risk(session, lease_id, today=TODAY)
    with store.session() as session:
        risks = session.scalars(select(Risk).where(Risk.case_id == case_id)).all()
    assert len(risks) == 1 and risks[0].category == "property" and risks[0].likelihood == 4


def test_a_funding_sources_lease_condition(store: Store, case_id: int) -> None:
    from cattool.core.money import services as money

    _lease(store, case_id, term_years=20)
    with store.transaction() as session:
        money.add_funding_source(session, case_id, today=TODAY, kind="grant", amount="£50,000",
                                 funder="Heritage Fund", min_lease_years=25)  # fmt: skip
    with store.session() as session:
        checks = lease_report(session, case_id, TODAY).leases[0].checks
    assert any(c.key.startswith("funder-lease") and "Heritage Fund" in c.title for c in checks)


@pytest.mark.sqlite_only
def test_signed_lease_dates_reach_the_deadlines_agenda_fast_path_and_calendar(
    store: Store, case_id: int, db_path
) -> None:
    lease_id = _lease(store, case_id, status="signed", term_years=25,
                      start_date=dt.date(2001, 3, 20), rent_review_years=5)  # fmt: skip
    with store.transaction() as session:
        ls.add_break(session, lease_id, today=TODAY, party="either", from_year=25,
                     notice_months=6)  # fmt: skip
    with store.session() as session:
        case = session.get(Case, case_id)
        deadlines = queries.case_deadlines(session, case, TODAY)
        detail = queries.case_detail(session, case_id, TODAY)
        agenda = queries.agenda(session, TODAY, days=30)
        summary = queries.portfolio(session, TODAY)[0]
    term_end = next(d for d in deadlines if d.key == f"lease{lease_id}-term-end")
    assert term_end.date == dt.date(2026, 3, 19) and term_end.status == "due-soon"
    assert any(d.key == term_end.key for d in detail.deadlines)
    assert detail.stage == "identified"  # lease dates never change the statutory stage
    assert [i.deadline.key for i in agenda] == [term_end.key]
    assert summary.next_deadline is not None and summary.next_deadline.key == term_end.key
    assert summary.rag == "red"
    snapshot = read_snapshot(db_path)
    assert snapshot is not None and snapshot.leases[case_id][0].term_years == 25
    assert [i.deadline.key for i in agenda_items(snapshot, TODAY, 30)] == [term_end.key]
    calendar = build_calendar("uid", "Bramley Hall", deadlines).decode()
    assert "lease date (contractual)" in calendar and "Lease term ends" in calendar
