"""History: who changed what in this case and when, read from the audit trail, with the
deadline-control log (the changes to the dates and rules statutory deadlines run from)
one tick away. Read-only: nothing here writes."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from cattool.core.history import CaseHistory, HistoryEntry, case_history
from cattool.ui.context import WorkspaceContext
from cattool.ui.pages.base import CasePage

ALL = ""  # the combo boxes' "no filter" choice


class HistoryPage(CasePage):
    title = "History"
    shows: frozenset[str] = frozenset()  # every change is history: always reload

    WHEN, WHO, WHAT, MOVES = range(4)

    def __init__(self, ctx: WorkspaceContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.history: CaseHistory | None = None

        self.kind_combo = QComboBox()
        self.kind_combo.setAccessibleName("Kind of record")
        self.kind_combo.setToolTip("Show only changes to one kind of record.")
        self.person_combo = QComboBox()
        self.person_combo.setAccessibleName("Person")
        self.person_combo.setToolTip("Show only the changes one person made.")
        self.deadline_only = QCheckBox("&Deadline-control log only")
        self.deadline_only.setToolTip(
            "Only changes that can move a statutory deadline: events the law counts from "
            "added, re-dated or deleted, and changes to the regime's settings."
        )
        kind_label, person_label = QLabel("&Kind:"), QLabel("&Person:")
        kind_label.setBuddy(self.kind_combo)
        person_label.setBuddy(self.person_combo)
        for combo in (self.kind_combo, self.person_combo):
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
            combo.currentIndexChanged.connect(lambda _i: self.load())
        self.deadline_only.toggled.connect(lambda _on: self.load())

        filters = QHBoxLayout()
        for widget in (kind_label, self.kind_combo, person_label, self.person_combo):
            filters.addWidget(widget)
        filters.addSpacing(12)
        filters.addWidget(self.deadline_only)
        filters.addStretch(1)

        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName("Summary of the history")

        self.table = QTableWidget(0, 4)
        self.table.setAccessibleName("History")
        self.table.setHorizontalHeaderLabels(["When", "Who", "What", "Deadlines it moves"])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setWordWrap(True)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        for column in (self.WHEN, self.WHO):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(self.WHAT, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(self.MOVES, QHeaderView.ResizeMode.Interactive)
        self.table.setColumnWidth(self.MOVES, 260)

        layout = QVBoxLayout(self)
        heading = QLabel("<h2>History</h2>")
        layout.addWidget(heading)
        layout.addLayout(filters)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)

    # ------------------------------------------------------------------ reading

    @staticmethod
    def read_case(session: Any, case_id: int, today: dt.date) -> Any:
        return case_history(session, case_id)

    def load(self) -> None:
        if self.case_id is None:
            return
        case_id = self.case_id
        kind = self.kind_combo.currentData() or None
        who = self.person_combo.currentData() or None
        only = self.deadline_only.isChecked()
        self.history = self.ctx.read(
            lambda s: case_history(s, case_id, kind=kind, who=who, deadline_only=only)
        )
        self._fill_filters(self.history, kind, who)
        self._fill_table(self.history.entries, only)

    def _fill_filters(self, history: CaseHistory, kind: str | None, who: str | None) -> None:
        """Refill the choices (someone new may have made a change) keeping the current ones."""
        for combo, everyone, items, chosen in (
            (self.kind_combo, "All kinds", history.kinds, kind),
            (self.person_combo, "Everyone", [(p, p) for p in history.people], who),
        ):
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(everyone, ALL)
            for key, label in items:
                combo.addItem(label, key)
            index = combo.findData(chosen or ALL)
            if index < 0:  # a filter that no longer matches anything stays, shown as such
                combo.addItem(str(chosen), chosen)
                index = combo.count() - 1
            combo.setCurrentIndex(index)
            combo.blockSignals(False)

    def _fill_table(self, entries: list[HistoryEntry], only: bool) -> None:
        self.table.setRowCount(len(entries))
        for row, entry in enumerate(entries):
            moves = "; ".join(entry.deadlines)
            if entry.settles:
                moves += ("; " if moves else "") + "can meet or end: " + "; ".join(entry.settles)
            for column, text in (
                (self.WHEN, entry.when_text),
                (self.WHO, entry.who),
                (self.WHAT, entry.what),
                (self.MOVES, moves),
            ):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, entry.id)
                if column == self.WHAT:
                    item.setToolTip(
                        "\n".join([entry.what, *(f"Moves: {d}" for d in entry.deadlines)])
                    )
                self.table.setItem(row, column, item)
        self.table.setColumnHidden(self.MOVES, not only)
        self.table.resizeRowsToContents()
        self.summary.setText(self._summary(len(entries), only))

    def _summary(self, count: int, only: bool) -> str:
        what = "change" if count == 1 else "changes"
        if only:
            if not count:
                return "No change to a date or rule that a statutory deadline runs from."
            return (
                f"{count} {what} to the dates and rules statutory deadlines run from, "
                "newest first. Documents → Deadline-control log prints them."
            )
        return f"{count} {what}, newest first." if count else "No changes match."

    # ------------------------------------------------------------------ test API

    def rows(self) -> list[tuple[str, str, str]]:
        """(when, who, what) of every row shown, top to bottom."""
        return [
            tuple(self.table.item(r, c).text() for c in (self.WHEN, self.WHO, self.WHAT))  # type: ignore[misc]
            for r in range(self.table.rowCount())
        ]
