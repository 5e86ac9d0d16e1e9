"""A case's money as the documents see it: read once through the money core's queries.

The figures are the core's (cattool.core.money): the funding position, the projection at
the moratorium's end with its plain sentence, the burn-up series, the business plan's
forecast and the share offer's totals and outcome. Documents only lay them out; they
never add up money themselves. No personal data: the share offer comes as totals only.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy.orm import Session

from cattool.core.model import Case
from cattool.core.money.business_plan import BusinessPlanReport
from cattool.core.money.facts import PlanFacts, SourceFacts
from cattool.core.money.forecast import TARGET
from cattool.core.money.plan import FundingPosition, position
from cattool.core.money.plan_queries import business_plan_report
from cattool.core.money.projection import BurnUpPoint, Projection, arrives_on, burn_up, project
from cattool.core.money.queries import (
    MoneySummary,
    OfferSummary,
    funding_facts,
    money_summary,
    offer_summary,
)

#: How far past the deadline the burn-up chart looks, to show money that comes too late.
CHART_BEYOND_DEADLINE = dt.timedelta(days=120)
#: The business plan's forecast basis in documents: as though fully funded, the way a
#: funder reads a plan (the Funding plan section says how much is secured today).
PLAN_BASIS = TARGET


@dataclass(frozen=True)
class MoneyFacts:
    """Everything the money documents say, computed by the core as of `today`."""

    plan: PlanFacts
    sources: tuple[SourceFacts, ...]
    position: FundingPosition
    summary: MoneySummary  # the projection at the moratorium's end and its sentence
    projection: Projection  # each source's part on the summary's date
    burn_up: tuple[BurnUpPoint, ...]
    report: BusinessPlanReport  # on PLAN_BASIS
    offer: OfferSummary | None
    has_plan: bool  # the business plan's settings, income or costs have been entered

    @property
    def has_funding_plan(self) -> bool:
        return self.position.need.total_costs > 0 or self.plan.target_need is not None

    @property
    def has_business_plan(self) -> bool:
        return bool(self.report.income) and bool(self.report.costs)


def _chart_end(summary: MoneySummary, sources: tuple[SourceFacts, ...]) -> dt.date:
    """The deadline, or later when money is expected after it (up to a limit)."""
    end = summary.on
    later = [
        day
        for s in sources
        if (day := arrives_on(s)) is not None and day != dt.date.min and day > end
    ]
    if later:
        end = min(max(later), summary.on + CHART_BEYOND_DEADLINE)
    return end


def load_money_facts(session: Session, case: Case, today: dt.date) -> MoneyFacts:
    """The case's money, through the core's queries (a case with none gives empty facts)."""
    plan, sources = funding_facts(session, case)
    summary = money_summary(session, case.id, today)
    start = min(today, summary.on)
    points = burn_up(plan, sources, start, _chart_end(summary, sources))
    offer = offer_summary(session, case.id, today) if case.share_offer is not None else None
    report = business_plan_report(session, case.id, today, PLAN_BASIS)
    return MoneyFacts(
        plan=plan,
        sources=sources,
        position=position(plan, sources),
        summary=summary,
        projection=project(plan, sources, summary.on, today),
        burn_up=tuple(points),
        report=report,
        offer=offer,
        has_plan=case.business_plan is not None or bool(report.income or report.costs),
    )
