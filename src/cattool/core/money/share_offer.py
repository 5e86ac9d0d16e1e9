"""Community share offers: checks on the terms, the register's totals, and the outcome.

Checks follow DOMAIN.md §8: only a co-operative or community benefit society can issue
community shares (withdrawable, non-transferable; not FCA-regulated, so no FOS or
FSCS); minimum ≤ target ≤ maximum raise; minimum ≤ maximum holding; a holding cap set
by law (believed £100,000: unverified, so it is a setting, `HoldingCap`).

Outcome at the close date. Money is held until the minimum raise is reached:

* minimum not reached → every penny held is refunded;
* between the minimum and the maximum → everyone keeps what they paid;
* more than the maximum (oversubscribed) → applications are scaled back (`scale_back`)
  and the excess refunded.

How an oversubscribed offer is scaled back is in money/scaling.py.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from itertools import pairwise
from typing import Any

from cattool.core.dates import format_date_long
from cattool.core.money.format import ZERO, format_money
from cattool.core.money.scaling import scale_back
from cattool.core.money.vocabulary import SOCIETY_TYPES

HOLDING_CAP_KEY = "share-holding-cap"
# DOMAIN.md §8 suggests larger offers seek the Standard Mark; the threshold is ours.
STANDARD_MARK_HINT_FROM = Decimal("100000")


@dataclass(frozen=True, slots=True)
class HoldingCap:
    """The most one member may hold in withdrawable shares (a setting, not a constant)."""

    amount: Decimal
    provisional: bool
    source: str


DEFAULT_HOLDING_CAP = HoldingCap(
    Decimal("100000.00"),
    True,
    "Believed to be £100,000 per member for withdrawable shares (Co-operative and Community "
    "Benefit Societies Act 2014 s.24): unverified, check before relying on it.",
)


@dataclass(frozen=True, slots=True)
class OfferTerms:
    society_type: str = ""
    min_holding: Decimal | None = None
    max_holding: Decimal | None = None
    min_raise: Decimal | None = None
    target_raise: Decimal | None = None
    max_raise: Decimal | None = None
    scale_floor: Decimal | None = None
    opens_on: dt.date | None = None
    closes_on: dt.date | None = None
    interest_rate: Decimal | None = None  # percent a year the society aims to pay
    withdrawal_rules: str = ""

    @property
    def floor(self) -> Decimal:
        """Everyone keeps up to this much when scaling back."""
        if self.scale_floor is not None:
            return self.scale_floor
        return self.min_holding or ZERO


@dataclass(frozen=True, slots=True)
class ApplicationFacts:
    """One application's money (no personal data: the register joins names later)."""

    id: int
    amount_applied: Decimal
    amount_paid: Decimal = ZERO
    amount_refunded: Decimal = ZERO
    applied_on: dt.date | None = None
    paid_on: dt.date | None = None
    refunded_on: dt.date | None = None

    @property
    def held(self) -> Decimal:
        """Paid and not refunded: the money the society holds for this applicant."""
        return self.amount_paid - self.amount_refunded


OFFER_FIELDS = tuple(OfferTerms.__dataclass_fields__)


def offer_terms(row: Any | None) -> OfferTerms:
    if row is None:
        return OfferTerms()
    return OfferTerms(**{name: getattr(row, name) for name in OFFER_FIELDS})


def application_facts(row: Any) -> ApplicationFacts:
    return ApplicationFacts(
        id=row.id,
        amount_applied=row.amount_applied,
        amount_paid=row.amount_paid or ZERO,
        amount_refunded=row.amount_refunded or ZERO,
        applied_on=row.applied_on,
        paid_on=row.paid_on,
        refunded_on=row.refunded_on,
    )


@dataclass(frozen=True, slots=True)
class OfferCheck:
    errors: tuple[str, ...] = ()  # the offer cannot be saved like this
    warnings: tuple[str, ...] = ()  # it can, but someone should look

    @property
    def ok(self) -> bool:
        return not self.errors


def _ordered(pairs: Sequence[tuple[str, Decimal | None]]) -> list[str]:
    """'The minimum raise (£X) is more than the target raise (£Y).' for each pair out of
    order, comparing only the values that are set."""
    present = [(name, value) for name, value in pairs if value is not None]
    problems = []
    for (low_name, low), (high_name, high) in pairwise(present):
        if low > high:
            problems.append(
                f"The {low_name} ({format_money(low)}) is more than the {high_name} "
                f"({format_money(high)})."
            )
    return problems


def check_terms(
    terms: OfferTerms, cap: HoldingCap = DEFAULT_HOLDING_CAP, legal_form: str | None = None
) -> OfferCheck:
    """Errors (refused) and warnings (shown) about an offer's terms."""
    errors: list[str] = []
    warnings: list[str] = []
    if terms.society_type not in SOCIETY_TYPES:
        errors.append(
            "Community shares can only be issued by a co-operative society or a community "
            f"benefit society, not {terms.society_type or 'an unnamed society type'!r}."
        )
    errors += _ordered(
        [
            ("minimum raise", terms.min_raise),
            ("target raise", terms.target_raise),
            ("maximum raise", terms.max_raise),
        ]
    )
    errors += _ordered(
        [("minimum holding", terms.min_holding), ("maximum holding", terms.max_holding)]
    )
    if terms.opens_on and terms.closes_on and terms.closes_on < terms.opens_on:
        errors.append(
            f"The offer cannot close ({format_date_long(terms.closes_on)}) before it opens "
            f"({format_date_long(terms.opens_on)})."
        )
    if terms.max_holding is None:
        warnings.append(
            "Set a maximum holding: the society's rules cap what one member may hold "
            f"(the law's cap is believed to be {format_money(cap.amount)})."
        )
    elif terms.max_holding > cap.amount:
        if cap.provisional:
            warnings.append(
                f"The maximum holding ({format_money(terms.max_holding)}) is above the "
                f"{format_money(cap.amount)} cap believed to apply to one member's withdrawable "
                "shares (unverified: check with Co-operatives UK or a solicitor)."
            )
        else:
            warnings.append(
                f"The maximum holding ({format_money(terms.max_holding)}) is above the legal "
                f"cap of {format_money(cap.amount)} ({cap.source})."
            )
    if terms.min_raise is None:
        warnings.append(
            "Set a minimum raise: the money is held until it is reached and refunded if not."
        )
    if terms.max_raise is None:
        warnings.append("Set a maximum raise, so an oversubscribed offer can be scaled back.")
    low, high = terms.min_holding, terms.max_raise
    if low is not None and high is not None and low > high:
        errors.append("The minimum holding is more than the whole maximum raise.")
    floor, top = terms.scale_floor, terms.max_holding
    if floor is not None and top is not None and floor > top:
        warnings.append("The scale-back floor is above the maximum holding: it has no effect.")
    if terms.closes_on is None:
        warnings.append("Set a closing date: the outcome (refunds or scaling back) follows it.")
    biggest = terms.max_raise or terms.target_raise
    if biggest is not None and biggest >= STANDARD_MARK_HINT_FROM:
        warnings.append(
            "Larger offers usually seek the Community Shares Standard Mark (Co-operatives UK)."
        )
    if legal_form:
        if legal_form not in SOCIETY_TYPES:
            warnings.append(
                "The group is not recorded as a co-operative or community benefit society: it "
                "must register as one (or set one up) before it can offer community shares."
            )
        elif terms.society_type in SOCIETY_TYPES and legal_form != terms.society_type:
            warnings.append(
                f"The offer is for a {SOCIETY_TYPES[terms.society_type].lower()} but the group "
                f"is recorded as a {SOCIETY_TYPES[legal_form].lower()}."
            )
    return OfferCheck(tuple(errors), tuple(warnings))


def check_application(
    terms: OfferTerms, amount: Decimal, cap: HoldingCap = DEFAULT_HOLDING_CAP
) -> list[str]:
    """Why an application for `amount` breaks the offer's terms (empty when it does not)."""
    problems = []
    if terms.min_holding is not None and amount < terms.min_holding:
        problems.append(
            f"{format_money(amount)} is below the minimum holding of "
            f"{format_money(terms.min_holding)}."
        )
    if terms.max_holding is not None and amount > terms.max_holding:
        problems.append(
            f"{format_money(amount)} is above the maximum holding of "
            f"{format_money(terms.max_holding)}."
        )
    elif terms.max_holding is None and amount > cap.amount:
        problems.append(
            f"{format_money(amount)} is above the {format_money(cap.amount)} cap on one "
            "member's holding."
        )
    return problems


@dataclass(frozen=True, slots=True)
class RegisterTotals:
    applications: int
    applied: Decimal
    paid: Decimal
    refunded: Decimal
    held: Decimal  # paid − refunded
    unpaid: Decimal  # applied but not paid yet
    unpaid_applications: int


def register_totals(applications: Iterable[ApplicationFacts]) -> RegisterTotals:
    apps = list(applications)
    unpaid = [a for a in apps if a.amount_paid < a.amount_applied and a.amount_refunded == 0]
    return RegisterTotals(
        applications=len(apps),
        applied=sum((a.amount_applied for a in apps), ZERO),
        paid=sum((a.amount_paid for a in apps), ZERO),
        refunded=sum((a.amount_refunded for a in apps), ZERO),
        held=sum((a.held for a in apps), ZERO),
        unpaid=sum((a.amount_applied - a.amount_paid for a in unpaid), ZERO),
        unpaid_applications=len(unpaid),
    )


@dataclass(frozen=True, slots=True)
class Allocation:
    application_id: int
    held: Decimal
    allocated: Decimal
    refund: Decimal  # held − allocated


OFFER_STATES = {
    "not-open": "Not open yet",
    "open": "Open",
    "minimum-not-reached": "Closed: minimum not reached (refund everyone)",
    "succeeded": "Closed: raised",
    "oversubscribed": "Closed: oversubscribed (scale back)",
}


@dataclass(frozen=True, slots=True)
class OfferOutcome:
    state: str  # a key of OFFER_STATES
    held: Decimal
    allocated: Decimal
    refunds: Decimal
    allocations: tuple[Allocation, ...]
    sentence: str
    warnings: tuple[str, ...] = ()

    @property
    def refund_list(self) -> tuple[Allocation, ...]:
        """Who must be refunded, and how much."""
        return tuple(a for a in self.allocations if a.refund > 0)


def _order_key(app: ApplicationFacts) -> tuple[dt.date, int]:
    return (app.applied_on or app.paid_on or dt.date.max, app.id)


def outcome(
    terms: OfferTerms, applications: Iterable[ApplicationFacts], today: dt.date
) -> OfferOutcome:
    """Where the offer stands on `today` and, once closed, who keeps what."""
    apps = sorted((a for a in applications if a.held > 0), key=_order_key)
    held = sum((a.held for a in apps), ZERO)
    totals_note = []
    minimum, maximum = terms.min_raise or ZERO, terms.max_raise
    if terms.opens_on and today < terms.opens_on:
        sentence = f"The offer opens on {format_date_long(terms.opens_on)}."
        return OfferOutcome("not-open", held, ZERO, ZERO, (), sentence)
    if terms.closes_on is None or today <= terms.closes_on:
        until = f" until {format_date_long(terms.closes_on)}" if terms.closes_on else ""
        sentence = (
            f"The offer is open{until}: {format_money(held)} paid in"
            + (f" of the {format_money(minimum)} minimum" if minimum else "")
            + (f" (target {format_money(terms.target_raise)})" if terms.target_raise else "")
            + "."
        )
        if maximum is not None and held > maximum:
            totals_note.append(
                f"Already oversubscribed ({format_money(held)} for a maximum of "
                f"{format_money(maximum)}): applications will be scaled back at the close."
            )
        return OfferOutcome("open", held, ZERO, ZERO, (), sentence, tuple(totals_note))
    closed = format_date_long(terms.closes_on)
    if held < minimum:
        allocations = tuple(Allocation(a.id, a.held, ZERO, a.held) for a in apps)
        paying = [a for a in apps if a.held > 0]
        refund = (
            f"refund everyone ({format_money(held)} to {len(paying)} "
            f"applicant{'s' if len(paying) != 1 else ''})"
            if paying
            else "nothing was paid in, so there is nothing to refund"
        )
        sentence = (
            f"The offer closed on {closed} with {format_money(held)}, short of the "
            f"{format_money(minimum)} minimum: {refund}."
        )
        return OfferOutcome("minimum-not-reached", held, ZERO, held, allocations, sentence)
    if maximum is None or held <= maximum:
        allocations = tuple(Allocation(a.id, a.held, a.held, ZERO) for a in apps)
        sentence = f"The offer closed on {closed} having raised {format_money(held)}"
        sentence += f", above the {format_money(minimum)} minimum." if minimum else "."
        return OfferOutcome("succeeded", held, held, ZERO, allocations, sentence)
    scaled = scale_back([(a.id, a.held) for a in apps], maximum, terms.floor)
    allocations = tuple(Allocation(a.id, a.held, scaled[a.id], a.held - scaled[a.id]) for a in apps)
    allocated = sum((a.allocated for a in allocations), ZERO)
    refunds = held - allocated
    refunded = sum(1 for a in allocations if a.refund > 0)
    sentence = (
        f"The offer closed on {closed} oversubscribed: {format_money(held)} paid in for a "
        f"maximum of {format_money(maximum)}. Applications are scaled back to "
        f"{format_money(allocated)} and {format_money(refunds)} is refunded to {refunded} "
        f"applicant{'s' if refunded != 1 else ''}."
    )
    if terms.min_holding is not None:
        below = sum(1 for a in allocations if ZERO < a.allocated < terms.min_holding)
        if below:
            totals_note.append(
                f"{below} allocation{'s' if below != 1 else ''} fall below the minimum holding "
                f"of {format_money(terms.min_holding)}: the board must decide how to treat them."
            )
    return OfferOutcome(
        "oversubscribed", held, allocated, refunds, allocations, sentence, tuple(totals_note)
    )
