"""The risk register: likelihood × impact, a RAG band, and the risks DOMAIN.md §8 names.

Score. Likelihood and impact are each rated 1-5; the score is their product (1-25). The
band is green for a score up to 6, amber from 8 to 12 and red from 15 (no product of
two ratings falls between those). The register lists the highest scores first.

Pre-filled risks. `PREFILL_RISKS` are the risks the seed reports highlight for
community-owned buildings (DOMAIN.md §8), with starting ratings and mitigations the
group is expected to change: `plan_services.prefill_risks` adds each to a case once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from cattool.core.dates import format_date_long

RISK_CATEGORIES: dict[str, str] = {
    "financial": "Financial",
    "operational": "Operational",
    "people": "People and volunteers",
    "property": "Building and property",
    "external": "External (policy, schemes, markets)",
    "legal": "Legal and governance",
    "other": "Other",
}
LIKELIHOOD_WORDS: dict[int, str] = {
    1: "Rare",
    2: "Unlikely",
    3: "Possible",
    4: "Likely",
    5: "Almost certain",
}
IMPACT_WORDS: dict[int, str] = {
    1: "Negligible",
    2: "Minor",
    3: "Moderate",
    4: "Major",
    5: "Severe",
}
RED, AMBER, GREEN = "red", "amber", "green"
BAND_LABELS: dict[str, str] = {RED: "High", AMBER: "Medium", GREEN: "Low"}
RED_FROM = 15
AMBER_FROM = 8


def score(likelihood: int, impact: int) -> int:
    """Likelihood × impact, each 1-5."""
    for name, value in (("likelihood", likelihood), ("impact", impact)):
        if not 1 <= value <= 5:
            raise ValueError(f"{name} must be 1-5, not {value}")
    return likelihood * impact


def band(points: int) -> str:
    """RED from 15, AMBER from 8, else GREEN."""
    if points >= RED_FROM:
        return RED
    if points >= AMBER_FROM:
        return AMBER
    return GREEN


@dataclass(frozen=True, slots=True)
class PrefillRisk:
    key: str
    title: str
    category: str
    likelihood: int
    impact: int
    mitigation: str


PREFILL_RISKS: tuple[PrefillRisk, ...] = (
    PrefillRisk(
        "cost-shock",
        "Earned income squeezed by a rise in costs",
        "financial",
        3,
        4,
        "Keep at least three months' running costs in reserve; review prices every year; "
        "fix energy prices where possible; run the sensitivity scenarios before each "
        "budget.",
    ),
    PrefillRisk(
        "unfunded-running-costs",
        "Running costs that nobody funds",
        "financial",
        3,
        5,
        "Budget every running cost from earned income from year 1 and treat grants for "
        "running costs as extra, not the base (a Men's Shed closed over £20,000 a year of "
        "running costs nobody would pay).",
    ),
    PrefillRisk(
        "contracts-below-cost",
        "Contracts that do not cover their costs",
        "financial",
        3,
        3,
        "Price each service contract at full cost, with a share of overheads; review "
        "every contract before it is renewed and be ready to walk away.",
    ),
    PrefillRisk(
        "volunteer-burnout",
        "Volunteer burnout",
        "people",
        4,
        4,
        "Share out the roles; keep a rota and a succession plan for key posts; pay for "
        "the hardest roles once income allows; thank and train volunteers.",
    ),
    PrefillRisk(
        "scheme-ends",
        "A scheme the income relies on ends (as the Feed-in Tariff did)",
        "external",
        2,
        3,
        "Do not rely on one subsidy or scheme; model the income without it; check each "
        "scheme's end date every year.",
    ),
    PrefillRisk(
        "building-condition",
        "The building's condition and energy upgrades cost more than planned",
        "property",
        3,
        4,
        "Get a condition survey before buying; hold a contingency of at least 10% of the "
        "works; phase the works; seek heritage and energy-efficiency grants.",
    ),
)
PREFILL_KEYS = tuple(r.key for r in PREFILL_RISKS)


@dataclass(frozen=True, slots=True)
class RiskFacts:
    """One line of the register (Risk)."""

    id: int
    title: str
    category: str
    likelihood: int
    impact: int
    mitigation: str = ""
    owner: str = ""
    review_on: dt.date | None = None
    prefill_key: str = ""

    @property
    def score(self) -> int:
        return score(self.likelihood, self.impact)

    @property
    def band(self) -> str:
        return band(self.score)


def risk_facts(row: Any) -> RiskFacts:
    return RiskFacts(
        id=row.id,
        title=row.title,
        category=row.category,
        likelihood=row.likelihood,
        impact=row.impact,
        mitigation=row.mitigation or "",
        owner=row.owner or "",
        review_on=row.review_on,
        prefill_key=row.prefill_key or "",
    )


def register(risks: Iterable[RiskFacts]) -> tuple[RiskFacts, ...]:
    """The register, highest score first (then in the order entered)."""
    return tuple(sorted(risks, key=lambda r: (-r.score, r.id)))


def risk_warnings(risks: Iterable[RiskFacts], today: dt.date) -> list[str]:
    """What the group should look at: red risks with no mitigation or owner, reviews due."""
    warnings = []
    for risk in register(risks):
        if risk.band == RED and not risk.mitigation.strip():
            warnings.append(f"{risk.title} is a high risk (score {risk.score}) with no mitigation.")
        if risk.band == RED and not risk.owner.strip():
            warnings.append(f'No one owns the high risk "{risk.title}": name an owner.')
        if risk.review_on is not None and risk.review_on < today:
            warnings.append(
                f"{risk.title}: its review was due on {format_date_long(risk.review_on)}."
            )
    return warnings
