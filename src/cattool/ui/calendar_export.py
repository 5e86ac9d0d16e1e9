"""File → Export calendar: the main window's glue to the calendar export, asking where
to save the open (or selected) case's deadlines and writing the .ics on a worker thread.

The export itself (icalendar, calendar_file.py) is imported only when used.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QMessageBox

from cattool.ui.view_helpers import plural
from cattool.ui.worker import Task, error_text, run_in_background


class CalendarExport:
    """File → Export calendar for `MainWindow`."""

    def export_calendar(self) -> Task[int] | None:
        """Save the open (or selected) case's deadlines as an .ics file, asking where first.

        The deadlines are worked out and the file written on a worker thread. Returns
        the Task (its `result` is the number of dates), or None if nothing was chosen.
        """
        from cattool.ui.calendar_file import ask_calendar_file, write_case_calendar

        case_id = self.shown_case_id() or self.current_case_id()
        if not case_id:
            return None
        folder = Path(self._source.path).parent if self._source.path else Path.home()
        target = ask_calendar_file(self, self._case_name(case_id), folder)
        if target is None:
            return None
        source, today = self._source, self._today

        def done(count: int) -> None:
            self.statusBar().showMessage(f"Saved {plural(count, 'date')} to {target.name}.", 8000)

        def failed(exc: Exception) -> None:
            QMessageBox.warning(self, "The calendar could not be saved", error_text(exc))

        return run_in_background(
            self,
            f"Saving {target.name}",
            lambda: write_case_calendar(source.store, case_id, today, target),
            done,
            failed,
        )

    def _case_name(self, case_id: int) -> str:
        """The case's name as on screen (the workspace header, or the dashboard's row)."""
        workspace = self.workspace
        if workspace is not None and workspace.case_id == case_id and workspace.detail is not None:
            return workspace.detail.name
        row = self.case_model.row_for_case(case_id)
        return self.case_model.case_at(row).name if row is not None else "case"
