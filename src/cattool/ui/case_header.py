"""The open case's header data and renaming: the detail read for the header together
with the case row's version, and Rename (F2), saved against that version.

A part of CaseWorkspace (a mixin), apart because renaming is its own concern and the
workspace module was past 500 lines.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QInputDialog, QLineEdit, QMessageBox
from sqlalchemy import select

from cattool.core import queries
from cattool.core.conflicts import ConflictError
from cattool.core.errors import InputError
from cattool.core.model import Case
from cattool.core.portfolio import CaseDetail
from cattool.ui.commands import EditFieldsCommand, push

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from cattool.ui.context import WorkspaceContext


def read_header(session: Session, case_id: int, today: dt.date) -> tuple[CaseDetail, int | None]:
    """The case's detail and its row's version (what a rename is checked against)."""
    version = session.scalar(select(Case.version).where(Case.id == case_id))
    return queries.case_detail(session, case_id, today), version


class CaseHeader:
    """Reading the header's detail and renaming the case, for CaseWorkspace."""

    ctx: WorkspaceContext
    case_id: int | None
    detail: CaseDetail | None
    _case_version: int | None
    refresh: Callable[[], None]  # CaseWorkspace's: read the open case again

    def prompt_rename(self) -> None:
        if self.case_id is None or self.detail is None:
            return
        name, accepted = QInputDialog.getText(
            self, "Rename case", "New name for the case:", QLineEdit.EchoMode.Normal,
            self.detail.name,
        )  # fmt: skip
        if accepted and name.strip() and name.strip() != self.detail.name:
            self.rename(name)

    def rename(self, name: str) -> bool:
        """Rename the open case (undoable); a bad name is explained, nothing changes. The
        name shown is the base: a colleague's rename since is a conflict, not overwritten."""
        if self.case_id is None or self.detail is None:
            return False
        try:
            command = EditFieldsCommand(
                self.ctx, "case", self.case_id, {"name": name}, text="Rename case",
                expected_version=self._case_version, base={"name": self.detail.name},
            )  # fmt: skip
            push(self.ctx, command)
        except ConflictError as conflict:
            from cattool.ui.conflict_dialog import settle_conflict

            chosen = settle_conflict(
                self, self.ctx, conflict, "The case could not be renamed", "Rename case"
            )
            self.refresh()  # the name stored now, whichever was kept
            return chosen
        except InputError as exc:
            QMessageBox.warning(self, "The case could not be renamed", str(exc))
            return False
        return True

    def _read_detail(self, case_id: int) -> CaseDetail:
        """The case's detail for the header, with its version (what a rename is checked
        against), read together."""

        today = self.ctx.today
        detail, self._case_version = self.ctx.read(lambda s: read_header(s, case_id, today))
        return detail
