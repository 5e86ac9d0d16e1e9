"""File → Move or copy case to another database…: choose where the case goes (a database
file on this computer, or one of the recent databases, a shared server included),
whether to keep it here too, then move it on a worker thread (core/case_move.py: every
row checked at the target before anything is removed here).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from cattool.ui import settings
from cattool.ui.worker import Task, run_in_background

if TYPE_CHECKING:
    from cattool.core.case_move import MoveResult
    from cattool.ui.case_source import CaseSource

DATABASE_FILTER = "cattool databases (*.sqlite *.sqlite3 *.db);;All files (*)"


def _same(a: str, b: str) -> bool:
    if "://" in a or "://" in b:
        return a == b
    try:
        return Path(a).expanduser().resolve() == Path(b).expanduser().resolve()
    except OSError:
        return a == b


class CaseMoveDialog(QDialog):
    """Where to, and move or copy. `target()` and `keep()` once accepted."""

    def __init__(
        self,
        parent: QWidget | None,
        case_name: str,
        source_name: str,
        source_location: str,
        *,
        source_read_only: bool = False,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Move or copy case")
        self.setMinimumWidth(480)  # room for the explanation and a file path
        self.setObjectName("caseMoveDialog")
        self._source_location = source_location
        intro = QLabel(
            f"Move <b>{_escape(case_name)}</b> from {_escape(source_name)} to another "
            "database. Every record, file link, the history and review comments go with "
            "it, and are checked there before anything is removed here."
        )
        intro.setWordWrap(True)
        self.to_file = QRadioButton("A database &file on this computer:")
        self.path = QLineEdit()
        self.path.setPlaceholderText("a new or existing .sqlite file")
        self.path.setAccessibleName("Database file")
        browse = QPushButton("&Browse…")
        browse.clicked.connect(self._browse)
        self.to_recent = QRadioButton("A &recent database:")
        self.recent = QComboBox()
        self.recent.setAccessibleName("Recent database")
        for location in settings.recent_databases():
            if not _same(location, source_location):
                label = location if "://" in location else Path(location).name
                self.recent.addItem(label, location)
                self.recent.setItemData(self.recent.count() - 1, location, 3)  # tooltip
        self.to_recent.setEnabled(self.recent.count() > 0)
        self.recent.setEnabled(self.recent.count() > 0)
        (self.to_recent if self.recent.count() else self.to_file).setChecked(True)
        self.keep_box = QCheckBox("&Keep it here too (copy, not move)")
        if source_read_only:
            self.keep_box.setChecked(True)
            self.keep_box.setEnabled(False)
            self.keep_box.setToolTip(
                "This database is open read-only: the case can only be copied."
            )
        self.problem = QLabel()
        self.problem.setObjectName("caseMoveProblem")
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #b00020")
        grid = QGridLayout()
        grid.addWidget(self.to_file, 0, 0, 1, 2)
        grid.addWidget(self.path, 1, 0)
        grid.addWidget(browse, 1, 1)
        grid.addWidget(self.to_recent, 2, 0, 1, 2)
        grid.addWidget(self.recent, 3, 0, 1, 2)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for widget in (intro,):
            layout.addWidget(widget)
        layout.addLayout(grid)
        layout.addWidget(self.keep_box)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        self.keep_box.toggled.connect(self._label_ok)
        self.path.textEdited.connect(lambda _text: self.to_file.setChecked(True))
        self._label_ok()

    def _label_ok(self, *_args: object) -> None:
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText("&Copy" if self.keep() else "&Move")

    def _browse(self) -> None:
        start = (
            str(Path(self._source_location).parent) if "://" not in self._source_location else ""
        )
        path, _ = QFileDialog.getSaveFileName(
            self,
            "Database file to move the case to",
            start or str(Path.home()),
            DATABASE_FILTER,
            options=QFileDialog.Option.DontConfirmOverwrite,  # an existing file is added to
        )
        if path:
            self.path.setText(path)
            self.to_file.setChecked(True)

    def keep(self) -> bool:
        return self.keep_box.isChecked()

    def target(self) -> str:
        """The chosen database: a file path or a server URL (never with a password)."""
        if self.to_recent.isChecked():
            return str(self.recent.currentData() or "")
        return self.path.text().strip()

    def errors(self) -> list[str]:
        target = self.target()
        if not target:
            return ["Choose a database file, or one of the recent databases."]
        if "://" not in target and Path(target).expanduser().is_dir():
            return [f"{target} is a folder: give a file name, such as cases.sqlite."]
        if _same(target, self._source_location):
            return ["That is the database the case is already in."]
        return []

    def accept(self) -> None:
        errors = self.errors()
        self.problem.setText(" ".join(errors))
        if not errors:
            super().accept()


def _escape(text: str) -> str:
    import html

    return html.escape(text)


def move_case(
    window: QWidget,
    source: CaseSource,
    case_id: int,
    case_name: str,
    on_moved: Callable[[MoveResult], None],
) -> Task[MoveResult] | None:
    """Ask where, then move or copy on a worker thread; `on_moved` runs on the UI thread
    once the copy is checked (and, for a move, the case removed here). A refusal shows
    the reason and changes nothing."""
    from PySide6.QtWidgets import QMessageBox

    dialog = CaseMoveDialog(
        window, case_name, source.display_name, source.location, source_read_only=source.read_only
    )
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    target, keep = dialog.target(), dialog.keep()

    def work() -> MoveResult:
        from cattool.core.case_move import move_to_location

        return move_to_location(source.store, target, [case_id], keep=keep)

    def failed(exc: Exception) -> None:
        from cattool.ui.worker import error_text

        verb = "copy" if keep else "move"
        QMessageBox.warning(window, f"cattool could not {verb} the case", error_text(exc))

    verb = "Copying" if keep else "Moving"
    return run_in_background(window, f"{verb} {case_name}", work, on_moved, failed)
