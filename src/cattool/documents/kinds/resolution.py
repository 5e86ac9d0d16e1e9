"""The minute of the committee's resolution: to nominate the asset (before it is listed),
or to ask to be treated as a potential bidder (2011) / to give notice of intention to
exercise the community right to buy (2026) once it is listed. Councils ask for it as
evidence that the group itself decided (DOMAIN.md section 3)."""

from __future__ import annotations

import re

from cattool.core.rules.stage import STAGES
from cattool.documents.facts import CaseFacts, EventFacts, GroupFacts
from cattool.documents.registry import DocumentKind, Requirement
from cattool.documents.requirements import (
    ASSET_ADDRESS,
    GROUP_CONTACT,
    GROUP_NAME,
    RESOLUTION,
    RESOLUTION_RECORD,
)
from cattool.documents.style import HouseDocument, format_date

KEY = "resolution"
#: Before the asset is listed (or after a listing failed, ended or was removed): nominate.
NOMINATE_STAGES = frozenset(
    {"identified", "nominated", "not-listed", "delisted", "listing-expired"}
)
#: Too late for a resolution to nominate or bid.
CLOSED_STAGES = frozenset({"completed", "sale-agreed"})
REGIME_2026 = "england-2026"

NOMINATE = "nominate"
BID = "bid"


def purpose(facts: CaseFacts) -> str:
    """What the committee resolves at this stage: to nominate, or to bid."""
    return NOMINATE if facts.stage in NOMINATE_STAGES else BID


def step_name(facts: CaseFacts) -> str:
    """The document the resolution authorises, as a noun phrase."""
    if purpose(facts) == NOMINATE:
        return "the nomination"
    if facts.regime.id == REGIME_2026:
        return "the notice of intention to exercise the community right to buy"
    return "the written request to be treated as a potential bidder"


def listed_on(facts: CaseFacts) -> EventFacts | None:
    found = [e for e in facts.events if e.kind in ("listed", "listing-notice-given")]
    return max(found, key=lambda e: e.date) if found else None


def resolution_is_for_this_step(facts: CaseFacts) -> bool:
    """A resolution to bid must postdate the listing (an older one was to nominate)."""
    event = facts.latest_event("committee-resolution")
    if event is None or purpose(facts) == NOMINATE:
        return True
    listing = listed_on(facts)
    return listing is None or event.date >= listing.date


RESOLUTION_FOR_STEP = Requirement(
    "the committee's resolution to bid, made after the asset was listed (an event "
    "'Committee resolved to nominate or bid')",
    "events",
    resolution_is_for_this_step,
)


def council_name(facts: CaseFacts) -> str:
    """The council as a letter would name it: 'Trafford Council', without the team."""
    council = facts.council
    if council is None:
        return "the council"
    return re.sub(r"\s*\([^)]*\)\s*$", "", council.name).strip() or council.name


def with_article(label: str) -> str:
    """'a charity', 'an unincorporated body', 'a community interest company (CIC)':
    a legal form's label in running text (only its first letter lowered)."""
    text = label[:1].lower() + label[1:]
    return ("an " if text[:1] in "aeiou" else "a ") + text


def _asset(facts: CaseFacts) -> str:
    name = facts.asset.name.strip()
    return f"{name}, {facts.asset.full_address}" if name else facts.asset.full_address


def resolved_text(facts: CaseFacts, group: GroupFacts) -> str:
    """The operative words of the resolution, for this stage and law."""
    asset = _asset(facts)
    council = council_name(facts)
    if purpose(facts) == NOMINATE:
        return (
            f"That {group.name} nominate {asset} for inclusion in {council}'s list of assets "
            "of community value, under section 89 of the Localism Act 2011 and regulations "
            "4 to 6 of the Assets of Community Value (England) Regulations 2012 "
            "(SI 2012/2421)."
        )
    when = (
        ""
        if facts.latest_event("owner-notice-received")
        else ", if the owner gives notice of an intended disposal of the asset,"
    )
    if facts.regime.id == REGIME_2026:
        return (
            f"That{when} {group.name} give {council} notice of its intention to exercise "
            f"the community right to buy {asset}, under Part 5 Chapter 3 of the Localism "
            "Act 2011 as amended by the English Devolution and Community Empowerment Act "
            "2026, and take the steps that follow to buy it."
        )
    return (
        f"That{when} {group.name} make a written request to {council} to be treated as a "
        f"potential bidder for {asset}, under section 95 of the Localism Act 2011, so "
        "that the full moratorium applies and the group can bid to buy it."
    )


def _deadline_item(facts: CaseFacts) -> str | None:
    if purpose(facts) != BID or facts.latest_event("owner-notice-received") is None:
        return None
    deadline = facts.deadline("interim-moratorium-ends")
    if deadline is None or deadline.date is None:
        return None
    note = " (a provisional date: the regulations are not yet made)" if deadline.provisional else ""
    return (
        f"That {step_name(facts)} be delivered so that the council receives it by "
        f"{format_date(deadline.date)}, the last day of the interim moratorium{note}."
    )


def _signatories(group: GroupFacts) -> list[tuple[str, str]]:
    role = group.contact_role.strip().lower()
    chair = (
        (group.contact_name, f"Chair, {group.name}")
        if role in ("chair", "chairperson", "chairman", "chairwoman", "chair of the committee")
        else ("", f"Chair, {group.name}")
    )
    secretary = (
        (group.contact_name, f"Secretary, {group.name}")
        if role in ("secretary", "honorary secretary", "hon. secretary")
        else ("", f"Secretary, {group.name}")
    )
    return [chair, secretary]


def build(facts: CaseFacts, doc: HouseDocument) -> None:
    group = facts.group
    event = facts.latest_event("committee-resolution")
    assert group is not None and event is not None  # GROUP_NAME, RESOLUTION
    meeting = format_date(event.date)
    doc.title("Committee resolution", subtitle=group.name)
    doc.para(f"Minute of the meeting of the committee of {group.name} held on {meeting}.")
    rows = [
        ("Group", group.name),
        ("Meeting", f"Committee meeting, {meeting}"),
        ("Asset", _asset(facts)),
        ("Decision", f"To authorise {step_name(facts)}"),
    ]
    if purpose(facts) == BID:
        rows.append(("Law", facts.regime.law))
    doc.fields(rows)

    doc.heading("Record of the meeting")
    doc.paras(event.note)

    doc.heading("Resolution")
    doc.para("It was resolved:")
    items = [
        resolved_text(facts, group),
        f"That {group.contact_name}, {group.contact_role}, is authorised to sign "
        f"{step_name(facts)} and the documents that go with it on behalf of {group.name}, "
        f"to send them to {council_name(facts)}, and to deal with the council about them.",
    ]
    deadline = _deadline_item(facts)
    if deadline:
        items.append(deadline)
    doc.bullets(items, numbered=True)
    if purpose(facts) == BID and facts.regime.id == REGIME_2026:
        doc.para(
            "The steps and time limits of the community right to buy depend on regulations "
            "not yet made when this minute was written; the group will follow them as made.",
            bold="Provisional:",
        )

    doc.heading("Signed as a true record")
    doc.para(
        f"We certify that this is a true record of the resolution passed by the committee of "
        f"{group.name} on {meeting}."
    )
    doc.signature_block(_signatories(group))


KINDS = (
    DocumentKind(
        key=KEY,
        title="Committee resolution",
        summary="The minute of the committee's decision to nominate the asset, or to bid "
        "for it once listed, naming who may sign for the group.",
        builder=build,
        requirements=(
            GROUP_NAME,
            GROUP_CONTACT,
            ASSET_ADDRESS,
            RESOLUTION,
            RESOLUTION_RECORD,
            RESOLUTION_FOR_STEP,
        ),
        stages=frozenset(STAGES) - CLOSED_STAGES,
    ),
)
