"""The group's letter to the council that starts the full moratorium: under the 2011 Act a
written request to be treated as a potential bidder (Localism Act 2011 s.95(3)(a), within
the six-week interim moratorium of s.95(6)); under the 2026 Act a notice of intention to
exercise the Community Right to Buy, where every period that rests on a provisional
parameter is marked PROVISIONAL.

The letter is followed, on a page of its own, by notes for the group (not for the
council): the day by which the council must RECEIVE it, with the weekend and bank-holiday
warnings, and how to deliver it so that the date of receipt can be proved.

It applies only while the request can still be made (the interim-moratorium stage). Once
that window has closed without the council's receipt being recorded, the letter is not
produced: it would have no legal effect, and the registry says why (WINDOW_OPEN).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from cattool.core.dates import format_date_weekday_long
from cattool.core.rules.calendar import Length, period_end
from cattool.core.rules.engine import MET, PASSED, Deadline
from cattool.core.rules.events import event_kinds, event_label
from cattool.documents.facts import CaseFacts
from cattool.documents.kinds.letters import letterhead
from cattool.documents.registry import DocumentKind, Requirement
from cattool.documents.requirements import (
    ASSET_ADDRESS,
    COUNCIL,
    ELIGIBLE,
    ORGANISATION,
    OWNER_NOTICE,
)
from cattool.documents.style import HouseDocument, MissingValue, format_date, required

INTERIM = "interim-moratorium-ends"
FULL = "full-moratorium-ends"
RECEIVED = "bidder-request-received"
PROVISIONAL = "PROVISIONAL"
NUMBER_WORDS = ("", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
                "ten", "eleven", "twelve")  # fmt: skip


def received_in_time(facts: CaseFacts) -> dt.date | None:
    """The day the council received the group's request within the window, if recorded."""
    deadline = facts.deadline(INTERIM)
    if deadline is None or deadline.date is None or deadline.start_date is None:
        return None
    found = [
        e.date
        for e in facts.events
        if e.kind == RECEIVED and deadline.start_date <= e.date <= deadline.date
    ]
    return min(found, default=None)


def _window_open(facts: CaseFacts) -> bool:
    """Still worth sending (or a copy of one that arrived in time); not once the last day
    has passed, nor once the listing ended or the sale completed (the deadline is 'met'
    by those too, without any request)."""
    deadline = facts.deadline(INTERIM)
    if deadline is None or deadline.date is None:
        return True  # no owner's notice yet: OWNER_NOTICE says so
    if deadline.status == PASSED:
        return False
    return deadline.status != MET or received_in_time(facts) is not None


WINDOW_OPEN = Requirement(
    "a request that can still arrive in time: the last day for it has passed, or the "
    "moratorium no longer applies (if the council did receive the group's request in time, "
    "record that event)",
    "events",
    _window_open,
)


@dataclass(frozen=True, slots=True)
class Wording:
    """What differs between the 2011 request to bid and the 2026 notice to buy."""

    subject: str  # the letter's subject, before the asset
    thing: str  # "request" / "notice": what the group sends
    opening: str  # first paragraph; {group} is filled in


BID = Wording(
    subject="Request to be treated as a potential bidder",
    thing="request",
    opening=(
        "I write on behalf of {group} to ask that the group be treated as a potential bidder "
        "in relation to the land described below. Please treat this letter as the group's "
        "written request to be treated as a potential bidder under section 95(3)(a) of the "
        "Localism Act 2011 and the Assets of Community Value (England) Regulations 2012 "
        "(SI 2012/2421)."
    ),
)
BUY = Wording(
    subject="Notice of intention to exercise the right to buy",
    thing="notice",
    opening=(
        "I write on behalf of {group} to give notice that the group intends to exercise the "
        "Community Right to Buy in relation to the land described below. Please treat this "
        "letter as the group's written notice of its intention to buy under Part 5 Chapter 3 "
        "of the Localism Act 2011 as amended by the English Devolution and Community "
        "Empowerment Act 2026 (2026 c. 23)."
    ),
)


def day(value: dt.date) -> str:
    """'Sunday 6 December 2026' (English names whatever the computer's locale)."""
    return format_date_weekday_long(value)


def length_words(length: Length) -> str:
    """'six weeks', '12 months'."""
    amount = NUMBER_WORDS[length.amount] if length.amount < len(NUMBER_WORDS) else length.amount
    unit = length.unit[:-1] if length.amount == 1 else length.unit
    return f"{amount} {unit}"


def with_article(text: str) -> str:
    """'an unincorporated body', 'a charitable incorporated organisation (CIO)'."""
    text = text[:1].lower() + text[1:]
    return ("an " if text[:1] in "aeiou" else "a ") + text


def _provisional_parameter(facts: CaseFacts, key: str) -> bool:
    parameter = facts.regime.parameters.get(key)
    return parameter is not None and parameter.provisional


def _mark(text: str, provisional: bool) -> str:
    return f"{text} ({PROVISIONAL})" if provisional else text


def _interim(facts: CaseFacts) -> tuple[Deadline, dt.date, dt.date]:
    """The interim deadline, the day its count began and its last day."""
    deadline = facts.deadline(INTERIM)
    if deadline is None or deadline.date is None or deadline.start_date is None:
        raise MissingValue(
            "the last day for the group's request (record when the council received the "
            "owner's notice on the Events page)"
        )
    return deadline, deadline.start_date, deadline.date


def _full_moratorium(facts: CaseFacts, start: dt.date) -> tuple[Length, dt.date, bool] | None:
    """The moratorium the request starts: its length, last day and whether provisional."""
    rule = facts.regime.period_index.get(FULL)
    if rule is None:
        return None
    return rule.length, period_end(start, rule.length).last_day, rule.provisional


def _asset_fields(facts: CaseFacts) -> list[tuple[str, str]]:
    asset = facts.asset
    listing = "Included in the council's list of assets of community value"
    entered = facts.latest_event("listed")
    notified = facts.latest_event("listing-notice-given")
    if entered is not None:
        listing += f" on {format_date(entered.date)}"
    elif notified is not None:
        listing += f" (notice of listing given on {format_date(notified.date)})"
    pairs = [
        ("Asset", asset.name.strip() or facts.name),
        ("Address", required(asset.full_address, "the asset's address")),
        ("Listing", listing),
    ]
    if asset.uprn.strip():
        pairs.append(("UPRN", asset.uprn.strip()))
    if asset.title_number.strip():
        pairs.append(("Land Registry title", asset.title_number.strip()))
    owners = facts.parties_with("owner")
    if owners:
        pairs.append(("Owner", "; ".join(p.name for p in owners)))
    return pairs


def _group_paragraph(facts: CaseFacts, doc: HouseDocument, buy: bool) -> None:
    group = facts.group
    assert group is not None  # ORGANISATION
    form = with_article(required(group.legal_form_label, "the group's legal form"))
    number = group.registration_number.strip()
    registered = f" (registered number {number})" if number else ""
    surplus = (
        ", which does not distribute any surplus it makes to its members"
        if group.not_for_profit
        else ""
    )
    text = f"{group.name} is a community interest group: it is {form}{registered}{surplus}"
    connection = group.local_connection.strip().rstrip(".")
    if connection:
        text += f". Its local connection with the area: {connection}."
    else:
        text += ", with a local connection to the area."
    if buy and facts.regime.provisional:
        text += (
            " Who may exercise the right to buy awaits the regulations; meanwhile we rely on "
            f"the meaning of a community interest group under the 2011 scheme ({PROVISIONAL})."
        )
    doc.para(text)


def _timing_paragraphs(facts: CaseFacts, doc: HouseDocument, buy: bool) -> None:
    deadline, start, last = _interim(facts)
    owner_notice = facts.latest_event("owner-notice-received")
    received = owner_notice.date if owner_notice is not None else start
    notice = (
        f"The council received the owner's notice of intended disposal on {format_date(received)}."
    )
    rule = facts.regime.period_index[INTERIM]
    if not buy:
        doc.para(
            f"{notice} Under section 95(6) of the Localism Act 2011 the interim moratorium is "
            f"{length_words(rule.length)} beginning with that date, so it ends on {day(last)}. "
            "This request is sent so that the council receives it within that period."
        )
        return
    window = length_words(rule.length)
    begins = f"beginning with {'that date' if start == received else format_date(start)}"
    unsettled = [
        words
        for key, words in (
            ("interest-window", "the length of this window"),
            ("moratorium-trigger", "the day it starts from"),
        )
        if _provisional_parameter(facts, key)
    ]
    if unsettled:
        verb = "is" if len(unsettled) == 1 else "are"
        label = f" ({PROVISIONAL}: {' and '.join(unsettled)} {verb} not yet fixed by regulations)"
    else:
        label = f" ({PROVISIONAL})" if deadline.provisional else ""
    doc.para(
        f"{notice} We understand that a group's notice of intention to buy must reach the "
        f"council within {window} {begins}, that is by {day(last)}{label}. This notice is "
        "sent so that the council receives it within that period."
    )


def _requests(facts: CaseFacts, doc: HouseDocument, wording: Wording, buy: bool) -> None:
    _deadline, start, _last = _interim(facts)
    thing = wording.thing
    items = [
        f"confirm in writing the date on which the council received this {thing};",
        f"pass this {thing} on to the owner, or tell the owner its details"
        + (", as section 98 of the Localism Act 2011 requires;" if not buy else ";"),
    ]
    full = _full_moratorium(facts, start)
    if full is not None:
        length, end, provisional = full
        if buy:
            items.append(
                "confirm the moratorium that now applies: "
                f"{_mark(length_words(length), _provisional_parameter(facts, 'moratorium-length'))}"
                f" beginning with {format_date(start)}, ending on {_mark(day(end), provisional)}, "
                "during which the group may buy at a price agreed with the owner or set by an "
                "independent valuer at market value;"
            )
            items.append(
                "tell us the steps and timetable the council will follow (for the valuation, "
                "and if the owner asks the council to check the group's progress), since the "
                "regulations fixing them are not yet made."
            )
        else:
            items.append(
                "record on the list of assets of community value that a request has been "
                f"received, so that the full moratorium applies: {length_words(length)} "
                f"beginning with {format_date(start)}, ending on {day(end)}."
            )
    items[-1] = items[-1].rstrip(";") + ("" if items[-1].endswith(".") else ".")
    doc.para("Please:")
    doc.bullets(items)


def _provisional_notice(facts: CaseFacts, doc: HouseDocument) -> None:
    if not facts.regime.provisional_parameters():
        return
    doc.para(
        "The regulations that fix the steps of the Community Right to Buy are not yet made. "
        f"Periods and dates marked {PROVISIONAL} in this letter are our understanding, "
        "presumed to follow the 2011 scheme until regulations say otherwise; please tell us "
        "at once if the council counts them differently.",
        bold=f"{PROVISIONAL}:",
    )


def _signature(facts: CaseFacts, doc: HouseDocument, wording: Wording) -> None:
    group = facts.group
    assert group is not None
    closing = doc.para("Yours faithfully,")
    closing.paragraph_format.keep_with_next = True  # never a signature alone on a page
    name = required(group.contact_name, "who signs for the group")
    role = required(group.contact_role, "the signatory's role")
    doc.signature_block([(name, f"{role}, {group.name}")])


def _notes_for_group(facts: CaseFacts, doc: HouseDocument, wording: Wording) -> None:
    deadline, _start, last = _interim(facts)
    council = facts.council
    assert council is not None
    thing = wording.thing
    # The notes start a new page through the paragraph's own setting: a separate page
    # break paragraph would leave a blank page whenever the letter fills its last page.
    banner = doc.para(
        "notes for the group from cattool. Do not send this page to the council.",
        bold="Not part of the letter:",
        style="Small Print",
    )
    banner.paragraph_format.page_break_before = True
    received = received_in_time(facts)
    if received is not None:
        doc.heading("About this copy", 2)
        doc.para(
            f"cattool records that the council received the group's {thing} on "
            f"{format_date(received)}, within the time allowed. Keep this copy with "
            "the case papers; there is nothing more to send.",
            bold="Already received.",
        )
        return
    doc.heading(f"Before you send this {thing}", 2)
    left = (last - facts.today).days
    when = (
        "That is today."
        if left == 0
        else "That is tomorrow."
        if left == 1
        else f"That is {left} days from {format_date(facts.today)}."
    )
    doc.para(
        f"The council must RECEIVE this {thing} by {_mark(day(last), deadline.provisional)}. "
        f"{when} A {thing} that arrives later has no effect, whenever it was posted.",
        bold="Last day:",
    )
    advice = [
        "Sign and date the letter and keep a copy of exactly what you send.",
        "Do not rely on the post. Deliver it by hand to the council's offices and ask for a "
        "receipt with the date on it, and send it by email as well"
        + (f" (to {council.email.strip()})" if council.email.strip() else "")
        + ", asking the council to confirm the date it was received.",
        "Send it well before the last day, on a working day, so there is time to try again "
        "if anything goes wrong.",
        "When the council confirms, record the date it received the "
        f"{thing} as an event ('{event_label(RECEIVED)}'): cattool then counts the "
        "moratorium from it.",
    ]
    warnings = [w for w in deadline.warnings if w.strip() and not w.startswith("Provisional:")]
    if deadline.provisional:
        warnings.insert(0, _provisional_warning(facts))
    if warnings:
        doc.para("Check these points about the dates:", bold="Warnings.")
        doc.bullets(warnings)
    doc.para("How to send it:", bold="Delivery.")
    doc.bullets(advice)


def _provisional_warning(facts: CaseFacts) -> str:
    """The engine's provisional note, in words: which presumed values the date rests on."""
    rule = facts.regime.period_index[INTERIM]
    presumed = []
    for key in rule.provisional_parameters:
        parameter = facts.regime.parameters[key]
        value = parameter.value
        if value in event_kinds():
            value = event_label(value).lower()
        presumed.append(f"{parameter.label.lower()} ({value})")
    rests = f" It rests on presumed values: {'; '.join(presumed)}." if presumed else ""
    return (
        f"This date is {PROVISIONAL}: the regulations that fix the steps are not yet made."
        f"{rests} Ask the council to confirm the date in writing; when the regulations are "
        "made, set the real values in cattool's regime settings."
    )


def _build(facts: CaseFacts, doc: HouseDocument, wording: Wording) -> None:
    buy = wording is BUY
    letterhead(facts, doc)
    asset = facts.asset
    doc.heading(f"{wording.subject}: {asset.name.strip() or facts.name}", 2)
    group = facts.group
    assert group is not None
    doc.para(wording.opening.format(group=group.name))
    doc.fields(_asset_fields(facts))
    if buy:
        _provisional_notice(facts, doc)
    _timing_paragraphs(facts, doc, buy)
    _group_paragraph(facts, doc, buy)
    _requests(facts, doc, wording, buy)
    _signature(facts, doc, wording)
    _notes_for_group(facts, doc, wording)


def build(facts: CaseFacts, doc: HouseDocument) -> None:
    """The letter the case's law calls for (the 2026 notice under a provisional regime)."""
    _build(facts, doc, BUY if facts.regime.id == "england-2026" else BID)


REQUIREMENTS = (OWNER_NOTICE, COUNCIL, ASSET_ADDRESS, *ORGANISATION, ELIGIBLE, WINDOW_OPEN)
STAGES = frozenset({"interim-moratorium"})

KINDS = (
    DocumentKind(
        key="bidder-request",
        title="Request to be treated as a potential bidder",
        summary="The group's written request to bid; the council must receive it within the "
        "six-week interim moratorium.",
        builder=build,
        requirements=REQUIREMENTS,
        stages=STAGES,
        regimes=frozenset({"england-2011"}),
        sent_event=RECEIVED,
    ),
    DocumentKind(
        key="intention-to-buy",
        title="Notice of intention to exercise the right to buy",
        summary="The group's notice that it will buy (Community Right to Buy); the window "
        "for it is provisional until regulations are made.",
        builder=build,
        requirements=REQUIREMENTS,
        stages=STAGES,
        regimes=frozenset({"england-2026"}),
        sent_event=RECEIVED,
    ),
)
