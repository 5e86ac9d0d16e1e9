"""The funder catalogue (from the Money page): funders and funds with whether each is open,
closed, proposed or only for selected places, its award range and the date it was last
checked; for the fund chosen, the case checked against its conditions in plain words
(core.money.queries.check_case_against_fund), and "Add as funding source".

The catalogue is resources/funders.toml merged with the user's own entries; the
Community Ownership Fund is there, closed (December 2024), as an example of a funder's
rules.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from html import escape
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from cattool.core.dates import format_date_short
from cattool.core.money.funders import Fund, FundCheck
from cattool.core.money.queries import check_case_against_fund, fund_catalogue
from cattool.core.money.vocabulary import SOURCE_KINDS
from cattool.ui.context import WorkspaceContext
from cattool.ui.forms import MUTED, Column, RecordList, labelled, note_label
from cattool.ui.pages.money_fields import MoneyField, good_bad, is_dark

STATUS_SHORT = {
    "open": "Open",
    "targeted": "Targeted",
    "proposed": "Proposed",
    "closed": "Closed",
    "unknown": "Not known",
}


def _status_colour(fund: Fund) -> str | None:
    if fund.status == "open":
        return good_bad(True)
    if fund.status == "closed":
        return good_bad(False)
    return MUTED if not is_dark() else "#bdbdbd"


FUND_COLUMNS = [
    Column("Fund", lambda f: f.name),
    Column(
        "Status",
        lambda f: STATUS_SHORT.get(f.status, f.status),
        "Open, closed, proposed, or only for selected places (targeted)",
        sort=lambda f: list(STATUS_SHORT).index(f.status) if f.status in STATUS_SHORT else 99,
        colour=_status_colour,
    ),
    Column("Award", lambda f: f.award_range),
    Column("Funder", lambda f: f.funder),
    Column("Type", lambda f: SOURCE_KINDS.get(f.kind, f.kind)),
    Column(
        "Checked",
        lambda f: format_date_short(f.checked_on) if f.checked_on else "",
        "When cattool's details were last checked against the funder's own",
        sort=lambda f: f.checked_on.isoformat() if f.checked_on else "",
    ),
]


def check_html(fund: Fund, check: FundCheck) -> str:
    """The fund and the case's check against it, as simple HTML."""
    good, bad = good_bad(True), good_bad(False)

    def items(lines: tuple[str, ...], mark: str, colour: str) -> str:
        return "".join(
            f"<p style='margin:2px 0'><span style='color:{colour}'><b>{mark}</b></span> "
            f"{escape(line)}</p>"
            for line in lines
        )

    parts = [f"<h3>{escape(fund.name)}</h3>"]
    if fund.funder:
        parts.append(f"<p>{escape(fund.funder)}</p>")
    parts.append(
        f"<p><b>Status:</b> {escape(fund.status_label)}"
        + (f"<br>{escape(fund.status_note)}" if fund.status_note else "")
        + "</p>"
    )
    parts.append(f"<p><b>Award:</b> {escape(fund.award_range)}")
    if fund.award_note:
        parts.append(f"<br>{escape(fund.award_note)}")
    parts.append("</p>")
    parts.append(f"<p><b>{escape(check.summary())}</b></p>")
    parts.append(items(check.met, "✔", good))
    parts.append(items(check.unmet, "✘", bad))
    parts.append(items(check.unknown, "?", MUTED if not is_dark() else "#bdbdbd"))
    if check.notes:
        parts.append("<p><b>Also:</b></p>" + items(check.notes, "•", MUTED))
    if fund.url:
        url = escape(fund.url, quote=True)
        parts.append(f"<p><a href='{url}'>{escape(fund.url)}</a></p>")
    return "".join(parts)


def source_values(fund: Fund, amount: Decimal | None) -> dict[str, Any]:
    """A new funding source's fields from a fund (status: idea)."""
    return {
        "kind": fund.kind if fund.kind in SOURCE_KINDS else "grant",
        "funder": fund.funder,
        "fund_name": fund.name,
        "fund_key": fund.key,
        "amount": amount,
        "match_percent": fund.match_percent,
        "min_lease_years": fund.min_lease_years,
        "incorporation_required": fund.incorporation_required,
        "conditions_note": "\n".join(fund.conditions),
    }


class FunderCatalogue(QDialog):
    """Choose a fund: see whether the case meets its conditions; add it as a source."""

    def __init__(
        self,
        parent: QWidget,
        ctx: WorkspaceContext,
        case_id: int,
        add_source: Callable[[dict[str, Any]], Any],
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Funder catalogue")
        self.setAccessibleName("Funder catalogue")
        self.ctx, self.case_id, self._add_source = ctx, case_id, add_source
        self.funds: list[Fund] = []
        self.check: FundCheck | None = None
        self.list = RecordList("fund", FUND_COLUMNS, key=lambda f: f.key)
        for widget in (self.list.add_button, self.list.edit_button, self.list.remove_button):
            widget.hide()  # the catalogue is read here; its entries are edited elsewhere
        self.list.view.selectionModel().selectionChanged.connect(self._show_selected)
        self.list.editRequested.connect(lambda _fund: self.add_selected())
        self.show_closed = labelled(
            QCheckBox("Show &closed funds"),
            "Show closed funds",
            "Closed funds cannot be applied to.",
        )
        self.show_closed.setChecked(True)
        self.show_closed.toggled.connect(self._filter)
        self.list.buttons.insertWidget(0, self.show_closed)
        self.amount = MoneyField(
            "Amount to ask for", tip="Optional: checked against the fund's award range."
        )
        self.amount.setPlaceholderText("optional, e.g. £50,000")
        self.amount.valueChanged.connect(self._show_selected)
        self.detail = labelled(
            QTextBrowser(), "Fund and check", "The case checked against the fund"
        )
        self.detail.setOpenExternalLinks(True)
        self.add_button = labelled(
            QPushButton("&Add as funding source…"),
            "Add as funding source",
            "Add this fund to the case's funding sources as an idea (you can change it).",
        )
        self.add_button.clicked.connect(self.add_selected)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        form = QFormLayout()
        form.addRow("Ask &for:", self.amount)
        right_layout.addLayout(form)
        right_layout.addWidget(self.detail, 1)
        right_layout.addWidget(self.add_button)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(self.list)
        splitter.addWidget(right)
        splitter.setSizes([640, 460])
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(
            note_label(
                "Funds cattool knows about, with their status when last checked. Figures and "
                "rules change: check with the funder before relying on them."
            )
        )
        layout.addWidget(splitter, 1)
        layout.addWidget(buttons)
        self.resize(1150, 640)
        self.load()

    def load(self) -> None:
        self.funds = self.ctx.read(lambda s: fund_catalogue(s))
        self._filter()

    def _filter(self, *_args: Any) -> None:
        shown = [f for f in self.funds if self.show_closed.isChecked() or f.status != "closed"]
        self.list.set_rows(shown)
        for column, widest in ((0, 260), (2, 170), (3, 200)):  # names elide; tooltips show all
            self.list.view.setColumnWidth(column, min(self.list.view.columnWidth(column), widest))
        if self.list.selected() is None and shown:
            self.list.view.selectRow(0)
        self._show_selected()

    def select_key(self, key: str) -> bool:
        return self.list.select_key(key)

    def selected(self) -> Fund | None:
        return self.list.selected()

    def _show_selected(self, *_args: Any) -> None:
        fund = self.selected()
        self.add_button.setEnabled(fund is not None and self.amount.is_valid())
        if fund is None:
            self.check = None
            self.detail.setHtml("<p>Choose a fund to check the case against it.</p>")
            return
        amount = self.amount.value() if self.amount.is_valid() else None
        case_id, today = self.case_id, self.ctx.today
        self.check = self.ctx.read(
            lambda s: check_case_against_fund(s, case_id, fund.key, today, amount)
        )
        self.detail.setHtml(check_html(fund, self.check))

    def add_selected(self) -> None:
        fund = self.selected()
        if fund is None or not self.amount.is_valid():
            return
        values = source_values(fund, self.amount.value())
        self.accept()
        self._add_source(values)
