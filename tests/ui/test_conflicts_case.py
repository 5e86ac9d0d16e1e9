"""No lost updates on the case row itself: renaming the case (the workspace header) and
the Overview's notes are saved against the version shown, so a colleague's change in
between opens the conflict dialog instead of being overwritten."""

from __future__ import annotations

from tests.ui import conflict_support
from tests.ui.conflict_support import bea_edits, stored, when_dialog

from cattool.core.store import Store
from cattool.ui.context import WorkspaceContext
from cattool.ui.pages.overview import OverviewPage
from cattool.ui.workspace import CaseWorkspace

bea_store = conflict_support.bea_store  # the colleague's Store (a fixture)


case_id = conflict_support.case_id  # The Red Lion (a fixture)


def test_renaming_over_a_colleagues_rename_shows_both_and_keeps_theirs(
    qtbot, ctx: WorkspaceContext, ui_store: Store, bea_store: Store, case_id: int, messages
) -> None:
    workspace = CaseWorkspace(ctx, [OverviewPage])
    qtbot.addWidget(workspace)
    workspace.show_case(case_id, 0)
    bea_edits(bea_store, "case", case_id, name="The Red Lion Inn")  # not yet seen here
    seen: list[str] = []
    when_dialog(lambda d: d.keep_theirs.click(), seen)
    workspace.rename("Red Lion Community Pub")
    shown = " | ".join(seen)
    assert "The Red Lion Inn" in shown and "Red Lion Community Pub" in shown
    assert stored(ui_store, "case", case_id, "name") == "The Red Lion Inn"
    assert workspace.title.text() == "The Red Lion Inn"


def test_a_rename_after_seeing_the_colleagues_rename_just_saves(
    qtbot, ctx: WorkspaceContext, ui_store: Store, bea_store: Store, case_id: int, messages
) -> None:
    workspace = CaseWorkspace(ctx, [OverviewPage])
    qtbot.addWidget(workspace)
    workspace.show_case(case_id, 0)
    bea_edits(bea_store, "case", case_id, name="The Red Lion Inn")
    workspace.refresh()  # her change has arrived (the colleague watch, or F5)
    assert workspace.rename("Red Lion Community Pub")
    assert stored(ui_store, "case", case_id, "name") == "Red Lion Community Pub"
    assert messages == []


def test_notes_typed_while_a_colleague_saves_notes_are_a_conflict(
    qtbot, open_page, ui_store: Store, bea_store: Store, case_id: int, messages
) -> None:
    page = open_page(OverviewPage, case_id)
    page.notes.setPlainText("Alan: ring the council on Monday.")
    bea_edits(bea_store, "case", case_id, notes="Bea: the owner has called.")
    page.load()  # her change arrives while Alan types: his typing stays
    assert page.notes.toPlainText() == "Alan: ring the council on Monday."
    seen: list[str] = []
    when_dialog(lambda d: d.use_mine.click(), seen)
    page.save_notes()
    shown = " | ".join(seen)
    assert "Bea: the owner has called." in shown and "ring the council" in shown
    assert stored(ui_store, "case", case_id, "notes") == "Alan: ring the council on Monday."
    assert not page.notes_dirty()


def test_notes_conflict_kept_theirs_shows_theirs_and_saves_nothing_more(
    qtbot, open_page, ui_store: Store, bea_store: Store, case_id: int, messages
) -> None:
    page = open_page(OverviewPage, case_id)
    page.notes.setPlainText("Alan's notes")
    bea_edits(bea_store, "case", case_id, notes="Bea's notes")
    when_dialog(lambda d: d.keep_theirs.click(), [])
    page.save_notes()
    assert stored(ui_store, "case", case_id, "notes") == "Bea's notes"
    assert page.notes.toPlainText() == "Bea's notes"
    assert not page.notes_dirty()
    page.save_notes()  # nothing left to save: no second conflict
    assert stored(ui_store, "case", case_id, "notes") == "Bea's notes"
