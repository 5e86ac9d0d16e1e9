"""The bid pack's front page: a cover letter to the council with the pack's index, or,
when the letter cannot be addressed or signed yet, the index alone."""

from __future__ import annotations

from cattool.documents.facts import CaseFacts
from cattool.documents.kinds.letters import letterhead
from cattool.documents.registry import DocumentKind, statuses
from cattool.documents.requirements import ASSET_ADDRESS, COUNCIL, GROUP_CONTACT, GROUP_NAME
from cattool.documents.style import HouseDocument, format_date


def pack_contents(facts: CaseFacts) -> tuple[tuple[str, str], ...]:
    """What the pack holds: set by the bid pack, or (alone) every applicable ready kind."""
    if facts.pack_contents:
        return facts.pack_contents
    return tuple(
        (s.kind.title, s.kind.filename(s.latest.revision if s.latest else 1))
        for s in statuses(facts)
        if s.applies and s.ready and s.kind.in_bid_pack and s.kind.key not in KEYS
    )


def _index(facts: CaseFacts, doc: HouseDocument) -> None:
    contents = pack_contents(facts)
    doc.heading("Contents of this pack")
    if contents:
        doc.table(
            ["No.", "Document", "File"],
            [[str(n), title, name] for n, (title, name) in enumerate(contents, 1)],
            widths_cm=[1.4, 7.5, 7.5],
        )
    else:
        doc.para("This pack holds no other documents yet.")


def build_cover(facts: CaseFacts, doc: HouseDocument) -> None:
    group = facts.group
    assert group is not None  # a requirement
    letterhead(facts, doc)
    asset = facts.asset.name or facts.name
    doc.heading(f"{asset}, {facts.asset.full_address}", 2)
    doc.para(
        f"On behalf of {group.name}, I enclose our documents about {asset} "
        f"({facts.asset.full_address}), under {facts.regime.name}. The case's present "
        f"stage is: {facts.stage_label}. The contents are listed below."
    )
    running = [d for d in facts.deadlines if d.is_open and d.date and d.who != "nobody"]
    if running:
        soonest = min(running, key=lambda d: d.date)  # type: ignore[arg-type, return-value]
        provisional = (
            " (provisional: the regulations are not yet made)" if soonest.provisional else ""
        )
        doc.para(
            f"Please note the deadline that applies now: {soonest.label.lower()}, "
            f"{format_date(soonest.date)}{provisional}."  # type: ignore[arg-type]
        )
    doc.para(
        "Please acknowledge receipt in writing, giving the date you received this pack, "
        "and contact me with any questions."
    )
    doc.signature_block(
        [(group.contact_name, f"{group.contact_role}, {group.name}")], closing="Yours faithfully,"
    )
    _index(facts, doc)


def build_index(facts: CaseFacts, doc: HouseDocument) -> None:
    doc.title(subtitle=f"{facts.name}, {format_date(facts.today)}")
    _index(facts, doc)


COVER = DocumentKind(
    key="cover-letter",
    title="Cover letter and index",
    summary="The bid pack's covering letter to the council, with the list of what is enclosed.",
    builder=build_cover,
    requirements=(COUNCIL, GROUP_NAME, GROUP_CONTACT, ASSET_ADDRESS),
)
INDEX = DocumentKind(
    key="pack-index",
    title="Index",
    summary="The bid pack's list of contents (used when the cover letter cannot be written).",
    builder=build_index,
    in_bid_pack=False,
    stages=frozenset(),  # never offered on its own
)
KINDS = (COVER, INDEX)
KEYS = {k.key for k in KINDS}
