"""The contract every case page follows, so the workspace can host them all alike."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from cattool.core.changes import Changes
from cattool.core.errors import InputError
from cattool.ui.context import WorkspaceContext


class CasePage(QWidget):
    """One concern of one case. Subclasses set `title` and implement `load`."""

    title = "Page"
    #: Record kinds (Changes.entities) this page shows; a change to them reloads it.
    shows: frozenset[str] = frozenset()
    #: Asks the workspace to show another page, named by its module under
    #: cattool.ui.pages ("asset", "group", …: the page keys documents.registry.PAGES uses).
    pageRequested = Signal(str)

    def __init__(self, ctx: WorkspaceContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.case_id: int | None = None
        self.setAccessibleName(self.title)
        ctx.changed.connect(self._on_changed)

    def show_case(self, case_id: int) -> None:
        self.case_id = case_id
        self.load()

    def load(self) -> None:
        """Read the case's data and fill the page (called on open and after changes)."""
        raise NotImplementedError

    def _on_changed(self, changes: Changes) -> None:
        if self.case_id is None or (changes.case_ids and self.case_id not in changes.case_ids):
            return
        if not self.shows or changes.entities & self.shows or "event" in changes.entities:
            self.load()

    def attempt(self, action, failure_title: str = "That could not be saved") -> bool:  # type: ignore[no-untyped-def]
        """Run `action()`; show a bad-input message instead of raising. True on success."""
        try:
            action()
        except InputError as exc:
            QMessageBox.warning(self, failure_title, str(exc))
            return False
        return True
