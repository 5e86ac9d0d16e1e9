"""What the Lease and CAT page derives from a lease: the checks (each with its severity,
a plain explanation, its source and, where the law is not settled, "provisional") and
every key date for the whole life of the lease, proposed or contractual. Both are
rebuilt from the report after every edit; nothing here is stored.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from cattool.core.dates import format_date_long
from cattool.core.lease.checks import ADVICE, PROBLEM, WARNING, LeaseCheck
from cattool.core.lease.facts import LeaseFacts
from cattool.core.rules.engine import PASSED, Deadline
from cattool.ui.forms import MUTED, labelled, note_label
from cattool.ui.pages.lease_data import left_text
from cattool.ui.pages.money_fields import is_dark

REPAIRS_KEY = "full-repairs-poor-building"
# severity -> (symbol, word, light-theme colour, dark-theme colour)
SEVERITY_LOOK = {
    PROBLEM: ("✖", "Problem", "#b00020", "#ef9a9a"),
    WARNING: ("⚠", "Warning", "#8a4b00", "#ffcc80"),
    ADVICE: ("ℹ", "Worth knowing", "#1a4f8b", "#90caf9"),
}


def severity_colour(severity: str) -> str:
    look = SEVERITY_LOOK[severity]
    return look[3] if is_dark() else look[2]


class CheckCard(QFrame):
    """One finding: symbol and title in the severity's colour, then why, then the source."""

    def __init__(self, check: LeaseCheck) -> None:
        super().__init__()
        self.check = check
        symbol, word, _, _ = SEVERITY_LOOK[check.severity]
        colour = severity_colour(check.severity)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setObjectName("checkCard")
        self.setStyleSheet(f"#checkCard {{ border-left: 4px solid {colour}; }}")
        provisional = "  · PROVISIONAL: the law is not settled yet" if check.provisional else ""
        self.title = QLabel(f"{symbol} <b>{word}: {check.title}</b>{provisional}")
        self.title.setWordWrap(True)
        self.title.setStyleSheet(f"color: {colour};")
        self.body = note_label(check.explanation, colour="palette(text)")
        self.source = note_label(f"Source: {check.source}")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 6, 8, 6)
        layout.setSpacing(3)
        layout.addWidget(self.title)
        layout.addWidget(self.body)
        layout.addWidget(self.source)
        self.setAccessibleName(f"{word}: {check.title}")
        self.setAccessibleDescription(check.explanation)
        self.risk_button: QPushButton | None = None

    def add_risk_button(self, added: bool, add: Callable[[], None]) -> None:
        text = "In the risk register ✓" if added else "&Add to the risk register"
        button = labelled(
            QPushButton(text),
            "Add to the risk register",
            "Adds this risk to the business plan's risk register (you can undo it).",
        )
        button.setEnabled(not added)
        button.clicked.connect(lambda: add())
        row = QHBoxLayout()
        row.addWidget(button)
        row.addStretch(1)
        self.layout().addLayout(row)  # type: ignore[union-attr]
        self.risk_button = button


class ChecksView(QWidget):
    """The lease's findings, problems first, or a line saying there are none."""

    def __init__(self) -> None:
        super().__init__()
        self.cards: list[CheckCard] = []
        self.empty = note_label()
        self.empty.setAccessibleName("No findings")
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.addWidget(self.empty)
        self._layout.addStretch(1)

    def show_checks(
        self,
        lease: LeaseFacts | None,
        checks: Sequence[LeaseCheck],
        risk_added: bool,
        add_risk: Callable[[], None],
    ) -> None:
        for card in self.cards:
            self._layout.removeWidget(card)
            card.deleteLater()
        self.cards = []
        for index, check in enumerate(checks):
            card = CheckCard(check)
            if check.key == REPAIRS_KEY:
                card.add_risk_button(risk_added, add_risk)
            self._layout.insertWidget(index, card)
            self.cards.append(card)
        if lease is None:
            self.empty.setText("No lease yet: add one to see the checks.")
        elif not checks:
            self.empty.setText("✓ No problems found in the terms entered so far.")
        self.empty.setVisible(not checks)

    def titles(self) -> list[str]:
        return [card.check.title for card in self.cards]

    def check_keys(self) -> list[str]:
        return [card.check.key for card in self.cards]

    def card(self, key: str) -> CheckCard | None:
        return next((c for c in self.cards if c.check.key == key), None)


KEY_DATE_HEADERS = ("Date", "When", "What", "Who acts", "Proposed or contractual")
KIND_COLUMN = 4


class KeyDatesTable(QTableWidget):
    """Every key date of the lease, in date order; past ones greyed."""

    def __init__(self) -> None:
        super().__init__(0, len(KEY_DATE_HEADERS))
        self.setHorizontalHeaderLabels(KEY_DATE_HEADERS)
        labelled(
            self,
            "Key dates of the lease",
            "Proposed: from a lease not signed yet. Contractual: from the signed lease "
            "(these reach the dashboard, the agenda and reminders).",
        )
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setTabKeyNavigation(False)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.verticalHeader().hide()
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)  # What
        self.setMinimumHeight(360)
        self.dates: list[Deadline] = []
        self.every_renewal = labelled(
            QCheckBox("Show every yearly insurance renewal (not only the next one)"),
            "Show every insurance renewal",
        )
        self.every_renewal.toggled.connect(lambda _on: self.show_dates(self._lease, self._all))
        self._lease: LeaseFacts | None = None
        self._all: list[Deadline] = []

    def show_dates(self, lease: LeaseFacts | None, dates: Sequence[Deadline]) -> None:
        self._lease, self._all = lease, list(dates)
        if not self.every_renewal.isChecked():
            dates = _next_renewal_only(dates)
        self.dates = list(dates)
        self.setRowCount(len(dates))
        kind = "Contractual" if lease is not None and lease.in_force else "Proposed"
        muted = QColor(MUTED)
        for r, day in enumerate(dates):
            label = day.label.removesuffix(f" ({lease.name})") if lease else day.label
            who = {"group": "the group", "both": "both", "landlord": "the landlord"}.get(
                day.who, day.who
            )
            cells = (
                format_date_long(day.date) if day.date else "",
                left_text(day),
                label,
                who,
                kind,
            )
            tip = "\n".join([day.explanation, *day.warnings])
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(tip)
                if day.status == PASSED:
                    item.setForeground(muted)
                if c == KIND_COLUMN:
                    item.setToolTip(
                        "From the signed lease: a contractual date."
                        if kind == "Contractual"
                        else "The lease is not signed: this date is only proposed."
                    )
                self.setItem(r, c, item)
        self.resizeColumnsToContents()
        upcoming = next((r for r, d in enumerate(dates) if d.status != PASSED), None)
        if upcoming is not None:
            self.scrollToItem(self.item(upcoming, 0), QAbstractItemView.ScrollHint.PositionAtTop)

    def labels(self) -> list[str]:
        """The "What" column, without the lease's name."""
        return [self.item(r, 2).text() for r in range(self.rowCount())]

    def row_texts(self) -> list[tuple[str, ...]]:
        return [
            tuple(self.item(r, c).text() for c in range(self.columnCount()))
            for r in range(self.rowCount())
        ]


def _next_renewal_only(dates: Sequence[Deadline]) -> list[Deadline]:
    """The dates with, of the yearly insurance renewals, only the next (or the last)."""
    renewals = [d for d in dates if "-insurance-" in d.key]
    keep = next((d for d in renewals if d.status != PASSED), renewals[-1] if renewals else None)
    return [d for d in dates if "-insurance-" not in d.key or d is keep]
