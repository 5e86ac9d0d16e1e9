"""Money services: validated, audited writes returning Changes; generic undo; queries."""

from __future__ import annotations

import datetime as dt
import json
import re
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from cattool.core import editing, services
from cattool.core.errors import InputError
from cattool.core.model import (
    AuditEntry,
    Case,
    Fund,
    FundingPlan,
    FundingSource,
    ShareApplication,
)
from cattool.core.money import queries as mq
from cattool.core.money import services as ms
from cattool.core.store import Store

D = Decimal
TODAY = dt.date(2026, 3, 5)
DEADLINE = dt.date(2026, 8, 1)


def count(session, model) -> int:  # type: ignore[no-untyped-def]
    return session.scalar(select(func.count()).select_from(model))


def add_pipeline(session, case_id: int) -> dict[str, int]:  # type: ignore[no-untyped-def]
    ms.set_funding_plan(
        session,
        case_id,
        today=TODAY,
        purchase_price="£200,000",
        fees="8,000",
        stamp_duty="1000",
        refurbishment="25k",
        contingency="£5,000",
        working_capital=D("1000"),
    )
    ids = {}
    for name, kind, amount, status, fields in (
        ("donation", "donation", "£12,000.50", "received", {"received_on": dt.date(2026, 3, 1)}),
        ("ahf", "grant", "£100,000", "applied", {"expected_on": dt.date(2026, 6, 1)}),
        ("shares", "community-shares", "60000", "pledged", {"expected_on": dt.date(2026, 7, 15)}),
        ("loan", "loan", "£50,000", "awarded", {"expected_on": dt.date(2026, 7, 31)}),
        ("council", "council", "£20,000", "idea", {"expected_on": dt.date(2026, 9, 1)}),
        ("crowd", "donation", "£5,000", "declined", {}),
        ("nlhf", "grant", "£30,000", "applied", {"expected_on": DEADLINE, "likelihood": "25%"}),
        ("small", "grant", "3333.33", "awarded", {"expected_on": dt.date(2026, 5, 1)}),
    ):
        changes = ms.add_funding_source(
            session, case_id, today=TODAY, kind=kind, amount=amount, status=status, **fields
        )
        assert changes.case_ids == {case_id} and changes.entities == {"funding_source"}
        ids[name] = changes.created_id
    return ids


def test_money_summary_at_the_moratorium_end(store: Store, case_id: int) -> None:
    """The worked example of test_money_projection, entered through the services."""
    with store.transaction() as session:
        add_pipeline(session, case_id)
    with store.transaction() as session:
        summary = mq.money_summary(session, "RL", TODAY)
    assert summary.deadline_key == "full-moratorium-ends"
    assert summary.on == summary.deadline_date == DEADLINE
    assert summary.on_reason == "moratorium-end" and not summary.deadline_provisional
    assert summary.need.target == D("240000")
    assert (summary.secured, summary.pledged, summary.received) == (
        D("53333.33"),
        D("60000"),
        D("12000.50"),
    )
    assert summary.gap == D("174666.17") and summary.surplus == 0
    assert summary.projected == D("155167.16") and summary.short == D("84832.84")
    assert summary.sentence == (
        "On 1 August 2026 you are likely to have £155,167 of £240,000: £84,833 short."
    )
    data = json.loads(json.dumps(summary.to_json()))
    assert data["projected"] == "155167.16" and data["deadline_date"] == "2026-08-01"
    assert data["likelihoods"]["applied"] == "40.00"
    with store.transaction() as session:
        chosen = mq.money_summary(session, case_id, TODAY, on=dt.date(2026, 9, 1))
        assert chosen.on_reason == "chosen" and chosen.projected == D("157167.16")
        points, deadline = mq.case_burn_up(session, case_id, TODAY)
        assert deadline is not None and points[-1].date == DEADLINE
        assert points[-1].projected == D("155167.16")


def test_a_case_without_a_moratorium_projects_to_the_last_expected_money(store: Store) -> None:
    with store.transaction() as session:
        case = services.create_case(session, "Hall", "england-2026").created_id
        ms.add_funding_source(
            session,
            case,
            today=TODAY,
            kind="grant",
            amount="1000",
            status="awarded",
            expected_on=dt.date(2026, 10, 1),
        )
        summary = mq.money_summary(session, case, TODAY)
    assert summary.deadline_date is None and summary.on == dt.date(2026, 10, 1)
    assert summary.on_reason == "last-expected"
    assert "no funding need is recorded yet" in summary.sentence
    assert any("No moratorium is running" in w for w in summary.warnings)


def test_a_provisional_deadline_is_flagged(store: Store) -> None:
    with store.transaction() as session:
        case = services.create_case(session, "Library", "england-2026").created_id
        for kind, day in (
            ("listed", dt.date(2025, 12, 1)),
            ("owner-notice-received", dt.date(2026, 2, 2)),
            ("bidder-request-received", dt.date(2026, 2, 20)),
        ):
            services.add_event(session, case, kind, day, today=TODAY)
        summary = mq.money_summary(session, case, TODAY)
    assert summary.deadline_date is not None and summary.deadline_provisional
    assert summary.warnings[0].startswith("The deadline")


def test_writes_are_audited_and_return_changes(store: Store, case_id: int) -> None:
    with store.transaction() as session:
        changes = ms.set_funding_plan(session, case_id, today=TODAY, purchase_price="£150,000")
        assert changes.entities == {"funding_plan"} and changes.case_ids == {case_id}
        ms.set_likelihood(session, case_id, "applied", "30", today=TODAY)
        plan = session.get(FundingPlan, changes.created_id)
        assert plan.purchase_price == D("150000") and plan.likelihood_applied == D("30")
        ms.set_likelihood(session, case_id, "applied", "", today=TODAY)
        assert plan.likelihood_applied is None  # back to the default
        entries = session.scalars(select(AuditEntry).where(AuditEntry.entity == "funding_plan"))
        assert [e.action for e in entries] == ["create", "update", "update"]


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"amount": "lots"}, "not an amount of money"),
        ({"amount": "-£50"}, "cannot be negative"),
        ({"amount": "12.345"}, "fractions of a penny"),
        ({"status": "maybe"}, "Unknown status 'maybe'"),
        ({"kind": "lottery"}, "Unknown kind of funding"),
        ({"status": "received", "received_on": dt.date(2026, 4, 1)}, "in the future"),
        ({"status": "received"}, "Say when the money arrived"),
        ({"status": "declined", "received_on": dt.date(2026, 3, 1)}, "Declined money has no"),
        ({"status": "awarded", "received_on": dt.date(2026, 3, 1)}, "mark it received"),
        (
            {"applied_on": dt.date(2026, 3, 1), "decision_expected": dt.date(2026, 2, 1)},
            "before the application was made",
        ),
        ({"likelihood": "120"}, "from 0 to 100%"),
        ({"expected_on": "soon"}, "must be a date"),
    ],
)
def test_bad_sources_are_refused_and_nothing_is_written(
    store: Store, case_id: int, fields: dict, message: str
) -> None:
    values = {"kind": "grant", "amount": "£1,000", "status": "applied", **fields}
    with pytest.raises(InputError, match=message), store.transaction() as session:
        ms.add_funding_source(session, case_id, today=TODAY, **values)
    with store.transaction() as session:
        assert count(session, FundingSource) == 0


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"minimum_need": "300000", "purchase_price": "200000"}, "minimum need"),
        ({"target_need": "250000", "maximum_need": "200000"}, "more than the maximum"),
        ({"tenure": "freehold", "lease_years": "99"}, "A freehold has no lease length"),
        ({"tenure": "rented"}, "Unknown tenure"),
        ({"likelihood_idea": "101"}, "from 0 to 100%"),
    ],
)
def test_bad_plans_are_refused(store: Store, case_id: int, fields: dict, message: str) -> None:
    with pytest.raises(InputError, match=message), store.transaction() as session:
        ms.set_funding_plan(session, case_id, today=TODAY, **fields)
    with store.transaction() as session:
        assert count(session, FundingPlan) == 0


def test_fixed_likelihoods_cannot_be_changed(store: Store, case_id: int) -> None:
    with pytest.raises(InputError, match="always counts in full"), store.transaction() as s:
        ms.set_likelihood(s, case_id, "received", "50", today=TODAY)


def test_marking_money_received_through_the_service_and_undo(store: Store, case_id: int) -> None:
    with store.transaction() as session:
        ids = add_pipeline(session, case_id)
        loan = ids["loan"]
        before = editing.record_fields(session, "funding_source", loan)
        ms.update_funding_source(
            session, loan, today=TODAY, status="received", received_on=dt.date(2026, 3, 4)
        )
        assert mq.money_summary(session, case_id, TODAY).received == D("62000.50")
        editing.update_fields(session, "funding_source", loan, before, today=TODAY)  # undo
        assert editing.record_fields(session, "funding_source", loan) == before
        changes, saved = ms.delete_funding_source(session, ids["ahf"])
        assert changes.case_ids == {case_id}
        assert session.get(FundingSource, ids["ahf"]) is None
        restored = editing.restore_record(session, "funding_source", saved)
        assert restored.created_id == ids["ahf"] and restored.case_ids == {case_id}
        assert session.get(FundingSource, ids["ahf"]).amount == D("100000")
    with pytest.raises(InputError, match="Say when the money arrived"), store.transaction() as s:
        editing.update_fields(s, "funding_source", loan, {"status": "received"}, today=TODAY)


def make_offer(session, case_id: int, **overrides: object) -> None:  # type: ignore[no-untyped-def]
    terms = {
        "min_holding": "£250",
        "max_holding": "£20,000",
        "min_raise": "£5,000",
        "target_raise": "£8,000",
        "max_raise": "£10,000",
        "opens_on": dt.date(2026, 2, 1),
        "closes_on": dt.date(2026, 3, 1),
        "withdrawal_rules": "After three years, with 3 months' notice, at the board's discretion.",
        **overrides,
    }
    ms.set_share_offer(session, case_id, today=TODAY, **terms)


def test_share_offer_applications_payments_and_refunds(store: Store, case_id: int) -> None:
    with store.transaction() as session:
        make_offer(session, case_id)
        apps = []
        for name, amount, day in (("Ann Smith", "3000", 5), ("Bob Jones", "1000", 6)):
            changes = ms.add_share_application(
                session,
                case_id,
                name,
                amount,
                today=TODAY,
                applied_on=dt.date(2026, 2, day),
                address="1 Secret Lane",
                postcode="l5 7qq",
                email="ann@example.org",
            )
            apps.append(changes.created_id)
            ms.record_payment(
                session, changes.created_id, amount, paid_on=dt.date(2026, 2, day), today=TODAY
            )
        assert session.get(ShareApplication, apps[0]).postcode == "L5 7QQ"
        summary = mq.offer_summary(session, case_id, TODAY)
        assert summary.totals.held == D("4000")
        assert summary.outcome.state == "minimum-not-reached"
        changes = ms.refund_after_close(
            session, case_id, refunded_on=dt.date(2026, 3, 4), today=TODAY
        )
        assert changes.entities == {"share_application"}
        assert mq.offer_summary(session, case_id, TODAY).totals.held == 0
        audit_text = " ".join(e.before + e.after for e in session.scalars(select(AuditEntry)))
        editing.update_fields(
            session, "share_application", apps[0], {"address": "2 Hidden Road"}, today=TODAY
        )
        audit_text += " ".join(e.before + e.after for e in session.scalars(select(AuditEntry)))
    for private in ("Ann Smith", "Secret", "Hidden", "ann@example.org", "L5 7QQ"):
        assert private not in audit_text


@pytest.mark.parametrize(
    ("action", "message"),
    [
        ("below-minimum", "below the minimum holding of £250"),
        ("overpaid", "more than applied for"),
        ("over-refund", "more than the £500 held"),
        ("no-offer", "Set up the share offer"),
        ("late", "after the offer closed"),
        ("charity-offer", "co-operative society or a community benefit society"),
        ("raises", "minimum raise (£9,000) is more than the target raise"),
        ("future-payment", "in the future"),
    ],
)
def test_share_offer_bad_input(store: Store, case_id: int, action: str, message: str) -> None:
    with store.transaction() as session:
        if action != "no-offer":
            make_offer(session, case_id)
        app = None
        if action in ("overpaid", "over-refund", "future-payment"):
            app = ms.add_share_application(
                session, case_id, "Ann", "500", today=TODAY, applied_on=dt.date(2026, 2, 5)
            ).created_id
            ms.record_payment(session, app, "500", paid_on=dt.date(2026, 2, 5), today=TODAY)
    with pytest.raises(InputError, match=re.escape(message)), store.transaction() as session:
        if action == "below-minimum":
            ms.add_share_application(session, case_id, "Ann", "£100", today=TODAY)
        elif action == "overpaid":
            ms.record_payment(session, app, "£1", paid_on=TODAY, today=TODAY)
        elif action == "over-refund":
            ms.refund(session, app, refunded_on=TODAY, today=TODAY, amount="600")
        elif action == "no-offer":
            ms.add_share_application(session, case_id, "Ann", "500", today=TODAY)
        elif action == "late":
            ms.add_share_application(
                session, case_id, "Ann", "500", today=TODAY, applied_on=dt.date(2026, 3, 2)
            )
        elif action == "charity-offer":
            make_offer(session, case_id, society_type="charitable-incorporated-organisation")
        elif action == "raises":
            make_offer(session, case_id, min_raise="9000")
        elif action == "future-payment":
            ms.refund(session, app, refunded_on=dt.date(2026, 4, 1), today=TODAY)


def test_share_applications_undo_through_the_registry(store: Store, case_id: int) -> None:
    with store.transaction() as session:
        make_offer(session, case_id)
        app = ms.add_share_application(session, case_id, "Ann", "500", today=TODAY).created_id
        changes, saved = editing.delete_record(session, "share_application", app)
        assert changes.case_ids == {case_id}
        restored = editing.restore_record(session, "share_application", saved)
        assert restored.created_id == app and restored.case_ids == {case_id}


def test_the_holding_cap_setting(store: Store, case_id: int) -> None:
    with store.transaction() as session:
        assert mq.holding_cap(session).provisional
        make_offer(session, case_id, max_holding="£110,000", max_raise="£500,000")
        ms.set_holding_cap(
            session, "£120,000", source="Checked with our solicitor", provisional=False
        )
        cap = mq.holding_cap(session)
        assert cap.amount == D("120000") and not cap.provisional
        assert not any("cap" in w for w in mq.offer_summary(session, case_id, TODAY).check.warnings)
    with pytest.raises(InputError, match="Say where the cap comes from"), store.transaction() as s:
        ms.set_holding_cap(s, "100000", source=" ")


def test_the_catalogue_can_be_edited_hidden_and_reset(store: Store, case_id: int) -> None:
    with store.transaction() as session:
        ms.save_fund(session, "key-fund", today=TODAY, status="closed", note="Told us in March")
        ms.save_fund(
            session,
            "borough-grant",
            today=TODAY,
            name="Borough capital grant",
            kind="council",
            status="open",
            award_max="£25,000",
            match_percent="50",
        )
        ms.save_fund(session, "plunkett-more-than-a-pub", today=TODAY, hidden=True)
        funds = {f.key: f for f in mq.fund_catalogue(session)}
        assert funds["key-fund"].status == "closed" and funds["key-fund"].origin == "edited"
        assert funds["key-fund"].citation  # copied from the bundled entry
        assert funds["borough-grant"].origin == "yours"
        assert "plunkett-more-than-a-pub" not in funds
        ms.set_funding_plan(session, case_id, today=TODAY, purchase_price="100000")
        check = mq.check_case_against_fund(session, "RL", "borough-grant", TODAY, D("20000"))
        assert any("£50,000" in u for u in check.unmet)  # 50 % match, nothing secured yet
        ms.delete_fund(session, "key-fund")
        assert {f.key: f for f in mq.fund_catalogue(session)}["key-fund"].origin == "bundled"
        assert count(session, Fund) == 2
    with pytest.raises(InputError, match="needs a name"), store.transaction() as session:
        ms.save_fund(session, "nameless", today=TODAY)
    with pytest.raises(InputError, match="key is up to 60"), store.transaction() as session:
        ms.save_fund(session, "Bad Key!", today=TODAY, name="x")
    with pytest.raises(InputError, match="smallest award"), store.transaction() as session:
        ms.save_fund(session, "x", today=TODAY, name="x", award_min="10", award_max="5")


def test_an_offer_with_a_register_cannot_be_deleted(store: Store, case_id: int) -> None:
    with store.transaction() as session:
        make_offer(session, case_id)
        ms.add_share_application(session, case_id, "Ann", "500", today=TODAY)
        offer_id = session.get(Case, case_id).share_offer.id
    with pytest.raises(InputError, match="refund and delete them first"), store.transaction() as s:
        editing.delete_record(s, "share_offer", offer_id)
    with store.transaction() as session:
        assert count(session, ShareApplication) == 1
        ms.set_share_offer(session, case_id, today=TODAY, min_holding="£1,000")
        warnings = mq.offer_summary(session, case_id, TODAY).check.warnings
        assert "1 application is outside the offer's holding limits." in warnings


def test_a_passed_moratorium_is_pointed_out(store: Store, case_id: int) -> None:
    with store.transaction() as session:
        summary = mq.money_summary(session, case_id, dt.date(2026, 9, 1))
    assert summary.on == DEADLINE
    assert "The moratorium ended on 1 August 2026." in summary.warnings
