"""The first window: every case on the left; the selected case's events, its deadlines and
the reasoning behind one deadline on the right.

Read-only: it reads through a CaseSource (a quick stdlib read, then the store); never writes.
Start-up is measured from process start to `casesShown`, so the case list is built without
warnings (no bank-holiday data) and the selected case's full deadlines, whose warnings need
that data, are loaded just after the first paint.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Iterable
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QEvent,
    QItemSelectionModel,
    QModelIndex,
    QObject,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QAction, QFont, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QStackedWidget,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from cattool.core.dates import format_date_short
from cattool.core.errors import InputError, NotFoundError
from cattool.core.portfolio import CaseSummary, next_deadline, summarise
from cattool.core.rules.engine import Deadline
from cattool.core.rules.regime import RegimeError, load_regime
from cattool.core.rules.stage import stage_label
from cattool.ui.case_source import CaseSource
from cattool.ui.deadline_detail import DETAIL_CSS, deadline_html

if TYPE_CHECKING:
    from cattool.core.store import Store

from cattool.ui.models import (
    ID_ROLE,
    SORT_ROLE,
    CaseFilterProxy,
    CaseTableModel,
    DeadlineTableModel,
    EventTableModel,
)

EMPTY_STATE_HTML = (
    "<h2>No cases yet…</h2>"
    "<p>To look around with some example cases, run <code>cattool demo</code> in a terminal "
    "and reopen this window.</p>"
    "<p>Soon you will be able to start your own with <b>New case</b>; until then the "
    "<code>cattool</code> command line can add cases.</p>"
)


def app_version() -> str:
    """The installed package's version, or 'dev' when running from an uninstalled checkout."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("cattool")
    except PackageNotFoundError:
        return "dev"


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def _configure_table(view: QTableView) -> None:
    """Whole-row, single selection, read-only, fixed row heights (cheap with many rows)."""
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.setShowGrid(False)
    view.setWordWrap(False)
    view.setTextElideMode(Qt.TextElideMode.ElideRight)
    view.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
    view.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
    vertical = view.verticalHeader()
    vertical.setVisible(False)
    vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    vertical.setDefaultSectionSize(view.fontMetrics().height() + 10)
    horizontal = view.horizontalHeader()
    horizontal.setHighlightSections(False)
    horizontal.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)


def _section_heading(text: str) -> QLabel:
    label = QLabel(text)
    font = label.font()
    font.setBold(True)
    font.setPointSizeF(font.pointSizeF() * 1.1)
    label.setFont(font)
    return label


class MainWindow(QMainWindow):
    """Cases on the left, the selected case's events and deadlines on the right."""

    #: Emitted once, after the first paint of the case list (or of the empty state), with
    #: the number of cases: the moment the user can see their data.
    casesShown = Signal(int)
    #: Emitted whenever the right-hand side has finished loading a case (its id).
    caseShown = Signal(int)

    def __init__(
        self, source: CaseSource | Store, today: dt.date, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        if not isinstance(source, CaseSource):
            source = CaseSource.from_store(source)
        self._source = source
        self._today = today
        self._painted = False
        self._paint_scheduled = False
        self._pending_case: int | None = None
        self._shown_case: int | None = None
        self._regime_full_names: dict[str, str] = {}
        self._load_count = 0

        self.setWindowTitle(f"cattool — {source.display_name}")
        self._build_ui()
        self._build_menus()
        self._build_status_bar()
        self._fit_to_screen()
        self.reload()
        self.case_view.setFocus()  # arrow keys move through the cases straight away

    # ----------------------------------------------------------------- construction

    def _build_ui(self) -> None:
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search cases…")
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName("Search cases")
        self.search.textChanged.connect(self._on_search)

        self.case_model = CaseTableModel(self)
        self.case_proxy = CaseFilterProxy(self)
        self.case_proxy.setSourceModel(self.case_model)
        self.case_proxy.setFilterKeyColumn(CaseTableModel.CASE)
        self.case_proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.case_proxy.setSortRole(SORT_ROLE)

        self.case_view = QTableView()
        self.case_view.setObjectName("caseTable")
        self.case_view.setAccessibleName("Cases")
        _configure_table(self.case_view)
        self.case_view.setModel(self.case_proxy)
        header = self.case_view.horizontalHeader()
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)  # keep the query's name order
        self.case_view.setSortingEnabled(True)
        metrics = self.case_view.fontMetrics()
        pad = 24
        widths = {
            CaseTableModel.CASE: metrics.horizontalAdvance("Working Men's Club, Castleton") + pad,
            CaseTableModel.REGIME: metrics.horizontalAdvance("Right to Bid") + pad,
            CaseTableModel.STAGE: metrics.horizontalAdvance("Interim moratorium") + pad,
            CaseTableModel.DAYS: metrics.horizontalAdvance("9999 days") + pad + 20,
        }
        for column, width in widths.items():
            self.case_view.setColumnWidth(column, width)
        header.setSectionResizeMode(CaseTableModel.NEXT, QHeaderView.ResizeMode.Stretch)
        header.setMinimumSectionSize(metrics.horizontalAdvance("Days left") + pad)
        self.case_view.selectionModel().currentRowChanged.connect(self._on_case_row_changed)
        self.search.returnPressed.connect(self.case_view.setFocus)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(8, 8, 4, 8)
        left_layout.addWidget(self.search)
        left_layout.addWidget(self.case_view)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("mainSplitter")
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(left)
        self.splitter.addWidget(self._build_right_side())
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 1)

        self.empty_state = QLabel(EMPTY_STATE_HTML)
        self.empty_state.setObjectName("emptyState")
        self.empty_state.setTextFormat(Qt.TextFormat.RichText)
        self.empty_state.setWordWrap(True)
        self.empty_state.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_state.setMargin(48)
        font = self.empty_state.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        self.empty_state.setFont(font)

        self.pages = QStackedWidget()
        self.pages.addWidget(self.splitter)
        self.pages.addWidget(self.empty_state)
        self.setCentralWidget(self.pages)

        # The first paint of whichever page is showing is when the data became visible.
        self.case_view.viewport().installEventFilter(self)
        self.empty_state.installEventFilter(self)

    def _build_right_side(self) -> QWidget:
        self.case_title = QLabel()
        self.case_title.setObjectName("caseTitle")
        title_font = self.case_title.font()
        title_font.setPointSizeF(title_font.pointSizeF() * 1.6)
        title_font.setBold(True)
        self.case_title.setFont(title_font)
        self.case_title.setWordWrap(True)
        self.case_title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.case_subtitle = QLabel()
        self.case_subtitle.setObjectName("caseSubtitle")
        subtitle_font = self.case_subtitle.font()
        subtitle_font.setPointSizeF(subtitle_font.pointSizeF() * 1.15)
        self.case_subtitle.setFont(subtitle_font)
        self.case_subtitle.setWordWrap(True)
        self.case_subtitle.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.event_model = EventTableModel(self)
        self.event_view = QTableView()
        self.event_view.setObjectName("eventTable")
        self.event_view.setAccessibleName("Events")
        _configure_table(self.event_view)
        self.event_view.setModel(self.event_model)
        # Whole rows at the top edge: the list is scrolled to its latest event.
        self.event_view.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerItem)
        metrics = self.event_view.fontMetrics()
        self.event_view.setColumnWidth(
            EventTableModel.DATE, metrics.horizontalAdvance("30 September 2026") + 24
        )
        self.event_view.horizontalHeader().setStretchLastSection(True)  # the note

        self.deadline_model = DeadlineTableModel(self)
        self.deadline_view = QTableView()
        self.deadline_view.setObjectName("deadlineTable")
        self.deadline_view.setAccessibleName("Deadlines")
        _configure_table(self.deadline_view)
        self.deadline_view.setModel(self.deadline_model)
        metrics = self.deadline_view.fontMetrics()
        deadline_header = self.deadline_view.horizontalHeader()
        deadline_header.setSectionResizeMode(
            DeadlineTableModel.DEADLINE, QHeaderView.ResizeMode.Stretch
        )
        # Middle elision keeps a long label's "(provisional)" mark in view.
        self.deadline_view.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        for column, sample in (
            (DeadlineTableModel.DATE, "Wed 30 Sep 2026"),
            (DeadlineTableModel.STATUS, "Not triggered"),
            (DeadlineTableModel.DAYS, "365 days ago"),
        ):
            self.deadline_view.setColumnWidth(column, metrics.horizontalAdvance(sample) + 20)
        self.deadline_view.selectionModel().currentRowChanged.connect(self._on_deadline_row_changed)

        self.detail = QTextBrowser()
        self.detail.setObjectName("deadlineDetail")
        self.detail.setAccessibleName("How this deadline is worked out")
        self.detail.setOpenLinks(False)
        detail_font = QFont(self.detail.font())
        detail_font.setPointSizeF(detail_font.pointSizeF() * 1.3)
        self.detail.setFont(detail_font)
        self.detail.document().setDefaultStyleSheet(DETAIL_CSS)
        self.detail.document().setDocumentMargin(12)

        events_box = QWidget()
        events_layout = QVBoxLayout(events_box)
        events_layout.setContentsMargins(0, 0, 0, 0)
        events_layout.addWidget(_section_heading("What has happened"))
        events_layout.addWidget(self.event_view)

        deadlines_box = QWidget()
        deadlines_layout = QVBoxLayout(deadlines_box)
        deadlines_layout.setContentsMargins(0, 0, 0, 0)
        deadlines_layout.addWidget(_section_heading("Deadlines"))
        deadlines_layout.addWidget(self.deadline_view)

        sections = QSplitter(Qt.Orientation.Vertical)
        sections.setChildrenCollapsible(False)
        sections.addWidget(events_box)
        sections.addWidget(deadlines_box)
        sections.addWidget(self.detail)
        sections.setStretchFactor(0, 3)
        sections.setStretchFactor(1, 4)
        sections.setStretchFactor(2, 5)

        case_page = QWidget()
        case_layout = QVBoxLayout(case_page)
        case_layout.setContentsMargins(4, 8, 8, 8)
        case_layout.addWidget(self.case_title)
        case_layout.addWidget(self.case_subtitle)
        case_layout.addSpacing(4)
        case_layout.addWidget(sections, 1)

        self.right_placeholder = QLabel()
        self.right_placeholder.setObjectName("casePlaceholder")
        self.right_placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.right_placeholder.setWordWrap(True)
        self.right_placeholder.setMargin(24)

        self.right_pages = QStackedWidget()
        self.right_pages.addWidget(case_page)
        self.right_pages.addWidget(self.right_placeholder)
        self._case_page = case_page
        return self.right_pages

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu("&File")
        reload_action = QAction("&Reload", self)
        reload_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Refresh))
        reload_action.setStatusTip("Read the cases again (after changes made elsewhere)")
        reload_action.triggered.connect(self._reload_or_explain)
        file_menu.addAction(reload_action)
        file_menu.addSeparator()
        self.quit_action = QAction("&Quit", self)
        self.quit_action.setShortcut(QKeySequence("Ctrl+Q"))
        self.quit_action.setMenuRole(QAction.MenuRole.QuitRole)
        self.quit_action.triggered.connect(self.close)
        file_menu.addAction(self.quit_action)

        find_action = QAction("Find case", self)
        find_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Find))
        find_action.triggered.connect(self._focus_search)
        self.addAction(find_action)

        help_menu = self.menuBar().addMenu("&Help")
        self.about_action = QAction("&About cattool", self)
        self.about_action.setMenuRole(QAction.MenuRole.AboutRole)
        self.about_action.triggered.connect(self.show_about)
        help_menu.addAction(self.about_action)

    def _build_status_bar(self) -> None:
        self.status_label = QLabel()
        self.status_label.setObjectName("statusCases")
        self.database_label = QLabel(f"Database: {self._source.display_name}")
        self.database_label.setObjectName("statusDatabase")
        self.database_label.setToolTip(self._source.location)
        self.statusBar().addWidget(self.status_label, 1)
        self.statusBar().addPermanentWidget(self.database_label)

    def _fit_to_screen(self) -> None:
        """Roomy on a desktop monitor, but never larger than a small laptop's screen."""
        width, height = 1600, 900
        screen = self.screen()
        if screen is not None:
            available = screen.availableGeometry()
            width = min(width, int(available.width() * 0.95))
            height = min(height, int(available.height() * 0.92))
        self.resize(width, height)
        self.splitter.setSizes([width * 53 // 100, width * 47 // 100])

    # ----------------------------------------------------------------- public API

    def cases_loaded(self) -> int:
        """How many cases the list holds (before any search filter)."""
        return self.case_model.rowCount()

    def visible_case_count(self) -> int:
        """How many cases the list shows after the search filter."""
        return self.case_proxy.rowCount()

    def has_shown_cases(self) -> bool:
        """True once `casesShown` has been emitted."""
        return self._painted

    def current_case_id(self) -> int | None:
        index = self.case_view.selectionModel().currentIndex()
        return index.data(ID_ROLE) if index.isValid() else None

    def shown_case_id(self) -> int | None:
        """The case whose events and deadlines the right-hand side shows."""
        return self._shown_case

    def select_case(self, case_id: int) -> bool:
        """Select a case in the list (as a click would); False if it is not listed."""
        row = self.case_model.row_for_case(case_id)
        if row is None:
            return False
        index = self.case_proxy.mapFromSource(self.case_model.index(row, 0))
        if not index.isValid():
            return False
        self._select_row(self.case_view, index)
        return True

    def select_deadline(self, key: str) -> bool:
        """Select a deadline of the shown case by its key; False if there is none."""
        row = self.deadline_model.row_for_key(key)
        if row is None:
            return False
        self._select_row(self.deadline_view, self.deadline_model.index(row, 0))
        return True

    def selected_deadline(self) -> Deadline | None:
        index = self.deadline_view.selectionModel().currentIndex()
        return self.deadline_model.deadline_at(index.row()) if index.isValid() else None

    def detail_text(self) -> str:
        """The detail pane as plain text (what would be read aloud)."""
        return self.detail.toPlainText()

    def status_text(self) -> str:
        return self.status_label.text()

    def reload(self) -> None:
        """Read every case again, keeping the selected case when it still exists."""
        keep = self.current_case_id()
        summaries = summarise(self._source.snapshot(), self._today)
        self.case_model.set_rows(summaries, self._regime_names(summaries))
        header = self.case_view.horizontalHeader()
        if header.sortIndicatorSection() >= 0:  # keep the order the user chose
            self.case_model.sort(header.sortIndicatorSection(), header.sortIndicatorOrder())
        self.status_label.setText(
            f"{_plural(len(summaries), 'case')} · today: {format_date_short(self._today)}"
        )
        if not summaries:
            self.pages.setCurrentWidget(self.empty_state)
            self._shown_case = None
            return
        self.pages.setCurrentWidget(self.splitter)
        loads_before = self._load_count
        if keep is None or not self.select_case(keep):
            self._select_first_case()
        elif self._painted and self._load_count == loads_before:
            self._load_case(keep)  # still selected, so no signal: read its fresh facts

    def _reload_or_explain(self) -> None:
        """F5: reload, and if the database has gone wrong say so instead of failing silently."""
        try:
            self.reload()
        except (InputError, RegimeError) as exc:
            QMessageBox.warning(self, "cattool could not reload the cases", str(exc))

    def show_about(self) -> None:
        QMessageBox.about(
            self,
            "About cattool",
            f"<h3>cattool {html.escape(app_version())}</h3>"
            "<p>Deadlines, cases and documents for community groups saving an Asset of "
            "Community Value in England.</p>",
        )

    # ----------------------------------------------------------------- events

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            not self._paint_scheduled
            and event.type() == QEvent.Type.Paint
            and (watched is self.empty_state or self.case_proxy.rowCount() > 0)
        ):
            # Paint events are delivered while the window is being drawn; the zero timer
            # fires once that frame is finished and on screen.
            self._paint_scheduled = True
            QTimer.singleShot(0, self._after_first_paint)
        return super().eventFilter(watched, event)

    def _after_first_paint(self) -> None:
        self._painted = True
        self.case_view.viewport().removeEventFilter(self)
        self.empty_state.removeEventFilter(self)
        self.casesShown.emit(self.cases_loaded())
        pending, self._pending_case = self._pending_case, None
        if pending is not None and pending == self.current_case_id():
            self._load_case(pending)

    def _focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def _on_search(self, text: str) -> None:
        self.case_proxy.setFilterFixedString(text.strip())
        if self.case_proxy.rowCount() == 0:
            self._show_placeholder(f"No case matches “{text.strip()}”.")
            return
        if not self.case_view.selectionModel().currentIndex().isValid():
            self._select_first_case()
        else:
            self.right_pages.setCurrentWidget(self._case_page)
            self.case_view.scrollTo(self.case_view.selectionModel().currentIndex())

    def _on_case_row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not current.isValid():
            if self.case_proxy.rowCount() == 0 and self.cases_loaded():
                self._show_placeholder("No case matches the search.")
            else:
                self._show_placeholder("Select a case on the left to see its deadlines.")
            return
        case_id = current.data(ID_ROLE)
        if self._painted:
            self._load_case(case_id)
        else:
            # Before the first paint show what the case list already knows (no I/O);
            # the events and the deadlines' warnings follow once the window is up.
            self._pending_case = case_id
            source = self.case_proxy.mapToSource(current)
            self._show_summary(self.case_model.summary_at(source.row()))

    def _on_deadline_row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not current.isValid():
            self.detail.setHtml(
                "<p>Select a deadline above to see how it is worked out.</p>"
                if self.deadline_model.rowCount()
                else ""
            )
            return
        deadline = self.deadline_model.deadline_at(current.row())
        self.detail.setHtml(deadline_html(deadline, self.deadline_model.deadlines()))

    # ----------------------------------------------------------------- loading

    def _regime_names(self, summaries: Iterable[CaseSummary]) -> dict[str, str]:
        """Short regime names for the list; full names are kept for the case header."""
        short: dict[str, str] = {}
        for regime_id in {summary.regime for summary in summaries}:
            try:
                regime = load_regime(regime_id)
            except (RegimeError, OSError):
                short[regime_id] = regime_id
                continue
            short[regime_id] = regime.short_name or regime.name
            self._regime_full_names[regime_id] = regime.name
        return short

    def _select_first_case(self) -> None:
        if self.case_proxy.rowCount():
            self._select_row(self.case_view, self.case_proxy.index(0, 0))

    @staticmethod
    def _select_row(view: QTableView, index: QModelIndex) -> None:
        view.selectionModel().setCurrentIndex(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        view.scrollTo(index)

    def _show_placeholder(self, message: str) -> None:
        self.right_placeholder.setText(message)
        self.right_pages.setCurrentWidget(self.right_placeholder)
        self._shown_case = None

    def _set_header(self, name: str, reference: str | None, regime_id: str, stage: str) -> None:
        self.case_title.setText(name)
        regime = self._regime_full_names.get(regime_id, regime_id)
        parts = [regime, stage_label(stage)]
        if reference:
            parts.append(f"ref. {reference}")
        self.case_subtitle.setText("  ·  ".join(parts))

    def _fit_event_column(self) -> None:
        """Wide enough for this case's event labels, leaving the note at least 40%."""
        metrics = self.event_view.fontMetrics()
        column = EventTableModel.EVENT
        widest = max(
            (
                metrics.horizontalAdvance(self.event_model.index(row, column).data())
                for row in range(self.event_model.rowCount())
            ),
            default=metrics.horizontalAdvance("Event"),
        )
        room = self.event_view.viewport().width() - self.event_view.columnWidth(0)
        self.event_view.setColumnWidth(column, max(80, min(widest + 24, int(room * 0.6))))

    def _show_summary(self, summary: CaseSummary) -> None:
        self._set_header(summary.name, summary.reference, summary.regime, summary.stage)
        self.event_model.set_rows([])
        self._show_deadlines(summary.deadlines)
        self.right_pages.setCurrentWidget(self._case_page)

    def _show_deadlines(self, deadlines: list[Deadline]) -> None:
        previous = self.selected_deadline()
        self.deadline_model.set_rows(deadlines)
        if not deadlines:
            self.detail.setHtml("<p>This regime has no deadlines to show.</p>")
            return
        upcoming = next_deadline(deadlines)
        key = previous.key if previous is not None else (upcoming.key if upcoming else "")
        if not self.select_deadline(key):
            self._select_row(self.deadline_view, self.deadline_model.index(0, 0))

    def _load_case(self, case_id: int) -> None:
        """Read one case's events and full deadlines (with warnings) and show them."""
        try:
            detail = self._source.case_detail(case_id, self._today)
        except NotFoundError:
            self._show_placeholder(
                "This case is no longer in the database. Press F5 to reload the list."
            )
            return
        except (InputError, RegimeError) as exc:
            self._show_placeholder(f"cattool could not read this case: {exc}")
            return
        self._load_count += 1
        self._regime_full_names.setdefault(detail.regime.id, detail.regime.name)
        events = detail.events
        deadlines = detail.deadlines
        self._set_header(detail.name, detail.reference, detail.regime.id, detail.stage)
        self.event_model.set_rows(events)
        self._fit_event_column()
        if events:
            self.event_view.scrollToBottom()
        same_case = self._shown_case == case_id
        if not same_case:
            self.deadline_view.selectionModel().clearCurrentIndex()
        self._show_deadlines(deadlines)
        self.right_pages.setCurrentWidget(self._case_page)
        self._shown_case = case_id
        self.caseShown.emit(case_id)
