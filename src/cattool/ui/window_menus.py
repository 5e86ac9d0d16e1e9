"""The main window's menus, actions and status bar: what each menu holds, its shortcuts
and tips, and Edit → Undo/Redo swapped in from the context's undo stack.

Apart from the window's behaviour (main_window.py) so the menu layout reads as one table.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QLabel, QMenu, QProgressBar, QWidget

from cattool.ui import settings

if TYPE_CHECKING:
    from cattool.core.case_move import MoveResult
    from cattool.ui.casefile_review import ReadOnlyLock
    from cattool.ui.worker import Task


def _nothing() -> None:
    """The slot of Undo and Redo before there is anything to undo."""


def _action(parent: QWidget, text: str, slot, shortcut=None, tip: str = "") -> QAction:  # type: ignore[no-untyped-def]
    action = QAction(text, parent)
    if shortcut is not None:
        action.setShortcut(QKeySequence(shortcut))
    if tip:
        action.setStatusTip(tip)
        action.setToolTip(tip)
    action.triggered.connect(lambda _checked=False: slot())
    return action


class WindowMenus:
    """The menu bar, the status bar and the undo actions of `MainWindow`."""

    def _build_menus(self) -> None:
        bar, keys = self.menuBar(), QKeySequence.StandardKey
        file_menu, self.edit_menu = bar.addMenu("&File"), bar.addMenu("&Edit")
        self.view_menu, self.case_menu = bar.addMenu("&View"), bar.addMenu("&Case")
        help_menu = bar.addMenu("&Help")
        self.recent_menu = settings.RecentMenu(self)
        self.recent_menu.chosen.connect(self._reopen_recent)
        self.databaseOpened.connect(self._note_read_only)
        self.caseShown.connect(self._lock_if_read_only)
        for menu, name, text, slot, shortcut, tip in (
            (file_menu, "new_case_action", "&New case…", self.new_case, "Ctrl+N",
             "Start a new case"),
            (file_menu, "open_action", "&Open database…", self.choose_database, "Ctrl+O",
             "Open another cattool database file"),
            (file_menu, "open_read_only_action", "Open database read-onl&y…",
             self.choose_database_read_only, None,
             "Open a database file to look at: nothing in it can be changed"),
            (file_menu, "connect_action", "Connect to &shared database…",
             self.connect_shared_database, None,
             "Open a team's shared database on a PostgreSQL server"),
            (file_menu, "", self.recent_menu, None, None, ""),
            (file_menu, "export_action", "&Export calendar…", self.export_calendar, "Ctrl+E",
             "Save the case's deadlines as a calendar file (.ics)"),
            (file_menu, "", None, None, None, ""),
            (file_menu, "export_casefile_action", "E&xport case file…", self.export_case_file,
             None, "Save the case as a case file (.cattool) for an adviser"),
            (file_menu, "import_casefile_action", "&Import case file…", self.import_case_file,
             None, "Add a case from a case file (checked first; nothing changes on error)"),
            (file_menu, "open_casefile_action", "Open case &file…", self.open_case_file,
             None, "Review a case file read-only, without importing it"),
            (file_menu, "close_casefile_action", "&Close case file", self.close_case_file,
             None, "Stop reviewing the case file; back to your database"),
            (file_menu, "move_case_action", "&Move or copy case to another database…",
             self.move_case_to_database, None,
             "Move the case between this database and another: a local file ⇄ the shared server"),
            (file_menu, "key_action", "Organisation &key…", self.show_organisation_key, None,
             "Your signing key's fingerprint; export it; trust other signers"),
            (file_menu, "", None, None, None, ""),
            (file_menu, "reload_action", "Re&load", self.reload_or_explain, keys.Refresh,
             "Read the cases again (after changes made elsewhere)"),
            (file_menu, "", None, None, None, ""),
            (file_menu, "quit_action", "&Quit", self.close, "Ctrl+Q", "Close cattool"),
            (self.edit_menu, "undo_action", "&Undo", _nothing, keys.Undo, ""),
            (self.edit_menu, "redo_action", "&Redo", _nothing, keys.Redo, ""),
            (self.edit_menu, "", None, None, None, ""),
            (self.edit_menu, "find_action", "&Find case…", self.find_case, keys.Find,
             "Search the list of cases"),
            (self.view_menu, "dashboard_action", "&All cases", self.show_dashboard, None,
             "The list of all cases and the agenda"),
            (self.view_menu, "reminders_action", "&Reminders", _nothing,
             "Ctrl+Shift+R", "Show or hide the reminders panel"),
            (self.case_menu, "open_case_action", "&Open selected case",
             self.dashboard.open_current, None, "Open the case selected in the list (Enter)"),
            (help_menu, "guide_action", "cattool &guide", self.show_guide, keys.HelpContents,
             "How saving an Asset of Community Value works"),
            (help_menu, "about_action", "&About cattool", self.show_about, None, ""),
        ):  # fmt: skip
            if isinstance(text, QMenu):
                menu.addMenu(text)
                menu.addSeparator()
            elif text is None:
                menu.addSeparator()
            else:
                setattr(self, name, _action(self, text, slot, shortcut, tip))
                menu.addAction(getattr(self, name))
        self.undo_action.setEnabled(False)  # until there is a context and something to undo
        self.redo_action.setEnabled(False)
        self.quit_action.setMenuRole(QAction.MenuRole.QuitRole)
        self.about_action.setMenuRole(QAction.MenuRole.AboutRole)
        self.reminders_action.setCheckable(True)
        self.reminders_action.setEnabled(False)  # until the panel exists (after the first paint)
        self.addActions([self.find_action, self.guide_action])  # also while menus are hidden

    # ------------------------------------------------------------ read-only and moving

    def choose_database_read_only(self) -> Task[Any] | None:
        """File → Open database read-only…: like Open database…, but every change is
        refused by the database itself (and Recent reopens it read-only)."""
        from pathlib import Path

        from PySide6.QtWidgets import QFileDialog

        from cattool.ui.database_switching import DATABASE_FILTER

        where = self._source.path
        start = str(Path(where).parent) if where else str(Path.home())
        path, _ = QFileDialog.getOpenFileName(
            self, "Open database read-only", start, DATABASE_FILTER
        )
        return self._open_guarded(path, read_only=True) if path else None

    def _open_guarded(self, location: str, *, read_only: bool) -> Task[Any]:
        """open_database, with this menu's own actions off while it runs."""
        self.open_read_only_action.setEnabled(False)
        task = self.open_database(location, read_only=read_only)
        task.finished.connect(lambda: self.open_read_only_action.setEnabled(True))
        return task

    def _reopen_recent(self, location: str) -> None:
        """File → Open Recent: the way it was last opened (read-only or not)."""
        from pathlib import Path

        missing = "://" not in location and not Path(location).is_file()
        if settings.opened_read_only(location) and not missing:
            self._open_guarded(location, read_only=True)
        else:
            self._open_recent(location)  # also says so, and forgets it, when it is gone

    _read_only_lock: ReadOnlyLock | None = None

    def _lock_if_read_only(self, *_args: object) -> None:
        """On a read-only database the workspace's edit controls are read-only too (as
        when reviewing a case file): nothing invites a change the database would refuse."""
        workspace = self.workspace
        if not self._source.read_only or workspace is None or self.reviewing():
            return
        lock = self._read_only_lock
        if lock is None or lock.root is not workspace:  # a new database: a new workspace
            from cattool.ui.casefile_review import ReadOnlyLock

            self._read_only_lock = ReadOnlyLock(workspace)  # a child: goes with it

    def _note_read_only(self, location: str) -> None:
        settings.remember_read_only(location, self._source.read_only)

    def move_case_to_database(self) -> Task[Any] | None:
        """File → Move or copy case to another database… for the open or selected case."""
        from PySide6.QtWidgets import QMessageBox

        from cattool.ui.case_move_dialog import move_case

        if self.reviewing():
            return None
        case_id = self.shown_case_id() or self.current_case_id()
        if not case_id:
            QMessageBox.information(self, "cattool", "Select a case in the list first.")
            return None
        return move_case(self, self._source, case_id, self._case_name(case_id), self._moved)

    def _moved(self, result: MoveResult) -> None:
        if not result.kept:
            self.show_dashboard()
            self._drop_workspace()  # its case and undo steps are not in this database now
            self.reload()
        self.statusBar().showMessage(" ".join(result.sentences()[:1]), 10000)

    def _build_status_bar(self) -> None:
        self.status_label = QLabel()
        self.status_label.setObjectName("statusCases")
        self.status_label.setAccessibleName("Cases and today's date")
        self.progress = QProgressBar()
        self.progress.setObjectName("loadProgress")
        self.progress.setMaximumWidth(160)
        self.progress.setTextVisible(False)
        self.progress.setAccessibleName("Working out deadlines")
        self.progress.setToolTip("Working out every case's deadlines")
        self.progress.hide()
        self.database_label = QLabel()
        self.database_label.setObjectName("statusDatabase")
        self.database_label.setAccessibleName("Database")
        self.statusBar().addWidget(self.status_label, 1)
        self.statusBar().addPermanentWidget(self.progress)
        self.statusBar().addPermanentWidget(self.database_label)

    def _install_undo_actions(self) -> None:
        """Edit → Undo/Redo from the context's stack (disabled placeholders without one)."""
        if self._ctx is not None:
            undo = self._ctx.undo_stack.createUndoAction(self, "&Undo")
            redo = self._ctx.undo_stack.createRedoAction(self, "&Redo")
        else:
            undo, redo = _action(self, "&Undo", _nothing), _action(self, "&Redo", _nothing)
            undo.setEnabled(False)
            redo.setEnabled(False)
        undo.setShortcut(QKeySequence.StandardKey.Undo)
        redo.setShortcut(QKeySequence.StandardKey.Redo)
        for new, old in ((undo, self.undo_action), (redo, self.redo_action)):
            self.edit_menu.insertAction(old, new)
            self.edit_menu.removeAction(old)
            old.deleteLater()
        self.undo_action, self.redo_action = undo, redo
