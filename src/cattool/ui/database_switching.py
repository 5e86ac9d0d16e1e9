"""File → Open database and File → Recent: switching the main window to another
database on a worker thread, keeping the current one if the new one cannot be opened.

Its own module because switching is a concern of its own: opening (and migrating) the
file and reading its cases happen off the UI thread, and the old data is let go only
once the new is on screen.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from cattool.ui import settings
from cattool.ui.case_source import CaseSource
from cattool.ui.portfolio_loader import PortfolioLoader, PreparedLoad
from cattool.ui.worker import Task, error_text, run_in_background

log = logging.getLogger(__name__)

DATABASE_FILTER = "cattool databases (*.sqlite *.sqlite3 *.db);;All files (*)"


class DatabaseSwitching:
    """File → Open database and the recent databases of `MainWindow`."""

    def choose_database(self) -> Task[tuple[CaseSource, PreparedLoad]] | None:
        """File → Open database: ask for a file, then open it in the background."""
        start = str(Path(self._source.path).parent) if self._source.path else str(Path.home())
        path, _ = QFileDialog.getOpenFileName(self, "Open database", start, DATABASE_FILTER)
        return self.open_database(path) if path else None

    def open_database(self, location: str) -> Task[tuple[CaseSource, PreparedLoad]]:
        """Switch to another database; on failure say why and keep the current one.

        Opening (and migrating) the database and reading its cases happen on a worker
        thread; the switch happens when they are done. Returns the Task: `wait()` (or
        `succeeded()` once `finished`) tells whether the switch was made.
        """
        today = self._today

        def work() -> tuple[CaseSource, PreparedLoad]:
            source = CaseSource.open(location)
            try:
                return source, PortfolioLoader.prepare(source, today)
            except BaseException:
                source.close()
                raise

        def done(opened: tuple[CaseSource, PreparedLoad]) -> None:
            source, prepared = opened
            if today != self._today:  # midnight passed meanwhile: count from the new day
                prepared = None  # type: ignore[assignment]
            try:
                self.dashboard.load(source, self._today, prepared)
            except BaseException:
                source.close()
                raise  # shown by `failed`; the dashboard still shows the old cases
            self._drop_workspace()
            old, self._source = self._source, source
            _close_in_background(self, old)
            settings.remember_database(source.location)
            self.show_dashboard()
            self._update_title()
            self.statusBar().showMessage(f"Opened {source.display_name}.", 5000)
            self.databaseOpened.emit(source.location)

        def failed(exc: Exception) -> None:
            QMessageBox.warning(self, "cattool cannot open that database", error_text(exc))

        def finished() -> None:
            self.open_action.setEnabled(True)
            self.recent_menu.setEnabled(True)

        self.open_action.setEnabled(False)  # one switch at a time
        self.recent_menu.setEnabled(False)
        name = Path(location).name if "://" not in location else "the database"
        task = run_in_background(self, f"Opening {name}", work, done, failed)
        task.finished.connect(finished)
        return task

    def _open_recent(self, location: str) -> None:
        if "://" not in location and not Path(location).is_file():
            settings.forget_database(location)
            QMessageBox.warning(self, "cattool", f"{location} is no longer there.")
            return
        self.open_database(location)


def _close_in_background(widget: QWidget, source: CaseSource) -> None:
    """Let go of the database left behind. Closing an opened store ends its connections
    (SQLite checkpoints its write-ahead log then): tens of milliseconds better spent on
    a worker than on the UI thread just as the new cases appear."""
    if not source.store_is_open:
        source.close()  # nothing to end: the fast path kept no connection open
        return
    run_in_background(
        widget, "Closing the old database", source.close, _ignore, _log_failure, progress=False
    )


def _ignore(_result: object) -> None:
    """Nothing to show once the old database is closed."""


def _log_failure(exc: Exception) -> None:
    """The old database could not be closed cleanly: nothing the user can do about it."""
    log.warning("closing the old database failed: %s", exc)
