"""The words of fundraising: kinds of source, the status pipeline, default likelihoods.

A source moves idea → applied → pledged → awarded → received, or ends declined. Each
open status carries a likelihood (how much of the amount to expect); the defaults below
are starting points the group can change per case (FundingPlan) and per source.
Received money always counts in full and declined money never counts, so those two
likelihoods are fixed.
"""

from __future__ import annotations

from decimal import Decimal

SOURCE_KINDS: dict[str, str] = {
    "grant": "Grant",
    "community-shares": "Community shares",
    "loan": "Loan",
    "social-investment": "Social investment",
    "donation": "Donation or crowdfunding",
    "in-kind": "In-kind contribution",
    "council": "Council funding",
}

IDEA = "idea"
APPLIED = "applied"
PLEDGED = "pledged"
AWARDED = "awarded"
RECEIVED = "received"
DECLINED = "declined"
# In pipeline order; DECLINED is the dead end beside it.
STATUSES: tuple[str, ...] = (IDEA, APPLIED, PLEDGED, AWARDED, RECEIVED, DECLINED)
STATUS_LABELS: dict[str, str] = {
    IDEA: "Idea",
    APPLIED: "Applied",
    PLEDGED: "Pledged",
    AWARDED: "Awarded (secured)",
    RECEIVED: "Received",
    DECLINED: "Declined",
}
# The statuses whose likelihood the group may set (percent).
ADJUSTABLE: tuple[str, ...] = (IDEA, APPLIED, PLEDGED, AWARDED)
DEFAULT_LIKELIHOOD: dict[str, Decimal] = {
    IDEA: Decimal("10.00"),
    APPLIED: Decimal("40.00"),
    PLEDGED: Decimal("75.00"),
    AWARDED: Decimal("95.00"),
}
FIXED_LIKELIHOOD: dict[str, Decimal] = {RECEIVED: Decimal("100.00"), DECLINED: Decimal("0.00")}
LIKELIHOOD_EXPLAINED: dict[str, str] = {
    IDEA: "Not asked yet: a long shot until an application goes in.",
    APPLIED: "Waiting for a decision; many applications are turned down.",
    PLEDGED: "Promised, not yet binding (a donor's or investor's word).",
    AWARDED: "Offered in writing; usually paid once its conditions are met.",
    RECEIVED: "In the bank: always counted in full from the day it arrived.",
    DECLINED: "Turned down: never counted.",
}

TENURES: dict[str, str] = {
    "freehold": "Freehold",
    "leasehold": "Leasehold",
}

SOCIETY_TYPES: dict[str, str] = {
    "community-benefit-society": "Community benefit society",
    "co-operative-society": "Co-operative society",
}
