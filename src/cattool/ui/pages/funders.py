"""The funder catalogue (from the Money page): funders and funds with whether each is open,
closed, proposed or only for selected places, its award range and the date it was last
checked; for the fund chosen, the case checked against its conditions in plain words
(core.money.queries.check_case_against_fund), and "Add as funding source".

The catalogue is resources/funders.toml merged with the user's own entries; the
Community Ownership Fund is there, closed (December 2024), as an example of a funder's
rules. "New fund…" and "Edit fund…" save through core.money.services.save_fund, one
undoable step each: editing a bundled fund saves the group's own copy, which replaces it
(undo removes the copy and the bundled fund comes back as shipped).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal
from html import escape
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import select

from cattool.core.dates import format_date_short
from cattool.core.errors import InputError
from cattool.core.model import Fund as FundRow
from cattool.core.money import services as money_services
from cattool.core.money.funders import FUND_STATUSES, Fund, FundCheck
from cattool.core.money.queries import check_case_against_fund, fund_catalogue
from cattool.core.money.vocabulary import SOURCE_KINDS
from cattool.ui.commands import AddRecordCommand, EditFieldsCommand, push
from cattool.ui.context import WorkspaceContext
from cattool.ui.date_field import DateField
from cattool.ui.forms import (
    MUTED,
    Column,
    RecordDialog,
    RecordList,
    labelled,
    note_label,
    parse_count,
)
from cattool.ui.pages.money_fields import MoneyField, PercentField, good_bad, is_dark

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


def new_fund_key(name: str, taken: set[str]) -> str:
    """'My Council Grant' -> 'my-council-grant' (then -2, -3… if taken)."""
    stem = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:50] or "fund"
    key, number = stem, 2
    while key in taken:
        key, number = f"{stem}-{number}", number + 1
    return key


def _lines(text: str) -> str:
    return "\n".join(line.strip() for line in text.splitlines() if line.strip())


class FundDialog(RecordDialog):
    """A fund's details: name, funder, type, status, award range, match funding, lease
    and legal-form conditions, other conditions, its source and when it was checked."""

    def __init__(self, parent: QWidget, title: str, today: Any, submit: Callable[[], bool]):
        super().__init__(parent, title, submit)
        self.name = labelled(QLineEdit(), "Fund name", "The programme's name.")
        self.funder = labelled(QLineEdit(), "Funder", "Who runs it.")
        self.kind = labelled(QComboBox(), "Type of funding")
        for key, label in SOURCE_KINDS.items():
            self.kind.addItem(label, key)
        self.status = labelled(QComboBox(), "Status", "Whether the fund can be applied to now.")
        for key, label in FUND_STATUSES.items():
            self.status.addItem(label, key)
        self.status_note = labelled(QLineEdit(), "Status note", "e.g. 'Closed December 2024'.")
        self.award_min = MoneyField("Smallest award")
        self.award_max = MoneyField("Largest award")
        self.award_min.setPlaceholderText("from, e.g. £10,000")
        self.award_max.setPlaceholderText("to, e.g. £250,000")
        award = QHBoxLayout()
        award.addWidget(self.award_min)
        award.addWidget(self.award_max)
        self.match_percent = PercentField(
            "Match funding", tip="The share of the costs that must come from other sources."
        )
        self.min_lease_years = labelled(
            QLineEdit(), "Minimum lease in years", "For a leasehold: the shortest lease it takes."
        )
        self.min_lease_years.setPlaceholderText("blank: no rule")
        self.incorporation = labelled(
            QCheckBox("Only an &incorporated group can apply"), "Incorporation required"
        )
        self.asset_lock = labelled(QCheckBox("Needs an &asset lock"), "Asset lock required")
        self.conditions = labelled(QPlainTextEdit(), "Other conditions", "One condition a line.")
        self.conditions.setTabChangesFocus(True)
        self.conditions.setFixedHeight(80)
        self.url = labelled(QLineEdit(), "Source", "The funder's web page for the fund.")
        self.url.setPlaceholderText("https://…")
        # Not a day ahead of today, which the core checks when the date is changed (a
        # bundled fund's date is left alone when the group edits something else).
        self.checked_on = DateField(today, optional=True, what="The date checked")
        self.checked_on.edit.setAccessibleName("Last checked on")
        self.checked_on.setFocusProxy(self.checked_on.edit)
        for label, widget in (
            ("&Name:", self.name),
            ("&Funder:", self.funder),
            ("&Type:", self.kind),
            ("&Status:", self.status),
            ("Status n&ote:", self.status_note),
            ("A&ward from / to:", award),
            ("&Match funding:", self.match_percent),
            ("Minimum &lease (years):", self.min_lease_years),
            ("", self.incorporation),
            ("", self.asset_lock),
            ("Other &conditions:", self.conditions),
            ("So&urce:", self.url),
            ("Last c&hecked on:", self.checked_on),
        ):
            self.form.addRow(label, widget)
        self.form.labelForField(award).setBuddy(self.award_min.edit)  # type: ignore[union-attr]
        self.setMinimumWidth(640)

    def fill(self, fund: Fund) -> None:
        self.name.setText(fund.name)
        self.funder.setText(fund.funder)
        self.kind.setCurrentIndex(max(self.kind.findData(fund.kind), 0))
        self.status.setCurrentIndex(max(self.status.findData(fund.status), 0))
        self.status_note.setText(fund.status_note)
        self.award_min.set_value(fund.award_min)
        self.award_max.set_value(fund.award_max)
        self.match_percent.set_value(fund.match_percent)
        lease = fund.min_lease_years
        self.min_lease_years.setText("" if lease is None else str(lease))
        self.incorporation.setChecked(fund.incorporation_required)
        self.asset_lock.setChecked(fund.asset_lock_required)
        self.conditions.setPlainText("\n".join(fund.conditions))
        self.url.setText(fund.url)
        self.checked_on.set_value(fund.checked_on)
        for edit in (self.name, self.funder, self.status_note, self.url):
            edit.setCursorPosition(0)

    def values(self) -> dict[str, Any]:
        """The fields as save_fund takes them; InputError naming the first bad one."""
        for field in (self.award_min, self.award_max, self.match_percent, self.checked_on):
            if not field.is_valid():
                raise InputError(field.error())
        name = " ".join(self.name.text().split())
        if not name:
            raise InputError("Enter the fund's name.")
        low, high = self.award_min.value(), self.award_max.value()
        if low is not None and high is not None and low > high:
            raise InputError("The smallest award is more than the largest: swap them round.")
        return {
            "name": name,
            "funder": " ".join(self.funder.text().split()),
            "kind": self.kind.currentData(),
            "status": self.status.currentData(),
            "status_note": self.status_note.text().strip(),
            "award_min": low,
            "award_max": high,
            "match_percent": self.match_percent.value(),
            "min_lease_years": parse_count(self.min_lease_years.text(), "Minimum lease"),
            "incorporation_required": self.incorporation.isChecked(),
            "asset_lock_required": self.asset_lock.isChecked(),
            "conditions": _lines(self.conditions.toPlainText()),
            "url": self.url.text().strip(),
            "checked_on": self.checked_on.value(),
        }


def _stored(fund: Fund) -> dict[str, Any]:
    """The fund's fields as the dialog gives them (to save only what changed)."""
    return {
        "name": fund.name, "funder": fund.funder, "kind": fund.kind, "status": fund.status,
        "status_note": fund.status_note, "award_min": fund.award_min,
        "award_max": fund.award_max, "match_percent": fund.match_percent,
        "min_lease_years": fund.min_lease_years,
        "incorporation_required": fund.incorporation_required,
        "asset_lock_required": fund.asset_lock_required,
        "conditions": "\n".join(fund.conditions), "url": fund.url, "checked_on": fund.checked_on,
    }  # fmt: skip


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
        self.fund_dialog: FundDialog | None = None
        self.new_button = labelled(
            QPushButton("&New fund…"),
            "New fund",
            "Add a fund cattool does not know about (e.g. your council's grant).",
        )
        self.edit_fund_button = labelled(
            QPushButton("&Edit fund…"),
            "Edit fund",
            "Correct the selected fund's details (e.g. after checking with the funder). "
            "You can undo this.",
        )
        self.new_button.clicked.connect(lambda: self.new_fund())
        self.edit_fund_button.clicked.connect(lambda: self.edit_fund())
        self.list.buttons.insertWidget(1, self.new_button)
        self.list.buttons.insertWidget(2, self.edit_fund_button)
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

    # ------------------------------------------------------------------ editing

    def new_fund(self) -> FundDialog:
        self.fund_dialog = FundDialog(self, "New fund", self.ctx.today, lambda: self._save(None))
        self.fund_dialog.open()
        return self.fund_dialog

    def edit_fund(self) -> FundDialog | None:
        fund = self.selected()
        if fund is None:
            return None
        title = f"Edit fund: {fund.name}"
        self.fund_dialog = FundDialog(self, title, self.ctx.today, lambda: self._save(fund))
        self.fund_dialog.fill(fund)
        self.fund_dialog.open()
        return self.fund_dialog

    def _save(self, existing: Fund | None) -> bool:
        dialog, ctx = self.fund_dialog, self.ctx
        assert dialog is not None
        try:
            values = dialog.values()
            if existing is None:
                key = new_fund_key(values["name"], {f.key for f in self.funds})
                changed = values
            else:
                key = existing.key
                before = _stored(existing)
                changed = {k: v for k, v in values.items() if before[k] != v}
            if changed:
                push(ctx, self._command(key, existing, changed))
        except InputError as exc:
            QMessageBox.warning(self, "The fund could not be saved", str(exc))
            return False
        self.load()
        self.list.select_key(key)
        return True

    def _command(self, key: str, existing: Fund | None, changed: dict[str, Any]) -> Any:
        """Edit the group's own row when there is one; else create it (a new fund, or the
        group's copy of a bundled one): undo deletes that row."""
        ctx = self.ctx
        name = changed.get("name") or (existing.name if existing else key)
        row_id = ctx.read(lambda s: s.scalar(select(FundRow.id).where(FundRow.key == key)))
        if row_id is not None:
            return EditFieldsCommand(ctx, "fund", row_id, changed, text=f"Edit fund {name}")
        text = f"Edit fund {name}" if existing else f"Add fund {name}"
        return AddRecordCommand(
            ctx,
            "fund",
            lambda s: money_services.save_fund(s, key, today=ctx.today, **changed),
            text=text,
        )

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
        self.edit_fund_button.setEnabled(fund is not None)
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
