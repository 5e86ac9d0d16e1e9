"""The reminders' scheduler: refreshes the panel on start, once a day and when the date
changes at midnight, and raises a system notification (where the desktop has a tray)
for anything due within three days that has not been notified today.

Apart from the panel because it is about time and the desktop, not about drawing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QGuiApplication, QIcon
from PySide6.QtWidgets import QApplication, QStyle, QSystemTrayIcon

from cattool.core.errors import InputError
from cattool.core.portfolio import AgendaItem
from cattool.ui.reminder_panel import RemindersPanel
from cattool.ui.reminder_rules import URGENT_DAYS, notification_text


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
