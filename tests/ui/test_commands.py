"""Undoable edits go through the services; bad input never reaches the stack."""

from __future__ import annotations

import datetime as dt

import pytest

from cattool.core import services
from cattool.core.errors import InputError
from cattool.core.model import Event
from cattool.ui.case_source import CaseSource
from cattool.ui.commands import AddRecordCommand, DeleteRecordCommand, EditFieldsCommand, push
from cattool.ui.context import WorkspaceContext

TODAY = dt.date(2026, 3, 5)


@pytest.fixture
def ctx(qtbot, ui_store) -> WorkspaceContext:
    return WorkspaceContext(CaseSource.from_store(ui_store), TODAY)


def test_add_edit_delete_with_undo_and_redo(ctx: WorkspaceContext, make_case, ui_store) -> None:
    case_id = make_case(ui_store, "The Red Lion", "england-2011")
    seen = []
    ctx.changed.connect(seen.append)
    add = AddRecordCommand(
        ctx,
        "event",
        lambda s: services.add_event(s, case_id, "listed", dt.date(2026, 1, 5), today=TODAY),
    )
    push(ctx, add)
    event_id = add.record_id

    def event() -> Event | None:
        return ctx.read(lambda s: s.get(Event, event_id))

    push(ctx, EditFieldsCommand(ctx, "event", event_id, {"note": "stamped"}))
    assert event().note == "stamped"
    push(ctx, DeleteRecordCommand(ctx, "event", event_id))
    assert event() is None
    ctx.undo_stack.undo()
    assert event().note == "stamped"
    ctx.undo_stack.undo()
    assert event().note == ""
    ctx.undo_stack.undo()
    assert event() is None
    ctx.undo_stack.redo()
    assert event() is not None and event().id == event_id
    ctx.undo_stack.redo()
    ctx.undo_stack.redo()
    assert event() is None
    assert all(case_id in c.case_ids for c in seen)


def test_bad_input_raises_and_is_not_pushed(ctx: WorkspaceContext, make_case, ui_store) -> None:
    case_id = make_case(ui_store, "Pub", "england-2011", ("listed", dt.date(2026, 1, 5)))
    event_id = ctx.read(lambda s: s.query(Event.id).scalar())
    with pytest.raises(InputError, match="future"):
        push(ctx, EditFieldsCommand(ctx, "event", event_id, {"date": dt.date(2026, 3, 9)}))
    assert ctx.undo_stack.count() == 0
    assert ctx.read(lambda s: s.get(Event, event_id)).date == dt.date(2026, 1, 5)
    assert case_id
