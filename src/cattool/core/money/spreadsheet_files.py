"""Tables in and out of CSV and XLSX files, with the limits that keep a bad file harmless.

Reading: a CSV is UTF-8 text (a byte-order mark is fine), comma-separated, its first row
the headings; an XLSX is read from its first sheet (values, not formulas). A file is
refused, with a message saying what to do, when it is not .csv or .xlsx, is larger than
MAX_BYTES, has more than MAX_ROWS rows of data or MAX_COLUMNS columns, is not UTF-8, or
is not a readable workbook. Blank rows are skipped; row numbers are the file's own (the
headings are row 1), as a spreadsheet program shows them.

Writing: atomic (core/files.py), headings in bold and frozen in XLSX, money as numbers
with a £ format, dates as dates (dd/mm/yyyy in CSV, as day-first UK readers expect).
Text that a spreadsheet would run as a formula (starting =, +, -, @) is written with a
leading apostrophe, which reading takes off again, so a round trip is exact.

openpyxl is imported only when an XLSX file is read or written.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from cattool.core.errors import InputError
from cattool.core.files import atomic_write

MAX_BYTES = 20 * 1024 * 1024
MAX_ROWS = 10_000
MAX_COLUMNS = 60
MAX_UNZIPPED = 400 * 1024 * 1024  # an XLSX that unpacks to more is refused
FORMATS = {".csv": "csv", ".xlsx": "xlsx"}
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
MONEY_FORMAT = '"£"#,##0.00'
DATE_FORMAT = "DD/MM/YYYY"


@dataclass(frozen=True, slots=True)
class RowProblem:
    """One thing wrong with a file: a cell (row and column), a whole row, or the file."""

    row: int | None  # the file's row number (headings: 1); None for the file itself
    column: str  # the heading as the file has it; "" for a whole row or the file
    message: str

    def __str__(self) -> str:
        if self.row is None:
            return f"The column {self.column!r} {self.message}" if self.column else self.message
        where = f"Row {self.row}, {self.column.lower()}" if self.column else f"Row {self.row}"
        return f"{where}: {self.message}"


class SpreadsheetError(InputError):
    """A file refused, or rows with errors: nothing was imported. `problems` lists them."""

    def __init__(self, problems: Sequence[RowProblem], total: int | None = None) -> None:
        self.problems = tuple(problems)
        shown = "\n".join(str(p) for p in self.problems[:20])
        more = len(self.problems) - 20
        if more > 0:
            shown += f"\n… and {more} more."
        if total is None or not any(p.row for p in self.problems):
            head = "The file cannot be imported:"
        else:
            rows = len({p.row for p in self.problems if p.row is not None})
            head = (
                f"Nothing was imported: {rows} of {total} row{'s' if total != 1 else ''} "
                f"{'have' if rows != 1 else 'has'} errors. Correct them and import again."
            )
        super().__init__(f"{head}\n{shown}")


def refuse(message: str) -> SpreadsheetError:
    return SpreadsheetError([RowProblem(None, "", message)])


@dataclass(frozen=True, slots=True)
class Cell:
    value: Any  # str, int, float, bool, datetime, date or None
    percent: bool = False  # an XLSX number shown as a percentage (0.4 for 40 %)


@dataclass(frozen=True, slots=True)
class Table:
    headers: tuple[str, ...]
    rows: tuple[tuple[int, tuple[Cell, ...]], ...]  # (row number in the file, cells)


def file_format(path: str | Path) -> str:
    """'csv' or 'xlsx' from the file's name; anything else is refused."""
    suffix = Path(path).suffix.lower()
    if suffix in FORMATS:
        return FORMATS[suffix]
    if suffix in (".xls", ".ods", ".numbers", ".xlsm", ".xlsb"):
        raise refuse(
            f"{Path(path).name} is a {suffix} file: save it as .xlsx (Excel workbook) or "
            ".csv (CSV UTF-8) and import that."
        )
    raise refuse(f"{Path(path).name} is not a spreadsheet cattool reads: use .csv or .xlsx.")


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def unescape(text: str) -> str:
    """Take off the apostrophe written before text that looks like a formula."""
    if len(text) > 1 and text[0] == "'" and text[1] in FORMULA_START:
        return text[1:]
    return text


def escape(text: str) -> str:
    return "'" + text if text.startswith(FORMULA_START) else text


def _check_size(path: Path) -> bytes:
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise refuse(f"There is no file {path}.") from None
    if size > MAX_BYTES:
        raise refuse(
            f"{path.name} is {size / 1024 / 1024:.1f} MB: cattool imports files of up to "
            f"{MAX_BYTES // 1024 // 1024} MB. Split it into smaller files."
        )
    return path.read_bytes()


def _too_many_rows() -> SpreadsheetError:
    return refuse(
        f"The file has more than {MAX_ROWS:,} rows: cattool imports up to {MAX_ROWS:,} at a "
        "time. Split it into smaller files."
    )


def _table(rows: Iterable[tuple[int, list[Cell]]]) -> Table:
    """Headings from the first non-blank row; blank rows skipped; limits enforced."""
    headers: tuple[str, ...] | None = None
    data: list[tuple[int, tuple[Cell, ...]]] = []
    for number, cells in rows:
        while cells and _blank(cells[-1].value):
            cells = cells[:-1]
        if not cells or all(_blank(c.value) for c in cells):
            continue
        if len(cells) > MAX_COLUMNS:
            raise refuse(f"Row {number} has more than {MAX_COLUMNS} columns.")
        if headers is None:
            headers = tuple("" if c.value is None else str(c.value).strip() for c in cells)
            continue
        if len(data) >= MAX_ROWS:
            raise _too_many_rows()
        data.append((number, tuple(cells)))
    if headers is None:
        raise refuse("The file is empty: the first row should hold the column headings.")
    return Table(headers, tuple(data))


def _read_csv(path: Path) -> Table:
    raw = _check_size(path)
    if b"\x00" in raw:
        raise refuse(f"{path.name} is not a text CSV file (it holds binary data).")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise refuse(
            f"{path.name} is not UTF-8 text. In Excel choose File → Save As → "
            "'CSV UTF-8 (Comma delimited)', then import that file."
        ) from None
    reader = csv.reader(io.StringIO(text, newline=""))

    def rows() -> Iterable[tuple[int, list[Cell]]]:
        try:
            for number, record in enumerate(reader, start=1):
                yield number, [Cell(unescape(v)) for v in record]
        except csv.Error as exc:
            raise refuse(f"{path.name} is not a CSV file cattool can read ({exc}).") from None

    return _table(rows())


def _read_xlsx(path: Path) -> Table:
    raw = _check_size(path)
    if not raw.startswith(b"PK\x03\x04"):
        raise refuse(f"{path.name} is not an Excel workbook (.xlsx), whatever its name says.")
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile:
        raise refuse(f"{path.name} is damaged: it is not a readable .xlsx workbook.") from None
    if unpacked > MAX_UNZIPPED:
        raise refuse(f"{path.name} unpacks to more than {MAX_UNZIPPED // 1024 // 1024} MB.")
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a bad workbook
        raise refuse(f"{path.name} is not a readable .xlsx workbook ({exc}).") from None
    try:
        if not book.worksheets:
            raise refuse(f"{path.name} has no sheets.")
        sheet = book.worksheets[0]

        def rows() -> Iterable[tuple[int, list[Cell]]]:
            for number, row in enumerate(sheet.iter_rows(max_col=MAX_COLUMNS + 1), start=1):
                cells = []
                for cell in row:
                    value = getattr(cell, "value", None)
                    if isinstance(value, str):
                        value = unescape(value)
                    shown = getattr(cell, "number_format", "") or ""
                    cells.append(Cell(value, "%" in shown and isinstance(value, int | float)))
                yield number, cells

        return _table(rows())
    finally:
        book.close()


def read_table(path: str | Path) -> Table:
    """The headings and rows of a CSV or XLSX file (see the module's limits)."""
    target = Path(path)
    kind = file_format(target)
    if target.is_dir():
        raise refuse(f"{target} is a folder, not a file.")
    return _read_csv(target) if kind == "csv" else _read_xlsx(target)


def _csv_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, Decimal):
        return f"{value:f}"
    return escape(str(value))


def _csv_bytes(headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(headers)
    for row in rows:
        writer.writerow([_csv_text(v) for v in row])
    return out.getvalue().encode("utf-8-sig")


def _xlsx_bytes(
    headers: Sequence[str], rows: Iterable[Sequence[Any]], title: str, money: Sequence[int]
) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    book = Workbook()
    sheet = book.active
    sheet.title = title[:31]
    sheet.append(list(headers))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    for row in rows:
        values = []
        for value in row:
            if isinstance(value, bool):
                values.append("yes" if value else "no")
            elif isinstance(value, str):
                values.append(escape(value))
            else:
                values.append(value)
        sheet.append(values)
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, dt.date):
                cell.number_format = DATE_FORMAT
            elif cell.column - 1 in money and cell.value is not None:
                cell.number_format = MONEY_FORMAT
    for index, header in enumerate(headers, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = max(12, len(header) + 4)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def write_table(
    path: str | Path,
    headers: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    title: str = "Sheet1",
    money_columns: Sequence[int] = (),
) -> None:
    """Write headings and rows to a .csv or .xlsx file, atomically.

    Values: str, Decimal (money in `money_columns`, by index), int, bool (yes/no),
    date, or None (empty)."""
    kind = file_format(path)
    if kind == "csv":
        data = _csv_bytes(headers, rows)
    else:
        data = _xlsx_bytes(headers, rows, title, money_columns)
    atomic_write(path, data)
