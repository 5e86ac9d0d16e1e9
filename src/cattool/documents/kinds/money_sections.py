"""Pieces the money documents share: the table of contents field, the funding sources
and totals tables, and the share offer's terms. Layout only: every figure comes from
the money core through MoneyFacts."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.text.paragraph import Paragraph

from cattool.core.money.format import format_money as core_money
from cattool.core.money.format import format_percent
from cattool.core.money.share_offer import HoldingCap, OfferTerms
from cattool.core.money.vocabulary import SOCIETY_TYPES, SOURCE_KINDS, STATUS_LABELS, STATUSES
from cattool.documents.facts import CaseFacts
from cattool.documents.money_facts import MoneyFacts
from cattool.documents.style import HouseDocument, format_date, format_money, required

TOC_INSTRUCTION = r'TOC \o "1-3" \h \z \u'
TOC_HINT = "Right-click here and choose Update Field to add page numbers to this contents list."


def money_of(facts: CaseFacts) -> MoneyFacts:
    if facts.money is None:  # the requirements catch this first
        raise ValueError("no money facts loaded for this case")
    return facts.money


def pounds(amount: Decimal) -> str:
    """'£38,000' (whole pounds, half up): for wide forecast tables; sums stay in pence."""
    return core_money(amount, pence=False)


def signed_pounds(amount: Decimal) -> str:
    """'£1,200' or '(£1,200)' for a deficit, as accounts write it."""
    return f"({pounds(-amount)})" if amount < 0 else pounds(amount)


def when(day: dt.date | None, missing: str = "not dated") -> str:
    return format_date(day) if day is not None and day != dt.date.min else missing


def asset_name(facts: CaseFacts) -> str:
    return facts.asset.name.strip() or facts.name


# Table of contents ---------------------------------------------------------------------
def _run(paragraph: Paragraph, *children: OxmlElement) -> None:
    run = OxmlElement("w:r")
    for child in children:
        run.append(child)
    paragraph._p.append(run)


def _fld_char(kind: str) -> OxmlElement:
    element = OxmlElement("w:fldChar")
    element.set(qn("w:fldCharType"), kind)
    if kind == "begin":
        element.set(qn("w:dirty"), "true")  # Word offers to update it on opening
    return element


def _text(value: str) -> OxmlElement:
    element = OxmlElement("w:t")
    element.set(qn("xml:space"), "preserve")
    element.text = value
    return element


def insert_toc(doc: HouseDocument, after: Paragraph, *, levels: int = 2) -> None:
    """A real Word TOC field after `after` (the subtitle), whose shown text until it is
    updated lists the document's headings (levels 1-`levels`) and says how to update it.

    Called once the document is written, so the headings are known.
    """
    entries = [
        (int(p.style.name.split()[-1]), p.text)
        for p in doc.doc.paragraphs
        if p.style.name.startswith("Heading ") and p.style.name.split()[-1].isdigit()
    ]
    entries = [(level, text) for level, text in entries if level <= levels]
    anchor = after._p
    heading = OxmlElement("w:p")
    anchor.addnext(heading)
    title = Paragraph(heading, after._parent)
    title.style = doc.doc.styles["TOC Heading"]
    title.add_run("Contents")
    title.paragraph_format.keep_with_next = True
    previous = title
    paragraphs: list[Paragraph] = []
    for level, _label in [*entries, (0, TOC_HINT)]:
        element = OxmlElement("w:p")
        previous._p.addnext(element)
        paragraph = Paragraph(element, after._parent)
        paragraph.paragraph_format.left_indent = Cm(0.6 * max(level - 1, 0))
        paragraph.paragraph_format.space_after = Pt(2)
        paragraphs.append(paragraph)
        previous = paragraph
    first, last = paragraphs[0], paragraphs[-1]
    instruction = OxmlElement("w:instrText")
    instruction.set(qn("xml:space"), "preserve")
    instruction.text = f" {TOC_INSTRUCTION} "
    _run(first, _fld_char("begin"))
    _run(first, instruction)
    _run(first, _fld_char("separate"))
    for paragraph, (_level, text) in zip(paragraphs, [*entries, (0, TOC_HINT)], strict=True):
        _run(paragraph, _text(text))
    last.style = doc.doc.styles["Small Print"]
    _run(last, _fld_char("end"))
    last.paragraph_format.space_after = Pt(12)


# Funding ------------------------------------------------------------------------------
def need_rows(money: MoneyFacts) -> list[list[str]]:
    """The capital costs, each line as entered (or 'not entered'), and the total."""
    from cattool.core.money.plan import cost_lines

    rows = [
        [line.label, format_money(line.amount) if line.amount is not None else "Not entered"]
        for line in cost_lines(money.plan)
    ]
    rows.append(["Total costs", format_money(money.position.need.total_costs)])
    return rows


def need_sentence(money: MoneyFacts) -> str:
    need = money.position.need
    return (
        f"The group needs at least {format_money(need.minimum)} to complete the purchase, "
        f"aims to raise {format_money(need.target)} and could use up to "
        f"{format_money(need.maximum)}."
    )


def source_rows(money: MoneyFacts) -> list[list[str]]:
    """Each source in pipeline order (received first), with its status and key date."""
    order = {status: n for n, status in enumerate(reversed(STATUSES[:-1]))}
    order["declined"] = len(order)
    rows = []
    for source in sorted(money.sources, key=lambda s: (order.get(s.status, 99), s.id)):
        if source.status == "received":
            date = f"Received {when(source.received_on)}"
        elif source.status == "declined":
            date = "Declined"
        else:
            parts = []
            if source.decision_expected:
                parts.append(f"Decision {format_date(source.decision_expected)}")
            parts.append(f"Expected {when(source.expected_on)}")
            date = "; ".join(parts)
        rows.append(
            [
                source.label,
                SOURCE_KINDS.get(source.kind, source.kind),
                STATUS_LABELS.get(source.status, source.status),
                date,
                format_money(source.amount),
            ]
        )
    return rows


SOURCE_HEADER = ["Source", "Kind", "Status", "Dates", "Amount"]
SOURCE_WIDTHS = [5.4, 2.8, 2.4, 3.4, 2.4]


def status_rows(money: MoneyFacts) -> list[list[str]]:
    """Totals by status (every status, with the likelihood the projection uses)."""
    table = money.plan.likelihoods.table()
    return [
        [
            STATUS_LABELS.get(status, status),
            format_money(money.position.totals.get(status, Decimal(0))),
            format_percent(table[status]),
        ]
        for status in STATUSES
    ]


def gap_sentence(money: MoneyFacts) -> str:
    place = money.position
    have = format_money(place.in_hand_or_secured)
    if place.gap > 0:
        return (
            f"Secured or received so far: {have} of the {format_money(place.need.target)} "
            f"target. The gap still to close is {format_money(place.gap)}."
        )
    return (
        f"Secured or received so far: {have}, which covers the "
        f"{format_money(place.need.target)} target with {format_money(place.surplus)} to spare."
    )


# Share offer --------------------------------------------------------------------------
def cap_text(cap: HoldingCap) -> str:
    state = "UNVERIFIED setting" if cap.provisional else "setting"
    return f"{format_money(cap.amount)} per member ({state}). {cap.source}"


def terms_rows(terms: OfferTerms) -> list[tuple[str, str]]:
    """The offer's terms as label/value rows (required ones checked by the registry)."""
    interest = (
        f"The society aims to pay {format_percent(terms.interest_rate)} a year (not "
        "guaranteed; paid only from surpluses)"
        if terms.interest_rate
        else "No interest is offered"
    )
    return [
        ("Issued by", SOCIETY_TYPES.get(terms.society_type, terms.society_type)),
        ("Minimum holding", format_money(required(terms.min_holding, "the minimum holding"))),
        ("Maximum holding", format_money(required(terms.max_holding, "the maximum holding"))),
        ("Minimum raise", format_money(required(terms.min_raise, "the minimum raise"))),
        (
            "Target raise",
            format_money(terms.target_raise) if terms.target_raise is not None else "Not set",
        ),
        ("Maximum raise", format_money(required(terms.max_raise, "the maximum raise"))),
        ("Opens", when(terms.opens_on)),
        ("Closes", when(terms.closes_on)),
        ("Interest", interest),
        ("Withdrawal", required(terms.withdrawal_rules, "the withdrawal rules")),
    ]
