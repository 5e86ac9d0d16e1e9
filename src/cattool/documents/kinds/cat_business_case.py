"""CAT business case: what the council's panel assesses before agreeing a Community Asset
Transfer (DOMAIN.md §7: a business case with a 5-year forecast, then assessment).

The CAT parts are written here: the proposal, the proposed lease terms, the community
benefit (which the General Disposal Consent 2003 needs for an undervalue), governance and
capacity, and the lease checks as risks. The business plan's sections are reused as they
are (cattool.documents.kinds.business_plan) where the plan exists; where it does not,
the document says so and lists what to fill in, rather than leaving gaps.
"""

from __future__ import annotations

from cattool.documents.facts import CaseFacts
from cattool.documents.kinds import business_plan as plan
from cattool.documents.kinds.cat_expression_of_interest import CAT_STAGES
from cattool.documents.kinds.lease_sections import (
    SEVERITY_LABELS,
    breaks_text,
    check_title,
    insurance_text,
    listing_sentence,
    maybe_view,
    on_cat_route,
    rent_text,
    repair_text,
    review_text,
    tenure_sought,
    term_text,
    text_or,
    value_text,
    who_text,
)
from cattool.documents.kinds.money_sections import asset_name, insert_toc, money_of
from cattool.documents.kinds.support_report import with_article
from cattool.documents.registry import DocumentKind, Requirement
from cattool.documents.requirements import (
    ASSET_ADDRESS,
    ASSET_NAME,
    COMMUNITY_VALUE,
    FUNDING_SOURCES,
    GROUP_NAME,
    LEASE,
    LEASE_TERM,
    LEGAL_FORM,
    PLAN_IMPACT,
    PLAN_INCOME_AND_COSTS,
    PLAN_RISKS,
)
from cattool.documents.style import HouseDocument, format_date, format_money

#: What the business plan sections need; each missing one is listed, not left blank.
PLAN_NEEDS = (PLAN_INCOME_AND_COSTS, FUNDING_SOURCES, PLAN_RISKS, PLAN_IMPACT)
LEASE_NEEDS = (LEASE, LEASE_TERM)


def _missing(facts: CaseFacts, needs: tuple[Requirement, ...]) -> list[Requirement]:
    return [r for r in needs if not r.present(facts)]


def _summary(facts: CaseFacts, doc: HouseDocument, gaps: list[Requirement]) -> None:
    group = facts.group
    assert group is not None  # GROUP_NAME
    money = money_of(facts)
    doc.heading("Summary of the proposal")
    doc.para(
        f"{group.name}, {with_article(group.legal_form_label)}, asks "
        f"{_landlord(facts)} to transfer {asset_name(facts)} ({facts.asset.full_address}) to "
        "it by Community Asset Transfer, to run it for the community."
    )
    doc.para(tenure_sought(facts), bold="Tenure sought:")
    listed = listing_sentence(facts)
    if listed:
        doc.para(listed)
    if money.has_business_plan:
        doc.para(money.report.sentence, bold="Running the building:")
    if gaps:
        doc.para(
            f"This business case is not complete: {len(gaps)} "
            f"item{'s are' if len(gaps) > 1 else ' is'} still to be filled in (see "
            "'Still to complete' at the end)."
        )


def _landlord(facts: CaseFacts) -> str:
    view = maybe_view(facts)
    if view is not None and view.lease.landlord.strip():
        return view.lease.landlord.strip()
    owner = facts.parties_with("owner", "freeholder")
    return owner[0].name if owner else "the council"


def _asset(facts: CaseFacts, doc: HouseDocument) -> None:
    asset = facts.asset
    doc.heading("The asset")
    rows = [("Asset", asset_name(facts)), ("Address", asset.full_address)]
    if asset.title_number.strip():
        rows.append(("Land Registry title", asset.title_number.strip()))
    if asset.description.strip():
        rows.append(("Description", asset.description.strip()))
    rows.append(("Condition", asset.condition.strip() or "No condition survey recorded yet."))
    doc.fields(rows)


def _terms(facts: CaseFacts, doc: HouseDocument) -> None:
    doc.heading("Proposed terms")
    view = maybe_view(facts)
    if view is None or not view.lease.term_years:
        doc.para(tenure_sought(facts))
        doc.para("No lease terms are recorded yet: they are listed under 'Still to complete'.")
        return
    lease = view.lease
    doc.para(
        "The terms proposed so far (heads of terms, subject to contract and without prejudice):"
    )
    doc.fields(
        [
            ("Landlord", lease.landlord.strip()),
            ("Tenant", text_or(lease.tenant)),
            ("Premises", text_or(lease.premises)),
            ("Term", term_text(view)),
            ("Rent", rent_text(lease)),
            ("Rent review", review_text(lease)),
            ("Break clauses", breaks_text(lease)),
            ("Repairs", repair_text(lease)),
            ("Insurance", insurance_text(lease)),
            ("Use", text_or(lease.user_clause)),
            ("Assignment and subletting", text_or(lease.alienation)),
            ("Landlord's legal costs paid by", who_text(lease.legal_costs_by)),
            ("Business rates relief", text_or(lease.rate_relief)),
            ("Market value and price", value_text(view)),
        ]
    )


def _benefit(facts: CaseFacts, doc: HouseDocument) -> None:
    doc.heading("Community benefit and social value")
    doc.paras(facts.asset.community_value)
    view = maybe_view(facts)
    if view is not None and view.undervalue is not None and view.undervalue > 0:
        doc.para(
            f"The transfer is at an undervalue of {format_money(view.undervalue)}. The "
            "General Disposal Consent (England) 2003 lets the council accept this (up to "
            "£2,000,000) where the transfer promotes the economic, social or environmental "
            "well-being of the area: the benefits above, and the impact measures in this "
            "case, are how it does."
        )
    plan._demand(facts, doc, money_of(facts))
    money = money_of(facts)
    if money.report.impacts:
        plan._impact(doc, money)


def _capacity(facts: CaseFacts, doc: HouseDocument) -> None:
    plan._governance(facts, doc)
    money = money_of(facts)
    if money.has_business_plan:
        plan._operations(doc, money)


def _business_plan(facts: CaseFacts, doc: HouseDocument, missing: list[Requirement]) -> None:
    money = money_of(facts)
    if money.sources:
        plan._funding(doc, money)
        doc.small(
            "The funding plan is the group's as entered on the Money page; where it "
            "includes a purchase price, the price under this transfer is in Proposed terms."
        )
    if money.has_business_plan:
        plan._forecast(doc, money)
        plan._sensitivity(doc, money)
    if money.report.risks:
        plan._risks(doc, money)
    if missing:
        doc.heading("Business plan: still to prepare")
        doc.para(
            "The council assesses a 5-year forecast. These parts of the business plan are "
            "not entered yet, so this case does not include them:"
        )
        doc.bullets(r.describe() for r in missing)


def _lease_risks(facts: CaseFacts, doc: HouseDocument) -> None:
    view = maybe_view(facts)
    if view is None:
        return
    doc.heading("Risks in the proposed lease")
    if not view.checks:
        doc.para("cattool's lease checks found nothing to raise in the terms proposed.")
        return
    doc.para(
        "What the group's checks of the proposed terms found, and how it proposes to deal "
        "with each. A provisional finding rests on law not yet in force."
    )
    doc.table(
        ["Finding", "Level", "Why it matters"],
        [
            [check_title(c).split(": ", 1)[1], SEVERITY_LABELS[c.severity], c.explanation]
            for c in view.checks
        ],
        widths_cm=[4.6, 2.0, 9.8],
    )


def build(facts: CaseFacts, doc: HouseDocument) -> None:
    plan_missing = _missing(facts, PLAN_NEEDS)
    lease_missing = _missing(facts, LEASE_NEEDS)
    doc.title(subtitle=f"{asset_name(facts)}, as at {format_date(facts.today)}")
    subtitle = doc.doc.paragraphs[-1]
    _summary(facts, doc, [*lease_missing, *plan_missing])
    _asset(facts, doc)
    _terms(facts, doc)
    _benefit(facts, doc)
    _capacity(facts, doc)
    _business_plan(facts, doc, plan_missing)
    _lease_risks(facts, doc)
    if lease_missing or plan_missing:
        doc.heading("Still to complete")
        doc.para("Fill these in, then produce the business case again:")
        doc.bullets(r.describe() for r in (*lease_missing, *plan_missing))
    insert_toc(doc, subtitle)


KINDS = (
    DocumentKind(
        key="cat-business-case",
        title="CAT business case",
        summary="The business case the council assesses for a Community Asset Transfer: "
        "terms, community benefit, capacity, the plan and the lease risks.",
        builder=build,
        requirements=(GROUP_NAME, LEGAL_FORM, ASSET_NAME, ASSET_ADDRESS, COMMUNITY_VALUE),
        stages=CAT_STAGES,
        on_route=on_cat_route,
        # Submitted to the council's CAT panel when invited, on the CAT timetable, not
        # with the Community Right to Bid/Buy papers.
        in_bid_pack=False,
    ),
)
