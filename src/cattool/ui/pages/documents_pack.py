"""The bid pack from the Documents page: where to put it and what to add (PDF copies, a
zip), the work on a worker thread with a progress dialog, and the report afterwards.

`build_bid_pack` reports its progress through a plain callable on the worker thread; a
timer on the UI thread reads it (no Qt object is touched from the worker).
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QTimer, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QProgressDialog,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from cattool.ui.forms import RecordDialog, labelled, note_label
from cattool.ui.pages.documents_dialogs import safe_name, short_path
from cattool.ui.worker import Task, run_in_background, show_error

if TYPE_CHECKING:
    from cattool.core.store import Store

NO_LIBREOFFICE = "LibreOffice is not installed"
PROGRESS_NAME = "bidPackProgress"


def pack_folder_name(case_label: str, today: dt.date) -> str:
    return safe_name(f"Bid pack {case_label} {today.isoformat()}")


def new_pack_folder(parent: Path, name: str) -> Path:
    """parent/name, or parent/name (2), (3)… when a pack is already there."""
    candidate, number = parent / name, 2
    while candidate.exists() and (not candidate.is_dir() or any(candidate.iterdir())):
        candidate, number = parent / f"{name} ({number})", number + 1
    return candidate


class BidPackDialog(RecordDialog):
    """Where the pack goes (a native folder chooser) and whether to add PDFs and a zip."""

    def __init__(
        self,
        parent: QWidget,
        folder_name: str,
        start: Path,
        pdf_available: bool,
        submit: Callable[[], bool],
    ) -> None:
        super().__init__(parent, "Make the bid pack", submit)
        self.folder_name = folder_name
        self.parent_folder = start
        self.save_button().setText("&Make bid pack")
        labelled(
            self.save_button(),
            "Make bid pack",
            "Write every document this stage needs, with a cover letter and index",
        )
        self.intro = note_label(
            "The pack holds every document needed at this stage whose data is complete, "
            "with a cover letter listing them. Anything that cannot be produced yet is "
            "listed afterwards with what it still needs."
        )
        self.form.addRow(self.intro)
        self.where = labelled(QLabel(), "Bid pack folder")
        self.where.setWordWrap(True)
        self.where.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.choose = labelled(
            QPushButton("&Choose folder…"), "Choose folder", "Choose where the pack goes"
        )
        self.choose.clicked.connect(self.choose_folder)
        row = QHBoxLayout()
        row.addWidget(self.where, 1)
        row.addWidget(self.choose, 0, Qt.AlignmentFlag.AlignTop)
        self.form.addRow("Put it in:", row)
        self.pdf = labelled(
            QCheckBox("Also make &PDF copies"),
            "PDF copies",
            "A PDF of each document, made with LibreOffice (takes a little longer)",
        )
        if not pdf_available:
            self.pdf.setEnabled(False)
            self.pdf.setToolTip(NO_LIBREOFFICE)
            self.pdf.setAccessibleDescription(NO_LIBREOFFICE)
        self.zip = labelled(
            QCheckBox("Also make a &zip file to email or upload"),
            "Zip file",
            "One .zip file beside the folder, holding the whole pack",
        )
        self.form.addRow("", self.pdf)
        self.form.addRow("", self.zip)
        self._show_where()

    def target(self) -> Path:
        """The new folder the pack will be written into."""
        return new_pack_folder(self.parent_folder, self.folder_name)

    def choose_folder(self) -> None:
        chosen = QFileDialog.getExistingDirectory(
            self, "Where to put the bid pack", str(self.parent_folder)
        )
        if chosen:
            self.parent_folder = Path(chosen)
            self._show_where()

    def _show_where(self) -> None:
        target = self.target()
        self.where.setText(f"{short_path(self.parent_folder)}\nin a new folder: {target.name}")
        self.where.setToolTip(str(target))


class PackProgress:
    """How far the worker has got: written there, read by the UI thread's timer."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._state: tuple[int, int, str] = (0, 1, "Starting")

    def __call__(self, done: int, total: int, text: str) -> None:
        with self._lock:
            self._state = (done, max(total, 1), text)

    def state(self) -> tuple[int, int, str]:
        with self._lock:
            return self._state


def make_bid_pack(
    parent: QWidget,
    store: Store,
    case_id: int,
    today: dt.date,
    target: Path,
    *,
    pdf: bool,
    zip_pack: bool,
    on_done: Callable[[Any], Any],
) -> Task[Any]:
    """Build the pack into `target` on a worker thread, with a progress dialog; then
    `on_done((pack, changes))` on the UI thread (errors are shown as a warning)."""
    progress = PackProgress()
    dialog = QProgressDialog("Making the bid pack…", "", 0, 1, parent)
    dialog.setObjectName(PROGRESS_NAME)
    dialog.setWindowTitle("Making the bid pack")
    dialog.setAccessibleName("Making the bid pack")
    dialog.setCancelButton(None)  # type: ignore[arg-type] - files half written: no stopping
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(0)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    dialog.setMinimumWidth(420)
    dialog.setValue(0)
    dialog.show()
    timer = QTimer(dialog)
    timer.setInterval(50)

    def show_progress() -> None:
        done, total, text = progress.state()
        dialog.setMaximum(total)
        dialog.setValue(min(done, total))
        dialog.setLabelText(f"{text}…" if text != "Done" else "Done.")

    timer.timeout.connect(show_progress)
    timer.start()

    def work() -> Any:
        from cattool.documents.bidpack import build_bid_pack

        with store.transaction() as session:
            return build_bid_pack(
                session, case_id, target, today, pdf=pdf, zip_pack=zip_pack, progress=progress
            )

    def finish() -> None:
        timer.stop()
        dialog.hide()
        dialog.deleteLater()

    def done(result: Any) -> None:
        finish()
        on_done(result)

    def failed(exc: Exception) -> None:
        finish()
        show_error(parent, "Making the bid pack", exc)

    return run_in_background(parent, "Making the bid pack", work, done, failed, progress=False)


class BidPackReport(QDialog):
    """What was produced, what was not and why; Open folder shows the pack."""

    def __init__(self, parent: QWidget, pack: Any) -> None:
        super().__init__(parent)
        self.setWindowTitle("Bid pack made")
        self.setAccessibleName("Bid pack report")
        self.folder: Path = pack.folder
        made, missing = len(pack.items), len(pack.skipped)
        summary = f"<b>{made} document{'s' if made != 1 else ''} written</b> to {pack.folder}."
        if missing:
            summary += (
                f"<br><b>{missing} could not be produced yet</b>: "
                "each is listed below with what it still needs."
            )
        self.summary = QLabel(summary)
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName("Summary")
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.report = labelled(QPlainTextEdit(pack.report()), "Bid pack report")
        self.report.setReadOnly(True)
        self.report.setMinimumSize(640, 260)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.open_button = labelled(
            self.buttons.addButton("&Open folder", QDialogButtonBox.ButtonRole.ActionRole),
            "Open folder",
            "Show the bid pack's folder",
        )
        self.open_button.setDefault(True)
        self.open_button.clicked.connect(self.open_folder)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.report, 1)
        layout.addWidget(self.buttons)

    def open_folder(self) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.folder)))
        self.accept()
