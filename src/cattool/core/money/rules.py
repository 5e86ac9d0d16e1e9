"""Rules across a money record's fields, checked on the record as it would be saved.

`cattool.core.editing.check_whole` calls these (through WHOLE_CHECKS) for every write,
whether from a money service or a generic field edit (undo/redo), so a rule holds
however the record is changed. Each raises InputError with what to fix.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from cattool.core.dates import format_date_long
from cattool.core.errors import InputError
from cattool.core.money.facts import plan_facts
from cattool.core.money.format import ZERO, format_money
from cattool.core.money.funders import FUND_STATUSES
from cattool.core.money.plan import need_problems
from cattool.core.money.share_offer import check_application, check_terms, offer_terms
from cattool.core.money.vocabulary import DECLINED, RECEIVED


def _refuse(problems: list[str]) -> None:
    if problems:
        raise InputError(" ".join(problems))


def check_funding_plan(plan: Any) -> None:
    problems = need_problems(plan_facts(plan))
    if plan.tenure == "freehold" and plan.lease_years is not None:
        problems.append("A freehold has no lease length: clear the years or choose leasehold.")
    _refuse(problems)


def check_funding_source(source: Any) -> None:
    problems = []
    if source.status == RECEIVED and source.received_on is None:
        problems.append("Say when the money arrived (the date received).")
    if source.received_on is not None and source.status != RECEIVED:
        if source.status == DECLINED:
            problems.append("Declined money has no date received: clear the date.")
        else:
            problems.append(
                "Only money received has a date received: mark it received or clear the date."
            )
    applied = source.applied_on
    if applied is not None:
        for what, when in (
            ("A decision cannot be expected", source.decision_expected),
            ("Money cannot arrive", source.received_on),
        ):
            if when is not None and when < applied:
                problems.append(
                    f"{what} ({format_date_long(when)}) before the application was made "
                    f"({format_date_long(applied)})."
                )
    _refuse(problems)


def check_share_offer(offer: Any) -> None:
    _refuse(list(check_terms(offer_terms(offer)).errors))


def check_share_application(application: Any) -> None:
    problems = []
    applied, paid = application.amount_applied, application.amount_paid or ZERO
    refunded = application.amount_refunded or ZERO
    if paid > applied:
        problems.append(
            f"Paid ({format_money(paid)}) is more than applied for ({format_money(applied)})."
        )
    if refunded > paid:
        problems.append(
            f"Refunded ({format_money(refunded)}) is more than was paid ({format_money(paid)})."
        )
    if paid > 0 and application.paid_on is None:
        problems.append("Say when the money was paid.")
    if refunded > 0 and application.refunded_on is None:
        problems.append("Say when the refund was made.")
    if application.refunded_on is not None and refunded == 0:
        problems.append("A refund date needs the amount refunded.")
    offer = application.offer
    if offer is not None:
        problems += check_application(offer_terms(offer), applied)
        when = application.applied_on
        if when is not None and offer.opens_on is not None and when < offer.opens_on:
            problems.append(
                f"The application ({format_date_long(when)}) is dated before the offer opened "
                f"({format_date_long(offer.opens_on)})."
            )
        if when is not None and offer.closes_on is not None and when > offer.closes_on:
            problems.append(
                f"The application ({format_date_long(when)}) is dated after the offer closed "
                f"({format_date_long(offer.closes_on)})."
            )
    _refuse(problems)


def check_fund_row(fund: Any) -> None:
    problems = []
    low, high = fund.award_min, fund.award_max
    if low is not None and high is not None and low > high:
        problems.append(
            f"The smallest award ({format_money(low)}) is more than the largest "
            f"({format_money(high)})."
        )
    if fund.status not in FUND_STATUSES:
        problems.append(f"Unknown fund status {fund.status!r}.")
    _refuse(problems)


def guard_share_offer_delete(offer: Any) -> None:
    """Deleting an offer would delete its register, which undo cannot bring back."""
    count = len(offer.applications)
    if count:
        raise InputError(
            f"The offer has {count} application{'s' if count != 1 else ''} in its register: "
            "refund and delete them first."
        )


def check_plan_line(line: Any) -> None:
    """An income stream or running cost: its last year is not before its first."""
    start, end = line.start_year, line.end_year
    if end is not None and start is not None and end < start:
        _refuse([f"The last year ({end}) is before the start year ({start})."])


def check_business_plan(plan: Any) -> None:
    """A loan needs both its amount and its length; an interest rate needs a loan."""
    problems = []
    if plan.loan_amount and not plan.loan_years:
        problems.append("Say over how many years the loan is repaid.")
    if plan.loan_years and not plan.loan_amount:
        problems.append("Enter the loan's amount, or clear its length.")
    if plan.loan_rate and not plan.loan_amount:
        problems.append("An interest rate needs a loan amount and length.")
    _refuse(problems)


# Checked before a record is deleted through the editing registry.
DELETE_GUARDS: dict[str, Callable[[Any], None]] = {"share_offer": guard_share_offer_delete}

WHOLE_CHECKS: dict[str, Callable[[Any], None]] = {
    "funding_plan": check_funding_plan,
    "funding_source": check_funding_source,
    "share_offer": check_share_offer,
    "share_application": check_share_application,
    "fund": check_fund_row,
    "business_plan": check_business_plan,
    "income_stream": check_plan_line,
    "running_cost": check_plan_line,
}
