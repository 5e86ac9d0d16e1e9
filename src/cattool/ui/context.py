"""What every page of the workspace shares: the data, today, the undo stack, and one
signal that says what changed, so each page refreshes only what it shows."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack

from cattool.core.changes import Changes
from cattool.core.errors import InputError

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from cattool.ui.case_source import CaseSource


class WorkspaceContext(QObject):
    """The one way the UI writes: `run(call)` runs a service in a transaction and
    broadcasts the Changes; edits meant to be undoable go through `undo_stack`."""

    changed = Signal(object)  # Changes
    caseOpened = Signal(int)
    failed = Signal(str)  # an undo or redo that could not be applied, in plain words

    def __init__(self, source: CaseSource, today: dt.date, parent: QObject | None = None):
        super().__init__(parent)
        self.source = source
        self.today = today
        self.undo_stack = QUndoStack(self)
        #: Set while a case file is reviewed (casefile_review.py): `run` refuses to write.
        self.read_only_reason = ""

    def run(self, call: Callable[[Session], Any]) -> Any:
        """Run `call(session)` in one transaction; emit what changed. Errors propagate
        (InputError and friends carry a message for the user) and nothing is written."""
        if self.read_only_reason:
            raise InputError(self.read_only_reason)
        with self.source.store.transaction() as session:
            result = call(session)
        changes = result[0] if isinstance(result, tuple) else result
        if isinstance(changes, Changes):
            self.changed.emit(changes)
        return result

    def read(self, call: Callable[[Session], Any]) -> Any:
        """Run a read-only `call(session)` in a short session."""
        with self.source.store.session() as session:
            return call(session)
