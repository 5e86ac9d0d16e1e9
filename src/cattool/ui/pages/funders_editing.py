"""Editing the funder catalogue (funders.py): the fund's form (FundDialog), and
FundEntryCommand, the one undoable step for hiding, showing or deleting a fund.

The group's entries are Fund rows keyed by the fund's key (core.money.services); a
bundled fund has no row until the group edits or hides it. So the command snapshots the
entry by key before and after its service call (services.fund_entry) and undo and redo
put the snapshot back (services.restore_fund_entry): a row added is removed, a row
removed comes back with the same id, a changed row gets its fields back.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)
from sqlalchemy import select
from sqlalchemy.orm import Session

from cattool.core.changes import Changes
from cattool.core.errors import InputError
from cattool.core.model import Fund as FundRow
from cattool.core.money import services as money_services
from cattool.core.money.funders import FUND_STATUSES, Fund
from cattool.core.money.vocabulary import SOURCE_KINDS
from cattool.ui.commands import AddRecordCommand, EditFieldsCommand, ServiceCommand
from cattool.ui.context import WorkspaceContext
from cattool.ui.date_field import DateField
from cattool.ui.forms import RecordDialog, labelled, parse_count
from cattool.ui.pages.money_fields import MoneyField, PercentField


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


def stored_fields(fund: Fund) -> dict[str, Any]:
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


class FundEntryCommand(ServiceCommand):
    """Run `call(session)`, which changes the group's entry for the fund `key`; undo puts
    the entry back as it was before, redo as the call left it (one transaction each)."""

    def __init__(
        self, ctx: WorkspaceContext, key: str, call: Callable[[Session], Any], text: str
    ) -> None:
        super().__init__(ctx, text)
        self.key, self.call = key, call
        self.before: dict[str, Any] | None = None
        self.after: dict[str, Any] | None = None
        self.ran = False

    def _put(self, saved: dict[str, Any] | None) -> None:
        key, today = self.key, self.ctx.today
        self.ctx.run(lambda s: money_services.restore_fund_entry(s, key, saved, today=today))

    def do(self) -> None:
        if self.ran:
            self._put(self.after)
            return

        def run(session: Session) -> Changes:
            self.before = money_services.fund_entry(session, self.key)
            self.call(session)
            self.after = money_services.fund_entry(session, self.key)
            return Changes(frozenset(), frozenset({"fund"}))

        self.ctx.run(run)
        self.ran = True

    def undo_(self) -> None:
        self._put(self.before)


def fund_command(
    ctx: WorkspaceContext,
    key: str,
    existing: Fund | None,
    changed: dict[str, Any],
    seen: tuple[int, int] | None = None,
) -> Any:
    """Edit the group's own row when there is one; else create it (a new fund, or the
    group's copy of a bundled one): undo deletes that row. `seen`: the row (id, version)
    as the user saw it; a row someone else made or saved since is a conflict."""
    name = changed.get("name") or (existing.name if existing else key)
    row_id = ctx.read(lambda s: s.scalar(select(FundRow.id).where(FundRow.key == key)))
    if row_id is not None:
        start = stored_fields(existing) if existing else {}
        return EditFieldsCommand(
            ctx, "fund", row_id, changed, text=f"Edit fund {name}",
            expected_version=seen[1] if seen and seen[0] == row_id else 0,
            base={k: start[k] for k in changed if k in start},
        )  # fmt: skip
    text = f"Edit fund {name}" if existing else f"Add fund {name}"
    return AddRecordCommand(
        ctx,
        "fund",
        lambda s: money_services.save_fund(s, key, today=ctx.today, **changed),
        text=text,
    )
