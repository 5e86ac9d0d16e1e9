"""The funder catalogue (from the Money page): funders and funds with whether each is open,
closed, proposed or only for selected places, its award range and the date it was last
checked; for the fund chosen, the case checked against its conditions in plain words
(core.money.queries.check_case_against_fund), and "Add as funding source".

The catalogue is resources/funders.toml merged with the user's own entries; the
Community Ownership Fund is there, closed (December 2024), as an example of a funder's
rules. "New fund…" and "Edit fund…" save through core.money.services.save_fund, one
undoable step each: editing a bundled fund saves the group's own copy, which replaces it
(undo removes the copy and the bundled fund comes back as shipped). "Checked today"
records that the group has just checked the fund's details with the funder.

"Delete fund…" (after a question) removes a fund the group added, or the group's changes
to a bundled one; "Hide fund" takes a fund out of the list ("Show hidden funds" brings
hidden ones back into view, where "Show fund" un-hides one). Each is one undoable step
(funders_editing.FundEntryCommand). The fund's form is in funders_editing.py.
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
    QHBoxLayout,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import select

from cattool.core.changes import Changes
from cattool.core.conflicts import ConflictError
from cattool.core.dates import format_date_long, format_date_short
from cattool.core.errors import InputError
from cattool.core.model import Fund as FundRow
from cattool.core.money import services as money_services
from cattool.core.money.funders import Fund, FundCheck
from cattool.core.money.queries import check_case_against_fund, fund_catalogue
from cattool.core.money.vocabulary import SOURCE_KINDS
from cattool.ui.commands import push
from cattool.ui.conflict_dialog import settle_conflict
from cattool.ui.context import WorkspaceContext
from cattool.ui.forms import (
    MUTED,
    Column,
    RecordList,
    labelled,
    note_label,
)
from cattool.ui.pages.funders_editing import (
    FundDialog,
    FundEntryCommand,
    fund_command,
    new_fund_key,
    stored_fields,
)
from cattool.ui.pages.money_fields import MoneyField, good_bad, is_dark

__all__ = ["FundDialog", "FunderCatalogue", "new_fund_key"]
ORIGINS = {
    "bundled": "In the catalogue cattool ships.",
    "edited": "Your group's edited copy of a fund cattool ships (Delete fund… brings back "
    "the shipped details).",
    "yours": "Added by your group.",
}

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
    Column("Fund", lambda f: f"{f.name} (hidden)" if f.hidden else f.name),
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
    checked = format_date_long(fund.checked_on) if fund.checked_on else "not recorded"
    parts.append(
        f"<p><b>Details last checked:</b> {escape(checked)}<br>"
        f"{escape(ORIGINS.get(fund.origin, ''))}"
        + (" <b>Hidden</b> from the list." if fund.hidden else "")
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
        self.list.removeRequested.connect(lambda _fund: self.delete_fund())  # the Delete key
        self.show_closed = labelled(
            QCheckBox("Show &closed funds"),
            "Show closed funds",
            "Closed funds cannot be applied to.",
        )
        self.show_closed.setChecked(True)
        self.show_closed.toggled.connect(self._filter)
        self.show_hidden = labelled(
            QCheckBox("Show &hidden funds"),
            "Show hidden funds",
            "List the funds your group has hidden too, marked (hidden), to show one again.",
        )
        self.show_hidden.toggled.connect(lambda _on: self.load())
        filters = QHBoxLayout()
        filters.addWidget(self.show_closed)
        filters.addWidget(self.show_hidden)
        filters.addStretch(1)
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
        self.checked_button = labelled(
            QPushButton("Checked &today"),
            "Checked today",
            "Record that you checked the selected fund's details with the funder today. "
            "You can undo this.",
        )
        self.hide_button = labelled(
            QPushButton("H&ide fund"),
            "Hide fund",
            "Take the selected fund out of the list (Show hidden funds lists it again). "
            "You can undo this.",
        )
        self.delete_button = labelled(
            QPushButton("&Delete fund…"),
            "Delete fund",
            "Delete a fund your group added, or your changes to one cattool ships. "
            "You can undo this.",
        )
        self.new_button.clicked.connect(lambda: self.new_fund())
        self.edit_fund_button.clicked.connect(lambda: self.edit_fund())
        self.checked_button.clicked.connect(lambda: self.mark_checked_today())
        self.hide_button.clicked.connect(lambda: self.toggle_hidden())
        self.delete_button.clicked.connect(lambda: self.delete_fund())
        for at, widget in enumerate(
            (self.new_button, self.edit_fund_button, self.checked_button, self.hide_button,
             self.delete_button)
        ):  # fmt: skip
            self.list.buttons.insertWidget(at, widget)
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
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addLayout(filters)
        left_layout.addWidget(self.list, 1)
        splitter.addWidget(left)
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
        ctx.changed.connect(self._changed)  # undo and redo refresh the list too

    def load(self) -> None:
        hidden = self.show_hidden.isChecked()

        # The group's rows (key -> id, version) first: a save in between is then a
        # needless conflict, not a lost update.
        def read(s: Any) -> tuple[dict[str, tuple[int, int]], list[Fund]]:
            rows = s.execute(select(FundRow.key, FundRow.id, FundRow.version)).all()
            return {k: (i, v) for k, i, v in rows}, fund_catalogue(s, include_hidden=hidden)

        self.rows_seen, self.funds = self.ctx.read(read)
        self._filter()

    def _changed(self, changes: Changes) -> None:
        if "fund" in changes.entities and self.isVisible():
            key = fund.key if (fund := self.selected()) else None
            self.load()
            if key is not None:
                self.list.select_key(key)

    # ------------------------------------------------------------------ editing

    def new_fund(self) -> FundDialog:
        self.fund_dialog = FundDialog(self, "New fund", self.ctx.today, lambda: self._save(None))
        self.fund_dialog.open()
        return self.fund_dialog

    def edit_fund(self) -> FundDialog | None:
        fund = self.selected()
        if fund is None:
            return None
        title, seen = f"Edit fund: {fund.name}", self.rows_seen.get(fund.key)
        self.fund_dialog = FundDialog(self, title, self.ctx.today, lambda: self._save(fund, seen))
        self.fund_dialog.fill(fund)
        self.fund_dialog.open()
        return self.fund_dialog

    def _save(self, existing: Fund | None, seen: tuple[int, int] | None = None) -> bool:
        """Add or edit a fund; `seen`: the group's row of it (id, version) when opened."""
        dialog = self.fund_dialog
        assert dialog is not None
        try:
            values = dialog.values()
            if existing is None:
                key = new_fund_key(values["name"], {f.key for f in self.funds})
                changed = values
            else:
                key = existing.key
                before = stored_fields(existing)
                changed = {k: v for k, v in values.items() if before[k] != v}
        except InputError as exc:
            QMessageBox.warning(self, "The fund could not be saved", str(exc))
            return False
        failure = "The fund could not be saved"
        if changed and not self._push(key, existing, changed, failure, seen):
            return False
        self.load()
        self.list.select_key(key)
        return True

    def _push(
        self,
        key: str,
        existing: Fund | None,
        changed: dict[str, Any],
        failure: str,
        seen: tuple[int, int] | None,
    ) -> bool:
        """Save (one undoable step); bad input is a message, a colleague's save of the fund
        since it was `seen` the conflict dialog. True unless the input was bad."""
        try:
            push(self.ctx, fund_command(self.ctx, key, existing, changed, seen))
        except ConflictError as conflict:
            settle_conflict(self, self.ctx, conflict, failure)
        except InputError as exc:
            QMessageBox.warning(self, failure, str(exc))
            return False
        return True

    def mark_checked_today(self) -> None:
        """The selected fund's details were checked with the funder today."""
        fund, ctx = self.selected(), self.ctx
        if fund is None or fund.checked_on == ctx.today:
            return
        seen, failure = self.rows_seen.get(fund.key), "The date could not be saved"
        if self._push(fund.key, fund, {"checked_on": ctx.today}, failure, seen):
            self.load()
        self.list.select_key(fund.key)

    def toggle_hidden(self) -> None:
        """Hide the selected fund, or show it again if it is hidden."""
        fund, ctx = self.selected(), self.ctx
        if fund is None:
            return
        key, hide = fund.key, not fund.hidden
        text = f"{'Hide' if hide else 'Show'} fund {fund.name}"

        def call(session: Any) -> Changes:
            return money_services.set_fund_hidden(session, key, hide, today=ctx.today)

        self._push_entry(key, call, text, "The fund could not be hidden or shown")

    def delete_fund(self) -> None:
        """Delete the group's fund, or its changes to a bundled one, after asking."""
        fund = self.selected()
        if fund is None or fund.origin == "bundled":
            return
        if fund.origin == "yours":
            question = (
                f"Delete the fund {fund.name!r} from your catalogue? Funding sources "
                "already made from it keep their details. You can undo this."
            )
        else:
            question = (
                f"Delete your changes to {fund.name!r}? The fund goes back to the details "
                "cattool ships with. You can undo this."
            )
        answer = QMessageBox.question(self, "Delete fund", question)
        if answer != QMessageBox.StandardButton.Yes:
            return
        key = fund.key
        self._push_entry(
            key,
            lambda s: money_services.delete_fund(s, key),
            f"Delete fund {fund.name}",
            "The fund could not be deleted",
        )

    def _push_entry(self, key: str, call: Callable[[Any], Any], text: str, failure: str) -> None:
        try:
            push(self.ctx, FundEntryCommand(self.ctx, key, call, text))
        except InputError as exc:
            QMessageBox.warning(self, failure, str(exc))
            return
        self.load()
        self.list.select_key(key)

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
        self.checked_button.setEnabled(fund is not None and fund.checked_on != self.ctx.today)
        self.hide_button.setEnabled(fund is not None)
        shown_again = fund is not None and fund.hidden
        self.hide_button.setText("Sho&w fund" if shown_again else "H&ide fund")
        self.hide_button.setAccessibleName("Show fund" if shown_again else "Hide fund")
        self.hide_button.setToolTip(
            "Put the selected fund back in the list. You can undo this."
            if shown_again
            else "Take the selected fund out of the list (Show hidden funds lists it again). "
            "You can undo this."
        )
        self.delete_button.setEnabled(fund is not None and fund.origin != "bundled")
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
