"""Heads of terms: the main terms of the lease the council and the group are agreeing,
for the solicitors to turn into the lease (DOMAIN.md §7).

Always marked "Subject to contract and without prejudice" (§7): in the page header, so on
every page, and under the title. A term not yet recorded is said to be "Not yet agreed"
and listed at the end; a lease still being negotiated is called a draft, and a term a
provisional check touches (law not yet commenced) carries a provisional note.
"""

from __future__ import annotations

from docx.shared import Pt

from cattool.core.lease.facts import NEGOTIATING
from cattool.core.lease.queries import LeaseView
from cattool.documents.facts import CaseFacts
from cattool.documents.kinds.lease_sections import (
    NOT_AGREED,
    breaks_text,
    current_view,
    cycles_text,
    has_lease,
    insurance_text,
    premium_text,
    rent_text,
    repair_text,
    review_text,
    term_text,
    text_or,
    value_text,
    who_text,
)
from cattool.documents.registry import DocumentKind
from cattool.documents.requirements import (
    LEASE,
    LEASE_PREMISES,
    LEASE_RENT,
    LEASE_REPAIRING,
    LEASE_TERM,
    LEASE_USER,
)
from cattool.documents.style import HouseDocument, format_date

MARKING = "Subject to contract and without prejudice"


def mark_every_page(doc: HouseDocument) -> None:
    """The marking, bold and in capitals, above the house header on every page."""
    header = doc.doc.sections[0].header
    first = header.paragraphs[0]
    marking = first.insert_paragraph_before(style=first.style)
    run = marking.add_run(MARKING.upper())
    run.bold = True
    run.font.size = Pt(10)


def _tenant(facts: CaseFacts, view: LeaseView) -> str:
    tenant = view.lease.tenant.strip()
    group = facts.group
    if group is not None and group.name.strip().lower() == tenant.lower():
        details = [group.legal_form_label]
        if group.registration_number.strip():
            details.append(f"registered number {group.registration_number.strip()}")
        if group.address.strip():
            details.append(f"of {group.address.strip()}")
        tenant += f" ({', '.join(d for d in details if d)})"
    return tenant


def _start(view: LeaseView) -> str:
    start = view.lease.start_date
    if start is None:
        return "The date the lease is completed"
    return format_date(start) + ("" if view.lease.in_force else " (proposed)")


def _sections(facts: CaseFacts, view: LeaseView) -> list[tuple[str, list[tuple[str, str]]]]:
    lease = view.lease
    asset = facts.asset
    premises = [("Premises", lease.premises.strip())]
    if asset.full_address:
        premises.append(("Address", asset.full_address))
    if asset.title_number.strip():
        premises.append(("Land Registry title", asset.title_number.strip()))
    if lease.plan_path.strip():
        premises.append(("Plan", f"The plan attached ({lease.plan_path.strip().split('/')[-1]})"))
    repairs = [("Repairing obligation", repair_text(lease))]
    if cycles_text(lease):
        repairs.append(("Repair and decoration", cycles_text(lease)))
    repairs.append(("Insurance", insurance_text(lease)))
    return [
        ("Parties", [("Landlord", lease.landlord.strip()), ("Tenant", _tenant(facts, view))]),
        ("Premises", premises),
        (
            "Term and breaks",
            [
                ("Term", term_text(view)),
                ("Start", _start(view)),
                ("Break clauses", breaks_text(lease)),
            ],
        ),
        (
            "Rent",
            [
                ("Rent", rent_text(lease)),
                ("Premium", premium_text(lease)),
                ("Rent review", review_text(lease)),
                ("Service charge", text_or(lease.service_charge)),
            ],
        ),
        ("Repair and insurance", repairs),
        (
            "Use and dealings",
            [
                ("Permitted use (user clause)", text_or(lease.user_clause)),
                ("Assignment and subletting", text_or(lease.alienation)),
                ("Overage", text_or(lease.overage)),
            ],
        ),
        (
            "Costs, rates and conditions",
            [
                ("Landlord's legal costs paid by", who_text(lease.legal_costs_by)),
                ("Business rates relief", text_or(lease.rate_relief)),
                ("Conditions precedent", text_or(lease.conditions_precedent)),
            ],
        ),
        ("Price and market value", [("Consideration", value_text(view))]),
    ]


def _provisional_notes(view: LeaseView) -> dict[str, list[str]]:
    """Provisional checks (law not yet in force), by the term they touch."""
    notes: dict[str, list[str]] = {}
    for check in view.checks:
        if check.provisional:
            for name in check.fields:
                notes.setdefault(name, []).append(f"{check.title}. {check.source}.")
    return notes


SECTION_FIELDS = {
    "Rent": ("rent", "rent_review_basis", "rent_review_years", "peppercorn"),
    "Term and breaks": ("term_years", "start_date", "breaks"),
    "Repair and insurance": ("repairing", "building_condition", "insurance_by"),
}


def build(facts: CaseFacts, doc: HouseDocument) -> None:
    view = current_view(facts)
    lease = view.lease
    mark_every_page(doc)
    doc.title()
    marking = doc.para()
    run = marking.add_run(MARKING.upper())
    run.bold = True
    run.font.size = Pt(14)
    doc.para(f"{facts.asset.name.strip() or lease.name}, {facts.asset.full_address}".strip(", "),
             style="Subtitle")  # fmt: skip
    doc.para(
        f"These heads of terms set out the main terms proposed for a lease of the premises "
        f"below from {lease.landlord.strip()} to {lease.tenant.strip()}. They are not legally "
        "binding: neither party is committed until the lease is signed and dated. The "
        "solicitors will draft the lease from them."
    )
    if lease.status == NEGOTIATING:
        doc.para(
            f"Draft for discussion, as at {format_date(facts.today)}: these terms are still "
            "being negotiated, so every term and date below is a proposal, not yet agreed.",
            bold="Provisional.",
        )
    notes = _provisional_notes(view)
    gaps: list[str] = []
    for number, (title, rows) in enumerate(_sections(facts, view), 1):
        doc.heading(f"{number}. {title}")
        doc.fields(rows)
        gaps += [label for label, value in rows if value.startswith(NOT_AGREED)]
        for name in SECTION_FIELDS.get(title, ()):
            for note in notes.get(name, []):
                doc.small(f"Provisional note: {note}")
    doc.heading("Still to be agreed")
    if gaps:
        doc.para("These terms are not recorded yet; fill them in on the Lease and CAT page:")
        doc.bullets(gaps)
    else:
        doc.para("Every main term above has a proposal.")
    doc.heading("Agreed, subject to contract")
    doc.para(f"{MARKING.capitalize()}. Signed to show the terms are agreed in principle.")
    group = facts.group
    tenant_signer = (
        (group.contact_name, f"{group.contact_role}, for {lease.tenant.strip()}")
        if group is not None and group.contact_name.strip()
        else ("", f"for {lease.tenant.strip()}")
    )
    doc.signature_block([("", f"for {lease.landlord.strip()}"), tenant_signer])


KINDS = (
    DocumentKind(
        key="heads-of-terms",
        title="Heads of terms",
        summary="The lease's main terms for the solicitors, subject to contract and without "
        "prejudice.",
        builder=build,
        requirements=(LEASE, LEASE_PREMISES, LEASE_TERM, LEASE_RENT, LEASE_REPAIRING, LEASE_USER),
        # A lease is agreed whatever the listing's stage: a CAT needs no listing at all,
        # and a group that buys a leasehold agrees its terms too.
        stages=None,
        on_route=has_lease,
        # Negotiated between the group and the council's estates team, not part of the
        # bid under the Community Right to Bid/Buy.
        in_bid_pack=False,
    ),
)
