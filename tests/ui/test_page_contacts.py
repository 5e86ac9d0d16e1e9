"""Contacts page: every party in the case with every role; filter, email, copy, edit."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import QMessageBox
from tests.ui.conftest import party_removal

from cattool.core import services
from cattool.core.model import CaseParty, Party
from cattool.ui.pages.contacts import ContactsPage


@pytest.fixture
def page(open_page, ui_store, make_case) -> ContactsPage:
    case_id = make_case(ui_store, "The Red Lion", "england-2011")
    with ui_store.transaction() as session:
        services.add_party(
            session,
            case_id,
            "Liverpool City Council (ACV team)",
            "council",
            address="Cunard Building, Water Street, Liverpool L3 1AH",
            email="acv@example.gov.uk",
        )
        services.add_party(session, case_id, "Northgate Pub Estates Ltd", "owner")
        services.add_party(session, case_id, "Locality", "adviser")
    return open_page(ContactsPage, case_id)


def click(qtbot, button) -> None:  # type: ignore[no-untyped-def]
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def shown_names(page: ContactsPage) -> list[str]:
    proxy = page.list.proxy
    return [proxy.index(row, 0).data() for row in range(proxy.rowCount())]


def select(page: ContactsPage, name: str) -> None:
    assert page.list.select_key(next(r.link_id for r in page.list.model.rows() if r.name == name))


def test_lists_every_role_and_filters(qtbot, page: ContactsPage) -> None:
    assert shown_names(page) == [  # council first, then owner, then the rest
        "Liverpool City Council (ACV team)",
        "Northgate Pub Estates Ltd",
        "Locality",
    ]
    assert page.count.text() == "3 contacts"
    page.role_filter.setCurrentIndex(page.role_filter.findData("owner"))
    assert shown_names(page) == ["Northgate Pub Estates Ltd"]
    assert page.count.text() == "1 of 3 contacts"
    page.role_filter.setCurrentIndex(page.role_filter.findData("funder"))
    assert shown_names(page) == []
    page.role_filter.setCurrentIndex(0)
    assert len(shown_names(page)) == 3


def test_email_link_and_copy(qtbot, page: ContactsPage, monkeypatch) -> None:
    opened: list[str] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toString()))
    select(page, "Northgate Pub Estates Ltd")
    assert not page.mail_button.isEnabled() and not page.copy_button.isEnabled()
    select(page, "Liverpool City Council (ACV team)")
    assert page.mail_button.isEnabled()
    click(qtbot, page.mail_button)
    assert opened == ["mailto:acv@example.gov.uk"]
    click(qtbot, page.copy_button)
    assert QGuiApplication.clipboard().text() == "acv@example.gov.uk"
    assert "Copied acv@example.gov.uk" in page.status.text()
    # Enter on the email cell writes an email rather than opening the editor.
    row = page.list.view.currentIndex().row()
    page.list.view.setCurrentIndex(page.list.proxy.index(row, 2))
    page.list.view.activated.emit(page.list.proxy.index(row, 2))
    assert opened == ["mailto:acv@example.gov.uk"] * 2
    assert page.dialog is None


def test_add_and_edit_with_undo(qtbot, page: ContactsPage, ctx, messages) -> None:
    page.role_filter.setCurrentIndex(page.role_filter.findData("funder"))
    click(qtbot, page.list.add_button)
    dialog = page.dialog
    assert dialog.role.currentData() == "funder"  # the filtered role is the default
    qtbot.keyClicks(dialog.name, "Power to Change")
    qtbot.keyClicks(dialog.email, "not-an-email")
    click(qtbot, dialog.save_button())
    assert dialog.isVisible() and "does not look like an email" in messages[-1]
    dialog.email.clear()
    qtbot.keyClicks(dialog.email, "grants@example.org")
    qtbot.keyClicks(dialog.phone, "0114 000 0000")
    click(qtbot, dialog.save_button())
    assert not dialog.isVisible()
    assert shown_names(page) == ["Power to Change"]
    party = ctx.read(lambda s: s.query(Party).filter(Party.name == "Power to Change").one())
    assert (party.email, party.phone) == ("grants@example.org", "0114 000 0000")

    page.list.view.selectRow(0)
    qtbot.keyClick(page.list.view, Qt.Key.Key_Return)  # Enter edits
    dialog = page.dialog
    assert dialog.name.text() == "Power to Change"
    dialog.phone.clear()
    qtbot.keyClicks(dialog.phone, "0114 111 1111")
    click(qtbot, dialog.save_button())
    assert ctx.read(lambda s: s.get(Party, party.id).phone) == "0114 111 1111"
    ctx.undo_stack.undo()
    assert ctx.read(lambda s: s.get(Party, party.id).phone) == "0114 000 0000"
    ctx.undo_stack.redo()
    assert ctx.read(lambda s: s.get(Party, party.id).phone) == "0114 111 1111"


@party_removal  # undoing an addition deletes the party
def test_undo_an_addition(qtbot, page: ContactsPage, ctx, messages) -> None:
    click(qtbot, page.list.add_button)
    qtbot.keyClicks(page.dialog.name, "Power to Change")
    click(qtbot, page.dialog.save_button())
    assert "Power to Change" in shown_names(page)
    ctx.undo_stack.undo()
    assert "Power to Change" not in shown_names(page)
    ctx.undo_stack.redo()
    assert "Power to Change" in shown_names(page)


def test_remove_asks_first(qtbot, page: ContactsPage, ctx, monkeypatch, messages) -> None:
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.No)
    select(page, "Locality")
    click(qtbot, page.list.remove_button)
    assert len(shown_names(page)) == 3 and ctx.undo_stack.count() == 0


@party_removal
def test_remove_and_change_role_with_undo(
    qtbot, page: ContactsPage, ctx, monkeypatch, messages
) -> None:
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    select(page, "Locality")
    qtbot.keyClick(page.list.view, Qt.Key.Key_Delete)  # Delete removes
    assert "Locality" not in shown_names(page)
    ctx.undo_stack.undo()
    assert "Locality" in shown_names(page)

    select(page, "Locality")
    click(qtbot, page.list.edit_button)
    page.dialog.role.setCurrentIndex(page.dialog.role.findData("funder"))
    click(qtbot, page.dialog.save_button())
    roles = ctx.read(lambda s: {link.party.name: link.role for link in s.query(CaseParty)})
    assert roles["Locality"] == "funder"
    ctx.undo_stack.undo()
    roles = ctx.read(lambda s: {link.party.name: link.role for link in s.query(CaseParty)})
    assert roles["Locality"] == "adviser"
