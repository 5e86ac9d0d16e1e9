"""The demo's money: the hall and the library carry a funding plan, sources in mixed
statuses around the moratorium's end, a share offer and register, and a business plan;
running the demo again adds nothing, and older demo databases get their money once."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import pytest
from sqlalchemy import func, select

from cattool.core.demo import add_demo_cases
from cattool.core.model import (
    Case,
    FundingSource,
    ImpactMeasure,
    IncomeStream,
    Risk,
    RunningCost,
    ShareApplication,
)
from cattool.core.money import queries as mq
from cattool.core.money.plan_queries import business_plan_report
from cattool.core.money.risks import PREFILL_KEYS
from cattool.core.store import Store, open_store

TODAY = dt.date(2026, 11, 23)
MONEY_CASES = ("DEMO-STRETFORD-HALL", "DEMO-HENDON-LIBRARY")
FIXTURE = Path(__file__).resolve().parents[2] / "fixtures" / "schema-0004.sqlite"
SENTENCE = re.compile(
    r"^On \d{1,2} \w+ \d{4} you are likely to have £[\d,]+ of £[\d,]+: £[\d,]+ short\.$"
)
MODELS = (FundingSource, ShareApplication, IncomeStream, RunningCost, Risk, ImpactMeasure)


def counts(session) -> dict[str, int]:  # type: ignore[no-untyped-def]
    return {m.__name__: session.scalar(select(func.count()).select_from(m)) for m in MODELS}


@pytest.mark.parametrize("reference", MONEY_CASES)
def test_demo_cases_carry_money(store: Store, reference: str) -> None:
    with store.transaction() as session:
        add_demo_cases(session, TODAY)
    with store.transaction() as session:
        summary = mq.money_summary(session, reference, TODAY)
        assert SENTENCE.match(summary.sentence), summary.sentence
        assert summary.on_reason == "moratorium-end"
        assert summary.deadline_date is not None and summary.deadline_date > TODAY
        assert summary.need.target > 200_000 and not summary.need.missing
        assert summary.secured > 0 and summary.pledged > 0 and summary.received > 0
        assert 0 < summary.projected < summary.need.target
        case = session.scalars(select(Case).where(Case.reference == reference)).one()
        sources = case.funding_sources
        assert 5 <= len(sources) <= 8
        assert {s.status for s in sources} >= {"idea", "applied", "pledged", "awarded", "received"}
        assert {s.kind for s in sources} >= {"grant", "community-shares", "donation", "council"}
        expected = [s.expected_on for s in sources if s.expected_on]
        assert min(expected) < summary.deadline_date < max(expected)  # around the end
        offer = mq.offer_summary(session, reference, TODAY)
        assert offer.check.ok and offer.outcome.state == "open"
        assert offer.totals.applications == 10 and 0 < offer.totals.paid < offer.totals.applied
        emails = [a.email for a in case.share_offer.applications if a.email]
        assert emails and all(e.endswith(("@example.org", "@example.com")) for e in emails)
        report = business_plan_report(session, reference, TODAY, basis="target")
        assert len(case.income_streams) >= 6 and len(case.running_costs) >= 7
        assert {r.prefill_key for r in case.risks} >= set(PREFILL_KEYS)
        assert all(r.owner and r.review_on for r in case.risks)
        assert 3 <= len(case.impact_measures) <= 4
        assert report.account.total_income > 0 and report.cash.years[0].closing > 0
        assert report.costs[-1].computed  # the loan's repayments from its terms
        assert report.sentence.startswith("Over 5 years the plan brings in £")


def test_the_demo_money_is_added_once(store: Store) -> None:
    with store.transaction() as session:
        add_demo_cases(session, TODAY)
        first = counts(session)
    with store.transaction() as session:
        assert add_demo_cases(session, TODAY) == []
        assert counts(session) == first
    assert first["FundingSource"] == 16 and first["ShareApplication"] == 20


@pytest.mark.sqlite_only
def test_demo_cases_from_an_older_version_get_their_money_once(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    shutil.copy(FIXTURE, path)  # the four demo cases, made before they had money
    store = open_store(str(path))
    try:
        with store.transaction() as session:
            assert counts(session)["FundingSource"] == 0
            assert add_demo_cases(session, TODAY) == []
            added = counts(session)
        assert added["FundingSource"] == 16 and added["Risk"] > 12
        with store.transaction() as session:
            assert add_demo_cases(session, TODAY) == []
            assert counts(session) == added
            summary = mq.money_summary(session, "DEMO-HENDON-LIBRARY", TODAY)
            assert SENTENCE.match(summary.sentence)
    finally:
        store.close()
