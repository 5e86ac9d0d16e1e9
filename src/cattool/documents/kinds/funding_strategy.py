"""Funding strategy: every source with its status and dates, totals by status, the gap,
the projection at the moratorium's end (the core's plain sentence), a timeline of the
decisions and payments expected before the deadline, and a burn-up chart.

Figures are the money core's (position, projection, burn-up); this module lays them out.
"""

from __future__ import annotations

import datetime as dt

from cattool.core.money.format import format_percent
from cattool.core.money.projection import Contribution
from cattool.core.money.vocabulary import DECLINED, RECEIVED, STATUS_LABELS
from cattool.documents.charts import BurnUpPoint, burn_up_chart
from cattool.documents.facts import CaseFacts
from cattool.documents.kinds.business_plan import MONEY_STAGES
from cattool.documents.kinds.money_sections import (
    SOURCE_HEADER,
    SOURCE_WIDTHS,
    asset_name,
    gap_sentence,
    money_of,
    need_rows,
    need_sentence,
    pounds,
    source_rows,
    status_rows,
)
from cattool.documents.money_facts import MoneyFacts
from cattool.documents.registry import DocumentKind
from cattool.documents.requirements import ASSET_NAME, FUNDING_PLAN, FUNDING_SOURCES
from cattool.documents.style import HouseDocument, format_date, format_money

CHART_WIDTH_CM = 16.0


def _deadline_words(money: MoneyFacts) -> tuple[str, str]:
    """(what the projection date is, the chart's label for it)."""
    summary = money.summary
    if summary.on_reason == "moratorium-end" and summary.deadline_label:
        provisional = " (PROVISIONAL)" if summary.deadline_provisional else ""
        return (
            f"the end of the moratorium ({summary.deadline_label.lower()}, "
            f"{format_date(summary.on)}){provisional}",
            f"{summary.deadline_label}: {format_date(summary.on)}{provisional}",
        )
    if summary.on_reason == "last-expected":
        return (
            f"the last expected payment ({format_date(summary.on)}); no moratorium is running",
            f"Last expected payment: {format_date(summary.on)}",
        )
    return (f"{format_date(summary.on)} (no moratorium is running)", format_date(summary.on))


def timeline(money: MoneyFacts) -> list[tuple[dt.date, str, str]]:
    """(date, what is expected, amount) for decisions and payments up to the projection
    date, in date order; received money is listed with the day it arrived."""
    end = money.summary.on
    items: list[tuple[dt.date, int, str, str]] = []
    for source in money.sources:
        if source.status == DECLINED:
            continue
        if source.status == RECEIVED:
            if source.received_on and source.received_on <= end:
                items.append(
                    (
                        source.received_on,
                        2,
                        f"{source.label}: received",
                        format_money(source.amount),
                    )
                )
            continue
        if source.decision_expected and source.decision_expected <= end:
            items.append(
                (source.decision_expected, 0, f"{source.label}: decision expected",
                 format_money(source.amount))
            )  # fmt: skip
        if source.expected_on and source.expected_on <= end:
            status = source.status  # "awarded", "pledged": the label's first word
            items.append(
                (source.expected_on, 1, f"{source.label}: money expected ({status})",
                 format_money(source.amount))
            )  # fmt: skip
    items.sort(key=lambda i: (i[0], i[1], i[2]))
    return [(day, what, amount) for day, _order, what, amount in items]


def _contribution_rows(contributions: tuple[Contribution, ...]) -> list[list[str]]:
    rows = []
    for c in contributions:
        if c.status == DECLINED:
            continue
        arrives = format_date(c.arrives_on) if c.arrives_on else "No date"
        counted = format_money(c.counted) if c.in_time else "After the date"
        if c.arrives_on is None and c.status != RECEIVED:
            counted = "Not dated: not counted"
        rows.append(
            [
                c.label,
                STATUS_LABELS.get(c.status, c.status),
                arrives,
                format_percent(c.likelihood),
                counted,
            ]
        )
    return rows


def _chart(doc: HouseDocument, money: MoneyFacts, label: str) -> None:
    points = [
        BurnUpPoint(p.date, float(p.secured), float(p.projected)) for p in money.burn_up
    ]  # floats for drawing only: every figure printed comes from the core's Decimals
    need = money.position.need.target
    deadline = money.summary.on if money.summary.on_reason != "today" else None
    chart = burn_up_chart(
        points,
        need=float(need),
        need_label=f"Needed: {pounds(need)}",
        deadline=deadline,
        deadline_label=label,
        width_cm=CHART_WIDTH_CM,
    )
    first, last = money.burn_up[0], money.burn_up[-1]
    alt = (
        f"Burn-up chart of money over time from {format_date(first.date)} to "
        f"{format_date(last.date)}. Secured money rises from {pounds(first.secured)} to "
        f"{pounds(last.secured)}; likely money from {pounds(first.projected)} to "
        f"{pounds(last.projected)}. The need of {pounds(need)} is a horizontal line"
        + (f"; the deadline, {label}, a vertical line." if deadline else ".")
    )
    doc.picture(
        chart,
        width_cm=CHART_WIDTH_CM,
        caption="Figure 1. Money secured (awarded or received) and likely (each source "
        "times its likelihood) over time, against the need and the deadline.",
        alt=alt,
    )


def build(facts: CaseFacts, doc: HouseDocument) -> None:
    money = money_of(facts)
    doc.title(subtitle=f"{asset_name(facts)}, as at {format_date(facts.today)}")
    date_words, chart_label = _deadline_words(money)

    doc.heading("Where the money stands")
    doc.para(money.summary.sentence)
    doc.para(need_sentence(money))
    doc.para(gap_sentence(money))
    if money.summary.deadline_provisional:
        doc.para(
            "The deadline depends on periods of the new law that regulations have not yet "
            "fixed: check it before relying on it.",
            bold="PROVISIONAL.",
        )

    doc.heading("What the money is for")
    doc.table(["Cost", "Amount"], need_rows(money), widths_cm=[11.0, 5.4])

    doc.heading("Sources of funding")
    doc.table(SOURCE_HEADER, source_rows(money), widths_cm=SOURCE_WIDTHS)
    for source in money.sources:
        notes = [n for n in (source.conditions_note.strip(),) if n]
        if source.match_percent is not None:
            notes.insert(0, f"Needs {format_percent(source.match_percent)} match funding.")
        if source.min_lease_years:
            notes.insert(0, f"Needs a lease of at least {source.min_lease_years} years.")
        if source.incorporation_required:
            notes.insert(0, "Only for an incorporated group.")
        if source.condition_deadline:
            notes.append(f"Conditions to be met by {format_date(source.condition_deadline)}.")
        if notes and source.status != DECLINED:
            doc.para(" ".join(notes), bold=f"{source.label}:", style="Small Print")

    doc.heading("Totals by status")
    doc.table(
        ["Status", "Total", "Likelihood counted"],
        status_rows(money),
        widths_cm=[6.4, 5.0, 5.0],
        caption="Likelihood: the share of each amount the projection counts (received money "
        "in full, declined money not at all).",
    )

    doc.heading("The projection at the deadline")
    doc.para(f"The projection is worked out for {date_words}.")
    doc.para(money.summary.sentence, bold="In short:")
    doc.table(
        ["Source", "Status", "Arrives", "Likelihood", "Counted"],
        _contribution_rows(money.projection.contributions),
        widths_cm=[5.6, 2.8, 3.0, 2.2, 2.8],
    )
    for warning in money.summary.warnings:
        doc.para(warning, bold="Note:", style="Small Print")

    doc.heading("Timeline to the deadline")
    events = timeline(money)
    if events:
        doc.table(
            ["Date", "What is expected", "Amount"],
            [[format_date(day), what, amount] for day, what, amount in events],
            widths_cm=[3.4, 9.8, 3.2],
        )
    else:
        doc.para("No decisions or payments are expected before the deadline.")
    _chart(doc, money, chart_label)


KINDS = (
    DocumentKind(
        key="funding-strategy",
        title="Funding strategy",
        summary="Sources, status and dates, the gap, the projection, a timeline to the deadline.",
        builder=build,
        requirements=(ASSET_NAME, FUNDING_PLAN, FUNDING_SOURCES),
        stages=MONEY_STAGES,
    ),
)
