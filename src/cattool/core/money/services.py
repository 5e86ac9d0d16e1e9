"""Money use-cases: the only code that writes money records.

Like cattool.core.services: validate first (InputError, nothing written), change rows in
the caller's transaction, audit, return Changes. Field rules live in the editing
registry (core/editing.py) and cross-field rules in money/rules.py, so the generic
field edits behind undo/redo obey exactly the same rules.

The shareholder register is personal data: its audit entries record amounts and ids,
never names, addresses or emails.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from cattool.core.changes import Changes, audit, current_user
from cattool.core.dates import ensure_not_future
from cattool.core.editing import (
    check_whole,
    clean_fields,
    delete_record,
    record_fields,
    restore_record,
    update_fields,
)
from cattool.core.errors import InputError, NotFoundError
from cattool.core.model import (
    Fund,
    FundingPlan,
    FundingSource,
    MoneySetting,
    ShareApplication,
    ShareOffer,
)
from cattool.core.money.format import ZERO, format_money, parse_money
from cattool.core.money.funders import bundled_funds, fund_row_values
from cattool.core.money.share_offer import HOLDING_CAP_KEY, application_facts, offer_terms
from cattool.core.money.share_offer import outcome as offer_outcome
from cattool.core.money.vocabulary import ADJUSTABLE, FIXED_LIKELIHOOD
from cattool.core.services import get_case

_PLAN_DEFAULTS: dict[str, Any] = {"tenure": "", "note": ""}
_SOURCE_DEFAULTS: dict[str, Any] = {
    "funder": "",
    "fund_name": "",
    "fund_key": "",
    "incorporation_required": False,
    "conditions_note": "",
    "note": "",
}
_OFFER_DEFAULTS: dict[str, Any] = {
    "society_type": "community-benefit-society",
    "withdrawal_rules": "",
    "note": "",
}
_APPLICATION_DEFAULTS: dict[str, Any] = {
    "address": "",
    "postcode": "",
    "email": "",
    "amount_paid": ZERO,
    "amount_refunded": ZERO,
    "note": "",
}


def _changes(case_id: int | None, entity: str, created: int | None = None) -> Changes:
    return Changes(frozenset({case_id} if case_id else ()), frozenset({entity}), created)


def set_funding_plan(session: Session, case_id: int, *, today: dt.date, **fields: Any) -> Changes:
    """Create or update the case's funding plan: costs, needs, likelihoods, tenure.

    Money may be text ("£25,000"); a blank value clears a line (not entered).
    """
    cleaned = clean_fields("funding_plan", fields, today)
    case = get_case(session, case_id)
    plan = case.funding_plan
    before = {k: getattr(plan, k) for k in cleaned} if plan else None
    action = "update" if plan else "create"
    if plan is None:
        plan = FundingPlan(case_id=case.id, **_PLAN_DEFAULTS)
        case.funding_plan = plan
    for key, value in cleaned.items():
        setattr(plan, key, value)
    check_whole("funding_plan", plan)
    session.flush()
    audit(session, action, "funding_plan", plan.id, case.id, before, cleaned)
    return _changes(case.id, "funding_plan", plan.id)


def set_likelihood(
    session: Session, case_id: int, status: str, value: Any, *, today: dt.date
) -> Changes:
    """Set how likely money with `status` is to arrive (percent); blank restores the default."""
    if status in FIXED_LIKELIHOOD:
        raise InputError(
            "Received money always counts in full and declined money never counts: "
            "only idea, applied, pledged and awarded can be changed."
        )
    if status not in ADJUSTABLE:
        raise InputError(f"Unknown status {status!r}. Choose one of: {', '.join(ADJUSTABLE)}.")
    return set_funding_plan(session, case_id, today=today, **{f"likelihood_{status}": value})


def add_funding_source(
    session: Session,
    case_id: int,
    *,
    today: dt.date,
    kind: str,
    amount: Any,
    status: str = "idea",
    **fields: Any,
) -> Changes:
    """Add a grant, loan, share offer, donation or pledge to the pipeline."""
    cleaned = clean_fields(
        "funding_source", {"kind": kind, "amount": amount, "status": status, **fields}, today
    )
    case = get_case(session, case_id)
    source = FundingSource(case_id=case.id, **{**_SOURCE_DEFAULTS, **cleaned})
    check_whole("funding_source", source)
    session.add(source)
    session.flush()
    audit(session, "create", "funding_source", source.id, case.id, after=cleaned)
    return _changes(case.id, "funding_source", source.id)


def update_funding_source(
    session: Session, source_id: int, *, today: dt.date, **fields: Any
) -> Changes:
    """Change some fields of a source (e.g. status and date received together)."""
    return update_fields(session, "funding_source", source_id, fields, today=today)


def delete_funding_source(session: Session, source_id: int) -> tuple[Changes, dict]:
    """Delete a source; returns what `editing.restore_record` needs to undo it."""
    return delete_record(session, "funding_source", source_id)


def set_share_offer(session: Session, case_id: int, *, today: dt.date, **fields: Any) -> Changes:
    """Create or update the case's community share offer terms (errors refuse the save;
    warnings are reported by `queries.offer_summary`)."""
    cleaned = clean_fields("share_offer", fields, today)
    case = get_case(session, case_id)
    offer = case.share_offer
    before = {k: getattr(offer, k) for k in cleaned} if offer else None
    action = "update" if offer else "create"
    if offer is None:
        offer = ShareOffer(case_id=case.id, **_OFFER_DEFAULTS)
        case.share_offer = offer
    for key, value in cleaned.items():
        setattr(offer, key, value)
    check_whole("share_offer", offer)
    session.flush()
    audit(session, action, "share_offer", offer.id, case.id, before, cleaned)
    return _changes(case.id, "share_offer", offer.id)


def _application(session: Session, application_id: int) -> ShareApplication:
    application = session.get(ShareApplication, application_id)
    if application is None:
        raise NotFoundError(f"There is no share application {application_id}.")
    return application


def add_share_application(
    session: Session,
    case_id: int,
    name: str,
    amount_applied: Any,
    *,
    today: dt.date,
    **fields: Any,
) -> Changes:
    """Add an applicant to the shareholder register (personal data)."""
    cleaned = clean_fields(
        "share_application", {"name": name, "amount_applied": amount_applied, **fields}, today
    )
    case = get_case(session, case_id)
    offer = case.share_offer
    if offer is None:
        raise InputError("Set up the share offer's terms before recording applications.")
    application = ShareApplication(offer=offer, **{**_APPLICATION_DEFAULTS, **cleaned})
    check_whole("share_application", application)
    session.add(application)
    session.flush()
    after = {"application": application.id, "amount_applied": application.amount_applied}
    audit(session, "create", "share_application", application.id, case.id, after=after)
    return _changes(case.id, "share_application", application.id)


def record_payment(
    session: Session, application_id: int, amount: Any, *, paid_on: dt.date, today: dt.date
) -> Changes:
    """Record money paid for shares (added to what the applicant has paid so far)."""
    paid = parse_money(amount, "payment", required=True)
    assert paid is not None
    if paid == 0:
        raise InputError("A payment must be more than £0.")
    ensure_not_future(paid_on, today, what="A payment")
    application = _application(session, application_id)
    if application.amount_refunded:
        raise InputError("This applicant has been refunded: record a new application instead.")
    before = {"amount_paid": application.amount_paid, "paid_on": application.paid_on}
    application.amount_paid = (application.amount_paid or ZERO) + paid
    if application.paid_on is None or paid_on > application.paid_on:
        application.paid_on = paid_on
    check_whole("share_application", application)
    after = {"amount_paid": application.amount_paid, "paid_on": application.paid_on}
    case_id = application.offer.case_id
    audit(session, "payment", "share_application", application.id, case_id, before, after)
    return _changes(case_id, "share_application")


def refund(
    session: Session,
    application_id: int,
    *,
    refunded_on: dt.date,
    today: dt.date,
    amount: Any = None,
) -> Changes:
    """Record a refund: all the money held for the applicant unless `amount` is given."""
    ensure_not_future(refunded_on, today, what="A refund")
    application = _application(session, application_id)
    held = (application.amount_paid or ZERO) - (application.amount_refunded or ZERO)
    if held <= 0:
        raise InputError("Nothing to refund: no money is held for this applicant.")
    value = held if amount is None else parse_money(amount, "refund", required=True)
    assert value is not None
    if value == 0:
        raise InputError("A refund must be more than £0.")
    if value > held:
        raise InputError(
            f"A refund of {format_money(value)} is more than the {format_money(held)} held."
        )
    before = {
        "amount_refunded": application.amount_refunded,
        "refunded_on": application.refunded_on,
    }
    application.amount_refunded = (application.amount_refunded or ZERO) + value
    application.refunded_on = refunded_on
    check_whole("share_application", application)
    after = {"amount_refunded": application.amount_refunded, "refunded_on": refunded_on}
    case_id = application.offer.case_id
    audit(session, "refund", "share_application", application.id, case_id, before, after)
    return _changes(case_id, "share_application")


def refund_after_close(
    session: Session, case_id: int, *, refunded_on: dt.date, today: dt.date
) -> Changes:
    """Refund what the closed offer's outcome says: everyone if the minimum was not
    reached, the excess if it was oversubscribed. Refuses while the offer is open."""
    case = get_case(session, case_id)
    offer = case.share_offer
    if offer is None:
        raise InputError("This case has no share offer.")
    result = offer_outcome(offer_terms(offer), map(application_facts, offer.applications), today)
    if result.state not in ("minimum-not-reached", "oversubscribed"):
        raise InputError(f"No refunds are due: {result.sentence}")
    changes = _changes(case.id, "share_application")
    for allocation in result.refund_list:
        changes |= refund(
            session,
            allocation.application_id,
            refunded_on=refunded_on,
            today=today,
            amount=allocation.refund,
        )
    return changes


def set_holding_cap(
    session: Session, amount: Any, *, source: str, provisional: bool = True
) -> Changes:
    """Set the cap on one member's shareholding (the default £100,000 is unverified)."""
    value = parse_money(amount, "holding cap", required=True)
    if not source.strip():
        raise InputError("Say where the cap comes from (e.g. the Act and section).")
    setting = session.scalar(select(MoneySetting).where(MoneySetting.key == HOLDING_CAP_KEY))
    before = {"value": setting.value, "source": setting.source} if setting else None
    if setting is None:
        setting = MoneySetting(key=HOLDING_CAP_KEY)
        session.add(setting)
    setting.value, setting.source, setting.provisional = str(value), source.strip(), provisional
    setting.set_by = current_user()
    session.flush()
    after = {"value": str(value), "source": source.strip(), "provisional": provisional}
    audit(session, "set", "money_setting", setting.id, None, before, after)
    affected = session.scalars(select(ShareOffer.case_id)).all()
    return Changes(frozenset(affected), frozenset({"money_setting", "share_offer"}))


def save_fund(session: Session, key: str, *, today: dt.date, **fields: Any) -> Changes:
    """Add a fund to the catalogue, or edit one: editing a bundled fund first copies it
    into the user's table, and the copy replaces it from then on."""
    key = clean_fields("fund", {"key": key}, today)["key"]
    cleaned = clean_fields("fund", fields, today)
    row = session.scalar(select(Fund).where(Fund.key == key))
    before = {k: getattr(row, k) for k in cleaned} if row else None
    action = "update" if row else "create"
    if row is None:
        bundled = bundled_funds().get(key)
        if bundled is None and not str(cleaned.get("name", "")).strip():
            raise InputError("A new fund needs a name.")
        start = fund_row_values(bundled) if bundled else {"name": cleaned.get("name", "")}
        row = Fund(**{**_fund_defaults(), **start, "key": key})
        session.add(row)
    for name, value in cleaned.items():
        setattr(row, name, value)
    check_whole("fund", row)
    session.flush()
    audit(session, action, "fund", row.id, None, before, cleaned)
    return _changes(None, "fund", row.id)


def _fund_defaults() -> dict[str, Any]:
    return {
        "funder": "",
        "kind": "grant",
        "status": "unknown",
        "incorporation_required": False,
        "asset_lock_required": False,
        "hidden": False,
        **{
            name: ""
            for name in (
                "status_note",
                "award_note",
                "match_note",
                "lease_note",
                "legal_forms",
                "conditions",
                "url",
                "citation",
                "note",
            )
        },
    }


def delete_fund(session: Session, key: str) -> tuple[Changes, dict]:
    """Remove the user's entry for `key`: a bundled fund comes back as shipped."""
    row = session.scalar(select(Fund).where(Fund.key == key))
    if row is None:
        raise NotFoundError(f"You have no entry for the fund {key!r}.")
    return delete_record(session, "fund", row.id)


def _is_plain_copy(row: Fund) -> bool:
    """True when `row` is a bundled fund copied unchanged (made only to hide it)."""
    bundled = bundled_funds().get(row.key)
    if bundled is None:
        return False
    shipped = fund_row_values(bundled)
    return all(getattr(row, k) == v for k, v in shipped.items() if k not in ("hidden", "key"))


def set_fund_hidden(session: Session, key: str, hidden: bool, *, today: dt.date) -> Changes:
    """Hide a fund from the catalogue's list, or show it again.

    Hiding a bundled fund the group has not edited stores a copy marked hidden; showing
    it again removes that copy, so the fund is the shipped one again (and later updates
    of the bundled catalogue reach it). Audited as "hide" / "show"."""
    row = session.scalar(select(Fund).where(Fund.key == key))
    if row is None:
        bundled = bundled_funds().get(key)
        if bundled is None:
            raise NotFoundError(f"There is no fund {key!r} in the catalogue.")
        if not hidden:
            return _changes(None, "fund")  # shown already
        row = Fund(**{**_fund_defaults(), **fund_row_values(bundled), "key": key})
        session.add(row)
    elif bool(row.hidden) == hidden:
        return _changes(None, "fund", None)
    before = {"hidden": bool(row.hidden)}
    row.hidden = hidden
    session.flush()
    audit(session, "hide" if hidden else "show", "fund", row.id, None, before, {"hidden": hidden})
    if not hidden and _is_plain_copy(row):
        session.delete(row)
        session.flush()
    return _changes(None, "fund", row.id if hidden else None)


def fund_entry(session: Session, key: str) -> dict[str, Any] | None:
    """The group's own row for the fund `key` as it is now (with its id), or None: what
    undo needs to put the entry back exactly (restore_fund_entry)."""
    row = session.scalar(select(Fund).where(Fund.key == key))
    if row is None:
        return None
    return {**record_fields(session, "fund", row.id), "id": row.id}


def restore_fund_entry(
    session: Session, key: str, saved: dict[str, Any] | None, *, today: dt.date
) -> Changes:
    """Put the group's entry for `key` back as `saved` (from fund_entry): None deletes
    the entry (the bundled fund, if any, comes back as shipped). Each change is audited
    through the editing registry, under the same rules as any edit."""
    row = session.scalar(select(Fund).where(Fund.key == key))
    if saved is None:
        if row is None:
            return _changes(None, "fund")
        return delete_record(session, "fund", row.id)[0]
    if row is None:
        return restore_record(session, "fund", saved)
    fields = {k: v for k, v in saved.items() if k not in ("id", "key")}
    changed = {k: v for k, v in fields.items() if getattr(row, k) != v}
    if not changed:
        return _changes(None, "fund")
    return update_fields(session, "fund", row.id, changed, today=today)
