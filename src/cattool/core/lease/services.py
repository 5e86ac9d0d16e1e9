"""Lease and CAT use-cases: the only code that writes lease records.

Like cattool.core.services: validate first (InputError naming the field, nothing
written), change rows in the caller's transaction (`Store.transaction()`), audit, return
Changes. Field rules are in lease/fields.py, registered in the editing registry, so the
desktop's generic edits and undo/redo (`editing.update_fields`, `delete_record`,
`restore_record` with entities "lease", "lease_break", "cat_policy_override") obey the
same rules as these calls.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from cattool.core.changes import Changes, audit
from cattool.core.editing import check_whole, clean_fields, delete_record, update_fields
from cattool.core.errors import InputError, NotFoundError
from cattool.core.lease.checks import REPAIR_RISK
from cattool.core.lease.model import CatPolicyOverride, Lease, LeaseBreak
from cattool.core.model import Party, Risk
from cattool.core.services import get_case

_LEASE_DEFAULTS: dict[str, Any] = {
    "status": "negotiating",
    "is_new": True,
    "peppercorn": False,
    **dict.fromkeys(
        (
            "title", "landlord", "tenant", "premises", "plan_path", "rent_review_basis",
            "repairing", "schedule_of_condition", "building_condition", "insurance_by",
            "user_clause", "alienation", "overage", "service_charge", "legal_costs_by",
            "rate_relief", "conditions_precedent", "note",
        ),
        "",
    ),
}  # fmt: skip


def _changes(case_id: int, entity: str, created: int | None = None) -> Changes:
    return Changes(frozenset({case_id}), frozenset({entity}), created)


def _lease(session: Session, lease_id: int) -> Lease:
    lease = session.get(Lease, lease_id)
    if lease is None:
        raise NotFoundError(f"There is no lease {lease_id}.")
    return lease


def _check_parties(session: Session, fields: dict[str, Any]) -> None:
    for name in ("landlord_party_id", "tenant_party_id"):
        party_id = fields.get(name)
        if party_id is not None and session.get(Party, party_id) is None:
            raise InputError(f"There is no party {party_id} ({name.removesuffix('_party_id')}).")


def add_lease(session: Session, case_id: int, *, today: dt.date, **fields: Any) -> Changes:
    """Record a lease (being negotiated, signed or ended) with any of its terms.

    Money may be text ("£25,000"); dates are dates. Returns Changes with the new id.
    """
    cleaned = clean_fields("lease", fields, today)
    case = get_case(session, case_id)
    _check_parties(session, cleaned)
    lease = Lease(case_id=case.id, **{**_LEASE_DEFAULTS, **cleaned})
    check_whole("lease", lease)
    session.add(lease)
    session.flush()
    audit(session, "create", "lease", lease.id, case.id, after=cleaned)
    return _changes(case.id, "lease", lease.id)


def update_lease(session: Session, lease_id: int, *, today: dt.date, **fields: Any) -> Changes:
    """Change some of a lease's terms (all validated first; a bad one changes nothing)."""
    cleaned = clean_fields("lease", fields, today)
    _check_parties(session, cleaned)
    return update_fields(session, "lease", lease_id, cleaned, today=today)


def delete_lease(session: Session, lease_id: int) -> tuple[Changes, dict]:
    """Delete a lease and its break clauses; returns what `editing.restore_record` needs
    to put the lease back (its break clauses are not restored)."""
    return delete_record(session, "lease", lease_id)


def add_break(
    session: Session,
    lease_id: int,
    *,
    today: dt.date,
    party: str = "either",
    notice_months: Any = 6,
    **fields: Any,
) -> Changes:
    """Add a break clause: who may break, a break date or the first break year (and the
    years between later breaks), and the notice period in months."""
    cleaned = clean_fields(
        "lease_break", {"party": party, "notice_months": notice_months, **fields}, today
    )
    cleaned.pop("lease_id", None)
    lease = _lease(session, lease_id)
    clause = LeaseBreak(lease_id=lease.id, note="", **cleaned)
    check_whole("lease_break", clause)
    session.add(clause)
    session.flush()
    audit(session, "create", "lease_break", clause.id, lease.case_id, after=cleaned)
    return _changes(lease.case_id, "lease_break", clause.id)


def update_break(session: Session, break_id: int, *, today: dt.date, **fields: Any) -> Changes:
    if "lease_id" in fields:
        raise InputError("A break clause cannot move to another lease: delete it and add it.")
    return update_fields(session, "lease_break", break_id, fields, today=today)


def delete_break(session: Session, break_id: int) -> tuple[Changes, dict]:
    return delete_record(session, "lease_break", break_id)


def set_cat_policy_weeks(
    session: Session, case_id: int, stage: str, weeks: Any, *, source: str, today: dt.date
) -> Changes:
    """Set this council's time for one CAT step (weeks after the step before). A blank
    `weeks` goes back to cattool's default (resources/cat_policy.toml)."""
    case = get_case(session, case_id)
    existing = session.scalar(
        select(CatPolicyOverride).where(
            CatPolicyOverride.case_id == case.id, CatPolicyOverride.stage == stage
        )
    )
    if weeks is None or (isinstance(weeks, str) and not weeks.strip()):
        clean_fields("cat_policy_override", {"stage": stage}, today)
        if existing is None:
            return _changes(case.id, "cat_policy_override")
        audit(session, "delete", "cat_policy_override", existing.id, case.id,
              before={"stage": stage, "weeks": existing.weeks})  # fmt: skip
        session.delete(existing)
        session.flush()
        return _changes(case.id, "cat_policy_override")
    if not source.strip():
        raise InputError(
            "Say where this council's timetable comes from (source), e.g. its CAT policy."
        )
    cleaned = clean_fields(
        "cat_policy_override", {"stage": stage, "weeks": weeks, "source": source.strip()}, today
    )
    before = {"weeks": existing.weeks, "source": existing.source} if existing else None
    if existing is None:
        existing = CatPolicyOverride(case_id=case.id, **cleaned)
        session.add(existing)
    else:
        existing.weeks, existing.source = cleaned["weeks"], cleaned["source"]
    session.flush()
    audit(session, "set", "cat_policy_override", existing.id, case.id, before, cleaned)
    return _changes(case.id, "cat_policy_override", existing.id)


def add_repair_risk(session: Session, lease_id: int, *, today: dt.date) -> Changes:
    """Add the full-repairing-lease risk to the business plan's risk register (once: a
    risk already added from this finding is left as it is)."""
    from cattool.core.money import plan_services

    lease = _lease(session, lease_id)
    present = session.scalar(
        select(Risk.id).where(
            Risk.case_id == lease.case_id, Risk.prefill_key == REPAIR_RISK["prefill_key"]
        )
    )
    if present is not None:
        return _changes(lease.case_id, "risk")
    fields = dict(REPAIR_RISK)
    title = fields.pop("title")
    return plan_services.add_risk(session, lease.case_id, title, today=today, **fields)
