"""The demo cases (`cattool demo`): realistic cases at different stages, added once."""

from __future__ import annotations

import datetime as dt
import tomllib

from sqlalchemy import select
from sqlalchemy.orm import Session

from cattool.core import queries, services
from cattool.core.model import Case
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
        stage = queries.case_detail(session, case_id, today).stage
        prefill_stage_tasks(session, case_id, stage, today=today)
        added.append(case_id)
    return added
