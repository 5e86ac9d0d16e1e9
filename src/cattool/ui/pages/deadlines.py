"""Deadlines: every date the law sets for the case, why it is that date, the rule and its
source, and the warnings, in words a committee can read aloud."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QSpinBox,
    QSplitter,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from cattool.core import queries
from cattool.core.rules.engine import DEFAULT_HORIZON_DAYS, Deadline
from cattool.ui.context import WorkspaceContext
from cattool.ui.deadline_detail import DETAIL_CSS, deadline_html
from cattool.ui.models import days_text, deadline_label
from cattool.ui.pages.base import CasePage
from cattool.ui.record_models import DeadlineTableModel


class DeadlinesPage(CasePage):
    title = "Deadlines"
    shows = frozenset({"event", "regime_setting"})

    def __init__(self, ctx: WorkspaceContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.model = DeadlineTableModel(self)

        self.horizon = QSpinBox()
        self.horizon.setRange(0, 365)
        self.horizon.setValue(DEFAULT_HORIZON_DAYS)
        self.horizon.setSuffix(" days")
        self.horizon.setAccessibleName("Horizon (days)")
        self.horizon.setToolTip("A deadline this many days away or fewer is shown as 'due soon'.")
        self.horizon.valueChanged.connect(lambda _value: self.load())
        horizon_label = QLabel("Hori&zon (days):")
        horizon_label.setBuddy(self.horizon)
        self.summary = QLabel()
        self.summary.setAccessibleName("Summary of the deadlines")
        self.summary.setWordWrap(True)
        self.regime_note = QLabel()
        self.regime_note.setWordWrap(True)
        self.regime_note.setAccessibleName("About the rules")
        # A framed note in the palette's tooltip colours: readable in light and dark themes.
        self.regime_note.setFrameShape(QFrame.Shape.StyledPanel)
        self.regime_note.setMargin(6)
        self.regime_note.setAutoFillBackground(True)
        self.regime_note.setBackgroundRole(QPalette.ColorRole.ToolTipBase)
        self.regime_note.setForegroundRole(QPalette.ColorRole.ToolTipText)

        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName("Deadlines")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(DeadlineTableModel.DEADLINE, QHeaderView.ResizeMode.Stretch)
        for column in (DeadlineTableModel.DATE, DeadlineTableModel.STATUS, DeadlineTableModel.DAYS):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        rows = self.table.verticalHeader()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        rows.setMinimumSectionSize(self.fontMetrics().height() + 12)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._show_detail())

        self.detail = QTextBrowser()
        self.detail.setAccessibleName("Why this date")
        self.detail.setOpenExternalLinks(False)
        self.detail.document().setDefaultStyleSheet(DETAIL_CSS)
        font = self.detail.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        self.detail.setFont(font)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.table)
        splitter.addWidget(self.detail)
        splitter.setStretchFactor(0, 5)
        splitter.setStretchFactor(1, 4)
        splitter.setChildrenCollapsible(False)

        top = QHBoxLayout()
        top.addWidget(self.summary, 1)
        top.addWidget(horizon_label)
        top.addWidget(self.horizon)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.regime_note)
        layout.addWidget(splitter, 1)

    def load(self) -> None:
        if self.case_id is None:
            return
        case_id, today, horizon = self.case_id, self.ctx.today, self.horizon.value()
        detail = self.ctx.read(lambda s: queries.case_detail(s, case_id, today, horizon))
        current = self.current_deadline()
        self.model.set_rows(detail.deadlines)
        open_ = sorted((d for d in detail.deadlines if d.is_open), key=lambda d: d.date)
        if open_:
            first = open_[0]
            self.summary.setText(
                f"<b>{len(open_)}</b> open deadline{'s' if len(open_) != 1 else ''}. "
                f"Next: <b>{deadline_label(first)}</b>, {days_text(first.days_left)}."
            )
        else:
            self.summary.setText("No open deadlines: nothing is running at the moment.")
        provisional = [d for d in detail.deadlines if d.provisional and d.date]
        self.regime_note.setVisible(bool(provisional) or detail.regime.provisional)
        what = (
            "many of its rules are not settled in law: they await regulations"
            if detail.regime.provisional
            else "one or more of the dates below rest on a rule that is not settled"
        )
        self.regime_note.setText(
            f"<b>{detail.regime.name}</b>: {what}. Dates marked (provisional) use assumed "
            "values: check them with the council before relying on them."
        )
        row = self.model.row_for_key(current.key) if current else None
        if row is None:  # the soonest open deadline, else the first with a date
            first = open_[0] if open_ else next((d for d in detail.deadlines if d.date), None)
            row = self.model.row_for_key(first.key) if first else 0
        if detail.deadlines:
            self.table.selectRow(row)
            self.table.setCurrentIndex(self.model.index(row, 0))
        self._show_detail()

    def select_deadline(self, key: str) -> bool:
        """Select a deadline by key (the agenda and reminders open a case at one)."""
        row = self.model.row_for_key(key)
        if row is None:
            return False
        self.table.selectRow(row)
        self.table.setCurrentIndex(self.model.index(row, 0))
        self._show_detail()
        return True

    def current_deadline(self) -> Deadline | None:
        index = self.table.currentIndex()
        return self.model.deadline_at(index.row()) if index.isValid() else None

    def _show_detail(self) -> None:
        deadline = self.current_deadline()
        if deadline is None:
            self.detail.setHtml("<p>Choose a deadline to see why it falls on that date.</p>")
            return
        self.detail.setHtml(deadline_html(deadline, self.model.deadlines()))
