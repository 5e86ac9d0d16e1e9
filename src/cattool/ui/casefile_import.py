"""File → Import case file…: choose a file, verify it on a worker thread, show what the
check found, ask Replace / Import as new / Cancel when the case is already here, then
import on a worker. The core checks everything before writing; any failure is shown and
the database is left as it was.

`open_for_reading` (the passphrase or the organisation's key, asked on the UI thread) is
shared with File → Open case file… (casefile_review.py).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QFileDialog, QInputDialog, QLineEdit, QMessageBox, QWidget

from cattool.core.errors import InputError
from cattool.ui.casefile_export import CASEFILE_FILTER
from cattool.ui.casefile_keys import organisation_keys
from cattool.ui.worker import Task, error_text, run_in_background

if TYPE_CHECKING:
    from cattool.core.casefile import ImportResult, VerifyReport
    from cattool.ui.case_source import CaseSource

IMPORT, REPLACE_CASE, AS_NEW_CASE, CANCEL = "import", "replace", "as-new", "cancel"


@dataclass(slots=True)
class Unlock:
    """How to open an encrypted file (both None for a plain one)."""

    passphrase: Callable[[], str] | None = None
    private_key: Callable[[bytes], Any] | None = None

    def kwargs(self) -> dict[str, Any]:
        return {"passphrase": self.passphrase, "private_key": self.private_key}


def encryption_kind(path: Path) -> str | None:
    """The encryption: "scrypt" (a passphrase), "x25519-hkdf-sha256" (our key), ""
    (unreadable header), or None when the file is not encrypted. Reads only the header."""
    from cattool.core.casefile.crypto import MAGIC, MAX_HEADER

    try:
        with path.open("rb") as handle:
            if handle.read(len(MAGIC)) != MAGIC:
                return None
            header = json.loads(handle.readline(MAX_HEADER))
        return str(header.get("kdf", ""))
    except (OSError, ValueError, AttributeError):
        return ""


def open_for_reading(parent: QWidget, path: Path) -> Unlock | None:
    """Ask (on the UI thread) what an encrypted file needs; None if the person cancels.

    Raises InputError when the organisation's key cannot be read."""
    kind = encryption_kind(path)
    if kind is None:
        return Unlock()
    if kind == "scrypt":
        text, accepted = QInputDialog.getText(
            parent, "Encrypted case file",
            f"{path.name} is encrypted.\nThe passphrase the sender gave you:",
            QLineEdit.EchoMode.Password,
        )  # fmt: skip
        if not accepted:
            return None
        return Unlock(passphrase=lambda: text)
    if kind == "x25519-hkdf-sha256":
        keys = organisation_keys(parent)
        return Unlock(private_key=keys.private_key_for)
    return Unlock()  # unknown or damaged: the core's check names the problem


def choose_case_file(parent: QWidget, title: str) -> Path | None:
    chosen, _ = QFileDialog.getOpenFileName(parent, title, str(Path.home()), CASEFILE_FILTER)
    return Path(chosen) if chosen else None


def ask_how_to_import(parent: QWidget, report: VerifyReport, existing: str | None) -> str:
    """Show the verification state; ask Import (or Replace / Import as new) or Cancel."""
    box = QMessageBox(parent)
    box.setObjectName("importQuestion")
    box.setWindowTitle("Import case file")
    box.setIcon(QMessageBox.Icon.Question)
    name = (report.case or {}).get("tables", {}).get("acv_case", [{}])[0].get("name", "the case")
    text = f"{name}\n\n{report.summary()}"
    buttons: dict[object, str] = {}
    if existing is None:
        buttons[box.addButton("Import", QMessageBox.ButtonRole.AcceptRole)] = IMPORT
    else:
        text += f"\n\nThis database already has this case ({existing})."
        buttons[box.addButton("Replace it", QMessageBox.ButtonRole.DestructiveRole)] = REPLACE_CASE
        buttons[box.addButton("Import as new", QMessageBox.ButtonRole.AcceptRole)] = AS_NEW_CASE
    cancel = box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(cancel)
    box.setText(text)
    box.exec()
    return buttons.get(box.clickedButton(), CANCEL)


def _existing_case(source: CaseSource, uid: str) -> str | None:
    """The name of this database's case with that uid, if any (on the worker)."""
    from sqlalchemy import select

    from cattool.core.model import Case

    with source.store.session() as session:
        return session.scalar(select(Case.name).where(Case.uid == uid))


class CaseFileImport:
    """One import: verify → ask → import, each worker step handing on to the next.

    `finished(case_id | None)` is called at the end on the UI thread (None: nothing
    imported, for whatever reason); `tasks` holds the worker tasks (tests wait on them).
    """

    def __init__(
        self,
        parent: QWidget,
        source: CaseSource,
        path: Path,
        finished: Callable[[int | None], None],
    ) -> None:
        self.parent, self.source, self.path = parent, source, path
        self.finished = finished
        self.unlock = Unlock()
        self.tasks: list[Task[Any]] = []
        self.result: ImportResult | None = None
        self.done = False  # True once `finished` has been called

    def _finish(self, case_id: int | None) -> None:
        self.done = True
        self.finished(case_id)

    def start(self) -> bool:
        try:
            unlock = open_for_reading(self.parent, self.path)
        except InputError as exc:
            QMessageBox.warning(self.parent, "The case file cannot be opened", str(exc))
            return False
        if unlock is None:
            return False
        self.unlock = unlock
        source, path, unlock = self.source, self.path, self.unlock

        def work() -> tuple[VerifyReport, str | None]:
            from cattool.core.casefile import verify_casefile

            report = verify_casefile(path, **unlock.kwargs())
            existing = None
            if report.intact and report.case is not None:
                existing = _existing_case(source, report.case["case-uid"])
            return report, existing

        self.tasks.append(
            run_in_background(
                self.parent, f"Checking {path.name}", work, self._verified, self._failed
            )
        )
        return True

    def _verified(self, found: tuple[VerifyReport, str | None]) -> None:
        report, existing = found
        if not report.intact:
            QMessageBox.warning(
                self.parent, "This case file cannot be imported",
                f"{self.path.name}: {report.summary()}\n\nNothing was imported.",
            )  # fmt: skip
            self._finish(None)
            return
        choice = ask_how_to_import(self.parent, report, existing)
        if choice == CANCEL:
            self._finish(None)
            return
        mode = {IMPORT: None, REPLACE_CASE: "replace", AS_NEW_CASE: "as-new"}[choice]
        source, path, unlock = self.source, self.path, self.unlock

        def work() -> ImportResult:
            from cattool.core.casefile import import_casefile

            return import_casefile(source.store, path, mode=mode, **unlock.kwargs())

        self.tasks.append(
            run_in_background(
                self.parent, f"Importing {path.name}", work, self._imported, self._failed
            )
        )

    def _imported(self, result: ImportResult) -> None:
        self.result = result
        how = {"new": "Imported", "replace": "Replaced", "as-new": "Imported as a new case"}
        QMessageBox.information(
            self.parent, "Case file imported", f"{how[result.mode]}: {result.name}."
        )
        self._finish(result.case_id)

    def _failed(self, exc: Exception) -> None:
        QMessageBox.warning(
            self.parent, "The case file could not be imported",
            f"{error_text(exc)}\n\nNothing was changed.",
        )  # fmt: skip
        self._finish(None)
