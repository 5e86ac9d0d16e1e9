"""Evidence of support: surveys, petitions, public meetings, ballots and pledges, with
their counts and the shares derived from them (response rate or turnout, yes share).
Counts are stored; shares are worked out when shown (DOMAIN.md §9)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from cattool.core import services
from cattool.core.dates import format_date_short
from cattool.core.editing import EVIDENCE_KINDS
from cattool.core.errors import InputError
from cattool.core.model import Evidence
from cattool.ui.date_field import DateField
from cattool.ui.forms import (
    BAD,
    MUTED,
    Column,
    RecordDialog,
    RecordList,
    labelled,
    note_label,
    number_column,
    parse_count,
    percent,
)
from cattool.ui.pages.base import CasePage
from cattool.ui.pages.common import add_section, changed_from, remove_record, save_record

COUNTS = ("reached", "responses", "in_favour")


@dataclass(frozen=True)
class Kind:
    """How one kind of evidence names its counts (None: that count is not asked)."""

    label: str
    responses: str
    total: str  # how a total of responses reads, e.g. "{n} signatures"
    reached: str | None = None
    in_favour: str | None = None
    rate: str | None = None  # what responses / reached is called
    yes: str = "in favour"  # what in_favour / responses is called


KINDS = {
    "survey": Kind(
        "Survey",
        "Responses",
        "{n} responses",
        "People asked",
        "Supportive answers",
        "response rate",
        "supportive",
    ),
    "petition": Kind("Petition", "Signatures", "{n} signatures"),
    "meeting": Kind(
        "Public meeting",
        "Attendance",
        "{n} attended",
        in_favour="Voted in favour (if a vote was held)",
    ),
    "ballot": Kind(
        "Ballot",
        "Votes cast",
        "{n} votes cast",
        "Electorate (entitled to vote)",
        "Yes votes",
        "turnout",
        "yes",
    ),
    "pledges": Kind("Pledges", "People pledging", "{n} people pledged"),
}
TIPS = {
    "reached": "How many people were asked or could vote: doors knocked, the electorate.",
    "responses": "How many answered, signed, came or voted.",
    "in_favour": "How many answered yes or supported the bid.",
}


def kind_of(key: str) -> Kind:
    fallback = Kind(key.capitalize(), "Responses", "{n} responses", "Reached", "In favour")
    return KINDS.get(key, fallback)


@dataclass(frozen=True)
class EvidenceRow:
    id: int
    kind: str
    title: str
    held_on: dt.date | None
    reached: int | None
    responses: int | None
    in_favour: int | None
    note: str


def shares_text(kind: str, reached: int | None, responses: int | None, yes: int | None) -> str:
    """'67% turnout, 73% yes' (or '' when nothing can be worked out)."""
    spec = kind_of(kind)
    parts = []
    rate = percent(responses, reached) if spec.rate else None
    if rate is not None:
        parts.append(f"{rate}% {spec.rate}")
    share = percent(yes, responses) if spec.in_favour else None
    if share is not None:
        parts.append(f"{share}% {spec.yes}")
    return ", ".join(parts)


def totals_text(rows: list[EvidenceRow]) -> str:
    """One phrase per kind, e.g. 'Ballot: 67% turnout, 73% yes · Petition: 1,834 signatures'."""

    def total(items: list[EvidenceRow], name: str) -> int | None:
        return sum(getattr(r, name) for r in items) if items else None

    phrases = []
    order = {key: n for n, key in enumerate(KINDS)}
    for key in sorted({r.kind for r in rows}, key=lambda k: order.get(k, len(order))):
        items = [r for r in rows if r.kind == key]
        spec = kind_of(key)
        asked = [r for r in items if r.reached and r.responses is not None]
        voted = [r for r in items if r.responses and r.in_favour is not None]
        figures = ", ".join(
            part
            for part in (
                shares_text(key, total(asked, "reached"), total(asked, "responses"), None),
                shares_text(key, None, total(voted, "responses"), total(voted, "in_favour")),
            )
            if part
        )
        if key != "ballot" or not figures:
            counted = spec.total.format(n=f"{sum(r.responses or 0 for r in items):,}")
            figures = counted + (f", {figures}" if figures else "")
        name = spec.label + (f" ({len(items)})" if len(items) > 1 else "")
        phrases.append(f"{name}: {figures}")
    return " · ".join(phrases)


class EvidenceDialog(RecordDialog):
    """One item of evidence; its count labels follow its kind, shares shown as you type."""

    def __init__(self, parent, title, today: dt.date, submit) -> None:  # type: ignore[no-untyped-def]
        super().__init__(parent, title, submit)
        self.kind = labelled(
            QComboBox(), "Kind of evidence", "Survey, petition, public meeting, ballot or pledges."
        )
        for key in EVIDENCE_KINDS:
            self.kind.addItem(kind_of(key).label, key)
        self.title_edit = labelled(
            QLineEdit(), "Title", "A short name, e.g. 'Door-to-door survey, May 2026'."
        )
        self.date = DateField(today, past_only=True, optional=True, what="Evidence")
        self.date.setFocusProxy(self.date.edit)
        self.date.edit.setAccessibleName("Date held")
        self.counts = {name: labelled(QLineEdit(), name, TIPS[name]) for name in COUNTS}
        for edit in self.counts.values():
            edit.setMaximumWidth(160)
            edit.setPlaceholderText("a whole number")
            edit.textChanged.connect(self._live)
        self.live = note_label()
        self.live.setAccessibleName("Shares worked out from the figures")
        self.note = labelled(
            QPlainTextEdit(), "Note", "Anything the council should know: what was asked, how."
        )
        self.note.setTabChangesFocus(True)
        self.note.setFixedHeight(72)
        self.form.addRow("&Kind:", self.kind)
        self.form.addRow("&Title:", self.title_edit)
        self.form.addRow("&Date:", self.date)
        for name in COUNTS:
            self.form.addRow(name, self.counts[name])
        self.form.addRow("", self.live)
        self.form.addRow("&Note:", self.note)
        self.kind.currentIndexChanged.connect(self._relabel)
        self._relabel()

    def kind_key(self) -> str:
        return self.kind.currentData()

    def fill(self, row: EvidenceRow) -> None:
        self.kind.setCurrentIndex(max(self.kind.findData(row.kind), 0))
        self.title_edit.setText(row.title)
        self.date.set_value(row.held_on)
        for name in COUNTS:
            value = getattr(row, name)
            self.counts[name].setText("" if value is None else str(value))
        self.title_edit.setCursorPosition(0)
        self.note.setPlainText(row.note)

    def _relabel(self) -> None:
        spec = kind_of(self.kind_key())
        for name in COUNTS:
            text = getattr(spec, name)
            label = self.form.labelForField(self.counts[name])
            if text is not None and isinstance(label, QLabel):
                label.setText(f"{text}:")
                label.setBuddy(self.counts[name])
                self.counts[name].setAccessibleName(text)
            self.form.setRowVisible(self.counts[name], text is not None)
        self._live()

    def _parsed(self) -> dict[str, int | None]:
        spec = kind_of(self.kind_key())
        return {
            name: parse_count(self.counts[name].text(), getattr(spec, name))
            if getattr(spec, name) is not None
            else None
            for name in COUNTS
        }

    def _live(self) -> None:
        try:
            counts = self._parsed()
        except InputError as exc:
            self.live.setText(str(exc))
            self.live.setStyleSheet(f"color: {BAD};")
            return
        spec = kind_of(self.kind_key())
        reached, responses, yes = (counts[name] for name in COUNTS)
        problem = ""
        if reached is not None and responses is not None and responses > reached:
            problem = (
                f"{spec.responses} ({responses:,}) is more than {spec.reached} "
                f"({reached:,}): check the figures."
            )
        elif yes is not None and responses is not None and yes > responses:
            problem = (
                f"{spec.in_favour} ({yes:,}) is more than {spec.responses} "
                f"({responses:,}): check the figures."
            )
        if problem:
            self.live.setText(problem)
            self.live.setStyleSheet(f"color: {BAD};")
            return
        shares = shares_text(self.kind_key(), reached, responses, yes)
        self.live.setText(shares.capitalize() if shares else "")
        self.live.setStyleSheet(f"color: {MUTED};")

    def values(self) -> dict:
        """The fields to save; raises InputError for a count that is not a whole number."""
        if not self.date.is_valid():
            raise InputError(self.date.error())
        return {
            "kind": self.kind_key(),
            "title": self.title_edit.text().strip(),
            "held_on": self.date.value(),
            **self._parsed(),
            "note": self.note.toPlainText().strip(),
        }


class EvidencePage(CasePage):
    """Every item of evidence of support, with a totals line."""

    title = "Evidence of support"
    shows = frozenset({"evidence"})

    def __init__(self, ctx, parent: QWidget | None = None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(ctx, parent)
        self.dialog: EvidenceDialog | None = None
        self.list = RecordList(
            "evidence",
            [
                Column("Kind", lambda r: kind_of(r.kind).label),
                Column("Title", lambda r: r.title),
                Column(
                    "Date",
                    lambda r: format_date_short(r.held_on) if r.held_on else "",
                    sort=lambda r: r.held_on.isoformat() if r.held_on else "",
                ),
                number_column("Reached", lambda r: r.reached, "People asked, or the electorate"),
                number_column(
                    "Responses",
                    lambda r: r.responses,
                    "Responses, signatures, attendance or votes cast",
                ),
                number_column(
                    "In favour", lambda r: r.in_favour, "Supportive answers or yes votes"
                ),
                number_column(
                    "Rate / turnout",
                    self._rate,
                    "Response rate (survey) or turnout (ballot): responses ÷ reached",
                    "%",
                ),
                number_column(
                    "Yes share",
                    lambda r: percent(r.in_favour, r.responses),
                    "In favour ÷ responses",
                    "%",
                ),
                Column("Note", lambda r: " ".join(r.note.split())),
            ],
            key=lambda r: r.id,
        )
        self.list.add_button.setText("&Add evidence…")
        self.list.view.setMinimumHeight(200)
        self.list.addRequested.connect(self.add)
        self.list.editRequested.connect(self.edit)
        self.list.removeRequested.connect(self.remove)
        self.totals = QLabel()
        self.totals.setWordWrap(True)
        self.totals.setAccessibleName("Totals")
        font = self.totals.font()
        font.setBold(True)
        self.totals.setFont(font)
        layout = QVBoxLayout(self)
        add_section(
            layout,
            "Evidence of support",
            "Show the council and funders how much local support there is: surveys, "
            "petitions, public meetings, ballots and pledges, with their numbers. Turnout and "
            "yes share are worked out from the counts.",
        )
        layout.addWidget(self.totals)
        layout.addWidget(self.list, 1)

    @staticmethod
    def _rate(row: EvidenceRow) -> int | None:
        return percent(row.responses, row.reached) if kind_of(row.kind).rate else None

    versioned = ("evidence",)

    @staticmethod
    def read_case(session: Any, case_id: int, today: dt.date) -> list[EvidenceRow]:
        return [
            EvidenceRow(
                e.id,
                e.kind,
                e.title or "",
                e.held_on,
                e.reached,
                e.responses,
                e.in_favour,
                e.note or "",
            )
            for e in session.query(Evidence)
            .filter(Evidence.case_id == case_id)
            .order_by(Evidence.held_on, Evidence.id)
        ]

    def load(self) -> None:
        rows = self.read_page()
        self.list.set_rows(rows)
        self.totals.setText(
            totals_text(rows)
            or "No evidence recorded yet: add a survey, petition, meeting or ballot."
        )

    def add(self) -> None:
        self.dialog = EvidenceDialog(
            self, "Add evidence of support", self.ctx.today, lambda: self._save(None)
        )
        self.dialog.open()

    def edit(self, row: EvidenceRow) -> None:
        self.open_record("evidence", row.id)
        self.dialog = EvidenceDialog(
            self, "Edit evidence of support", self.ctx.today, lambda: self._save(row)
        )
        self.dialog.fill(row)
        self.dialog.open()

    def _save(self, existing: EvidenceRow | None) -> bool:
        case_id, dialog = self.case_id, self.dialog
        assert case_id is not None and dialog is not None

        def run() -> None:
            values = dialog.values()
            label = kind_of(values["kind"]).label.lower()
            fields = {k: v for k, v in values.items() if k != "kind"}
            save_record(
                self,
                "evidence",
                existing.id if existing else None,
                lambda s: services.add_evidence(
                    s, case_id, values["kind"], today=self.ctx.today, **fields
                ),
                changed_from(existing, values),
                add_text=f"Add a {label}",
                edit_text=f"Edit a {label}",
                shown=existing,
            )

        return self.attempt(run, "The evidence could not be saved")

    def remove(self, row: EvidenceRow) -> None:
        what = row.title or kind_of(row.kind).label.lower()
        remove_record(
            self,
            "evidence",
            row.id,
            question=("Remove evidence", f"Remove “{what}”? You can undo this."),
            text=f"Remove {what}",
            failure="The evidence could not be removed",
        )
