"""Share offer summary: the community share offer's terms, the DOMAIN.md §8 checks
(society type, the holding cap as an unverified setting), applications so far as totals
only, and what happens at the close: refunds if the minimum is not reached, scaling back
(money/scaling.py's rule) if it is oversubscribed.

No personal data: nobody who applied is named; the register stays in cattool.
"""

from __future__ import annotations

from cattool.core.money.share_offer import OFFER_STATES
from cattool.core.money.vocabulary import SOCIETY_TYPES
from cattool.documents.facts import CaseFacts
from cattool.documents.kinds.business_plan import MONEY_STAGES
from cattool.documents.kinds.money_sections import asset_name, cap_text, money_of, terms_rows
from cattool.documents.registry import DocumentKind
from cattool.documents.requirements import (
    ASSET_NAME,
    GROUP_NAME,
    SHARE_OFFER,
    SHARE_OFFER_DATES,
    SHARE_OFFER_HOLDINGS,
    SHARE_OFFER_RAISE,
    SHARE_OFFER_WITHDRAWAL,
)
from cattool.documents.style import HouseDocument, format_date, format_money


def _plural(n: int, word: str) -> str:
    return f"{n:,} {word}{'' if n == 1 else 's'}"


def build(facts: CaseFacts, doc: HouseDocument) -> None:
    money = money_of(facts)
    offer = money.offer
    assert offer is not None  # SHARE_OFFER
    terms, totals, result = offer.terms, offer.totals, offer.outcome
    society = SOCIETY_TYPES.get(terms.society_type, terms.society_type).lower()
    doc.title(subtitle=f"{asset_name(facts)}, as at {format_date(facts.today)}")

    doc.heading("The offer")
    doc.para(
        f"Community shares in a {society}, to help buy {asset_name(facts)}. Community "
        "shares are withdrawable and cannot be sold or transferred; each member has one "
        "vote whatever they hold. They are not regulated by the Financial Conduct "
        "Authority: there is no Financial Ombudsman Service or Financial Services "
        "Compensation Scheme cover, and members can lose what they put in."
    )
    doc.fields(terms_rows(terms))

    doc.heading("Checks")
    cap = offer.cap
    society_rule = (
        "community shares can only be issued by a co-operative or community benefit "
        "society (Co-operative and Community Benefit Societies Act 2014)."
    )
    rows = [
        ("Society type", f"{SOCIETY_TYPES.get(terms.society_type, terms.society_type)}: "
                         f"{society_rule}"),
        ("Holding cap", cap_text(cap)),
        ("Group's legal form", facts.group.legal_form_label if facts.group else "Not recorded"),
    ]  # fmt: skip
    doc.fields(rows)
    if offer.check.errors or offer.check.warnings:
        doc.para("Points to check:")
        doc.bullets([*offer.check.errors, *offer.check.warnings])
    else:
        doc.para("The terms pass cattool's checks.")

    doc.heading("Applications so far")
    doc.para(
        "Totals only: the register of members (names, addresses and holdings) is personal "
        "data and is kept by the society, not printed here."
    )
    doc.fields(
        [
            ("Applications", f"{totals.applications:,}"),
            ("Applied for", format_money(totals.applied)),
            ("Paid in", format_money(totals.paid)),
            ("Refunded", format_money(totals.refunded)),
            ("Held by the society", format_money(totals.held)),
            (
                "Not yet paid",
                f"{format_money(totals.unpaid)} "
                f"({_plural(totals.unpaid_applications, 'application')})",
            ),
        ]
    )
    doc.para(result.sentence, bold=f"{OFFER_STATES.get(result.state, result.state)}.")
    for warning in result.warnings:
        doc.para(warning, bold="Note:", style="Small Print")

    doc.heading("If the minimum is not reached")
    minimum = format_money(terms.min_raise) if terms.min_raise is not None else "the minimum"
    doc.para(
        f"Money paid in is held until the offer reaches its minimum of {minimum}. If it "
        f"has not by the close ({format_date(terms.closes_on)}) every applicant is refunded "
        "in full, and no shares are issued."
    )
    if result.state == "minimum-not-reached":
        refunds = result.refund_list
        doc.para(
            f"{format_money(result.refunds)} is to be refunded to "
            f"{_plural(len(refunds), 'applicant')}.",
            bold="Now:",
        )

    doc.heading("If the offer is oversubscribed")
    floor = format_money(terms.floor)
    maximum = format_money(terms.max_raise) if terms.max_raise is not None else "the maximum"
    doc.para(
        f"If more than the maximum of {maximum} is paid in, applications are scaled back: "
        f"everyone keeps up to {floor}; what is left of the maximum is shared in proportion "
        "to what each paid above that, in whole pounds, and the rest is refunded. No one is "
        "allocated more than they paid."
    )
    if result.state == "oversubscribed":
        refunded = result.refund_list
        doc.para(
            f"{format_money(result.allocated)} is allocated and {format_money(result.refunds)} "
            f"refunded to {_plural(len(refunded), 'applicant')}.",
            bold="Now:",
        )


KINDS = (
    DocumentKind(
        key="share-offer-summary",
        title="Share offer summary",
        summary="The community share offer's terms, checks, totals so far and refunds or scaling.",
        builder=build,
        requirements=(
            ASSET_NAME,
            GROUP_NAME,
            SHARE_OFFER,
            SHARE_OFFER_RAISE,
            SHARE_OFFER_HOLDINGS,
            SHARE_OFFER_DATES,
            SHARE_OFFER_WITHDRAWAL,
        ),
        stages=MONEY_STAGES,
    ),
)
