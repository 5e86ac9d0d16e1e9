""" "Export to spreadsheet…" and "Import from spreadsheet…" buttons for a list of money
records (the Money page's pledges, the Business plan's income and costs).

Export: the native save dialog, then the core writes the .xlsx (or .csv) atomically.
Import: the native open dialog, then the core reads and checks the whole file first; a
file with any problem shows a message naming each row and column and changes nothing.
A good file is imported in one transaction and is one undoable step (undo removes every
row it added).

The Share offer page uses the same buttons for the shareholder register with its own
labels, an export that is audited (so it runs in a transaction: the register is personal
data) and a message after export saying so.
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
from cattool.ui.view_helpers import plural

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
    today=)` adds the file's rows (records of `entities`) or raises InputError.
    `export_label`/`import_label` replace the buttons' texts; `audited` runs the export
    in a transaction (its audit entry is a write); `export_note`, when given, is said
    after a successful export (e.g. that the file holds personal data); `command` makes
    the undoable import step (AddManyCommand's arguments)."""

    def __init__(
        self,
        page: Any,
        what: str,
        file_name: Callable[[], str],
        entities: tuple[str, ...],
        export: Callable[[Session, int, str], Any],
        load: Callable[..., Any],
        *,
        export_label: str = "E&xport to spreadsheet…",
        import_label: str = "I&mport from spreadsheet…",
        export_tip: str = "",
        audited: bool = False,
        export_note: str = "",
        command: Callable[..., AddManyCommand] = AddManyCommand,
    ) -> None:
        self.page, self.what, self.file_name = page, what, file_name
        self.entities, self._export, self._load = entities, export, load
        self.audited, self.export_note, self._command = audited, export_note, command
        self.export_button = labelled(
            QPushButton(export_label),
            export_label.replace("&", "").rstrip("…"),
            export_tip or f"Save the {what} as an Excel workbook (.xlsx) or a CSV file.",
        )
        self.import_button = labelled(
            QPushButton(import_label),
            import_label.replace("&", "").rstrip("…"),
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

        result: list[Any] = []

        def write() -> None:
            call = page.ctx.run if self.audited else page.ctx.read
            try:
                result.append(call(lambda s: self._export(s, case_id, path)))
            except OSError as exc:  # a folder that cannot be written to, a full disk
                raise InputError(f"{path} could not be written: {exc.strerror or exc}.") from exc

        if not page.attempt(write, f"The {self.what} could not be exported"):
            return None
        if self.export_note:
            rows = getattr(result[0], "rows", None)
            saved = f"Saved {plural(rows, 'row')}" if rows is not None else "Saved"
            QMessageBox.information(
                page, "Exported", f"{saved} to {Path(path).name}. {self.export_note}"
            )
        return path

    def import_(self) -> int:
        """Import a file chosen by the user; returns how many rows were added."""
        page = self.page
        case_id, ctx = page.case_id, page.ctx
        if case_id is None:
            return 0
        path = open_path(page, f"Import {self.what}")
        if path is None:
            return 0
        command = self._command(
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
