"""The funding plan: what is needed, what is in the pipeline by status, and the gap.

Pure functions over PlanFacts and SourceFacts.

Need. The costs are the price (the agreed purchase price, else the valuation), fees,
stamp duty, refurbishment, contingency and working capital; a blank line counts as
nothing and is listed as missing. The *target* is the sum of the costs unless the group
sets its own; the *minimum* (enough to complete the purchase) is the price plus fees
and stamp duty unless set; the *maximum* is the target unless set.

Position. Money counts as *secured* when awarded and as *received* once in the bank;
the gap is target − (secured + received), never below zero: when there is more than
enough, the surplus is reported instead.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from cattool.core.money.facts import PlanFacts, SourceFacts
from cattool.core.money.format import ZERO
from cattool.core.money.format import format_money as money
from cattool.core.money.vocabulary import (
    APPLIED,
    AWARDED,
    DECLINED,
    IDEA,
    PLEDGED,
    RECEIVED,
    SOURCE_KINDS,
    STATUSES,
)

COST_LINES: tuple[tuple[str, str], ...] = (
    ("price", "Purchase price (or valuation)"),
    ("fees", "Legal, survey and other fees"),
    ("stamp_duty", "Stamp duty land tax"),
    ("refurbishment", "Refurbishment and repairs"),
    ("contingency", "Contingency"),
    ("working_capital", "Working capital"),
)
ACQUISITION_LINES = ("price", "fees", "stamp_duty")


@dataclass(frozen=True, slots=True)
class CostLine:
    key: str
    label: str
    amount: Decimal | None  # None: not entered yet


@dataclass(frozen=True, slots=True)
class Need:
    minimum: Decimal
    target: Decimal
    maximum: Decimal
    total_costs: Decimal
    target_is_sum: bool  # the target is the sum of the costs (not set by the group)
    missing: tuple[str, ...] = ()  # labels of cost lines not yet entered


@dataclass(frozen=True, slots=True)
class FundingPosition:
    need: Need
    totals: dict[str, Decimal]  # by status, every status present
    secured: Decimal  # awarded, not yet received
    received: Decimal
    pledged: Decimal
    applied: Decimal
    ideas: Decimal
    declined: Decimal
    gap: Decimal  # target − (secured + received), never negative
    surplus: Decimal  # (secured + received) − target, never negative
    minimum_met: bool  # secured + received reach the minimum

    @property
    def in_hand_or_secured(self) -> Decimal:
        return self.secured + self.received


def price(plan: PlanFacts) -> Decimal | None:
    """The agreed purchase price, else the valuation, else None."""
    return plan.purchase_price if plan.purchase_price is not None else plan.valuation


def cost_lines(plan: PlanFacts) -> list[CostLine]:
    values = {
        "price": price(plan),
        "fees": plan.fees,
        "stamp_duty": plan.stamp_duty,
        "refurbishment": plan.refurbishment,
        "contingency": plan.contingency,
        "working_capital": plan.working_capital,
    }
    return [CostLine(key, label, values[key]) for key, label in COST_LINES]


def total_costs(plan: PlanFacts) -> Decimal:
    return sum((line.amount or ZERO for line in cost_lines(plan)), ZERO)


def acquisition_cost(plan: PlanFacts) -> Decimal:
    return sum(
        (line.amount or ZERO for line in cost_lines(plan) if line.key in ACQUISITION_LINES), ZERO
    )


def need(plan: PlanFacts) -> Need:
    """Minimum, target and maximum need, with the defaults described above."""
    total = total_costs(plan)
    target = plan.target_need if plan.target_need is not None else total
    if plan.minimum_need is not None:
        minimum = plan.minimum_need
    else:
        minimum = min(acquisition_cost(plan), target)
    maximum = plan.maximum_need if plan.maximum_need is not None else max(target, minimum)
    missing = tuple(line.label for line in cost_lines(plan) if line.amount is None)
    return Need(minimum, target, maximum, total, plan.target_need is None, missing)


def need_problems(plan: PlanFacts) -> list[str]:
    """What is inconsistent about the needs the group set (empty when all is well)."""
    found = need(plan)
    problems = []
    if found.minimum > found.target:
        problems.append(
            f"The minimum need ({money(found.minimum)}) is more than the target "
            f"({money(found.target)})."
        )
    if found.target > found.maximum:
        problems.append(
            f"The target ({money(found.target)}) is more than the maximum need "
            f"({money(found.maximum)})."
        )
    return problems


def totals_by_status(sources: Iterable[SourceFacts]) -> dict[str, Decimal]:
    """The sum of amounts for every status (zero where there are none)."""
    totals = dict.fromkeys(STATUSES, ZERO)
    for source in sources:
        totals[source.status] = totals.get(source.status, ZERO) + source.amount
    return totals


def totals_by_kind(sources: Iterable[SourceFacts]) -> dict[str, Decimal]:
    """The sum of amounts for every kind of source, leaving out declined ones."""
    totals = dict.fromkeys(SOURCE_KINDS, ZERO)
    for source in sources:
        if source.status != DECLINED:
            totals[source.kind] = totals.get(source.kind, ZERO) + source.amount
    return totals


def position(plan: PlanFacts, sources: Iterable[SourceFacts]) -> FundingPosition:
    found = need(plan)
    totals = totals_by_status(sources)
    counted = totals[AWARDED] + totals[RECEIVED]
    return FundingPosition(
        need=found,
        totals=totals,
        secured=totals[AWARDED],
        received=totals[RECEIVED],
        pledged=totals[PLEDGED],
        applied=totals[APPLIED],
        ideas=totals[IDEA],
        declined=totals[DECLINED],
        gap=max(found.target - counted, ZERO),
        surplus=max(counted - found.target, ZERO),
        minimum_met=counted >= found.minimum,
    )
