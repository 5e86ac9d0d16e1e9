"""The evidence that the group may nominate (Localism Act 2011 s.89(2); SI 2012/2421
regs 4-5): its legal form and the rule, the register of members on the electoral roll
(for an unincorporated body, at least 21), its governing document, local connection and
the committee's resolution.

The only document that names members: their names and addresses are personal data
(UK GDPR, DOMAIN.md section 11), so only the members on the electoral register are
listed, and only when the group's legal form needs them.
"""

from __future__ import annotations

from cattool.core.eligibility import legal_forms
from cattool.core.rules.stage import STAGES
from cattool.documents.facts import CaseFacts, GroupFacts
from cattool.documents.kinds.nomination import (
    NOT_REGISTERED,
    address_lines,
    conditions,
    count,
    kind_in_pack,
)
from cattool.documents.kinds.resolution import (
    NOMINATE_STAGES,
    council_name,
    resolution_is_for_this_step,
    step_name,
    with_article,
)
from cattool.documents.registry import DocumentKind
from cattool.documents.requirements import (
    ELIGIBLE,
    GOVERNING_DOCUMENT,
    GROUP_NAME,
    LEGAL_FORM,
    LOCAL_CONNECTION,
    MEMBER_REGISTER,
    RESOLUTION,
)
from cattool.documents.style import HouseDocument, format_date

KEY = "eligibility-evidence"
REGIME_2026 = "england-2026"
LOCAL_CONNECTION_RULE = (
    "A body has a local connection when its activities are wholly or partly concerned "
    "with the council's area or a neighbouring authority's area and, for a body that must "
    "not distribute its surplus, any surplus it makes is applied wholly or partly for the "
    "benefit of that area (SI 2012/2421 reg 4)."
)


def _lists_members(group: GroupFacts) -> bool:
    """Only a body that needs members on the electoral register lists any (reg 5(1)(c))."""
    return legal_forms()[group.legal_form].min_local_members > 0


def _privacy_note(facts: CaseFacts, doc: HouseDocument, group: GroupFacts) -> None:
    if not _lists_members(group):
        return
    doc.para(
        f"This document gives the names and addresses of members of {group.name}, which "
        "are personal data under the UK GDPR. They are given to "
        f"{council_name(facts)} only so that it can check that the group is eligible. "
        "Please do not publish them, pass them on or use them for anything else, and keep "
        "them no longer than that check needs. The group's other documents give the number "
        "of members only.",
        bold="Personal data.",
        style="Small Print",
    )


def _group(facts: CaseFacts, doc: HouseDocument, group: GroupFacts) -> None:
    form = legal_forms()[group.legal_form]
    doc.heading("The group")
    rows = [("Name", group.name), ("Legal form", form.label)]
    if group.registration_number.strip():
        rows.append(("Registration number", group.registration_number.strip()))
    elif form.min_local_members:
        rows.append(("Registration number", NOT_REGISTERED))
    rows.append(("Governing document", group.governing_document.strip()))
    if group.address.strip():
        rows.append(("Correspondence address", address_lines(group.address)))
    if group.contact_name.strip() and group.contact_role.strip():
        rows.append(("Contact", f"{group.contact_name}, {group.contact_role}"))
    doc.fields(rows)


def _rule(facts: CaseFacts, doc: HouseDocument, group: GroupFacts) -> None:
    form = legal_forms()[group.legal_form]
    check = facts.eligibility
    assert check is not None and check.eligible  # ELIGIBLE
    doc.heading("Who may nominate")
    met = conditions(check)
    doc.para(
        "A parish council, or a voluntary or community body with a local connection, may "
        "nominate land as an asset of community value (Localism Act 2011 s.89(2); "
        f"SI 2012/2421 regs 4 and 5). {group.name} is {with_article(form.label)}, "
        f"one of those bodies under {form.source}"
        + (", and meets each condition that applies to it:" if met else ".")
    )
    doc.bullets(met)
    if facts.stage not in NOMINATE_STAGES:
        doc.para(
            "The council may also use this evidence to check that the group is a community "
            "interest group that may bid for the listed asset."
        )
    if facts.regime.id == REGIME_2026:
        doc.para(
            "Who may nominate under the English Devolution and Community Empowerment Act "
            "2026 is presumed unchanged from SI 2012/2421 regs 4-5 until regulations say "
            "otherwise.",
            bold="Provisional:",
        )


def _members(facts: CaseFacts, doc: HouseDocument, group: GroupFacts) -> None:
    form = legal_forms()[group.legal_form]
    doc.heading("Members on the electoral register")
    if not _lists_members(group):
        doc.para(
            f"{group.name} is {with_article(form.label)}: it does not need members on the "
            "electoral register to nominate, so no member's personal details are given here."
        )
        return
    local = group.local_members
    spare = len(local) - form.min_local_members
    doc.para(
        f"An unincorporated body needs at least {form.min_local_members} individual members "
        "on the electoral register of the council or a neighbouring council "
        f"({form.source}). {group.name} has {count(len(local))} such members, listed below"
        + (f": {count(spare)} more than needed." if spare > 0 else ": exactly the number needed.")
    )
    doc.table(
        ["No.", "Name", "Address", "Electoral register of"],
        [
            [
                str(n),
                m.name,
                ", ".join(p for p in (m.address.strip(), m.postcode.strip()) if p),
                m.council.strip(),
            ]
            for n, m in enumerate(local, 1)
        ],
        widths_cm=[1.2, 4.4, 6.6, 4.2],
        caption=f"Members of {group.name} on the electoral register, as at "
        f"{format_date(facts.today)}",
    )
    others = len(group.members) - len(local)
    if others:
        doc.para(
            f"The group has {count(others)} other "
            + ("member" if others == 1 else "members")
            + " not on the electoral register of this council or a neighbouring one; "
            + ("their details are" if others > 1 else "that member's details are")
            + " not needed and are not given."
        )


def _governing_document(facts: CaseFacts, doc: HouseDocument, group: GroupFacts) -> None:
    doc.heading("Governing document")
    doc.para(group.governing_document.strip().rstrip(".") + ".")
    if group.objects.strip():
        doc.heading("Objects", 2)
        doc.paras(group.objects)
    doc.heading("Surplus and assets", 2)
    statements = [
        "The group does not distribute any surplus to its members."
        if group.not_for_profit
        else "The group's rules allow it to distribute surplus to its members.",
        "Its assets are protected by an asset lock: they may be used only for its purposes "
        "and cannot be distributed to its members."
        if group.asset_lock
        else "Its assets are not subject to a formal asset lock.",
    ]
    if group.registration_number.strip():
        statements.append(f"Its registration number is {group.registration_number.strip()}.")
    doc.bullets(statements)


def _local_connection(doc: HouseDocument, group: GroupFacts) -> None:
    doc.heading("Local connection")
    doc.paras(group.local_connection)
    doc.small(LOCAL_CONNECTION_RULE)


def _resolution(facts: CaseFacts, doc: HouseDocument, group: GroupFacts) -> None:
    event = facts.latest_event("committee-resolution")
    assert event is not None  # RESOLUTION
    doc.heading("The committee's resolution")
    if resolution_is_for_this_step(facts):
        doc.para(
            f"At its meeting on {format_date(event.date)}, the committee of {group.name} "
            f"resolved to authorise {step_name(facts)}."
        )
    else:
        doc.para(
            f"The committee of {group.name} last resolved to act on this asset at its "
            f"meeting on {format_date(event.date)}."
        )
    if event.note.strip():
        doc.para(event.note.strip(), bold="The minute records:")
    minute = kind_in_pack(facts, "resolution")
    if minute:
        doc.para(f"The minute is enclosed ({minute[0]}).")


def build(facts: CaseFacts, doc: HouseDocument) -> None:
    group = facts.group
    assert group is not None  # GROUP_NAME
    if facts.stage in NOMINATE_STAGES:
        subtitle = f"{group.name}: evidence that it may nominate {facts.name}"
    else:
        subtitle = f"{group.name}: evidence that it is an eligible community group"
    doc.title(subtitle=subtitle)
    _privacy_note(facts, doc, group)
    _group(facts, doc, group)
    _rule(facts, doc, group)
    _members(facts, doc, group)
    _governing_document(facts, doc, group)
    _local_connection(doc, group)
    _resolution(facts, doc, group)


KINDS = (
    DocumentKind(
        key=KEY,
        title="Eligibility evidence",
        summary="Evidence the group may nominate: legal form, members on the electoral "
        "register (personal data), governing document, local connection, resolution.",
        builder=build,
        requirements=(
            GROUP_NAME,
            LEGAL_FORM,
            GOVERNING_DOCUMENT,
            LOCAL_CONNECTION,
            ELIGIBLE,
            RESOLUTION,
            MEMBER_REGISTER,
        ),
        stages=frozenset(STAGES) - {"completed"},
        personal_data=True,
    ),
)
