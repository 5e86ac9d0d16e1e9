"""Small helpers shared by the window's views: table set-up, row selection, scaled
fonts and counted words ("1 case", "3 cases").

Their own module so the dashboard, the agenda, the filters, the workspace and the window
can share them without importing one another.
"""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, QTimer
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget


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


def delete_in_turns(widgets: list[QWidget]) -> None:
    """Destroy `widgets` one per turn of the event loop, in order.

    Why: a case workspace with every page built took 60-70 ms of the UI thread to take
    down in one go (Qt destroying thousands of child widgets), a freeze the user saw as
    soon as they opened another database. A page at a time keeps each turn short.
    """
    remaining = list(widgets)

    def next_one() -> None:
        while remaining:
            widget = remaining.pop(0)
            try:
                widget.deleteLater()
            except RuntimeError:  # already gone with its parent
                continue
            break
        if remaining:  # 1 ms, not 0: a 0 ms single shot is a posted event, delivered in
            QTimer.singleShot(1, next_one)  # the same pass as the deletion before it

    QTimer.singleShot(1, next_one)
