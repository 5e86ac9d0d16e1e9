"""Business plan use-cases: the only code that writes the plan's settings, income
streams, running costs, risks and impact measures.

Like cattool.core.money.services: validate first (InputError, nothing written), change
rows in the caller's transaction, audit, return Changes. Field rules are in the editing
registry (core/editing.py) and cross-field rules in money/rules.py, so the desktop's
generic edits, deletions and undo obey the same rules. Updates and deletions go through
`editing.update_fields` and `editing.delete_record` (whose result undo restores).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from cattool.core.changes import Changes, audit
from cattool.core.editing import (
    EDITABLE,
    check_whole,
    clean_fields,
    delete_record,
    update_fields,
)
from cattool.core.errors import InputError
from cattool.core.model import BusinessPlan, ImpactMeasure, IncomeStream, Risk, RunningCost
from cattool.core.money.format import ZERO
from cattool.core.money.plan_lines import COST_CATEGORIES, INCOME_CATEGORIES
from cattool.core.money.plan_queries import PLAN_LINE_COLUMNS
from cattool.core.money.risks import PREFILL_RISKS
from cattool.core.money.spreadsheet_columns import cell_value, heading_key, match_columns
from cattool.core.money.spreadsheet_files import Cell, RowProblem, SpreadsheetError, read_table
from cattool.core.services import get_case

_LINE_DEFAULTS: dict[str, Any] = {
    "label": "",
    "growth": ZERO,
    "start_year": 1,
    "end_year": None,
    "note": "",
}
_RISK_DEFAULTS: dict[str, Any] = {
    "category": "other",
    "mitigation": "",
    "owner": "",
    "prefill_key": "",
    "note": "",
}
_IMPACT_DEFAULTS: dict[str, Any] = {"baseline": "", "target": "", "how_measured": "", "note": ""}
_MODELS = {
    "income_stream": IncomeStream,
    "running_cost": RunningCost,
    "risk": Risk,
    "impact_measure": ImpactMeasure,
}
# The case's collection each kind of record belongs to (kept current in the session).
_COLLECTIONS = {
    "income_stream": "income_streams",
    "running_cost": "running_costs",
    "risk": "risks",
    "impact_measure": "impact_measures",
}
_DEFAULTS = {
    "income_stream": _LINE_DEFAULTS,
    "running_cost": _LINE_DEFAULTS,
    "risk": _RISK_DEFAULTS,
    "impact_measure": _IMPACT_DEFAULTS,
}


def _changes(case_id: int, entity: str, created: int | None = None) -> Changes:
    return Changes(frozenset({case_id}), frozenset({entity}), created)


def _add(
    session: Session, entity: str, case_id: int, fields: dict[str, Any], today: dt.date
) -> Changes:
    """Validate, create, audit: the shared body of the add_* services."""
    cleaned = clean_fields(entity, fields, today)
    case = get_case(session, case_id)
    values = {**_DEFAULTS[entity], **cleaned}
    record = _MODELS[entity](case_id=case.id, **values)
    check_whole(entity, record)
    getattr(case, _COLLECTIONS[entity]).append(record)
    session.flush()
    audit(session, "create", entity, record.id, case.id, after=cleaned)
    return _changes(case.id, entity, record.id)


def set_plan_settings(session: Session, case_id: int, *, today: dt.date, **fields: Any) -> Changes:
    """Create or update the business plan's settings: opening cash, start date (`starts_on`)
    and loan terms (`loan_amount`, `loan_rate` % a year, `loan_years`). Blank clears."""
    cleaned = clean_fields("business_plan", fields, today)
    case = get_case(session, case_id)
    plan = case.business_plan
    names = EDITABLE["business_plan"].fields
    now = {k: getattr(plan, k) for k in names} if plan else dict.fromkeys(names)
    check_whole("business_plan", SimpleNamespace(**{**now, **cleaned}))  # before any change
    before = {k: now[k] for k in cleaned} if plan else None
    action = "update" if plan else "create"
    if plan is None:
        plan = BusinessPlan(case_id=case.id, note="")
        case.business_plan = plan
    for key, value in cleaned.items():
        setattr(plan, key, value)
    session.flush()
    audit(session, action, "business_plan", plan.id, case.id, before, cleaned)
    return _changes(case.id, "business_plan", plan.id)


def add_income_stream(
    session: Session,
    case_id: int,
    *,
    today: dt.date,
    category: str,
    amount: Any,
    **fields: Any,
) -> Changes:
    """Add a line of income: category, its first year's amount ("£12,000"), and optionally
    label, growth (% a year, -100 to +100), start_year and end_year (1-5), note."""
    values = {"category": category, "amount": amount, **fields}
    return _add(session, "income_stream", case_id, values, today)


def update_income_stream(
    session: Session, line_id: int, *, today: dt.date, **fields: Any
) -> Changes:
    return update_fields(session, "income_stream", line_id, fields, today=today)


def delete_income_stream(session: Session, line_id: int) -> tuple[Changes, dict]:
    """Delete a line of income; returns what `editing.restore_record` needs to undo it."""
    return delete_record(session, "income_stream", line_id)


def add_running_cost(
    session: Session,
    case_id: int,
    *,
    today: dt.date,
    category: str,
    amount: Any,
    **fields: Any,
) -> Changes:
    """Add a running cost (the same fields as an income stream)."""
    values = {"category": category, "amount": amount, **fields}
    return _add(session, "running_cost", case_id, values, today)


def update_running_cost(
    session: Session, line_id: int, *, today: dt.date, **fields: Any
) -> Changes:
    return update_fields(session, "running_cost", line_id, fields, today=today)


def delete_running_cost(session: Session, line_id: int) -> tuple[Changes, dict]:
    return delete_record(session, "running_cost", line_id)


def add_risk(
    session: Session,
    case_id: int,
    title: str,
    *,
    today: dt.date,
    likelihood: Any = 3,
    impact: Any = 3,
    **fields: Any,
) -> Changes:
    """Add a risk: title, likelihood and impact (1-5), and optionally category,
    mitigation, owner, review_on, note."""
    values = {"title": title, "likelihood": likelihood, "impact": impact, **fields}
    return _add(session, "risk", case_id, values, today)


def update_risk(session: Session, risk_id: int, *, today: dt.date, **fields: Any) -> Changes:
    return update_fields(session, "risk", risk_id, fields, today=today)


def delete_risk(session: Session, risk_id: int) -> tuple[Changes, dict]:
    return delete_record(session, "risk", risk_id)


def prefill_risks(session: Session, case_id: int, *, today: dt.date) -> Changes:
    """Add the risks DOMAIN.md §8 names (risks.PREFILL_RISKS), each once: a risk already
    pre-filled (by its key, however the group has edited it since) is not added again.

    Changes.created_id is the last risk added, or None when nothing was added."""
    case = get_case(session, case_id)
    present = set(session.scalars(select(Risk.prefill_key).where(Risk.case_id == case.id)))
    changes = Changes(frozenset({case.id}), frozenset())
    for template in PREFILL_RISKS:
        if template.key in present:
            continue
        changes |= add_risk(
            session,
            case.id,
            template.title,
            today=today,
            likelihood=template.likelihood,
            impact=template.impact,
            category=template.category,
            mitigation=template.mitigation,
            prefill_key=template.key,
        )
    return changes


def add_impact_measure(
    session: Session, case_id: int, measure: str, *, today: dt.date, **fields: Any
) -> Changes:
    """Add a social impact measure: what, and optionally baseline, target, how_measured."""
    return _add(session, "impact_measure", case_id, {"measure": measure, **fields}, today)


def update_impact_measure(
    session: Session, measure_id: int, *, today: dt.date, **fields: Any
) -> Changes:
    return update_fields(session, "impact_measure", measure_id, fields, today=today)


def delete_impact_measure(session: Session, measure_id: int) -> tuple[Changes, dict]:
    return delete_record(session, "impact_measure", measure_id)


# ---------------------------------------------------------------------------- spreadsheets
# Income streams and running costs as a spreadsheet (the columns in plan_queries.
# PLAN_LINE_COLUMNS; export: plan_queries.export_plan_lines). Like the pledges import
# (money/spreadsheets.py): every row is checked first and any problem refuses the whole
# file (SpreadsheetError naming each row and column); otherwise every row is added here,
# in the caller's transaction. An import adds lines; it never changes or deletes any.


def _plan_line_kind(value: Any) -> str:
    word = heading_key(str(value or ""))
    if word in ("income", "incomestream", "in"):
        return "income_stream"
    if word in ("cost", "costs", "runningcost", "runningcosts", "expenditure", "out"):
        return "running_cost"
    raise InputError(f"{value!r} is not a type of line: write Income or Cost.")


def _plan_line_category(entity: str, value: Any) -> str:
    categories = COST_CATEGORIES if entity == "running_cost" else INCOME_CATEGORIES
    words = {heading_key(k): k for k in categories} | {
        heading_key(label): k for k, label in categories.items()
    }
    found = words.get(heading_key(str(value or "")))
    if found is None:
        raise InputError(
            f"{value!r} is not a category: use one of {', '.join(categories.values())}."
        )
    return found


def import_plan_lines(
    session: Session, case_id: int, path: str | Path, *, today: dt.date
) -> Changes:
    """Add every row of an income-and-costs file (see above), or nothing."""
    case = get_case(session, case_id)
    table = read_table(path)
    has_data = [
        any(i < len(cells) and cells[i].value not in (None, "") for _, cells in table.rows)
        for i in range(len(table.headers))
    ]
    mapping, problems = match_columns(table.headers, PLAN_LINE_COLUMNS, has_data)
    if problems:
        raise SpreadsheetError(problems)
    if not table.rows:
        raise SpreadsheetError([RowProblem(None, "", "The file has no rows to import.")])
    good: list[tuple[int, str, dict[str, Any]]] = []
    for number, cells in table.rows:
        raw: dict[str, tuple[str, Any]] = {}
        row_problems = []
        for index, column in mapping.items():
            cell = cells[index] if index < len(cells) else Cell(None)
            try:
                raw[column.field] = (table.headers[index], cell_value(cell, column, today))
            except InputError as exc:
                row_problems.append(RowProblem(number, table.headers[index], str(exc)))
        entity = ""
        if "type" in raw:
            try:
                entity = _plan_line_kind(raw["type"][1])
            except InputError as exc:
                row_problems.append(RowProblem(number, raw["type"][0], str(exc)))
        fields: dict[str, Any] = {}
        if entity:
            for name, (header, value) in raw.items():
                if name == "type":
                    continue
                try:
                    if name == "category":
                        value = _plan_line_category(entity, value)
                    fields.update(clean_fields(entity, {name: value}, today))
                except InputError as exc:
                    row_problems.append(RowProblem(number, header, str(exc)))
        if entity and not row_problems:
            try:
                check_whole(entity, SimpleNamespace(**{**_LINE_DEFAULTS, **fields}))
            except InputError as exc:
                row_problems.append(RowProblem(number, "", str(exc)))
        problems += row_problems
        if not row_problems:
            good.append((number, entity, fields))
    total = len(table.rows)
    if problems:
        raise SpreadsheetError(problems, total)
    changes = _changes(case.id, "income_stream") | _changes(case.id, "running_cost")
    for number, entity, fields in good:
        try:
            changes |= _add(session, entity, case.id, fields, today)
        except InputError as exc:
            raise SpreadsheetError([RowProblem(number, "", str(exc))], total) from exc
    return changes
