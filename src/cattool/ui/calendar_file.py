"""The open case's calendar file: where to save it (a native dialog) and writing it.

Apart from calendar_export.py (the menu's glue, imported at start-up) because this part
imports the queries and so SQLAlchemy: it is imported only when a calendar is exported.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QFileDialog, QWidget

from cattool.core import queries
from cattool.core.errors import InputError

if TYPE_CHECKING:
    from cattool.core.store import Store


def ask_calendar_file(parent: QWidget, case_name: str, folder: Path) -> Path | None:
    """Ask where to save a case's calendar (a native dialog); the .ics file, or None."""
    safe = "".join(c if c.isalnum() or c in " -_" else "_" for c in case_name).strip()
    path, _ = QFileDialog.getSaveFileName(
        parent, "Export calendar", str(folder / f"{safe or 'case'} deadlines.ics"),
        "Calendar files (*.ics)",
    )  # fmt: skip
    if not path:
        return None
    return Path(path) if path.lower().endswith(".ics") else Path(f"{path}.ics")


def write_case_calendar(store: Store, case_id: int, today: dt.date, target: Path) -> int:
    """Work out a case's deadlines and write them to `target` as an .ics file; the number
    of dates. Touches no Qt object, so it runs on a worker thread (its own session).
    Raises NotFoundError for a case that has gone, InputError when the file cannot be
    written."""
    from cattool.core.ical import write_calendar

    with store.session() as session:
        detail = queries.case_detail(session, case_id, today)
    try:
        return write_calendar(target, detail.uid, detail.name, detail.deadlines)
    except OSError as exc:
        raise InputError(f"{target} could not be written: {exc.strerror or exc}.") from exc
