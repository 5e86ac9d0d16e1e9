"""The dashboard's "Coming up" agenda: its table model and the panel that shows it.

Its own module because the agenda is a concern of its own: worked out across every case
(at once for a small portfolio, on a worker thread for a large one), cached by the
PortfolioLoader, and opened row by row at a case's deadline.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QModelIndex, QTimer
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from cattool.core.dates import format_date_short, format_date_weekday_long
from cattool.core.portfolio import AgendaItem, rag_state
from cattool.ui import portfolio_loader
from cattool.ui.models import (
    _ACCESSIBLE,
    _DECORATION,
    _DISPLAY,
    _TOOLTIP,
    ID_ROLE,
    KEY_ROLE,
    AnyIndex,
    RowsModel,
    _RagIcons,
    days_text,
    deadline_label,
)
from cattool.ui.view_helpers import configure_table, plural, scaled_font

DEFAULT_AGENDA_DAYS = 30

AGENDA_START_DELAY_MS = 40  # the agenda worker waits for the loaded rows' first paint


class AgendaTableModel(RowsModel):
    """Deadlines across every case in the next N days, soonest first."""

    DATE, DAYS, CASE, DEADLINE = range(4)
    HEADERS = ("Date", "Days left", "Case", "Deadline")
    _rows: list[AgendaItem]

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._display: list[tuple[str, str, str, str]] = []

    def set_rows(self, rows: Sequence[AgendaItem], today: dt.date | None = None) -> None:
        """Show `rows`; dates in `today`'s year leave the year out (it is plain)."""
        self.beginResetModel()
        self._rows = list(rows)

        def when(date: dt.date | None) -> str:
            if date is None:
                return "—"
            text = format_date_short(date)
            return text.rsplit(" ", 1)[0] if today is not None and date.year == today.year else text

        self._display = [
            (
                when(item.deadline.date),
                days_text(item.deadline.days_left),
                item.case_name,
                deadline_label(item.deadline),
            )
            for item in self._rows
        ]
        self.endResetModel()

    def item_at(self, row: int) -> AgendaItem:
        return self._rows[row]

    def items(self) -> list[AgendaItem]:
        return list(self._rows)

    def data(self, index: AnyIndex, role: int = _DISPLAY) -> Any:
        if not index.isValid():
            return None
        row, column = index.row(), index.column()
        if role == _DISPLAY:
            return self._display[row][column]
        item = self._rows[row]
        if role == ID_ROLE:
            return item.case_id
        if role == KEY_ROLE:
            return item.deadline.key
        if role == _DECORATION and column == self.DAYS:
            return _RagIcons.get(rag_state(item.deadline))
        if role in (_TOOLTIP, _ACCESSIBLE):
            deadline = item.deadline
            when = format_date_weekday_long(deadline.date) if deadline.date else ""
            text = f"{item.case_name}: {deadline_label(deadline)}, {when} ({self._display[row][1]})"
            if role == _TOOLTIP:
                return f"{text}\nClick to open the case at its deadlines."
            return text
        return None


class DashboardAgenda:
    """The agenda panel of `Dashboard`: built, filled and opened from here."""

    def _build_agenda(self) -> QWidget:
        box = QFrame()
        box.setObjectName("agendaPanel")
        heading = QLabel("Coming up")
        heading.setFont(scaled_font(heading, 1.25, bold=True))

        self.agenda_days = QSpinBox()
        self.agenda_days.setObjectName("agendaDays")
        self.agenda_days.setRange(1, 366)
        self.agenda_days.setValue(DEFAULT_AGENDA_DAYS)
        self.agenda_days.setSuffix(" days")
        self.agenda_days.setAccessibleName("Agenda: days ahead")
        self.agenda_days.setToolTip("How far ahead the agenda looks")
        self.agenda_days.setKeyboardTracking(False)  # typing "90" does not compute "9"
        self.agenda_days.valueChanged.connect(lambda _v: self.update_agenda())
        within = QLabel("Deadlines in the &next")
        within.setBuddy(self.agenda_days)
        row = QHBoxLayout()
        row.addWidget(within)
        row.addWidget(self.agenda_days)
        row.addStretch(1)

        self.agenda_view = QTableView()
        self.agenda_view.setObjectName("agendaTable")
        self.agenda_view.setAccessibleName("Agenda")
        self.agenda_view.setAccessibleDescription(
            "Deadlines across all cases, soonest first. Press Enter to open the case."
        )
        configure_table(self.agenda_view)
        self.agenda_view.setModel(self.agenda_model)
        # Two lines a row, so a deadline's long label can be read whole.
        self.agenda_view.setWordWrap(True)
        metrics = self.agenda_view.fontMetrics()
        self.agenda_view.verticalHeader().setDefaultSectionSize(metrics.lineSpacing() * 2 + 10)
        for column, sample in (
            (AgendaTableModel.DATE, "Wed 30 Sep 2026"),
            (AgendaTableModel.DAYS, "99 days"),
            (AgendaTableModel.CASE, "The Old Bell, Camden"),
        ):
            extra = 24 if column == AgendaTableModel.DAYS else 0
            self.agenda_view.setColumnWidth(column, metrics.horizontalAdvance(sample) + 20 + extra)
        self.agenda_view.horizontalHeader().setStretchLastSection(True)
        self.agenda_view.clicked.connect(self._open_agenda_index)
        self.agenda_view.installEventFilter(self)

        self.agenda_note = QLabel()
        self.agenda_note.setObjectName("agendaNote")
        self.agenda_note.setAccessibleName("Agenda summary")
        self.agenda_note.setWordWrap(True)

        layout = QVBoxLayout(box)
        layout.setContentsMargins(8, 0, 0, 0)
        layout.addWidget(heading)
        layout.addLayout(row)
        layout.addWidget(self.agenda_view, 1)
        layout.addWidget(self.agenda_note)
        return box

    def agenda_items(self, days: int | None = None) -> list[AgendaItem]:
        """The agenda for `days` ahead (default: the spin box) across all cases."""
        if self.source is None:
            return []
        return self.loader.agenda(self.agenda_days.value() if days is None else days)

    def update_agenda(self) -> bool:
        """Show the agenda for the spin box's days; True if it is on screen now.

        Served from the loader's cached agenda when it reaches far enough. Otherwise a
        small portfolio works it out at once; a large one on a worker thread (the old
        agenda stays until the new one is shown; `is_loaded()` is False meanwhile).
        """
        if self.source is None:
            return True
        days = self.agenda_days.value()
        items = self.loader.agenda_cached(days)
        if items is None and self.case_model.rowCount() > portfolio_loader.SMALL_PORTFOLIO:
            self._agenda_in_background(days)
            return False
        self._show_agenda(self.loader.agenda(days) if items is None else items, days)
        return True

    def _agenda_in_background(self, days: int) -> None:
        from cattool.ui.worker import run_in_background

        self._agenda_stale = True
        wanted = (self.loader._current_key(), days)
        if self._agenda_pending == wanted:
            return  # already on its way (changes meanwhile are patched in when it arrives)
        self._agenda_pending = wanted
        self._agenda_serial += 1
        serial = self._agenda_serial
        work, finish = self.loader.agenda_job(days)

        def done(items: list[AgendaItem]) -> None:
            if serial != self._agenda_serial:
                return  # a newer request is on its way
            self._agenda_pending = None
            shown = finish(items)
            if shown is None:
                return  # another load replaced this one; its own agenda follows
            self._show_agenda(shown, days)
            if self._emit_loaded and self.loader.is_finished():
                self._emit_loaded = False
                self.loaded.emit()

        def failed(exc: Exception) -> None:
            if serial == self._agenda_serial:
                self._agenda_pending = None
            from cattool.ui.worker import show_error

            show_error(self, "Working out the agenda", exc)

        def start() -> None:
            if serial == self._agenda_serial:  # not replaced by a newer request meanwhile
                run_in_background(
                    self, "Working out the agenda", work, done, failed, progress=False
                )

        # A moment later, not now: the rows just loaded are painted first. Started at
        # once, the worker's Python competed with every cell the paint asked Python for
        # (each waits for the interpreter), and the paint took 100-190 ms.
        QTimer.singleShot(AGENDA_START_DELAY_MS, self, start)

    def _show_agenda(self, items: list[AgendaItem], days: int) -> None:
        self.agenda_model.set_rows(items, self.today)
        self._agenda_stale = False
        if items:
            cases = len({item.case_id for item in items})
            self.agenda_note.setText(
                f"{plural(len(items), 'deadline')} in {plural(cases, 'case')}. "
                "Click one to open the case."
            )
        else:
            self.agenda_note.setText(f"Nothing falls due in the next {plural(days, 'day')}.")

    def _open_agenda_index(self, index: QModelIndex) -> None:
        if index.isValid():
            self.openCase.emit(index.data(ID_ROLE), "Deadlines", index.data(KEY_ROLE))

    def open_agenda_row(self, row: int) -> None:
        self._open_agenda_index(self.agenda_model.index(row, 0))
