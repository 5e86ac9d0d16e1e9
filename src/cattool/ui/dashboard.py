"""The first screen: every case with its stage, next deadline and a red/amber/green light,
filters, and the agenda of deadlines across all cases.

Built for thousands of cases. The case list arrives first (names and regimes only) and a
row's stage and deadlines are worked out when it is first drawn (`CaseTableModel`), so
the first paint costs a screenful, not the portfolio. After that paint, `PortfolioLoader`
reads the remaining events in batches between frames and fills the rest; the agenda
follows once every case is known. Nothing here imports SQLAlchemy: reads go through the
CaseSource's standard-library path when the file allows it.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QEvent,
    QItemSelectionModel,
    QModelIndex,
    QObject,
    QSettings,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QFont, QFontMetrics, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QSplitter,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from cattool.core.portfolio import (
    AgendaItem,
    CaseRow,
    CaseSummary,
    Snapshot,
    agenda_items,
    summarise,
)
from cattool.core.rules.engine import EventFact
from cattool.core.rules.stage import STAGES
from cattool.ui.case_source import CaseSource
from cattool.ui.models import (
    ID_ROLE,
    KEY_ROLE,
    RAG_WORDS,
    AgendaTableModel,
    CaseFilterProxy,
    CaseLike,
    CaseTableModel,
    rag_icon,
)

if TYPE_CHECKING:
    from cattool.core.changes import Changes  # imports SQLAlchemy: only for type checkers

DEFAULT_AGENDA_DAYS = 30
SMALL_PORTFOLIO = 300  # up to this many cases everything is worked out before the first paint
TICK_SECONDS = 0.010  # background work per event-loop turn: well inside a 16 ms frame
TARGETED_LIMIT = 200  # a change to more cases than this reloads the whole list


def plural(count: int, word: str) -> str:
    return f"{count:,} {word}" if count == 1 else f"{count:,} {word}s"


def configure_table(view: QTableView) -> None:
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
    view.setTabKeyNavigation(False)  # Tab leaves the table, as keyboard users expect
    vertical = view.verticalHeader()
    vertical.setVisible(False)
    vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    vertical.setDefaultSectionSize(view.fontMetrics().height() + 10)
    horizontal = view.horizontalHeader()
    horizontal.setHighlightSections(False)
    horizontal.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)


def scaled_font(widget: QWidget, factor: float, *, bold: bool = False) -> QFont:
    font = QFont(widget.font())
    font.setPointSizeF(font.pointSizeF() * factor)
    font.setBold(bold)
    return font


def select_row(view: QTableView, index: QModelIndex) -> None:
    view.selectionModel().setCurrentIndex(
        index,
        QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
    )
    view.scrollTo(index)


# --------------------------------------------------------------------------- loading


@dataclass
class PreparedLoad:
    """What `PortfolioLoader.prepare` read: plain data, handed from a worker thread."""

    cases: list[CaseRow]
    snapshot: Snapshot
    regime_names: dict[str, str]
    regime_full_names: dict[str, str]
    events: dict[int, list[EventFact]]  # every case's, for a small portfolio
    summaries: list[CaseSummary] | None  # None: worked out lazily (a large portfolio)


class PortfolioLoader(QObject):
    """Works out the case summaries for a CaseTableModel: on demand, then in the background.

    `start()` reads the case list (quick) and hands it to the model with `fill` as the
    model's callback. `resume()` (called after the first paint) reads every event in
    batches, a few milliseconds per event-loop turn, and fills the rows nobody has looked
    at yet; `finished` says when every row is known. `agenda()` and `refresh()` work
    from what has been read, so after a change only the changed cases are read again.
    """

    progress = Signal(int, int)  # rows known, rows in all
    finished = Signal()

    def __init__(self, model: CaseTableModel, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.source: CaseSource | None = None
        self.today = dt.date.today()
        self._snapshot = Snapshot([], {})
        self._events: dict[int, list[EventFact]] = {}
        self._all_events = False
        self._stream: Iterator[dict[int, list[EventFact]]] | None = None
        self._running = False
        self._generation = 0
        self._fresh: set[int] = set()  # cases read again while a background run streams
        self.regime_names: dict[str, str] = {}
        self.regime_full_names: dict[str, str] = {}
        #: The agenda worked out (with warnings) `_agenda_days` ahead for the load
        #: `_agenda_key` (generation, today): shorter agendas and the reminders filter it,
        #: and a change to a few cases recomputes only their entries.
        self._agenda: list[AgendaItem] | None = None
        self._agenda_days = 0
        self._agenda_key: tuple[int, dt.date] | None = None
        self._agenda_dirty: set[int] | None = None  # changed while a job computes
        #: How far ahead someone else (the reminders) will ask; computed in the same pass.
        self.extra_days = 0

    # -------------------------------------------------------------- start and fill

    @staticmethod
    def prepare(source: CaseSource, today: dt.date) -> PreparedLoad:
        """Everything `start` reads, without touching Qt: safe on a worker thread.

        Reads the case list and loads the regimes; for a small portfolio also every
        event and summary, so `start` only hands rows to the model. Raises InputError for
        an unreadable database and RegimeError for a regime that cannot be loaded.
        """
        cases, overrides = source.cases()
        snapshot = Snapshot(list(cases), {}, overrides)
        short, full = {}, {}
        for regime_id in sorted({case.regime for case in cases}):
            regime = snapshot.regime(regime_id)  # RegimeError here, not mid-paint
            short[regime_id] = regime.short_name or regime.name
            full[regime_id] = regime.name
        events: dict[int, list[EventFact]] = {}
        summaries: list[CaseSummary] | None = None
        if len(cases) <= SMALL_PORTFOLIO:
            events = source.events_for([case.id for case in cases]) if cases else {}
            whole = Snapshot(list(cases), events, overrides, snapshot._regimes)
            summaries = summarise(whole, today)
        return PreparedLoad(list(cases), snapshot, short, full, events, summaries)

    def start(
        self, source: CaseSource, today: dt.date, prepared: PreparedLoad | None = None
    ) -> list[CaseRow]:
        """Give the case list to the model (summaries to follow for a large portfolio).

        `prepared` is `prepare(source, today)` done earlier (on a worker thread); without
        it the reads happen now. Raises InputError for an unreadable database and
        RegimeError for a case whose regime cannot be loaded, before the model is touched.
        """
        if prepared is None:
            prepared = self.prepare(source, today)
        cases, short = prepared.cases, prepared.regime_names
        self._generation += 1
        self.source, self.today, self._snapshot = source, today, prepared.snapshot
        self._events, self._stream, self._running = dict(prepared.events), None, False
        self._all_events = prepared.summaries is not None
        self._fresh = set()
        self.regime_names, self.regime_full_names = short, prepared.regime_full_names
        if prepared.summaries is not None:
            self.model.set_rows(prepared.summaries, short)
        else:
            self.model.set_cases(cases, short, self.fill)
        return cases

    def fill(self, cases: list[CaseLike]) -> list[CaseSummary]:
        """Summaries for `cases` (the model's callback): reads only events not yet read."""
        if self.source is None:
            return []
        if not self._all_events:
            unread = [case.id for case in cases if case.id not in self._events]
            if len(unread) > len(self._snapshot.cases) // 2 and self._stream is None:
                self._read_all_events()
            elif unread:
                self._events.update(self.source.events_for(unread))
        rows = [CaseRow(c.id, c.name, c.reference, c.regime) for c in cases]
        return summarise(self._sub_snapshot(rows), self.today)

    def _sub_snapshot(self, cases: list[CaseRow]) -> Snapshot:
        """A snapshot of some cases sharing the read events and the loaded regimes."""
        whole = self._snapshot
        return Snapshot(cases, self._events, whole.overrides, whole._regimes)

    def _read_all_events(self) -> None:
        assert self.source is not None
        for batch in self.source.stream_events():
            self._events.update(batch)
        self._all_events = True

    # -------------------------------------------------------------- background

    def is_finished(self) -> bool:
        return self.model.missing_count() == 0

    def resume(self) -> None:
        """Fill the remaining rows between frames; emits `finished` (at once if done)."""
        if self._running:
            return
        if self.is_finished():
            self.finished.emit()
            return
        self._running = True
        generation = self._generation
        QTimer.singleShot(0, self, lambda: self._tick(generation))

    def _tick(self, generation: int) -> None:
        if generation != self._generation or not self._running:
            return  # a newer start() replaced this run
        assert self.source is not None
        stop_at = time.perf_counter() + TICK_SECONDS
        if self._stream is None and not self._all_events:
            self._stream = self.source.stream_events(batch=800)
        while time.perf_counter() < stop_at and self.model.missing_count():
            batch = next(self._stream, None) if self._stream is not None else None
            if batch is None:
                self._stream, self._all_events = None, True
                self.model.add_summaries(self.fill(self.model.missing_cases()))
                break
            for case_id in self._fresh & batch.keys():
                del batch[case_id]  # read again since this run began: keep the newer events
            self._events.update(batch)
            row_for = self.model.row_for_case
            waiting = [
                self.model.case_at(row)
                for row in (row_for(case_id) for case_id in batch)
                if row is not None and not self.model.has_summary(row)
            ]
            if waiting:
                self.model.add_summaries(self.fill(waiting))
        total = self.model.rowCount()
        self.progress.emit(total - self.model.missing_count(), total)
        if self.model.missing_count():
            QTimer.singleShot(0, self, lambda: self._tick(generation))
            return
        self._running, self._stream = False, None
        self.finished.emit()

    def finish_now(self) -> None:
        """Fill every remaining row at once (a sort or filter that needs them all)."""
        if self.model.missing_count():
            self.model.ensure_all()
        if self._running:
            self._running, self._stream = False, None
            self.finished.emit()

    # -------------------------------------------------------------- after loading

    def due_within(self, days: int) -> Snapshot:
        """A snapshot of only the cases with an open deadline in the next `days` days
        (sharing the events read and the regimes loaded): what an agenda needs."""
        self.finish_now()
        last = self.today + dt.timedelta(days=days)
        due = [
            CaseRow(s.id, s.name, s.reference, s.regime)
            for s in self.model.summaries()
            if any(d.is_open and d.date is not None and d.date <= last for d in s.deadlines)
        ]
        if not self._all_events:
            unread = [case.id for case in due if case.id not in self._events]
            if unread and self.source is not None:
                self._events.update(self.source.events_for(unread))
        return self._sub_snapshot(due)

    def agenda(self, days: int) -> list[AgendaItem]:
        """Open deadlines across all cases in the next `days` days (portfolio.agenda_items),
        worked out again with warnings only for the cases that have something due.
        Served from the cached agenda when it reaches far enough."""
        cached = self.agenda_cached(days)
        if cached is not None:
            return cached
        ahead = max(days, self.extra_days)
        items = agenda_items(self.due_within(ahead), self.today, ahead)
        self._store_agenda(items, ahead, self._current_key())
        return self._agenda_within(days, items)

    def _current_key(self) -> tuple[int, dt.date]:
        return (self._generation, self.today)

    def _agenda_within(self, days: int, items: list[AgendaItem]) -> list[AgendaItem]:
        last = self.today + dt.timedelta(days=days)
        return [item for item in items if item.deadline.date <= last]  # type: ignore[operator]

    def agenda_cached(self, days: int) -> list[AgendaItem] | None:
        """The agenda `days` ahead if the cached one covers it (no engine work), or None."""
        if (
            self._agenda is None
            or self._agenda_key != self._current_key()
            or days > self._agenda_days
            or not self.is_finished()
        ):
            return None
        return self._agenda_within(days, self._agenda)

    def agenda_job(self, days: int):  # type: ignore[no-untyped-def]
        """Work for a worker thread: `(work, finish)`. `work()` is pure (it has its own
        copy of the cases, events and regimes due); `finish(items)`, on the UI thread,
        stores the result (patching cases changed meanwhile) and returns the agenda `days`
        ahead, or None if another load has replaced the one it was worked out for."""
        ahead = max(days, self.extra_days)
        due = self.due_within(ahead)
        whole = self._snapshot
        snapshot = Snapshot(
            list(due.cases),
            {case.id: self._events.get(case.id, []) for case in due.cases},
            whole.overrides,
            dict(whole._regimes),
        )
        today, key = self.today, self._current_key()
        self._agenda_dirty = set()

        def work() -> list[AgendaItem]:
            return agenda_items(snapshot, today, ahead)

        def finish(items: list[AgendaItem]) -> list[AgendaItem] | None:
            if key != self._current_key():
                return None
            dirty, self._agenda_dirty = self._agenda_dirty or set(), None
            self._store_agenda(items, ahead, key)
            if dirty:
                self._update_agenda_for(frozenset(dirty))
            assert self._agenda is not None
            return self._agenda_within(days, self._agenda)

        return work, finish

    def _store_agenda(self, items: list[AgendaItem], days: int, key: tuple[int, dt.date]) -> None:
        self._agenda, self._agenda_days, self._agenda_key = items, days, key

    def _update_agenda_for(self, case_ids: frozenset[int]) -> None:
        """Work out again only these cases' agenda entries (after a change to them)."""
        if self._agenda_dirty is not None:
            self._agenda_dirty |= case_ids
        if self._agenda is None or self._agenda_key != self._current_key():
            return
        days = self._agenda_days
        last = self.today + dt.timedelta(days=days)
        found = (self.model.row_for_case(case_id) for case_id in case_ids)
        rows = [self.model.summary_at(row) for row in found if row is not None]
        due = [
            CaseRow(s.id, s.name, s.reference, s.regime)
            for s in rows
            if any(d.is_open and d.date is not None and d.date <= last for d in s.deadlines)
        ]
        kept = [item for item in self._agenda if item.case_id not in case_ids]
        fresh = agenda_items(self._sub_snapshot(due), self.today, days) if due else []
        merged = kept + fresh
        merged.sort(key=lambda item: (item.deadline.date, item.case_name, item.deadline.key))
        self._agenda = merged

    def refresh(self, case_ids: frozenset[int]) -> bool:
        """Read these cases again and update their rows; False if a full reload is needed
        (too many cases, or regime settings changed)."""
        source = self.source
        if source is None or not case_ids or len(case_ids) > TARGETED_LIMIT:
            return False
        cases, overrides = source.cases(case_ids)
        if overrides != self._snapshot.overrides:
            return False
        for regime_id in {case.regime for case in cases} - set(self.regime_names):
            regime = self._snapshot.regime(regime_id)
            self.regime_names[regime_id] = regime.short_name or regime.name
            self.regime_full_names[regime_id] = regime.name
        self.model.add_regime_names(self.regime_names)
        self._events.update(source.events_for(case_ids))
        if self._stream is not None:
            self._fresh |= case_ids
        summaries = summarise(self._sub_snapshot(cases), self.today)
        present = {case.id for case in cases}
        self.model.update_cases(summaries, removed=case_ids - present)
        known = {case.id for case in self._snapshot.cases} - case_ids
        self._snapshot.cases = [c for c in self._snapshot.cases if c.id in known] + cases
        self._update_agenda_for(case_ids)
        return True


# --------------------------------------------------------------------------- widgets


class EmptyState(QWidget):
    """First run: a welcome and the two ways to begin."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("emptyState")
        heading = QLabel("Welcome to cattool")
        heading.setObjectName("emptyHeading")
        heading.setFont(scaled_font(heading, 2.0, bold=True))
        heading.setAlignment(Qt.AlignmentFlag.AlignCenter)
        text = QLabel(
            "<p>cattool keeps track of a campaign to save an Asset of Community Value: "
            "what has happened, what the law says happens next, and by when.</p>"
            "<p>There are no cases in this database yet. Start your own, or look around "
            "with some example cases first (you can open another database later from "
            "the File menu).</p>"
        )
        text.setObjectName("emptyText")
        text.setWordWrap(True)
        text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        text.setFont(scaled_font(text, 1.15))
        text.setTextFormat(Qt.TextFormat.RichText)
        width = QFontMetrics(text.font()).averageCharWidth() * 64
        text.setFixedWidth(width)
        text.setMinimumHeight(text.heightForWidth(width))

        self.new_button = QPushButton("New case…")
        self.new_button.setObjectName("emptyNewCase")
        self.new_button.setToolTip("Start a case for a building or land your group wants to save")
        self.demo_button = QPushButton("Open demo cases")
        self.demo_button.setObjectName("emptyDemo")
        self.demo_button.setToolTip("Add four example cases at different stages to explore")
        for button in (self.new_button, self.demo_button):
            button.setFont(scaled_font(button, 1.25))
            button.setMinimumSize(220, 56)
            button.setAccessibleName(button.text().rstrip("…"))
        self.new_button.setDefault(True)

        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.new_button)
        buttons.addSpacing(16)
        buttons.addWidget(self.demo_button)
        buttons.addStretch(1)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(48, 48, 48, 48)
        layout.addStretch(2)
        layout.addWidget(heading)
        layout.addSpacing(12)
        centred = QHBoxLayout()
        centred.addStretch(1)
        centred.addWidget(text)
        centred.addStretch(1)
        layout.addLayout(centred)
        layout.addSpacing(28)
        layout.addLayout(buttons)
        layout.addStretch(3)

    def text(self) -> str:
        """Everything the empty state says (for tests and screen readers)."""
        return "\n".join(label.text() for label in self.findChildren(QLabel))


class Dashboard(QWidget):
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
    #: Every summary is known and the agenda is up to date.
    loaded = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.today = dt.date.today()
        self.source: CaseSource | None = None
        self._painted = False
        self._paint_scheduled = False
        self._agenda_stale = True
        self._agenda_serial = 0  # the latest agenda asked of a worker
        self._agenda_pending: tuple[tuple[int, dt.date], int] | None = None  # its key, days
        self._emit_loaded = False  # `loaded` waits for that agenda
        self._restore_sort: tuple[int, Qt.SortOrder] | None = None

        self.case_model = CaseTableModel(self)
        self.case_proxy = CaseFilterProxy(self)
        self.case_proxy.setSourceModel(self.case_model)
        self.loader = PortfolioLoader(self.case_model, self)
        self.loader.finished.connect(self._on_loaded)
        self.agenda_model = AgendaTableModel(self)

        self._build()
        self.case_proxy.rowsInserted.connect(self._on_rows_changed)
        self.case_proxy.rowsRemoved.connect(self._on_rows_changed)
        self.case_proxy.modelReset.connect(self._on_rows_changed)

    # -------------------------------------------------------------- construction

    def _build(self) -> None:
        self.search = QLineEdit()
        self.search.setObjectName("caseSearch")
        self.search.setPlaceholderText("Search cases by name or reference…")
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName("Search cases")
        self.search.setToolTip("Type part of a case's name or reference (Ctrl+F)")
        self.search.textChanged.connect(lambda text: self._filter(search=text))
        self.search.returnPressed.connect(self._focus_table)
        self.search.installEventFilter(self)

        self.stage_filter = self._combo("stageFilter", "Filter by stage", "All stages")
        for key, label in STAGES.items():
            self.stage_filter.addItem(label, key)
        self.stage_filter.currentIndexChanged.connect(
            lambda _i: self._filter(stage=self.stage_filter.currentData() or "")
        )
        self.regime_filter = self._combo("regimeFilter", "Filter by regime", "All regimes")
        self.regime_filter.currentIndexChanged.connect(
            lambda _i: self._filter(regime=self.regime_filter.currentData() or "")
        )
        self.state_filter = self._combo("stateFilter", "Filter by state", "Any state")
        for rag in ("red", "amber", "green"):
            self.state_filter.addItem(rag_icon(rag), rag.capitalize(), rag)
            self.state_filter.setItemData(
                self.state_filter.count() - 1, RAG_WORDS[rag], Qt.ItemDataRole.ToolTipRole
            )
        self.state_filter.currentIndexChanged.connect(
            lambda _i: self._filter(rag=self.state_filter.currentData() or "")
        )
        self.count_label = QLabel()
        self.count_label.setObjectName("caseCount")
        self.count_label.setAccessibleName("Cases shown")

        filters = QHBoxLayout()
        filters.setSpacing(8)
        self.search.setMinimumWidth(self.search.fontMetrics().horizontalAdvance("x" * 18))
        filters.addWidget(self.search, 4)
        filters.addWidget(self.stage_filter, 2)
        filters.addWidget(self.regime_filter, 1)
        filters.addWidget(self.state_filter, 2)
        filters.addSpacing(8)
        filters.addWidget(self.count_label)

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

    def _combo(self, name: str, accessible: str, everything: str) -> QComboBox:
        combo = QComboBox()
        combo.setObjectName(name)
        combo.setAccessibleName(accessible)
        combo.setToolTip(accessible)
        combo.addItem(everything, "")
        # Narrow enough for a small laptop; the list that drops down shows whole names.
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.setMinimumContentsLength(9)
        combo.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        combo.view().setTextElideMode(Qt.TextElideMode.ElideNone)
        return combo

    def _build_agenda(self) -> QWidget:
        box = QFrame()
        box.setObjectName("agendaPanel")
        heading = QLabel("Coming up")
        heading.setFont(scaled_font(heading, 1.25, bold=True))

        self.agenda_days = QSpinBox()
        self.agenda_days.setObjectName("agendaDays")
        self.agenda_days.setRange(1, 366)
        self.agenda_days.setValue(DEFAULT_AGENDA_DAYS)
        self.agenda_days.setSuffix(" days")
        self.agenda_days.setAccessibleName("Agenda: days ahead")
        self.agenda_days.setToolTip("How far ahead the agenda looks")
        self.agenda_days.setKeyboardTracking(False)  # typing "90" does not compute "9"
        self.agenda_days.valueChanged.connect(lambda _v: self.update_agenda())
        within = QLabel("Deadlines in the &next")
        within.setBuddy(self.agenda_days)
        row = QHBoxLayout()
        row.addWidget(within)
        row.addWidget(self.agenda_days)
        row.addStretch(1)

        self.agenda_view = QTableView()
        self.agenda_view.setObjectName("agendaTable")
        self.agenda_view.setAccessibleName("Agenda")
        self.agenda_view.setAccessibleDescription(
            "Deadlines across all cases, soonest first. Press Enter to open the case."
        )
        configure_table(self.agenda_view)
        self.agenda_view.setModel(self.agenda_model)
        # Two lines a row, so a deadline's long label can be read whole.
        self.agenda_view.setWordWrap(True)
        metrics = self.agenda_view.fontMetrics()
        self.agenda_view.verticalHeader().setDefaultSectionSize(metrics.lineSpacing() * 2 + 10)
        for column, sample in (
            (AgendaTableModel.DATE, "Wed 30 Sep 2026"),
            (AgendaTableModel.DAYS, "99 days"),
            (AgendaTableModel.CASE, "The Old Bell, Camden"),
        ):
            extra = 24 if column == AgendaTableModel.DAYS else 0
            self.agenda_view.setColumnWidth(column, metrics.horizontalAdvance(sample) + 20 + extra)
        self.agenda_view.horizontalHeader().setStretchLastSection(True)
        self.agenda_view.clicked.connect(self._open_agenda_index)
        self.agenda_view.installEventFilter(self)

        self.agenda_note = QLabel()
        self.agenda_note.setObjectName("agendaNote")
        self.agenda_note.setAccessibleName("Agenda summary")
        self.agenda_note.setWordWrap(True)

        layout = QVBoxLayout(box)
        layout.setContentsMargins(8, 0, 0, 0)
        layout.addWidget(heading)
        layout.addLayout(row)
        layout.addWidget(self.agenda_view, 1)
        layout.addWidget(self.agenda_note)
        return box

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
        if self._painted:
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
        if self.case_model.rowCount() <= SMALL_PORTFOLIO:
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
        self._refresh_regime_filter()
        self._after_rows_changed(keep)
        if self.loader.is_finished():
            self.update_agenda()

    def _after_rows_changed(self, keep: int | None) -> None:
        count = self.case_model.rowCount()
        self.pages.setCurrentWidget(self.content if count else self.empty_state)
        kept = keep is not None and self.select_case(keep)
        if self.case_proxy.rowCount() and not kept and not self.case_view.currentIndex().isValid():
            select_row(self.case_view, self.case_proxy.index(0, 0))
        self._on_rows_changed()

    def _refresh_regime_filter(self) -> None:
        chosen = self.regime_filter.currentData() or ""
        names = self.loader.regime_full_names
        self.regime_filter.blockSignals(True)
        self.regime_filter.clear()
        self.regime_filter.addItem("All regimes", "")
        for regime_id in sorted(names, key=lambda r: names[r]):
            short = self.loader.regime_names.get(regime_id, regime_id)
            self.regime_filter.addItem(short, regime_id)
            self.regime_filter.setItemData(
                self.regime_filter.count() - 1, names[regime_id], Qt.ItemDataRole.ToolTipRole
            )
        self.regime_filter.setCurrentIndex(max(0, self.regime_filter.findData(chosen)))
        self.regime_filter.blockSignals(False)
        if (self.regime_filter.currentData() or "") != chosen:
            self._filter(regime="")

    def _on_loaded(self) -> None:
        if self._restore_sort is not None:
            column, order = self._restore_sort
            self._restore_sort = None
            self.case_view.sortByColumn(column, order)
        else:
            sort = self.case_model.sort_order()
            if sort is not None and sort[0] in CaseTableModel.DERIVED:
                self.case_model.sort(*sort)
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

    # -------------------------------------------------------------- agenda

    def agenda_items(self, days: int | None = None) -> list[AgendaItem]:
        """The agenda for `days` ahead (default: the spin box) across all cases."""
        if self.source is None:
            return []
        return self.loader.agenda(self.agenda_days.value() if days is None else days)

    def update_agenda(self) -> bool:
        """Show the agenda for the spin box's days; True if it is on screen now.

        Served from the loader's cached agenda when it reaches far enough. Otherwise a
        small portfolio works it out at once; a large one on a worker thread (the old
        agenda stays until the new one is shown; `is_loaded()` is False meanwhile).
        """
        if self.source is None:
            return True
        days = self.agenda_days.value()
        items = self.loader.agenda_cached(days)
        if items is None and self.case_model.rowCount() > SMALL_PORTFOLIO:
            self._agenda_in_background(days)
            return False
        self._show_agenda(self.loader.agenda(days) if items is None else items, days)
        return True

    def _agenda_in_background(self, days: int) -> None:
        from cattool.ui.worker import run_in_background

        self._agenda_stale = True
        wanted = (self.loader._current_key(), days)
        if self._agenda_pending == wanted:
            return  # already on its way (changes meanwhile are patched in when it arrives)
        self._agenda_pending = wanted
        self._agenda_serial += 1
        serial = self._agenda_serial
        work, finish = self.loader.agenda_job(days)

        def done(items: list[AgendaItem]) -> None:
            if serial != self._agenda_serial:
                return  # a newer request is on its way
            self._agenda_pending = None
            shown = finish(items)
            if shown is None:
                return  # another load replaced this one; its own agenda follows
            self._show_agenda(shown, days)
            if self._emit_loaded and self.loader.is_finished():
                self._emit_loaded = False
                self.loaded.emit()

        def failed(exc: Exception) -> None:
            if serial == self._agenda_serial:
                self._agenda_pending = None
            from cattool.ui.worker import show_error

            show_error(self, "Working out the agenda", exc)

        run_in_background(self, "Working out the agenda", work, done, failed, progress=False)

    def _show_agenda(self, items: list[AgendaItem], days: int) -> None:
        self.agenda_model.set_rows(items, self.today)
        self._agenda_stale = False
        if items:
            cases = len({item.case_id for item in items})
            self.agenda_note.setText(
                f"{plural(len(items), 'deadline')} in {plural(cases, 'case')}. "
                "Click one to open the case."
            )
        else:
            self.agenda_note.setText(f"Nothing falls due in the next {plural(days, 'day')}.")

    # -------------------------------------------------------------- filters

    def _filter(self, **changes: str) -> None:
        self.case_proxy.set_filters(**changes)
        self._on_rows_changed()
        if self.case_proxy.rowCount():
            current = self.case_view.currentIndex()
            if not current.isValid():
                select_row(self.case_view, self.case_proxy.index(0, 0))
            else:
                self.case_view.scrollTo(current)

    def set_filters(
        self, *, search: str | None = None, stage: str | None = None,
        regime: str | None = None, state: str | None = None,
    ) -> None:  # fmt: skip
        """Set filters as a user would (the widgets change; None leaves one alone)."""
        if search is not None:
            self.search.setText(search)
        for combo, value in (
            (self.stage_filter, stage),
            (self.regime_filter, regime),
            (self.state_filter, state),
        ):
            if value is not None:
                found = combo.findData(value)
                if found < 0:
                    raise ValueError(f"no filter choice {value!r} in {combo.objectName()}")
                combo.setCurrentIndex(found)

    def clear_filters(self) -> None:
        self.set_filters(search="", stage="", regime="", state="")
        self._focus_table()

    def _on_rows_changed(self, *_args: object) -> None:
        total, shown = self.case_model.rowCount(), self.case_proxy.rowCount()
        if self.case_proxy.is_filtered():
            self.count_label.setText(f"{shown:,} of {plural(total, 'case')}")
        else:
            self.count_label.setText(plural(total, "case"))
        self.table_stack.setCurrentWidget(self.no_match if total and not shown else self.case_view)
        self.countsChanged.emit()

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

    def _open_agenda_index(self, index: QModelIndex) -> None:
        if index.isValid():
            self.openCase.emit(index.data(ID_ROLE), "Deadlines", index.data(KEY_ROLE))

    def open_agenda_row(self, row: int) -> None:
        self._open_agenda_index(self.agenda_model.index(row, 0))

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
        self.shown.emit(self.cases_loaded())
        self.loader.resume()


class Reminders(QObject):
    """The reminders dock (cattool.ui.reminders) beside the dashboard, fed from the
    portfolio the dashboard has already worked out, and the day rolling on at midnight.

    Created with the window; the panel and its scheduler only once every case is known
    (after the first paint), so start-up never waits for them. View → Reminders toggles
    the panel; the window's `reminders_action` is wired here.
    """

    def __init__(self, window, dashboard: Dashboard, today: dt.date, open_case) -> None:  # type: ignore[no-untyped-def]
        super().__init__(window)
        self.window, self.dashboard, self.open_case = window, dashboard, open_case
        self.started_on, self.real_start = today, dt.date.today()
        self.panel = self.scheduler = None
        self.action = window.reminders_action
        self.action.toggled.connect(lambda on: self.panel is not None and self.panel.setVisible(on))
        dashboard.loaded.connect(self.refresh)

    def clock(self) -> dt.date:
        """Today as the window counts it: the start date (which may have been given), moved
        on as the real calendar moves on while the window stays open."""
        return self.started_on + (dt.date.today() - self.real_start)

    def refresh(self) -> None:
        if self.panel is None:
            if self.dashboard.has_shown():
                QTimer.singleShot(0, self, self.start)
        elif self.dashboard.loader.is_finished() and self.scheduler is not None:
            self.scheduler.refresh()

    def start(self) -> None:
        if self.panel is not None:
            return
        from cattool.ui.reminders import ReminderScheduler, RemindersPanel

        window = self.window
        self.panel = panel = RemindersPanel(self.clock(), window)
        window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, panel)
        if not window.restoreDockWidget(panel):
            panel.hide()  # the dashboard's agenda is on screen already
        panel.visibilityChanged.connect(lambda _v: self.action.setChecked(not panel.isHidden()))
        panel.openCase.connect(lambda case_id: self.open_case(case_id, "Deadlines"))
        self.scheduler = ReminderScheduler(panel, self.items, self, clock=self.clock)
        self.scheduler.start()
        self.action.setEnabled(True)
        self.action.setChecked(not panel.isHidden())

    def items(self, days: int) -> list[AgendaItem]:
        """What the reminders show: open deadlines within each case's own horizon.

        Filtered from the dashboard's agenda (worked out once, far enough ahead for
        every horizon, and kept up to date case by case), so a refresh after a change
        does no engine work for the other cases. Same result as `due_items`.
        """
        from cattool.ui.reminders import case_horizons

        today = self.clock()
        if today != self.dashboard.today:  # past midnight: every "days left" moves on
            self.window.set_today(today)
        own = case_horizons()
        loader = self.dashboard.loader
        ahead = max([days, *own.values()])
        loader.extra_days = ahead  # later agendas are worked out this far too
        every = loader.agenda_cached(ahead)
        if every is None:
            every = loader.agenda(ahead)
        return [
            item
            for item in every
            if item.deadline.date is not None
            and (item.deadline.date - today).days <= max(0, own.get(item.case_id, days))
        ]
