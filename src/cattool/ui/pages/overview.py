"""Overview: where the case stands, what must happen next, the timeline and the notes,
on one screen a committee can look at together."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QEvent,
    QModelIndex,
    QObject,
    Qt,
)
from PySide6.QtGui import QBrush, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from cattool.core import queries
from cattool.core.dates import format_date_weekday_long
from cattool.core.model import Case
from cattool.core.portfolio import CaseDetail
from cattool.core.rules.engine import DUE_SOON, Deadline
from cattool.ui.commands import EditFieldsCommand, push
from cattool.ui.context import WorkspaceContext
from cattool.ui.deadline_detail import WHO_WORDS
from cattool.ui.models import AnyIndex, days_text, deadline_label
from cattool.ui.pages.base import CasePage
from cattool.ui.pages.tasks import TaskItem, read_tasks
from cattool.ui.record_models import DUE_SOON_STYLE
from cattool.ui.timeline import TimelineWidget

_SOON = DUE_SOON_STYLE


@dataclass(frozen=True, slots=True)
class Action:
    """One of the next things to happen: a deadline, or a task when deadlines are few."""

    date: dt.date | None
    days_left: int | None
    who: str
    what: str
    urgent: bool
    detail: str


def _deadline_action(d: Deadline) -> Action:
    return Action(
        d.date,
        d.days_left,
        WHO_WORDS.get(d.who, "No one: a date to know"),
        deadline_label(d),
        d.status == DUE_SOON,
        d.explanation,
    )


def next_actions(detail: CaseDetail, tasks: Sequence[TaskItem], today: dt.date) -> list[Action]:
    """The next three things for the committee: open deadlines the group must meet or
    chase the council on come first; open tasks due soonest make up the three; only then
    dates to know (the owner's windows, periods ending)."""
    running = sorted((d for d in detail.deadlines if d.is_open), key=lambda d: d.date)
    open_ = [d for d in running if d.who in ("group", "council")][:3]
    actions = [_deadline_action(d) for d in open_]
    shown = {d.key for d in open_}
    waiting = [t for t in tasks if t.done_on is None and t.deadline_key not in shown]
    waiting.sort(key=lambda t: (t.due is None, t.due or dt.date.max, t.id))
    for task in waiting[: 3 - len(actions)]:
        left = (task.due - today).days if task.due else None
        actions.append(
            Action(
                task.due,
                left,
                "The community group",
                f"Task: {task.title}",
                left is not None and left <= 14,
                task.note,
            )
        )
    for d in [d for d in running if d not in open_][: max(0, 3 - len(actions))]:
        actions.append(_deadline_action(d))
    return actions


class ActionsModel(QAbstractTableModel):
    WHEN, DAYS, WHO, WHAT = range(4)
    HEADERS = ("When", "Days left", "Who must act", "What")

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[Action] = []
        self._bold = QFont()
        self._bold.setBold(True)

    def set_rows(self, rows: Sequence[Action]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def action_at(self, row: int) -> Action:
        return self._rows[row]

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.HEADERS[section]
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        action, column = self._rows[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == self.WHEN:
                return format_date_weekday_long(action.date) if action.date else "No date"
            if column == self.DAYS:
                return days_text(action.days_left)
            return action.who if column == self.WHO else action.what
        if role == Qt.ItemDataRole.FontRole and column in (self.WHEN, self.DAYS):
            return self._bold
        if action.urgent and role == Qt.ItemDataRole.ForegroundRole:
            return QBrush(_SOON[0])
        if action.urgent and role == Qt.ItemDataRole.BackgroundRole:
            return QBrush(_SOON[1])
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{action.what}\n\n{action.detail}".strip()
        return None


def read_overview(
    session: Any, case_id: int, today: dt.date, known: CaseDetail | None = None
) -> tuple[CaseDetail, list[TaskItem], str, int]:
    """The case's detail (`known`: already read), tasks, notes and the case row's version."""
    detail = known or queries.case_detail(session, case_id, today)
    case = session.get(Case, case_id)
    tasks = read_tasks(session, case_id, detail.deadlines)
    return detail, tasks, case.notes or "", case.version


class OverviewPage(CasePage):
    title = "Overview"
    shows = frozenset({"case", "event", "task", "regime_setting"})

    def __init__(self, ctx: WorkspaceContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self._saved_notes = ""
        #: The stored notes and the case's version when the text last matched the store:
        #: what a save of typing begun then is checked against (a colleague's change
        #: meanwhile is a conflict, not overwritten).
        self._notes_start: tuple[str, int | None] = ("", None)
        self._known_detail: tuple[CaseDetail, dt.date] | None = None
        self.stage = QLabel()
        self.stage.setAccessibleName("Stage")
        self.stage.setToolTip("The stage the case has reached, worked out from its events")
        font = self.stage.font()
        font.setPointSizeF(font.pointSizeF() * 1.9)
        font.setBold(True)
        self.stage.setFont(font)
        self.stage.setWordWrap(True)
        self.regime = QLabel()
        self.regime.setAccessibleName("Law that applies")
        self.regime.setWordWrap(True)

        self.actions = ActionsModel(self)
        self.actions_view = QTableView()
        self.actions_view.setModel(self.actions)
        self.actions_view.setAccessibleName("Next actions")
        self.actions_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.actions_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.actions_view.setShowGrid(False)
        self.actions_view.setAlternatingRowColors(True)
        self.actions_view.verticalHeader().hide()
        self.actions_view.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        header = self.actions_view.horizontalHeader()
        for column in (ActionsModel.WHEN, ActionsModel.DAYS, ActionsModel.WHO):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(ActionsModel.WHAT, QHeaderView.ResizeMode.Stretch)
        self.no_actions = QLabel("Nothing is due: no deadline is running and no task is open.")
        self.no_actions.setWordWrap(True)

        self.timeline = TimelineWidget()

        self.notes = QPlainTextEdit()
        self.notes.setAccessibleName("Case notes")
        self.notes.setToolTip(
            "Notes for the committee. Saved when you leave the box or press Save."
        )
        self.notes.setPlaceholderText("Anything the committee should know about this case…")
        self.notes.setTabChangesFocus(True)
        self.notes.setMinimumHeight(80)
        self.notes.installEventFilter(self)
        self.notes.textChanged.connect(self._show_dirty)
        self.save_notes_button = QPushButton("&Save notes")
        self.save_notes_button.setAccessibleName("Save notes")
        self.save_notes_button.setToolTip(
            "Save the notes (they are also saved when you leave the box)"
        )
        self.save_notes_button.clicked.connect(self.save_notes)
        self.notes_state = QLabel()
        self.notes_state.setAccessibleName("Notes saved or not")

        content = QWidget()
        layout = QVBoxLayout(content)
        layout.addWidget(self.stage)
        layout.addWidget(self.regime)
        next_box = QGroupBox("The next three actions")
        next_layout = QVBoxLayout(next_box)
        next_layout.addWidget(self.actions_view)
        next_layout.addWidget(self.no_actions)
        layout.addWidget(next_box)
        timeline_box = QGroupBox("Timeline")
        QVBoxLayout(timeline_box).addWidget(self.timeline)
        layout.addWidget(timeline_box)
        notes_box = QGroupBox("Notes")
        notes_layout = QVBoxLayout(notes_box)
        notes_layout.addWidget(self.notes)
        row = QHBoxLayout()
        row.addWidget(self.notes_state, 1)
        row.addWidget(self.save_notes_button)
        notes_layout.addLayout(row)
        layout.addWidget(notes_box, 1)

        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(content)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)

    def show_case(self, case_id: int) -> None:
        self.save_notes()  # typing for the case being left is kept, not lost
        self.notes.setPlainText("")
        self._saved_notes = ""
        self._notes_start = ("", None)
        super().show_case(case_id)

    read_case = staticmethod(read_overview)

    def use_detail(self, detail: CaseDetail | None) -> None:
        """The case's detail as the workspace has just read it for its header (None: no
        longer fresh): a load meanwhile uses it rather than reading it again (about a
        third of this page's read)."""
        self._known_detail = None if detail is None else (detail, self.ctx.today)

    def load(self) -> None:
        if self.case_id is None:
            return
        case_id, today = self.case_id, self.ctx.today
        hint, self._known_detail = self._known_detail, None
        known = hint[0] if hint is not None and hint[0].id == case_id and hint[1] == today else None

        detail, tasks, notes, version = self.ctx.read(
            lambda s: read_overview(s, case_id, today, known)
        )
        self.stage.setText(detail.stage_label)
        regime = detail.regime
        extra = " Some of its rules are provisional." if regime.provisional else ""
        self.regime.setText(f"{regime.name} — {regime.law}.{extra}")
        self.regime.setToolTip(regime.summary)
        actions = next_actions(detail, tasks, today)
        self.actions.set_rows(actions)
        self.actions_view.setVisible(bool(actions))
        self.no_actions.setVisible(not actions)
        self._fit_actions()
        self.timeline.set_case(detail, today)
        typed = self.notes.toPlainText()
        if typed in (self._saved_notes, notes):  # in step with the store (else: keep typing)
            if typed != notes:
                self.notes.setPlainText(notes)
            self._notes_start = (notes, version)
        self._saved_notes = notes
        self._show_dirty()

    def _fit_actions(self) -> None:
        view = self.actions_view
        view.resizeRowsToContents()
        rows = sum(view.rowHeight(r) for r in range(self.actions.rowCount()))
        view.setFixedHeight(
            view.horizontalHeader().sizeHint().height() + rows + 2 * view.frameWidth() + 2
        )

    def notes_dirty(self) -> bool:
        return self.notes.toPlainText() != self._saved_notes

    def _show_dirty(self) -> None:
        dirty = self.notes_dirty()
        self.notes_state.setText("Not saved yet" if dirty else "Saved")
        self.save_notes_button.setEnabled(dirty)

    def save_notes(self) -> None:
        if self.case_id is None or not self.notes_dirty():
            return
        case_id, text = self.case_id, self.notes.toPlainText()
        base, version = self._notes_start
        saved = []

        def save() -> None:
            push(self.ctx, EditFieldsCommand(
                self.ctx, "case", case_id, {"notes": text}, "Edit the case notes",
                expected_version=version, base={"notes": base},
            ))  # fmt: skip
            saved.append(True)

        self.attempt(save, "The notes could not be saved")  # a conflict: settled there
        if saved:
            self._saved_notes = text
        self._show_dirty()

    def reload_stored(self) -> None:
        """After a conflict over the notes: show what is stored now (the typing was
        offered in the conflict dialog; kept, it would be saved against the old notes)."""
        self._saved_notes = self.notes.toPlainText()
        self.load()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FocusOut and watched is self.notes and self.isVisible():
            self.save_notes()
        return super().eventFilter(watched, event)
