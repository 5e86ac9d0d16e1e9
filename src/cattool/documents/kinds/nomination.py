"""The nomination of land as an Asset of Community Value, addressed to the council.

Everything SI 2012/2421 reg 6 requires, in its order: (a) the land and its proposed
boundaries, (b) the occupiers and the freehold and leasehold owners, (c) why the land is
of community value under the right limb of Localism Act 2011 s.88, (d) the evidence that
the nominator is eligible (s.89, regs 4-5); then what councils' forms add (supporting
information, attachments, declaration and signature). Members' names never appear here:
they are personal data and go only in the eligibility evidence (DOMAIN.md section 11).
"""

from __future__ import annotations

from pathlib import PurePath

from cattool.core.eligibility import EligibilityCheck, legal_forms
from cattool.documents.facts import CaseFacts, EvidenceFacts, GroupFacts, PartyFacts
from cattool.documents.kinds.resolution import NOMINATE, council_name, purpose, with_article
from cattool.documents.registry import DocumentKind, document_kinds
from cattool.documents.requirements import (
    ASSET_ADDRESS,
    ASSET_BOUNDARY,
    ASSET_DESCRIPTION,
    ASSET_NAME,
    COMMUNITY_USE,
    COMMUNITY_VALUE,
    COUNCIL,
    ELIGIBLE,
    ORGANISATION,
    OWNER,
)
from cattool.documents.style import HouseDocument, MissingValue, format_date, format_percent

KEY = "nomination"
#: Before listing, after an unsuccessful or lapsed listing, and while listed (a
#: re-nomination before the listing expires: it cannot be extended).
STAGES = frozenset(
    {"identified", "nominated", "not-listed", "delisted", "listing-expired", "listed"}
)
OWNER_ROLES = {"freeholder": "Freeholder", "leaseholder": "Leaseholder", "owner": "Owner"}
REGIME_2026 = "england-2026"
NOT_REGISTERED = "Not applicable: an unincorporated body is not registered"
PROVISIONAL = "Provisional:"

# The two limbs of s.88, in the statute's words (2011) ---------------------------------
S88_1 = (
    "an actual current use of the land that is not an ancillary use furthers the social "
    "wellbeing or social interests of the local community, and it is realistic to think "
    "that there can continue to be non-ancillary use of the land which will further "
    "(whether or not in the same way) the social wellbeing or social interests of the "
    "local community"
)
S88_2 = (
    "there is a time in the recent past when an actual use of the land that was not an "
    "ancillary use furthered the social wellbeing or interests of the local community, and "
    "it is realistic to think that there is a time in the next five years when there could "
    "be non-ancillary use of the land that would further (whether or not in the same way "
    "as before) the social wellbeing or social interests of the local community"
)
SOCIAL_INTERESTS = (
    "Social interests include cultural, recreational and sporting interests (s.88(6))."
)
LIMBS = {
    "current": ("s.88(1)", "section 88(1)", S88_1, "The community use is current"),
    "recent-past": ("s.88(2)", "section 88(2)", S88_2, "The community use was in the recent past"),
}
AMENDED_2026 = {
    "current": (
        "The English Devolution and Community Empowerment Act 2026 widens community value: "
        "a use that furthers the economic wellbeing of the local community, as well as its "
        "social wellbeing or social interests, now counts. The land's use furthers the "
        "community's wellbeing in the ways set out below."
    ),
    "recent-past": (
        "The English Devolution and Community Empowerment Act 2026 drops the word "
        "\u201crecent\u201d from this test, so a non-ancillary use in the past counts, and "
        "widens community value to include the local community's economic wellbeing. The "
        "land's past use, and the use it could return to, are set out below."
    ),
}
PROVISIONAL_2026 = (
    "The 2026 Act's changes to Localism Act 2011 s.88 apply once they are brought into "
    "force; the commencement date and the regulations were not known when this nomination "
    "was written. The council is asked to apply whichever wording is in force when it "
    "decides; the reasons below are given so that they meet either."
)
PROVISIONAL_ELIGIBILITY = (
    "Who may nominate under the 2026 Act is presumed unchanged from SI 2012/2421 regs 4-5 "
    "until regulations say otherwise."
)


# Shared wording (the eligibility evidence and resolution use these too) --------------
def count(n: int) -> str:
    return f"{n:,}"


def evidence_line(item: EvidenceFacts) -> str | None:
    """One sentence of figures for a survey, petition, meeting, ballot or pledge drive,
    or None when it has no figures to report."""
    if item.responses is None:
        return None
    title = item.title.strip() or item.kind.capitalize()
    when = f" ({format_date(item.held_on)})" if item.held_on else ""
    responses = count(item.responses)
    rate = format_percent(item.responses, item.reached) if item.reached else ""
    if item.kind == "petition":
        figures = f"{responses} signatures"
    elif item.kind == "meeting":
        figures = f"{responses} people attended"
    elif item.kind == "pledges":
        figures = f"{responses} pledges"
    elif item.kind == "ballot":
        figures = f"{responses} votes cast"
        if item.reached:
            figures += f" of {count(item.reached)} eligible ({rate} turnout)"
    else:
        figures = f"{responses} responses"
        if item.reached:
            figures += f" from {count(item.reached)} people asked ({rate} responded)"
    if item.in_favour is not None and item.responses:
        word = "voted yes" if item.kind == "ballot" else "in favour"
        figures += (
            f"; {count(item.in_favour)} {word} ({format_percent(item.in_favour, item.responses)})"
        )
    return f"{title}{when}: {figures}."


#: The eligibility check's own words (written for the Group page), as a letter says them.
CONDITION_WORDS = {
    "local connection described": "it has a local connection with the area (SI 2012/2421 "
    "reg 4), described below",
    "does not distribute surplus to members": "it does not distribute any surplus to its members",
}


def conditions(check: EligibilityCheck) -> list[str]:
    """The conditions the group meets beyond its legal form (the check's satisfied lines
    after the first, which says the form may nominate), as sentences."""
    lines = []
    for line in check.satisfied[1:]:
        text = CONDITION_WORDS.get(line, line)
        if text[:1].isdigit():  # '22 members on the electoral register (…)'
            text = "it has " + text
        lines.append(text[0].upper() + text[1:] + ".")
    return lines


def evidence_lines(facts: CaseFacts) -> list[str]:
    return [line for line in map(evidence_line, facts.evidence) if line]


def kind_in_pack(facts: CaseFacts, module: str) -> tuple[str, str] | None:
    """(title, file name or '') of the kind written by `module` if the bid pack holds it
    (or, outside a pack, would: it applies and its data is complete); else None."""
    kind = next(
        (
            k
            for k in document_kinds().values()
            if k.builder.__module__ == f"cattool.documents.kinds.{module}"
        ),
        None,
    )
    if kind is None:
        return None
    if facts.pack_contents:
        return next(((t, f) for t, f in facts.pack_contents if t == kind.title), None)
    if kind.in_bid_pack and kind.applies(facts) and not kind.missing(facts):
        return kind.title, ""
    return None


def address_lines(address: str) -> str:
    return "\n".join(part.strip() for part in address.split(",") if part.strip())


# Sections ------------------------------------------------------------------------------
def _opening(facts: CaseFacts, doc: HouseDocument, group: GroupFacts) -> None:
    council = facts.council
    assert council is not None  # COUNCIL
    doc.fields(
        [
            ("To", f"{council.name}\n{address_lines(council.address)}"),
            ("From", f"{group.name}\n{address_lines(group.address)}"),
            ("Date", format_date(facts.today)),
        ]
    )
    doc.para(
        f"{group.name} nominates the land described below for inclusion in "
        f"{council_name(facts)}'s list of assets of community value, under section 89 of "
        "the Localism Act 2011. "
        "This nomination gives the information required by regulation 6 of the Assets of "
        "Community Value (England) Regulations 2012 (SI 2012/2421), in that order: the "
        "land and its boundaries (section 1), its occupiers and owners (section 2), why it "
        "is of community value (section 3) and why the nominator is eligible (section 4)."
    )
    history = _history(facts)
    if history:
        doc.para(history, bold="Earlier decisions.")
    if facts.regime.id == REGIME_2026:
        doc.para(
            f"This nomination is made under the {facts.regime.law}. Points that depend on "
            "regulations not yet made are marked \u201cprovisional\u201d.",
            bold="The law.",
        )


def _history(facts: CaseFacts) -> str:
    """What the council already decided about this land, when that matters now."""
    if facts.stage == "listed":
        listed = facts.latest_event("listed") or facts.latest_event("listing-notice-given")
        expires = facts.deadline("listing-expires")
        text = "The land is already on the council's list"
        if listed:
            text += f" (entered on {format_date(listed.date)})"
        if expires and expires.date:
            text += f"; the listing ends on {format_date(expires.date)}"
        return (
            text + ". A listing cannot be extended, so this is a re-nomination: please "
            "decide it before the current listing ends, so that protection continues."
        )
    if facts.stage == "not-listed":
        rejected = facts.latest_event("nomination-rejected")
        if rejected:
            return (
                f"The council decided on {format_date(rejected.date)} not to list the land. "
                "This nomination is made afresh and should be decided on what it now says."
            )
    if facts.stage == "delisted":
        removed = facts.latest_event("delisted")
        if removed:
            return (
                f"The land was removed from the list on {format_date(removed.date)}; this "
                "nomination asks for it to be listed again."
            )
    if facts.stage == "listing-expired":
        expires = facts.deadline("listing-expires")
        if expires and expires.date:
            return (
                f"The land's previous listing ended on {format_date(expires.date)}; this "
                "nomination asks for it to be listed again."
            )
    return ""


def _land(facts: CaseFacts, doc: HouseDocument) -> None:
    asset = facts.asset
    doc.heading("1. The land and its proposed boundaries")
    doc.small(
        "SI 2012/2421 reg 6(a): a description of the land, including its proposed boundaries."
    )
    rows = [
        ("Name", asset.name),
        ("Address", asset.address),
        ("Postcode", asset.postcode or "Not known"),
        ("UPRN", asset.uprn or "Not known"),
        ("Land Registry title number", asset.title_number or "Not known"),
    ]
    if asset.asset_type:
        rows.append(("Type of asset", asset.asset_type.capitalize()))
    if asset.condition:
        rows.append(("Condition", asset.condition))
    doc.fields(rows, caption="Asset details")
    doc.heading("Description of the land", 2)
    doc.paras(asset.description)
    doc.heading("Proposed boundaries", 2)
    doc.paras(asset.boundary)
    if asset.plan_path.strip():
        doc.para(
            "A plan showing the proposed boundaries is attached "
            f"({PurePath(asset.plan_path).name})."
        )


def _party_rows(parties: tuple[PartyFacts, ...], *, interest: bool) -> list[list[str]]:
    rows = []
    for p in parties:
        address = p.address.strip() or "Not known to the nominator"
        name = f"{p.name} ({p.note.strip()})" if p.note.strip() else p.name
        rows.append([name, OWNER_ROLES[p.role], address] if interest else [name, address])
    return rows


def _occupiers_and_owners(facts: CaseFacts, doc: HouseDocument) -> None:
    doc.heading("2. Occupiers and owners")
    doc.small(
        "SI 2012/2421 reg 6(b): all the information the nominator has about the names of the "
        "current occupants, and the names and current or last-known addresses of everyone "
        "holding a freehold or leasehold estate in the land."
    )
    doc.heading("Current occupants", 2)
    occupiers = facts.parties_with("occupier")
    if occupiers:
        doc.table(["Name", "Address"], _party_rows(occupiers, interest=False), widths_cm=[7.0, 9.4])
    else:
        doc.para("The nominator knows of no current occupant of the land.")
    doc.heading("Freehold and leasehold owners", 2)
    owners = sorted(
        facts.parties_with(*OWNER_ROLES), key=lambda p: (list(OWNER_ROLES).index(p.role), p.name)
    )
    doc.table(
        ["Name", "Interest", "Current or last-known address"],
        _party_rows(tuple(owners), interest=True),
        widths_cm=[5.6, 3.0, 7.8],
    )


def _community_value(facts: CaseFacts, doc: HouseDocument) -> None:
    use = facts.asset.community_use
    if use not in LIMBS:
        raise MissingValue(
            "whether the community use is current or in the recent past (Asset and owners page)"
        )
    short, section, words, lead = LIMBS[use]
    doc.heading("3. Why the land is of community value")
    doc.small(
        "SI 2012/2421 reg 6(c): the nominator's reasons for thinking the land is of "
        "community value."
    )
    doc.heading(f"The test: Localism Act 2011 {short}", 2)
    doc.para(
        f"{lead}, so the land is nominated under {section} of the Localism Act 2011: "
        f"{words}. {SOCIAL_INTERESTS}"
    )
    if facts.regime.id == REGIME_2026:
        doc.para(AMENDED_2026[use])
        doc.para(PROVISIONAL_2026, bold=PROVISIONAL)
    doc.heading("Our reasons", 2)
    doc.paras(facts.asset.community_value)
    lines = evidence_lines(facts)
    if lines:
        doc.heading("Local support", 2)
        doc.para(
            "Local people have shown their support for the land's community use: "
            + " ".join(lines)
            + " Details are under Supporting information (section 5)."
        )


def _eligibility(facts: CaseFacts, doc: HouseDocument, group: GroupFacts) -> None:
    form = legal_forms()[group.legal_form]
    check = facts.eligibility
    assert check is not None and check.eligible  # ELIGIBLE
    doc.heading("4. The nominator and its eligibility")
    doc.small(
        "SI 2012/2421 reg 6(d): evidence that the nominator is eligible to nominate "
        "(Localism Act 2011 s.89(2); SI 2012/2421 regs 4 and 5)."
    )
    rows = [
        ("Organisation", group.name),
        ("Legal form", form.label),
    ]
    if group.registration_number.strip():
        rows.append(("Registration number", group.registration_number))
    elif form.min_local_members:
        rows.append(("Registration number", NOT_REGISTERED))
    rows.append(("Correspondence address", address_lines(group.address)))
    rows.append(("Contact", f"{group.contact_name}, {group.contact_role}"))
    if group.email.strip():
        rows.append(("Email", group.email))
    if group.phone.strip():
        rows.append(("Telephone", group.phone))
    doc.fields(rows, caption="Organisation details")
    doc.heading("Why the nominator is eligible", 2)
    met = conditions(check)
    doc.para(
        f"{group.name} is {with_article(form.label)}, one of the bodies that may "
        f"nominate land under {form.source}."
        + (" It meets each condition that applies to it:" if met else "")
    )
    doc.bullets(met)
    if form.min_local_members:
        local = len(group.local_members)
        doc.para(
            f"The names and addresses of these {count(local)} members are personal data, so "
            "they are not given here: they are in the separate eligibility evidence, for "
            "the council's eligibility check only."
        )
    if group.local_connection.strip():
        doc.para(group.local_connection.strip(), bold="Local connection.")
    resolution = facts.latest_event("committee-resolution")
    if resolution is not None and purpose(facts) == NOMINATE:
        doc.para(
            f"The group's committee authorised this nomination at its meeting on "
            f"{format_date(resolution.date)}.",
            bold="Authority.",
        )
    if facts.regime.id == REGIME_2026:
        doc.para(PROVISIONAL_ELIGIBILITY, bold=PROVISIONAL)


def _supporting(facts: CaseFacts, doc: HouseDocument) -> None:
    doc.heading("5. Supporting information")
    rows = []
    for item in facts.evidence:
        line = evidence_line(item)
        if line is None:
            continue
        when = format_date(item.held_on) if item.held_on else "Date not recorded"
        rows.append([item.kind.capitalize(), when, line.split(": ", 1)[1].rstrip(".")])
    if rows:
        doc.para("The evidence of local support for the land's community use:")
        doc.table(["Evidence", "Date", "Figures"], rows, widths_cm=[2.8, 3.6, 10.0])
        notes = [f"{e.title}: {e.note.strip()}" for e in facts.evidence if e.note.strip()]
        if notes:
            doc.bullets(notes)
        report = kind_in_pack(facts, "support_report")
        if report:
            doc.para(f"The full figures are in the enclosed report, \u201c{report[0]}\u201d.")
    else:
        doc.para(
            "No survey, petition, meeting or ballot figures accompany this nomination; the "
            "reasons in section 3 rest on the land's use."
        )


def _attachments(facts: CaseFacts, doc: HouseDocument, group: GroupFacts) -> None:
    doc.heading("6. Attachments")
    rows: list[list[str]] = []
    if facts.asset.plan_path.strip():
        rows.append(
            [
                f"Plan showing the proposed boundaries ({PurePath(facts.asset.plan_path).name})",
                "Enclosed",
            ]
        )
    needs_members = legal_forms()[group.legal_form].min_local_members > 0
    eligibility = "Eligibility evidence: legal form, governing document, local connection"
    if needs_members:
        eligibility += ", members on the electoral register"
    for module, what in (
        ("eligibility_evidence", eligibility),
        ("resolution", "Minute of the committee's resolution to nominate"),
        ("support_report", "Report of the evidence of community support"),
    ):
        found = kind_in_pack(facts, module)
        if module == "resolution" and purpose(facts) != NOMINATE:
            found = None  # at this stage the resolution document is the one to bid
        if found:
            rows.append([what, f"Enclosed: {found[1]}" if found[1] else "Enclosed"])
        elif module != "support_report" or facts.evidence:
            rows.append([what, "Not enclosed"])
    governing = group.governing_document.strip()
    if governing:
        rows.insert(
            1 if facts.asset.plan_path.strip() else 0,
            [f"Governing document: {governing}", "Summarised in the eligibility evidence"],
        )
    doc.para("The documents that go with this nomination:")
    doc.table(["Attachment", "In this pack"], rows, widths_cm=[11.0, 5.4])


def _declaration(facts: CaseFacts, doc: HouseDocument, group: GroupFacts) -> None:
    doc.heading("7. Declaration")
    doc.para(
        f"On behalf of {group.name}, I declare that, to the best of our knowledge, the "
        "information in this nomination and its attachments is true and complete. We "
        "understand that the council will tell the owner and any occupier of the land about "
        "this nomination before it decides, and that it must decide within eight weeks of "
        "receiving it (SI 2012/2421 reg 7)."
    )
    doc.signature_block([(group.contact_name, f"{group.contact_role}, {group.name}")])


def build(facts: CaseFacts, doc: HouseDocument) -> None:
    group = facts.group
    assert group is not None  # ORGANISATION
    doc.title(
        "Nomination of an Asset of Community Value",
        subtitle=f"{facts.asset.name}, {facts.asset.full_address}",
    )
    _opening(facts, doc, group)
    _land(facts, doc)
    _occupiers_and_owners(facts, doc)
    _community_value(facts, doc)
    _eligibility(facts, doc, group)
    _supporting(facts, doc)
    _attachments(facts, doc, group)
    _declaration(facts, doc, group)


KINDS = (
    DocumentKind(
        key=KEY,
        title="ACV nomination",
        summary="The nomination to the council: the land, its owners, why it is of community "
        "value and why the group may nominate (Localism Act 2011 s.88, s.89; SI 2012/2421 "
        "regs 4-6).",
        builder=build,
        requirements=(
            ASSET_NAME,
            ASSET_ADDRESS,
            ASSET_DESCRIPTION,
            ASSET_BOUNDARY,
            COMMUNITY_USE,
            COMMUNITY_VALUE,
            OWNER,
            COUNCIL,
            *ORGANISATION,
            ELIGIBLE,
        ),
        stages=STAGES,
        sent_event="nomination-submitted",
    ),
)
