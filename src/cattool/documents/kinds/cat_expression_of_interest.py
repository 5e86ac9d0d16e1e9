"""CAT expression of interest: the group's letter to the council's estates (property) team
asking to take on the asset by Community Asset Transfer, the first step of the council's
CAT process (DOMAIN.md §7): who the group is and why it is eligible, the asset, what it
will be used for and the community benefit, the lease sought, and the timetable as the
group understands the council's CAT policy.

Addressed to the owner contact (the council as landlord), else the council contact.
"""

from __future__ import annotations

from cattool.core.rules.stage import STAGES
from cattool.documents.facts import CaseFacts
from cattool.documents.kinds.lease_sections import (
    addressee,
    cat_rows,
    group_rows,
    lease_docs,
    listing_sentence,
    maybe_view,
    on_cat_route,
    tenure_sought,
)
from cattool.documents.kinds.letters import letterhead
from cattool.documents.kinds.support_report import figures_sentence, item_description, ordered
from cattool.documents.registry import DocumentKind
from cattool.documents.requirements import (
    ASSET_ADDRESS,
    ASSET_NAME,
    CAT_ADDRESSEE,
    COMMUNITY_VALUE,
    GROUP_ADDRESS,
    GROUP_CONTACT,
    GROUP_NAME,
    LEGAL_FORM,
)
from cattool.documents.style import HouseDocument, MissingValue, format_date

#: CAT is open until the asset is sold (to anyone): then there is nothing to transfer.
CAT_STAGES = frozenset(STAGES) - {"completed"}


def _asset_name(facts: CaseFacts) -> str:
    return facts.asset.name.strip() or facts.name


def _opening(facts: CaseFacts, doc: HouseDocument) -> None:
    group = facts.group
    assert group is not None  # GROUP_NAME
    advertised = facts.latest_event("cat-opportunity-advertised")
    invited = (
        f", following the council's offer of the building for transfer on "
        f"{format_date(advertised.date)}"
        if advertised
        else ""
    )
    doc.heading(
        f"Expression of interest: Community Asset Transfer of {_asset_name(facts)}, "
        f"{facts.asset.full_address}",
        2,
    )
    doc.para(
        f"On behalf of {group.name}, I write to express our interest in taking on "
        f"{_asset_name(facts)} ({facts.asset.full_address}) by Community Asset Transfer"
        f"{invited}. We ask to be invited to submit a full business case."
    )


def _group(facts: CaseFacts, doc: HouseDocument) -> None:
    doc.heading("Our group and its eligibility", 3)
    doc.fields(group_rows(facts))
    eligibility = facts.eligibility
    if eligibility is not None and eligibility.eligible:
        doc.para(
            "We are a community body eligible under the Community Right to Bid: "
            + "; ".join(eligibility.satisfied)
            + "."
        )
    listed = listing_sentence(facts)
    if listed:
        doc.para(listed)


def _asset(facts: CaseFacts, doc: HouseDocument) -> None:
    asset = facts.asset
    doc.heading("The asset", 3)
    rows = [("Asset", _asset_name(facts)), ("Address", asset.full_address)]
    if asset.uprn.strip():
        rows.append(("UPRN", asset.uprn.strip()))
    if asset.title_number.strip():
        rows.append(("Land Registry title", asset.title_number.strip()))
    if asset.description.strip():
        rows.append(("Description", asset.description.strip()))
    if asset.condition.strip():
        rows.append(("Condition as we understand it", asset.condition.strip()))
    doc.fields(rows)


def _use(facts: CaseFacts, doc: HouseDocument) -> None:
    group = facts.group
    assert group is not None
    doc.heading("Proposed use and community benefit", 3)
    view = maybe_view(facts)
    if view is not None and view.lease.user_clause.strip():
        doc.para(view.lease.user_clause.strip(), bold="Proposed use:")
    elif group.objects.strip():
        doc.para(group.objects.strip(), bold="Our objects:")
    doc.paras(facts.asset.community_value)
    support = [i for i in ordered(facts) if i.responses is not None]
    if support:
        doc.para("Local support for our plans:")
        doc.bullets(
            f"{item_description(i)}: {figures_sentence(i)[0].lower()}{figures_sentence(i)[1:]}"
            for i in support
        )


def _tenure(facts: CaseFacts, doc: HouseDocument) -> None:
    doc.heading("The tenure we seek", 3)
    doc.para(tenure_sought(facts))
    doc.para(
        "We would welcome early discussion of the repairing obligations, the rent and the "
        "council's legal costs, so that the business case can budget for them."
    )


def _timetable(facts: CaseFacts, doc: HouseDocument) -> None:
    docs = lease_docs(facts)
    doc.heading("Timetable", 3)
    own = any(s.overridden for s in docs.policy.stages)
    basis = (
        "as we understand the council's Community Asset Transfer policy"
        if own
        else "as we understand a typical Community Asset Transfer process (about "
        f"{docs.policy.total_weeks} weeks from expression of interest to completion)"
    )
    doc.para(
        f"The steps and the time each takes, {basis}. Please tell us if the council's own "
        "timetable differs."
    )
    doc.table(["Step", "Time", "When"], cat_rows(docs), widths_cm=[6.4, 4.8, 5.2])


def _contact(facts: CaseFacts, doc: HouseDocument) -> None:
    group = facts.group
    assert group is not None
    doc.heading("Contact", 3)
    how = [part for part in (group.email.strip(), group.phone.strip()) if part]
    reach = f" ({', '.join(how)})" if how else ""
    doc.para(
        f"Please contact {group.contact_name}, our {group.contact_role}{reach}, with any "
        "questions. We look forward to hearing whether we may go on to a full business case."
    )


def build(facts: CaseFacts, doc: HouseDocument) -> None:
    group = facts.group
    view = maybe_view(facts)
    to = addressee(facts, view.lease.landlord if view else "")
    if group is None or to is None:
        raise MissingValue("the group and the council as owner")
    letterhead(facts, doc, to)
    _opening(facts, doc)
    _group(facts, doc)
    _asset(facts, doc)
    _use(facts, doc)
    _tenure(facts, doc)
    _timetable(facts, doc)
    _contact(facts, doc)
    doc.signature_block(
        [(group.contact_name, f"{group.contact_role}, {group.name}")], closing="Yours faithfully,"
    )


KINDS = (
    DocumentKind(
        key="cat-expression-of-interest",
        title="CAT expression of interest",
        summary="Letter to the council's estates team asking to take on the asset by "
        "Community Asset Transfer.",
        builder=build,
        requirements=(
            GROUP_NAME,
            LEGAL_FORM,
            GROUP_ADDRESS,
            GROUP_CONTACT,
            ASSET_NAME,
            ASSET_ADDRESS,
            COMMUNITY_VALUE,
            CAT_ADDRESSEE,
        ),
        stages=CAT_STAGES,
        on_route=on_cat_route,
        # Sent on its own to the estates team at the CAT's first step, not with the
        # Community Right to Bid/Buy papers (a different route and timetable).
        in_bid_pack=False,
    ),
)
