"""The first screen: every case with its stage, next deadline and a red/amber/green light,
filters, and the agenda of deadlines across all cases.

Built for thousands of cases. The case list arrives first (names and regimes only) and a
row's stage and deadlines are worked out when it is first drawn (`CaseTableModel`), so
the first paint costs a screenful, not the portfolio. After that paint, `PortfolioLoader`
(portfolio_loader.py) reads the remaining events in batches between frames and fills the
rest; the agenda follows once every case is known. The filter row lives in
case_filters.py, the agenda panel in agenda.py, the first-run page in empty_state.py.
Nothing here imports SQLAlchemy: reads go through the CaseSource's standard-library path
when the file allows it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QModelIndex, QObject, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from cattool.core.errors import InputError
from cattool.ui import portfolio_loader
from cattool.ui.agenda import AgendaTableModel, DashboardAgenda
from cattool.ui.case_filters import CaseFilterProxy, DashboardFilters
from cattool.ui.case_list_model import CaseTableModel
from cattool.ui.case_source import CaseSource
from cattool.ui.empty_state import EmptyState
from cattool.ui.models import ID_ROLE
from cattool.ui.portfolio_loader import PortfolioLoader, PreparedLoad
from cattool.ui.view_helpers import configure_table, scaled_font, select_row

if TYPE_CHECKING:
    from cattool.core.changes import Changes  # imports SQLAlchemy: only for type checkers
    from cattool.core.money.raised import FundsRaised


class Dashboard(DashboardFilters, DashboardAgenda, QWidget):
    """Cases (filterable, sortable) and the agenda; emits requests, never writes."""

    #: Open a case: its id, the page title to show ("" for the remembered one) and a
    #: deadline key to select there ("" for none).
    openCase = Signal(int, str, str)
    newCaseRequested = Signal()
    demoRequested = Signal()
    #: Once, after the first paint of rows or of the empty state: the number of cases.
    shown = Signal(int)
    #: The number of cases, or the filtered count, changed.
    countsChanged = Signal()
    #: New rows have been handed to the list (start-up, reload, another database); their
    #: summaries and the agenda follow, then `loaded`.
    loadStarted = Signal()
    #: Every summary is known and the agenda is up to date.
    loaded = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.today = dt.date.today()
        self.source: CaseSource | None = None
        self.funds_problem = ""  # why the Raised column could not be read, if it could not
        self._painted = False
        self._paint_scheduled = False
        self._agenda_stale = True
        self._agenda_serial = 0  # the latest agenda asked of a worker
        self._agenda_pending: tuple[tuple[int, dt.date], int] | None = None  # its key, days
        self._emit_loaded = False  # `loaded` waits for that agenda
        self._restore_sort: tuple[int, Qt.SortOrder] | None = None
        self._loading_held = False  # see hold_loading

        self.case_model = CaseTableModel(self)
        self.case_proxy = CaseFilterProxy(self)
        self.case_proxy.setSourceModel(self.case_model)
        self.loader = PortfolioLoader(self.case_model, self)
        self.loader.finished.connect(self._on_loaded)
        self.agenda_model = AgendaTableModel(self)

        self._build()
        self.case_proxy.rowsInserted.connect(self._on_proxy_rows)
        self.case_proxy.rowsRemoved.connect(self._on_proxy_rows)
        self.case_proxy.modelReset.connect(self._on_proxy_rows)

    # -------------------------------------------------------------- construction

    def _build(self) -> None:
        filters = self._build_filters()

        self.case_view = QTableView()
        self.case_view.setObjectName("caseTable")
        self.case_view.setAccessibleName("Cases")
        self.case_view.setAccessibleDescription(
            "Every case with its stage and next deadline. Press Enter to open the case."
        )
        configure_table(self.case_view)
        self.case_view.setModel(self.case_proxy)
        header = self.case_view.horizontalHeader()
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)  # the database's name order
        header.setSortIndicatorClearable(True)
        self.case_view.setSortingEnabled(True)
        metrics = self.case_view.fontMetrics()
        pad = 24
        for column, sample in (
            (CaseTableModel.CASE, "Working Men's Club, Castleton"),
            (CaseTableModel.REGIME, "Right to Bid"),
            (CaseTableModel.STAGE, "Listed: owner's appeal"),
            (CaseTableModel.DAYS, "365 days ago"),
            (CaseTableModel.RAISED, "£125,000 of £250,000 (50%)"),
        ):
            extra = 24 if column == CaseTableModel.DAYS else 0  # the traffic light
            self.case_view.setColumnWidth(column, metrics.horizontalAdvance(sample) + pad + extra)
        header.setSectionResizeMode(CaseTableModel.NEXT, QHeaderView.ResizeMode.Stretch)
        header.setMinimumSectionSize(metrics.horizontalAdvance("Days left") + pad)
        self.case_view.doubleClicked.connect(self._open_index)
        self.case_view.installEventFilter(self)

        self.no_match = QWidget()
        self.no_match.setObjectName("noMatch")
        self.no_match_label = QLabel("No case matches these filters.")
        self.no_match_label.setFont(scaled_font(self.no_match_label, 1.2))
        self.no_match_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.clear_button = QPushButton("Clear filters")
        self.clear_button.setToolTip("Show every case again")
        self.clear_button.clicked.connect(self.clear_filters)
        no_match_layout = QVBoxLayout(self.no_match)
        no_match_layout.addStretch(1)
        no_match_layout.addWidget(self.no_match_label)
        no_match_layout.addWidget(self.clear_button, 0, Qt.AlignmentFlag.AlignHCenter)
        no_match_layout.addStretch(2)

        self.table_stack = QStackedWidget()
        self.table_stack.addWidget(self.case_view)
        self.table_stack.addWidget(self.no_match)

        heading = QLabel("Cases")
        heading.setFont(scaled_font(heading, 1.25, bold=True))
        cases_box = QWidget()
        cases_layout = QVBoxLayout(cases_box)
        cases_layout.setContentsMargins(0, 0, 0, 0)
        cases_layout.addWidget(heading)
        cases_layout.addLayout(filters)
        cases_layout.addWidget(self.table_stack, 1)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("dashboardSplitter")
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(cases_box)
        self.splitter.addWidget(self._build_agenda())
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)

        self.content = QWidget()
        content_layout = QVBoxLayout(self.content)
        content_layout.setContentsMargins(10, 10, 10, 6)
        content_layout.addWidget(self.splitter)

        self.empty_state = EmptyState()
        self.empty_state.new_button.clicked.connect(self.newCaseRequested)
        self.empty_state.demo_button.clicked.connect(self.demoRequested)

        self.pages = QStackedWidget()
        self.pages.addWidget(self.content)
        self.pages.addWidget(self.empty_state)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.pages)

        self.setTabOrder(self.search, self.stage_filter)
        self.setTabOrder(self.stage_filter, self.regime_filter)
        self.setTabOrder(self.regime_filter, self.state_filter)
        self.setTabOrder(self.state_filter, self.case_view)
        self.setTabOrder(self.case_view, self.agenda_days)
        self.setTabOrder(self.agenda_days, self.agenda_view)

        # The first paint of whichever page shows is when the data became visible.
        self.case_view.viewport().installEventFilter(self)
        self.empty_state.installEventFilter(self)

    # -------------------------------------------------------------- loading

    def load(
        self, source: CaseSource, today: dt.date, prepared: PreparedLoad | None = None
    ) -> None:
        """Show `source`'s cases (first rows now, the rest after the first paint).

        `prepared` is `PortfolioLoader.prepare(source, today)`, read on a worker thread;
        without it the reads happen here. Raises InputError or RegimeError without
        changing what is shown.
        """
        same = source is self.source
        keep = self.current_case_id() if same else None
        self.loader.start(source, today, prepared)  # raises before anything changes
        self.loadStarted.emit()
        self.source, self.today = source, today
        self._agenda_stale = True
        if not same:  # (a reload keeps the old agenda on screen until the new one is ready)
            self.agenda_model.set_rows([])
            self.agenda_note.setText("Working out the agenda…")
        if self._restore_sort is not None and self.loader.is_finished():
            self.case_view.sortByColumn(*self._restore_sort)  # a small portfolio: at once
            self._restore_sort = None
        self._refresh_regime_filter()
        self._after_rows_changed(keep)
        if self._painted and not self._loading_held:
            self.loader.resume()

    def reload(self) -> None:
        """Read every case again (after changes made elsewhere).

        A large portfolio is read on a worker thread (the rows on screen stay until the
        new ones are ready; `loaded` follows as after any load). Errors are shown then.
        A small one is read at once, raising InputError or RegimeError.
        """
        source, today = self.source, self.today
        if source is None:
            return
        if self.case_model.rowCount() <= portfolio_loader.SMALL_PORTFOLIO:
            self.load(source, today)
            return
        from cattool.ui.worker import run_in_background

        def done(prepared: PreparedLoad) -> None:
            if source is self.source and today == self.today:  # nothing newer meanwhile
                self.load(source, today, prepared)

        self._agenda_stale = True  # not loaded until the new rows are in
        run_in_background(
            self, "Reading the cases again", lambda: PortfolioLoader.prepare(source, today), done
        )

    def apply_changes(self, changes: Changes) -> None:
        """Bring the rows and the agenda up to date after a change made in this app."""
        if self.source is None:
            return
        keep = self.current_case_id()
        if not self.loader.refresh(changes.case_ids):
            self.reload()
            return
        self.case_proxy.refilter_now()  # a changed case leaves or joins a filtered list now
        self._refresh_regime_filter()
        self._after_rows_changed(keep)
        self._read_funds(changes.case_ids)
        if self.loader.is_finished():
            self.update_agenda()

    def _read_funds(self, case_ids: Collection[int] | None = None) -> None:
        """Funds raised against target: every case's on a worker after a load, or the
        changed cases' at once after an edit (a small read)."""
        source = self.source
        if source is None:
            return
        if case_ids is not None:
            try:
                self.case_model.set_funds(source.funds_raised(case_ids), case_ids)
            except InputError as exc:  # a convenience column: the figures stay as they were
                self.funds_problem = str(exc)
            return
        from cattool.ui.worker import run_in_background

        def done(funds: dict[int, FundsRaised]) -> None:
            if source is self.source:  # nothing newer meanwhile
                self.case_model.set_funds(funds)

        def failed(exc: Exception) -> None:
            self.funds_problem = str(exc)

        run_in_background(
            self,
            "Reading funds raised",
            lambda: source.funds_raised(),
            done,
            failed,
            progress=False,
        )

    def _after_rows_changed(self, keep: int | None) -> None:
        count = self.case_model.rowCount()
        self.pages.setCurrentWidget(self.content if count else self.empty_state)
        kept = keep is not None and self.select_case(keep)
        if self.case_proxy.rowCount() and not kept and not self.case_view.currentIndex().isValid():
            select_row(self.case_view, self.case_proxy.index(0, 0))
        self._on_rows_changed()

    def _on_loaded(self) -> None:
        if self._restore_sort is not None:
            column, order = self._restore_sort
            self._restore_sort = None
            self.case_view.sortByColumn(column, order)
        else:
            sort = self.case_model.sort_order()
            if sort is not None and sort[0] in CaseTableModel.DERIVED:
                self.case_model.sort(*sort)
        self._read_funds()
        if self.update_agenda():
            self.loaded.emit()
        else:
            self._emit_loaded = True  # when the agenda worked out on a worker is shown

    def is_loaded(self) -> bool:
        """Every case's summary is known and the agenda is up to date."""
        return self.loader.is_finished() and not self._agenda_stale

    def restore_sort(self, column: int, order: Qt.SortOrder) -> None:
        """Sort as the user last did, once every row is known (a remembered setting)."""
        if column < 0:
            return
        if self.loader.is_finished() and self.source is not None:
            self.case_view.sortByColumn(column, order)
        else:
            self._restore_sort = (column, order)

    def save_state(self, stored: QSettings) -> None:
        """Remember the splitter, the agenda's days and the sort order."""
        stored.setValue("dashboard/splitter", self.splitter.saveState())
        stored.setValue("dashboard/agendaDays", self.agenda_days.value())
        column, order = self.sort_state()
        stored.setValue("dashboard/sort", [column, order.value])

    def restore_state(self, stored: QSettings, width: int) -> None:
        """Put back what `save_state` remembered (before `load`, so nothing is computed)."""
        splitter = stored.value("dashboard/splitter")
        if not (splitter and self.splitter.restoreState(splitter)):
            self.splitter.setSizes([width * 57 // 100, width * 43 // 100])
        days = stored.value("dashboard/agendaDays")
        if days is not None and str(days).isdigit():
            self.agenda_days.setValue(int(days))
        sort = stored.value("dashboard/sort")
        if isinstance(sort, list) and len(sort) == 2:
            self.restore_sort(int(sort[0]), Qt.SortOrder(int(sort[1])))

    def sort_state(self) -> tuple[int, Qt.SortOrder]:
        header = self.case_view.horizontalHeader()
        return header.sortIndicatorSection(), header.sortIndicatorOrder()

    # -------------------------------------------------------------- reading

    def cases_loaded(self) -> int:
        return self.case_model.rowCount()

    def visible_case_count(self) -> int:
        return self.case_proxy.rowCount()

    def visible_case_ids(self) -> list[int]:
        return [self.case_proxy.index(r, 0).data(ID_ROLE) for r in range(self.visible_case_count())]

    def current_case_id(self) -> int | None:
        index = self.case_view.currentIndex()
        return index.data(ID_ROLE) if index.isValid() else None

    def select_case(self, case_id: int) -> bool:
        """Select a case in the list (as a click would); False if it is not listed."""
        row = self.case_model.row_for_case(case_id)
        if row is None:
            return False
        index = self.case_proxy.mapFromSource(self.case_model.index(row, 0))
        if not index.isValid():
            return False
        select_row(self.case_view, index)
        return True

    def has_shown(self) -> bool:
        return self._painted

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def focus_cases(self) -> None:
        if self.pages.currentWidget() is self.empty_state:
            self.empty_state.new_button.setFocus()
        else:
            self._focus_table()

    def _focus_table(self) -> None:
        self.case_view.setFocus(Qt.FocusReason.OtherFocusReason)
        if not self.case_view.currentIndex().isValid() and self.case_proxy.rowCount():
            select_row(self.case_view, self.case_proxy.index(0, 0))

    # -------------------------------------------------------------- opening

    def open_current(self) -> bool:
        """Open the selected case (Enter); False if nothing is selected."""
        case_id = self.current_case_id()
        if case_id is None:
            return False
        self.openCase.emit(case_id, "", "")
        return True

    def _open_index(self, index: QModelIndex) -> None:
        if index.isValid():
            self.openCase.emit(index.data(ID_ROLE), "", "")

    # -------------------------------------------------------------- events

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.Paint and not self._paint_scheduled:
            if watched is self.empty_state or (
                watched is self.case_view.viewport() and self.case_proxy.rowCount() > 0
            ):
                # Paint events arrive while the window is drawn; the zero timer fires
                # once that frame is finished and on screen.
                self._paint_scheduled = True
                QTimer.singleShot(0, self, self._after_first_paint)
        elif kind == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            key = event.key()
            enter = key in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            if watched is self.case_view and enter:
                return self.open_current()
            if watched is self.agenda_view and enter:
                self._open_agenda_index(self.agenda_view.currentIndex())
                return True
            if watched is self.search and key == Qt.Key.Key_Down:
                self._focus_table()
                return True
        return super().eventFilter(watched, event)

    def _after_first_paint(self) -> None:
        self._painted = True
        self.case_view.viewport().removeEventFilter(self)
        self.empty_state.removeEventFilter(self)
        self.shown.emit(self.cases_loaded())  # (a slot may hold the loading: see below)
        if not self._loading_held:
            self.loader.resume()

    def hold_loading(self) -> None:
        """Work out no more rows in the background (rows drawn are still worked out)
        until `release_loading`: other background work goes first, so the two do not
        take turns at the UI thread's expense (Python runs one thread at a time)."""
        self._loading_held = True

    def release_loading(self) -> None:
        """Carry on working out the rows (see `hold_loading`)."""
        if self._loading_held:
            self._loading_held = False
            if self._painted:
                self.loader.resume()
