"""The main window: the dashboard of all cases, or one case's workspace, with the
reminders dock around them.

Start-up is measured from process start to `casesShown` (the dashboard's first paint), so
nothing here imports SQLAlchemy: the WorkspaceContext (the one way to write), the case
workspace and its pages come after the first paint (the warm-up imports them on a
worker, then the workspace and its first page are built before any case is opened, or
when one is opened or something written first), and the reminders too. The menus and
status bar are built in window_menus.py, database switching is in database_switching.py,
the calendar export in calendar_export.py and the warm-up in warm_up.py.
"""

from __future__ import annotations

import datetime as dt
import html
from typing import TYPE_CHECKING

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QDialog, QMainWindow, QMessageBox, QStackedWidget, QWidget

from cattool.core.dates import format_date_short
from cattool.core.errors import InputError, NotFoundError
from cattool.core.rules.regime import RegimeError
from cattool.ui import settings
from cattool.ui.calendar_export import CalendarExport
from cattool.ui.case_source import CaseSource
from cattool.ui.casefile_menu import CaseFiles
from cattool.ui.dashboard import Dashboard
from cattool.ui.database_switching import DatabaseSwitching
from cattool.ui.portfolio_loader import SMALL_PORTFOLIO
from cattool.ui.reminder_dock import Reminders
from cattool.ui.view_helpers import plural
from cattool.ui.warm_up import PAGES_IMPORTED, WarmUp, warm_up_steps
from cattool.ui.window_menus import WindowMenus
from cattool.ui.worker import Task, error_text, run_in_background

if TYPE_CHECKING:
    from collections.abc import Sequence

    from cattool.core.changes import Changes
    from cattool.core.store import Store
    from cattool.ui.context import WorkspaceContext
    from cattool.ui.pages.base import CasePage
    from cattool.ui.workspace import CaseWorkspace


WARM_UP_HOLD_LIMIT_MS = 5_000  # the list carries on by then even if the warm-up has not ended
#: Once the warm-up has imported the pages, the workspace is built this much later (see
#: _prepare_workspace).
PREPARE_WORKSPACE_DELAY_MS = 250
#: Opening a case holds the rest of the warm-up back this long.
WARM_UP_GIVES_WAY_MS = 400


def app_version() -> str:
    """The installed package's version, or 'dev' when running from an uninstalled checkout."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("cattool")
    except PackageNotFoundError:
        return "dev"


class MainWindow(WindowMenus, DatabaseSwitching, CalendarExport, CaseFiles, QMainWindow):
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
        self._spare_workspace: CaseWorkspace | None = None  # built before it is needed

        self.dashboard = Dashboard()
        self.dashboard.openCase.connect(self.open_case)
        self.dashboard.newCaseRequested.connect(self.new_case)
        self.dashboard.demoRequested.connect(self.open_demo_cases)
        self.dashboard.shown.connect(self.casesShown)
        self.dashboard.countsChanged.connect(self._update_status)
        self.dashboard.loader.progress.connect(self._show_progress)
        self.dashboard.loaded.connect(self.progress_done)
        self.dashboard.shown.connect(self._warm_up_first)
        self.dashboard.loaded.connect(self._warm_up)
        self._warming: WarmUp | None = None
        # The dashboard's parts under their old names (the first window's test API).
        self.search, self.case_view = self.dashboard.search, self.dashboard.case_view
        self.case_model, self.case_proxy = self.dashboard.case_model, self.dashboard.case_proxy
        self.stack = QStackedWidget()
        self.stack.addWidget(self.dashboard)
        self.setCentralWidget(self.stack)

        self._build_menus()
        from cattool.ui.user_name import add_user_name_action  # Edit → Your name…

        self.user_name_action = add_user_name_action(self, self.edit_menu)
        self._build_status_bar()
        self.reminders = Reminders(self, self.dashboard, today, self.open_case)
        settings.restore_window(self)
        self.dashboard.restore_state(settings.app_settings(), self.width())
        self.dashboard.load(source, today)  # InputError / RegimeError go to the caller
        self._update_title()
        self._update_actions()
        self.dashboard.focus_cases()  # arrow keys move through the cases straight away
        from cattool.ui.colleague_watch import ColleagueWatch  # colleagues' changes appear

        self.colleague_watch = ColleagueWatch.attach(self)

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
        warming = self._warming
        if warming is not None and not warming.is_done():
            warming.hold(WARM_UP_GIVES_WAY_MS)  # the case is read and painted first
        workspace = self._ensure_workspace()
        if page == "":
            page = self._remembered_page(workspace)
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
            self.workspace = self._spare_workspace or self._new_workspace()
            self._spare_workspace = None
            self.workspace.backRequested.connect(self.show_dashboard)
            self.workspace.caseShown.connect(self.caseShown)
            self.workspace.pageChanged.connect(self._remember_page)
            self.workspace.add_to_menus(self.case_menu, self.view_menu, self.dashboard_action)
        return self.workspace

    def _new_workspace(self) -> CaseWorkspace:
        from cattool.ui.workspace import CaseWorkspace

        workspace = CaseWorkspace(self.ctx, self._page_classes)
        self.stack.addWidget(workspace)
        return workspace

    @staticmethod
    def _remembered_page(workspace: CaseWorkspace) -> str | int:
        """The page a case opens at: the one last used, else the first."""
        remembered = str(settings.app_settings().value("workspace/page", ""))
        return remembered if remembered in workspace.titles() else 0

    def _warm_up_step_done(self, name: str) -> None:
        if name == PAGES_IMPORTED:
            QTimer.singleShot(PREPARE_WORKSPACE_DELAY_MS, self, self._prepare_workspace)

    def _prepare_workspace(self) -> None:
        """Once the warm-up has imported the pages, build the case workspace and then (a
        turn later) the page a case opens at, before any case is opened: built in the same
        turn as the first case was read and painted, they made that turn 80-120 ms."""
        if self.workspace is not None or self._spare_workspace is not None:
            return
        warming = self._warming  # (the one whose step asked for this, not a newer one)
        if warming is None or warming.source is not self._source:
            return
        if not warming.has_run(PAGES_IMPORTED):
            return
        warming.hold(WARM_UP_GIVES_WAY_MS // 2)  # building it needs the interpreter too
        spare = self._spare_workspace = self._new_workspace()
        spare.resize(self.stack.size())  # laid out and styled now, not when first shown
        spare.ensurePolished()

        def first_page() -> None:
            if self._spare_workspace is spare:
                spare.prepare_page(self._remembered_page(spare))
                spare.ensurePolished()
                layout = spare.layout()
                if layout is not None:
                    layout.activate()

        QTimer.singleShot(1, spare, first_page)

    def _warm_up_first(self, *_args: object) -> None:
        """At the first paint: the warm-up first, then the rest of a large list. Both are
        Python on two threads, and run side by side they stalled frames for 100-200 ms
        (each takes the interpreter from the other); one after the other, the window
        stays free and the list is complete about as soon."""
        self._warm_up()
        warming = self._warming
        if warming is not None and not warming.is_done():
            self.dashboard.hold_loading()
            warming.finished.connect(self.dashboard.release_loading)
            QTimer.singleShot(WARM_UP_HOLD_LIMIT_MS, self, self.dashboard.release_loading)

    def _warm_up(self, *_args: object) -> None:
        """From the first paint (and after another database is opened), import on a
        worker thread what opening a case and working out deadlines will need
        (SQLAlchemy and the ORM, the services, the bank holidays, the pages, the date
        parser) and open the store: a few hundred milliseconds the UI thread would
        otherwise stall for on the first case opened. Started at the first paint, before
        the rest of a large list is worked out, so not while the user types."""
        warming, source = self._warming, self._source
        if warming is not None and warming.source is not source:
            warming.cancel()  # its steps were for the database this window has left
            warming = None
        if warming is None or (warming.is_done() and not source.store_is_open):
            steps = warm_up_steps(source, self.current_case_id())
            self._warming = WarmUp(self, steps, source)
            self._warming.stepDone.connect(self._warm_up_step_done)
            self._warming.start()

    def _drop_workspace(self) -> None:
        """Forget the workspace and the context (their data belongs to the old database)."""
        if self._spare_workspace is not None:
            self.stack.removeWidget(self._spare_workspace)
            self._spare_workspace.dismantle()
            self._spare_workspace = None
        if self.workspace is not None:
            self.workspace.remove_from_menus(self.case_menu, self.view_menu, self.dashboard_action)
            self.stack.removeWidget(self.workspace)
            # Destroyed a page per turn, not in the one that shows the new list: its
            # pages' widgets took 60-70 ms to take down at once.
            self.workspace.dismantle()
            self.workspace = None
        if self._ctx is not None:
            self._ctx.undo_stack.clear()
            self._ctx.deleteLater()
            self._ctx = None
            self._install_undo_actions()

    def _remember_page(self, index: int) -> None:
        """One QSettings kept for this: a new one per call would write the file to disk on
        every page change (~20 ms on the UI thread); a kept one syncs from the event loop."""
        if self.workspace is None:
            return
        kept = getattr(self, "_page_settings", None)
        if kept is None:
            kept = self._page_settings = settings.app_settings()
        kept.setValue("workspace/page", self.workspace.titles()[index])

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
        self._update_casefile_actions()
        if self._source.read_only:  # nothing that writes is offered (the database refuses it)
            adding = (self.new_case_action, self.import_casefile_action,
                      getattr(self, "import_review_action", None))  # fmt: skip
            for action in adding:
                if action is not None:
                    action.setEnabled(False)
        empty = self.dashboard.empty_state  # its "New case" and "Open demo cases" write too
        for button in (empty.new_button, empty.demo_button):
            button.setEnabled(not self._source.read_only)

    def closeEvent(self, event: QCloseEvent) -> None:
        settings.save_window(self)
        self.dashboard.save_state(settings.app_settings())
        self.discard_review()  # a case file under review: its temporary database goes
        super().closeEvent(event)
