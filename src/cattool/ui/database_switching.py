"""File → Open database, Connect to shared database… and Recent: switching the main
window to another database on a worker thread, keeping the current one if the new one
cannot be opened.

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

    def connect_shared_database(self) -> Task[tuple[CaseSource, PreparedLoad]] | None:
        """File → Connect to shared database…: ask where and who, then open it in the
        background like a file (the password is remembered, in the keyring only, if the
        user asked and the connection worked)."""
        from cattool.ui.shared_database_dialog import SharedDatabaseDialog

        servers = [r for r in settings.recent_databases() if r.startswith("postgresql")]
        dialog = SharedDatabaseDialog(self, servers[0] if servers else None)
        if dialog.exec() != SharedDatabaseDialog.DialogCode.Accepted:
            return None
        chosen = dialog.connection()
        return self.open_database(
            chosen.url,
            read_only=chosen.read_only,
            password=chosen.password or None,
            remember_password=chosen.remember,
        )

    def open_database(
        self,
        location: str,
        *,
        read_only: bool = False,
        password: str | None = None,
        remember_password: bool = False,
    ) -> Task[tuple[CaseSource, PreparedLoad]]:
        """Switch to another database; on failure say why and keep the current one.

        Opening (and migrating) the database and reading its cases happen on a worker
        thread; the switch happens when they are done. Returns the Task: `wait()` (or
        `succeeded()` once `finished`) tells whether the switch was made. A server's
        `password` is used for this connection only (never put in the recent list), and
        kept in the keyring when `remember_password` and the connection worked.
        """
        today = self._today
        target = _with_password(location, password)

        def work() -> tuple[CaseSource, PreparedLoad]:
            source = CaseSource.open(target, read_only=read_only)
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
            if remember_password and password:
                _remember_password(self, location, password)
            self.show_dashboard()
            self._update_title()
            self.statusBar().showMessage(f"Opened {source.display_name}.", 5000)
            self.databaseOpened.emit(source.location)

        def failed(exc: Exception) -> None:
            QMessageBox.warning(self, "cattool cannot open that database", error_text(exc))

        def finished() -> None:
            self.open_action.setEnabled(True)
            self.connect_action.setEnabled(True)
            self.recent_menu.setEnabled(True)

        self.open_action.setEnabled(False)  # one switch at a time
        self.connect_action.setEnabled(False)
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


def _with_password(location: str, password: str | None) -> str:
    """The URL to connect with: `location` plus the password typed for this connection."""
    if not password or "://" not in location:
        return location
    from sqlalchemy.engine import make_url

    return make_url(location).set(password=password).render_as_string(hide_password=False)


def _remember_password(parent: QWidget, location: str, password: str) -> None:
    """Keep a server's password in the keyring; say so plainly if there is none."""
    from sqlalchemy.engine import make_url

    from cattool.core.secrets import SecretsUnavailable, remember_database_password

    try:
        remember_database_password(make_url(location), password)
    except SecretsUnavailable as exc:
        QMessageBox.warning(parent, "cattool could not remember the password", str(exc))


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
