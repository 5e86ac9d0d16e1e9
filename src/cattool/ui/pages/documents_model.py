"""The Documents page's table: one row per kind of document with whether it is needed now
and its state (Ready / Missing data / Generated vN on date / Sent on date), and how a
case's documents are read (cattool.documents is imported here only when first used)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from cattool.core.dates import format_date_long
from cattool.ui.forms import BAD, GOOD, MUTED
from cattool.ui.models import AnyIndex, RowsModel

NOT_NOW = "Not at this stage"


@dataclass(frozen=True, slots=True)
class CaseDocs:
    """What the page shows for a case: its identity and every kind's status."""

    uid: str
    reference: str | None
    label: str
    statuses: list[Any]  # documents.registry.DocumentStatus


def read_documents(session: Any, case_id: int, today: dt.date) -> CaseDocs:
    from cattool.documents.facts import load_case_facts
    from cattool.documents.registry import statuses

    facts = load_case_facts(session, case_id, today)
    return CaseDocs(facts.uid, facts.reference, facts.reference or facts.name, statuses(facts))


def generated_at(status: Any) -> dt.datetime:
    """When the latest version was generated, in local time (it is stored in UTC)."""
    stamp = status.latest.generated_at
    if stamp.tzinfo is None:
        stamp = stamp.replace(tzinfo=dt.UTC)
    return stamp.astimezone()


def generated_on(status: Any) -> dt.date:
    """The (local) day the latest version was generated."""
    return generated_at(status).date()


def state_text(status: Any) -> str:
    """Ready / Missing data / Generated vN on date / Sent on date."""
    from cattool.documents.registry import MISSING, SENT

    if status.state == MISSING:
        return f"Missing data ({len(status.missing)})"
    if status.latest is None:
        return "Ready"
    if status.state == SENT and status.latest.sent_on:
        return f"Sent on {format_date_long(status.latest.sent_on)}"
    return f"Generated v{status.latest.revision} on {format_date_long(generated_on(status))}"


def state_colour(status: Any) -> str | None:
    from cattool.documents.registry import MISSING, SENT

    if not status.applies:
        return MUTED
    return {MISSING: BAD, SENT: GOOD}.get(status.state)


class DocumentsModel(RowsModel):
    TITLE, APPLIES, STATE = range(3)
    HEADERS = ("Document", "Needed now", "State")

    def set_rows(self, rows: list[Any]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row_for_key(self, key: str) -> int | None:
        return next((r for r, s in enumerate(self._rows) if s.kind.key == key), None)

    def _text(self, status: Any, column: int) -> str:
        if column == self.TITLE:
            return status.kind.title
        if column == self.APPLIES:
            return "Yes" if status.applies else NOT_NOW
        return state_text(status)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        status, column = self._rows[index.row()], index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._text(status, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == self.TITLE:
                return status.kind.summary
            if column == self.APPLIES:
                return (
                    "Needed at the case's current stage"
                    if status.applies
                    else "Not needed at this stage of the case (shown for reference)"
                )
            return status.describe()
        if role == Qt.ItemDataRole.ForegroundRole:
            colour = MUTED if not status.applies else None
            if column == self.STATE:
                colour = state_colour(status)
            return QColor(colour) if colour else None
        return None
