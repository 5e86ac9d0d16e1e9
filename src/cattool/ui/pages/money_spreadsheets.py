""" "Export to spreadsheet…" and "Import from spreadsheet…" buttons for a list of money
records (the Money page's pledges, the Business plan's income and costs).

Export: the native save dialog, then the core writes the .xlsx (or .csv) atomically.
Import: the native open dialog, then the core reads and checks the whole file first; a
file with any problem shows a message naming each row and column and changes nothing.
A good file is imported in one transaction and is one undoable step (undo removes every
row it added).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QFileDialog, QMessageBox, QPushButton, QWidget
from sqlalchemy.orm import Session

from cattool.core.errors import InputError
from cattool.ui.commands import push
from cattool.ui.forms import labelled
from cattool.ui.pages.business_plan_commands import AddManyCommand

SPREADSHEET_FILTER = "Excel workbook (*.xlsx);;CSV file (*.csv)"
_FOLDER_KEY = "spreadsheets/folder"


def _start_folder() -> str:
    return str(QSettings().value(_FOLDER_KEY, str(Path.home())))


def _remember(path: str) -> None:
    QSettings().setValue(_FOLDER_KEY, str(Path(path).parent))


def save_path(parent: QWidget, title: str, name: str) -> str | None:
    """Where to export, from the native save dialog (.xlsx unless .csv is chosen)."""
    path, chosen = QFileDialog.getSaveFileName(
        parent, title, str(Path(_start_folder()) / f"{name}.xlsx"), SPREADSHEET_FILTER
    )
    if not path:
        return None
    if Path(path).suffix.lower() not in (".xlsx", ".csv"):
        path += ".csv" if "csv" in (chosen or "").lower() else ".xlsx"
    _remember(path)
    return path


def open_path(parent: QWidget, title: str) -> str | None:
    filters = "Spreadsheets (*.xlsx *.csv);;All files (*)"
    path, _ = QFileDialog.getOpenFileName(parent, title, _start_folder(), filters)
    if path:
        _remember(path)
    return path or None


class SpreadsheetButtons:
    """The two buttons for `page` (a CasePage), added to a RecordList's button row.

    `export(session, case_id, path)` writes the file; `load(session, case_id, path,
    today=)` adds the file's rows (records of `entities`) or raises InputError."""

    def __init__(
        self,
        page: Any,
        what: str,
        file_name: Callable[[], str],
        entities: tuple[str, ...],
        export: Callable[[Session, int, str], Any],
        load: Callable[..., Any],
    ) -> None:
        self.page, self.what, self.file_name = page, what, file_name
        self.entities, self._export, self._load = entities, export, load
        self.export_button = labelled(
            QPushButton("E&xport to spreadsheet…"),
            f"Export {what} to spreadsheet",
            f"Save the {what} as an Excel workbook (.xlsx) or a CSV file.",
        )
        self.import_button = labelled(
            QPushButton("I&mport from spreadsheet…"),
            f"Import {what} from spreadsheet",
            f"Add the {what} in an .xlsx or .csv file. The whole file is checked first: if "
            "any row has a problem, nothing is imported. One undoable step.",
        )
        self.export_button.clicked.connect(lambda: self.export())
        self.import_button.clicked.connect(lambda: self.import_())

    def add_to(self, buttons: Any) -> None:
        """After the list's own buttons, before its stretch."""
        at = buttons.count() - 1
        buttons.insertWidget(at, self.export_button)
        buttons.insertWidget(at + 1, self.import_button)

    def export(self) -> str | None:
        page = self.page
        case_id = page.case_id
        if case_id is None:
            return None
        path = save_path(page, f"Export {self.what}", self.file_name())
        if path is None:
            return None

        def write() -> None:
            try:
                page.ctx.read(lambda s: self._export(s, case_id, path))
            except OSError as exc:  # a folder that cannot be written to, a full disk
                raise InputError(f"{path} could not be written: {exc.strerror or exc}.") from exc

        done = page.attempt(write, f"The {self.what} could not be exported")
        return path if done else None

    def import_(self) -> int:
        """Import a file chosen by the user; returns how many rows were added."""
        page = self.page
        case_id, ctx = page.case_id, page.ctx
        if case_id is None:
            return 0
        path = open_path(page, f"Import {self.what}")
        if path is None:
            return 0
        command = AddManyCommand(
            ctx,
            self.entities,
            case_id,
            lambda s: self._load(s, case_id, path, today=ctx.today),
            f"Import {self.what} from {Path(path).name}",
        )
        if not page.attempt(lambda: push(ctx, command), "Nothing was imported"):
            return 0
        count = len(command.added)
        QMessageBox.information(
            page,
            "Imported",
            f"Added {count} row{'s' if count != 1 else ''} from {Path(path).name}. "
            "Undo (Ctrl+Z) removes them all in one step.",
        )
        return count
