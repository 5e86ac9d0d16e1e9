"""Use-cases that change data: the only code that writes.

Each function validates first (raising InputError or DateInputError, so nothing is
written), then changes rows in the caller's transaction (`Store.transaction()`), writes
an AuditEntry, and returns Changes so a UI can refresh only what it must.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from cattool.core.changes import Changes, audit, current_user
from cattool.core.dates import ensure_not_future
from cattool.core.editing import EDITABLE, check_whole, clean_fields
from cattool.core.errors import InputError, NotFoundError
from cattool.core.model import (
    Asset,
    Case,
    CaseParty,
    Event,
    Evidence,
    Group,
    Member,
    Party,
    RegimeSetting,
)
from cattool.core.rules.calendar import parse_length
from cattool.core.rules.events import event_kinds
from cattool.core.rules.regime import RegimeError, available_regimes, load_regime


def _event_fields(event: Event) -> dict:
    return {"kind": event.kind, "date": event.date, "note": event.note}


def check_regime(regime: str) -> None:
    if regime not in available_regimes():
        known = ", ".join(available_regimes())
        raise InputError(f"Unknown regime {regime!r}. Choose one of: {known}.")


def check_event_kind(kind: str) -> None:
    if kind not in event_kinds():
        known = ", ".join(event_kinds())
        raise InputError(f"Unknown event kind {kind!r}. Known kinds: {known}.")


def get_case(session: Session, case_id: int) -> Case:
    case = session.get(Case, case_id)
    if case is None:
        raise NotFoundError(f"There is no case {case_id}.")
    return case


def clean_case_name(name: str) -> str:
    name = " ".join(name.split())
    if not name:
        raise InputError("A case needs a name, e.g. 'The Red Lion, Kirkdale'.")
    if len(name) > 200:
        raise InputError("A case name can be at most 200 characters.")
    return name


def create_case(
    session: Session, name: str, regime: str, *, reference: str | None = None, notes: str = ""
) -> Changes:
    name = clean_case_name(name)
    check_regime(regime)
    if reference is not None:
        taken = session.scalar(select(Case.id).where(Case.reference == reference))
        if taken is not None:
            raise InputError(f"Reference {reference!r} is already used by case {taken}.")
    case = Case(name=name, regime=regime, reference=reference, notes=notes)
    session.add(case)
    session.flush()
    audit(session, "create", "case", case.id, case.id, after={"name": name, "regime": regime})
    return Changes(frozenset({case.id}), frozenset({"case"}), case.id)


def rename_case(session: Session, case_id: int, name: str) -> Changes:
    name = " ".join(name.split())
    if not name:
        raise InputError("A case needs a name.")
    case = get_case(session, case_id)
    before = case.name
    case.name = name
    audit(session, "update", "case", case.id, case.id, {"name": before}, {"name": name})
    return Changes(frozenset({case.id}), frozenset({"case"}))


def add_event(
    session: Session,
    case_id: int,
    kind: str,
    date: dt.date,
    *,
    today: dt.date,
    note: str = "",
    sent_on: dt.date | None = None,
    received_on: dt.date | None = None,
) -> Changes:
    """Record that something happened. A past fact cannot be dated in the future."""
    check_event_kind(kind)
    ensure_not_future(date, today, what="An event")
    for other in (sent_on, received_on):
        if other is not None:
            ensure_not_future(other, today, what="A letter")
    if sent_on and received_on and received_on < sent_on:
        raise InputError("A letter cannot be received before it was sent.")
    case = get_case(session, case_id)
    event = Event(
        case_id=case.id,
        kind=kind,
        date=date,
        note=note.strip(),
        sent_on=sent_on,
        received_on=received_on,
        entered_by=current_user(),
    )
    session.add(event)
    session.flush()
    audit(session, "create", "event", event.id, case.id, after=_event_fields(event))
    return Changes(frozenset({case.id}), frozenset({"event"}), event.id)


def update_event(
    session: Session,
    event_id: int,
    *,
    today: dt.date,
    kind: str | None = None,
    date: dt.date | None = None,
    note: str | None = None,
) -> Changes:
    event = session.get(Event, event_id)
    if event is None:
        raise NotFoundError(f"There is no event {event_id}.")
    if kind is not None:
        check_event_kind(kind)
    if date is not None:
        ensure_not_future(date, today, what="An event")
    before = _event_fields(event)
    if kind is not None:
        event.kind = kind
    if date is not None:
        event.date = date
    if note is not None:
        event.note = note.strip()
    audit(session, "update", "event", event.id, event.case_id, before, _event_fields(event))
    return Changes(frozenset({event.case_id}), frozenset({"event"}))


def delete_event(session: Session, event_id: int) -> Changes:
    event = session.get(Event, event_id)
    if event is None:
        raise NotFoundError(f"There is no event {event_id}.")
    case_id = event.case_id
    audit(session, "delete", "event", event.id, case_id, before=_event_fields(event))
    session.delete(event)
    return Changes(frozenset({case_id}), frozenset({"event"}))


def check_regime_parameter(regime: str, parameter: str, value: str, source: str) -> str:
    """Validate a new parameter value before anything is opened or written; returns it."""
    check_regime(regime)
    spec = load_regime(regime).parameters.get(parameter)
    if spec is None:
        known = ", ".join(load_regime(regime).parameters)
        raise InputError(f"{regime} has no parameter {parameter!r}. Parameters: {known}.")
    if not source.strip():
        raise InputError("Say where the value comes from (--source), e.g. the regulation.")
    value = value.strip()
    if spec.value[:1].isdigit():
        try:
            parse_length(value)
        except ValueError as exc:
            raise InputError(str(exc)) from exc
    elif parameter.endswith("trigger") and value not in event_kinds():
        raise InputError(f"{value!r} is not an event kind.")
    try:
        load_regime(regime, {parameter: {"value": value, "source": source}})
    except RegimeError as exc:
        raise InputError(str(exc)) from exc
    return value


def set_regime_parameter(
    session: Session,
    regime: str,
    parameter: str,
    value: str,
    *,
    source: str,
    provisional: bool = False,
) -> Changes:
    """Set a regime parameter's real value (e.g. when 2026 regulations are made)."""
    value = check_regime_parameter(regime, parameter, value, source)
    setting = session.scalar(
        select(RegimeSetting).where(
            RegimeSetting.regime == regime, RegimeSetting.parameter == parameter
        )
    )
    before = {"value": setting.value, "source": setting.source} if setting else None
    if setting is None:
        setting = RegimeSetting(regime=regime, parameter=parameter)
        session.add(setting)
    setting.value, setting.source, setting.provisional = value, source.strip(), provisional
    setting.set_by = current_user()
    session.flush()
    after = {"value": value, "source": source, "provisional": provisional}
    audit(session, "set", "regime_setting", setting.id, None, before, after)
    affected = session.scalars(select(Case.id).where(Case.regime == regime)).all()
    return Changes(frozenset(affected), frozenset({"regime_setting"}))


# The fields a screen may set; one definition, in the editing registry.
ASSET_FIELDS = EDITABLE["asset"].fields
GROUP_FIELDS = EDITABLE["group"].fields
PARTY_ROLES = (
    "owner",
    "occupier",
    "council",
    "agent",
    "funder",
    "adviser",
    "valuer",
    "solicitor",
    "leaseholder",
    "freeholder",
)


def set_asset(session: Session, case_id: int, **fields: object) -> Changes:
    """Create or update the case's asset (what a nomination must describe)."""
    fields = clean_fields("asset", fields)
    case = get_case(session, case_id)
    asset = case.asset
    before = {k: getattr(asset, k) for k in fields} if asset else None
    if asset is None:
        asset = Asset(case_id=case.id)
        case.asset = asset
    for key, value in fields.items():
        setattr(asset, key, value)
    session.flush()
    audit(session, "update" if before else "create", "asset", asset.id, case.id, before, fields)
    return Changes(frozenset({case.id}), frozenset({"asset"}), asset.id)


def set_group(session: Session, case_id: int, **fields: object) -> Changes:
    fields = clean_fields("group", fields)
    case = get_case(session, case_id)
    group = case.group
    if group is None and not str(fields.get("name", "")).strip():
        raise InputError("The group needs a name, e.g. 'Friends of the Red Lion'.")
    before = {k: getattr(group, k) for k in fields} if group else None
    if group is None:
        group = Group(case_id=case.id, name=str(fields["name"]))
        case.group = group
    for key, value in fields.items():
        setattr(group, key, value)
    session.flush()
    audit(session, "update" if before else "create", "group", group.id, case.id, before, fields)
    return Changes(frozenset({case.id}), frozenset({"group"}), group.id)


def add_member(
    session: Session,
    case_id: int,
    name: str,
    *,
    address: str = "",
    postcode: str = "",
    on_electoral_roll: bool = False,
    council: str = "",
) -> Changes:
    """Add a member to the register (personal data: used only for eligibility evidence)."""
    fields = clean_fields(
        "member",
        {
            "name": name,
            "address": address,
            "postcode": postcode,
            "on_electoral_roll": on_electoral_roll,
            "council": council,
        },
    )
    case = get_case(session, case_id)
    if case.group is None:
        raise InputError("Record the group (its name and legal form) before adding members.")
    member = Member(group_id=case.group.id, **fields)
    session.add(member)
    session.flush()
    # The audit trail records that a member was added, not their personal details.
    audit(session, "create", "member", member.id, case.id, after={"member": member.id})
    return Changes(frozenset({case.id}), frozenset({"member"}), member.id)


def add_party(
    session: Session,
    case_id: int,
    name: str,
    role: str,
    *,
    kind: str = "organisation",
    address: str = "",
    email: str = "",
    phone: str = "",
) -> Changes:
    """Add a person or organisation with a role in the case (owner, council, …)."""
    if role not in PARTY_ROLES:
        raise InputError(f"Unknown role {role!r}. Roles: {', '.join(PARTY_ROLES)}.")
    if kind not in ("person", "organisation"):
        raise InputError("A party is a 'person' or an 'organisation'.")
    fields = clean_fields(
        "party", {"name": name, "kind": kind, "address": address, "email": email, "phone": phone}
    )
    case = get_case(session, case_id)
    party = Party(**fields)
    session.add(party)
    session.flush()
    session.add(CaseParty(case_id=case.id, party_id=party.id, role=role))
    audit(session, "create", "party", party.id, case.id, after={"name": name, "role": role})
    return Changes(frozenset({case.id}), frozenset({"party"}), party.id)


def add_evidence(
    session: Session, case_id: int, kind: str, *, today: dt.date, **fields: object
) -> Changes:
    """Record a survey, petition, meeting, ballot or pledge drive with its figures."""
    cleaned = clean_fields("evidence", {"kind": kind, **fields}, today)
    case = get_case(session, case_id)
    item = Evidence(case_id=case.id, **cleaned)
    check_whole("evidence", item)
    session.add(item)
    session.flush()
    audit(session, "create", "evidence", item.id, case.id, after={"kind": kind})
    return Changes(frozenset({case.id}), frozenset({"evidence"}), item.id)


def case_count(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(Case)) or 0
