"""Business plan: the skeleton real community-pub and community-hub bid packs use
(DOMAIN.md §8), filled with the case's facts and the money core's figures: capital
costs, the funding plan, the 5-year income and expenditure account and cash flow,
break-even, the four sensitivity scenarios, the risk register and social impact.

The forecast is shown on the target basis (as though the funding plan's target is
raised, the way a funder reads a plan) and says so; the Funding plan section says how
much of it is secured today. A Word table of contents field follows the title.
"""

from __future__ import annotations

from cattool.core.money.forecast import CAPITAL_BASES
from cattool.core.money.plan_lines import YEARS
from cattool.core.money.risks import BAND_LABELS, IMPACT_WORDS, LIKELIHOOD_WORDS
from cattool.core.money.sensitivity import lower_first
from cattool.core.money.vocabulary import TENURES
from cattool.core.rules.stage import STAGES
from cattool.documents.facts import CaseFacts
from cattool.documents.kinds.money_sections import (
    SOURCE_HEADER,
    SOURCE_WIDTHS,
    asset_name,
    gap_sentence,
    insert_toc,
    money_of,
    need_rows,
    need_sentence,
    pounds,
    signed_pounds,
    source_rows,
    terms_rows,
)
from cattool.documents.kinds.support_report import (
    in_favour_phrase,
    item_description,
    ordered,
    took_part_phrase,
    when,
    with_article,
)
from cattool.documents.money_facts import MoneyFacts
from cattool.documents.registry import DocumentKind
from cattool.documents.requirements import (
    ASSET_ADDRESS,
    ASSET_NAME,
    FUNDING_PLAN,
    FUNDING_SOURCES,
    GROUP_NAME,
    LEGAL_FORM,
    PLAN_IMPACT,
    PLAN_INCOME_AND_COSTS,
    PLAN_RISKS,
)
from cattool.documents.style import HouseDocument, format_date, format_money

#: Where money documents apply: from listing until a sale is agreed.
MONEY_STAGES = frozenset(STAGES) - {
    "identified",
    "nominated",
    "not-listed",
    "completed",
    "delisted",
    "listing-expired",
}
YEAR_WIDTH = 1.85
STAFF = "staff"


def _group_phrase(facts: CaseFacts) -> str:
    group = facts.group
    assert group is not None  # GROUP_NAME
    form = f", {with_article(group.legal_form_label)}" if group.legal_form_label else ""
    return f"{group.name}{form}"


def _summary(facts: CaseFacts, doc: HouseDocument, money: MoneyFacts) -> None:
    report = money.report
    doc.heading("Executive summary")
    doc.para(
        f"{_group_phrase(facts)}, plans to buy {asset_name(facts)} "
        f"({facts.asset.full_address}) and run it for the community."
    )
    doc.para(need_sentence(money))
    doc.para(gap_sentence(money))
    doc.para(money.summary.sentence, bold="Against the deadline:")
    doc.para(report.sentence, bold="Running the building:")


def _vision(facts: CaseFacts, doc: HouseDocument) -> None:
    doc.heading("Vision and objectives")
    group = facts.group
    if group is not None and group.objects.strip():
        doc.para("The group's objects, from its governing document:")
        doc.paras(group.objects)
    else:
        doc.para(f"To keep {asset_name(facts)} in use for the local community.")
    if facts.asset.community_value.strip():
        doc.heading("Why it matters", 2)
        doc.paras(facts.asset.community_value)


def _governance(facts: CaseFacts, doc: HouseDocument) -> None:
    group = facts.group
    assert group is not None
    doc.heading("The group, legal form and governance")
    rows = [("Name", group.name), ("Legal form", group.legal_form_label)]
    if group.registration_number.strip():
        rows.append(("Registration number", group.registration_number))
    if group.governing_document.strip():
        rows.append(("Governing document", group.governing_document))
    rows.append(("Not for profit", "Yes" if group.not_for_profit else "No"))
    rows.append(("Asset lock", "Yes" if group.asset_lock else "No"))
    rows.append(
        (
            "Members",
            f"{len(group.members)} recorded, {len(group.local_members)} of them on the "
            "local electoral register",
        )
    )
    if group.contact_name.strip():
        rows.append(("Contact", f"{group.contact_name}, {group.contact_role}".strip(", ")))
    doc.fields(rows)


def _asset(facts: CaseFacts, doc: HouseDocument, money: MoneyFacts) -> None:
    asset = facts.asset
    doc.heading("The asset and its condition")
    rows = [("Asset", asset_name(facts)), ("Address", asset.full_address)]
    if money.plan.tenure:
        tenure = TENURES.get(money.plan.tenure, money.plan.tenure)
        if money.plan.lease_years:
            tenure += f" ({money.plan.lease_years} years)"
        rows.append(("Tenure to be bought", tenure))
    if asset.description.strip():
        rows.append(("Description", asset.description))
    rows.append(("Condition", asset.condition.strip() or "No condition survey recorded yet."))
    rows.append(("Status", facts.stage_label))
    doc.fields(rows)


def _demand(facts: CaseFacts, doc: HouseDocument, money: MoneyFacts) -> None:
    doc.heading("Market and demand")
    items = [i for i in ordered(facts) if i.responses is not None]
    if items:
        doc.para("Evidence of local support gathered by the group (counts only):")
        doc.table(
            ["Date", "Evidence", "Took part", "In favour"],
            [
                [when(i), item_description(i), took_part_phrase(i), in_favour_phrase(i) or "-"]
                for i in items
            ],
            widths_cm=[2.8, 4.6, 5.2, 3.8],
        )
    else:
        doc.para("No survey, petition, meeting or ballot figures are recorded yet.")
    doc.para(
        "The income streams below are the group's estimate of what local people and "
        "organisations will pay for; the sensitivity section tests them."
    )


def _operations(doc: HouseDocument, money: MoneyFacts) -> None:
    doc.heading("Operations and people")
    staff = [line for line in money.report.costs if line.category == STAFF]
    if staff:
        doc.para("Paid posts in the plan (first-year cost):")
        doc.bullets(f"{line.name}: {pounds(line.amount)}" for line in staff)
    else:
        doc.para("The plan has no paid staff: the building is run by volunteers.")
    doc.para(
        "Volunteers from the group run the rest, overseen by the committee; the risk "
        "register below covers volunteer burnout and who owns each risk."
    )


def _capital(doc: HouseDocument, money: MoneyFacts) -> None:
    doc.heading("Capital costs")
    doc.table(["Cost", "Amount"], need_rows(money), widths_cm=[11.0, 5.4])
    doc.para(need_sentence(money))


def _funding(doc: HouseDocument, money: MoneyFacts) -> None:
    doc.heading("Funding plan")
    doc.table(SOURCE_HEADER, source_rows(money), widths_cm=SOURCE_WIDTHS)
    doc.para(gap_sentence(money))
    doc.para(money.summary.sentence, bold="Projection:")
    doc.small("The Funding strategy document sets out each source's dates and likelihood.")


def _year_header(first: str) -> list[str]:
    return [first, *(f"Year {n}" for n in range(1, YEARS + 1)), "Total"]


def _forecast(doc: HouseDocument, money: MoneyFacts) -> None:
    report = money.report
    account = report.account
    doc.heading("Five-year forecast")
    basis = CAPITAL_BASES[report.basis].lower()
    starts = report.year_starts[0]
    start = f" Year 1 starts on {format_date(starts)}." if starts else ""
    doc.para(
        f"Figures in whole pounds. Capital in year 0 is {basis} "
        f"({format_money(report.capital.capital_in)}).{start}",
        bold="Basis:",
    )
    doc.heading("Income streams and running costs", 2)
    doc.table(
        ["Line", "Category", "Year 1 amount", "Growth a year", "Years"],
        [
            [
                line.name,
                "Income" if line.kind == "income" else "Cost",
                pounds(line.amount),
                f"{line.growth.normalize():f}%",
                f"{line.start_year}-{line.end_year or YEARS}",
            ]
            for line in (*report.income, *report.costs)
        ],
        widths_cm=[7.0, 2.2, 2.6, 2.4, 2.2],
    )
    doc.heading("Income and expenditure account", 2)
    rows: list[list[str]] = []
    for forecast in account.income_lines:
        rows.append([forecast.line.name, *map(pounds, forecast.values), pounds(forecast.total)])
    rows.append(
        ["Total income", *(pounds(y.total_income) for y in account.years),
         pounds(account.total_income)]
    )  # fmt: skip
    for forecast in account.cost_lines:
        rows.append([forecast.line.name, *map(pounds, forecast.values), pounds(forecast.total)])
    rows.append(
        ["Total running costs", *(pounds(y.total_costs) for y in account.years),
         pounds(account.total_costs)]
    )  # fmt: skip
    rows.append(
        ["Surplus (deficit)", *(signed_pounds(y.surplus) for y in account.years),
         signed_pounds(account.total_surplus)]
    )  # fmt: skip
    table = doc.table(_year_header("Line"), rows, widths_cm=[4.9, *[YEAR_WIDTH] * 5, 2.25])
    for row in table.rows[1:]:  # totals and the surplus stand out
        if row.cells[0].text.startswith(("Total", "Surplus")):
            for cell in row.cells:
                for run in cell.paragraphs[0].runs:
                    run.bold = True

    doc.heading("Cash flow", 2)
    doc.table(
        ["Year", "Opening cash", "Capital in", "Capital out", "Income", "Costs", "Closing cash"],
        [
            [
                str(y.year),
                signed_pounds(y.opening),
                pounds(y.capital_in),
                pounds(y.capital_out),
                pounds(y.income),
                pounds(y.costs),
                signed_pounds(y.closing),
            ]
            for y in report.cash.years
        ],
        widths_cm=[1.3, 2.5, 2.5, 2.5, 2.5, 2.5, 2.6],
        caption="Year 0 is buying the building and the works; working capital stays in the bank.",
    )
    doc.heading("Break-even", 2)
    doc.para(report.break_even.sentence)
    even = report.break_even
    doc.table(
        ["Year", "Income", "Income needed (costs)", "Shortfall"],
        [
            [str(y.year), pounds(y.total_income), pounds(even.needed[n]), pounds(even.shortfall[n])]
            for n, y in enumerate(account.years)
        ],
        widths_cm=[2.0, 4.8, 4.8, 4.8],
    )


def _sensitivity(doc: HouseDocument, money: MoneyFacts) -> None:
    doc.heading("Sensitivity")
    doc.para(
        "Each scenario runs the same forecast again with one change, from the same "
        "opening cash and year-0 capital."
    )
    doc.table(
        ["Scenario", "5-year surplus (deficit)", "Change", "Lowest cash", "Cash runs out?"],
        [
            [
                s.scenario.title,
                signed_pounds(s.account.total_surplus),
                signed_pounds(s.surplus_change),
                signed_pounds(s.lowest),
                ("Yes" if s.goes_negative else "No") if s.applies else "Not applicable",
            ]
            for s in money.report.scenarios
        ],
        widths_cm=[5.0, 3.2, 2.6, 2.8, 2.8],
    )
    for result in money.report.scenarios:
        doc.para(
            f"{result.scenario.assumption} {result.sentence}", bold=f"{result.scenario.title}."
        )


def _risks(doc: HouseDocument, money: MoneyFacts) -> None:
    doc.heading("Risk register")
    doc.para(
        "Likelihood and impact are rated 1 (rare; negligible) to 5 (almost certain; "
        "severe); the score is their product. Highest scores first."
    )
    doc.table(
        ["Risk", "Likelihood × impact", "Score", "Mitigation", "Owner"],
        [
            [
                r.title,
                f"{r.likelihood} {LIKELIHOOD_WORDS[r.likelihood]} × "
                f"{r.impact} {IMPACT_WORDS[r.impact]}",
                f"{r.score} {BAND_LABELS[r.band]}",
                r.mitigation.strip() or "No mitigation recorded yet",
                r.owner.strip() or "Not named yet",
            ]
            for r in money.report.risks
        ],
        widths_cm=[3.6, 2.8, 1.8, 5.6, 2.6],
    )


def _impact(doc: HouseDocument, money: MoneyFacts) -> None:
    doc.heading("Social impact and how it will be measured")
    doc.table(
        ["Measure", "Baseline", "Target", "How it is measured"],
        [
            [
                i.measure,
                i.baseline.strip() or "Not recorded",
                i.target.strip() or "Not set",
                i.how_measured.strip() or "Not set",
            ]
            for i in money.report.impacts
        ],
        widths_cm=[4.4, 3.6, 3.6, 4.8],
    )


def _share_offer(doc: HouseDocument, money: MoneyFacts) -> None:
    doc.heading("Share offer summary")
    offer = money.offer
    if offer is None:
        doc.para("The plan does not include a community share offer.")
        return
    doc.fields(terms_rows(offer.terms))
    doc.para(offer.outcome.sentence)
    doc.small(
        "The Share offer summary document gives the terms, checks and what happens at the close."
    )


def _swot(facts: CaseFacts, doc: HouseDocument, money: MoneyFacts) -> None:
    """Drawn from this plan's figures and register; the group adds its own view."""
    report = money.report
    place = money.position
    strengths = []
    support = [i for i in facts.evidence if i.responses]
    if support:
        biggest = max(support, key=lambda i: i.responses or 0)
        strengths.append(
            f"Local support: {item_description(biggest)} ({took_part_phrase(biggest)})."
        )
    if place.in_hand_or_secured:
        strengths.append(f"{format_money(place.in_hand_or_secured)} already secured or received.")
    if report.break_even.year == 1:
        strengths.append("Income covers running costs from year 1.")
    weaknesses = []
    if place.gap:
        weaknesses.append(f"A funding gap of {format_money(place.gap)}.")
    if report.break_even.year != 1:
        weaknesses.append(report.break_even.sentence)
    weaknesses += [f"{r.title} (score {r.score})." for r in report.risks if r.band == "red"][:3]
    opportunities = [
        f"{s.label}: {format_money(s.amount)} ({s.status})."
        for s in money.sources
        if s.status in ("idea", "applied", "pledged")
    ][:4]
    threats = [
        f"{s.scenario.title}: {lower_first(s.sentence)}"
        for s in report.scenarios
        if s.applies and s.goes_negative
    ]
    threats.append(f"The deadline. {money.summary.sentence}")
    doc.heading("SWOT")
    doc.small("Drawn from the figures and the risk register in this plan.")
    for title, items, empty in (
        ("Strengths", strengths, "Nothing drawn from the figures yet: add your own."),
        ("Weaknesses", weaknesses, "Nothing drawn from the figures: add your own."),
        ("Opportunities", opportunities, "No open funding applications or ideas."),
        ("Threats", threats, ""),
    ):
        doc.heading(title, 2)
        if items:
            doc.bullets(items)
        else:
            doc.para(empty)


def build(facts: CaseFacts, doc: HouseDocument) -> None:
    money = money_of(facts)
    doc.title(subtitle=f"{asset_name(facts)}, as at {format_date(facts.today)}")
    subtitle = doc.doc.paragraphs[-1]
    _summary(facts, doc, money)
    _vision(facts, doc)
    _governance(facts, doc)
    _asset(facts, doc, money)
    _demand(facts, doc, money)
    _operations(doc, money)
    _capital(doc, money)
    _funding(doc, money)
    _forecast(doc, money)
    _sensitivity(doc, money)
    _risks(doc, money)
    _impact(doc, money)
    _share_offer(doc, money)
    _swot(facts, doc, money)
    insert_toc(doc, subtitle)


KINDS = (
    DocumentKind(
        key="business-plan",
        title="Business plan",
        summary="Costs, funding, the 5-year forecast and cash flow, scenarios, risks and impact.",
        builder=build,
        requirements=(
            ASSET_NAME,
            ASSET_ADDRESS,
            GROUP_NAME,
            LEGAL_FORM,
            FUNDING_PLAN,
            FUNDING_SOURCES,
            PLAN_INCOME_AND_COSTS,
            PLAN_RISKS,
            PLAN_IMPACT,
        ),
        stages=MONEY_STAGES,
    ),
)
