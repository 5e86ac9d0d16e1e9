"""Lease summary for the committee: every key term of the lease in plain English with what
it means for the group, the checks with their explanations (provisional ones marked), and
every key date for the lease's whole life: term end, each rent review, each break and the
last day to serve notice for it, repair and decoration cycles, insurance renewals
(DOMAIN.md §7). The dates are contractual, and the summary says so plainly.

One section per lease still running (a case may hold the lease in force and its
replacement being negotiated); with one lease the sections are top-level headings.
"""

from __future__ import annotations

from cattool.core.lease.facts import LEASE_STATUSES, NEGOTIATING
from cattool.core.lease.queries import LeaseView
from cattool.documents.facts import CaseFacts
from cattool.documents.kinds.lease_sections import (
    CONTRACTUAL,
    NOT_AGREED,
    breaks_text,
    cat_note,
    cat_rows,
    cycles_text,
    has_lease,
    insurance_text,
    key_date_rows,
    lease_docs,
    premium_text,
    rent_text,
    repair_text,
    review_text,
    term_text,
    text_or,
    value_text,
    who_text,
    write_checks,
)
from cattool.documents.registry import DocumentKind
from cattool.documents.requirements import LEASE, LEASE_PREMISES, LEASE_START, LEASE_TERM
from cattool.documents.style import HouseDocument, format_date

REVIEW_MEANING = {
    "none": "The rent stays the same for the whole term.",
    "open-market": "The rent is reset to what the building would let for: up or down.",
    "cpi": "The rent follows inflation (the Consumer Prices Index).",
    "rpi": "The rent follows inflation (the Retail Prices Index).",
    "fixed": "The rent rises by steps set out in the lease.",
    "upward-only": "The rent can only go up at each review, never down.",
}
REPAIR_MEANING = {
    "full": "The group pays for every repair, roof and structure included: common in CAT "
    "leases and a major cost and risk on an old building.",
    "internal": "The group repairs the inside; the landlord keeps the roof and structure.",
    "schedule-of-condition": "The group never has to hand the building back in better "
    "condition than the schedule records: keep the schedule safe.",
    "landlord": "The landlord repairs the building.",
}


def _meaning_rows(view: LeaseView) -> list[list[str]]:
    lease = view.lease
    rent_meaning = (
        "Nothing to pay in practice."
        if lease.peppercorn
        else "Paid every year: the business plan's forecast must budget for it."
    )
    rows = [
        ["Landlord and tenant", f"{lease.landlord} lets the premises to {lease.tenant}.",
         "The group runs the building as tenant but does not own it."],
        ["Premises", lease.premises.strip(), "What the group takes on, and must look after."],
        ["Length (term)", term_text(view),
         "The group may stay until the term ends (unless a break is used). Funders often "
         "want 25 years or more left before they invest."],
        ["Rent", rent_text(lease), rent_meaning],
        ["Premium", premium_text(lease), "A one-off sum paid when the lease is granted."],
        ["Rent reviews", review_text(lease),
         REVIEW_MEANING.get(lease.rent_review_basis, "The basis is not agreed yet.")],
        ["Break clauses", breaks_text(lease),
         "A break ends the lease early only if written notice is served in time: see the "
         "key dates. Breaks should be open to both sides, on equal notice."],
        ["Repairs", repair_text(lease),
         REPAIR_MEANING.get(lease.repairing, "Who repairs is not agreed yet.")],
    ]  # fmt: skip
    if cycles_text(lease):
        rows.append(
            ["Repair and decoration cycles", cycles_text(lease),
             "Budget for the work in the years it falls due (see the key dates)."]
        )  # fmt: skip
    rows += [
        ["Insurance", insurance_text(lease),
         "Check each year what is covered, the sum insured and who pays the premium."],
        ["Use (user clause)", text_or(lease.user_clause),
         "The building may be used only for this; anything else needs the landlord's consent."],
        ["Assignment and subletting", text_or(lease.alienation),
         "Whether the group may pass the lease on or let rooms to others."],
        ["Overage", text_or(lease.overage),
         "A payment to the landlord if the building is later sold or developed for more."],
        ["Service charge", text_or(lease.service_charge),
         "Charges for shared services on top of the rent."],
        ["Landlord's legal costs", who_text(lease.legal_costs_by),
         "Who pays the council's solicitors for the lease."],
        ["Business rates relief", text_or(lease.rate_relief),
         "Charities get 80% mandatory relief; the council may add up to 20% (discretionary)."],
        ["Conditions precedent", text_or(lease.conditions_precedent),
         "What must happen before the lease is granted."],
        ["Market value and price", value_text(view),
         "A council may let for less than the market value (an undervalue of up to "
         "£2,000,000 under the general consent) if the transfer promotes the area's "
         "well-being."],
    ]  # fmt: skip
    return rows


def _status_sentence(view: LeaseView) -> str:
    lease = view.lease
    status = LEASE_STATUSES.get(lease.status, lease.status)
    kind = "a new lease" if lease.is_new else "an existing lease"
    if lease.status == NEGOTIATING:
        return (
            f"{status}: {kind}, still being agreed. Every term and date here is a proposal "
            "until the lease is signed."
        )
    return f"{status}: {kind}."


def _write_lease(facts: CaseFacts, doc: HouseDocument, view: LeaseView, level: int) -> None:
    lease = view.lease
    doc.para(_status_sentence(view), bold="Status:")
    doc.heading("The key terms in plain English", level)
    rows = _meaning_rows(view)
    doc.table(["Term", "What the lease says", "What it means for the group"], rows,
              widths_cm=[3.4, 6.6, 6.4])  # fmt: skip
    gaps = [row[0] for row in rows if row[1].startswith(NOT_AGREED)]
    if gaps:
        doc.para(
            "Not recorded yet (fill in on the Lease and CAT page): " + "; ".join(gaps) + ".",
        )

    doc.heading("Checks", level)
    if view.checks:
        doc.para(
            "cattool checks the terms against the rules and good practice for CAT leases. "
            "A provisional check rests on law whose start date or detail is not yet settled."
        )
        write_checks(doc, view.checks, sources=True)
    else:
        doc.para("No check found a problem with these terms.")

    doc.heading("Every key date", level)
    doc.para(CONTRACTUAL)
    rows = key_date_rows(view)
    if not lease.in_force and lease.start_date is not None:
        doc.para(
            f"The lease is not signed yet: every date is proposed, counted from the proposed "
            f"start of {format_date(lease.start_date)}, and moves if the start does."
        )
    if rows:
        years = f" over the {lease.term_years}-year term" if lease.term_years else ""
        doc.para(f"{len(rows)} key dates{years}, in date order:")
        doc.table(["Date", "Key date", "What it means and what to do"], rows,
                  widths_cm=[2.9, 4.5, 9.0])  # fmt: skip
    else:
        doc.para("No key dates yet: the lease's start date and term are needed to work them out.")


def build(facts: CaseFacts, doc: HouseDocument) -> None:
    docs = lease_docs(facts)
    views = docs.not_ended
    name = facts.asset.name.strip() or facts.name
    doc.title(subtitle=f"{name}, as at {format_date(facts.today)}")
    which = "each lease says" if len(views) > 1 else "the lease says"
    doc.para(
        f"For the committee: what {which} in plain English, what cattool's checks found, "
        "and every date the lease sets for its whole life. The same dates are on the "
        "Deadlines page, in the agenda and in the calendar export."
    )
    if len(views) == 1:
        _write_lease(facts, doc, views[0], 1)
    else:
        for view in views:
            doc.heading(view.lease.name)
            _write_lease(facts, doc, view, 2)
    if docs.cat.started:
        doc.heading("Where the Community Asset Transfer has got to")
        reached = docs.cat.reached
        assert reached is not None and docs.cat.reached_on is not None
        on = format_date(docs.cat.reached_on)
        doc.para(f"Last step recorded: {reached.label.lower()}, {on}.")
        doc.table(["Step", "Council policy", "When"], cat_rows(docs), widths_cm=[6.4, 4.8, 5.2])
        doc.small(cat_note(docs))


KINDS = (
    DocumentKind(
        key="lease-summary",
        title="Lease summary for the committee",
        summary="Every key term and every key date of the lease in plain English, with the checks.",
        builder=build,
        requirements=(LEASE, LEASE_PREMISES, LEASE_TERM, LEASE_START),
        # A lease runs 25 years or more, long after the listing's stages: every stage.
        stages=None,
        on_route=has_lease,
        # For the group's own committee (it weighs the group's negotiating position):
        # never sent with the bid.
        in_bid_pack=False,
    ),
)
