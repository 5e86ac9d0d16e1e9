"""Documents: every letter and form cattool can write for the case, whether it is needed
at this stage, what it still needs (with a way to the page where each fact is filled in),
and Generate, Open, Show in folder, Mark as sent and the bid pack.

cattool.documents (and python-docx with it) is imported when the page first reads a case,
never at start-up. Reading a case's documents means reading everything recorded about it
(money and business plan, lease) and working out each kind's readiness: 50-100 ms. So the
workspace, when a user chooses the page, has it read on a worker
(`show_case_in_background`: "Reading…" meanwhile); `show_case` and `load` read at once.
Writes go through documents.service and documents.bidpack; generating runs on a worker
thread. Generating writes a file and is not undone by Edit ▸ Undo;
marking as sent is (the event it records is removed).
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices, QShowEvent
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from cattool.core.changes import Changes
from cattool.ui.commands import MarkSentCommand, push
from cattool.ui.context import WorkspaceContext
from cattool.ui.forms import BAD, note_label
from cattool.ui.pages.base import CasePage
from cattool.ui.pages.common import add_section, button, named
from cattool.ui.pages.documents_detail import DocumentDetail
from cattool.ui.pages.documents_dialogs import (
    MarkSentDialog,
    bid_pack_parent,
    case_folder,
    default_case_folder,
    remember_bid_pack_parent,
    remember_case_folder,
    short_path,
)
from cattool.ui.pages.documents_model import CaseDocs, DocumentsModel, read_documents
from cattool.ui.pages.documents_pack import (
    BidPackDialog,
    BidPackReport,
    make_bid_pack,
    pack_folder_name,
)
from cattool.ui.view_helpers import configure_table
from cattool.ui.worker import Task, run_in_background

log = logging.getLogger(__name__)


class DocumentsPage(CasePage):
    title = "Documents"
    # Documents draw on everything recorded about the case: any change reloads the page.
    shows: frozenset[str] = frozenset()

    def __init__(self, ctx: WorkspaceContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.docs: CaseDocs | None = None
        self._stale = False
        self._reads = 0  # counts reads begun: a worker's result is used only if still the last
        self.reading: Task[CaseDocs] | None = None  # a read on a worker under way
        self.task: Task[Any] | None = None  # a generation or bid pack under way
        self.dialog: MarkSentDialog | None = None
        self.pack_dialog: BidPackDialog | None = None
        self.report_dialog: BidPackReport | None = None
        self.model = DocumentsModel(self)

        self.folder_label = named(QLabel(), "Documents folder")
        self.folder_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.folder_button = button(
            "Change f&older…", "Choose the folder this case's documents are written to",
            self.choose_folder, "Change folder",
        )  # fmt: skip
        self.pack_button = button(
            "Make &bid pack…",
            "Write every document needed now, with a cover letter and index, into one folder "
            "(PDF copies and a zip if you like)",
            self.start_bid_pack,
            "Make bid pack",
        )
        top = QHBoxLayout()
        top.addWidget(QLabel("Documents go to:"))
        top.addWidget(self.folder_label, 1)
        top.addWidget(self.folder_button)
        top.addSpacing(16)
        top.addWidget(self.pack_button)

        self.table = named(QTableView(), "Documents", "Enter opens the latest file")
        configure_table(self.table)
        self.table.setModel(self.model)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(DocumentsModel.TITLE, QHeaderView.ResizeMode.Stretch)
        for column in (DocumentsModel.APPLIES, DocumentsModel.STATE):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.table.selectionModel().selectionChanged.connect(self._show_selected)
        self.table.activated.connect(lambda _index: self._activated())

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(self.table)
        self.detail = DocumentDetail()
        self.detail.pageRequested.connect(self.pageRequested)
        detail = self.detail
        self.generate_button, self.open_button = detail.generate_button, detail.open_button
        self.reveal_button, self.sent_button = detail.reveal_button, detail.sent_button
        self.generate_button.clicked.connect(self.generate_selected)
        self.open_button.clicked.connect(self.open_selected)
        self.reveal_button.clicked.connect(self.reveal_selected)
        self.sent_button.clicked.connect(self.start_mark_sent)
        splitter.addWidget(detail)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([620, 440])

        self.problem = note_label(colour=BAD)
        self.problem.setAccessibleName("Problem")
        self.problem.hide()
        self.reading_label = note_label("Reading the case's documents…")
        self.reading_label.setAccessibleName("Reading")
        self.reading_label.hide()

        layout = QVBoxLayout(self)
        add_section(
            layout,
            "Documents",
            "The letters and forms for this case, written from what you have recorded. "
            "Each says whether it is needed now and what it still needs; Generate writes a "
            "Word file (a new version each time), Mark as sent records it on the Events page.",
        )
        layout.addLayout(top)
        layout.addWidget(self.reading_label)
        layout.addWidget(self.problem)
        layout.addWidget(splitter, 1)
        self.setTabOrder(self.table, self.generate_button)

    # ------------------------------------------------------------------ loading

    read_case = staticmethod(read_documents)

    def load(self) -> None:
        if self.case_id is None:
            return
        self._begin_read()
        case_id, today, chosen = self.case_id, self.ctx.today, self.selected_key()
        try:
            docs = self.ctx.read(lambda s: read_documents(s, case_id, today))
        except ImportError as exc:  # a kind of document whose module is broken or missing
            log.exception("The document kinds could not be loaded")
            self._show_failure(exc)
            return
        self._show_docs(docs, chosen)

    def show_case_in_background(self, case_id: int) -> None:
        """As `show_case`, but read on a worker thread; the page says "Reading…" until
        the documents are in (a read begun later, or `load`, supersedes it)."""
        if case_id != self.case_id:
            self.table.clearSelection()
            self.docs = None
            self.model.set_rows([])  # not the last case's documents meanwhile
            self._show_selected()
        self.case_id = case_id
        number = self._begin_read()
        today, chosen, store = self.ctx.today, self.selected_key(), self.ctx.source.store

        def work() -> CaseDocs:
            with store.session() as session:
                return read_documents(session, case_id, today)

        def done(docs: CaseDocs) -> None:
            if number == self._reads and case_id == self.case_id:
                self._show_docs(docs, chosen)

        def failed(exc: Exception) -> None:
            if number == self._reads and case_id == self.case_id:
                self._show_failure(exc)

        self.reading_label.show()
        self.reading = run_in_background(
            self, "Reading the documents", work, done, failed, progress=False
        )

    def finish_reading(self) -> None:
        """A read on a worker still under way: read at once instead (for callers that
        need the page filled now)."""
        if self.reading is not None and not self.reading.is_done():
            self.load()

    def _begin_read(self) -> int:
        self._stale = False
        self._reads += 1
        return self._reads

    def _show_failure(self, exc: Exception) -> None:
        """Say the list could not be read (the worker has logged why)."""
        self.reading_label.hide()
        self.docs = None
        self.model.set_rows([])
        self.problem.setText(f"The list of documents could not be read: {exc}.")
        self.problem.show()
        self._show_selected()

    def _show_docs(self, docs: CaseDocs, chosen: str | None) -> None:
        self.reading_label.hide()
        self.docs = docs
        self.problem.hide()
        self.model.set_rows(docs.statuses)
        self._show_folder()
        if self.model.rowCount():
            self.select_key(chosen or self.model.row_at(0).kind.key)
        self._show_selected()

    def _on_changed(self, changes: Changes) -> None:
        if self.isVisible():
            super()._on_changed(changes)
        elif self.case_id is not None:
            self._stale = True  # read again when next shown

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self.load()

    def show_case(self, case_id: int) -> None:
        if case_id != self.case_id:
            self.table.clearSelection()
        super().show_case(case_id)

    # ------------------------------------------------------------------ selection

    def selected(self) -> Any:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    def selected_key(self) -> str | None:
        status = self.selected()
        return status.kind.key if status is not None else None

    def select_key(self, key: str) -> bool:
        row = self.model.row_for_key(key)
        if row is None:
            row = 0 if self.model.rowCount() else None
        if row is None:
            return False
        self.table.selectRow(row)
        self.table.setCurrentIndex(self.model.index(row, 0))
        return self.model.row_at(row).kind.key == key

    def status_of(self, key: str) -> Any:
        row = self.model.row_for_key(key)
        return self.model.row_at(row) if row is not None else None

    def _show_folder(self) -> None:
        folder = self.folder()
        self.folder_label.setText(short_path(folder) if folder else "")
        self.folder_label.setToolTip(str(folder) if folder else "")

    def folder(self) -> Path | None:
        """Where this case's documents are written."""
        return case_folder(self.docs.uid, self.docs.reference) if self.docs else None

    @property
    def field_buttons(self) -> list[Any]:
        """The selected document's missing facts, each a button to its page."""
        return self.detail.field_buttons

    def _show_selected(self, *_args: Any) -> None:
        status = self.selected()
        busy = self.task is not None
        self.pack_button.setEnabled(self.docs is not None and not busy)
        self.folder_button.setEnabled(self.docs is not None)
        self.detail.show_status(status, "Choose a document" if self.docs else "")
        latest = status.latest if status is not None else None
        ready = status is not None and status.ready
        self.generate_button.setEnabled(ready and not busy)
        self.generate_button.setToolTip(
            "Write it as a Word file: a new version each time (not undone by Undo)"
            if ready or status is None
            else "Fill in what is listed below first"
        )
        self.open_button.setEnabled(latest is not None)
        self.reveal_button.setEnabled(latest is not None)
        unsent = latest is not None and latest.sent_event_id is None
        self.sent_button.setEnabled(unsent)
        if latest is None:
            tip = "Generate it first"
        elif not unsent:
            tip = "This version is already marked as sent; generate a new version to send again"
        else:
            tip = "Record the day it was sent (an event; you can undo this)"
        self.sent_button.setToolTip(tip)

    def _activated(self) -> None:
        """Enter or a double-click: open the latest file, else go to the detail's actions."""
        status = self.selected()
        if status is None:
            return
        if status.latest is not None:
            self.open_selected()
        elif self.field_buttons:
            self.field_buttons[0].setFocus()
        elif self.generate_button.isEnabled():
            self.generate_button.setFocus()

    # ------------------------------------------------------------------ folders

    def choose_folder(self) -> None:
        if self.docs is None:
            return
        current = self.folder() or Path.home()
        chosen = QFileDialog.getExistingDirectory(
            self, "Where to write this case's documents", str(current)
        )
        if not chosen:
            return
        folder = Path(chosen)
        default = default_case_folder(self.docs.uid, self.docs.reference)
        remember_case_folder(self.docs.uid, None if folder == default else folder)
        self._show_folder()

    # ------------------------------------------------------------------ generate

    def generate_selected(self) -> Task[Any] | None:
        status = self.selected()
        if status is None or not status.ready or self.task is not None or self.case_id is None:
            return None
        return self.generate(status.kind.key)

    def generate(self, key: str) -> Task[Any] | None:
        """Write a new version of `key` on a worker thread; the page follows when done."""
        folder, case_id, today = self.folder(), self.case_id, self.ctx.today
        if folder is None or case_id is None or self.task is not None:
            return None
        store = self.ctx.source.store

        def work() -> Any:
            from cattool.documents.facts import load_case_facts
            from cattool.documents.service import generate

            with store.transaction() as session:
                facts = load_case_facts(session, case_id, today)
                return generate(session, facts, key, folder)

        def done(result: Any) -> None:
            made, changes = result
            self._finished()
            self.ctx.changed.emit(changes)  # this page, the Overview, the dashboard follow
            self.select_key(key)
            self._status(f"Wrote {made.path.name}.")

        def failed(exc: Exception) -> None:
            self._finished()
            QMessageBox.warning(self, "The document could not be generated", str(exc))

        self.task = run_in_background(self, "Generating the document", work, done, failed)
        self._show_selected()
        return self.task

    def _finished(self) -> None:
        self.task = None
        self._show_selected()

    def _status(self, message: str) -> None:
        window = self.window()
        status_bar = getattr(window, "statusBar", None)
        if callable(status_bar):
            status_bar().showMessage(message, 5000)

    # ------------------------------------------------------------------ open / reveal

    def _latest_path(self) -> tuple[Any, Path | None]:
        status = self.selected()
        if status is None or status.latest is None:
            return status, None
        return status, Path(status.latest.path)

    def open_selected(self) -> None:
        status, path = self._latest_path()
        if path is None:
            return
        if not path.exists():
            self._file_gone(status, path)
            return
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))):
            QMessageBox.warning(
                self,
                "The document could not be opened",
                f"No program on this computer opened {path.name}. Install a word processor "
                "such as LibreOffice Writer or Microsoft Word, or use Show in folder.",
            )

    def reveal_selected(self) -> None:
        status, path = self._latest_path()
        if path is None:
            return
        folder = path.parent
        if not folder.is_dir():
            self._file_gone(status, path)
            return
        if not path.exists():
            self._file_gone(status, path, folder_opens=True)
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))

    def _file_gone(self, status: Any, path: Path, folder_opens: bool = False) -> None:
        """Say the file is gone; offer to generate it again when the data allows."""
        text = (
            f"The file {path.name} is not there any more:\n{path}\n\n"
            "It may have been moved, renamed or deleted."
        )
        if not status.ready:
            QMessageBox.warning(
                self, "File not found", text + " Fill in what it still needs to generate it again."
            )
            return
        if folder_opens:
            text += " The folder will open now."
        answer = QMessageBox.question(
            self,
            "File not found",
            text + "\n\nGenerate it again (as a new version)?",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.Yes,
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.generate(status.kind.key)

    # ------------------------------------------------------------------ mark as sent

    def start_mark_sent(self) -> None:
        status = self.selected()
        if status is None or status.latest is None or status.latest.sent_event_id is not None:
            return
        kind = status.kind
        statutory = kind.sent_event if kind.sent_event != "document-sent" else None
        self.dialog = MarkSentDialog(
            self,
            f"{kind.title} v{status.latest.revision}",
            self.ctx.today,
            statutory,
            lambda: self._mark_sent(status),
        )
        self.dialog.open()

    def _mark_sent(self, status: Any) -> bool:
        dialog = self.dialog
        assert dialog is not None
        values = dialog.values()
        if values["sent_on"] is None:
            return False
        command = MarkSentCommand(
            self.ctx,
            status.latest.id,
            values["sent_on"],
            values["received_on"],
            values["note"],
            f"Mark as sent: {status.kind.title}",
        )
        return self.attempt(lambda: push(self.ctx, command), "It could not be marked as sent")

    # ------------------------------------------------------------------ bid pack

    def start_bid_pack(self) -> None:
        if self.docs is None or self.case_id is None or self.task is not None:
            return
        from cattool.documents.pdf import find_soffice

        start = bid_pack_parent(self.folder() or Path.home())
        name = pack_folder_name(self.docs.label, self.ctx.today)
        self.pack_dialog = BidPackDialog(
            self, name, start, find_soffice() is not None, self._run_bid_pack
        )
        self.pack_dialog.open()

    def _run_bid_pack(self) -> bool:
        dialog, case_id = self.pack_dialog, self.case_id
        if dialog is None or case_id is None or self.task is not None:
            return False
        remember_bid_pack_parent(dialog.parent_folder)
        self.task = make_bid_pack(
            self, self.ctx.source.store, case_id, self.ctx.today, dialog.target(),
            pdf=dialog.pdf.isChecked(), zip_pack=dialog.zip.isChecked(),
            on_done=self._bid_pack_done,
        )  # fmt: skip
        self.task.finished.connect(self._finished)
        self._show_selected()
        return True

    def _bid_pack_done(self, result: Any) -> None:
        pack, changes = result
        self.task = None
        if changes.case_ids:
            self.ctx.changed.emit(changes)
        self.report_dialog = BidPackReport(self, pack)
        self.report_dialog.open()
        self._status(f"Bid pack written to {pack.folder}.")
