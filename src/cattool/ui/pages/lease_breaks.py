"""The break clauses of the selected lease: who may end it early, when (a fixed date, or a
year of the term and every few years after), on how many months' notice. Each add, edit
or removal is one undoable step.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QComboBox, QLineEdit, QWidget

from cattool.core import editing
from cattool.core.dates import format_date_long
from cattool.core.errors import InputError
from cattool.core.lease import services as lease_services
from cattool.core.lease.facts import BREAK_PARTIES, BreakFacts
from cattool.ui.date_field import DateField
from cattool.ui.forms import Column, RecordDialog, RecordList, labelled, note_label, parse_count
from cattool.ui.pages.common import remove_record, save_record


def when_text(clause: BreakFacts) -> str:
    if clause.break_date is not None:
        return format_date_long(clause.break_date)
    text = f"year {clause.from_year} of the term"
    if clause.every_years:
        text += f", then every {clause.every_years} years"
    return text


BREAK_COLUMNS = [
    Column("Who may break", lambda b: BREAK_PARTIES.get(b.party, b.party)),
    Column("When", when_text),
    Column(
        "Notice", lambda b: f"{b.notice_months} months", sort=lambda b: b.notice_months, right=True
    ),
    Column("Note", lambda b: " ".join(b.note.split())),
]


class BreakDialog(RecordDialog):
    def __init__(self, parent: QWidget, title: str, today: Any, submit: Any) -> None:
        super().__init__(parent, title, submit)
        self.party = labelled(QComboBox(), "Who may break")
        for key, label in BREAK_PARTIES.items():
            self.party.addItem(label, key)
        self.break_date = DateField(today, optional=True, what="The break date")
        self.break_date.edit.setAccessibleName("Break date")
        self.break_date.edit.setPlaceholderText("a fixed date, or leave blank and give a year")
        self.break_date.setFocusProxy(self.break_date.edit)
        self.from_year = labelled(
            QLineEdit(), "First break in year", "e.g. 5: on the 5th anniversary of the start."
        )
        self.from_year.setPlaceholderText("e.g. 5 (the 5th anniversary of the start)")
        self.every_years = labelled(QLineEdit(), "Then every (years)", "Blank: that year only.")
        self.every_years.setPlaceholderText("blank: that year only")
        self.notice = labelled(QLineEdit("6"), "Notice in months")
        self.note = labelled(QLineEdit(), "Note")
        self.form.addRow("&Who may break:", self.party)
        self.form.addRow("Break &date:", self.break_date)
        self.form.addRow("", note_label("or"))
        self.form.addRow("&First break in year:", self.from_year)
        self.form.addRow("Then e&very (years):", self.every_years)
        self.form.addRow("&Notice (months):", self.notice)
        self.form.addRow("N&ote:", self.note)

    def fill(self, clause: BreakFacts) -> None:
        self.party.setCurrentIndex(max(self.party.findData(clause.party), 0))
        self.break_date.set_value(clause.break_date)
        self.from_year.setText("" if clause.from_year is None else str(clause.from_year))
        self.every_years.setText("" if clause.every_years is None else str(clause.every_years))
        self.notice.setText(str(clause.notice_months))
        self.note.setText(clause.note)

    def values(self) -> dict[str, Any]:
        if not self.break_date.is_valid():
            raise InputError(self.break_date.error())
        return {
            "party": self.party.currentData(),
            "break_date": self.break_date.value(),
            "from_year": parse_count(self.from_year.text(), "The first break year"),
            "every_years": parse_count(self.every_years.text(), "The years between breaks"),
            "notice_months": parse_count(self.notice.text(), "The notice in months"),
            "note": self.note.text().strip(),
        }


class BreaksList(RecordList):
    """The selected lease's break clauses, saved through `page` (the LeasePage)."""

    def __init__(self, page: Any) -> None:
        super().__init__("break clause", BREAK_COLUMNS, key=lambda b: b.id)
        self.page = page
        self.lease_id: int | None = None
        self.dialog: BreakDialog | None = None
        self.view.setAccessibleName("Break clauses")
        self.addRequested.connect(self.add)
        self.editRequested.connect(self.edit)
        self.removeRequested.connect(self.remove)

    def show_breaks(self, lease_id: int | None, breaks: tuple[BreakFacts, ...]) -> None:
        self.lease_id = lease_id
        self.set_rows(list(breaks))
        self.add_button.setEnabled(lease_id is not None)
        shown = min(max(len(breaks), 2), 6) + 1
        height = shown * self.view.verticalHeader().defaultSectionSize()
        self.view.setFixedHeight(height + 4)

    def add(self) -> BreakDialog:
        self.dialog = BreakDialog(
            self, "Add a break clause", self.page.ctx.today, lambda: self._save(None)
        )
        self.dialog.open()
        return self.dialog

    def edit(self, clause: BreakFacts) -> BreakDialog:
        self.page.open_record("lease_break", clause.id)
        self.dialog = BreakDialog(
            self, "Edit a break clause", self.page.ctx.today, lambda: self._save(clause)
        )
        self.dialog.fill(clause)
        self.dialog.open()
        return self.dialog

    def _save(self, existing: BreakFacts | None) -> bool:
        page, dialog, lease_id = self.page, self.dialog, self.lease_id
        ctx = page.ctx
        assert dialog is not None
        if lease_id is None:
            return False

        def run() -> None:
            values = dialog.values()
            if values["notice_months"] is None:
                raise InputError("Enter the notice period in months (1 to 60).")
            changed = {}
            if existing is not None:
                changed = {k: v for k, v in values.items() if getattr(existing, k) != v}
            who = BREAK_PARTIES[values["party"]].lower()

            def create(session: Any) -> Any:
                # add_break sets the note itself (passing it too is refused): set it after
                fields = {k: v for k, v in values.items() if k != "note"}
                changes = lease_services.add_break(session, lease_id, today=ctx.today, **fields)
                if values["note"]:
                    editing.update_fields(
                        session, "lease_break", changes.created_id, {"note": values["note"]},
                        today=ctx.today,
                    )  # fmt: skip
                return changes

            save_record(
                page,
                "lease_break",
                existing.id if existing else None,
                create,
                changed,
                add_text=f"Add a break clause ({who})",
                edit_text=f"Edit a break clause ({who})",
                shown=existing,
            )

        return page.attempt(run, "The break clause could not be saved")

    def remove(self, clause: BreakFacts) -> None:
        remove_record(
            self.page,
            "lease_break",
            clause.id,
            question=(
                "Remove break clause",
                f"Remove the break clause ({when_text(clause)})? You can undo this.",
            ),
            text="Remove a break clause",
            failure="The break clause could not be removed",
        )
