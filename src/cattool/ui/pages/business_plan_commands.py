"""One undoable step for a service call that adds several records at once: the usual
risks pre-filled, or a spreadsheet's rows imported.

The records added are found by comparing the ids of the kind before and after the call,
in the same transaction, so the service needs to report nothing more than its Changes.
Undo deletes them all in one transaction; redo restores them with the same ids.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from cattool.core import editing
from cattool.core.changes import Changes
from cattool.ui.commands import ServiceCommand
from cattool.ui.context import WorkspaceContext


class AddManyCommand(ServiceCommand):
    """Run `create(session)`, which adds records of the kinds `entities` to the case; undo
    removes every record it added, redo puts them back (one transaction each way)."""

    def __init__(
        self,
        ctx: WorkspaceContext,
        entities: str | tuple[str, ...],
        case_id: int,
        create: Callable[[Session], Any],
        text: str,
    ) -> None:
        super().__init__(ctx, text)
        self.entities = (entities,) if isinstance(entities, str) else tuple(entities)
        self.case_id, self.create = case_id, create
        self.added: list[tuple[str, int]] = []  # (entity, id), in the order added
        self.saved: list[tuple[str, dict[str, Any]]] | None = None

    @property
    def record_ids(self) -> list[int]:
        return [record_id for _, record_id in self.added]

    def _changes(self) -> Changes:
        return Changes(frozenset({self.case_id}), frozenset(self.entities))

    def _ids(self, session: Session) -> set[tuple[str, int]]:
        found = set()
        for entity in self.entities:
            model = editing.EDITABLE[entity].model
            query = select(model.id).where(model.case_id == self.case_id)  # type: ignore[attr-defined]
            found |= {(entity, record_id) for record_id in session.scalars(query)}
        return found

    def do(self) -> None:
        if self.saved is not None:
            saved = self.saved

            def restore(session: Session) -> Changes:
                changes = self._changes()
                for entity, record in saved:
                    changes |= editing.restore_record(session, entity, record)
                return changes

            self.ctx.run(restore)
            return

        def run(session: Session) -> Changes:
            before = self._ids(session)
            self.create(session)
            self.added = sorted(self._ids(session) - before, key=lambda pair: pair[1])
            return self._changes()

        self.ctx.run(run)

    def undo_(self) -> None:
        def remove(session: Session) -> Changes:
            changes = self._changes()
            saved = []
            for entity, record_id in self.added:
                removed, record = editing.delete_record(session, entity, record_id)
                changes |= removed
                saved.append((entity, record))
            self.saved = saved
            return changes

        self.ctx.run(remove)
