"""Two people on one database edit the same asset: the second save shows the conflict
dialog (their value and yours), and nothing is overwritten without being seen."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from tests.ui import conflict_support
from tests.ui.conflict_support import when_dialog
from tests.ui.conftest import TODAY

from cattool.core import services
from cattool.core.model import Case
from cattool.core.store import Store
from cattool.ui.case_source import CaseSource
from cattool.ui.conflict_dialog import ConflictDialog
from cattool.ui.context import WorkspaceContext
from cattool.ui.pages.asset import AssetPage

bea_store = conflict_support.bea_store  # a second person's own Store (a fixture)


@pytest.fixture
def case_id(ui_store: Store) -> int:
    with ui_store.transaction() as session:
        case = services.create_case(session, "The Red Lion", "england-2011").created_id
        services.set_asset(session, case, name="The Red Lion", address="1 High St")
    return case


@pytest.fixture
def pages(qtbot, ctx, bea_store: Store, case_id: int, open_page) -> tuple[AssetPage, AssetPage]:
    """Alan's asset page and Bea's, both loaded before either saves."""
    alan = open_page(AssetPage, case_id)
    bea_ctx = WorkspaceContext(CaseSource.from_store(bea_store), TODAY)
    bea = AssetPage(bea_ctx)
    qtbot.addWidget(bea)
    bea.show_case(case_id)
    return alan, bea


def stored_name(store: Store, case_id: int) -> str:
    with store.session() as session:
        return session.get(Case, case_id).asset.name


def rename(qtbot, page: AssetPage, name: str) -> None:  # type: ignore[no-untyped-def]
    page.name.clear()
    qtbot.keyClicks(page.name, name)
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)


def test_second_save_shows_both_and_mine_is_saved_undoably(
    qtbot, pages, ui_store: Store, case_id: int, messages, monkeypatch: pytest.MonkeyPatch
) -> None:
    alan, bea = pages
    monkeypatch.setenv("CATTOOL_USER", "bea")
    rename(qtbot, bea, "Red Lion (Bea)")
    assert stored_name(ui_store, case_id) == "Red Lion (Bea)"

    monkeypatch.setenv("CATTOOL_USER", "alan")
    seen: list[str] = []
    when_dialog(lambda d: d.use_mine.click(), seen)
    rename(qtbot, alan, "Red Lion (Alan)")

    shown = " | ".join(seen)
    assert "Red Lion (Bea)" in shown and "bea" in shown  # their change, and whose
    assert "Red Lion (Alan)" in shown  # yours
    assert "Asset name" in shown
    assert messages == []
    assert stored_name(ui_store, case_id) == "Red Lion (Alan)"
    assert alan.name.text() == "Red Lion (Alan)" and not alan.fields.changed()
    assert alan.ctx.undo_stack.count() == 1  # the conflict's resolution: one step

    alan.ctx.undo_stack.undo()  # back to what Alan saw in the dialog as theirs
    assert stored_name(ui_store, case_id) == "Red Lion (Bea)"
    alan.ctx.undo_stack.redo()
    assert stored_name(ui_store, case_id) == "Red Lion (Alan)"

    # Alan's page knows the version it saved: a further save is no conflict.
    rename(qtbot, alan, "The Red Lion Inn")
    assert stored_name(ui_store, case_id) == "The Red Lion Inn"
    assert alan.ctx.undo_stack.count() == 2


def test_keep_theirs_and_cancel_save_nothing_and_show_theirs(
    qtbot, pages, ui_store: Store, case_id: int, messages
) -> None:
    alan, bea = pages
    rename(qtbot, bea, "Red Lion (Bea)")
    when_dialog(lambda d: d.keep_theirs.click(), [])
    rename(qtbot, alan, "Red Lion (Alan)")
    assert stored_name(ui_store, case_id) == "Red Lion (Bea)"
    assert alan.name.text() == "Red Lion (Bea)"
    assert alan.ctx.undo_stack.count() == 0

    rename(qtbot, bea, "Red Lion (Bea 2)")
    when_dialog(lambda d: d.reject(), [])
    rename(qtbot, alan, "Red Lion (Alan 2)")
    assert stored_name(ui_store, case_id) == "Red Lion (Bea 2)"
    assert alan.name.text() == "Red Lion (Bea 2)"  # the page reloaded their values
    assert messages == []


def test_choosing_per_field(qtbot, pages, ui_store: Store, case_id: int, messages) -> None:
    alan, bea = pages
    bea.address.setPlainText("2 High St")
    rename(qtbot, bea, "Red Lion (Bea)")
    alan.address.setPlainText("3 High St")
    seen: list[str] = []

    def mine_for_address(dialog: ConflictDialog) -> None:
        dialog.choices["address"][1].setChecked(True)
        dialog.choices["name"][0].setChecked(True)
        dialog.save_choice.click()

    when_dialog(mine_for_address, seen)
    rename(qtbot, alan, "Red Lion (Alan)")
    with ui_store.session() as session:
        asset = session.get(Case, case_id).asset
        assert (asset.name, asset.address) == ("Red Lion (Bea)", "3 High St")


def test_undo_after_a_colleagues_change_is_reported_not_applied(
    qtbot, pages, ui_store: Store, case_id: int, messages
) -> None:
    alan, bea = pages
    rename(qtbot, alan, "Red Lion (Alan)")
    bea.load()
    rename(qtbot, bea, "Red Lion (Bea)")
    failures: list[str] = []
    alan.ctx.failed.connect(failures.append)
    alan.ctx.undo_stack.undo()
    assert stored_name(ui_store, case_id) == "Red Lion (Bea)"
    assert failures and "Someone else changed" in failures[0]
    assert alan.ctx.undo_stack.count() == 0  # the step that cannot apply is dropped


def test_undo_of_an_add_or_a_delete_after_a_colleagues_edit_is_reported(
    qtbot, pages, ui_store: Store, bea_store: Store, case_id: int
) -> None:
    import datetime as dt

    from cattool.core import editing
    from cattool.core.model import Event
    from cattool.ui.commands import AddRecordCommand, DeleteRecordCommand, push

    alan, _ = pages
    ctx = alan.ctx
    add = AddRecordCommand(
        ctx, "event", lambda s: services.add_event(s, case_id, "listed", dt.date(2026, 1, 5),
                                                   today=TODAY),
    )  # fmt: skip
    push(ctx, add)
    failures: list[str] = []
    ctx.failed.connect(failures.append)

    def bea_notes(note: str) -> None:
        with bea_store.transaction() as session:
            editing.update_fields(session, "event", add.record_id, {"note": note}, today=TODAY)

    bea_notes("Bea's note")
    ctx.undo_stack.undo()  # would delete the event with Bea's note: refused, reported
    assert failures and "Someone else changed" in failures[-1]
    with ui_store.session() as session:
        assert session.get(Event, add.record_id).note == "Bea's note"

    push(ctx, DeleteRecordCommand(ctx, "event", add.record_id))
    ctx.undo_stack.undo()  # restored
    bea_notes("Bea's second note")
    ctx.undo_stack.redo()  # would delete it again over Bea's change: refused
    assert "Someone else changed" in failures[-1]
    with ui_store.session() as session:
        assert session.get(Event, add.record_id).note == "Bea's second note"
