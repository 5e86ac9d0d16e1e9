"""The shared base of the Qt item models: roles, traffic-light icons and words, and the
TableModel/RowsModel plumbing every table model builds on.

The models themselves live beside their concern: the case list (case_list_model.py),
its filters (case_filters.py), the agenda (agenda.py) and a case's records
(record_models.py). Models, not a widget per row: `data()` builds each row's display
strings once, on first use (only the rows a view actually paints are ever formatted),
and each model's `set_rows()` swaps the whole list inside beginResetModel/endResetModel.
"""

from __future__ import annotations

import time
from collections import deque
from typing import Any, ClassVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    QRectF,
    Qt,
    QTimer,
)
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap

from cattool.core.dates import days_phrase
from cattool.core.portfolio import AMBER_DAYS
from cattool.core.rules.engine import (
    DEFAULT_HORIZON_DAYS,
    DUE_SOON,
    MET,
    NOT_TRIGGERED,
    PASSED,
    UPCOMING,
    Deadline,
)

AnyIndex = QModelIndex | QPersistentModelIndex

# Custom roles: a sort key per cell, and the id/key of the row's record.
SORT_ROLE = Qt.ItemDataRole.UserRole
ID_ROLE = Qt.ItemDataRole.UserRole + 1
KEY_ROLE = Qt.ItemDataRole.UserRole + 2  # a deadline's key, where a row is one deadline


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


RELEASE_SECONDS = 0.003  # freeing per event-loop turn
_RELEASE_SLICE = 200  # items freed between two looks at the clock
_to_release: deque[list[Any] | dict[Any, Any]] = deque()


def release_later(*containers: list[Any] | dict[Any, Any] | None) -> None:
    """Let go of large lists and dicts a slice per event-loop turn, not all at once.

    Why: a reload replaces 5,000 summaries and 100,000 events, and freeing the old ones
    in one go held the UI thread for 30-40 ms. The containers are emptied, so they must
    belong to the caller alone (nothing else may still read them).
    """
    pending = [c for c in containers if c]
    if not pending:
        return
    if QCoreApplication.instance() is None:  # no event loop to spread the work over
        return
    start = not _to_release
    _to_release.extend(pending)
    if start:
        QTimer.singleShot(0, _release_some)


def _release_some() -> None:
    stop_at = time.perf_counter() + RELEASE_SECONDS
    while _to_release and time.perf_counter() < stop_at:
        container = _to_release[0]
        if isinstance(container, dict):
            for _ in range(min(_RELEASE_SLICE, len(container))):
                container.popitem()
        else:
            del container[-_RELEASE_SLICE:]
        if not container:
            _to_release.popleft()
    if _to_release:
        QTimer.singleShot(0, _release_some)


def release_pending() -> int:
    """How many containers are still waiting to be freed (for tests)."""
    return len(_to_release)


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
