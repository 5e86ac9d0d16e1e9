"""The lease checks (issue 6 item 3; DOMAIN.md §3 and §7): pure functions from a lease's
terms and a little about the case to plain findings, each with a severity and a source.

Severities: "problem" (must be put right or needs consent/advice before signing),
"warning" (a risk the committee should weigh), "advice" (worth knowing). A provisional
finding rests on law whose commencement or detail is not yet settled, and says so.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from cattool.core.lease.facts import (
    FULL_REPAIRING,
    POOR,
    UPWARD_ONLY,
    LeaseFacts,
)
from cattool.core.money.format import format_money

PROBLEM, WARNING, ADVICE = "problem", "warning", "advice"
SEVERITIES = (PROBLEM, WARNING, ADVICE)
FUNDERS_LEASE_YEARS = 25  # funders often require at least 25 years (DOMAIN.md §7)
RELEVANT_DISPOSAL_YEARS = 25  # Localism Act 2011 s.96; a lease with ≥ 25 years to run
GDC_LIMIT = Decimal("2000000")  # General Disposal Consent (England) 2003
BEST_CONSIDERATION_MIN_YEARS = 8  # LGA 1972 s.123(2): leases of 7 years or less excluded
SOURCE_FUNDERS = "DOMAIN.md §7: funders' lease-length conditions (the Community Ownership Fund accepted 15 years with fair breaks, preferred 25)"  # noqa: E501
SOURCE_GDC = "Local Government Act 1972 s.123; General Disposal Consent (England) 2003"
SOURCE_2026 = "English Devolution and Community Empowerment Act 2026 (2026 c. 23): ban on upward-only rent reviews in new business leases (commencement not yet known)"  # noqa: E501
SOURCE_RELEVANT = "Localism Act 2011 s.95-96 (relevant disposal: the grant of a lease of at least 25 years); DOMAIN.md §3"  # noqa: E501
SOURCE_PRACTICE = "DOMAIN.md §7 (CAT lease good practice)"


@dataclass(frozen=True, slots=True)
class FundingCondition:
    """A funding source's minimum lease length (core/money FundingSource)."""

    funder: str
    min_lease_years: int
    status: str = ""


@dataclass(frozen=True, slots=True)
class CaseContext:
    """What the checks need to know about the case beyond the lease."""

    listed: bool = False  # on the list of assets of community value now
    funding: tuple[FundingCondition, ...] = ()


@dataclass(frozen=True, slots=True)
class LeaseCheck:
    key: str
    severity: str
    title: str
    explanation: str
    source: str
    provisional: bool = False
    fields: tuple[str, ...] = field(default_factory=tuple)  # the lease fields involved

    def to_json(self) -> dict:
        return {
            "key": self.key,
            "severity": self.severity,
            "title": self.title,
            "explanation": self.explanation,
            "source": self.source,
            "provisional": self.provisional,
            "fields": list(self.fields),
        }


def check_term(lease: LeaseFacts) -> list[LeaseCheck]:
    years = lease.term_years
    if years is None:
        return [
            LeaseCheck(
                "term-missing", ADVICE, "The term is not entered",
                "Enter the length of the lease in years: most checks and key dates need it.",
                SOURCE_PRACTICE, fields=("term_years",),
            )
        ]  # fmt: skip
    if years < FUNDERS_LEASE_YEARS:
        return [
            LeaseCheck(
                "term-under-25", WARNING, f"The term is {years} years: under 25",
                "Funders often require a lease of at least 25 years before they will invest "
                "in a building the group does not own. Ask the council for 25 years or more.",
                SOURCE_FUNDERS, fields=("term_years",),
            )
        ]  # fmt: skip
    return []


def check_funding(lease: LeaseFacts, funding: Iterable[FundingCondition]) -> list[LeaseCheck]:
    found = []
    for condition in funding:
        if condition.status == "declined":
            continue
        if lease.term_years is None or lease.term_years < condition.min_lease_years:
            term = f"{lease.term_years} years" if lease.term_years else "not entered"
            found.append(
                LeaseCheck(
                    f"funder-lease-{condition.funder}", PROBLEM,
                    f"{condition.funder or 'A funder'} needs a lease of at least "
                    f"{condition.min_lease_years} years",
                    f"The funding's conditions ask for a lease of {condition.min_lease_years} "
                    f"years or more; this lease's term is {term}. Without it the money may "
                    "not be paid.",
                    "The funding source's conditions (Money page)", fields=("term_years",),
                )
            )  # fmt: skip
    return found


def check_breaks(lease: LeaseFacts) -> list[LeaseCheck]:
    """Breaks should be mutual (both sides may break) with equal notice (DOMAIN.md §7)."""
    landlord = [b.notice_months for b in lease.breaks if b.party in ("landlord", "either")]
    tenant = [b.notice_months for b in lease.breaks if b.party in ("tenant", "either")]
    found = []
    if landlord and not tenant:
        found.append(
            LeaseCheck(
                "break-not-mutual", WARNING, "Only the landlord may break the lease",
                "The council can end the lease early but the group cannot: funders and "
                "good practice expect break clauses to be mutual. Ask for the same right.",
                SOURCE_PRACTICE, fields=("breaks",),
            )
        )  # fmt: skip
    elif tenant and not landlord:
        found.append(
            LeaseCheck(
                "break-tenant-only", ADVICE, "Only the group may break the lease",
                "A break for the group alone protects it; expect the council to ask for a "
                "matching right.",
                SOURCE_PRACTICE, fields=("breaks",),
            )
        )  # fmt: skip
    if landlord and tenant and (min(landlord) != min(tenant) or max(landlord) != max(tenant)):
        found.append(
            LeaseCheck(
                "break-unequal-notice", WARNING, "Break notice is not equal for both sides",
                f"The landlord gives {_months(landlord)} notice and the group "
                f"{_months(tenant)}: break notice should be the same for both.",
                SOURCE_PRACTICE, fields=("breaks",),
            )
        )  # fmt: skip
    return found


def _months(values: list[int]) -> str:
    low, high = min(values), max(values)
    return f"{low} months'" if low == high else f"{low} to {high} months'"


def check_rent_review(lease: LeaseFacts) -> list[LeaseCheck]:
    if lease.rent_review_basis != UPWARD_ONLY:
        return []
    if lease.is_new:
        return [
            LeaseCheck(
                "upward-only-review", PROBLEM, "Upward-only rent review in a new lease",
                "The 2026 Act bans upward-only rent reviews in new business leases: ask for "
                "an open-market or index-linked review instead. PROVISIONAL: the ban "
                "applies once that part of the Act is commenced, and the date is not yet "
                "known.",
                SOURCE_2026, provisional=True, fields=("rent_review_basis",),
            )
        ]  # fmt: skip
    return [
        LeaseCheck(
            "upward-only-existing", ADVICE, "Upward-only rent review (existing lease)",
            "The 2026 Act's ban is for new leases; this existing lease keeps its terms, but "
            "raise it at renewal.",
            SOURCE_2026, provisional=True, fields=("rent_review_basis",),
        )
    ]  # fmt: skip


def check_undervalue(lease: LeaseFacts) -> list[LeaseCheck]:
    undervalue = lease.undervalue
    if undervalue is None:
        return []
    if lease.term_years is not None and lease.term_years < BEST_CONSIDERATION_MIN_YEARS:
        return [
            LeaseCheck(
                "short-lease-no-consent", ADVICE, "A lease of 7 years or less",
                "The council's duty to get the best price does not apply to a lease of "
                "7 years or less, so no consent is needed for the undervalue.",
                SOURCE_GDC, fields=("term_years",),
            )
        ]  # fmt: skip
    if undervalue > GDC_LIMIT:
        return [
            LeaseCheck(
                "undervalue-over-2m", PROBLEM,
                f"Undervalue {format_money(undervalue)}: over £2,000,000",
                f"Market value {format_money(lease.market_value)} less the price "
                f"{format_money(lease.price)} is more than the General Disposal Consent "
                "allows (£2,000,000). The council needs the Secretary of State's specific "
                "consent before it can grant this lease.",
                SOURCE_GDC, fields=("market_value", "price"),
            )
        ]  # fmt: skip
    if undervalue > 0:
        return [
            LeaseCheck(
                "undervalue-within-consent", ADVICE,
                f"Undervalue {format_money(undervalue)}: within the general consent",
                "The council may transfer at this undervalue (£2,000,000 or less) without "
                "asking the Secretary of State, if the transfer promotes the area's economic, "
                "social or environmental well-being: the business case should show it.",
                SOURCE_GDC, fields=("market_value", "price"),
            )
        ]  # fmt: skip
    return []


def check_relevant_disposal(lease: LeaseFacts, listed: bool) -> list[LeaseCheck]:
    if not listed or lease.term_years is None or lease.term_years < RELEVANT_DISPOSAL_YEARS:
        return []
    return [
        LeaseCheck(
            "relevant-disposal", WARNING,
            "Granting this lease is a relevant disposal of a listed asset",
            f"A lease of 25 years or more (this one: {lease.term_years}) of an asset of "
            "community value is itself a 'relevant disposal': the owner must give notice and the "
            "moratorium rules apply unless it is granted to a community interest group "
            "within a moratorium or is exempt. Take legal advice before signing.",
            SOURCE_RELEVANT, fields=("term_years",),
        )
    ]  # fmt: skip


def check_repairs(lease: LeaseFacts) -> list[LeaseCheck]:
    if lease.repairing != FULL_REPAIRING or lease.building_condition != POOR:
        return []
    return [
        LeaseCheck(
            "full-repairs-poor-building", WARNING,
            "Full repairing obligation on a building in poor condition",
            "The group would have to put right defects it did not cause, which can cost more "
            "than the building is worth to it. Get a building survey, and ask for a schedule "
            "of condition (repairs no better than it is now) or a landlord's contribution.",
            SOURCE_PRACTICE, fields=("repairing", "building_condition"),
        )
    ]  # fmt: skip


def lease_checks(lease: LeaseFacts, context: CaseContext | None = None) -> list[LeaseCheck]:
    """Every finding for the lease, problems first."""
    context = context or CaseContext()
    found = [
        *check_term(lease),
        *check_funding(lease, context.funding),
        *check_breaks(lease),
        *check_rent_review(lease),
        *check_undervalue(lease),
        *check_relevant_disposal(lease, context.listed),
        *check_repairs(lease),
    ]
    return sorted(found, key=lambda c: SEVERITIES.index(c.severity))


# The risk-register line the full-repairing finding offers (services.add_repair_risk).
REPAIR_RISK = {
    "title": "Full repairing lease on a building in poor condition",
    "category": "property",
    "likelihood": 4,
    "impact": 4,
    "mitigation": "Building survey before signing; schedule of condition limiting repairs; "
    "repair fund in the forecast; landlord's contribution to urgent works.",
    "prefill_key": "lease-full-repairs",
}
