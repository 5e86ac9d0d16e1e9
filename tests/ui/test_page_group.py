"""Group and members page: the group form, the member register and the live eligibility
check (DOMAIN.md §3: legal form, 21 local members for an unincorporated body, no public
body), driven as a user would."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from cattool.core import services
from cattool.core.model import Case, Member
from cattool.ui.pages.group import GroupPage


@pytest.fixture
def case_id(ui_store, make_case) -> int:
    return make_case(ui_store, "The Red Lion", "england-2011")


def with_group(store, case_id: int, on_roll: int, *, local: str = "Kirkdale", off_roll=0):  # type: ignore[no-untyped-def]
    with store.transaction() as session:
        services.set_group(
            session,
            case_id,
            name="Friends of the Red Lion",
            legal_form="unincorporated-association",
            not_for_profit=True,
            local_connection=local,
        )
        for n in range(on_roll + off_roll):
            services.add_member(session, case_id, f"Member {n:02}", on_electoral_roll=n < on_roll)


def click(qtbot, button) -> None:  # type: ignore[no-untyped-def]
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def toggle(qtbot, checkbox) -> None:  # type: ignore[no-untyped-def]
    """Tick or untick with the keyboard, as a keyboard-only user would."""
    checkbox.setFocus()
    qtbot.keyClick(checkbox, Qt.Key.Key_Space)


def stored_group(ctx, case_id):  # type: ignore[no-untyped-def]
    def read(session):  # type: ignore[no-untyped-def]
        group = session.get(Case, case_id).group
        return None if group is None else {k: getattr(group, k) for k in services.GROUP_FIELDS}

    return ctx.read(read)


def test_create_group_with_live_check_then_undo(qtbot, open_page, ctx, case_id, messages) -> None:
    page = open_page(GroupPage, case_id)
    assert "Record the group's legal form" in page.eligibility.text()
    assert not page.register.add_button.isEnabled()

    qtbot.keyClicks(page.name, "Friends of the Red Lion")
    page.legal_form.setCurrentIndex(page.legal_form.findData("unincorporated-association"))
    text = page.eligibility.text()
    assert "0 recorded, 21 more needed" in text
    assert "Not for profit" in text and "local connection" in text
    assert "form as typed" in text
    toggle(qtbot, page.not_for_profit)
    qtbot.keyClicks(page.local_connection, "All our activities are in Kirkdale.")
    assert "Not for profit" not in page.eligibility.text()
    assert stored_group(ctx, case_id) is None  # checked live, nothing saved yet

    click(qtbot, page.save_button)
    assert messages == []
    group = stored_group(ctx, case_id)
    assert group["name"] == "Friends of the Red Lion"
    assert group["legal_form"] == "unincorporated-association" and group["not_for_profit"]
    assert page.register.add_button.isEnabled()
    assert "form as typed" not in page.eligibility.text()
    assert page.state.text() == "All changes saved."

    ctx.undo_stack.undo()
    assert stored_group(ctx, case_id) is None
    assert page.name.text() == ""
    ctx.undo_stack.redo()
    assert stored_group(ctx, case_id)["local_connection"].startswith("All our")


def test_group_needs_a_name(qtbot, open_page, ctx, case_id, messages) -> None:
    page = open_page(GroupPage, case_id)
    page.legal_form.setCurrentIndex(page.legal_form.findData("charity"))
    click(qtbot, page.save_button)
    assert messages and "needs a name" in messages[0]
    assert stored_group(ctx, case_id) is None and ctx.undo_stack.count() == 0


def test_twenty_then_twenty_one_members_on_the_roll(
    qtbot, open_page, ctx, ui_store, case_id, messages
) -> None:
    with_group(ui_store, case_id, on_roll=20, off_roll=2)
    page = open_page(GroupPage, case_id)
    text = page.eligibility.text()
    assert "Not yet eligible" in text and "20 recorded, 1 more needed" in text
    assert page.count.text() == "22 members recorded, 20 on the electoral register."

    click(qtbot, page.register.add_button)
    dialog = page.dialog
    assert dialog.on_roll.isChecked()
    qtbot.keyClicks(dialog.name, "Maureen Doyle")
    qtbot.keyClicks(dialog.address, "14 Westminster Road, Liverpool")
    qtbot.keyClicks(dialog.postcode, "l4 4lp")
    qtbot.keyClicks(dialog.council, "Liverpool City Council")
    click(qtbot, dialog.save_button())
    assert not dialog.isVisible() and messages == []

    member = ctx.read(lambda s: s.query(Member).filter(Member.name == "Maureen Doyle").one())
    assert member.postcode == "L4 4LP" and member.on_electoral_roll
    assert "Eligible to nominate" in page.eligibility.text()
    assert "21 members on the electoral register" in page.eligibility.text()
    assert page.register.model.rowCount() == 23

    ctx.undo_stack.undo()
    assert "20 recorded, 1 more needed" in page.eligibility.text()
    ctx.undo_stack.redo()
    assert "Eligible to nominate" in page.eligibility.text()


def test_editing_a_member_off_the_roll_updates_the_check(
    qtbot, open_page, ctx, ui_store, case_id, messages
) -> None:
    with_group(ui_store, case_id, on_roll=21)
    page = open_page(GroupPage, case_id)
    assert "Eligible to nominate" in page.eligibility.text()
    page.register.view.selectRow(0)
    click(qtbot, page.register.edit_button)
    toggle(qtbot, page.dialog.on_roll)
    click(qtbot, page.dialog.save_button())
    assert "20 recorded, 1 more needed" in page.eligibility.text()
    on_roll = ctx.read(lambda s: s.query(Member).filter(Member.on_electoral_roll).count())
    assert on_roll == 20

    page.register.view.selectRow(0)
    click(qtbot, page.register.remove_button)
    assert ctx.read(lambda s: s.query(Member).count()) == 20
    ctx.undo_stack.undo()
    assert ctx.read(lambda s: s.query(Member).count()) == 21


def test_missing_local_connection(qtbot, open_page, ctx, ui_store, case_id, messages) -> None:
    with_group(ui_store, case_id, on_roll=21, local="")
    page = open_page(GroupPage, case_id)
    assert "Describe the group's local connection" in page.eligibility.text()
    qtbot.keyClicks(page.local_connection, "Members live and meet in Kirkdale.")
    assert "Eligible to nominate" in page.eligibility.text()
    assert stored_group(ctx, case_id)["local_connection"] == ""
    click(qtbot, page.discard_button)
    assert "Describe the group's local connection" in page.eligibility.text()


def test_public_body_cannot_nominate(qtbot, open_page, ctx, ui_store, case_id, messages) -> None:
    with_group(ui_store, case_id, on_roll=25)
    page = open_page(GroupPage, case_id)
    page.legal_form.setCurrentIndex(page.legal_form.findData("public-body"))
    assert "(cannot nominate)" in page.legal_form.currentText()
    text = page.eligibility.text()
    assert "Not yet eligible" in text
    assert "A public body other than a parish council cannot nominate" in text
    click(qtbot, page.save_button)
    assert stored_group(ctx, case_id)["legal_form"] == "public-body"
    ctx.undo_stack.undo()
    assert stored_group(ctx, case_id)["legal_form"] == "unincorporated-association"
    assert page.legal_form.currentData() == "unincorporated-association"


def test_bad_member_postcode_changes_nothing(
    qtbot, open_page, ctx, ui_store, case_id, messages
) -> None:
    with_group(ui_store, case_id, on_roll=1)
    page = open_page(GroupPage, case_id)
    click(qtbot, page.register.add_button)
    qtbot.keyClicks(page.dialog.name, "Tony Reilly")
    qtbot.keyClicks(page.dialog.postcode, "L4")
    click(qtbot, page.dialog.save_button())
    assert page.dialog.isVisible()
    assert messages and "postcode" in messages[0]
    assert ctx.read(lambda s: s.query(Member).count()) == 1
    assert ctx.undo_stack.count() == 0
