"""Lease and CAT: taking the building on a long lease from the council (DOMAIN.md §7).

The Community Asset Transfer timetable (the council's usual times, changeable for this
case: council policy, never law), the leases with every term and break clause, the checks
on those terms in plain words, and every key date for the whole life of the lease. All
derived from the stored facts (core.lease.queries.lease_report) in one short read after
every change; every edit is one undoable step.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from cattool.core import editing
from cattool.core.changes import Changes
from cattool.core.dates import format_date_short
from cattool.core.lease import services as lease_services
from cattool.core.lease.facts import LEASE_STATUSES, LeaseFacts
from cattool.core.lease.queries import LeaseView
from cattool.core.money.format import format_money
from cattool.ui.commands import (
    AddRecordCommand,
    ServiceCommand,
    delete_checked,
    drop_on_conflict,
    fields_of,
    push,
)
from cattool.ui.forms import Column, RecordList, confirm, heading, note_label, scrolled
from cattool.ui.pages.base import CasePage
from cattool.ui.pages.common import add_section, edit_command
from cattool.ui.pages.lease_breaks import BreaksList
from cattool.ui.pages.lease_cat import CatTimetable
from cattool.ui.pages.lease_data import LeasePageData, read_lease_page
from cattool.ui.pages.lease_findings import ChecksView, KeyDatesTable
from cattool.ui.pages.lease_form import LeaseForm


def _rent(lease: LeaseFacts) -> str:
    if lease.peppercorn:
        return "peppercorn"
    return f"{format_money(lease.rent, pence=False)} a year" if lease.rent is not None else ""


LEASE_COLUMNS = [
    Column("Lease", lambda v: v.lease.name),
    Column("Status", lambda v: LEASE_STATUSES.get(v.lease.status, v.lease.status)),
    Column(
        "Term",
        lambda v: f"{v.lease.term_years} years" if v.lease.term_years else "",
        sort=lambda v: v.lease.term_years or 0,
    ),
    Column(
        "Starts",
        lambda v: format_date_short(v.lease.start_date) if v.lease.start_date else "",
        sort=lambda v: v.lease.start_date.isoformat() if v.lease.start_date else "",
    ),
    Column(
        "Ends",
        lambda v: format_date_short(v.term_end) if v.term_end else "",
        sort=lambda v: v.term_end.isoformat() if v.term_end else "",
    ),
    Column("Rent", lambda v: _rent(v.lease)),
    Column("Checks", lambda v: _checks_text(v)),
]


def _checks_text(view: LeaseView) -> str:
    counts: dict[str, int] = {}
    for check in view.checks:
        counts[check.severity] = counts.get(check.severity, 0) + 1
    parts = [f"{counts[k]} {k}{'s' if counts[k] > 1 else ''}" for k in ("problem", "warning")
             if k in counts]  # fmt: skip
    return ", ".join(parts) or "no problems"


class LeasesList(RecordList):
    """The case's leases; the selected one is shown in the form below."""

    def __init__(self, page: LeasePage) -> None:
        super().__init__("lease", LEASE_COLUMNS, key=lambda v: v.lease.id)
        self.page = page
        self.view.setAccessibleName("Leases")
        self.edit_button.hide()  # the form below always shows the selected lease
        self.addRequested.connect(page.add_lease)
        self.removeRequested.connect(page.remove_lease)
        self.editRequested.connect(lambda _v: page.form.setFocus())
        self.view.selectionModel().selectionChanged.connect(lambda *_a: page.show_selected())

    def set_rows(self, rows: Any) -> None:
        super().set_rows(rows)
        shown = min(max(len(rows), 1), 4) + 1
        height = shown * self.view.verticalHeader().defaultSectionSize()
        self.view.setFixedHeight(height + 6)


class LeasePage(CasePage):
    """The lease(s) and the Community Asset Transfer route of one case."""

    title = "Lease and CAT"
    shows = frozenset(
        {"lease", "lease_break", "cat_policy_override", "risk", "funding_source", "case"}
    )

    def __init__(self, ctx: Any, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.data: LeasePageData | None = None
        self._loading = False
        body = QWidget()
        layout = QVBoxLayout(body)
        add_section(
            layout,
            "Lease and Community Asset Transfer",
            "Many groups take their building on a long lease from the council instead of "
            "buying it. Follow the transfer step by step, enter the lease's terms as they "
            "are negotiated, and see at once what to push back on and every date the lease "
            "will bring for its whole life.",
        )
        layout.addWidget(heading("The council's CAT timetable"))
        layout.addWidget(
            note_label(
                "The usual time for each step comes from councils' CAT policies: it is not "
                "law. If your council's policy or officer gives other times, change them for "
                "this case (double-click a step)."
            )
        )
        self.cat = CatTimetable(self)
        layout.addWidget(self.cat)
        layout.addWidget(heading("Leases"))
        layout.addWidget(
            note_label(
                "Usually one: the lease being negotiated. Add another for a lease the group "
                "already holds, or a second part of the site."
            )
        )
        self.leases = LeasesList(self)
        layout.addWidget(self.leases)
        columns = QHBoxLayout()
        left = QVBoxLayout()
        self.form = LeaseForm(self)
        left.addWidget(self.form)
        left.addWidget(heading("Break clauses"))
        left.addWidget(
            note_label(
                "Who may end the lease early, when, and on how much notice. Funders expect "
                "breaks to be mutual, with the same notice for both sides."
            )
        )
        self.breaks = BreaksList(self)
        left.addWidget(self.breaks)
        left.addStretch(1)
        right = QVBoxLayout()
        right.addWidget(heading("Checks on these terms"))
        self.checks = ChecksView()
        self.checks.setMinimumWidth(340)
        right.addWidget(self.checks)
        right.addStretch(1)
        columns.addLayout(left, 5)
        columns.addSpacing(12)
        columns.addLayout(right, 2)
        layout.addLayout(columns)
        layout.addWidget(heading("Key dates for the life of the lease"))
        self.dates_note = note_label()
        self.dates_note.setAccessibleName("About the key dates")
        layout.addWidget(self.dates_note)
        self.key_dates = KeyDatesTable()
        layout.addWidget(self.key_dates.every_renewal)
        layout.addWidget(self.key_dates)
        scrolled(self, body)

    # ------------------------------------------------------------------ loading

    versioned = ("lease", "lease_break", "cat_policy_override")
    read_case = staticmethod(read_lease_page)

    def load(self) -> None:
        if self.case_id is None:
            return
        self.data = data = self.read_page()
        self.cat.show_data(data)
        self._loading = True
        try:
            self.leases.set_rows(list(data.report.leases))
            if self.leases.selected() is None and data.report.leases:
                self.leases.select_key(data.report.leases[0].lease.id)
        finally:
            self._loading = False
        self.show_selected()

    def selected_view(self) -> LeaseView | None:
        return self.leases.selected()

    def show_selected(self) -> None:
        if self._loading or self.data is None:
            return
        view = self.selected_view()
        lease = view.lease if view else None
        self.form.show_lease(lease)
        self.breaks.show_breaks(lease.id if lease else None, lease.breaks if lease else ())
        self.checks.show_checks(
            lease, view.checks if view else (), self.data.repair_risk_added, self.add_repair_risk
        )
        self.key_dates.show_dates(lease, view.key_dates if view else ())
        if lease is None:
            text = "Add a lease and enter its start and term to see its dates."
        elif lease.in_force:
            text = (
                "Contractual dates from the signed lease. They also appear on the dashboard, "
                "in the agenda, in reminders and in the calendar export."
            )
        else:
            text = (
                "Proposed dates: the lease is not signed yet, so they are not reminded. Once "
                "its status is 'Signed', they join the dashboard, agenda and reminders."
            )
        self.dates_note.setText(text)

    # ------------------------------------------------------------------ changing

    def add_lease(self) -> None:
        case_id, ctx = self.case_id, self.ctx
        if case_id is None:
            return
        count = len(self.data.report.leases) if self.data else 0
        title = "New lease" if count == 0 else f"New lease {count + 1}"

        def create(session: Any) -> Any:
            return lease_services.add_lease(session, case_id, today=ctx.today, title=title)

        command = AddRecordCommand(ctx, "lease", create, f"Add a lease ({title})")
        if self.attempt(lambda: push(ctx, command)) and command.record_id:
            self.leases.select_key(command.record_id)
            self.form.fields["title"].widget.setFocus()
            self.form.fields["title"].widget.selectAll()  # type: ignore[attr-defined]

    def remove_lease(self, view: LeaseView) -> None:
        lease = view.lease
        question = f"Remove {lease.name} and its break clauses? You can undo this."
        if confirm(self, "Remove lease", question):
            breaks = [b.id for b in lease.breaks]
            text = f"Remove the lease {lease.name}"
            command = DeleteLeaseCommand(self.ctx, lease.id, breaks, text, self.versions)
            self.attempt(lambda: push(self.ctx, command), "The lease could not be removed")

    def edit_lease(self, lease_id: int, changed: dict[str, Any], text: str, start: Any) -> None:
        """Save the lease form's changes against the version its edits `start` from."""
        push(self.ctx, edit_command(self, "lease", lease_id, changed, text, start=start))

    def add_repair_risk(self) -> None:
        view, ctx = self.selected_view(), self.ctx
        if view is None or (self.data is not None and self.data.repair_risk_added):
            return  # already in the register: nothing to add (and nothing to undo)
        lease_id = view.lease.id

        def create(session: Any) -> Any:
            return lease_services.add_repair_risk(session, lease_id, today=ctx.today)

        command = AddRecordCommand(ctx, "risk", create, "Add the full-repairing risk")
        self.attempt(lambda: push(ctx, command), "The risk could not be added")


class DeleteLeaseCommand(ServiceCommand):
    """Delete a lease with its break clauses; undo puts back both, with the same ids.
    Each is deleted only as the page loaded it (`versions`), and a redo only as undo put
    it back: one a colleague changed in between is a conflict, nothing deleted."""

    def __init__(
        self,
        ctx: Any,
        lease_id: int,
        break_ids: list[int],
        text: str,
        versions: Mapping[tuple[str, int], int] | None = None,
    ) -> None:
        super().__init__(ctx, text)
        self.lease_id, self.break_ids = lease_id, break_ids
        self.versions = dict(versions or {})
        self.saved: list[tuple[str, dict]] = []

    def do(self) -> None:
        restored = {(e, r["id"]): fields_of(e, r) for e, r in self.saved}

        def run(session: Any) -> Changes:
            changes, saved = Changes(), []
            for key in [
                *(("lease_break", b) for b in self.break_ids),
                ("lease", self.lease_id),
            ]:
                removed, record = delete_checked(
                    session, self.ctx, *key, restored.get(key), self.versions.get(key)
                )
                changes |= removed
                saved.append((key[0], record))
            self.saved = saved
            return changes

        self.ctx.run(run)

    def _guarded(self, step: Callable[[], None]) -> None:
        drop_on_conflict(self, step)

    def undo_(self) -> None:
        def run(session: Any) -> Changes:
            changes = Changes()
            for entity, record in reversed(self.saved):
                changes |= editing.restore_record(session, entity, record)
            return changes

        self.ctx.run(run)
