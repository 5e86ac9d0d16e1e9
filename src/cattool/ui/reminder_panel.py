"""The reminders panel: a dock listing the deadlines due within the horizon across every
case, soonest first, red for three days or less and amber otherwise, with a spin box for
how far ahead to look and a case's own horizon from its context menu.

The widget and its painting only; what is due comes from reminder_rules.py, the horizons
from reminder_settings.py, and the refreshing from reminder_scheduler.py.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Iterable

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QPoint, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QColor,
    QKeyEvent,
    QPainter,
    QPalette,
    QStandardItem,
    QStandardItemModel,
    QTextDocument,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QDockWidget,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QListView,
    QMenu,
    QSizePolicy,
    QSpinBox,
    QStackedWidget,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from cattool.core.dates import format_date_short, format_date_weekday_long
from cattool.core.portfolio import AgendaItem
from cattool.ui.reminder_rules import (
    MAX_HORIZON_DAYS,
    MIN_HORIZON_DAYS,
    URGENT_DAYS,
    _who_text,
    _within,
    days_left_phrase,
    nothing_due_text,
    reminder_sentence,
    urgency,
)
from cattool.ui.reminder_settings import (
    _clamp,
    case_horizon,
    case_horizons,
    global_horizon,
    set_case_horizon,
    set_global_horizon,
)

# Red and amber for the stripe; text colours tuned for light and for dark themes.
STRIPE = {"red": QColor("#c62828"), "amber": QColor("#ef9f00")}
TEXT_ON_LIGHT = {"red": QColor("#a31515"), "amber": QColor("#7a4a00")}
TEXT_ON_DARK = {"red": QColor("#ff8a80"), "amber": QColor("#ffcc66")}

ITEM_ROLE = Qt.ItemDataRole.UserRole + 10  # the AgendaItem
CASE_ID_ROLE = Qt.ItemDataRole.UserRole + 11
DAYS_ROLE = Qt.ItemDataRole.UserRole + 12

_PAD = 8
_STRIPE_WIDTH = 5


def _mix(front: QColor, back: QColor, amount: float) -> QColor:
    """`amount` of `front` over `back`: a quieter text colour that keeps its contrast."""
    return QColor(
        round(front.red() * amount + back.red() * (1 - amount)),
        round(front.green() * amount + back.green() * (1 - amount)),
        round(front.blue() * amount + back.blue() * (1 - amount)),
    )


def _is_dark(palette: QPalette) -> bool:
    return palette.color(QPalette.ColorRole.Base).lightness() < 128


class _ReminderDelegate(QStyledItemDelegate):
    """Paints a reminder as a few wrapped lines with a red or amber stripe."""

    def __init__(self, view: QListView) -> None:
        super().__init__(view)
        self._view = view
        self._sizes: dict[tuple[int, int, str], QSize] = {}
        self._documents: dict[tuple, QTextDocument] = {}

    def forget_sizes(self) -> None:
        """Drop what was measured and laid out: the rows have changed."""
        self._sizes.clear()
        self._documents.clear()

    def _document(self, index: QModelIndex | QPersistentModelIndex, option, width: int):
        """The laid-out text of a row (kept: repaints reuse it until the rows change)."""
        palette: QPalette = option.palette
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        key = (index.row(), width, selected, palette.cacheKey(), option.font.key())
        doc = self._documents.get(key)
        if doc is not None:
            return doc
        if len(self._documents) > 400:
            self._documents.clear()
        item: AgendaItem = index.data(ITEM_ROLE)
        days: int = index.data(DAYS_ROLE)
        colours = TEXT_ON_DARK if _is_dark(palette) else TEXT_ON_LIGHT
        if selected:
            text = palette.color(QPalette.ColorRole.HighlightedText)
            accent = subtle = caution = text
        else:
            text = palette.color(QPalette.ColorRole.Text)
            accent = colours[urgency(days)]
            caution = colours["amber"]
            subtle = _mix(text, palette.color(QPalette.ColorRole.Base), 0.68)
        doc = QTextDocument()
        doc.setDocumentMargin(0)
        doc.setDefaultFont(option.font)
        doc.setTextWidth(max(50, width))
        doc.setHtml(
            _item_html(item, days, text.name(), accent.name(), subtle.name(), caution.name())
        )
        self._documents[key] = doc
        return doc

    def _text_width(self, option) -> int:
        width = self._view.viewport().width() if self._view else option.rect.width()
        return width - 2 * _PAD - _STRIPE_WIDTH

    def sizeHint(self, option, index) -> QSize:
        width = self._text_width(option)
        key = (index.row(), width, option.font.key())
        size = self._sizes.get(key)
        if size is None:
            opt = QStyleOptionViewItem(option)
            self.initStyleOption(opt, index)
            doc = self._document(index, opt, width)
            size = QSize(int(doc.idealWidth()) + 2 * _PAD, int(doc.size().height()) + 2 * _PAD)
            self._sizes[key] = size
        return size

    def paint(self, painter: QPainter, option, index) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""  # the background, selection and focus only; the text is ours
        style = opt.widget.style() if opt.widget else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        rect = opt.rect
        days = index.data(DAYS_ROLE)
        painter.save()
        painter.fillRect(
            rect.x() + 2, rect.y() + 4, _STRIPE_WIDTH, rect.height() - 8, STRIPE[urgency(days)]
        )
        doc = self._document(index, opt, rect.width() - 2 * _PAD - _STRIPE_WIDTH)
        painter.translate(rect.x() + _STRIPE_WIDTH + _PAD, rect.y() + _PAD)
        context = QAbstractTextDocumentLayout.PaintContext()
        clip = QRectF(0, 0, rect.width(), rect.height())
        painter.setClipRect(clip)
        context.clip = clip
        doc.documentLayout().draw(painter, context)
        # a hairline between reminders
        painter.restore()
        painter.save()
        line = QColor(opt.palette.color(QPalette.ColorRole.Mid))
        line.setAlpha(90)
        painter.setPen(line)
        painter.drawLine(rect.left() + 4, rect.bottom(), rect.right() - 4, rect.bottom())
        painter.restore()


def _item_html(
    item: AgendaItem, days: int, text: str, accent: str, subtle: str, caution: str
) -> str:
    esc = html.escape
    deadline = item.deadline
    when = days_left_phrase(days)
    date = format_date_short(deadline.date) if deadline.date else "no date"
    provisional = (
        f'<br><span style="color:{caution}; font-weight:600">Provisional date: '
        "rules not yet settled</span>"
        if deadline.provisional
        else ""
    )
    return (
        f'<div style="color:{text}">'
        f'<span style="color:{accent}; font-weight:700">{esc(when[:1].upper() + when[1:])}</span>'
        f" · {esc(date)}<br>"
        f"<b>{esc(item.case_name)}</b><br>"
        f"{esc(deadline.label)}<br>"
        f'<span style="color:{subtle}">{esc(_who_text(deadline.who))}</span>{provisional}'
        "</div>"
    )


class _ReminderList(QListView):
    """A list where Enter and Return open the case (and are not passed on to a dialog)."""

    enterPressed = Signal(QModelIndex)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self.enterPressed.emit(self.currentIndex())
            event.accept()
            return
        super().keyPressEvent(event)


class RemindersPanel(QDockWidget):
    """Deadlines due within the horizon across all cases, soonest first."""

    openCase = Signal(int)
    horizonChanged = Signal(int)
    # A case's own horizon was set (days) or cleared (0): reload the items.
    caseHorizonChanged = Signal(int, int)

    def __init__(self, today: dt.date, parent: QWidget | None = None) -> None:
        super().__init__("Reminders", parent)
        self.setObjectName("remindersPanel")
        self.setAccessibleName("Reminders")
        self.setAccessibleDescription("Deadlines due soon across all your cases")
        self._today = today
        self._items: list[AgendaItem] = []

        body = QWidget(self)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(8, 6, 8, 8)
        layout.setSpacing(6)

        row = QHBoxLayout()
        row.setSpacing(6)
        before = QLabel("Remind me", body)
        self._spin = QSpinBox(body)
        self._spin.setObjectName("reminderHorizon")
        self._spin.setRange(MIN_HORIZON_DAYS, MAX_HORIZON_DAYS)
        self._spin.setKeyboardTracking(False)  # one change when typing "30", not "3" then "30"
        self._spin.setValue(global_horizon())
        self._spin.setAccessibleName("Remind me this many days ahead")
        self._spin.setToolTip(
            "How many days ahead to show deadlines for all cases. A case can have its own "
            "number: select one of its reminders and choose “Days for this case…”."
        )
        before.setBuddy(self._spin)
        after = QLabel("days ahead", body)
        row.addWidget(before)
        row.addWidget(self._spin)
        row.addWidget(after)
        row.addStretch(1)
        layout.addLayout(row)

        self._summary = QLabel(body)
        self._summary.setObjectName("reminderSummary")
        self._summary.setWordWrap(True)
        layout.addWidget(self._summary)

        self._stack = QStackedWidget(body)
        self._model = QStandardItemModel(self)
        self._list = _ReminderList(self._stack)
        self._list.setObjectName("reminderList")
        self._list.setAccessibleName("Deadlines due soon")
        self._list.setModel(self._model)
        self._delegate = _ReminderDelegate(self._list)
        self._list.setItemDelegate(self._delegate)
        # Hundreds of reminders (a long horizon over many cases) are laid out in batches,
        # so the window keeps responding.
        self._list.setLayoutMode(QListView.LayoutMode.Batched)
        self._list.setBatchSize(40)
        self._list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self._list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self._list.setResizeMode(QListView.ResizeMode.Adjust)
        self._list.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self._list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self._list.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self._list.doubleClicked.connect(self._open_index)
        self._list.enterPressed.connect(self._open_index)
        self._list.customContextMenuRequested.connect(self._context_menu)
        self._stack.addWidget(self._list)

        self._empty = QLabel(self._stack)
        self._empty.setObjectName("reminderEmpty")
        self._empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._empty.setWordWrap(True)
        self._empty.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Expanding)
        self._empty.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByKeyboard)
        self._empty.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self._stack.addWidget(self._empty)
        layout.addWidget(self._stack, 1)

        buttons = QHBoxLayout()
        self._open_button = QToolButton(body)
        self._open_button.setText("Open case")
        self._open_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self._open_button.setAccessibleName("Open the selected reminder's case")
        self._open_button.clicked.connect(lambda: self._open_index(self._list.currentIndex()))
        self._case_button = QToolButton(body)
        self._case_button.setText("Days for this case…")
        self._case_button.setAccessibleName("Set how many days ahead to remind for this case")
        self._case_button.setToolTip("Give the selected case its own number of days ahead")
        self._case_button.clicked.connect(self._ask_case_horizon)
        buttons.addWidget(self._open_button)
        buttons.addWidget(self._case_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)

        self.setWidget(body)
        self.setMinimumWidth(260)
        self.setFocusProxy(self._list)
        self._spin.valueChanged.connect(self._horizon_edited)
        self._list.selectionModel().currentChanged.connect(lambda *_: self._update_buttons())
        self.refresh([])

    def sizeHint(self) -> QSize:  # room for a few reminders when docked or floating
        return QSize(320, 520)

    # -- public -----------------------------------------------------------------------

    def horizon_days(self) -> int:
        return self._spin.value()

    def set_horizon_days(self, days: int) -> None:
        """Change the global horizon as if the user had (saved, horizonChanged emitted)."""
        self._spin.setValue(_clamp(days))

    def today(self) -> dt.date:
        return self._today

    def set_today(self, today: dt.date) -> None:
        """The date the days left are counted from (the scheduler moves it at midnight)."""
        self._today = today

    def items(self) -> list[AgendaItem]:
        """What the panel shows, soonest first."""
        return list(self._items)

    def refresh(self, items: Iterable[AgendaItem]) -> None:
        """Show `items` (open deadlines): soonest first; an empty list shows a plain note."""
        current = self._current_key()
        self._items = sorted(
            (i for i in items if i.deadline.date is not None),
            key=lambda i: (i.deadline.date, i.case_name, i.deadline.key),
        )
        self._model.clear()
        self._delegate.forget_sizes()
        own_horizons = case_horizons()
        restore = None
        for item in self._items:
            days = (item.deadline.date - self._today).days  # type: ignore[operator]
            sentence = reminder_sentence(item, days)
            row = QStandardItem(sentence)
            row.setEditable(False)
            row.setData(item, ITEM_ROLE)
            row.setData(item.case_id, CASE_ID_ROLE)
            row.setData(days, DAYS_ROLE)
            row.setData(sentence, Qt.ItemDataRole.AccessibleTextRole)
            own = own_horizons.get(item.case_id)
            tip = sentence
            if item.deadline.explanation:
                tip += "\n\n" + item.deadline.explanation
            if own is not None:
                tip += f"\n\nThis case reminds you {own} days ahead (its own setting)."
            tip += "\n\nDouble-click or press Enter to open the case."
            row.setToolTip(tip)
            self._model.appendRow(row)
            if (item.case_id, item.deadline.key) == current:
                restore = row.index()
        count = len(self._items)
        horizon = self.horizon_days()
        if count:
            red = sum(1 for i in range(count) if urgency(self._days_at(i)) == "red")
            noun = "deadline" if count == 1 else "deadlines"
            text = f"{count} {noun} {_within(horizon)}"
            if red:
                text += f", {red} within {URGENT_DAYS} days"
            self._summary.setText(text + ".")
            self._stack.setCurrentWidget(self._list)
            if restore is not None:
                self._list.setCurrentIndex(restore)
        else:
            self._summary.setText(f"Today is {format_date_weekday_long(self._today)}.")
            self._empty.setText(
                nothing_due_text(horizon)
                + "\n\nDeadlines appear here when they fall within the number of days "
                "you choose above."
            )
            self._empty.setAccessibleName(nothing_due_text(horizon))
            self._stack.setCurrentWidget(self._empty)
        self._update_buttons()

    def case_ids(self) -> list[int]:
        return [item.case_id for item in self._items]

    def row_states(self) -> list[str]:
        """'red' or 'amber' for each row shown, top to bottom."""
        return [urgency(self._days_at(row)) for row in range(self._model.rowCount())]

    def is_empty_state_shown(self) -> bool:
        return self._stack.currentWidget() is self._empty

    def empty_text(self) -> str:
        return self._empty.text()

    def list_view(self) -> QListView:
        return self._list

    def set_case_horizon_for(self, case_id: int, days: int | None) -> None:
        """Store a case's own horizon (None: use the global one) and ask for a reload."""
        set_case_horizon(case_id, days)
        self.caseHorizonChanged.emit(case_id, 0 if days is None else _clamp(days))

    # -- internals --------------------------------------------------------------------

    def _days_at(self, row: int) -> int:
        return self._model.index(row, 0).data(DAYS_ROLE)

    def _current_key(self) -> tuple[int, str] | None:
        index = self._list.currentIndex()
        if not index.isValid():
            return None
        item: AgendaItem = index.data(ITEM_ROLE)
        return (item.case_id, item.deadline.key)

    def _update_buttons(self) -> None:
        has = self._list.currentIndex().isValid() and bool(self._items)
        self._open_button.setEnabled(has)
        self._case_button.setEnabled(has)

    def _horizon_edited(self, days: int) -> None:
        set_global_horizon(days)
        self.horizonChanged.emit(days)

    def _open_index(self, index: QModelIndex | QPersistentModelIndex) -> None:
        if index.isValid():
            self.openCase.emit(int(index.data(CASE_ID_ROLE)))

    def _context_menu(self, pos: QPoint) -> None:
        # A right-click makes the clicked reminder current; the menu key keeps the current
        # one, wherever the pointer is: so the menu is always about the current reminder.
        index = self._list.currentIndex()
        if not index.isValid():
            return
        rect = self._list.visualRect(index)
        if not rect.contains(pos):
            pos = rect.center()
        item: AgendaItem = index.data(ITEM_ROLE)
        own = case_horizon(item.case_id)
        menu = QMenu(self)
        menu.addAction("Open case", lambda: self._open_index(index))
        menu.addSeparator()
        menu.addAction(f"Remind me about “{item.case_name}” …", self._ask_case_horizon)
        general = menu.addAction(
            f"Use the general setting ({self.horizon_days()} days) for this case",
            lambda: self.set_case_horizon_for(item.case_id, None),
        )
        general.setEnabled(own is not None)
        menu.exec(self._list.viewport().mapToGlobal(pos))

    def _ask_case_horizon(self) -> None:
        index = self._list.currentIndex()
        if not index.isValid():
            return
        item: AgendaItem = index.data(ITEM_ROLE)
        own = case_horizon(item.case_id)
        days, ok = QInputDialog.getInt(
            self,
            "Reminders for one case",
            f"Remind me about “{item.case_name}” this many days ahead\n"
            f"(all other cases: {self.horizon_days()} days):",
            own if own is not None else self.horizon_days(),
            MIN_HORIZON_DAYS,
            MAX_HORIZON_DAYS,
        )
        if ok:
            self.set_case_horizon_for(item.case_id, days)
