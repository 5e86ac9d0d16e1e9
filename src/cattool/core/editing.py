"""Field edits, deletions and restorations for every editable record: what the desktop's
undo and redo are built on.

`update_fields` changes named fields after validating them; `delete_record` returns the
record's fields so `restore_record` can put it back exactly (same id), which is how a
deletion is undone. Each call audits and returns Changes, like every service.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session, object_session

from cattool.core.changes import Changes, audit
from cattool.core.conflicts import check_version, flush_guarded, read_current
from cattool.core.dates import ensure_not_future
from cattool.core.eligibility import legal_forms
from cattool.core.errors import InputError, NotFoundError
from cattool.core.lease import fields as lease_fields
from cattool.core.lease.fields import WHOLE_CHECKS as LEASE_WHOLE_CHECKS
from cattool.core.model import (
    Asset,
    Base,
    BusinessPlan,
    Case,
    CaseParty,
    Event,
    Evidence,
    Fund,
    FundingPlan,
    FundingSource,
    Group,
    ImpactMeasure,
    IncomeStream,
    Member,
    Party,
    Risk,
    RunningCost,
    ShareApplication,
    ShareOffer,
)
from cattool.core.model import Task as TaskRow
from cattool.core.money.format import ZERO, parse_growth, parse_money, parse_percent
from cattool.core.money.funders import FUND_STATUSES
from cattool.core.money.plan_lines import (
    COST_CATEGORIES,
    INCOME_CATEGORIES,
    YEARS,
)
from cattool.core.money.risks import RISK_CATEGORIES
from cattool.core.money.rules import DELETE_GUARDS as MONEY_DELETE_GUARDS
from cattool.core.money.rules import WHOLE_CHECKS as MONEY_WHOLE_CHECKS
from cattool.core.money.vocabulary import SOCIETY_TYPES, SOURCE_KINDS, STATUSES, TENURES
from cattool.core.rules.events import event_kinds

EVIDENCE_KINDS = ("survey", "petition", "meeting", "ballot", "pledges")
# The two limbs of Localism Act 2011 s.88: a current use (s.88(1)) or one in the recent
# past that could return (s.88(2)).
COMMUNITY_USES = {
    "current": "It is in community use now (Localism Act 2011 s.88(1))",
    "recent-past": "It was in community use in the recent past and could be again "
    "within five years (s.88(2))",
}


@dataclass(frozen=True)
class Editable:
    model: type[Base]
    fields: tuple[str, ...]
    case_of: Callable[[Any], int]


def _text(name: str, *, required: bool = False, limit: int = 0) -> Callable[[Any], Any]:
    def check(value: Any) -> Any:
        value = "" if value is None else str(value)
        if required and not value.strip():
            raise InputError(f"The {name} cannot be empty.")
        if limit and len(value) > limit:
            raise InputError(f"The {name} can be at most {limit} characters.")
        return value.strip() if required else value

    return check


def _count(name: str) -> Callable[[Any], Any]:
    def check(value: Any) -> Any:
        if value in (None, ""):
            return None
        try:
            number = int(value)
        except (TypeError, ValueError):
            raise InputError(f"The {name} must be a whole number, not {value!r}.") from None
        if number < 0:
            raise InputError(f"The {name} cannot be negative.")
        return number

    return check


def _choice(name: str, choices: Callable[[], Any]) -> Callable[[Any], Any]:
    def check(value: Any) -> Any:
        allowed = list(choices())
        if value not in allowed:
            raise InputError(f"Unknown {name} {value!r}. Choose one of: {', '.join(allowed)}.")
        return value

    return check


def _past_date(what: str) -> Callable[[Any, dt.date], Any]:
    def check(value: Any, today: dt.date) -> Any:
        if value is None:
            return None
        if not isinstance(value, dt.date):
            raise InputError(f"{what} must be a date.")
        ensure_not_future(value, today, what=what)
        return value

    return check


def _any_date(value: Any) -> Any:
    if value is not None and not isinstance(value, dt.date):
        raise InputError("A due date must be a date.")
    return value


def _flag(value: Any) -> bool:
    return bool(value)


# UK postcode shape (outward code, space optional, inward code), e.g. "L5 7QQ", "SW1A 1AA".
_POSTCODE = re.compile(r"^([A-Z]{1,2}[0-9][A-Z0-9]?) ?([0-9][A-Z]{2})$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def _postcode(value: Any) -> str:
    text = " ".join(str(value or "").upper().split())
    if not text:
        return ""
    match = _POSTCODE.match(text)
    if not match:
        raise InputError(f"{value!r} does not look like a UK postcode (for example L5 7QQ).")
    return f"{match.group(1)} {match.group(2)}"


def _uprn(value: Any) -> str:
    text = str(value or "").strip()
    if text and not (text.isdigit() and len(text) <= 12):
        raise InputError(f"A UPRN is a number of up to 12 digits, not {value!r}.")
    return text


def _email(value: Any) -> str:
    text = str(value or "").strip()
    if text and not _EMAIL.match(text):
        raise InputError(f"{value!r} does not look like an email address.")
    return text


def _member_case(member: Member) -> int:
    return member.group.case_id


EDITABLE: dict[str, Editable] = {
    "case": Editable(Case, ("name", "notes", "archived"), lambda r: r.id),
    "asset": Editable(
        Asset,
        (
            "name",
            "address",
            "postcode",
            "uprn",
            "title_number",
            "asset_type",
            "description",
            "boundary",
            "condition",
            "community_use",
            "community_value",
            "plan_path",
        ),
        lambda r: r.case_id,
    ),
    "group": Editable(
        Group,
        (
            "name",
            "legal_form",
            "registration_number",
            "not_for_profit",
            "asset_lock",
            "local_connection",
            "address",
            "email",
            "phone",
            "contact_name",
            "contact_role",
            "governing_document",
            "objects",
        ),
        lambda r: r.case_id,
    ),
    "member": Editable(
        Member, ("name", "address", "postcode", "on_electoral_roll", "council"), _member_case
    ),
    "party": Editable(
        Party,
        ("name", "kind", "address", "email", "phone"),
        lambda r: r.roles[0].case_id if r.roles else 0,
    ),
    "event": Editable(
        Event,
        ("kind", "date", "sent_on", "received_on", "note", "document_path"),
        lambda r: r.case_id,
    ),
    "task": Editable(
        TaskRow,
        ("title", "stage", "due_date", "deadline_key", "done_on", "note"),
        lambda r: r.case_id,
    ),
    "evidence": Editable(
        Evidence,
        ("kind", "title", "held_on", "reached", "responses", "in_favour", "note"),
        lambda r: r.case_id,
    ),
}

# Per-field validation; a checker taking `today` as well is given it.
_CHECKS: dict[tuple[str, str], Callable[..., Any]] = {
    ("case", "name"): _text("case name", required=True, limit=200),
    ("case", "archived"): _flag,
    ("asset", "postcode"): _postcode,
    ("asset", "uprn"): _uprn,
    ("member", "postcode"): _postcode,
    ("party", "email"): _email,
    ("group", "name"): _text("group name", required=True, limit=200),
    ("group", "legal_form"): _choice("legal form", lambda: ["", *legal_forms()]),
    ("group", "not_for_profit"): _flag,
    ("group", "asset_lock"): _flag,
    ("group", "email"): _email,
    ("asset", "community_use"): _choice("community use", lambda: ["", *COMMUNITY_USES]),
    ("member", "name"): _text("member's name", required=True, limit=200),
    ("member", "on_electoral_roll"): _flag,
    ("party", "name"): _text("name", required=True, limit=200),
    ("party", "kind"): _choice("kind", lambda: ["person", "organisation"]),
    ("event", "kind"): _choice("event kind", lambda: event_kinds()),
    ("event", "date"): _past_date("An event"),
    ("event", "sent_on"): _past_date("A letter"),
    ("event", "received_on"): _past_date("A letter"),
    ("task", "title"): _text("task", required=True, limit=300),
    ("task", "due_date"): _any_date,
    ("task", "done_on"): _past_date("A completed task"),
    ("evidence", "kind"): _choice("kind of evidence", lambda: EVIDENCE_KINDS),
    ("evidence", "held_on"): _past_date("Evidence"),
    ("evidence", "reached"): _count("number reached"),
    ("evidence", "responses"): _count("number of responses"),
    ("evidence", "in_favour"): _count("number in favour"),
}


def _spec(entity: str) -> Editable:
    spec = EDITABLE.get(entity)
    if spec is None:
        raise InputError(f"Unknown kind of record {entity!r}.")
    return spec


def _get(session: Session, entity: str, record_id: int) -> Any:
    record = session.get(_spec(entity).model, record_id)
    if record is None:
        raise NotFoundError(f"There is no {entity} {record_id}.")
    return record


def clean_fields(
    entity: str, fields: Mapping[str, Any], today: dt.date | None = None
) -> dict[str, Any]:
    """Validate `fields` for `entity`; returns cleaned values or raises InputError."""
    today = today or dt.date.today()
    spec = _spec(entity)
    unknown = sorted(set(fields) - set(spec.fields))
    if unknown:
        raise InputError(f"Unknown {entity} field(s): {', '.join(unknown)}.")
    cleaned = {}
    for name, value in fields.items():
        check = _CHECKS.get((entity, name))
        if check is None:
            cleaned[name] = "" if value is None else value
        elif getattr(check, "__code__", None) and check.__code__.co_argcount == 2:
            cleaned[name] = check(value, today)
        else:
            cleaned[name] = check(value)
    return cleaned


def check_whole(entity: str, record: Any) -> None:
    """Rules across fields, checked on the record as it would be saved."""
    if entity == "evidence":
        reached, responses, yes = record.reached, record.responses, record.in_favour
        if reached is not None and responses is not None and responses > reached:
            raise InputError(
                f"More responses ({responses}) than people reached ({reached}): check the figures."
            )
        if yes is not None and responses is not None and yes > responses:
            raise InputError(f"More in favour ({yes}) than responses ({responses}).")
    sent, received = getattr(record, "sent_on", None), getattr(record, "received_on", None)
    if entity == "event" and sent and received and received < sent:
        raise InputError("A letter cannot be received before it was sent.")
    money_check = MONEY_WHOLE_CHECKS.get(entity) or LEASE_WHOLE_CHECKS.get(entity)
    if money_check is not None:
        money_check(record)


def record_fields(session: Session, entity: str, record_id: int) -> dict[str, Any]:
    """The editable fields of a record as they are now (what undo restores)."""
    record = _get(session, entity, record_id)
    return {name: getattr(record, name) for name in _spec(entity).fields}


def update_fields(
    session: Session,
    entity: str,
    record_id: int,
    fields: Mapping[str, Any],
    *,
    today: dt.date,
    expected_version: int | None = None,
    base: Mapping[str, Any] | None = None,
) -> Changes:
    """Change some fields of one record, all validated first.

    With `expected_version` (the version the user loaded; `base`, the values they started
    from) a record someone else has saved since is not touched: ConflictError says what
    they changed. The UPDATE is guarded by the version too, so of two racing saves one
    wins and the other gets ConflictError."""
    cleaned = clean_fields(entity, fields, today)
    if expected_version is None:
        record = _get(session, entity, record_id)
    else:
        record = read_current(session, _spec(entity).model, entity, record_id)
        check_version(session, entity, record, expected_version, cleaned, base)
    before = {name: getattr(record, name) for name in cleaned}
    for name, value in cleaned.items():
        setattr(record, name, value)
    check_whole(entity, record)
    flush_guarded(session, entity, record_id, expected_version, cleaned, base)
    case_id = _spec(entity).case_of(record)
    private = entity in PRIVATE_ENTITIES  # the audit trail keeps no personal data
    audit(
        session,
        "update",
        entity,
        record_id,
        case_id or None,
        None if private else before,
        {"fields": sorted(cleaned)} if private else cleaned,
    )
    return Changes(frozenset({case_id} if case_id else ()), frozenset({entity}))


def record_version(session: Session, entity: str, record_id: int) -> int:
    """The record's version as this session sees it (after a flush: the new one)."""
    return _get(session, entity, record_id).version


def delete_record(
    session: Session,
    entity: str,
    record_id: int,
    *,
    expected_version: int | None = None,
    base: Mapping[str, Any] | None = None,
) -> tuple[Changes, dict]:
    """Delete one record; returns what undo needs to put it back. With `expected_version`
    a record someone else has changed since is not deleted (ConflictError)."""
    if expected_version is None:
        record = _get(session, entity, record_id)
    else:
        record = read_current(session, _spec(entity).model, entity, record_id)
        check_version(session, entity, record, expected_version, {}, base, deleting=True)
    guard = MONEY_DELETE_GUARDS.get(entity)
    if guard is not None:
        guard(record)
    spec = _spec(entity)
    case_id = spec.case_of(record)
    saved = {name: getattr(record, name) for name in spec.fields}
    saved["id"] = record.id
    for link in ("case_id", "group_id", "offer_id"):
        if hasattr(record, link):
            saved[link] = getattr(record, link)
    if entity == "party":
        saved["roles"] = [(r.case_id, r.role, r.note) for r in record.roles]
    # What was deleted stays readable in the trail (the deadline-control log needs a
    # deleted event's date), except personal data.
    kept = None if entity in PRIVATE_ENTITIES else {n: saved[n] for n in spec.fields}
    audit(session, "delete", entity, record_id, case_id or None, kept, None)
    session.delete(record)
    flush_guarded(session, entity, record_id, expected_version, {}, base, deleting=True)
    return Changes(frozenset({case_id} if case_id else ()), frozenset({entity})), saved


def restore_record(session: Session, entity: str, saved: Mapping[str, Any]) -> Changes:
    """Put a deleted record back with the same id (undo of delete_record)."""
    spec = _spec(entity)
    data = dict(saved)
    roles = data.pop("roles", [])
    if session.get(spec.model, data["id"]) is not None:
        raise InputError(f"That {entity} already exists.")
    record = spec.model(**data)
    session.add(record)
    session.flush()
    for case_id, role, note in roles:
        session.add(CaseParty(case_id=case_id, party_id=record.id, role=role, note=note))
    case_id = spec.case_of(record) if entity != "member" else _member_group_case(session, record)
    restored = None if entity in PRIVATE_ENTITIES else {n: data.get(n) for n in spec.fields}
    audit(session, "restore", entity, record.id, case_id or None, None, restored)
    return Changes(frozenset({case_id} if case_id else ()), frozenset({entity}), record.id)


def _member_group_case(session: Session, member: Member) -> int:
    group = session.get(Group, member.group_id)
    return group.case_id if group else 0


# Money (cattool.core.money): the funding plan, sources, share offer and register, and
# the user's funder catalogue entries. Cross-field rules are in money/rules.py.

# Records holding personal data: their audit entries name the fields, not the values.
PRIVATE_ENTITIES = frozenset({"member", "share_application"})


def _money(name: str, *, required: bool = False, zero: bool = False) -> Callable[[Any], Any]:
    """Money from text ("£25,000") or Decimal; None when blank (0 if `zero`)."""

    def check(value: Any) -> Any:
        amount = parse_money(value, name, required=required)
        return ZERO if amount is None and zero else amount

    return check


def _percent(name: str) -> Callable[[Any], Any]:
    return lambda value: parse_percent(value, name)


def _date(what: str) -> Callable[[Any], Any]:
    def check(value: Any) -> Any:
        if value is not None and not isinstance(value, dt.date):
            raise InputError(f"{what} must be a date.")
        return value

    return check


_FUND_KEY = re.compile(r"^[a-z0-9][a-z0-9-]{0,59}$")


def _fund_key(value: Any) -> str:
    text = str(value or "").strip().lower()
    if not _FUND_KEY.match(text):
        raise InputError(
            f"A fund's key is up to 60 lower-case letters, digits and hyphens "
            f"(e.g. 'my-council-grant'), not {value!r}."
        )
    return text


def _society_type(value: Any) -> str:
    if value not in SOCIETY_TYPES:
        raise InputError(
            "Community shares can only be issued by a co-operative society or a community "
            f"benefit society ({', '.join(SOCIETY_TYPES)}), not {value!r}."
        )
    return value


def _offer_case(application: ShareApplication) -> int:
    session = object_session(application)
    offer = session.get(ShareOffer, application.offer_id) if session else application.offer
    return offer.case_id if offer else 0


_LIKELIHOOD_FIELDS = tuple(f"likelihood_{s}" for s in ("idea", "applied", "pledged", "awarded"))
_OFFER_MONEY = ("min_holding", "max_holding", "min_raise", "target_raise", "max_raise")


def _columns(model: type[Base]) -> tuple[str, ...]:
    """A money model's editable fields: every column but its id, version and owner link."""
    skip = {"id", "version", "case_id", "offer_id"}
    return tuple(c.name for c in model.__table__.columns if c.name not in skip)


EDITABLE.update(
    {
        "funding_plan": Editable(FundingPlan, _columns(FundingPlan), lambda r: r.case_id),
        "funding_source": Editable(FundingSource, _columns(FundingSource), lambda r: r.case_id),
        "share_offer": Editable(ShareOffer, _columns(ShareOffer), lambda r: r.case_id),
        "share_application": Editable(ShareApplication, _columns(ShareApplication), _offer_case),
        # The catalogue belongs to no case.
        "fund": Editable(Fund, _columns(Fund), lambda r: 0),
    }
)

_PLAN_LABELS = {
    "purchase_price": "purchase price",
    "valuation": "valuation",
    "fees": "fees",
    "stamp_duty": "stamp duty",
    "refurbishment": "refurbishment cost",
    "contingency": "contingency",
    "working_capital": "working capital",
    "minimum_need": "minimum need",
    "target_need": "target",
    "maximum_need": "maximum need",
}
_CHECKS.update(
    {
        **{("funding_plan", f): _money(label) for f, label in _PLAN_LABELS.items()},
        **{
            ("funding_plan", f): _percent(f"likelihood for '{f.removeprefix('likelihood_')}'")
            for f in _LIKELIHOOD_FIELDS
        },
        ("funding_plan", "tenure"): _choice("tenure", lambda: ["", *TENURES]),
        ("funding_plan", "lease_years"): _count("lease length in years"),
        ("funding_source", "kind"): _choice("kind of funding", lambda: SOURCE_KINDS),
        ("funding_source", "funder"): _text("funder", limit=200),
        ("funding_source", "fund_name"): _text("fund's name", limit=200),
        ("funding_source", "fund_key"): _text("fund's key", limit=60),
        ("funding_source", "amount"): _money("amount", required=True),
        ("funding_source", "status"): _choice("status", lambda: STATUSES),
        ("funding_source", "applied_on"): _past_date("An application"),
        ("funding_source", "decision_expected"): _date("The decision date"),
        ("funding_source", "expected_on"): _date("The date the money is expected"),
        ("funding_source", "received_on"): _past_date("Money received"),
        ("funding_source", "likelihood"): _percent("likelihood"),
        ("funding_source", "match_percent"): _percent("match funding percentage"),
        ("funding_source", "min_lease_years"): _count("minimum lease in years"),
        ("funding_source", "incorporation_required"): _flag,
        ("funding_source", "condition_deadline"): _date("The conditions' deadline"),
        ("share_offer", "society_type"): _society_type,
        **{("share_offer", f): _money(f.replace("_", " ")) for f in _OFFER_MONEY},
        ("share_offer", "scale_floor"): _money("scale-back floor"),
        ("share_offer", "opens_on"): _date("The opening date"),
        ("share_offer", "closes_on"): _date("The closing date"),
        ("share_offer", "interest_rate"): _percent("interest rate"),
        ("share_application", "name"): _text("applicant's name", required=True, limit=200),
        ("share_application", "postcode"): _postcode,
        ("share_application", "email"): _email,
        ("share_application", "amount_applied"): _money("amount applied for", required=True),
        ("share_application", "applied_on"): _past_date("An application"),
        ("share_application", "amount_paid"): _money("amount paid", zero=True),
        ("share_application", "paid_on"): _past_date("A payment"),
        ("share_application", "amount_refunded"): _money("amount refunded", zero=True),
        ("share_application", "refunded_on"): _past_date("A refund"),
        ("fund", "key"): _fund_key,
        ("fund", "name"): _text("fund's name", required=True, limit=200),
        ("fund", "funder"): _text("funder", limit=200),
        ("fund", "kind"): _choice("kind of funding", lambda: SOURCE_KINDS),
        ("fund", "status"): _choice("fund status", lambda: FUND_STATUSES),
        ("fund", "award_min"): _money("smallest award"),
        ("fund", "award_max"): _money("largest award"),
        ("fund", "match_percent"): _percent("match funding percentage"),
        ("fund", "min_lease_years"): _count("minimum lease in years"),
        ("fund", "incorporation_required"): _flag,
        ("fund", "asset_lock_required"): _flag,
        ("fund", "checked_on"): _past_date("The date checked"),
        ("fund", "hidden"): _flag,
    }
)


# The business plan (cattool.core.money.business_plan): its settings, income streams,
# running costs, risk register and impact measures. Cross-field rules: money/rules.py.


def _growth(value: Any) -> Any:
    """A yearly growth from -100 to +100 %; blank is no growth."""
    growth = parse_growth(value, "yearly growth")
    return ZERO if growth is None else growth


def _whole(
    name: str, low: int, high: int, *, default: int | None = None, required: bool = False
) -> Callable[[Any], Any]:
    """A whole number from `low` to `high`; blank gives `default` (or is refused)."""

    def check(value: Any) -> Any:
        if value is None or (isinstance(value, str) and not value.strip()):
            if required and default is None:
                raise InputError(f"Enter the {name} ({low} to {high}).")
            return default
        if isinstance(value, bool | float):
            raise InputError(f"The {name} must be a whole number from {low} to {high}.")
        try:
            number = int(str(value).strip())
        except ValueError:
            raise InputError(
                f"The {name} must be a whole number from {low} to {high}, not {value!r}."
            ) from None
        if not low <= number <= high:
            raise InputError(f"The {name} must be from {low} to {high}, not {number}.")
        return number

    return check


EDITABLE.update(
    {
        "business_plan": Editable(BusinessPlan, _columns(BusinessPlan), lambda r: r.case_id),
        "income_stream": Editable(IncomeStream, _columns(IncomeStream), lambda r: r.case_id),
        "running_cost": Editable(RunningCost, _columns(RunningCost), lambda r: r.case_id),
        "risk": Editable(Risk, _columns(Risk), lambda r: r.case_id),
        "impact_measure": Editable(ImpactMeasure, _columns(ImpactMeasure), lambda r: r.case_id),
    }
)


def _line_checks(entity: str, categories: Mapping[str, str]) -> dict:
    return {
        (entity, "category"): _choice("category", lambda: categories),
        (entity, "label"): _text("label", limit=200),
        (entity, "amount"): _money("amount in its first year", required=True),
        (entity, "growth"): _growth,
        (entity, "start_year"): _whole("start year", 1, YEARS, default=1),
        (entity, "end_year"): _whole("last year", 1, YEARS),
    }


_CHECKS.update(
    {
        ("business_plan", "opening_cash"): _money("opening cash"),
        ("business_plan", "starts_on"): _date("The plan's start date"),
        ("business_plan", "loan_amount"): _money("loan amount"),
        ("business_plan", "loan_rate"): _percent("loan's interest rate"),
        ("business_plan", "loan_years"): _whole("loan's length in years", 1, 50),
        **_line_checks("income_stream", INCOME_CATEGORIES),
        **_line_checks("running_cost", COST_CATEGORIES),
        ("risk", "title"): _text("risk", required=True, limit=200),
        ("risk", "category"): _choice("kind of risk", lambda: RISK_CATEGORIES),
        ("risk", "likelihood"): _whole("likelihood", 1, 5, required=True),
        ("risk", "impact"): _whole("impact", 1, 5, required=True),
        ("risk", "owner"): _text("owner", limit=200),
        ("risk", "review_on"): _date("The review date"),
        ("risk", "prefill_key"): _text("pre-filled risk's key", limit=40),
        ("impact_measure", "measure"): _text("measure", required=True, limit=200),
        ("impact_measure", "baseline"): _text("baseline", limit=200),
        ("impact_measure", "target"): _text("target", limit=200),
    }
)


# Leases and Community Asset Transfer (cattool.core.lease): fields and rules in lease/fields.py.
EDITABLE.update(
    {
        key: Editable(model, names, case_of)
        for key, (model, names, case_of) in lease_fields.RECORDS.items()
    }
)
_CHECKS.update(lease_fields.CHECKS)
