"""The reminders dock beside the dashboard: the window's glue between the portfolio the
dashboard has worked out and the reminders panel and scheduler.

Apart from the reminders themselves (reminder_panel.py, reminder_scheduler.py) because
the window imports this before its first paint, and they are only imported after it.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QTimer

from cattool.core.portfolio import AgendaItem

if TYPE_CHECKING:
    from cattool.ui.dashboard import Dashboard


class Reminders(QObject):
    """The reminders dock (cattool.ui.reminder_panel) beside the dashboard, fed from the
    portfolio the dashboard has already worked out, and the day rolling on at midnight.

    Created with the window; the panel and its scheduler only once every case is known
    (after the first paint), so start-up never waits for them. View → Reminders toggles
    the panel; the window's `reminders_action` is wired here.
    """

    def __init__(self, window, dashboard: Dashboard, today: dt.date, open_case) -> None:  # type: ignore[no-untyped-def]
        super().__init__(window)
        self.window, self.dashboard, self.open_case = window, dashboard, open_case
        self.started_on, self.real_start = today, dt.date.today()
        self.panel = self.scheduler = None
        self.action = window.reminders_action
        self.action.toggled.connect(lambda on: self.panel is not None and self.panel.setVisible(on))
        dashboard.loaded.connect(self.refresh)

    def clock(self) -> dt.date:
        """Today as the window counts it: the start date (which may have been given), moved
        on as the real calendar moves on while the window stays open."""
        return self.started_on + (dt.date.today() - self.real_start)

    def refresh(self) -> None:
        if self.panel is None:
            if self.dashboard.has_shown():
                QTimer.singleShot(0, self, self.start)
        elif self.dashboard.loader.is_finished() and self.scheduler is not None:
            self.scheduler.refresh()

    def start(self) -> None:
        if self.panel is not None:
            return
        from cattool.ui.reminder_panel import RemindersPanel
        from cattool.ui.reminder_scheduler import ReminderScheduler

        window = self.window
        self.panel = panel = RemindersPanel(self.clock(), window)
        window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, panel)
        if not window.restoreDockWidget(panel):
            panel.hide()  # the dashboard's agenda is on screen already
        panel.visibilityChanged.connect(lambda _v: self.action.setChecked(not panel.isHidden()))
        panel.openCase.connect(lambda case_id: self.open_case(case_id, "Deadlines"))
        self.scheduler = ReminderScheduler(panel, self.items, self, clock=self.clock)
        self.scheduler.start()
        self.action.setEnabled(True)
        self.action.setChecked(not panel.isHidden())

    def items(self, days: int) -> list[AgendaItem]:
        """What the reminders show: open deadlines within each case's own horizon.

        Filtered from the dashboard's agenda (worked out once, far enough ahead for
        every horizon, and kept up to date case by case), so a refresh after a change
        does no engine work for the other cases. Same result as `due_items`.
        """
        from cattool.ui.reminder_settings import case_horizons

        today = self.clock()
        if today != self.dashboard.today:  # past midnight: every "days left" moves on
            self.window.set_today(today)
        own = case_horizons()
        loader = self.dashboard.loader
        ahead = max([days, *own.values()])
        loader.extra_days = ahead  # later agendas are worked out this far too
        every = loader.agenda_cached(ahead)
        if every is None:
            every = loader.agenda(ahead)
        return [
            item
            for item in every
            if item.deadline.date is not None
            and (item.deadline.date - today).days <= max(0, own.get(item.case_id, days))
        ]
