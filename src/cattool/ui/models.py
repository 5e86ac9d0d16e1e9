"""Qt item models over the read-only query results: cases, events, deadlines.

Models, not a widget per row: the case list must stay smooth with thousands of cases, so
`data()` does no I/O and builds each row's display strings once, on first use (only the
rows a view actually paints are ever formatted). Each model's `set_rows()` swaps the whole
list inside beginResetModel/endResetModel, which is how the window refreshes after a load.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any, ClassVar, Protocol

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
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
from cattool.core.portfolio import AMBER_DAYS, CaseSummary, EventRecord
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

_DISPLAY = Qt.ItemDataRole.DisplayRole
_TOOLTIP = Qt.ItemDataRole.ToolTipRole
_DECORATION = Qt.ItemDataRole.DecorationRole
_FOREGROUND = Qt.ItemDataRole.ForegroundRole
_BACKGROUND = Qt.ItemDataRole.BackgroundRole
_FONT = Qt.ItemDataRole.FontRole
_ALIGN = Qt.ItemDataRole.TextAlignmentRole
_ACCESSIBLE = Qt.ItemDataRole.AccessibleTextRole

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

# Row styles for deadlines: (foreground, background); None keeps the palette's colour.
_PASSED_STYLE = (QColor("#9b1c1c"), QColor("#fbe4e4"))
_DUE_SOON_STYLE = (QColor("#6b4500"), QColor("#ffefc2"))
_GREY = QColor("#767676")


def days_text(days: int | None) -> str:
    """'12 days', 'tomorrow', 'today', '3 days ago': how people say it at a meeting."""
    return days_phrase(days)


def deadline_label(deadline: Deadline) -> str:
    """The deadline's label, marked when the rule behind it is not settled in law."""
    return f"{deadline.label} (provisional)" if deadline.provisional else deadline.label


class _RagIcons:
    """One small filled circle per traffic-light colour, drawn once (needs a QGuiApplication)."""

    _icons: ClassVar[dict[str, QIcon]] = {}

    @classmethod
    def get(cls, rag: str) -> QIcon:
        icon = cls._icons.get(rag)
        if icon is None:
            size = 14
            pixmap = QPixmap(size, size)
            pixmap.fill(Qt.GlobalColor.transparent)
            painter = QPainter(pixmap)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(RAG_COLOURS.get(rag, "#9e9e9e")))
            painter.drawEllipse(1, 1, size - 2, size - 2)
            painter.end()
            icon = QIcon()
            # The same pixmap when selected: styles otherwise tint it and amber turns olive.
            for mode in (QIcon.Mode.Normal, QIcon.Mode.Selected, QIcon.Mode.Active):
                icon.addPixmap(pixmap, mode)
            cls._icons[rag] = icon
        return icon


class _TableModel(QAbstractTableModel):
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


class CaseTableModel(_TableModel):
    """Every case with its regime, stage and next deadline, from `portfolio.summarise`."""

    CASE, REGIME, STAGE, NEXT, DAYS = range(5)
    HEADERS = ("Case", "Regime", "Stage", "Next deadline", "Days left")

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[CaseSummary] = []
        self._regime_names: Mapping[str, str] = {}
        self._display: list[tuple[str, str, str, str, str] | None] = []
        self._row_of: dict[int, int] | None = None

    def set_rows(
        self, rows: Sequence[CaseSummary], regime_names: Mapping[str, str] | None = None
    ) -> None:
        """Replace all cases; `regime_names` maps regime ids to their short names."""
        self.beginResetModel()
        self._rows = list(rows)
        if regime_names is not None:
            self._regime_names = dict(regime_names)
        self._display = [None] * len(self._rows)
        self._row_of = None
        self.endResetModel()

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def summary_at(self, row: int) -> CaseSummary:
        return self._rows[row]

    def summaries(self) -> list[CaseSummary]:
        return list(self._rows)

    def row_for_case(self, case_id: int) -> int | None:
        if self._row_of is None:
            self._row_of = {summary.id: row for row, summary in enumerate(self._rows)}
        return self._row_of.get(case_id)

    def _strings(self, row: int) -> tuple[str, str, str, str, str]:
        cached = self._display[row]
        if cached is None:
            summary = self._rows[row]
            upcoming = summary.next_deadline
            if upcoming is not None and upcoming.date is not None:
                next_text = f"{format_date_short(upcoming.date)} · {deadline_label(upcoming)}"
                left = days_text(upcoming.days_left)
            else:
                next_text = left = "—"
            cached = self._display[row] = (
                summary.name,
                self._regime_names.get(summary.regime, summary.regime),
                summary.stage_label,
                next_text,
                left,
            )
        return cached

    def _sort_key(self, row: int, column: int) -> Any:
        """Ordering for `column`: names alphabetically, deadlines soonest first (none last)."""
        summary = self._rows[row]
        name = summary.name.casefold()
        if column == self.CASE:
            return (name, summary.id)
        if column == self.REGIME:
            return (self._regime_names.get(summary.regime, summary.regime).casefold(), name)
        if column == self.STAGE:
            return (summary.stage_label.casefold(), name)
        upcoming = summary.next_deadline
        date = upcoming.date if upcoming is not None else None
        return (date is None, date or dt.date.max, name)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort in one Python call (a proxy's sort would call `data()` n·log n times).

        Selections and other persistent indexes follow their rows.
        """
        if not 0 <= column < len(self.HEADERS) or not self._rows:
            return
        self.layoutAboutToBeChanged.emit()
        descending = order == Qt.SortOrder.DescendingOrder
        new_order = sorted(
            range(len(self._rows)), key=lambda r: self._sort_key(r, column), reverse=descending
        )
        new_row = {old: new for new, old in enumerate(new_order)}
        self._rows = [self._rows[old] for old in new_order]
        self._display = [self._display[old] for old in new_order]
        self._row_of = None
        before = self.persistentIndexList()
        after = [self.index(new_row[index.row()], index.column()) for index in before]
        self.changePersistentIndexList(before, after)
        self.layoutChanged.emit()

    def data(self, index: AnyIndex, role: int = _DISPLAY) -> Any:
        if not index.isValid():
            return None
        row, column = index.row(), index.column()
        if role == _DISPLAY:
            if column == self.CASE:
                return self._rows[row].name  # what the search filter reads: no formatting
            return self._strings(row)[column]
        if role == SORT_ROLE:
            return self._sort_key(row, column)
        if role == ID_ROLE:
            return self._rows[row].id
        if column == self.DAYS:
            summary = self._rows[row]
            if summary.next_deadline is None:
                if role == _TOOLTIP:
                    return "No open deadline"
                return None
            if role == _DECORATION:
                return _RagIcons.get(summary.rag)
            if role in (_TOOLTIP, _ACCESSIBLE):
                return f"{RAG_WORDS.get(summary.rag, summary.rag)}: {self._strings(row)[4]}"
        elif role == _TOOLTIP:
            summary = self._rows[row]
            if column == self.CASE and summary.reference:
                return f"{summary.name} (ref. {summary.reference})"
            return self._strings(row)[column]  # the whole text where a column elides it
        return None


class CaseFilterProxy(QSortFilterProxyModel):
    """Filters cases by name; sorting is passed to CaseTableModel, which does it quickly."""

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        source = self.sourceModel()
        if column >= 0 and source is not None:
            source.sort(column, order)


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


class EventTableModel(_TableModel):
    """A case's events in date order: the facts every deadline is counted from."""

    DATE, EVENT, NOTE = range(3)
    HEADERS = ("Date", "Event", "Note")

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[EventLike] = []
        self._display: list[tuple[str, str, str]] = []

    def set_rows(self, rows: Sequence[EventLike]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self._display = [
            (format_date_long(e.date), event_label(e.kind), " ".join(e.note.split()))
            for e in self._rows
        ]
        self.endResetModel()

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

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


class DeadlineTableModel(_TableModel):
    """A case's deadlines, coloured by status so the urgent ones stand out."""

    DEADLINE, DATE, STATUS, DAYS = range(4)
    HEADERS = ("Deadline", "Date", "Status", "Days left")

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[Deadline] = []
        self._display: list[tuple[str, str, str, str]] = []
        self._italic = QFont()
        self._italic.setItalic(True)

    def set_rows(self, rows: Sequence[Deadline]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self._display = [self._strings(d) for d in self._rows]
        self.endResetModel()

    @staticmethod
    def _strings(deadline: Deadline) -> tuple[str, str, str, str]:
        date = format_date_short(deadline.date) if deadline.date else "—"
        status = STATUS_WORDS.get(deadline.status, deadline.status)
        days = "" if deadline.status in (MET, NOT_TRIGGERED) else days_text(deadline.days_left)
        return deadline_label(deadline), date, status, days

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

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
                return QBrush(_PASSED_STYLE[0])
            if status == DUE_SOON:
                return QBrush(_DUE_SOON_STYLE[0])
            if status in (MET, NOT_TRIGGERED):
                return QBrush(_GREY)
            return None
        if role == _BACKGROUND:
            if status == PASSED:
                return QBrush(_PASSED_STYLE[1])
            if status == DUE_SOON:
                return QBrush(_DUE_SOON_STYLE[1])
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
