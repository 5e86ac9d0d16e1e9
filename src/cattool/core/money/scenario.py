"""What if…: apply edits to copies of the facts and project again; nothing is saved.

Edits: move a source's expected date, drop a source, change its status or amount,
change the price. `apply_scenario` returns new PlanFacts and SourceFacts (the inputs are
frozen and left as they were); `what_if` projects the result.

Changing the price moves the total costs by the difference. Any minimum, target or
maximum need the group set by hand moves by the same difference (never below zero), so
"what if they ask £20,000 more?" raises every need by £20,000.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal

from cattool.core.dates import format_date_long
from cattool.core.errors import InputError
from cattool.core.money.facts import PlanFacts, SourceFacts
from cattool.core.money.format import ZERO
from cattool.core.money.plan import price
from cattool.core.money.projection import Projection, project
from cattool.core.money.vocabulary import RECEIVED, STATUSES


@dataclass(frozen=True, slots=True)
class MoveSource:
    """The money is expected on another date."""

    source_id: int
    expected_on: dt.date


@dataclass(frozen=True, slots=True)
class DropSource:
    """Leave a source out altogether."""

    source_id: int


@dataclass(frozen=True, slots=True)
class ChangeStatus:
    """E.g. what if the application is awarded, or declined? A source made 'received'
    arrives on its expected date."""

    source_id: int
    status: str


@dataclass(frozen=True, slots=True)
class ChangeAmount:
    source_id: int
    amount: Decimal


@dataclass(frozen=True, slots=True)
class ChangePrice:
    price: Decimal


Edit = MoveSource | DropSource | ChangeStatus | ChangeAmount | ChangePrice


def _shift(value: Decimal | None, delta: Decimal) -> Decimal | None:
    return None if value is None else max(value + delta, ZERO)


def _source(sources: dict[int, SourceFacts], source_id: int) -> SourceFacts:
    if source_id not in sources:
        raise InputError(f"There is no source {source_id} in this plan.")
    return sources[source_id]


def apply_scenario(
    plan: PlanFacts, sources: Iterable[SourceFacts], edits: Sequence[Edit]
) -> tuple[PlanFacts, tuple[SourceFacts, ...]]:
    """New copies of the facts with `edits` applied in order; the inputs are untouched."""
    by_id = {source.id: source for source in sources}
    for edit in edits:
        if isinstance(edit, ChangePrice):
            if edit.price < 0:
                raise InputError("A price cannot be negative.")
            delta = edit.price - (price(plan) or ZERO)
            plan = replace(
                plan,
                purchase_price=edit.price,
                minimum_need=_shift(plan.minimum_need, delta),
                target_need=_shift(plan.target_need, delta),
                maximum_need=_shift(plan.maximum_need, delta),
            )
            continue
        source = _source(by_id, edit.source_id)
        if isinstance(edit, DropSource):
            del by_id[source.id]
        elif isinstance(edit, MoveSource):
            if source.status == RECEIVED:
                when = format_date_long(source.received_on) if source.received_on else "already"
                raise InputError(f"{source.label} was received ({when}): it cannot move.")
            by_id[source.id] = replace(source, expected_on=edit.expected_on)
        elif isinstance(edit, ChangeStatus):
            if edit.status not in STATUSES:
                raise InputError(f"Unknown status {edit.status!r}.")
            received_on = source.received_on
            if edit.status == RECEIVED and received_on is None:
                received_on = source.expected_on
            by_id[source.id] = replace(source, status=edit.status, received_on=received_on)
        elif isinstance(edit, ChangeAmount):
            if edit.amount < 0:
                raise InputError("An amount cannot be negative.")
            by_id[source.id] = replace(source, amount=edit.amount)
        else:  # pragma: no cover - the Edit union is closed
            raise TypeError(f"Unknown edit {edit!r}")
    return plan, tuple(by_id.values())


def what_if(
    plan: PlanFacts,
    sources: Iterable[SourceFacts],
    edits: Sequence[Edit],
    on: dt.date,
    today: dt.date,
) -> Projection:
    """The projection on `on` as it would be after `edits` (nothing is saved)."""
    new_plan, new_sources = apply_scenario(plan, sources, edits)
    return project(new_plan, new_sources, on, today)
