"""The asset and group fields the documents need, filled in as a user would: saved in one
undoable step, checked by core (an email that cannot be right is refused)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog

from cattool.core import services
from cattool.core.editing import COMMUNITY_USES
from cattool.core.model import Case
from cattool.ui.context import WorkspaceContext
from cattool.ui.forms import BAD
from cattool.ui.pages.asset import AssetPage
from cattool.ui.pages.group import GroupPage

GROUP_DETAILS = {
    "address": "c/o 14 Westminster Road, Liverpool L4 4LP",
    "email": "friends@redlion.example.org",
    "phone": "0151 496 0000",
    "contact_name": "Maureen Doyle",
    "contact_role": "Chair",
    "governing_document": "Constitution adopted 12 May 2024",
    "objects": "To reopen the Red Lion as a community pub.",
}


def stored(ctx: WorkspaceContext, case_id: int, what: str) -> dict | None:
    fields = services.ASSET_FIELDS if what == "asset" else services.GROUP_FIELDS

    def read(session):  # type: ignore[no-untyped-def]
        record = getattr(session.get(Case, case_id), what)
        return None if record is None else {k: getattr(record, k) for k in fields}

    return ctx.read(read)


def click(qtbot, widget) -> None:  # type: ignore[no-untyped-def]
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


@pytest.fixture
def case_id(ui_store, make_case) -> int:  # type: ignore[no-untyped-def]
    created = make_case(ui_store, "The Red Lion", "england-2011")
    with ui_store.transaction() as session:
        services.set_asset(session, created, name="The Red Lion")
        services.set_group(session, created, name="Friends of the Red Lion")
    return created


def test_asset_community_use_value_and_plan(
    qtbot, open_page, case_id, ctx, tmp_path: Path, monkeypatch, messages
) -> None:
    page: AssetPage = open_page(AssetPage, case_id)
    assert "community use is current" in page.needs.text()
    assert "why it is of community value" in page.needs.text()
    assert page.plan_name.text() == "No plan chosen" and not page.plan_open.isEnabled()
    assert [page.community_use.itemData(i) for i in range(page.community_use.count())] == [
        "",
        *COMMUNITY_USES,
    ]
    assert page.community_use.itemText(2) == COMMUNITY_USES["recent-past"]

    page.community_use.setFocus()
    qtbot.keyClick(page.community_use, Qt.Key.Key_Down)  # the keyboard chooses
    qtbot.keyClick(page.community_use, Qt.Key.Key_Down)
    assert page.community_use.currentData() == "recent-past"
    qtbot.keyClicks(page.community_value, "The only meeting place in the ward.")
    plan = tmp_path / "Red Lion boundary plan.pdf"
    plan.write_bytes(b"%PDF-1.4")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(plan), ""))
    click(qtbot, page.plan_choose)
    assert page.plan_name.text() == "Red Lion boundary plan.pdf"
    assert page.plan_name.toolTip() == str(plan)
    assert page.state.text() == "Unsaved changes."
    click(qtbot, page.save_button)

    assert messages == []
    saved = stored(ctx, case_id, "asset")
    assert saved is not None
    assert saved["community_use"] == "recent-past"
    assert saved["community_value"] == "The only meeting place in the ward."
    assert saved["plan_path"] == str(plan)
    assert "community" not in page.needs.text()
    assert ctx.undo_stack.count() == 1

    opened: list[str] = []
    monkeypatch.setattr(
        QDesktopServices, "openUrl", staticmethod(lambda url: opened.append(url.toLocalFile()))
    )
    click(qtbot, page.plan_open)
    assert opened == [str(plan)]

    ctx.undo_stack.undo()
    assert stored(ctx, case_id, "asset")["community_use"] == ""
    assert page.community_use.currentData() == ""
    assert page.community_value.toPlainText() == ""
    assert page.plan_name.text() == "No plan chosen"
    ctx.undo_stack.redo()
    assert page.community_use.currentData() == "recent-past"
    assert page.plan_name.text() == "Red Lion boundary plan.pdf"

    click(qtbot, page.plan_clear)  # forget the plan (the file stays)
    click(qtbot, page.save_button)
    assert stored(ctx, case_id, "asset")["plan_path"] == ""
    assert plan.exists()


def test_a_plan_moved_away_is_shown_as_not_found(
    qtbot, open_page, case_id, ctx, tmp_path, messages
) -> None:
    ctx.run(lambda s: services.set_asset(s, case_id, plan_path=str(tmp_path / "gone.pdf")))
    page: AssetPage = open_page(AssetPage, case_id)
    assert page.plan_name.text() == "gone.pdf (not found)"
    assert BAD in page.plan_name.styleSheet()
    assert not page.plan_open.isEnabled() and page.plan_clear.isEnabled()


def test_group_contact_and_papers_saved_undoably(qtbot, open_page, case_id, ctx, messages) -> None:
    page: GroupPage = open_page(GroupPage, case_id)
    widgets = {
        "address": page.address,
        "email": page.email,
        "phone": page.phone,
        "contact_name": page.contact_name,
        "contact_role": page.contact_role,
        "governing_document": page.governing_document,
        "objects": page.objects,
    }
    assert page.contact_name.accessibleName() == "Who signs for the group"
    for key, text in GROUP_DETAILS.items():
        qtbot.keyClicks(widgets[key], text)
    click(qtbot, page.save_button)
    assert messages == []
    saved = stored(ctx, case_id, "group")
    assert {k: saved[k] for k in GROUP_DETAILS} == GROUP_DETAILS
    assert page.state.text() == "All changes saved."

    ctx.undo_stack.undo()
    assert stored(ctx, case_id, "group")["contact_name"] == ""
    assert page.contact_name.text() == "" and page.objects.toPlainText() == ""
    ctx.undo_stack.redo()
    assert page.contact_role.text() == "Chair"


def test_group_email_is_checked(qtbot, open_page, case_id, ctx, messages) -> None:
    page: GroupPage = open_page(GroupPage, case_id)
    qtbot.keyClicks(page.email, "friends at redlion")
    page.email.editingFinished.emit()
    assert BAD in page.email.styleSheet()
    assert "does not look like an email address" in page.email.toolTip()
    click(qtbot, page.save_button)
    assert len(messages) == 1 and "does not look like an email address" in messages[0]
    assert stored(ctx, case_id, "group")["email"] == ""
    assert ctx.undo_stack.count() == 0
    assert page.email.text() == "friends at redlion"  # kept, to be corrected

    page.email.clear()
    qtbot.keyClicks(page.email, "  friends@redlion.example.org ")
    page.email.editingFinished.emit()
    assert page.email.styleSheet() == ""
    click(qtbot, page.save_button)
    assert stored(ctx, case_id, "group")["email"] == "friends@redlion.example.org"
    assert page.email.text() == "friends@redlion.example.org"
