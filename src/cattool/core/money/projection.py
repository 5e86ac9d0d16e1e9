"""Fundraising against the deadline: how much money the group is likely to have on a date.

The rule (pure, over PlanFacts and SourceFacts):

* Each source counts from the day its money arrives: a received source from its
  received date, any other from its expected date (`expected_on`).
* On that day and after it counts amount × likelihood, rounded to the penny: received
  money 100 %, declined money 0 %, every other status the case's likelihood for that
  status (FundingPlan, else the default in vocabulary.py), unless the source has its own.
* A source that is neither received nor declined and has no expected date is not
  counted on any date; it is listed (`undated`) so the group can date it.
* The projection on a date is the sum over sources counted by then; it can only grow
  as the date moves later.

"Secured" on a date is the plain sum, at 100 %, of money received by then and awarded
money expected by then: the solid line of the burn-up chart under the projected one.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from cattool.core.dates import format_date_long
from cattool.core.money.facts import Likelihoods, PlanFacts, SourceFacts
from cattool.core.money.format import HUNDRED, PENNY, ZERO, format_money, to_pounds
from cattool.core.money.plan import need
from cattool.core.money.vocabulary import AWARDED, DECLINED, FIXED_LIKELIHOOD, RECEIVED

ONE_DAY = dt.timedelta(days=1)


@dataclass(frozen=True, slots=True)
class Contribution:
    """What one source adds to a projection, and from when."""

    source_id: int
    label: str
    status: str
    amount: Decimal
    likelihood: Decimal  # percent
    counted: Decimal  # amount × likelihood, to the penny
    arrives_on: dt.date | None  # None: no expected date (not counted)
    in_time: bool  # arrives on or before the projection date


@dataclass(frozen=True, slots=True)
class Projection:
    on: dt.date
    need: Decimal  # the target
    minimum: Decimal
    projected: Decimal  # likely money available on `on`
    secured: Decimal  # received by `on` + awarded and expected by `on`, at 100 %
    received: Decimal  # received by `on`
    short: Decimal  # need − projected, never negative
    spare: Decimal  # projected − need, never negative
    later: Decimal  # likely money expected only after `on`
    undated: Decimal  # open money with no expected date (not counted)
    sentence: str
    contributions: tuple[Contribution, ...]
    warnings: tuple[str, ...] = ()

    @property
    def enough(self) -> bool:
        return self.need > 0 and self.projected >= self.need

    @property
    def covers_minimum(self) -> bool:
        return self.projected >= self.minimum


@dataclass(frozen=True, slots=True)
class BurnUpPoint:
    date: dt.date
    secured: Decimal
    projected: Decimal


def likelihood(source: SourceFacts, likelihoods: Likelihoods) -> Decimal:
    """The percent of this source to count: fixed for received/declined, else its own
    likelihood if set, else the status's."""
    if source.status in FIXED_LIKELIHOOD:
        return FIXED_LIKELIHOOD[source.status]
    if source.likelihood is not None:
        return source.likelihood
    return likelihoods.of(source.status)


def arrives_on(source: SourceFacts) -> dt.date | None:
    """When the money arrives: received date, else expected date; None if never/unknown.

    Received money with no date recorded counts from any date (dt.date.min).
    """
    if source.status == DECLINED:
        return None
    if source.status == RECEIVED:
        return source.received_on or dt.date.min
    return source.expected_on


def expected_value(source: SourceFacts, likelihoods: Likelihoods) -> Decimal:
    value = source.amount * likelihood(source, likelihoods) / HUNDRED
    return value.quantize(PENNY, rounding=ROUND_HALF_UP)


def projected_on(sources: Iterable[SourceFacts], likelihoods: Likelihoods, on: dt.date) -> Decimal:
    """The likely money available on `on` (see the module's rule)."""
    total = ZERO
    for source in sources:
        arrival = arrives_on(source)
        if arrival is not None and arrival <= on:
            total += expected_value(source, likelihoods)
    return total


def secured_on(sources: Iterable[SourceFacts], on: dt.date) -> Decimal:
    """Received by `on` plus awarded money expected by `on`, in full."""
    total = ZERO
    for source in sources:
        arrival = arrives_on(source)
        if source.status in (RECEIVED, AWARDED) and arrival is not None and arrival <= on:
            total += source.amount
    return total


def projection_sentence(on: dt.date, have: Decimal, needed: Decimal) -> str:
    """'On 1 September 2026 you are likely to have £182,000 of £240,000: £58,000 short.'

    Figures are rounded to whole pounds first, so the sentence's sums add up.
    """
    when = f"On {format_date_long(on)}"
    if needed <= 0:
        if have > 0:
            return (
                f"{when} you are likely to have {format_money(to_pounds(have))}, "
                "but no funding need is recorded yet: enter the price and the other costs."
            )
        return "No funding need is recorded yet: enter the price and the other costs."
    have_p, need_p = to_pounds(have), to_pounds(needed)
    start = f"{when} you are likely to have {format_money(have_p)} of {format_money(need_p)}"
    if have_p < need_p:
        return f"{start}: {format_money(need_p - have_p)} short."
    if have_p == need_p:
        return f"{start}: just enough."
    return f"{start}: enough, with {format_money(have_p - need_p)} to spare."


def project(
    plan: PlanFacts, sources: Sequence[SourceFacts], on: dt.date, today: dt.date
) -> Projection:
    """The projection on `on` with its sentence, each source's part and warnings."""
    likelihoods = plan.likelihoods
    found = need(plan)
    contributions = []
    later = undated = ZERO
    undated_count = 0
    warnings = []
    for source in sources:
        arrival = arrives_on(source)
        counted = expected_value(source, likelihoods)
        in_time = arrival is not None and arrival <= on
        contributions.append(
            Contribution(
                source.id,
                source.label,
                source.status,
                source.amount,
                likelihood(source, likelihoods),
                counted,
                None if arrival == dt.date.min else arrival,
                in_time,
            )
        )
        if source.status in (RECEIVED, DECLINED):
            continue
        if arrival is None:
            undated += counted
            undated_count += 1
        elif arrival > on:
            later += counted
        if arrival is not None and arrival < today:
            warnings.append(
                f"{source.label} ({format_money(source.amount)}) was expected on "
                f"{format_date_long(arrival)} and is not marked received."
            )
        if source.condition_deadline and source.condition_deadline < on:
            warnings.append(
                f"{source.label}: its conditions must be met by "
                f"{format_date_long(source.condition_deadline)}."
            )
    if undated_count:
        warnings.append(
            f"{undated_count} source{'s' if undated_count != 1 else ''} with no expected date "
            f"({format_money(undated)} likely) {'are' if undated_count != 1 else 'is'} not "
            "counted: add when the money is expected."
        )
    projected = sum((c.counted for c in contributions if c.in_time), ZERO)
    return Projection(
        on=on,
        need=found.target,
        minimum=found.minimum,
        projected=projected,
        secured=secured_on(sources, on),
        received=sum(
            (s.amount for s in sources if s.status == RECEIVED and (s.received_on or on) <= on),
            ZERO,
        ),
        short=max(found.target - projected, ZERO),
        spare=max(projected - found.target, ZERO) if found.target > 0 else ZERO,
        later=later,
        undated=undated,
        sentence=projection_sentence(on, projected, found.target),
        contributions=tuple(contributions),
        warnings=tuple(warnings),
    )


def burn_up(
    plan: PlanFacts, sources: Sequence[SourceFacts], start: dt.date, end: dt.date
) -> list[BurnUpPoint]:
    """Secured and projected money from `start` to `end`, for a chart.

    A point at `start`, at `end`, and on each day money arrives in between, plus the
    day before it (so a chart joining the points with straight lines draws steps).
    """
    if end < start:
        end = start
    days = {start, end}
    for source in sources:
        arrival = arrives_on(source)
        if arrival is not None and start < arrival <= end:
            days.add(arrival)
            if arrival - ONE_DAY > start:
                days.add(arrival - ONE_DAY)
    likelihoods = plan.likelihoods
    return [
        BurnUpPoint(day, secured_on(sources, day), projected_on(sources, likelihoods, day))
        for day in sorted(days)
    ]
