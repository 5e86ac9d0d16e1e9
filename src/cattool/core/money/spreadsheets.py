"""Pledges and shareholders as spreadsheets (CSV or XLSX): export, and import with every
row checked before anything is written.

Personal data. The shareholder register holds people's names, addresses, postcodes and
email addresses (UK GDPR; DOMAIN.md §11). `export_shareholders` writes them only when it
is called to, and records each export in the audit trail (how many rows, the format,
whether redacted: never a name); `redacted=True` writes "Applicant 1", "Applicant 2", …
with the postcode's outward half only and no address, email or note, for an adviser.
Pledges (funding sources) name funders, not people, but a donor may be a person: keep
exported files where the group keeps its other records.

Columns (headings in the first row; matched ignoring case, spaces and punctuation, and
the field names work too, e.g. "expected_on"):

  Pledges:      Kind*, Funder, Fund, Fund key, Amount*, Status*, Applied on, Decision
                expected, Expected on, Received on, Likelihood %, Match funding %,
                Minimum lease (years), Incorporation required, Conditions deadline,
                Conditions, Note
  Shareholders: Name*, Address, Postcode, Email, Amount applied*, Applied on, Amount
                paid, Paid on, Amount refunded, Refunded on, Note

(* required). Kind and status take the words cattool shows ("Community shares",
"Awarded (secured)") or its keys ("community-shares", "awarded"); "secured" means
awarded. Money is read like anywhere else in cattool ("£12,500", "12500.00", "12.5k");
dates day first ("2/3/2026" is 2 March 2026) or written out; yes/no for the flag.

Import. The whole file is read and every row checked first, field by field and then as
a whole record (the same rules as the services and the desktop's edits). Any problem (a
file refused, a missing or unknown column, a bad cell or row) raises SpreadsheetError
listing each one as "Row 4, amount: '£12,5O0' is not an amount of money…", and nothing
is imported. Otherwise every row is added through the services in the caller's
transaction (run it inside `store.transaction()`, so an unexpected failure part-way
leaves nothing behind). Imports add rows; they never change or delete existing ones.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from cattool.core.changes import Changes, audit
from cattool.core.editing import check_whole, clean_fields
from cattool.core.errors import InputError
from cattool.core.model import FundingSource, ShareApplication
from cattool.core.money import services as money_services
from cattool.core.money.facts import SOURCE_BLANKS
from cattool.core.money.format import ZERO
from cattool.core.money.spreadsheet_columns import (
    PLEDGE_COLUMNS,
    SHAREHOLDER_COLUMNS,
    Column,
    cell_value,
    match_columns,
)
from cattool.core.money.spreadsheet_files import (
    Cell,
    RowProblem,
    SpreadsheetError,
    file_format,
    read_table,
    refuse,
    write_table,
)
from cattool.core.money.vocabulary import SOURCE_KINDS, STATUS_LABELS
from cattool.core.services import get_case

PLEDGES = "pledges"
SHAREHOLDERS = "shareholders"

SHEETS: dict[str, tuple[str, tuple[Column, ...]]] = {
    PLEDGES: ("funding_source", PLEDGE_COLUMNS),
    SHAREHOLDERS: ("share_application", SHAREHOLDER_COLUMNS),
}
_APPLICATION_DEFAULTS: dict[str, Any] = {
    "address": "",
    "postcode": "",
    "email": "",
    "applied_on": None,
    "amount_paid": ZERO,
    "paid_on": None,
    "amount_refunded": ZERO,
    "refunded_on": None,
    "note": "",
}


@dataclass(frozen=True)
class ImportPreview:
    """What a file would import: each good row's fields, and every problem found."""

    what: str  # PLEDGES or SHAREHOLDERS
    rows: tuple[tuple[int, dict[str, Any]], ...]  # (row number, fields)
    problems: tuple[RowProblem, ...]

    @property
    def ok(self) -> bool:
        return not self.problems


@dataclass(frozen=True)
class ImportResult:
    what: str
    imported: int
    created_ids: tuple[int, ...]
    changes: Changes


@dataclass(frozen=True)
class ExportResult:
    path: Path
    rows: int
    redacted: bool = False


def _preview(
    what: str, path: str | Path, today: dt.date, offer: Any | None = None
) -> ImportPreview:
    entity, columns = SHEETS[what]
    table = read_table(path)
    has_data = [
        any(i < len(cells) and cells[i].value not in (None, "") for _, cells in table.rows)
        for i in range(len(table.headers))
    ]
    mapping, problems = match_columns(table.headers, columns, has_data)
    good: list[tuple[int, dict[str, Any]]] = []
    if problems:
        return ImportPreview(what, (), tuple(problems))
    if not table.rows:
        return ImportPreview(what, (), (RowProblem(None, "", "The file has no rows to import."),))
    for number, cells in table.rows:
        fields: dict[str, Any] = {}
        row_problems = []
        for index, column in mapping.items():
            cell = cells[index] if index < len(cells) else Cell(None)
            header = table.headers[index]
            try:
                value = cell_value(cell, column, today)
                fields.update(clean_fields(entity, {column.field: value}, today))
            except InputError as exc:
                row_problems.append(RowProblem(number, header, str(exc)))
        for index in range(len(table.headers), len(cells)):
            if cells[index].value not in (None, ""):
                row_problems.append(
                    RowProblem(
                        number, "", f"There is a value in column {index + 1}, which has no heading."
                    )
                )
        if not row_problems:
            try:
                _check_row(entity, fields, offer)
            except InputError as exc:
                row_problems.append(RowProblem(number, "", str(exc)))
        problems += row_problems
        if not row_problems:
            good.append((number, fields))
    return ImportPreview(what, tuple(good), tuple(problems))


def _check_row(entity: str, fields: dict[str, Any], offer: Any | None) -> None:
    """The record's cross-field rules, on a stand-in that touches no database."""
    if entity == "funding_source":
        check_whole(entity, SimpleNamespace(**{**SOURCE_BLANKS, **fields}))
    else:
        check_whole(entity, SimpleNamespace(**{**_APPLICATION_DEFAULTS, **fields}, offer=offer))


def preview_pledges(path: str | Path, *, today: dt.date) -> ImportPreview:
    """Check a pledges file without importing it (SpreadsheetError if it is refused)."""
    return _preview(PLEDGES, path, today)


def _offer(session: Session, case_id: int) -> Any:
    offer = get_case(session, case_id).share_offer
    if offer is None:
        raise refuse("Set up the share offer's terms before importing shareholders.")
    return offer


def preview_shareholders(
    session: Session, case_id: int, path: str | Path, *, today: dt.date
) -> ImportPreview:
    """Check a shareholders file against the case's offer, without importing it."""
    return _preview(SHAREHOLDERS, path, today, _offer(session, case_id))


def _total(preview: ImportPreview) -> int:
    return len(preview.rows) + len({p.row for p in preview.problems if p.row is not None})


def import_pledges(
    session: Session, case_id: int, path: str | Path, *, today: dt.date
) -> ImportResult:
    """Add every row of a pledges file as a funding source, or nothing (see the module)."""
    get_case(session, case_id)
    preview = preview_pledges(path, today=today)
    if preview.problems:
        raise SpreadsheetError(preview.problems, _total(preview))
    changes, ids = Changes(frozenset({case_id}), frozenset({"funding_source"})), []
    for number, fields in preview.rows:
        values = dict(fields)
        kind, amount, status = values.pop("kind"), values.pop("amount"), values.pop("status")
        try:
            added = money_services.add_funding_source(
                session, case_id, today=today, kind=kind, amount=amount, status=status, **values
            )
        except InputError as exc:
            raise SpreadsheetError([RowProblem(number, "", str(exc))], _total(preview)) from exc
        changes |= added
        ids.append(added.created_id)
    return ImportResult(PLEDGES, len(ids), tuple(i for i in ids if i is not None), changes)


def import_shareholders(
    session: Session, case_id: int, path: str | Path, *, today: dt.date
) -> ImportResult:
    """Add every row of a shareholders file to the offer's register, or nothing."""
    preview = preview_shareholders(session, case_id, path, today=today)
    if preview.problems:
        raise SpreadsheetError(preview.problems, _total(preview))
    changes, ids = Changes(frozenset({case_id}), frozenset({"share_application"})), []
    for number, fields in preview.rows:
        values = dict(fields)
        name, applied = values.pop("name"), values.pop("amount_applied")
        try:
            added = money_services.add_share_application(
                session, case_id, name, applied, today=today, **values
            )
        except InputError as exc:
            raise SpreadsheetError([RowProblem(number, "", str(exc))], _total(preview)) from exc
        changes |= added
        ids.append(added.created_id)
    return ImportResult(SHAREHOLDERS, len(ids), tuple(i for i in ids if i is not None), changes)


def _export_value(row: Any, column: Column) -> Any:
    value = getattr(row, column.field)
    if column.kind == "source-kind":
        return SOURCE_KINDS.get(value, value)
    if column.kind == "status":
        return STATUS_LABELS.get(value, value)
    return value


def _headers(columns: Sequence[Column]) -> list[str]:
    return [c.header for c in columns]


def _money_indexes(columns: Sequence[Column]) -> list[int]:
    return [i for i, c in enumerate(columns) if c.kind == "money"]


def export_pledges(session: Session, case_id: int, path: str | Path) -> ExportResult:
    """Write the case's funding sources to a .csv or .xlsx file (atomically)."""
    file_format(path)
    case = get_case(session, case_id)
    query = select(FundingSource).where(FundingSource.case_id == case.id)
    sources = list(session.scalars(query.order_by(FundingSource.id)))
    rows = [[_export_value(s, c) for c in PLEDGE_COLUMNS] for s in sources]
    write_table(
        path,
        _headers(PLEDGE_COLUMNS),
        rows,
        title="Pledges",
        money_columns=_money_indexes(PLEDGE_COLUMNS),
    )
    return ExportResult(Path(path), len(rows))


def _redact(number: int, application: Any, column: Column) -> Any:
    if column.field == "name":
        return f"Applicant {number}"
    if column.field == "postcode":
        return (application.postcode or "").split(" ")[0]
    if column.field in ("address", "email", "note"):
        return ""
    return _export_value(application, column)


def export_shareholders(
    session: Session, case_id: int, path: str | Path, *, redacted: bool = False
) -> ExportResult:
    """Write the shareholder register to a .csv or .xlsx file (personal data: see the
    module). The export is audited (count and format only); call it in a transaction."""
    kind = file_format(path)
    case = get_case(session, case_id)
    offer = case.share_offer
    if offer is None:
        raise InputError(f"{case.name} has no share offer, so no shareholders to export.")
    query = select(ShareApplication).where(ShareApplication.offer_id == offer.id)
    applications = list(session.scalars(query.order_by(ShareApplication.id)))
    rows = [
        [_redact(n, a, c) if redacted else _export_value(a, c) for c in SHAREHOLDER_COLUMNS]
        for n, a in enumerate(applications, start=1)
    ]
    write_table(
        path,
        _headers(SHAREHOLDER_COLUMNS),
        rows,
        title="Shareholders",
        money_columns=_money_indexes(SHAREHOLDER_COLUMNS),
    )
    after = {"rows": len(rows), "format": kind, "redacted": redacted}
    audit(session, "export", "share_application", None, case.id, after=after)
    return ExportResult(Path(path), len(rows), redacted)
