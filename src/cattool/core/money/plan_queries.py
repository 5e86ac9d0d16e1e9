"""The business plan's read side: the case's rows as facts, and the report built on them."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from cattool.core.model import Case, ImpactMeasure, IncomeStream, Risk, RunningCost
from cattool.core.money.business_plan import (
    BusinessPlanFacts,
    BusinessPlanReport,
    build_report,
    impact_facts,
    line_facts,
    settings_facts,
)
from cattool.core.money.forecast import SECURED
from cattool.core.money.plan_lines import COST, COST_CATEGORIES, INCOME, INCOME_CATEGORIES
from cattool.core.money.queries import funding_facts
from cattool.core.money.risks import risk_facts
from cattool.core.money.spreadsheet_columns import Column as SheetColumn
from cattool.core.money.spreadsheet_files import file_format, write_table
from cattool.core.queries import find_case
from cattool.core.services import get_case


def business_plan_facts(session: Session, case: Case) -> BusinessPlanFacts:
    """Everything the forecast needs, read once and frozen."""

    def rows(model: type) -> list:
        query = select(model).where(model.case_id == case.id).order_by(model.id)
        return list(session.scalars(query))

    plan, sources = funding_facts(session, case)
    return BusinessPlanFacts(
        settings=settings_facts(case.business_plan),
        income=tuple(line_facts(r, INCOME) for r in rows(IncomeStream)),
        costs=tuple(line_facts(r, COST) for r in rows(RunningCost)),
        risks=tuple(risk_facts(r) for r in rows(Risk)),
        impacts=tuple(impact_facts(r) for r in rows(ImpactMeasure)),
        funding=plan,
        sources=sources,
    )


def business_plan_report(
    session: Session, ref: str | int, today: dt.date, basis: str = SECURED
) -> BusinessPlanReport:
    """The case's 5-year forecast, cash flow, break-even, scenarios, risks and impact.

    `basis` is how year 0's capital in is counted: "secured" (money awarded or received,
    the default) or "target" (the funding plan's target, as though fully funded)."""
    case = find_case(session, ref)
    return build_report(business_plan_facts(session, case), basis, today)


# The income-and-costs spreadsheet (import: plan_services.import_plan_lines). Type is
# Income or Cost; Category takes the words cattool shows or its keys.
PLAN_LINE_COLUMNS = (
    SheetColumn("Type", "type", "text", required=True),
    SheetColumn("Category", "category", "text", required=True),
    SheetColumn("Description", "label", "text"),
    SheetColumn("Amount (first year)", "amount", "money", required=True),
    SheetColumn("Growth % a year", "growth", "percent"),
    SheetColumn("Start year", "start_year", "whole"),
    SheetColumn("Last year", "end_year", "whole"),
    SheetColumn("Note", "note", "text"),
)


def export_plan_lines(session: Session, case_id: int, path: str | Path) -> int:
    """Write the case's income streams and running costs to a .csv or .xlsx file
    (atomically); returns how many lines were written."""
    file_format(path)
    case = get_case(session, case_id)
    lines = []
    for model, kind, categories in (
        (IncomeStream, "Income", INCOME_CATEGORIES),
        (RunningCost, "Cost", COST_CATEGORIES),
    ):
        query = select(model).where(model.case_id == case.id).order_by(model.id)
        for row in session.scalars(query):
            lines.append(
                [kind, categories.get(row.category, row.category), row.label, row.amount,
                 row.growth, row.start_year, row.end_year, row.note]
            )  # fmt: skip
    headers = [c.header for c in PLAN_LINE_COLUMNS]
    write_table(path, headers, lines, title="Income and costs", money_columns=[3])
    return len(lines)
