"""Asset and owners page: fill the asset as a user would, undo it, record owners."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from tests.ui.conftest import party_removal

from cattool.core import services
from cattool.core.model import Asset, Case, CaseParty, Party
from cattool.ui.context import WorkspaceContext
from cattool.ui.forms import clean_postcode
from cattool.ui.pages.asset import AssetPage


@pytest.fixture
def page(open_page, ui_store, make_case) -> AssetPage:
    return open_page(AssetPage, make_case(ui_store, "The Red Lion", "england-2011"))


def stored_asset(ctx: WorkspaceContext, case_id: int) -> dict | None:
    def read(session):  # type: ignore[no-untyped-def]
        asset = session.get(Case, case_id).asset
        return None if asset is None else {k: getattr(asset, k) for k in services.ASSET_FIELDS}

    return ctx.read(read)


def click(qtbot, button) -> None:  # type: ignore[no-untyped-def]
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_postcode_shapes() -> None:
    assert clean_postcode(" l5 7qq ") == "L5 7QQ"
    assert clean_postcode("sw1a1aa") == "SW1A 1AA"
    assert clean_postcode("") == ""
    with pytest.raises(ValueError, match="does not look like a UK postcode"):
        clean_postcode("12345")


def test_fill_save_edit_undo_redo(qtbot, page: AssetPage, ctx, messages) -> None:
    case_id = page.case_id
    assert not page.save_button.isEnabled()
    qtbot.keyClicks(page.name, "The Red Lion")
    qtbot.keyClicks(page.address, "112 Stanley Road, Kirkdale, Liverpool")
    qtbot.keyClicks(page.postcode, "l5 7qq")
    qtbot.keyClicks(page.uprn, "38031245")
    qtbot.keyClicks(page.title_number, "MS482211")
    qtbot.keyClicks(page.asset_type.lineEdit(), "pub")
    qtbot.keyClicks(page.description, "Victorian corner pub.")
    qtbot.keyClicks(page.boundary, "Building and yard, edged red on the plan.")
    qtbot.keyClicks(page.condition, "Poor")
    assert page.state.text() == "Unsaved changes."
    click(qtbot, page.save_button)

    assert messages == []
    saved = stored_asset(ctx, case_id)
    assert saved is not None
    assert saved["postcode"] == "L5 7QQ" and saved["uprn"] == "38031245"
    assert saved["asset_type"] == "pub" and saved["boundary"].startswith("Building")
    assert page.postcode.text() == "L5 7QQ"
    assert page.state.text() == "All changes saved."
    assert not page.save_button.isEnabled()

    page.name.clear()
    qtbot.keyClicks(page.name, "The Red Lion Inn")
    click(qtbot, page.save_button)
    assert stored_asset(ctx, case_id)["name"] == "The Red Lion Inn"
    assert ctx.undo_stack.count() == 2

    ctx.undo_stack.undo()
    assert stored_asset(ctx, case_id)["name"] == "The Red Lion"
    assert page.name.text() == "The Red Lion"
    ctx.undo_stack.undo()
    assert stored_asset(ctx, case_id) is None
    assert page.name.text() == "" and page.postcode.text() == ""
    ctx.undo_stack.redo()
    ctx.undo_stack.redo()
    assert stored_asset(ctx, case_id)["name"] == "The Red Lion Inn"
    assert page.name.text() == "The Red Lion Inn"
    assert page.asset_type.currentText() == "pub"


def test_bad_postcode_shows_message_and_changes_nothing(qtbot, page, ctx, messages) -> None:
    qtbot.keyClicks(page.name, "The Red Lion")
    qtbot.keyClicks(page.postcode, "NOT A CODE")
    page.postcode.editingFinished.emit()
    assert "postcode" in page.postcode.toolTip()
    click(qtbot, page.save_button)
    assert len(messages) == 1 and "does not look like a UK postcode" in messages[0]
    assert stored_asset(ctx, page.case_id) is None
    assert ctx.undo_stack.count() == 0
    assert page.state.text() == "Unsaved changes."  # what was typed is kept to correct


def test_uprn_takes_digits_only(qtbot, page) -> None:
    qtbot.keyClicks(page.uprn, "12ab34")
    assert page.uprn.text() == "1234"
    qtbot.keyClicks(page.uprn, "5678901234")
    assert len(page.uprn.text()) == 12


def test_unsaved_edits_survive_a_reload(qtbot, page, ctx, ui_store) -> None:
    with ui_store.transaction() as session:
        services.set_asset(session, page.case_id, name="Old name", address="1 High St")
    page.load()
    qtbot.keyClicks(page.description, "Typed but not saved")
    ctx.run(lambda s: services.set_asset(s, page.case_id, address="2 High St"))
    assert page.address.toPlainText() == "2 High St"
    assert page.description.toPlainText() == "Typed but not saved"


@party_removal
def test_owners_add_change_role_remove_with_undo(qtbot, page: AssetPage, ctx, messages) -> None:
    case_id = page.case_id
    assert "the owner" in page.needs.text() and "boundary" in page.needs.text()

    click(qtbot, page.owners.add_button)
    dialog = page.dialog
    assert dialog is not None and dialog.isVisible()
    qtbot.keyClicks(dialog.name, "Northgate Pub Estates Ltd")
    qtbot.keyClicks(dialog.address, "4 Quay Street, Manchester M3 3HN")
    click(qtbot, dialog.save_button())
    assert not dialog.isVisible()

    def roles() -> list[tuple[str, str]]:
        return ctx.read(
            lambda s: [
                (link.party.name, link.role)
                for link in s.query(CaseParty).filter(CaseParty.case_id == case_id)
            ]
        )

    assert roles() == [("Northgate Pub Estates Ltd", "owner")]
    assert page.owners.model.rowCount() == 1
    assert "the owner" not in page.needs.text()

    page.owners.view.selectRow(0)
    click(qtbot, page.owners.edit_button)
    dialog = page.dialog
    dialog.role.setCurrentIndex(dialog.role.findData("occupier"))
    click(qtbot, dialog.save_button())
    assert roles() == [("Northgate Pub Estates Ltd", "occupier")]
    assert page.owners.model.row_at(0).role == "occupier"
    assert "the owner" in page.needs.text()
    ctx.undo_stack.undo()  # one step puts the owner back
    assert roles() == [("Northgate Pub Estates Ltd", "owner")]

    page.owners.view.selectRow(0)
    click(qtbot, page.owners.remove_button)
    assert roles() == []
    assert page.owners.model.rowCount() == 0
    ctx.undo_stack.undo()
    assert roles() == [("Northgate Pub Estates Ltd", "owner")]
    assert page.owners.model.rowCount() == 1
    assert messages == []


def test_remove_refused_by_database_changes_nothing(qtbot, page, ctx, ui_store, messages):
    with ui_store.transaction() as session:
        services.add_party(session, page.case_id, "Owner Ltd", "owner", address="1 Quay St")
    page.load()
    page.owners.view.selectRow(0)
    click(qtbot, page.owners.remove_button)
    if not messages:  # core fixed: removed
        assert page.owners.model.rowCount() == 0
    else:
        assert "nothing was changed" in messages[0]
        assert ctx.undo_stack.count() == 0
        assert ctx.read(lambda s: s.query(Party).count()) == 1


def test_owner_without_name_is_refused(qtbot, page, ctx, messages) -> None:
    click(qtbot, page.owners.add_button)
    click(qtbot, page.dialog.save_button())
    assert page.dialog.isVisible()
    assert messages and "name" in messages[0]
    assert ctx.undo_stack.count() == 0


def test_owner_without_address_is_flagged(qtbot, page, ctx, ui_store, messages) -> None:
    with ui_store.transaction() as session:
        services.add_party(session, page.case_id, "A. Freeholder", "freeholder", kind="person")
    page.load()
    assert "A. Freeholder's current or last-known address" in page.needs.text()
    assert ctx.read(lambda s: s.query(Asset).count()) == 0
