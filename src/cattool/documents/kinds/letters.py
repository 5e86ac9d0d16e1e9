"""What every letter shares: the sender's and the council's address blocks and the date."""

from __future__ import annotations

from cattool.documents.facts import CaseFacts, PartyFacts
from cattool.documents.style import HouseDocument, MissingValue, format_date, required


def address_lines(text: str) -> list[str]:
    """'12 High St, Hexham\nNE46 1AA' → one line per part, however it was typed."""
    return [line.strip() for line in text.replace("\n", ",").split(",") if line.strip()]


def letterhead(facts: CaseFacts, doc: HouseDocument, to: PartyFacts | None = None) -> None:
    """Sender, date, addressee (the council, or `to`), 'Dear Sir or Madam,'. Each address
    is one paragraph with line breaks, so the blocks stay tight and the letter short."""
    group = facts.group
    council = to or facts.council
    if group is None or council is None:  # requirements; the backstop names the gap
        raise MissingValue("the group and the council")
    sender = [required(group.name, "the group's name"), *address_lines(group.address)]
    sender += [part for part in (group.email.strip(), group.phone.strip()) if part]
    doc.para("\n".join(sender), style="Small Print")
    doc.para(format_date(facts.today))
    addressee = [council.name, *address_lines(required(council.address, "the council's address"))]
    doc.para("\n".join(addressee), style="Small Print")
    doc.para("Dear Sir or Madam,")
