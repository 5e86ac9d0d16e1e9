"""Undoable edits: QUndoCommands that change data only through the services.

An edit stores the fields before and after; a deletion stores what `restore_record` needs
to put the record back with the same id; an addition deletes on undo and restores on redo.
A command whose service call fails raises before it is pushed, so the stack never holds
a change that did not happen.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import Any

from PySide6.QtGui import QUndoCommand
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from cattool.core import editing
from cattool.core.changes import Changes
from cattool.core.conflicts import ConflictError, check_unchanged, check_versions
from cattool.core.errors import InputError
from cattool.ui.context import WorkspaceContext


class ServiceCommand(QUndoCommand):
    """Runs `do()` once before being pushed (so bad input raises to the caller and the
    command never reaches the stack), then `do()`/`undo_()` on redo and undo. Errors on a
    later undo or redo cannot propagate through Qt, so they are reported on the context."""

    def __init__(self, ctx: WorkspaceContext, text: str) -> None:
        super().__init__(text)
        self.ctx = ctx
        self._pushed_after_first_run = False

    def do(self) -> None:
        raise NotImplementedError

    def undo_(self) -> None:
        raise NotImplementedError

    def redo(self) -> None:
        if self._pushed_after_first_run:
            self._pushed_after_first_run = False
            return
        self._guarded(self.do)

    def undo(self) -> None:
        self._guarded(self.undo_)

    def _guarded(self, step: Callable[[], None]) -> None:
        from sqlalchemy.exc import SQLAlchemyError

        try:
            step()
        except InputError as exc:
            self.ctx.failed.emit(f"{self.text()}: {exc}")
        except SQLAlchemyError as exc:  # e.g. someone else changed or removed the record
            reason = getattr(exc, "orig", None) or exc
            self.ctx.failed.emit(f"{self.text()} could not be applied: {reason}")


def run_completing(ctx: WorkspaceContext, run: Callable[[Session], Any]) -> Any:
    """ctx.run(run); a conflict found at the flush (a race lost) is completed, in a fresh
    session, with the record as it is now before it reaches the user."""
    try:
        return ctx.run(run)
    except ConflictError as conflict:
        if not conflict.completed:
            ctx.read(conflict.complete)
        raise


def known_versions(ctx: WorkspaceContext) -> dict[tuple[str, int], int]:
    """The version of each record as this window last saved it through EditFieldsCommand
    (a form goes on from there without a conflict with itself)."""
    versions = getattr(ctx, "_known_versions", None)
    if versions is None:
        versions = {}
        ctx._known_versions = versions  # type: ignore[attr-defined]
    return versions


class EditFieldsCommand(ServiceCommand):
    """Change some fields of one record (undo puts the old values back).

    `expected_version` is the version of the record the page loaded and `base` the values
    it showed: a record someone else saved since raises ConflictError (nothing written).
    Undo and redo first check the fields still hold what this step last wrote there, so
    a colleague's change in between is reported (on ctx.failed, and the step leaves the
    stack) instead of being overwritten."""

    def __init__(
        self,
        ctx: WorkspaceContext,
        entity: str,
        record_id: int,
        fields: Mapping[str, Any],
        text: str = "",
        *,
        expected_version: int | None = None,
        base: Mapping[str, Any] | None = None,
    ) -> None:
        super().__init__(ctx, text or f"Edit {entity}")
        self.entity, self.record_id = entity, record_id
        self.after = dict(fields)
        self.expected_version = expected_version
        self.base = dict(base) if base is not None else None
        self._first = True
        self.before = ctx.read(
            lambda s: {
                k: v
                for k, v in editing.record_fields(s, entity, record_id).items()
                if k in self.after
            }
        )
        if self.base is not None:  # undo puts back what the user saw, not a newer value
            self.before = {k: self.base.get(k, v) for k, v in self.before.items()}

    def _apply(
        self,
        values: Mapping[str, Any],
        *,
        expected: int | None = None,
        base: Mapping[str, Any] | None = None,
        must_be: Mapping[str, Any] | None = None,
    ) -> None:
        def run(session: Session) -> tuple[Changes, int]:
            version = expected
            if must_be is not None:
                version = check_unchanged(
                    session, self.entity, self.record_id, must_be, values, self.ctx.today
                )
            changes = editing.update_fields(
                session, self.entity, self.record_id, values, today=self.ctx.today,
                expected_version=version, base=base if must_be is None else must_be,
            )  # fmt: skip
            return changes, editing.record_version(session, self.entity, self.record_id)

        _, version = run_completing(self.ctx, run)
        known_versions(self.ctx)[(self.entity, self.record_id)] = version

    def do(self) -> None:
        if self._first:  # the first save: against what the page loaded (if it says)
            self._apply(self.after, expected=self.expected_version, base=self.base)
            self._first = False
        else:  # redo: the fields must still be as undo left them
            self._apply(self.after, must_be=self.before)

    def undo_(self) -> None:
        self._apply(self.before, must_be=self.after)

    def _guarded(self, step: Callable[[], None]) -> None:
        drop_on_conflict(self, step)


def drop_on_conflict(command: ServiceCommand, step: Callable[[], None]) -> None:
    """Run an undo or redo; on a conflict the step leaves the stack (it can no longer
    apply) and the conflict is reported on ctx.failed like any failed step."""

    def checked() -> None:
        try:
            step()
        except ConflictError:
            command.setObsolete(True)
            raise

    ServiceCommand._guarded(command, checked)


class DeleteRecordCommand(ServiceCommand):
    """Delete a record; undo restores it exactly, with the same id. With the
    `expected_version` the page loaded, a record someone else changed since is not
    deleted (ConflictError). A redo first checks the record is as undo put it back: a
    colleague's change since is a conflict."""

    def __init__(
        self,
        ctx: WorkspaceContext,
        entity: str,
        record_id: int,
        text: str = "",
        *,
        expected_version: int | None = None,
    ) -> None:
        super().__init__(ctx, text or f"Delete {entity}")
        self.entity, self.record_id = entity, record_id
        self.expected_version = expected_version
        self.saved: dict[str, Any] | None = None

    def do(self) -> None:
        restored = fields_of(self.entity, self.saved)
        version = self.expected_version if restored is None else None
        _, self.saved = self.ctx.run(
            lambda s: delete_checked(s, self.ctx, self.entity, self.record_id, restored, version)
        )

    def undo_(self) -> None:
        saved = self.saved
        assert saved is not None
        self.ctx.run(lambda s: editing.restore_record(s, self.entity, saved))

    def _guarded(self, step: Callable[[], None]) -> None:
        drop_on_conflict(self, step)


def fields_of(entity: str, saved: Mapping[str, Any] | None) -> dict[str, Any] | None:
    if saved is None:
        return None
    return {k: v for k, v in saved.items() if k in editing.EDITABLE[entity].fields}


def delete_checked(
    session: Session,
    ctx: WorkspaceContext,
    entity: str,
    record_id: int,
    must_be: Mapping[str, Any] | None,
    version: int | None = None,
) -> tuple[Changes, dict]:
    """Delete; with `must_be` (the fields as this window last left them) or `version`
    (the one the page loaded) only when no one has changed it since (else ConflictError,
    nothing deleted)."""
    if must_be is not None:
        version = check_unchanged(session, entity, record_id, must_be, {}, ctx.today, stored=True)
    return editing.delete_record(session, entity, record_id, expected_version=version)


class AddRecordCommand(ServiceCommand):
    """Create a record with a service call; undo deletes it, redo restores it. Undo
    first checks the record is as this step left it: a colleague's change is a conflict."""

    def __init__(
        self,
        ctx: WorkspaceContext,
        entity: str,
        create: Callable[[Session], Changes],
        text: str = "",
    ) -> None:
        super().__init__(ctx, text or f"Add {entity}")
        self.entity, self.create = entity, create
        self.record_id: int | None = None
        self.saved: dict[str, Any] | None = None
        self.made: dict[str, Any] | None = None  # its fields as created or restored

    def do(self) -> None:
        if self.saved is None:

            def create(session: Session) -> tuple[Changes, dict[str, Any] | None]:
                changes = self.create(session)
                return changes, self._fields(session, changes.created_id)

            changes, self.made = self.ctx.run(create)
            self.record_id = changes.created_id
        else:
            saved = self.saved
            self.ctx.run(lambda s: editing.restore_record(s, self.entity, saved))
            self.made = fields_of(self.entity, saved)

    def _fields(self, session: Session, record_id: int | None) -> dict[str, Any] | None:
        if record_id is None or self.entity not in editing.EDITABLE:
            return None
        try:
            return editing.record_fields(session, self.entity, record_id)
        except InputError:
            return None

    def undo_(self) -> None:
        record_id, made = self.record_id, self.made
        assert record_id is not None
        _, self.saved = self.ctx.run(
            lambda s: delete_checked(s, self.ctx, self.entity, record_id, made)
        )

    def _guarded(self, step: Callable[[], None]) -> None:
        drop_on_conflict(self, step)


def push(ctx: WorkspaceContext, command: ServiceCommand) -> None:
    """Run a command now and put it on the undo stack. Bad input raises InputError here,
    before anything reaches the stack, so the caller can show the message."""
    command.do()
    command._pushed_after_first_run = True
    ctx.undo_stack.push(command)


class MarkSentCommand(ServiceCommand):
    """Record that a generated document was sent (documents.service.mark_sent): an event
    linked to the document. Undo deletes that event, so the document is "generated" again;
    redo records the sending again (as a new event, with a new id)."""

    def __init__(
        self,
        ctx: WorkspaceContext,
        document_id: int,
        sent_on: dt.date,
        received_on: dt.date | None = None,
        note: str = "",
        text: str = "Mark as sent",
    ) -> None:
        super().__init__(ctx, text)
        self.document_id, self.sent_on, self.received_on = document_id, sent_on, received_on
        self.note = note
        self.event_id: int | None = None

    def do(self) -> None:
        from cattool.documents.service import mark_sent  # imports python-docx: only now

        changes = self.ctx.run(
            lambda s: mark_sent(
                s, self.document_id, self.sent_on, received_on=self.received_on,
                today=self.ctx.today, note=self.note,
            )
        )  # fmt: skip
        self.event_id = changes.created_id

    def undo_(self) -> None:
        event_id = self.event_id
        assert event_id is not None
        self.ctx.run(lambda s: editing.delete_record(s, "event", event_id))


class ServiceEditCommand(ServiceCommand):
    """A service call that changes fields of records that already exist (a payment, a
    refund, the refunds after an offer closes): undo puts those fields back as they were,
    redo as the service left them (through editing.update_fields, so the same rules hold).

    `record_ids(session)` names the records the call may change, read in the same
    transaction just before it runs; `fields` are the fields it may change. `expected`
    (id -> the version the page loaded) refuses the call with ConflictError when one of
    those records was changed by someone else since. Undo and redo first check the
    fields still hold what this step last wrote: a colleague's change in between is
    reported on ctx.failed (and the step leaves the stack), not overwritten.
    """

    def __init__(
        self,
        ctx: WorkspaceContext,
        entity: str,
        record_ids: Callable[[Session], list[int]],
        fields: tuple[str, ...],
        call: Callable[[Session], Changes],
        text: str,
        *,
        expected: Mapping[int, int] | None = None,
    ) -> None:
        super().__init__(ctx, text)
        self.entity, self.fields = entity, fields
        self._record_ids, self._call = record_ids, call
        self.expected = dict(expected or {})
        self.before: dict[int, dict[str, Any]] = {}
        self.after: dict[int, dict[str, Any]] | None = None

    def _snapshot(self, session: Session, ids: list[int]) -> dict[int, dict[str, Any]]:
        return {
            record_id: {
                k: v
                for k, v in editing.record_fields(session, self.entity, record_id).items()
                if k in self.fields
            }
            for record_id in ids
        }

    def do(self) -> None:
        if self.after is not None:  # redo: the records must be as undo left them
            self._apply(self.after, must_be=self.before)
            return

        def run(session: Session) -> tuple[Changes, dict, dict]:
            check_versions(session, self.entity, self.expected)
            ids = list(self._record_ids(session))
            before = self._snapshot(session, ids)
            changes = self._call(session)
            return changes, before, self._snapshot(session, ids)

        try:
            _, before, after = run_completing(self.ctx, run)
        except StaleDataError:  # a race past the check, lost at the service's own flush
            first = next(iter(self.expected), None)
            if first is None:
                raise
            conflict = ConflictError(self.entity, first, self.expected[first], {}, None)
            raise self.ctx.read(conflict.complete) from None
        changed = [i for i in before if before[i] != after[i]]
        self.before = {i: before[i] for i in changed}
        self.after = {i: after[i] for i in changed}

    def undo_(self) -> None:
        assert self.after is not None
        self._apply(self.before, must_be=self.after)

    def _apply(
        self, values: Mapping[int, Mapping[str, Any]], *, must_be: Mapping[int, Mapping[str, Any]]
    ) -> None:
        """Write `values`, each record only if it still holds `must_be` (read, not typed)."""

        def run(session: Session) -> Changes:
            changes = Changes()
            for record_id, fields in values.items():
                now = must_be.get(record_id, {})
                version = check_unchanged(
                    session, self.entity, record_id, now, fields, self.ctx.today, stored=True
                )
                changes |= editing.update_fields(
                    session, self.entity, record_id, fields, today=self.ctx.today,
                    expected_version=version, base=now,
                )  # fmt: skip
            return changes

        run_completing(self.ctx, run)

    def _guarded(self, step: Callable[[], None]) -> None:
        drop_on_conflict(self, step)
