"""The main window: the dashboard of all cases, or one case's workspace, with the menus,
the status bar and the reminders dock around them.

Start-up is measured from process start to `casesShown` (the dashboard's first paint), so
nothing here imports SQLAlchemy: the WorkspaceContext (the one way to write), the case
workspace and its pages are created the first time a case is opened or something is
written, and the reminders after the first paint.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import html
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QProgressBar,
    QStackedWidget,
    QWidget,
)

from cattool.core.dates import format_date_short
from cattool.core.errors import InputError, NotFoundError
from cattool.core.rules.regime import RegimeError
from cattool.ui import settings
from cattool.ui.case_source import CaseSource
from cattool.ui.dashboard import (
    SMALL_PORTFOLIO,
    Dashboard,
    PortfolioLoader,
    PreparedLoad,
    Reminders,
    plural,
)
from cattool.ui.worker import Task, error_text, run_in_background

if TYPE_CHECKING:
    from collections.abc import Sequence

    from cattool.core.changes import Changes
    from cattool.core.store import Store
    from cattool.ui.context import WorkspaceContext
    from cattool.ui.pages.base import CasePage
    from cattool.ui.workspace import CaseWorkspace

DATABASE_FILTER = "cattool databases (*.sqlite *.sqlite3 *.db);;All files (*)"


def app_version() -> str:
    """The installed package's version, or 'dev' when running from an uninstalled checkout."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("cattool")
    except PackageNotFoundError:
        return "dev"


def _nothing() -> None:
    """The slot of Undo and Redo before there is anything to undo."""


def _ignore(_exc: Exception) -> None:
    """A warm-up that failed: the real use will import again and report what is wrong."""


def warm_up_imports(source: CaseSource | None = None, case_id: int | None = None) -> None:
    """Import the modules a case's workspace needs, open `source`'s store and read
    `case_id` once through it, off the UI thread (no Qt object is created in here)."""
    from importlib import import_module

    for name in ("cattool.core.queries", "cattool.core.services", "cattool.core.editing"):
        import_module(name)
    from cattool.core.dates import parse_date
    from cattool.core.rules.calendar import bank_holiday_name

    today = dt.date.today()
    for year in (today.year - 1, today.year, today.year + 1):
        bank_holiday_name(dt.date(year, 1, 1))
    if source is not None:
        source.warm_up()  # SQLAlchemy's engine, the schema check: the first case opened
        if case_id is not None:  # the mappers are configured and the queries compiled
            with contextlib.suppress(Exception):
                source.case_detail(case_id, today)
    # The workspace and its pages' modules (class definitions only: no widget is made).
    with contextlib.suppress(Exception):
        import_module("cattool.ui.workspace")
        from cattool.ui.pages.registry import page_classes

        page_classes()
    with contextlib.suppress(Exception):  # only warming up
        parse_date("3rd March", today=today)  # the wordy-date path (dateparser)


def _freeze_warmed_up(_result: object = None) -> None:
    """After the warm-up: park what it imported (SQLAlchemy, the mappers, the pages'
    modules) out of the cyclic collector's way, as `app.resume_gc_when_loaded` does for
    the portfolio, so later full collections do not walk it (tens of ms each)."""
    import gc

    if gc.isenabled():
        gc.freeze()


def _action(parent: QWidget, text: str, slot, shortcut=None, tip: str = "") -> QAction:  # type: ignore[no-untyped-def]
    action = QAction(text, parent)
    if shortcut is not None:
        action.setShortcut(QKeySequence(shortcut))
    if tip:
        action.setStatusTip(tip)
        action.setToolTip(tip)
    action.triggered.connect(lambda _checked=False: slot())
    return action


class MainWindow(QMainWindow):
    """The dashboard or a case's workspace, in one window."""

    #: Emitted once, after the first paint of the dashboard's rows (or of the empty
    #: state), with the number of cases: the moment the user can see their data.
    casesShown = Signal(int)
    #: Emitted whenever the workspace has opened a case (its id).
    caseShown = Signal(int)
    #: Emitted when File → Open database has switched to another database (its location).
    databaseOpened = Signal(str)

    def __init__(
        self,
        source: CaseSource | Store,
        today: dt.date,
        parent: QWidget | None = None,
        *,
        page_classes: Sequence[type[CasePage]] | None = None,
    ) -> None:
        super().__init__(parent)
        if not isinstance(source, CaseSource):
            source = CaseSource.from_store(source)
        self._source = source
        self._today = today
        self._page_classes = page_classes
        self._ctx: WorkspaceContext | None = None
        self.workspace: CaseWorkspace | None = None

        self.dashboard = Dashboard()
        self.dashboard.openCase.connect(self.open_case)
        self.dashboard.newCaseRequested.connect(self.new_case)
        self.dashboard.demoRequested.connect(self.open_demo_cases)
        self.dashboard.shown.connect(self.casesShown)
        self.dashboard.countsChanged.connect(self._update_status)
        self.dashboard.loader.progress.connect(self._show_progress)
        self.dashboard.loaded.connect(self.progress_done)
        self.dashboard.loaded.connect(self._warm_up)
        self._warming: Task[None] | None = None
        # The dashboard's parts under their old names (the first window's test API).
        self.search, self.case_view = self.dashboard.search, self.dashboard.case_view
        self.case_model, self.case_proxy = self.dashboard.case_model, self.dashboard.case_proxy
        self.stack = QStackedWidget()
        self.stack.addWidget(self.dashboard)
        self.setCentralWidget(self.stack)

        self._build_menus()
        self._build_status_bar()
        self.reminders = Reminders(self, self.dashboard, today, self.open_case)
        settings.restore_window(self)
        self.dashboard.restore_state(settings.app_settings(), self.width())
        self.dashboard.load(source, today)  # InputError / RegimeError go to the caller
        self._update_title()
        self._update_actions()
        self.dashboard.focus_cases()  # arrow keys move through the cases straight away

    # ----------------------------------------------------------------- construction

    def _build_menus(self) -> None:
        bar, keys = self.menuBar(), QKeySequence.StandardKey
        file_menu, self.edit_menu = bar.addMenu("&File"), bar.addMenu("&Edit")
        self.view_menu, self.case_menu = bar.addMenu("&View"), bar.addMenu("&Case")
        help_menu = bar.addMenu("&Help")
        self.recent_menu = settings.RecentMenu(self)
        self.recent_menu.chosen.connect(self._open_recent)
        for menu, name, text, slot, shortcut, tip in (
            (file_menu, "new_case_action", "&New case…", self.new_case, "Ctrl+N",
             "Start a new case"),
            (file_menu, "open_action", "&Open database…", self.choose_database, "Ctrl+O",
             "Open another cattool database file"),
            (file_menu, "", self.recent_menu, None, None, ""),
            (file_menu, "export_action", "&Export calendar…", self.export_calendar, "Ctrl+E",
             "Save the case's deadlines as a calendar file (.ics)"),
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

    # ----------------------------------------------------------------- public API

    @property
    def source(self) -> CaseSource:
        return self._source

    @property
    def ctx(self) -> WorkspaceContext:
        """The one way to write (created on first need: it opens the SQLAlchemy store)."""
        if self._ctx is None:
            from cattool.ui.context import WorkspaceContext

            self._ctx = WorkspaceContext(self._source, self._today, self)
            self._ctx.changed.connect(self._on_changed)
            self._ctx.failed.connect(self._on_failed)
            self._install_undo_actions()
        return self._ctx

    def cases_loaded(self) -> int:
        """How many cases the list holds (before any filter)."""
        return self.dashboard.cases_loaded()

    def visible_case_count(self) -> int:
        """How many cases the list shows after the filters."""
        return self.dashboard.visible_case_count()

    def has_shown_cases(self) -> bool:
        """True once `casesShown` has been emitted."""
        return self.dashboard.has_shown()

    def current_case_id(self) -> int | None:
        """The case selected in the dashboard's list."""
        return self.dashboard.current_case_id()

    def shown_case_id(self) -> int | None:
        """The case open in the workspace, or None while the dashboard shows."""
        if self.workspace is not None and self.stack.currentWidget() is self.workspace:
            return self.workspace.case_id
        return None

    def select_case(self, case_id: int) -> bool:
        return self.dashboard.select_case(case_id)

    def status_text(self) -> str:
        return self.status_label.text()

    def open_case(self, case_id: int, page: str | int = "", deadline_key: str = "") -> bool:
        """Show a case in the workspace, at `page` (title or index; "" = the last used)."""
        workspace = self._ensure_workspace()
        if page == "":
            remembered = str(settings.app_settings().value("workspace/page", ""))
            page = remembered if remembered in workspace.titles() else 0
        try:
            workspace.show_case(case_id, page)
        except NotFoundError:
            QMessageBox.warning(self, "cattool", "This case is no longer in the database.")
            self.dashboard.reload()
            return False
        self.stack.setCurrentWidget(workspace)
        current = workspace.current_page()
        select = getattr(current, "select_deadline", None)
        if deadline_key and callable(select):
            select(deadline_key)
        self.dashboard.select_case(case_id)
        self._update_actions()
        return True

    def show_dashboard(self) -> None:
        if self.workspace is not None and self.workspace.case_id is not None:
            self.dashboard.select_case(self.workspace.case_id)
        self.stack.setCurrentWidget(self.dashboard)
        self._update_actions()
        self.dashboard.focus_cases()

    def find_case(self) -> None:
        self.show_dashboard()
        self.dashboard.focus_search()

    def reload(self) -> None:
        """Read every case again; the open case too."""
        self.dashboard.reload()
        if self.shown_case_id() is not None:
            assert self.workspace is not None
            try:
                self.workspace.refresh()
            except NotFoundError:
                self.show_dashboard()

    def reload_or_explain(self) -> None:
        """F5: reload, and if the database has gone wrong say so instead of failing silently."""
        try:
            self.reload()
        except (InputError, RegimeError) as exc:
            QMessageBox.warning(self, "cattool could not reload the cases", str(exc))

    # ----------------------------------------------------------------- file menu

    def new_case(self) -> int | None:
        """Ask for a name and rules, create the case and open it; its id, or None."""
        from cattool.ui.new_case_dialog import NewCaseDialog

        dialog = NewCaseDialog(self, create=self._create_case)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        changes = dialog.created
        if changes is None:  # accepted without OK's own check (a test, say): create now
            try:
                changes = self._create_case(*dialog.values())
            except InputError as exc:
                QMessageBox.warning(self, "The case could not be created", str(exc))
                return None
        case_id = changes.created_id
        self.open_case(case_id, 0)
        self.statusBar().showMessage("Case created.", 5000)
        return case_id

    def _create_case(self, name: str, regime: str, reference: str | None) -> Changes:
        from cattool.core import services

        return self.ctx.run(lambda s: services.create_case(s, name, regime, reference=reference))

    def open_demo_cases(self) -> Task[Changes | None]:
        """Add the demo cases in the background (opening the store there too); the new
        ids end up in `demo_added`. Returns the Task (`wait()` or its `finished`)."""
        from cattool.ui.new_case_dialog import add_demo_cases_to

        source, today = self._source, self._today

        def done(changes: Changes | None) -> None:
            if source is not self._source:
                return  # another database was opened meanwhile: these belong to the old one
            self.demo_added = sorted(changes.case_ids) if changes is not None else []
            if changes is not None:
                self.ctx.changed.emit(changes)  # the dashboard and any open page follow
            message = (
                f"Added {plural(len(self.demo_added), 'demo case')}."
                if self.demo_added
                else "The demo cases are already here."
            )
            self.statusBar().showMessage(message, 5000)
            self.dashboard.focus_cases()

        def failed(exc: Exception) -> None:
            QMessageBox.warning(self, "The demo cases could not be added", error_text(exc))

        self.demo_added: list[int] = []
        return run_in_background(
            self,
            "Adding the demo cases",
            lambda: add_demo_cases_to(source.store, today),
            done,
            failed,
        )

    def choose_database(self) -> Task[tuple[CaseSource, PreparedLoad]] | None:
        """File → Open database: ask for a file, then open it in the background."""
        start = str(Path(self._source.path).parent) if self._source.path else str(Path.home())
        path, _ = QFileDialog.getOpenFileName(self, "Open database", start, DATABASE_FILTER)
        return self.open_database(path) if path else None

    def open_database(self, location: str) -> Task[tuple[CaseSource, PreparedLoad]]:
        """Switch to another database; on failure say why and keep the current one.

        Opening (and migrating) the database and reading its cases happen on a worker
        thread; the switch happens when they are done. Returns the Task: `wait()` (or
        `succeeded()` once `finished`) tells whether the switch was made.
        """
        today = self._today

        def work() -> tuple[CaseSource, PreparedLoad]:
            source = CaseSource.open(location)
            try:
                return source, PortfolioLoader.prepare(source, today)
            except BaseException:
                source.close()
                raise

        def done(opened: tuple[CaseSource, PreparedLoad]) -> None:
            source, prepared = opened
            if today != self._today:  # midnight passed meanwhile: count from the new day
                prepared = None  # type: ignore[assignment]
            try:
                self.dashboard.load(source, self._today, prepared)
            except BaseException:
                source.close()
                raise  # shown by `failed`; the dashboard still shows the old cases
            self._drop_workspace()
            old, self._source = self._source, source
            old.close()
            settings.remember_database(source.location)
            self.show_dashboard()
            self._update_title()
            self.statusBar().showMessage(f"Opened {source.display_name}.", 5000)
            self.databaseOpened.emit(source.location)

        def failed(exc: Exception) -> None:
            QMessageBox.warning(self, "cattool cannot open that database", error_text(exc))

        def finished() -> None:
            self.open_action.setEnabled(True)
            self.recent_menu.setEnabled(True)

        self.open_action.setEnabled(False)  # one switch at a time
        self.recent_menu.setEnabled(False)
        name = Path(location).name if "://" not in location else "the database"
        task = run_in_background(self, f"Opening {name}", work, done, failed)
        task.finished.connect(finished)
        return task

    def _open_recent(self, location: str) -> None:
        if "://" not in location and not Path(location).is_file():
            settings.forget_database(location)
            QMessageBox.warning(self, "cattool", f"{location} is no longer there.")
            return
        self.open_database(location)

    def export_calendar(self) -> Task[int] | None:
        """Save the open (or selected) case's deadlines as an .ics file, asking where first.

        The deadlines are worked out and the file written on a worker thread. Returns
        the Task (its `result` is the number of dates), or None if nothing was chosen.
        """
        from cattool.ui.workspace import ask_calendar_file, write_case_calendar

        case_id = self.shown_case_id() or self.current_case_id()
        if not case_id:
            return None
        folder = Path(self._source.path).parent if self._source.path else Path.home()
        target = ask_calendar_file(self, self._case_name(case_id), folder)
        if target is None:
            return None
        source, today = self._source, self._today

        def done(count: int) -> None:
            self.statusBar().showMessage(f"Saved {plural(count, 'date')} to {target.name}.", 8000)

        def failed(exc: Exception) -> None:
            QMessageBox.warning(self, "The calendar could not be saved", error_text(exc))

        return run_in_background(
            self,
            f"Saving {target.name}",
            lambda: write_case_calendar(source.store, case_id, today, target),
            done,
            failed,
        )

    def _case_name(self, case_id: int) -> str:
        """The case's name as on screen (the workspace header, or the dashboard's row)."""
        workspace = self.workspace
        if workspace is not None and workspace.case_id == case_id and workspace.detail is not None:
            return workspace.detail.name
        row = self.case_model.row_for_case(case_id)
        return self.case_model.case_at(row).name if row is not None else "case"

    # ----------------------------------------------------------------- help

    def show_guide(self) -> None:
        from cattool.ui.guide import show_guide

        show_guide(self)

    def show_about(self) -> None:
        QMessageBox.about(
            self,
            "About cattool",
            f"<h3>cattool {html.escape(app_version())}</h3>"
            "<p>Deadlines, cases and documents for community groups saving an Asset of "
            "Community Value in England.</p>"
            f"<p>Database: {html.escape(self._source.location)}<br>"
            f"PySide6 {html.escape(pyside_version)}</p>",
        )

    # ----------------------------------------------------------------- internals

    def _ensure_workspace(self) -> CaseWorkspace:
        if self.workspace is None:
            from cattool.ui.workspace import CaseWorkspace

            self.workspace = CaseWorkspace(self.ctx, self._page_classes)
            self.workspace.backRequested.connect(self.show_dashboard)
            self.workspace.caseShown.connect(self.caseShown)
            self.workspace.pageChanged.connect(self._remember_page)
            self.stack.addWidget(self.workspace)
            self.workspace.add_to_menus(self.case_menu, self.view_menu, self.dashboard_action)
        return self.workspace

    def _warm_up(self) -> None:
        """Once the cases are on screen, import on a worker thread what opening a case and
        working out deadlines will need (SQLAlchemy and the ORM, the services, the bank
        holidays, the date parser): a few hundred milliseconds the UI thread would
        otherwise stall for on the first case opened."""
        if self._warming is None or (self._warming.is_done() and not self._source.store_is_open):
            source, case_id = self._source, self.current_case_id()
            self._warming = run_in_background(
                self,
                "Getting ready",
                lambda: warm_up_imports(source, case_id),
                _freeze_warmed_up,
                _ignore,
                progress=False,
            )

    def _drop_workspace(self) -> None:
        """Forget the workspace and the context (their data belongs to the old database)."""
        if self.workspace is not None:
            self.workspace.remove_from_menus(self.case_menu, self.view_menu, self.dashboard_action)
            self.stack.removeWidget(self.workspace)
            self.workspace.deleteLater()
            self.workspace = None
        if self._ctx is not None:
            self._ctx.undo_stack.clear()
            self._ctx.deleteLater()
            self._ctx = None
            self._install_undo_actions()

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

    def _remember_page(self, index: int) -> None:
        if self.workspace is not None:
            settings.app_settings().setValue("workspace/page", self.workspace.titles()[index])

    def _on_changed(self, changes: Changes) -> None:
        self.dashboard.apply_changes(changes)
        self.reminders.refresh()

    def _on_failed(self, message: str) -> None:
        QMessageBox.warning(self, "That could not be done", message)

    def set_today(self, today: dt.date) -> None:
        """Count from another day (the reminders move it on at midnight)."""
        self._today = today
        if self._ctx is not None:
            self._ctx.today = today
        self.dashboard.load(self._source, today)
        self._update_status()

    def progress_done(self) -> None:
        self.progress.hide()

    def _show_progress(self, done: int, total: int) -> None:
        if total > SMALL_PORTFOLIO and done < total:
            self.progress.setRange(0, total)
            self.progress.setValue(done)
            self.progress.show()
        else:
            self.progress.hide()

    def _update_title(self) -> None:
        self.setWindowTitle(f"cattool — {self._source.display_name}")
        self.database_label.setText(f"Database: {self._source.display_name}")
        self.database_label.setToolTip(self._source.location)
        self._update_status()

    def _update_status(self) -> None:
        self.status_label.setText(
            f"{plural(self.cases_loaded(), 'case')} · today: {format_date_short(self._today)}"
        )
        self._update_actions()

    def _update_actions(self) -> None:
        on_dashboard = self.stack.currentWidget() is self.dashboard
        has_case = self.shown_case_id() is not None or self.current_case_id() is not None
        self.export_action.setEnabled(has_case)
        self.open_case_action.setEnabled(on_dashboard and self.current_case_id() is not None)
        self.dashboard_action.setEnabled(not on_dashboard)

    def closeEvent(self, event: QCloseEvent) -> None:
        settings.save_window(self)
        self.dashboard.save_state(settings.app_settings())
        super().closeEvent(event)
