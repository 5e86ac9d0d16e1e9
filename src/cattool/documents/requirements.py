"""The facts documents commonly need, each with where in the app to fill it in.

Shared so that every document asks for the same fact in the same words.
"""

from __future__ import annotations

from cattool.core.eligibility import legal_forms
from cattool.documents.facts import CaseFacts
from cattool.documents.registry import Requirement


def _group(f: CaseFacts, attr: str) -> bool:
    return f.group is not None and bool(str(getattr(f.group, attr)).strip())


ASSET_NAME = Requirement("the asset's name", "asset", lambda f: bool(f.asset.name.strip()))
ASSET_ADDRESS = Requirement("the asset's address", "asset", lambda f: bool(f.asset.address.strip()))
ASSET_DESCRIPTION = Requirement(
    "a description of the land or building", "asset", lambda f: bool(f.asset.description.strip())
)
ASSET_BOUNDARY = Requirement(
    "the proposed boundaries (what the listing should cover)",
    "asset",
    lambda f: bool(f.asset.boundary.strip()),
)
COMMUNITY_USE = Requirement(
    "whether the community use is current or in the recent past",
    "asset",
    lambda f: bool(f.asset.community_use),
)
COMMUNITY_VALUE = Requirement(
    "the reasons the asset is of community value",
    "asset",
    lambda f: bool(f.asset.community_value.strip()),
)
OWNER = Requirement(
    "at least one owner with a name and address",
    "asset",
    lambda f: any(p.address.strip() for p in f.parties_with("owner", "freeholder", "leaseholder")),
)
COUNCIL = Requirement(
    "the council (a contact with the role 'council' and its address)",
    "contacts",
    lambda f: any(p.address.strip() for p in f.parties_with("council")),
)
GROUP_NAME = Requirement("the group's name", "group", lambda f: _group(f, "name"))
LEGAL_FORM = Requirement("the group's legal form", "group", lambda f: _group(f, "legal_form"))
GROUP_ADDRESS = Requirement(
    "the group's correspondence address", "group", lambda f: _group(f, "address")
)
GROUP_CONTACT = Requirement(
    "who signs for the group (contact name and role, e.g. Chair)",
    "group",
    lambda f: _group(f, "contact_name") and _group(f, "contact_role"),
)
GOVERNING_DOCUMENT = Requirement(
    "the group's governing document (its name and when it was adopted)",
    "group",
    lambda f: _group(f, "governing_document"),
)
LOCAL_CONNECTION = Requirement(
    "the group's local connection", "group", lambda f: _group(f, "local_connection")
)
ELIGIBLE = Requirement(
    "an eligible group (the eligibility check on the Group page must pass)",
    "group",
    lambda f: f.eligibility is not None and f.eligibility.eligible,
)
RESOLUTION = Requirement(
    "the committee's resolution (an event 'Committee resolved to nominate or bid')",
    "events",
    lambda f: f.latest_event("committee-resolution") is not None,
)
OWNER_NOTICE = Requirement(
    "the date the council received the owner's notice of intended sale (an event)",
    "events",
    lambda f: f.latest_event("owner-notice-received") is not None,
)
EVIDENCE = Requirement(
    "at least one survey, petition, meeting, ballot or pledge drive with its figures",
    "evidence",
    lambda f: any(e.responses is not None for e in f.evidence),
)

ORGANISATION = (GROUP_NAME, LEGAL_FORM, GROUP_ADDRESS, GROUP_CONTACT)


def _needs_local_members(f: CaseFacts) -> bool:
    form = legal_forms().get(f.group.legal_form) if f.group is not None else None
    return form is not None and form.min_local_members > 0


MEMBER_REGISTER = Requirement(
    "for each member on the electoral register, their address and which council's register "
    "they are on",
    "group",
    lambda f: (
        not _needs_local_members(f)
        or all(
            m.address.strip() and m.council.strip()
            for m in f.group.local_members  # type: ignore[union-attr]
        )
    ),
)
RESOLUTION_RECORD = Requirement(
    "the minute of the committee's resolution (the event's note: who was present, "
    "how the vote went)",
    "events",
    # With no resolution at all, RESOLUTION alone says so.
    lambda f: (e := f.latest_event("committee-resolution")) is None or bool(e.note.strip()),
)


# Money (issue 5): the funding plan and sources on the Money page, the forecast, risks and
# impact on the Business plan page, the offer's terms on the Share offer page.
FUNDING_PLAN = Requirement(
    "the funding plan: the purchase price (or valuation) and the other costs",
    "money",
    lambda f: (m := f.money) is not None and m.has_funding_plan,
)
FUNDING_SOURCES = Requirement(
    "at least one funding source (grant, shares, loan, donation…) with its status",
    "money",
    lambda f: (m := f.money) is not None and bool(m.sources),
)
PLAN_INCOME_AND_COSTS = Requirement(
    "the business plan's income streams and running costs",
    "business_plan",
    lambda f: (m := f.money) is not None and m.has_business_plan,
)
PLAN_RISKS = Requirement(
    "the risk register (pre-fill the usual risks, then rate them and name owners)",
    "business_plan",
    lambda f: (m := f.money) is not None and bool(m.report.risks),
)
PLAN_IMPACT = Requirement(
    "at least one social impact measure (what you will measure, and how)",
    "business_plan",
    lambda f: (m := f.money) is not None and bool(m.report.impacts),
)


def _offer_has(*names: str, needs_offer: bool = False):
    """Whether the offer's terms are set; with no offer at all, only SHARE_OFFER says so."""

    def present(f: CaseFacts) -> bool:
        m = f.money
        if m is None or m.offer is None:
            return not needs_offer
        terms = m.offer.terms
        return all(getattr(terms, name) not in (None, "") for name in names)

    return present


SHARE_OFFER = Requirement(
    "a share offer (its society type and terms)",
    "share_offer",
    _offer_has("society_type", needs_offer=True),
)
SHARE_OFFER_RAISE = Requirement(
    "the offer's minimum and maximum raise", "share_offer", _offer_has("min_raise", "max_raise")
)
SHARE_OFFER_HOLDINGS = Requirement(
    "the offer's minimum and maximum holding",
    "share_offer",
    _offer_has("min_holding", "max_holding"),
)
SHARE_OFFER_DATES = Requirement(
    "the offer's opening and closing dates", "share_offer", _offer_has("opens_on", "closes_on")
)
SHARE_OFFER_WITHDRAWAL = Requirement(
    "the offer's withdrawal rules (when members may take their money out)",
    "share_offer",
    _offer_has("withdrawal_rules"),
)


# Lease and Community Asset Transfer (issue 6): the lease's terms on the Lease and CAT page.
def _lease_has(*names: str):
    """Whether the lease the documents are about has these terms (False with no lease)."""

    def present(f: CaseFacts) -> bool:
        view = f.lease.current if f.lease is not None else None
        if view is None:
            return False
        return all(getattr(view.lease, name) not in (None, "") for name in names)

    return present


LEASE = Requirement(
    "a lease with its landlord, tenant and premises", "lease", _lease_has("landlord", "tenant")
)
LEASE_PREMISES = Requirement(
    "the premises the lease covers (and its plan)", "lease", _lease_has("premises")
)
LEASE_TERM = Requirement("the lease's term in years", "lease", _lease_has("term_years"))
LEASE_START = Requirement(
    "the lease's start date (proposed, while it is negotiated)", "lease", _lease_has("start_date")
)
LEASE_RENT = Requirement(
    "the rent: an amount a year, or a peppercorn",
    "lease",
    lambda f: (
        f.lease is not None
        and (view := f.lease.current) is not None
        and (view.lease.peppercorn or view.lease.rent is not None)
    ),
)
LEASE_REPAIRING = Requirement(
    "who repairs (the repairing obligation)", "lease", _lease_has("repairing")
)
LEASE_USER = Requirement(
    "the user clause (what the building may be used for)", "lease", _lease_has("user_clause")
)
CAT_ADDRESSEE = Requirement(
    "the council as owner (a contact with the role 'owner' or 'council', and its address)",
    "contacts",
    lambda f: any(p.address.strip() for p in f.parties_with("owner", "freeholder", "council")),
)
