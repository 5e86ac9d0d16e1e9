"""The columns of the pledges and shareholders spreadsheets, and reading one cell.

Headings match ignoring case, spaces and punctuation, and the field names work too
("Expected on", "expected_on", "EXPECTED ON"). A cell becomes the value the editing
registry's check for its field expects (so the same rules and messages apply as
anywhere else): money as text or Decimal (an XLSX number's binary noise dropped), dates
from XLSX date cells or read day first by core.dates.parse_date, an XLSX percentage
cell (0.4 shown as 40 %) as 40, yes/no for a flag, and the words of kinds and statuses
(labels or keys; "secured" means awarded).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from cattool.core.dates import parse_date
from cattool.core.errors import InputError
from cattool.core.money.format import PENNY
from cattool.core.money.spreadsheet_files import Cell, RowProblem
from cattool.core.money.vocabulary import AWARDED, SOURCE_KINDS, STATUS_LABELS, STATUSES


@dataclass(frozen=True, slots=True)
class Column:
    header: str
    field: str
    kind: str  # text, money, date, percent, whole, flag, source-kind, status
    required: bool = False


PLEDGE_COLUMNS: tuple[Column, ...] = (
    Column("Kind", "kind", "source-kind", required=True),
    Column("Funder", "funder", "text"),
    Column("Fund", "fund_name", "text"),
    Column("Fund key", "fund_key", "text"),
    Column("Amount", "amount", "money", required=True),
    Column("Status", "status", "status", required=True),
    Column("Applied on", "applied_on", "date"),
    Column("Decision expected", "decision_expected", "date"),
    Column("Expected on", "expected_on", "date"),
    Column("Received on", "received_on", "date"),
    Column("Likelihood %", "likelihood", "percent"),
    Column("Match funding %", "match_percent", "percent"),
    Column("Minimum lease (years)", "min_lease_years", "whole"),
    Column("Incorporation required", "incorporation_required", "flag"),
    Column("Conditions deadline", "condition_deadline", "date"),
    Column("Conditions", "conditions_note", "text"),
    Column("Note", "note", "text"),
)
SHAREHOLDER_COLUMNS: tuple[Column, ...] = (
    Column("Name", "name", "text", required=True),
    Column("Address", "address", "text"),
    Column("Postcode", "postcode", "text"),
    Column("Email", "email", "text"),
    Column("Amount applied", "amount_applied", "money", required=True),
    Column("Applied on", "applied_on", "date"),
    Column("Amount paid", "amount_paid", "money"),
    Column("Paid on", "paid_on", "date"),
    Column("Amount refunded", "amount_refunded", "money"),
    Column("Refunded on", "refunded_on", "date"),
    Column("Note", "note", "text"),
)

_YES = {"yes", "y", "true", "1", "x"}
_NO = {"no", "n", "false", "0", ""}


def heading_key(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.lower())


def _words(key: str, labels: dict[str, str]) -> dict[str, str]:
    return {heading_key(key): key, heading_key(labels[key]): key}


_KIND_WORDS = {w: k for key in SOURCE_KINDS for w, k in _words(key, SOURCE_KINDS).items()}
_STATUS_WORDS = {
    **{w: k for key in STATUSES for w, k in _words(key, STATUS_LABELS).items()},
    "secured": AWARDED,
}


def match_columns(
    headers: Sequence[str], columns: Sequence[Column], has_data: Sequence[bool]
) -> tuple[dict[int, Column], list[RowProblem]]:
    """Which column each heading is; problems for unknown, repeated and missing ones."""
    known = {}
    for column in columns:
        known[heading_key(column.header)] = column
        known[heading_key(column.field)] = column
    found: dict[int, Column] = {}
    problems = []
    seen: dict[str, str] = {}
    for index, header in enumerate(headers):
        if not header:
            if has_data[index]:
                problems.append(
                    RowProblem(None, "", f"Column {index + 1} has data but no heading.")
                )
            continue
        column = known.get(heading_key(header))
        if column is None:
            names = ", ".join(c.header for c in columns)
            problems.append(
                RowProblem(
                    None,
                    header,
                    f"is not one cattool knows: rename or delete it (the columns are {names}).",
                )
            )
        elif column.field in seen:
            problems.append(RowProblem(None, header, f"repeats the column {seen[column.field]!r}."))
        else:
            seen[column.field] = header
            found[index] = column
    for column in columns:
        if column.required and column.field not in seen:
            problems.append(RowProblem(None, column.header, "is missing: add this column."))
    return found, problems


def _float_decimal(value: float) -> Decimal:
    """A spreadsheet number as Decimal, dropping binary noise below a millionth."""
    number = Decimal(repr(value))
    pennies = number.quantize(PENNY)
    return pennies if abs(number - pennies) < Decimal("0.000001") else number


def _number(value: Any) -> Any:
    if isinstance(value, float):
        return _float_decimal(value)
    return value


def cell_value(cell: Cell, column: Column, today: dt.date) -> Any:
    """The cell as the value the editing registry's check for the field expects."""
    value = cell.value
    blank = value is None or (isinstance(value, str) and not value.strip())
    if column.kind == "text":
        if blank:
            return ""
        if isinstance(value, float) and value.is_integer():
            return str(int(value))
        return str(value).strip()
    if column.kind in ("source-kind", "status"):
        words, name = (
            (_KIND_WORDS, "kind") if column.kind == "source-kind" else (_STATUS_WORDS, "status")
        )
        labels = SOURCE_KINDS if column.kind == "source-kind" else STATUS_LABELS
        if blank:
            raise InputError(f"is empty: enter one of {', '.join(labels.values())}.")
        found = words.get(heading_key(str(value)))
        if found is None:
            raise InputError(f"{value!r} is not a {name}: use one of {', '.join(labels.values())}.")
        return found
    if blank:
        return False if column.kind == "flag" else None
    if isinstance(value, bool) and column.kind != "flag":
        raise InputError(f"{value!r} is not a {column.kind}.")
    if column.kind == "money":
        return _number(value) if isinstance(value, int | float) else str(value)
    if column.kind == "date":
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        if isinstance(value, int | float):
            raise InputError(f"{value!r} is not a date: write it like 2/3/2026.")
        return parse_date(str(value), today)
    if column.kind == "percent":
        if isinstance(value, int | float):
            number = _number(value) if isinstance(value, float) else Decimal(value)
            return number * 100 if cell.percent else number
        return str(value)
    if column.kind == "whole":
        text = str(_number(value)).strip()
        try:
            number = Decimal(text)
        except InvalidOperation:
            raise InputError(f"{value!r} is not a whole number.") from None
        if number != number.to_integral_value():
            raise InputError(f"{value!r} is not a whole number.")
        return int(number)
    if column.kind == "flag":
        if isinstance(value, bool):
            return value
        word = str(_number(value)).strip().lower()
        if word in _YES:
            return True
        if word in _NO:
            return False
        raise InputError(f"{value!r} is not yes or no.")
    raise ValueError(f"unknown column kind {column.kind!r}")
