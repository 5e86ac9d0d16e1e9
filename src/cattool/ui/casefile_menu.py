"""The case file entries of the File menu, for `MainWindow`: Export case file…, Import
case file…, Open case file… (review, read-only), Close case file, Organisation key….

The dialogs and flows live in casefile_export.py, casefile_import.py, casefile_keys.py
and casefile_review.py; this is the window's glue (which case, which database, the
switch into and out of review mode).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QMessageBox

from cattool.core.errors import InputError
from cattool.ui.worker import Task, error_text, run_in_background

if TYPE_CHECKING:
    from cattool.core.store import Store
    from cattool.ui.casefile_import import CaseFileImport
    from cattool.ui.casefile_review import ReadOnlyLock, ReviewFrame, ReviewSession


class CaseFiles:
    """Case files in the main window (a mixin of `MainWindow`)."""

    _review: ReviewSession | None = None
    _review_lock: ReadOnlyLock | None = None
    _review_frame: ReviewFrame | None = None
    last_import: CaseFileImport | None = None

    # ----------------------------------------------------------------- export

    def export_case_file(self) -> Task[Any] | None:
        """File → Export case file… for the open case, or the one selected in the list."""
        from cattool.ui.casefile_export import export_case_file

        case_id = self.shown_case_id() or self.current_case_id()
        if not case_id:
            return None
        return export_case_file(self, self._source, case_id, self._case_name(case_id))

    # ----------------------------------------------------------------- import

    def import_case_file(self, path: Path | None = None) -> CaseFileImport | None:
        """File → Import case file…: verify, ask, import; the dashboard then shows it."""
        from cattool.ui.casefile_import import CaseFileImport, choose_case_file

        if self.reviewing():
            return None
        path = path or choose_case_file(self, "Import case file")
        if path is None:
            return None
        self.last_import = CaseFileImport(self, self._source, path, self._imported)
        return self.last_import if self.last_import.start() else None

    def _imported(self, case_id: int | None) -> None:
        if case_id is None:
            return
        self.show_dashboard()
        self.reload()
        if not self.dashboard.select_case(case_id):  # a large list loads on a worker
            self.dashboard.loaded.connect(self._select_imported)
            self._imported_id = case_id
        self.statusBar().showMessage("Case file imported.", 5000)

    def _select_imported(self, *_args: object) -> None:
        self.dashboard.loaded.disconnect(self._select_imported)
        self.dashboard.select_case(self._imported_id)

    # ----------------------------------------------------------------- review

    def reviewing(self) -> bool:
        return self._review is not None

    def review_session(self) -> ReviewSession | None:
        return self._review

    def open_case_file(self, path: Path | None = None) -> Task[Any] | None:
        """File → Open case file…: verify and unpack on a worker, then show it read-only."""
        from cattool.ui.casefile_import import choose_case_file, open_for_reading
        from cattool.ui.casefile_review import unpack_for_review

        path = path or choose_case_file(self, "Open case file for review")
        if path is None:
            return None
        try:
            unlock = open_for_reading(self, path)
        except InputError as exc:
            QMessageBox.warning(self, "The case file cannot be opened", str(exc))
            return None
        if unlock is None:
            return None
        if self.reviewing():
            self.close_case_file()
        return run_in_background(
            self, f"Opening {path.name} for review",
            lambda: unpack_for_review(path, unlock),
            lambda unpacked: self._enter_review(path, *unpacked),
            lambda exc: QMessageBox.warning(
                self, "The case file cannot be opened", error_text(exc)
            ),
        )  # fmt: skip

    def _enter_review(
        self, path: Path, report: Any, folder: Path, store: Store | None, case_id: int, name: str
    ) -> None:
        from cattool.ui.case_source import CaseSource
        from cattool.ui.casefile_review import (
            READ_ONLY_REASON,
            TITLE_SUFFIX,
            ReadOnlyLock,
            ReviewBanner,
            ReviewFrame,
            ReviewSession,
            close_quietly,
            confirm_unsigned,
            discard_folder,
            refuse_text,
        )

        if store is None:
            QMessageBox.warning(self, "This case file is not opened", refuse_text(path, report))
            return
        if not confirm_unsigned(self, report):
            close_quietly(store)
            discard_folder(folder)
            return
        source = CaseSource.from_store(store)
        try:
            self.dashboard.load(source, self._today)
        except BaseException:
            close_quietly(store)
            discard_folder(folder)
            raise
        self._drop_workspace()
        session = ReviewSession(path, report, folder, case_id, name, self._source)
        self._source, self._review = source, session
        self.ctx.read_only_reason = READ_ONLY_REASON
        banner = ReviewBanner(session)
        banner.closeRequested.connect(self.close_case_file)
        self._review_frame = ReviewFrame(banner, self.takeCentralWidget())
        self.setCentralWidget(self._review_frame)
        self.open_case(case_id, 0)
        assert self.workspace is not None
        self._review_lock = ReadOnlyLock(self.workspace)
        self.setWindowTitle(f"cattool — {name}{TITLE_SUFFIX}")
        self._update_casefile_actions()
        self.statusBar().showMessage(f"Reviewing {path.name}: read-only.", 8000)

    def close_case_file(self) -> None:
        """Leave review mode: back to the previous database; the temporary one is deleted."""
        session = self._review
        if session is None:
            return
        try:
            self.dashboard.load(session.previous, self._today)
        except InputError as exc:  # the previous database went wrong meanwhile: still leave
            QMessageBox.warning(self, "cattool could not reload the cases", str(exc))
        self._drop_workspace()
        review_source, self._source = self._source, session.previous
        self._leave_review(review_source)
        self.show_dashboard()
        self._update_title()

    def _leave_review(self, review_source: Any) -> None:
        """Take the banner and the lock down, close and delete the temporary database."""
        from cattool.ui.casefile_review import close_quietly, discard_folder

        session, self._review = self._review, None
        if self._review_lock is not None:
            self._review_lock.release()
            self._review_lock = None
        if self._review_frame is not None:
            central = self._review_frame.give_back()
            self.takeCentralWidget().deleteLater()
            self.setCentralWidget(central)
            self._review_frame = None
        close_quietly(review_source.store if review_source.store_is_open else None)
        if session is not None:
            discard_folder(session.folder)
        self._update_casefile_actions()

    def discard_review(self) -> None:
        """At window close: delete the temporary database without switching back."""
        if self._review is not None:
            self._leave_review(self._source)

    # ----------------------------------------------------------------- key

    def show_organisation_key(self) -> None:
        """File → Organisation key…: the fingerprint, export, trust a signer."""
        from cattool.ui.casefile_keys import OrganisationKeyDialog, organisation_keys

        try:
            keys = organisation_keys(self)
        except InputError as exc:
            QMessageBox.warning(self, "The organisation's key is not available", str(exc))
            return
        dialog = OrganisationKeyDialog(self, keys)
        self.key_dialog = dialog
        dialog.exec()

    # ----------------------------------------------------------------- actions

    def _update_casefile_actions(self) -> None:
        reviewing = self._review is not None
        has_case = self.shown_case_id() is not None or self.current_case_id() is not None
        self.export_casefile_action.setEnabled(has_case and not reviewing)
        self.close_casefile_action.setEnabled(reviewing)
        for action in (self.import_casefile_action, self.new_case_action, self.open_action):
            action.setEnabled(not reviewing)
        self.recent_menu.setEnabled(not reviewing)
