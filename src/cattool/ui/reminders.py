"""Reminders: the deadlines due soon across every case, in a dock, plus a daily nudge.

Three parts:

- `due_items()` is pure (no Qt objects, no settings): which open deadlines fall within the
  reminder horizon, where a case's own horizon overrides the global one.
- `RemindersPanel` is the dock the committee looks at: soonest first, red for three days
  or less, amber otherwise, and a spin box for how far ahead to look.
- `ReminderScheduler` refreshes the panel on start, once a day and when the date changes
  at midnight, and raises a system notification (where the desktop has a tray) for
  anything due within three days that has not been notified today.

Horizons live in QSettings("cattool", "cattool"): the global one under
"reminders/horizon_days", a case's own under "reminders/case/<case id>/horizon_days".
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import html
from collections.abc import Callable, Iterable

from PySide6.QtCore import (
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QPoint,
    QRectF,
    QSettings,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QColor,
    QGuiApplication,
    QIcon,
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
    QSystemTrayIcon,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from cattool.core.dates import format_date_short, format_date_weekday_long
from cattool.core.errors import InputError
from cattool.core.portfolio import AgendaItem, Snapshot, agenda_items

DEFAULT_HORIZON_DAYS = 14
MIN_HORIZON_DAYS = 1
MAX_HORIZON_DAYS = 120
URGENT_DAYS = 3  # red, and worth a system notification

SETTINGS_ORGANISATION = "cattool"
SETTINGS_APPLICATION = "cattool"
HORIZON_KEY = "reminders/horizon_days"
CASE_GROUP = "reminders/case"
CASE_HORIZON_KEY = CASE_GROUP + "/{case}/horizon_days"

WHO_MUST_ACT = {
    "group": "The community group must act",
    "council": "The council must act",
    "owner": "The owner must act",
}
NOBODY_ACTS = "For information: nobody has to act by this date"

# Red and amber for the stripe; text colours tuned for light and for dark themes.
STRIPE = {"red": QColor("#c62828"), "amber": QColor("#ef9f00")}
TEXT_ON_LIGHT = {"red": QColor("#a31515"), "amber": QColor("#7a4a00")}
TEXT_ON_DARK = {"red": QColor("#ff8a80"), "amber": QColor("#ffcc66")}


# --- pure: which deadlines are due ---------------------------------------------------


def due_items(
    snapshot: Snapshot,
    today: dt.date,
    global_days: int,
    case_days: dict[int, int],
) -> list[AgendaItem]:
    """Open deadlines due from `today` to each case's horizon ahead, soonest first.

    A case listed in `case_days` uses its own number of days; every other case uses
    `global_days`. Cases sharing a horizon are computed together by
    `portfolio.agenda_items`, so the usual (single-horizon) case is one pass.
    """
    by_horizon: dict[int, list] = {}
    for case in snapshot.cases:
        days = max(0, int(case_days.get(case.id, global_days)))
        by_horizon.setdefault(days, []).append(case)
    items: list[AgendaItem] = []
    for days, cases in by_horizon.items():
        part = dataclasses.replace(snapshot, cases=cases)  # shares events and regime cache
        items.extend(agenda_items(part, today, days))
    items.sort(key=lambda item: (item.deadline.date, item.case_name, item.deadline.key))
    return items


def days_left_phrase(days: int) -> str:
    """'today', 'tomorrow', 'in 5 days', '3 days overdue': how a meeting says it."""
    if days == 0:
        return "today"
    if days == 1:
        return "tomorrow"
    if days > 1:
        return f"in {days} days"
    return "1 day overdue" if days == -1 else f"{-days} days overdue"


def urgency(days: int) -> str:
    """'red' for three days or less (or overdue), else 'amber'."""
    return "red" if days <= URGENT_DAYS else "amber"


def _within(days: int) -> str:
    return "today or tomorrow" if days == 1 else f"in the next {days} days"


def nothing_due_text(days: int) -> str:
    """The empty state: 'Nothing due in the next 14 days.'"""
    return f"Nothing due {_within(days)}."


# --- settings ------------------------------------------------------------------------


def _settings() -> QSettings:
    # The default format (native unless changed, as tests do) rather than the two-string
    # constructor, which always means the native format (the registry on Windows).
    return QSettings(
        QSettings.defaultFormat(),
        QSettings.Scope.UserScope,
        SETTINGS_ORGANISATION,
        SETTINGS_APPLICATION,
    )


def _clamp(days: int) -> int:
    return max(MIN_HORIZON_DAYS, min(MAX_HORIZON_DAYS, days))


def _read_int(settings: QSettings, key: str) -> int | None:
    value = settings.value(key)
    if value is None or value == "":
        return None
    try:
        return int(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None  # a hand-edited settings file: ignore the bad value


def global_horizon() -> int:
    """The global reminder horizon in days (default 14)."""
    value = _read_int(_settings(), HORIZON_KEY)
    return DEFAULT_HORIZON_DAYS if value is None else _clamp(value)


def set_global_horizon(days: int) -> None:
    _settings().setValue(HORIZON_KEY, _clamp(int(days)))


def case_horizon(case_id: int | str) -> int | None:
    """A case's own reminder horizon, or None when it follows the global one."""
    value = _read_int(_settings(), CASE_HORIZON_KEY.format(case=case_id))
    return None if value is None else _clamp(value)


def set_case_horizon(case_id: int | str, days: int | None) -> None:
    """Give a case its own horizon; None goes back to the global one."""
    settings = _settings()
    if days is None:
        settings.remove(f"{CASE_GROUP}/{case_id}")
    else:
        settings.setValue(CASE_HORIZON_KEY.format(case=case_id), _clamp(int(days)))


def case_horizons() -> dict[int, int]:
    """Every case's own horizon, by case id: the `case_days` argument of `due_items`."""
    settings = _settings()
    settings.beginGroup(CASE_GROUP)
    names = settings.childGroups()
    settings.endGroup()
    found = {}
    for name in names:
        if name.isdigit():
            days = _read_int(settings, CASE_HORIZON_KEY.format(case=name))
            if days is not None:
                found[int(name)] = _clamp(days)
    return found


# --- the panel -----------------------------------------------------------------------

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


def _who_text(who: str) -> str:
    return WHO_MUST_ACT.get(who, NOBODY_ACTS)


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


def reminder_sentence(item: AgendaItem, days: int) -> str:
    """The whole reminder in one sentence: for screen readers, tooltips and notifications."""
    deadline = item.deadline
    date = format_date_weekday_long(deadline.date) if deadline.date else "no date"
    when = days_left_phrase(days)
    text = f"{item.case_name}: {deadline.label}, {when} ({date}). {_who_text(deadline.who)}."
    if deadline.provisional:
        text += " Provisional: this date rests on rules not yet settled in law."
    return text


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


# --- the scheduler -------------------------------------------------------------------


def notification_text(items: list[AgendaItem], today: dt.date, limit: int = 5) -> str:
    """The words of a notification about `items` (all due within a few days)."""
    if len(items) == 1:
        return reminder_sentence(items[0], (items[0].deadline.date - today).days)  # type: ignore[operator]
    lines = [f"{len(items)} deadlines are due within {URGENT_DAYS} days:"]
    for item in items[:limit]:
        days = (item.deadline.date - today).days  # type: ignore[operator]
        when = days_left_phrase(days)
        date = format_date_short(item.deadline.date)  # type: ignore[arg-type]
        lines.append(
            f"• {when[:1].upper() + when[1:]} ({date}): {item.case_name}: {item.deadline.label}"
        )
    if len(items) > limit:
        lines.append(f"…and {len(items) - limit} more: see Reminders in cattool.")
    return "\n".join(lines)


class ReminderScheduler(QObject):
    """Refreshes the panel on start, daily, and when the date changes; notifies once a day.

    `load_items(horizon_days)` returns the due items (typically `due_items(snapshot,
    scheduler.today(), horizon_days, case_horizons())`). `clock` returns today's date and
    can be replaced in tests.
    """

    notified = Signal(str)  # the notification text, whether or not a tray could show it
    refreshed = Signal(int)  # how many reminders are shown
    failed = Signal(str)  # the items could not be loaded: the reason in plain words

    CHECK_INTERVAL_MS = 10 * 60 * 1000  # is it a new day yet?
    DAILY_MS = 24 * 60 * 60 * 1000
    TITLE = "cattool: deadlines due soon"

    def __init__(
        self,
        panel: RemindersPanel,
        load_items: Callable[[int], list[AgendaItem]],
        parent: QObject | None = None,
        *,
        clock: Callable[[], dt.date] = dt.date.today,
    ) -> None:
        super().__init__(parent)
        self._panel = panel
        self._load_items = load_items
        self._clock = clock
        self._date = clock()
        self._notified_on: dt.date | None = None
        self._notified_keys: set[tuple[int, str, dt.date]] = set()
        self._tray: QSystemTrayIcon | None = None
        self._last_case: int | None = None

        self._daily = QTimer(self)
        self._daily.setInterval(self.DAILY_MS)
        self._daily.timeout.connect(self.refresh)
        self._check = QTimer(self)
        self._check.setInterval(self.CHECK_INTERVAL_MS)
        self._check.timeout.connect(self.check_date)

        panel.horizonChanged.connect(lambda _days: self.refresh())
        panel.caseHorizonChanged.connect(lambda _case, _days: self.refresh())

    def today(self) -> dt.date:
        """The date reminders count from (follows the clock across midnight)."""
        return self._date

    def is_running(self) -> bool:
        return self._check.isActive()

    def start(self) -> None:
        """Refresh now, then once a day and whenever the date changes."""
        self._date = self._clock()
        self.refresh()
        self._check.start()

    def stop(self) -> None:
        self._daily.stop()
        self._check.stop()

    def check_date(self) -> None:
        """Refresh if the date has changed since the last refresh (run every 10 minutes)."""
        if self._clock() != self._date:
            self.refresh()

    def refresh(self) -> None:
        """Reload the items into the panel and notify about any newly urgent ones."""
        self._date = self._clock()
        self._panel.set_today(self._date)
        try:
            items = self._load_items(self._panel.horizon_days())
        except InputError as exc:
            self.failed.emit(str(exc))
            return
        self._panel.refresh(items)
        self._daily.start()  # the next daily refresh is a day after this one
        self.refreshed.emit(len(items))
        self._notify(items)

    def _notify(self, items: list[AgendaItem]) -> None:
        today = self._date
        if self._notified_on != today:
            self._notified_on = today
            self._notified_keys.clear()
        fresh = []
        for item in items:
            date = item.deadline.date
            if date is None or (date - today).days > URGENT_DAYS:
                continue
            key = (item.case_id, item.deadline.key, date)
            if key not in self._notified_keys:
                self._notified_keys.add(key)
                fresh.append(item)
        if not fresh:
            return
        message = notification_text(fresh, today)
        cases = {item.case_id for item in fresh}
        self._last_case = next(iter(cases)) if len(cases) == 1 else None
        if QSystemTrayIcon.isSystemTrayAvailable():
            tray = self._tray_icon()
            tray.showMessage(self.TITLE, message, QSystemTrayIcon.MessageIcon.Warning, 15_000)
        self.notified.emit(message)

    def _tray_icon(self) -> QSystemTrayIcon:
        if self._tray is None:
            icon = QGuiApplication.windowIcon()
            if icon.isNull():
                icon = QApplication.style().standardIcon(
                    QStyle.StandardPixmap.SP_MessageBoxInformation
                )
            self._tray = QSystemTrayIcon(QIcon(icon), self)
            self._tray.setToolTip("cattool reminders")
            self._tray.messageClicked.connect(self._show_panel)
            self._tray.activated.connect(lambda _reason: self._show_panel())
            self._tray.show()
        return self._tray

    def _show_panel(self) -> None:
        window = self._panel.window()
        if window is not None:
            window.showNormal() if window.isMinimized() else window.show()
            window.raise_()
            window.activateWindow()
        self._panel.show()
        self._panel.raise_()
        if self._last_case is not None:
            self._panel.openCase.emit(self._last_case)
            self._last_case = None
