"""The contract every case page follows, so the workspace can host them all alike."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from cattool.core.changes import Changes
from cattool.core.conflicts import ConflictError, loaded_versions
from cattool.core.errors import InputError
from cattool.ui.context import WorkspaceContext


class CasePage(QWidget):
    """One concern of one case. Subclasses set `title` and implement `load`."""

    title = "Page"
    #: Record kinds (Changes.entities) this page shows; a change to them reloads it.
    shows: frozenset[str] = frozenset()
    #: Record kinds whose versions `load` reads before its rows (see `read_versioned`).
    versioned: tuple[str, ...] = ()
    #: Asks the workspace to show another page, named by its module under
    #: cattool.ui.pages ("asset", "group", …: the page keys documents.registry.PAGES uses).
    pageRequested = Signal(str)

    def __init__(self, ctx: WorkspaceContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.case_id: int | None = None
        #: The version of each record the page shows, as loaded ((entity, id) -> version):
        #: its edits and deletes are saved against these (no lost updates).
        self.versions: dict[tuple[str, int], int] = {}
        #: Records opened in a form or dialog (-> their version then): the edit saves
        #: against that even when a colleague's save reloads the page before Save.
        self.opened: dict[tuple[str, int], int] = {}
        self.setAccessibleName(self.title)
        ctx.changed.connect(self._on_changed)

    def show_case(self, case_id: int) -> None:
        self.case_id = case_id
        self.load()

    def load(self) -> None:
        """Read the case's data and fill the page (called on open and after changes)."""
        raise NotImplementedError

    @staticmethod
    def read_case(session: Any, case_id: int, today: dt.date) -> Any:
        """What `load` reads, as plain data, with the page's own choices (a filter, a
        basis) at their defaults; None for a page that reads nothing this way."""
        return None

    def read_page(self) -> Any:
        """`read_case` for the open case, after the versions of its `versioned` records
        (kept in `versions`): what most pages' `load` reads."""
        case_id, today, read = self.case_id, self.ctx.today, self.read_case
        assert case_id is not None

        def call(session: Any) -> Any:
            return read(session, case_id, today)

        return self.read_versioned(self.versioned, call) if self.versioned else self.ctx.read(call)

    @classmethod
    def warm_up(cls, session: Any, case_id: int, today: dt.date) -> None:
        """Read as `load` does, dropping the results, so SQLAlchemy has compiled the
        page's queries before it is first shown (the warm-up calls this on a worker): a
        page's first load otherwise compiled 5-25 ms of queries on the UI thread."""
        if cls.versioned:
            loaded_versions(session, cls.versioned, case_id)
        cls.read_case(session, case_id, today)

    def _on_changed(self, changes: Changes) -> None:
        if self.case_id is None or (changes.case_ids and self.case_id not in changes.case_ids):
            return
        if not self.shows or changes.entities & self.shows or "event" in changes.entities:
            self.load()

    def read_versioned(self, entities: Iterable[str], call: Callable[[Any], Any]) -> Any:
        """`call(session)` for the rows to show, with the versions of the case's records of
        `entities` read first (kept in `versions`), so a save goes against what was seen."""
        case_id, kinds = self.case_id, tuple(entities)

        def read(session: Any) -> tuple[dict[tuple[str, int], int], Any]:
            return loaded_versions(session, kinds, case_id), call(session)

        self.versions, result = self.ctx.read(read)
        return result

    def open_record(self, entity: str, record_id: int) -> None:
        """The user opened the record (as the page shows it now) to edit it."""
        key = (entity, record_id)
        self.opened.pop(key, None)
        if key in self.versions:
            self.opened[key] = self.versions[key]

    def version_of(self, entity: str, record_id: int | None) -> int | None:
        """The version an edit of the record starts from: as it was opened, else as the
        page shows it (None: not known, not checked)."""
        if record_id is None:
            return None
        key = (entity, record_id)
        return self.opened.get(key, self.versions.get(key))

    def attempt(self, action, failure_title: str = "That could not be saved") -> bool:  # type: ignore[no-untyped-def]
        """Run `action()`; show a bad-input message instead of raising. True on success.
        Someone else's change since the page loaded (ConflictError) opens the conflict
        dialog (True once the user has chosen) or, for a delete, says so; either way the
        page then shows what is stored now."""
        try:
            action()
        except ConflictError as conflict:
            self.opened.clear()
            return self.show_conflict(conflict, failure_title)
        except InputError as exc:  # the form stays open, as opened
            QMessageBox.warning(self, failure_title, str(exc))
            return False
        self.opened.clear()
        return True

    def show_conflict(self, conflict: ConflictError, failure_title: str) -> bool:
        """Let the user choose between their values and a colleague's (a plain message
        when there is nothing to choose: a delete, a record gone); reload the page."""
        from cattool.ui.conflict_dialog import settle_conflict  # imports the commands

        chosen = settle_conflict(self, self.ctx, conflict, failure_title)
        if self.case_id is not None:
            self.reload_stored()
        return chosen

    def reload_stored(self) -> None:
        """Show what is stored now (after a conflict): pages that keep unsaved edits
        across reloads drop them here."""
        self.load()
