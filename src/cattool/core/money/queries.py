"""The money read side: a case's funding position and projection, its share offer, the
funder catalogue and fund checks, as plain dataclasses (for the Money page,
`cattool money CASE --json` and documents).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field, replace
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from cattool.core.dates import format_date_long
from cattool.core.errors import InputError, NotFoundError
from cattool.core.model import Case, Fund, FundingSource, MoneySetting
from cattool.core.money.facts import (
    PlanFacts,
    SourceFacts,
    plan_facts,
    sources_facts,
)
from cattool.core.money.format import ZERO
from cattool.core.money.funders import (
    CaseMoneyFacts,
    FundCheck,
    bundled_funds,
    check_fund,
    merge_funds,
)
from cattool.core.money.funders import Fund as FundFacts
from cattool.core.money.plan import Need, position
from cattool.core.money.projection import BurnUpPoint, arrives_on, burn_up, project
from cattool.core.money.share_offer import (
    DEFAULT_HOLDING_CAP,
    HOLDING_CAP_KEY,
    HoldingCap,
    OfferCheck,
    OfferOutcome,
    OfferTerms,
    RegisterTotals,
    application_facts,
    check_application,
    check_terms,
    offer_terms,
    outcome,
    register_totals,
)
from cattool.core.money.vocabulary import DECLINED, PLEDGED, RECEIVED
from cattool.core.queries import case_deadlines, find_case
from cattool.core.rules.engine import Deadline

MORATORIUM_END = "full-moratorium-ends"


def funding_facts(session: Session, case: Case) -> tuple[PlanFacts, tuple[SourceFacts, ...]]:
    """The case's plan and sources as frozen facts (for projections and what-ifs)."""
    rows = session.scalars(
        select(FundingSource).where(FundingSource.case_id == case.id).order_by(FundingSource.id)
    )
    return plan_facts(case.funding_plan), sources_facts(rows)


def moratorium_end(session: Session, case: Case, today: dt.date) -> Deadline | None:
    """The deadline by which the money is needed (the full moratorium's end), if dated."""
    for deadline in case_deadlines(session, case, today):
        if deadline.key == MORATORIUM_END and deadline.date is not None:
            return deadline
    return None


def _json(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _json(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_json(v) for v in value]
    return value


@dataclass(frozen=True)
class MoneySummary:
    """Need, totals, gap and the projection on one date, for a page, the CLI or a document.

    `to_json` writes money as strings of pounds and pence ("182000.00"), so no figure
    passes through a float.
    """

    case_id: int
    case_name: str
    reference: str | None
    need: Need
    totals: dict[str, Decimal]  # by status
    secured: Decimal  # awarded
    pledged: Decimal
    received: Decimal
    gap: Decimal  # target − (secured + received), never negative
    surplus: Decimal
    on: dt.date  # the projection date
    on_reason: str  # moratorium-end, chosen, last-expected, today
    projected: Decimal
    short: Decimal
    spare: Decimal
    sentence: str
    deadline_key: str | None
    deadline_label: str | None
    deadline_date: dt.date | None
    deadline_provisional: bool
    likelihoods: dict[str, Decimal]
    warnings: tuple[str, ...] = field(default=())

    def to_json(self) -> dict[str, Any]:
        return _json(asdict(self))


def _projection_date(
    sources: tuple[SourceFacts, ...], deadline: Deadline | None, on: dt.date | None, today: dt.date
) -> tuple[dt.date, str]:
    if on is not None:
        return on, "chosen"
    if deadline is not None and deadline.date is not None:
        return deadline.date, "moratorium-end"
    dates = [
        d
        for s in sources
        if s.status not in (DECLINED,) and (d := arrives_on(s)) is not None and d != dt.date.min
    ]
    latest = max(dates, default=None)
    if latest is not None and latest > today:
        return latest, "last-expected"
    return today, "today"


def money_summary(
    session: Session, ref: str | int, today: dt.date, on: dt.date | None = None
) -> MoneySummary:
    """Where the case's money stands, and the projection at the moratorium's end (or `on`)."""
    case = find_case(session, ref)
    plan, sources = funding_facts(session, case)
    place = position(plan, sources)
    deadline = moratorium_end(session, case, today)
    when, reason = _projection_date(sources, deadline, on, today)
    projection = project(plan, sources, when, today)
    warnings = list(projection.warnings)
    if reason == "last-expected":
        warnings.insert(
            0, "No moratorium is running: the projection is to the last expected payment."
        )
    elif reason == "today":
        warnings.insert(0, "No moratorium is running and no money is expected: shown for today.")
    if reason == "moratorium-end" and when < today:
        warnings.insert(0, f"The moratorium ended on {format_date_long(when)}.")
    if deadline is not None and deadline.provisional:
        warnings.insert(0, f"The deadline ({deadline.label}) is provisional: check it.")
    if place.need.missing and place.need.target_is_sum:
        warnings.append("Costs not entered yet: " + ", ".join(place.need.missing) + ".")
    return MoneySummary(
        case_id=case.id,
        case_name=case.name,
        reference=case.reference,
        need=place.need,
        totals=place.totals,
        secured=place.secured,
        pledged=place.totals[PLEDGED],
        received=place.totals[RECEIVED],
        gap=place.gap,
        surplus=place.surplus,
        on=when,
        on_reason=reason,
        projected=projection.projected,
        short=projection.short,
        spare=projection.spare,
        sentence=projection.sentence,
        deadline_key=deadline.key if deadline else None,
        deadline_label=deadline.label if deadline else None,
        deadline_date=deadline.date if deadline else None,
        deadline_provisional=bool(deadline and deadline.provisional),
        likelihoods=plan.likelihoods.table(),
        warnings=tuple(warnings),
    )


def case_burn_up(
    session: Session, ref: str | int, today: dt.date, end: dt.date | None = None
) -> tuple[list[BurnUpPoint], Deadline | None]:
    """The burn-up series from today to the moratorium's end (or `end`), and the deadline
    to draw on the chart."""
    case = find_case(session, ref)
    plan, sources = funding_facts(session, case)
    deadline = moratorium_end(session, case, today)
    stop, _ = _projection_date(sources, deadline, end, today)
    return burn_up(plan, sources, today, stop), deadline


def holding_cap(session: Session) -> HoldingCap:
    """The cap on one member's shareholding: the user's setting, else the default."""
    setting = session.scalar(select(MoneySetting).where(MoneySetting.key == HOLDING_CAP_KEY))
    if setting is None:
        return DEFAULT_HOLDING_CAP
    return HoldingCap(Decimal(setting.value), setting.provisional, setting.source)


@dataclass(frozen=True)
class OfferSummary:
    terms: OfferTerms
    check: OfferCheck
    totals: RegisterTotals
    outcome: OfferOutcome
    cap: HoldingCap


def offer_summary(session: Session, ref: str | int, today: dt.date) -> OfferSummary:
    """The share offer's terms, checks (with the group's legal form), register totals and
    outcome. No personal data: join names from the register where they are needed."""
    case = find_case(session, ref)
    offer = case.share_offer
    if offer is None:
        raise NotFoundError(f"{case.name} has no share offer yet.")
    terms = offer_terms(offer)
    cap = holding_cap(session)
    legal_form = case.group.legal_form if case.group else None
    apps = [application_facts(a) for a in offer.applications]
    check = check_terms(terms, cap, legal_form or None)
    outside = sum(1 for a in apps if check_application(terms, a.amount_applied, cap))
    if outside:
        check = replace(
            check,
            warnings=(
                *check.warnings,
                f"{outside} application{'s are' if outside != 1 else ' is'} outside the "
                "offer's holding limits.",
            ),
        )
    return OfferSummary(terms, check, register_totals(apps), outcome(terms, apps, today), cap)


def fund_catalogue(session: Session, *, include_hidden: bool = False) -> list[FundFacts]:
    """The bundled catalogue merged with the user's entries."""
    rows = session.scalars(select(Fund)).all()
    return merge_funds(bundled_funds(), rows, include_hidden=include_hidden)


def find_fund(session: Session, key: str) -> FundFacts:
    for fund in fund_catalogue(session, include_hidden=True):
        if fund.key == key:
            return fund
    raise NotFoundError(f"There is no fund {key!r} in the catalogue.")


def case_money_facts(
    session: Session, case: Case, today: dt.date, *, excluding_fund: str = ""
) -> CaseMoneyFacts:
    """The case's facts a fund's conditions are checked against. Money already linked
    to `excluding_fund` does not count as match funding for that fund."""
    plan, sources = funding_facts(session, case)
    others = [s for s in sources if not (excluding_fund and s.fund_key == excluding_fund)]
    place = position(plan, others)
    group = case.group
    return CaseMoneyFacts(
        today=today,
        legal_form=group.legal_form if group else "",
        asset_lock=bool(group and group.asset_lock),
        tenure=plan.tenure,
        lease_years=plan.lease_years,
        need=place.need.target,
        other_money=place.secured + place.received,
        pledged=place.pledged,
    )


def check_case_against_fund(
    session: Session,
    ref: str | int,
    fund_key: str,
    today: dt.date,
    amount: Decimal | None = None,
) -> FundCheck:
    """Which of the fund's conditions the case meets, in plain words."""
    case = find_case(session, ref)
    fund = find_fund(session, fund_key)
    if amount is not None and amount < ZERO:
        raise InputError("An amount cannot be negative.")
    facts = case_money_facts(session, case, today, excluding_fund=fund.key)
    return check_fund(facts, fund, amount)
