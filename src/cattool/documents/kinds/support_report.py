"""Evidence of community support: every survey, petition, public meeting, ballot and
pledge drive with its figures, the shares worked out from them (response rate or turnout,
share in favour: derived here, never stored), a summary and a bar chart.

Counts only: no names or addresses of the people who took part (DOMAIN.md sections 9, 11).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from cattool.documents.charts import BarRow, Series, bar_chart
from cattool.documents.facts import CaseFacts, EvidenceFacts
from cattool.documents.registry import DocumentKind
from cattool.documents.requirements import EVIDENCE
from cattool.documents.style import HouseDocument, format_date, format_percent

CHART_WIDTH_CM = 16.0
CHART_MAX_ROWS = 12  # a taller picture would not fit on one page


@dataclass(frozen=True, slots=True)
class Words:
    """How one kind of evidence talks about its three counts."""

    label: str  # "Survey"
    plural: str  # "surveys"
    reached: str  # who could take part: "people asked"
    took_part: str  # what taking part was: "answered"
    rate: str  # what took part / reached is called ("" : a bare percentage)
    yes: str  # what in favour is called: "in favour"
    counted: str  # responses alone: "{n} people signed"


WORDS = {
    "survey": Words(
        "Survey", "surveys", "people asked", "answered", "", "in favour", "{n} people answered"
    ),
    "petition": Words(
        "Petition", "petitions", "people asked", "signed", "", "in favour", "{n} people signed"
    ),
    "meeting": Words(
        "Public meeting",
        "public meetings",
        "people invited",
        "came",
        "",
        "voted in favour",
        "{n} people attended",
    ),
    "ballot": Words(
        "Ballot",
        "ballots",
        "people entitled to vote",
        "took part",
        "turnout",
        "voted yes",
        "{n} people voted",
    ),
    "pledges": Words(
        "Pledges",
        "pledge drives",
        "people asked",
        "pledged",
        "",
        "in favour",
        "{n} people pledged support",
    ),
}


def words(kind: str) -> Words:
    fallback = kind.replace("-", " ")
    return WORDS.get(
        kind,
        Words(fallback.capitalize(), fallback + "s", "people reached", "took part", "",
              "in favour", "{n} people took part"),
    )  # fmt: skip


def with_article(text: str) -> str:
    """'an unincorporated body', 'a charitable incorporated organisation (CIO)'."""
    text = text[:1].lower() + text[1:]
    return ("an " if text[:1] in "aeiou" else "a ") + text


def count(n: int) -> str:
    return f"{n:,}"


def item_name(item: EvidenceFacts) -> str:
    return item.title.strip() or words(item.kind).label


def item_description(item: EvidenceFacts) -> str:
    """The title, with the kind in front unless the title already says it."""
    label = words(item.kind).label
    title = item.title.strip()
    if not title:
        return label
    key = label.split()[-1].lower().rstrip("s")  # survey, petition, meeting, ballot, pledge
    return title if key in title.lower() else f"{label}: {title}"


def ordered(facts: CaseFacts) -> list[EvidenceFacts]:
    """Oldest first; undated items last, in the order they were entered."""
    return sorted(facts.evidence, key=lambda e: e.held_on or dt.date.max)


def took_part_phrase(item: EvidenceFacts) -> str:
    """'640 of 1,200 people asked answered (53%)', '1,834 people signed', or ''."""
    w = words(item.kind)
    if item.responses is None:
        return ""
    if item.reached:
        rate = format_percent(item.responses, item.reached)
        rate = f"{rate} {w.rate}" if w.rate else rate
        return (
            f"{count(item.responses)} of {count(item.reached)} {w.reached} {w.took_part} ({rate})"
        )
    return w.counted.format(n=count(item.responses))


def in_favour_phrase(item: EvidenceFacts) -> str:
    """'610 (95%) in favour', or '' when there is no count in favour."""
    if item.in_favour is None or not item.responses:
        return ""
    share = format_percent(item.in_favour, item.responses)
    return f"{count(item.in_favour)} ({share}) {words(item.kind).yes}"


def figures_sentence(item: EvidenceFacts) -> str:
    """The item's figures in one sentence, without its name."""
    parts = [p for p in (took_part_phrase(item), in_favour_phrase(item)) if p]
    if not parts:
        return "No figures were recorded for this item."
    text = "; ".join(parts)
    return text[0].upper() + text[1:] + "."


def when(item: EvidenceFacts) -> str:
    return format_date(item.held_on) if item.held_on else "date not recorded"


def _kinds_phrase(items: list[EvidenceFacts]) -> str:
    """'one survey, one petition and two public meetings'."""
    numbers = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
    order = list(WORDS)
    kinds = sorted({i.kind for i in items}, key=lambda k: (order.index(k) if k in order else 99, k))
    phrases = []
    for kind in kinds:
        n = sum(1 for i in items if i.kind == kind)
        w = words(kind)
        number = numbers[n] if n < len(numbers) else count(n)
        noun = w.label.lower() if n == 1 else w.plural
        if kind == "pledges":
            noun = "pledge drive" if n == 1 else w.plural
        phrases.append(f"{number} {noun}")
    if len(phrases) == 1:
        return phrases[0]
    return ", ".join(phrases[:-1]) + " and " + phrases[-1]


def _introduction(facts: CaseFacts, doc: HouseDocument, items: list[EvidenceFacts]) -> None:
    asset = facts.asset
    name = asset.name.strip() or facts.name
    where = f" ({asset.full_address})" if asset.full_address else ""
    group = facts.group
    if group is not None and group.name.strip():
        form = f", {with_article(group.legal_form_label)}," if group.legal_form_label else ""
        who = f"{group.name}{form} is"
    else:
        who = "Local people are"
    doc.heading("About this report")
    doc.para(f"{who} working to keep {name}{where} in use for the local community.")
    if asset.description.strip():
        doc.para(asset.description.strip())
    dated = [i.held_on for i in items if i.held_on]
    span = ""
    if dated:
        first, last = min(dated), max(dated)
        span = (
            f" on {format_date(first)}"
            if first == last
            else f" between {format_date(first)} and {format_date(last)}"
        )
    doc.para(
        f"This report sets out the evidence of community support gathered so far: "
        f"{_kinds_phrase(items)}{span}. It gives the numbers only; no one who took part "
        "is named."
    )


def _summary(doc: HouseDocument, items: list[EvidenceFacts]) -> None:
    doc.heading("Summary")
    counted = [i for i in items if i.responses is not None]
    sentences = [f"{words(i.kind).label} ({when(i)}): {figures_sentence(i)}" for i in counted]
    doc.para(" ".join(sentences), bold="In short:")
    largest = sorted(range(len(counted)), key=lambda n: -(counted[n].responses or 0))
    rows = [counted[n] for n in sorted(largest[:CHART_MAX_ROWS])]  # in date order
    chart = bar_chart(
        [
            BarRow(
                item_name(i),
                (i.reached, i.responses, i.in_favour),
                "; ".join(p for p in (took_part_phrase(i), in_favour_phrase(i)) if p),
            )
            for i in rows
        ],
        [Series("Reached or entitled"), Series("Took part"), Series("In favour")],
        axis_label="People",
        width_cm=CHART_WIDTH_CM,
    )
    shown = (
        "each item of evidence"
        if len(rows) == len(counted)
        else f"the {len(rows)} items with the most people taking part (of {len(counted)})"
    )
    measured = [
        name
        for name, present in (
            ("reached", any(i.reached is not None for i in rows)),
            ("taking part", True),
            ("in favour", any(i.in_favour is not None for i in rows)),
        )
        if present
    ]
    what = " and ".join([", ".join(measured[:-1]), measured[-1]] if len(measured) > 1 else measured)
    layered = (
        " The bars start from the same line: each darker bar sits inside the lighter one."
        if len(measured) > 1
        else ""
    )
    doc.picture(
        chart,
        width_cm=CHART_WIDTH_CM,
        caption=f"Figure 1. People {what}, for {shown}.{layered}",
    )
    if len(counted) > 1:
        doc.small(
            "The figures are not added together: the same people may have taken part in "
            "more than one survey, petition, meeting, ballot or pledge drive."
        )


def _cell(value: int | None, whole: int | None = None) -> str:
    if value is None:
        return "not counted"
    if whole:
        return f"{count(value)} ({format_percent(value, whole)})"
    return count(value)


def _details(doc: HouseDocument, items: list[EvidenceFacts]) -> None:
    doc.heading("The evidence")
    doc.table(
        ["Date", "Evidence", "Reached or entitled", "Took part", "In favour"],
        [
            [
                when(i),
                item_description(i),
                _cell(i.reached),
                _cell(i.responses, i.reached),
                _cell(i.in_favour, i.responses),
            ]
            for i in items
        ],
        widths_cm=[2.9, 6.1, 2.4, 2.5, 2.5],
        caption=(
            "Percentages in brackets: people who took part out of those reached or entitled "
            "(response rate or turnout), and people in favour out of those who took part."
        ),
    )
    for item in items:
        doc.heading(item_name(item), 2)
        doc.para(figures_sentence(item), bold=f"{words(item.kind).label}, {when(item)}.")
        if item.note.strip():
            doc.paras(item.note)


def _method(doc: HouseDocument) -> None:
    doc.heading("How the figures were worked out")
    doc.small(
        "Response rate (for a ballot, turnout) is the number who took part divided by the "
        "number reached or entitled to take part. The share in favour is the number in "
        "favour divided by the number who took part. Percentages are rounded to the "
        "nearest whole number and worked out afresh from the recorded counts each time "
        "this report is produced."
    )
    doc.small(
        "The group keeps the underlying forms, signatures and tallies. They hold personal "
        "data (UK GDPR), so they are not included here; the council may ask to inspect them."
    )


def build(facts: CaseFacts, doc: HouseDocument) -> None:
    items = ordered(facts)
    name = facts.asset.name.strip() or facts.name
    doc.title(subtitle=f"{name}, as at {format_date(facts.today)}")
    _introduction(facts, doc, items)
    _summary(doc, items)
    _details(doc, items)
    _method(doc)


KINDS = (
    DocumentKind(
        key="support-report",
        title="Evidence of community support",
        summary="Surveys, petitions, meetings, ballots and pledges: figures, shares and a chart.",
        builder=build,
        requirements=(EVIDENCE,),
    ),
)
