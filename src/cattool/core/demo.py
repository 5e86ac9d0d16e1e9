"""The demo cases (`cattool demo`): realistic cases at different stages, added once.

Two of them (the hall and the library) carry money: a funding plan, sources in mixed
statuses around the moratorium's end, a share offer with its register, and a business
plan (settings, income, running costs, the pre-filled risks and impact measures). Money
dates are written relative to today: a key ending `_days_ago` or `_in_days` sets the
field named before it (e.g. `expected_on_in_days = 90`). Running the demo again adds
nothing; it gives money to an existing demo case only if that case has none at all.

The library also carries a Community Asset Transfer route (resources/demo/leases.toml):
the CAT steps so far and the council's draft lease, in negotiation; added to a demo case
only if it has no lease and no CAT event yet.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from cattool.core import queries, services
from cattool.core.model import Case, Risk
from cattool.core.money import plan_services
from cattool.core.money import services as money_services
from cattool.core.paths import resources_dir
from cattool.core.tasks import prefill_stage_tasks


def demo_data() -> list[dict]:
    with open(resources_dir() / "demo" / "cases.toml", "rb") as handle:
        return tomllib.load(handle)["case"]


def add_demo_cases(session: Session, today: dt.date) -> list[int]:
    """Add each demo case not already present (matched by reference); return new ids."""
    existing = set(session.scalars(select(Case.reference).where(Case.reference.isnot(None))))
    added = []
    for spec in demo_data():
        if spec["reference"] in existing:
            case = session.scalar(select(Case).where(Case.reference == spec["reference"]))
            if case is not None and not _has_money(case):
                add_demo_money(session, case.id, spec, today)
            if case is not None:
                add_demo_lease(session, case, today)
            continue
        case_id = services.create_case(
            session,
            spec["name"],
            spec["regime"],
            reference=spec["reference"],
            notes=spec.get("notes", ""),
        ).created_id
        assert case_id is not None
        if "asset" in spec:
            services.set_asset(session, case_id, **spec["asset"])
        group = spec.get("group")
        if group:
            fields = {k: v for k, v in group.items() if k != "member"}
            services.set_group(session, case_id, **fields)
            for member in group.get("member", []):
                services.add_member(
                    session,
                    case_id,
                    member["name"],
                    address=member.get("address", ""),
                    postcode=member.get("postcode", ""),
                    on_electoral_roll=member.get("roll", False),
                    council=member.get("council", ""),
                )
        for party in spec.get("party", []):
            services.add_party(
                session,
                case_id,
                party["name"],
                party["role"],
                kind=party.get("kind", "organisation"),
                address=party.get("address", ""),
                email=party.get("email", ""),
                phone=party.get("phone", ""),
            )
        for event in spec.get("event", []):
            services.add_event(
                session,
                case_id,
                event["kind"],
                today - dt.timedelta(days=int(event["days_ago"])),
                today=today,
                note=event.get("note", ""),
            )
        for item in spec.get("evidence", []):
            fields = {k: v for k, v in item.items() if k not in ("kind", "days_ago")}
            held_on = today - dt.timedelta(days=int(item["days_ago"]))
            services.add_evidence(
                session, case_id, item["kind"], today=today, held_on=held_on, **fields
            )
        add_demo_money(session, case_id, spec, today)
        case = session.get(Case, case_id)
        assert case is not None
        add_demo_lease(session, case, today)
        stage = queries.case_detail(session, case_id, today).stage
        prefill_stage_tasks(session, case_id, stage, today=today)
        added.append(case_id)
    return added


def _dated(spec: dict[str, Any], today: dt.date) -> dict[str, Any]:
    """`expected_on_in_days = 90` → expected_on = today + 90 days; `_days_ago` likewise."""
    fields = {}
    for key, value in spec.items():
        if key.endswith("_days_ago"):
            fields[key.removesuffix("_days_ago")] = today - dt.timedelta(days=int(value))
        elif key.endswith("_in_days"):
            fields[key.removesuffix("_in_days")] = today + dt.timedelta(days=int(value))
        else:
            fields[key] = value
    return fields


def _has_money(case: Case) -> bool:
    return bool(
        case.funding_plan
        or case.funding_sources
        or case.share_offer
        or case.business_plan
        or case.income_streams
        or case.running_costs
        or case.risks
        or case.impact_measures
    )


def add_demo_money(session: Session, case_id: int, spec: dict[str, Any], today: dt.date) -> None:
    """The money parts of a demo case's spec, through the money services."""
    if "funding_plan" in spec:
        money_services.set_funding_plan(session, case_id, today=today, **spec["funding_plan"])
    for source in spec.get("funding_source", []):
        money_services.add_funding_source(session, case_id, today=today, **_dated(source, today))
    if "share_offer" in spec:
        offer = _dated(spec["share_offer"], today)
        money_services.set_share_offer(session, case_id, today=today, **offer)
    for application in spec.get("share_application", []):
        fields = _dated(application, today)
        name, amount = fields.pop("name"), fields.pop("amount_applied")
        money_services.add_share_application(session, case_id, name, amount, today=today, **fields)
    plan = spec.get("business_plan")
    if plan:
        _add_demo_plan(session, case_id, plan, today)


def _add_demo_plan(session: Session, case_id: int, plan: dict[str, Any], today: dt.date) -> None:
    if "settings" in plan:
        settings = _dated(plan["settings"], today)
        plan_services.set_plan_settings(session, case_id, today=today, **settings)
    for line in plan.get("income", []):
        plan_services.add_income_stream(session, case_id, today=today, **line)
    for line in plan.get("cost", []):
        plan_services.add_running_cost(session, case_id, today=today, **line)
    review = _dated({k: v for k, v in plan.items() if k.startswith("risk_review")}, today)
    review_on = review.get("risk_review_on")
    if plan.get("prefill_risks"):
        plan_services.prefill_risks(session, case_id, today=today)
        owners = plan.get("risk_owners", {})
        for risk in session.scalars(select(Risk).where(Risk.case_id == case_id)):
            fields: dict[str, Any] = {"review_on": review_on}
            if risk.prefill_key in owners:
                fields["owner"] = owners[risk.prefill_key]
            plan_services.update_risk(session, risk.id, today=today, **fields)
    for risk in plan.get("risks", []):
        fields = _dated(risk, today)
        title = fields.pop("title")
        fields.setdefault("review_on", review_on)
        plan_services.add_risk(session, case_id, title, today=today, **fields)
    for measure in plan.get("impact", []):
        fields = dict(measure)
        plan_services.add_impact_measure(
            session, case_id, fields.pop("measure"), today=today, **fields
        )


def demo_leases() -> dict[str, dict[str, Any]]:
    with open(resources_dir() / "demo" / "leases.toml", "rb") as handle:
        return {spec["reference"]: spec for spec in tomllib.load(handle)["lease"]}


def add_demo_lease(session: Session, case: Case, today: dt.date) -> None:
    """The case's demo CAT steps and lease (lease services), unless it has either."""
    from cattool.core.lease import services as lease_services

    spec = demo_leases().get(case.reference or "")
    if spec is None or case.leases or any(e.kind.startswith("cat-") for e in case.events):
        return
    for event in spec.get("cat_event", []):
        day = today - dt.timedelta(days=int(event["days_ago"]))
        services.add_event(session, case.id, event["kind"], day, today=today,
                           note=event.get("note", ""))  # fmt: skip
    lease_id = lease_services.add_lease(
        session, case.id, today=today, **_dated(spec["terms"], today)
    ).created_id
    assert lease_id is not None
    for clause in spec.get("break", []):
        lease_services.add_break(session, lease_id, today=today, **_dated(clause, today))
