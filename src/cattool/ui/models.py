"""Qt item models over the read-only query results: cases, the agenda, events, deadlines.

Models, not a widget per row: the case list must stay smooth with thousands of cases, so
`data()` builds each row's display strings once, on first use (only the rows a view
actually paints are ever formatted), and the case list works out a row's stage and
deadlines only when it is first needed (see CaseTableModel). Each model's `set_rows()`
swaps the whole list inside beginResetModel/endResetModel.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, ClassVar, Protocol

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QRectF,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QBrush, QColor, QFont, QIcon, QPainter, QPixmap

from cattool.core.dates import (
    days_phrase,
    format_date_long,
    format_date_short,
    format_date_weekday_long,
)
from cattool.core.portfolio import (
    AMBER_DAYS,
    AgendaItem,
    CaseRow,
    CaseSummary,
    EventRecord,
    rag_state,
)
from cattool.core.rules.engine import (
    DEFAULT_HORIZON_DAYS,
    DUE_SOON,
    MET,
    NOT_TRIGGERED,
    PASSED,
    UPCOMING,
    Deadline,
)
from cattool.core.rules.events import event_label

AnyIndex = QModelIndex | QPersistentModelIndex

# Custom roles: a sort key per cell, and the id/key of the row's record.
SORT_ROLE = Qt.ItemDataRole.UserRole
ID_ROLE = Qt.ItemDataRole.UserRole + 1
KEY_ROLE = Qt.ItemDataRole.UserRole + 2  # a deadline's key, where a row is one deadline

CaseLike = CaseRow | CaseSummary  # what a case row needs before and after its summary
Fill = Callable[[list[CaseLike]], list[CaseSummary]]

_DISPLAY = Qt.ItemDataRole.DisplayRole
_TOOLTIP = Qt.ItemDataRole.ToolTipRole
_DECORATION = Qt.ItemDataRole.DecorationRole
_FOREGROUND = Qt.ItemDataRole.ForegroundRole
_BACKGROUND = Qt.ItemDataRole.BackgroundRole
_FONT = Qt.ItemDataRole.FontRole
_ALIGN = Qt.ItemDataRole.TextAlignmentRole
_ACCESSIBLE = Qt.ItemDataRole.AccessibleTextRole
_ROOT = QModelIndex()

# Traffic-light colours: strong enough to see across a room, paired with text for
# anyone who cannot tell red from green.
RAG_COLOURS = {"red": "#c62828", "amber": "#ef9f00", "green": "#2e7d32"}
RAG_WORDS = {
    "red": f"Red: due within {DEFAULT_HORIZON_DAYS} days",
    "amber": f"Amber: due within {AMBER_DAYS // 7} weeks",
    "green": "Green: more than six weeks away",
}

STATUS_WORDS = {
    UPCOMING: "Upcoming",
    DUE_SOON: "Due soon",
    PASSED: "Passed",
    MET: "Met",
    NOT_TRIGGERED: "Not triggered",
}

# Row styles for deadlines: (foreground, background), for light and for dark themes.
_PASSED_STYLE = (QColor("#9b1c1c"), QColor("#fbe4e4"))
_DUE_SOON_STYLE = (QColor("#6b4500"), QColor("#ffefc2"))
_GREY = QColor("#767676")
_PASSED_DARK = (QColor("#ffb4ab"), QColor("#4a1c1c"))
_DUE_SOON_DARK = (QColor("#ffd98a"), QColor("#4a3a12"))
_GREY_DARK = QColor("#9a9a9a")


def _dark_palette() -> bool:
    from PySide6.QtGui import QGuiApplication, QPalette

    if QGuiApplication.instance() is None:
        return False
    return QGuiApplication.palette().color(QPalette.ColorRole.Base).lightness() < 128


def days_text(days: int | None) -> str:
    """'12 days', 'tomorrow', 'today', '3 days ago': how people say it at a meeting."""
    return days_phrase(days)


def deadline_label(deadline: Deadline) -> str:
    """The deadline's label, marked when the rule behind it is not settled in law."""
    return f"{deadline.label} (provisional)" if deadline.provisional else deadline.label


class _RagIcons:
    """One small filled circle per traffic-light colour, drawn once (needs a QGuiApplication).

    Drawn at 1×, 2× and 3× so it stays crisp on high-DPI screens.
    """

    _icons: ClassVar[dict[str, QIcon]] = {}
    SIZE = 14

    @classmethod
    def get(cls, rag: str) -> QIcon:
        icon = cls._icons.get(rag)
        if icon is None:
            icon = QIcon()
            for scale in (1, 2, 3):
                pixmap = QPixmap(cls.SIZE * scale, cls.SIZE * scale)
                pixmap.setDevicePixelRatio(scale)
                pixmap.fill(Qt.GlobalColor.transparent)
                painter = QPainter(pixmap)
                painter.setRenderHint(QPainter.RenderHint.Antialiasing)
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(QColor(RAG_COLOURS.get(rag, "#9e9e9e")))
                painter.drawEllipse(QRectF(1, 1, cls.SIZE - 2, cls.SIZE - 2))
                painter.end()
                # The same pixmap when selected: styles otherwise tint it and amber turns olive.
                for mode in (QIcon.Mode.Normal, QIcon.Mode.Selected, QIcon.Mode.Active):
                    icon.addPixmap(pixmap, mode)
            cls._icons[rag] = icon
        return icon


def rag_icon(rag: str) -> QIcon:
    """The red, amber or green light (a filled circle) the case list shows."""
    return _RagIcons.get(rag)


class TableModel(QAbstractTableModel):
    """Shared plumbing: fixed headers and column count.

    `flags()` is deliberately not overridden: the C++ default (enabled, selectable) is
    right for read-only rows and saves a Python call per painted cell.
    """

    HEADERS: ClassVar[tuple[str, ...]] = ()

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = _DISPLAY) -> Any:
        if (
            role == _DISPLAY
            and orientation == Qt.Orientation.Horizontal
            and 0 <= section < len(self.HEADERS)
        ):
            return self.HEADERS[section]
        return None


class RowsModel(TableModel):
    """A TableModel over a list of plain records (`_rows`), one per row: the common case."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[Any] = []

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def row_at(self, row: int) -> Any:
        return self._rows[row]

    def row_for_id(self, record_id: int) -> int | None:
        """The row of the record whose `id` is `record_id` (None when it is not shown)."""
        return next((r for r, item in enumerate(self._rows) if item.id == record_id), None)


class CaseTableModel(TableModel):
    """Every case with its regime, stage and next deadline, from `portfolio.summarise`.

    Rows can arrive before their summaries (`set_cases`): the name and regime are known
    at once, and a row's stage and deadlines are worked out by the `fill` callback the
    first time anything asks for them, together with the rows after it (a screenful at a
    time). So a view paints its first rows after computing only those, and the rest can
    be filled later with `add_summaries` without telling the views (nothing has shown
    them yet). Sorting or filtering by a derived column fills every row first.
    """

    CASE, REGIME, STAGE, NEXT, DAYS = range(5)
    HEADERS = ("Case", "Regime", "Stage", "Next deadline", "Days left")
    DERIVED = frozenset({STAGE, NEXT, DAYS})
    PREFETCH = 64  # rows filled together: a screenful and some

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._cases: list[CaseLike] = []
        self._summaries: list[CaseSummary | None] = []
        self._missing = 0
        self._fill: Fill | None = None
        self._regime_names: Mapping[str, str] = {}
        self._display: list[tuple[str, str, str, str, str] | None] = []
        self._search_keys: list[str] | None = None
        self._row_of: dict[int, int] | None = None
        self._sorted: tuple[int, Qt.SortOrder] | None = None

    # ------------------------------------------------------------------ filling

    def set_rows(
        self, rows: Sequence[CaseSummary], regime_names: Mapping[str, str] | None = None
    ) -> None:
        """Replace all cases with finished summaries; `regime_names`: ids to short names."""
        self._reset(list(rows), list(rows), regime_names, None)

    def set_cases(
        self,
        cases: Sequence[CaseLike],
        regime_names: Mapping[str, str] | None = None,
        fill: Fill | None = None,
    ) -> None:
        """Replace all cases; their summaries come from `fill(cases)` when first needed."""
        self._reset(list(cases), [None] * len(cases), regime_names, fill)

    def _reset(
        self,
        cases: list[CaseLike],
        summaries: list[CaseSummary | None],
        regime_names: Mapping[str, str] | None,
        fill: Fill | None,
    ) -> None:
        self.beginResetModel()
        self._cases = cases
        self._summaries = summaries
        self._missing = sum(1 for s in summaries if s is None)
        self._fill = fill
        if regime_names is not None:
            self._regime_names = dict(regime_names)
        self._display = [None] * len(cases)
        self._search_keys = None
        self._row_of = None
        self.endResetModel()
        if self._sorted is not None and (not self._missing or self._sorted[0] not in self.DERIVED):
            self.sort(*self._sorted)

    def sort_order(self) -> tuple[int, Qt.SortOrder] | None:
        """The last column and order sorted by (None: the database's name order)."""
        return self._sorted

    def add_summaries(self, summaries: Iterable[CaseSummary]) -> None:
        """Fill rows still waiting for their summaries (others are left as they are).

        Silent: a row without a summary has never been drawn, sorted or filtered on.
        """
        row_of = self._rows_by_id()
        for summary in summaries:
            row = row_of.get(summary.id)
            if row is not None and self._summaries[row] is None:
                self._summaries[row] = summary
                self._missing -= 1

    def add_regime_names(self, regime_names: Mapping[str, str]) -> None:
        """Short names for regimes seen since `set_cases` (a new case's, say)."""
        self._regime_names = {**self._regime_names, **regime_names}

    def has_summary(self, row: int) -> bool:
        return self._summaries[row] is not None

    def missing_count(self) -> int:
        """How many rows have no summary yet."""
        return self._missing

    def missing_cases(self) -> list[CaseLike]:
        return [c for c, s in zip(self._cases, self._summaries, strict=True) if s is None]

    def ensure_all(self) -> None:
        """Work out every summary still missing (before a sort or filter that needs them)."""
        if self._missing and self._fill is not None:
            self._fill_cases(self.missing_cases())

    def _fill_cases(self, cases: list[CaseLike]) -> None:
        assert self._fill is not None
        self.add_summaries(self._fill(cases))

    def _fill_from(self, row: int) -> CaseSummary:
        """Fill `row` and the next rows without summaries (a screenful), return `row`'s."""
        if self._fill is None:
            raise LookupError(f"row {row} has no summary and nothing can work it out")
        end = min(len(self._cases), row + self.PREFETCH)
        wanted = [self._cases[r] for r in range(row, end) if self._summaries[r] is None]
        if len(wanted) < self.PREFETCH // 2:  # near the end: take rows above too
            start = max(0, row - self.PREFETCH)
            wanted += [self._cases[r] for r in range(start, row) if self._summaries[r] is None]
        self._fill_cases(wanted)
        summary = self._summaries[row]
        assert summary is not None, f"no summary for case {self._cases[row].id}"
        return summary

    def update_cases(self, summaries: Sequence[CaseSummary], removed: Iterable[int] = ()) -> None:
        """Replace or add these cases' rows and drop `removed` ones, telling the views."""
        for case_id in removed:
            row = self.row_for_case(case_id)
            if row is None:
                continue
            self.beginRemoveRows(QModelIndex(), row, row)
            if self._summaries[row] is None:
                self._missing -= 1
            for column in (self._cases, self._summaries, self._display):
                del column[row]
            if self._search_keys is not None:
                del self._search_keys[row]
            self._row_of = None
            self.endRemoveRows()
        for summary in summaries:
            row = self.row_for_case(summary.id)
            if row is None:
                row = len(self._cases)
                self.beginInsertRows(QModelIndex(), row, row)
                self._cases.append(summary)
                self._summaries.append(summary)
                self._display.append(None)
                if self._search_keys is not None:
                    self._search_keys.append(_search_key(summary))
                self._row_of = None
                self.endInsertRows()
                continue
            if self._summaries[row] is None:
                self._missing -= 1
            self._cases[row] = summary
            self._summaries[row] = summary
            self._display[row] = None
            if self._search_keys is not None:
                self._search_keys[row] = _search_key(summary)
            self.dataChanged.emit(self.index(row, 0), self.index(row, len(self.HEADERS) - 1))
        if summaries and self._sorted is not None:
            self.sort(*self._sorted)  # a new or renamed case goes where the order says
        elif summaries:
            self._sort_by_name()

    def _sort_by_name(self) -> None:
        if any(self._key_name(r) > self._key_name(r + 1) for r in range(len(self._cases) - 1)):
            self._reorder(sorted(range(len(self._cases)), key=self._key_name))

    def _key_name(self, row: int) -> tuple[str, int]:
        case = self._cases[row]
        return (case.name, case.id)

    # ------------------------------------------------------------------ reading

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._cases)

    def case_at(self, row: int) -> CaseLike:
        """The case's id, name, reference and regime (never computes anything)."""
        return self._cases[row]

    def summary_at(self, row: int) -> CaseSummary:
        return self._summaries[row] or self._fill_from(row)

    def summaries(self) -> list[CaseSummary]:
        """Every row's summary (fills the missing ones first)."""
        self.ensure_all()
        return [s for s in self._summaries if s is not None]

    def row_for_case(self, case_id: int) -> int | None:
        return self._rows_by_id().get(case_id)

    def _rows_by_id(self) -> dict[int, int]:
        if self._row_of is None:
            self._row_of = {case.id: row for row, case in enumerate(self._cases)}
        return self._row_of

    def regime_name(self, regime_id: str) -> str:
        return self._regime_names.get(regime_id, regime_id)

    def accepts(self, row: int, search: str, regime: str, stage: str, rag: str) -> bool:
        """Whether `row` passes the dashboard's filters (empty strings let everything by).

        `search` must already be case-folded; it matches the name or the reference.
        """
        if search:
            if self._search_keys is None:
                self._search_keys = [_search_key(case) for case in self._cases]
            if search not in self._search_keys[row]:
                return False
        if regime and self._cases[row].regime != regime:
            return False
        if stage or rag:
            summary = self.summary_at(row)
            if stage and summary.stage != stage:
                return False
            if rag and summary.rag != rag:
                return False
        return True

    def _strings(self, row: int) -> tuple[str, str, str, str, str]:
        cached = self._display[row]
        if cached is None:
            summary = self.summary_at(row)
            upcoming = summary.next_deadline
            if upcoming is not None and upcoming.date is not None:
                next_text = f"{format_date_short(upcoming.date)} · {deadline_label(upcoming)}"
                left = days_text(upcoming.days_left)
            else:
                next_text = left = "—"
            cached = self._display[row] = (
                summary.name,
                self.regime_name(summary.regime),
                summary.stage_label,
                next_text,
                left,
            )
        return cached

    def _sort_key(self, row: int, column: int) -> Any:
        """Ordering for `column`: names alphabetically, deadlines soonest first (none last)."""
        case = self._cases[row]
        name = case.name.casefold()
        if column == self.CASE:
            return (name, case.id)
        if column == self.REGIME:
            return (self.regime_name(case.regime).casefold(), name)
        summary = self.summary_at(row)
        if column == self.STAGE:
            return (summary.stage_label.casefold(), name)
        upcoming = summary.next_deadline
        date = upcoming.date if upcoming is not None else None
        return (date is None, date or dt.date.max, name)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort in one Python call (a proxy's sort would call `data()` n·log n times).

        Selections and other persistent indexes follow their rows.
        """
        if not 0 <= column < len(self.HEADERS):
            return
        self._sorted = (column, order)
        if not self._cases:
            return
        if column in self.DERIVED:
            self.ensure_all()
        keys = [self._sort_key(r, column) for r in range(len(self._cases))]
        descending = order == Qt.SortOrder.DescendingOrder
        self._reorder(sorted(range(len(keys)), key=keys.__getitem__, reverse=descending))

    def _reorder(self, new_order: list[int]) -> None:
        self.layoutAboutToBeChanged.emit()
        new_row = {old: new for new, old in enumerate(new_order)}
        self._cases = [self._cases[old] for old in new_order]
        self._summaries = [self._summaries[old] for old in new_order]
        self._display = [self._display[old] for old in new_order]
        if self._search_keys is not None:
            self._search_keys = [self._search_keys[old] for old in new_order]
        self._row_of = None
        before = self.persistentIndexList()
        after = [self.index(new_row[index.row()], index.column()) for index in before]
        self.changePersistentIndexList(before, after)
        self.layoutChanged.emit()

    # Painting asks for about eight roles per cell. `multiData` answers them in one call
    # (the proxy below passes it on), and `index` skips QAbstractTableModel's check, which
    # would call rowCount() and columnCount() back in Python for every cell: together the
    # difference between a frame inside 16 ms and one well over it with 5,000 cases.

    def index(self, row: int, column: int, parent: AnyIndex = _ROOT) -> QModelIndex:
        if parent.isValid() or not (0 <= row < len(self._cases) and 0 <= column < 5):
            return QModelIndex()
        return self.createIndex(row, column)

    def multiData(self, index: AnyIndex, roleDataSpan: Any) -> None:
        if index.isValid():
            self.fill_roles(index.row(), index.column(), roleDataSpan)

    def fill_roles(self, row: int, column: int, span: Any) -> None:
        """Answer every role asked for in a QModelRoleDataSpan for one cell."""
        for i in range(len(span)):
            item = span[i]
            value = self.value(row, column, item.role())
            if value is None:
                item.clearData()  # views reuse the span: never leave the last cell's value
            else:
                item.setData(value)

    def data(self, index: AnyIndex, role: int = _DISPLAY) -> Any:
        if not index.isValid():
            return None
        return self.value(index.row(), index.column(), role)

    def value(self, row: int, column: int, role: int) -> Any:
        """What `data()` returns for the cell at (row, column)."""
        if role == _DISPLAY:
            if column == self.CASE:
                return self._cases[row].name
            if column == self.REGIME:
                return self.regime_name(self._cases[row].regime)
            return self._strings(row)[column]
        if role == ID_ROLE:
            return self._cases[row].id
        if role == SORT_ROLE:
            return self._sort_key(row, column)
        if column == self.DAYS:
            summary = self.summary_at(row)
            if summary.next_deadline is None:
                if role in (_TOOLTIP, _ACCESSIBLE):
                    return "No open deadline"
                return None
            if role == _DECORATION:
                return _RagIcons.get(summary.rag)
            if role in (_TOOLTIP, _ACCESSIBLE):
                return f"{RAG_WORDS.get(summary.rag, summary.rag)}: {self._strings(row)[4]}"
        elif role == _TOOLTIP:
            case = self._cases[row]
            if column == self.CASE:
                return f"{case.name} (ref. {case.reference})" if case.reference else case.name
            if column == self.REGIME:
                return self.regime_name(case.regime)
            return self._strings(row)[column]  # the whole text where a column elides it
        return None


def _search_key(case: CaseLike) -> str:
    return f"{case.name}\n{case.reference or ''}".casefold()


class CaseFilterProxy(QSortFilterProxyModel):
    """The dashboard's filters: search text (name or reference), regime, stage, state.

    Sorting is passed to CaseTableModel, which does it quickly; filtering reads the
    model's rows directly rather than through `data()`.
    """

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._search = ""
        self._regime = ""
        self._stage = ""
        self._rag = ""
        self._model: CaseTableModel | None = None

    def set_filters(
        self,
        *,
        search: str | None = None,
        regime: str | None = None,
        stage: str | None = None,
        rag: str | None = None,
    ) -> None:
        """Change some filters (None leaves one as it is; "" switches it off)."""
        new = (
            self._search if search is None else search.strip().casefold(),
            self._regime if regime is None else regime,
            self._stage if stage is None else stage,
            self._rag if rag is None else rag,
        )
        if new == (self._search, self._regime, self._stage, self._rag):
            return
        model = self.sourceModel()
        if (new[2] or new[3]) and isinstance(model, CaseTableModel):
            model.ensure_all()  # in one go, not row by row inside the filter
        self.beginFilterChange()
        self._search, self._regime, self._stage, self._rag = new
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def setFilterFixedString(self, pattern: str) -> None:  # type: ignore[override]
        """The search text (kept for callers of the plain proxy API)."""
        self.set_filters(search=pattern)

    def filters(self) -> dict[str, str]:
        return {"search": self._search, "regime": self._regime, "stage": self._stage,
                "rag": self._rag}  # fmt: skip

    def is_filtered(self) -> bool:
        return any((self._search, self._regime, self._stage, self._rag))

    def setSourceModel(self, model: Any) -> None:
        super().setSourceModel(model)
        self._model = model if isinstance(model, CaseTableModel) else None

    def multiData(self, index: AnyIndex, roleDataSpan: Any) -> None:
        """All roles of a cell in one call (QSortFilterProxyModel would ask one by one)."""
        if self._model is None:
            super().multiData(index, roleDataSpan)
        elif index.isValid():
            source = self.mapToSource(index)
            self._model.fill_roles(source.row(), source.column(), roleDataSpan)

    def filterAcceptsRow(self, source_row: int, _source_parent: AnyIndex) -> bool:
        if not (self._search or self._regime or self._stage or self._rag):
            return True
        model = self.sourceModel()
        assert isinstance(model, CaseTableModel)
        return model.accepts(source_row, self._search, self._regime, self._stage, self._rag)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        source = self.sourceModel()
        if column >= 0 and source is not None:
            source.sort(column, order)


class AgendaTableModel(RowsModel):
    """Deadlines across every case in the next N days, soonest first."""

    DATE, DAYS, CASE, DEADLINE = range(4)
    HEADERS = ("Date", "Days left", "Case", "Deadline")
    _rows: list[AgendaItem]

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._display: list[tuple[str, str, str, str]] = []

    def set_rows(self, rows: Sequence[AgendaItem], today: dt.date | None = None) -> None:
        """Show `rows`; dates in `today`'s year leave the year out (it is plain)."""
        self.beginResetModel()
        self._rows = list(rows)

        def when(date: dt.date | None) -> str:
            if date is None:
                return "—"
            text = format_date_short(date)
            return text.rsplit(" ", 1)[0] if today is not None and date.year == today.year else text

        self._display = [
            (
                when(item.deadline.date),
                days_text(item.deadline.days_left),
                item.case_name,
                deadline_label(item.deadline),
            )
            for item in self._rows
        ]
        self.endResetModel()

    def item_at(self, row: int) -> AgendaItem:
        return self._rows[row]

    def items(self) -> list[AgendaItem]:
        return list(self._rows)

    def data(self, index: AnyIndex, role: int = _DISPLAY) -> Any:
        if not index.isValid():
            return None
        row, column = index.row(), index.column()
        if role == _DISPLAY:
            return self._display[row][column]
        item = self._rows[row]
        if role == ID_ROLE:
            return item.case_id
        if role == KEY_ROLE:
            return item.deadline.key
        if role == _DECORATION and column == self.DAYS:
            return _RagIcons.get(rag_state(item.deadline))
        if role in (_TOOLTIP, _ACCESSIBLE):
            deadline = item.deadline
            when = format_date_weekday_long(deadline.date) if deadline.date else ""
            text = f"{item.case_name}: {deadline_label(deadline)}, {when} ({self._display[row][1]})"
            if role == _TOOLTIP:
                return f"{text}\nClick to open the case at its deadlines."
            return text
        return None


class EventLike(Protocol):
    """What the events table needs from an Event row (an ORM object or an EventRow)."""

    @property
    def id(self) -> int: ...
    @property
    def kind(self) -> str: ...
    @property
    def date(self) -> dt.date: ...
    @property
    def note(self) -> str: ...


EventRow = EventRecord  # the events table shows core records as they are


class EventTableModel(RowsModel):
    """A case's events in date order: the facts every deadline is counted from."""

    DATE, EVENT, NOTE = range(3)
    HEADERS = ("Date", "Event", "Note")
    _rows: list[EventLike]

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._display: list[tuple[str, str, str]] = []

    def set_rows(self, rows: Sequence[EventLike]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self._display = [
            (format_date_long(e.date), event_label(e.kind), " ".join(e.note.split()))
            for e in self._rows
        ]
        self.endResetModel()

    def event_at(self, row: int) -> EventLike:
        return self._rows[row]

    def data(self, index: AnyIndex, role: int = _DISPLAY) -> Any:
        if not index.isValid():
            return None
        row, column = index.row(), index.column()
        if role == _DISPLAY:
            return self._display[row][column]
        if role == ID_ROLE:
            return self._rows[row].id
        if role == _TOOLTIP:
            event = self._rows[row]
            if column == self.DATE:
                return format_date_weekday_long(event.date)
            if column == self.NOTE:
                return event.note or None
            return self._display[row][column]
        return None


class DeadlineTableModel(RowsModel):
    """A case's deadlines, coloured by status so the urgent ones stand out."""

    DEADLINE, DATE, STATUS, DAYS = range(4)
    HEADERS = ("Deadline", "Date", "Status", "Days left")
    _rows: list[Deadline]

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._display: list[tuple[str, str, str, str]] = []
        self._italic = QFont()
        self._italic.setItalic(True)
        self._passed, self._due_soon, self._grey = _PASSED_STYLE, _DUE_SOON_STYLE, _GREY

    def set_rows(self, rows: Sequence[Deadline]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self._display = [self._strings(d) for d in self._rows]
        dark = _dark_palette()  # the theme in use now (it can change while the app runs)
        self._passed = _PASSED_DARK if dark else _PASSED_STYLE
        self._due_soon = _DUE_SOON_DARK if dark else _DUE_SOON_STYLE
        self._grey = _GREY_DARK if dark else _GREY
        self.endResetModel()

    @staticmethod
    def _strings(deadline: Deadline) -> tuple[str, str, str, str]:
        date = format_date_short(deadline.date) if deadline.date else "—"
        status = STATUS_WORDS.get(deadline.status, deadline.status)
        days = "" if deadline.status in (MET, NOT_TRIGGERED) else days_text(deadline.days_left)
        return deadline_label(deadline), date, status, days

    def deadline_at(self, row: int) -> Deadline:
        return self._rows[row]

    def deadlines(self) -> list[Deadline]:
        return list(self._rows)

    def row_for_key(self, key: str) -> int | None:
        for row, deadline in enumerate(self._rows):
            if deadline.key == key:
                return row
        return None

    def data(self, index: AnyIndex, role: int = _DISPLAY) -> Any:
        if not index.isValid():
            return None
        row, column = index.row(), index.column()
        if role == _DISPLAY:
            return self._display[row][column]
        status = self._rows[row].status
        if status == PASSED and self._rows[row].who in ("owner", "nobody"):
            # The owner's closed window or a period that has ended is history, not an
            # alarm; red is for dates the group missed or the council is late on.
            status = MET
        if role == _FOREGROUND:
            if status == PASSED:
                return QBrush(self._passed[0])
            if status == DUE_SOON:
                return QBrush(self._due_soon[0])
            if status in (MET, NOT_TRIGGERED):
                return QBrush(self._grey)
            return None
        if role == _BACKGROUND:
            if status == PASSED:
                return QBrush(self._passed[1])
            if status == DUE_SOON:
                return QBrush(self._due_soon[1])
            return None
        if role == _FONT:
            return self._italic if status == NOT_TRIGGERED else None
        if role == ID_ROLE:
            return self._rows[row].key
        if role == _TOOLTIP:
            deadline = self._rows[row]
            if column == self.DATE and deadline.date:
                return format_date_weekday_long(deadline.date)
            if column == self.STATUS and deadline.met_on:
                return f"Met on {format_date_weekday_long(deadline.met_on)}"
            return f"{deadline_label(deadline)}\n\n{deadline.explanation}".strip()
        return None
