"""The case file entries of the File menu, for `MainWindow`: Export case file…, Import
case file…, Import review file…, Open case file… (review, read-only), Close case file,
Organisation key…; and review comments: Comment… / Save review file… while reviewing,
the "Review comments" dock and the page list's counts in the group's own workspace.

The dialogs and flows live in casefile_export.py, casefile_import.py, casefile_keys.py
and casefile_review.py; this is the window's glue (which case, which database, the
switch into and out of review mode).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDockWidget, QMenu, QMessageBox

from cattool.core.errors import InputError
from cattool.ui.worker import Task, error_text, run_in_background

if TYPE_CHECKING:
    from cattool.core.changes import Changes
    from cattool.core.store import Store
    from cattool.ui.casefile_import import CaseFileImport
    from cattool.ui.casefile_review import ReadOnlyLock, ReviewFrame, ReviewSession
    from cattool.ui.context import WorkspaceContext
    from cattool.ui.review_comments import DraftPanel, ReviewDraft
    from cattool.ui.review_comments_panel import ReviewCommentsPanel


class CaseFiles:
    """Case files in the main window (a mixin of `MainWindow`)."""

    _review: ReviewSession | None = None
    _review_lock: ReadOnlyLock | None = None
    _review_frame: ReviewFrame | None = None
    last_import: CaseFileImport | None = None
    _review_draft: ReviewDraft | None = None
    _draft_panel: DraftPanel | None = None
    _comments_dock: QDockWidget | None = None
    _comments_panel: ReviewCommentsPanel | None = None
    _comments_ctx: WorkspaceContext | None = None
    _comments_workspace: object | None = None

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
        self,
        path: Path,
        report: Any,
        folder: Path,
        store: Store | None,
        case_id: int,
        name: str,
        id_map: dict[str, dict[int, int]] | None = None,
        casefile_sha256: str = "",
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
        session = ReviewSession(path, report, folder, case_id, name, self._source,
                                id_map or {}, casefile_sha256)  # fmt: skip
        self._source, self._review = source, session
        self.ctx.read_only_reason = READ_ONLY_REASON
        banner = ReviewBanner(session)
        banner.closeRequested.connect(self.close_case_file)
        banner.commentRequested.connect(self.comment_on_item)
        banner.saveRequested.connect(self.save_review_file)
        self._start_draft(session)
        self._review_frame = ReviewFrame(banner, self.takeCentralWidget(), self._draft_panel)
        self.setCentralWidget(self._review_frame)
        self.open_case(case_id, 0)
        assert self.workspace is not None
        self._review_lock = ReadOnlyLock(self.workspace)
        self.workspace.addAction(self.comment_action)  # its context menu: Comment…
        self.workspace.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self._draft_changed()
        self.setWindowTitle(f"cattool — {name}{TITLE_SUFFIX}")
        self._update_casefile_actions()
        restored = self._review_draft.restored if self._review_draft else 0
        self.statusBar().showMessage(
            f"Reviewing {path.name}: read-only."
            + (f" Your {restored} earlier comment(s) on it are back." if restored else ""),
            8000,
        )

    def close_case_file(self) -> None:
        """Leave review mode: back to the previous database; the temporary one is deleted."""
        session = self._review
        if session is None:
            return
        draft = self._review_draft
        if draft is not None and draft.unsaved:
            answer = QMessageBox.question(
                self, "Unsaved review comments",
                f"Your {len(draft.notes)} comment(s) are not in a review file yet. Close "
                "the review anyway? They are kept, and come back when you open this case "
                "file again.",
            )  # fmt: skip
            if answer != QMessageBox.StandardButton.Yes:
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
        self._review_draft = self._draft_panel = None
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
        self._ensure_review_actions()
        reviewing = self._review is not None
        self.comment_action.setEnabled(reviewing)
        self.import_review_action.setEnabled(not reviewing)
        has_case = self.shown_case_id() is not None or self.current_case_id() is not None
        self.export_casefile_action.setEnabled(has_case and not reviewing)
        self.close_casefile_action.setEnabled(reviewing)
        switching = (self.import_casefile_action, self.new_case_action, self.open_action)
        for action in (*switching, getattr(self, "connect_action", None)):
            if action is not None:
                action.setEnabled(not reviewing)
        self.recent_menu.setEnabled(not reviewing)

    # ----------------------------------------------------------------- review comments

    def _ensure_review_actions(self) -> None:
        """File → Import review file… (after Import case file…) and Comment… (Ctrl+Alt+M
        while reviewing), made once; the page list's counts follow the case shown."""
        if getattr(self, "import_review_action", None) is not None:
            return
        self.import_review_action = QAction("Import re&view file…", self)
        self.import_review_action.setToolTip(
            "Add an adviser's review comments to the case they are about (checked first)"
        )
        self.import_review_action.triggered.connect(lambda: self.import_review_file())
        for menu in self.import_casefile_action.associatedObjects():
            if isinstance(menu, QMenu):  # the File menu (window_menus.py builds it)
                menu.insertAction(self.open_casefile_action, self.import_review_action)
        self.comment_action = QAction("Co&mment…", self)
        self.comment_action.setShortcut(QKeySequence("Ctrl+Alt+M"))
        self.comment_action.setToolTip("Comment on an item of this page, or on the whole case")
        self.comment_action.triggered.connect(lambda: self.comment_on_item())
        self.addAction(self.comment_action)
        self.caseShown.connect(self._show_review_comments_soon)

    def _start_draft(self, session: ReviewSession) -> None:
        from cattool.ui.review_comments import DraftPanel, ReviewDraft

        self._review_draft = ReviewDraft.for_case_file(session.casefile_sha256)
        self._draft_panel = DraftPanel(self._review_draft)
        self._draft_panel.changed.connect(self._draft_changed)

    def _draft_changed(self) -> None:
        draft = self._review_draft
        if draft is None or self._review_frame is None:
            return
        if self._draft_panel is not None:
            self._draft_panel.refresh()
        self._review_frame.banner.save_button.setEnabled(bool(draft.notes))
        if self.workspace is not None:
            self.workspace.set_page_marks(draft.counts())

    def comment_on_item(self) -> bool:
        """Comment…: choose an item of the page shown (or the case), type the comment."""
        from cattool.ui.review_comments import ask_comment, page_items

        session, draft = self._review, self._review_draft
        if session is None or draft is None or self.workspace is None:
            return False
        items, chosen = page_items(self.ctx, session, self.workspace.current_page())
        note = ask_comment(self, items, chosen)
        if note is None:
            return False
        draft.add(note)
        self._draft_changed()
        self.statusBar().showMessage("Comment added (not saved yet: Save review file…).", 5000)
        return True

    def save_review_file(self) -> Path | None:
        from cattool.ui.review_comments import save_review_file

        if self._review is None or self._review_draft is None:
            return None
        saved = save_review_file(self, self.ctx, self._review, self._review_draft)
        if saved is not None:
            self._draft_changed()
            self.statusBar().showMessage(f"Review file saved: {saved}", 8000)
        return saved

    def import_review_file(self, path: Path | None = None) -> Any:
        """File → Import review file…: the check, a question, the import; the case opens
        with the Review comments panel."""
        from cattool.ui.review_comments_panel import choose_review_file, import_review_file

        if self.reviewing():
            return None
        path = path or choose_review_file(self)
        if path is None:
            return None
        result = import_review_file(self, self.ctx, path)
        if result is not None:
            self.open_case(result.case_id)
            self._show_review_comments(result.case_id)
        return result

    def comments_panel(self) -> ReviewCommentsPanel:
        from cattool.ui.review_comments_panel import ReviewCommentsPanel

        if self._comments_panel is None:
            self._comments_panel = ReviewCommentsPanel()
            self._comments_panel.pageRequested.connect(self._open_comment_page)
            dock = QDockWidget("Review comments", self)
            dock.setObjectName("reviewCommentsDock")
            dock.setWidget(self._comments_panel)
            self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, dock)
            dock.hide()
            self._comments_dock = dock
        return self._comments_panel

    def _open_comment_page(self, key: str, table: str, item_id: int) -> None:
        """Double-click on a comment: its page, with its row selected where the page can."""
        from cattool.ui.review_comments import SELECTED_TABLES

        if self.workspace is None:
            return
        try:
            page = self.workspace.open_page(key)
        except ValueError:
            page = self.workspace.open_page(0)
        select = getattr(page, "select_id", None)
        if SELECTED_TABLES.get(key) == table and callable(select):
            select(item_id)

    def _show_review_comments_soon(self, case_id: int) -> None:
        """On the next turn, once the opened case is on screen: reading its comments in
        the same turn as opening it made that one turn 10-15 ms longer."""

        def show() -> None:
            if self.isVisible() and self.shown_case_id() == case_id:  # (not closed since)
                self._show_review_comments(case_id)

        QTimer.singleShot(1, self, show)

    def _show_review_comments(self, case_id: int | None = None) -> None:
        """The comments of the case shown: the dock and the page list's counts."""
        if self.workspace is None:
            return
        if self._review is not None:
            if self._review_draft is not None:
                self.workspace.set_page_marks(self._review_draft.counts())
            if self._comments_dock is not None:
                self._comments_dock.hide()
            return
        ctx = self.ctx
        if self._comments_ctx is not ctx:
            ctx.changed.connect(self._review_changes)
            self._comments_ctx = ctx
        if self._comments_workspace is not self.workspace:
            self.workspace.backRequested.connect(self._hide_comments)
            self._comments_workspace = self.workspace
        case_id = case_id or self.workspace.case_id
        if case_id is None:
            return
        panel = self.comments_panel()
        panel.show_case(ctx, case_id)  # one read: the comments, and the counts from them
        self.workspace.set_page_marks(panel.open_counts())
        assert self._comments_dock is not None
        self._comments_dock.setVisible(bool(panel.comments))

    def _review_changes(self, changes: Changes) -> None:
        """After a change: read the comments again only if it can have touched them (a
        case with none gains one only through a review comment of its own)."""
        from cattool.core.casefile.review_store import ENTITY

        panel = self._comments_panel
        untouched = bool(changes.entities) and ENTITY not in changes.entities
        if panel is not None and not panel.comments and untouched:
            return
        if self.shown_case_id() is not None and self._review is None:
            self._show_review_comments(self.shown_case_id())

    def _hide_comments(self) -> None:
        if self._comments_dock is not None:
            self._comments_dock.hide()
