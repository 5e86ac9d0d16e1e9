"""Editing the funder catalogue from its dialog: add a fund, edit a bundled one (the
group's copy replaces it; undo brings the shipped one back), bad input refused with a
clear message and nothing saved.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from PySide6.QtCore import Qt

from cattool.core.model import Fund as FundRow
from cattool.ui.pages.funders import FunderCatalogue, new_fund_key


@pytest.fixture
def catalogue(qtbot, ctx, ui_store, make_case) -> FunderCatalogue:  # type: ignore[no-untyped-def]
    case_id = make_case(ui_store, "The Red Lion", "england-2011")
    dialog = FunderCatalogue(None, ctx, case_id, lambda _values: None)  # type: ignore[arg-type]
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def click(qtbot, widget) -> None:  # type: ignore[no-untyped-def]
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def fund_rows(ctx) -> list[FundRow]:  # type: ignore[no-untyped-def]
    return ctx.read(lambda s: s.query(FundRow).order_by(FundRow.id).all())


def shown(catalogue: FunderCatalogue, key: str):  # type: ignore[no-untyped-def]
    return next(f for f in catalogue.funds if f.key == key)


def test_add_a_fund_then_undo(qtbot, catalogue: FunderCatalogue, ctx, messages) -> None:
    click(qtbot, catalogue.new_button)
    dialog = catalogue.fund_dialog
    assert dialog is not None and dialog.isVisible()
    qtbot.keyClicks(dialog.name, "Ashby Parish Grant")
    qtbot.keyClicks(dialog.funder, "Ashby Parish Council")
    dialog.kind.setCurrentIndex(dialog.kind.findData("council"))
    dialog.status.setCurrentIndex(dialog.status.findData("open"))
    qtbot.keyClicks(dialog.award_min.edit, "£1,000")
    qtbot.keyClicks(dialog.award_max.edit, "5k")
    qtbot.keyClicks(dialog.match_percent.edit, "25%")
    dialog.conditions.setPlainText("Residents of the parish\n\n  Apply by March  ")
    qtbot.keyClicks(dialog.url, "https://ashby.example/grants")
    qtbot.keyClicks(dialog.checked_on.edit, "1/3/26")
    click(qtbot, dialog.save_button())
    assert messages == [] and not dialog.isVisible()
    [row] = fund_rows(ctx)
    assert row.key == "ashby-parish-grant"
    assert (row.award_min, row.award_max, row.match_percent) == (
        Decimal("1000.00"), Decimal("5000.00"), Decimal("25.00"),
    )  # fmt: skip
    assert row.conditions == "Residents of the parish\nApply by March"
    assert row.checked_on == dt.date(2026, 3, 1)
    fund = shown(catalogue, "ashby-parish-grant")
    assert fund.origin == "yours" and fund.status == "open"
    assert catalogue.selected().key == "ashby-parish-grant"
    ctx.undo_stack.undo()
    assert fund_rows(ctx) == []
    catalogue.load()
    assert all(f.key != "ashby-parish-grant" for f in catalogue.funds)


def test_edit_a_bundled_fund_then_undo_brings_it_back(
    qtbot, catalogue: FunderCatalogue, ctx, messages
) -> None:
    shipped = shown(catalogue, "nlhf-grants-10k-250k")
    assert catalogue.select_key(shipped.key)
    click(qtbot, catalogue.edit_fund_button)
    dialog = catalogue.fund_dialog
    assert dialog.name.text() == shipped.name
    dialog.status.setCurrentIndex(dialog.status.findData("closed"))
    click(qtbot, dialog.save_button())
    assert messages == []
    edited = shown(catalogue, shipped.key)
    assert (edited.status, edited.origin) == ("closed", "edited")
    assert edited.award_max == shipped.award_max  # the rest copied as shipped
    # A second edit changes the group's copy (no new row), undone on its own.
    catalogue.select_key(shipped.key)
    dialog = catalogue.edit_fund()
    dialog.award_max.edit.setText("£200,000")
    click(qtbot, dialog.save_button())
    assert len(fund_rows(ctx)) == 1
    assert shown(catalogue, shipped.key).award_max == Decimal("200000.00")
    ctx.undo_stack.undo()
    catalogue.load()
    assert shown(catalogue, shipped.key).award_max == shipped.award_max
    ctx.undo_stack.undo()
    catalogue.load()
    assert fund_rows(ctx) == []
    assert shown(catalogue, shipped.key) == shipped


def test_bad_fund_input_is_refused(qtbot, catalogue: FunderCatalogue, ctx, messages) -> None:
    dialog = catalogue.new_fund()
    qtbot.keyClicks(dialog.award_min.edit, "£10,000")
    click(qtbot, dialog.save_button())
    assert messages[-1] == "Enter the fund's name." and dialog.isVisible()
    qtbot.keyClicks(dialog.name, "Big Grant")
    qtbot.keyClicks(dialog.award_max.edit, "£5,000")
    click(qtbot, dialog.save_button())
    assert "smallest award is more than the largest" in messages[-1]
    dialog.award_max.edit.setText("£2O,000")
    assert "#b00020" in dialog.award_max.edit.styleSheet()
    click(qtbot, dialog.save_button())
    assert "not an amount of money" in messages[-1]
    dialog.award_max.edit.setText("£20,000")
    dialog.min_lease_years.setText("twenty")
    click(qtbot, dialog.save_button())
    assert "Minimum lease" in messages[-1]
    dialog.min_lease_years.setText("25")
    qtbot.keyClicks(dialog.checked_on.edit, "1/1/2030")  # in the future
    click(qtbot, dialog.save_button())
    assert dialog.isVisible() and fund_rows(ctx) == [] and ctx.undo_stack.count() == 0
    dialog.checked_on.edit.clear()
    click(qtbot, dialog.save_button())
    assert not dialog.isVisible() and fund_rows(ctx)[0].min_lease_years == 25


def test_new_fund_keys_are_unique() -> None:
    assert new_fund_key("My Council's Grant!", set()) == "my-council-s-grant"
    assert new_fund_key("Key Fund", {"key-fund", "key-fund-2"}) == "key-fund-3"


def listed(catalogue: FunderCatalogue) -> list[str]:
    model = catalogue.list.model
    return [model.index(row, 0).data() for row in range(model.rowCount())]


def test_delete_a_groups_fund_after_asking_then_undo(
    qtbot, catalogue: FunderCatalogue, ctx, messages, monkeypatch
) -> None:
    from PySide6.QtWidgets import QMessageBox

    dialog = catalogue.new_fund()
    qtbot.keyClicks(dialog.name, "Ashby Parish Grant")
    click(qtbot, dialog.save_button())
    [row] = fund_rows(ctx)
    assert catalogue.selected().key == "ashby-parish-grant"
    assert catalogue.delete_button.isEnabled()
    asked: list[str] = []

    def answer_no(_parent, _title, text, *rest):  # type: ignore[no-untyped-def]
        asked.append(text)
        return QMessageBox.StandardButton.No

    monkeypatch.setattr(QMessageBox, "question", answer_no)
    click(qtbot, catalogue.delete_button)
    assert "Delete the fund 'Ashby Parish Grant' from your catalogue?" in asked[0]
    assert len(fund_rows(ctx)) == 1 and ctx.undo_stack.count() == 1  # No: nothing done
    monkeypatch.setattr(QMessageBox, "question", lambda *a: QMessageBox.StandardButton.Yes)
    click(qtbot, catalogue.delete_button)
    assert messages == [] and fund_rows(ctx) == []
    assert "Ashby Parish Grant" not in listed(catalogue)
    ctx.undo_stack.undo()  # the list follows the undo on its own
    [back] = fund_rows(ctx)
    assert (back.id, back.name) == (row.id, "Ashby Parish Grant")
    assert "Ashby Parish Grant" in listed(catalogue)
    ctx.undo_stack.redo()
    assert fund_rows(ctx) == [] and "Ashby Parish Grant" not in listed(catalogue)


def test_a_bundled_fund_cannot_be_deleted_but_its_edits_can(
    qtbot, catalogue: FunderCatalogue, ctx, messages
) -> None:
    key = "nlhf-grants-10k-250k"
    shipped = shown(catalogue, key)
    catalogue.select_key(key)
    assert not catalogue.delete_button.isEnabled()
    catalogue.delete_fund()  # the Delete key on a shipped fund: nothing
    assert ctx.undo_stack.count() == 0
    dialog = catalogue.edit_fund()
    dialog.award_max.edit.setText("£200,000")
    click(qtbot, dialog.save_button())
    assert shown(catalogue, key).origin == "edited" and catalogue.delete_button.isEnabled()
    assert "Delete fund… brings back" in catalogue.detail.toPlainText()
    click(qtbot, catalogue.delete_button)
    assert messages == [] and fund_rows(ctx) == []
    assert shown(catalogue, key) == shipped and catalogue.selected().key == key
    ctx.undo_stack.undo()
    assert shown(catalogue, key).award_max == Decimal("200000.00")


def test_hide_a_bundled_fund_and_show_it_again(
    qtbot, catalogue: FunderCatalogue, ctx, messages
) -> None:
    key = "community-ownership-fund"
    name = shown(catalogue, key).name
    catalogue.select_key(key)
    assert catalogue.hide_button.text() == "H&ide fund"
    click(qtbot, catalogue.hide_button)
    assert messages == [] and name not in listed(catalogue)
    assert all(f.key != key for f in catalogue.funds)
    click(qtbot, catalogue.show_hidden)
    assert f"{name} (hidden)" in listed(catalogue)
    assert catalogue.select_key(key)
    assert catalogue.hide_button.text() == "Sho&w fund"
    assert "Hidden from the list" in catalogue.detail.toPlainText()
    click(qtbot, catalogue.hide_button)
    assert name in listed(catalogue) and fund_rows(ctx) == []  # shipped again: no copy
    assert catalogue.hide_button.text() == "H&ide fund"
    ctx.undo_stack.undo()  # hidden again
    assert f"{name} (hidden)" in listed(catalogue) and fund_rows(ctx)[0].hidden
    ctx.undo_stack.undo()  # before it was ever hidden
    assert fund_rows(ctx) == [] and name in listed(catalogue)
    click(qtbot, catalogue.show_hidden)
    assert name in listed(catalogue)


def test_date_last_checked_shown_and_set_to_today(
    qtbot, catalogue: FunderCatalogue, ctx, messages
) -> None:
    key = "nlhf-grants-10k-250k"
    shipped = shown(catalogue, key)
    assert shipped.checked_on is not None and shipped.checked_on != ctx.today
    catalogue.select_key(key)
    from cattool.core.dates import format_date_short
    from cattool.ui.pages.funders import FUND_COLUMNS

    current = catalogue.list.view.currentIndex()
    column = [c.header for c in FUND_COLUMNS].index("Checked")
    shown_date = current.sibling(current.row(), column).data()
    assert shown_date == format_date_short(shipped.checked_on)
    assert "Details last checked:" in catalogue.detail.toPlainText()
    click(qtbot, catalogue.checked_button)
    assert messages == [] and shown(catalogue, key).checked_on == ctx.today
    assert fund_rows(ctx)[0].checked_on == ctx.today
    assert not catalogue.checked_button.isEnabled()  # already today
    ctx.undo_stack.undo()
    assert fund_rows(ctx) == [] and shown(catalogue, key).checked_on == shipped.checked_on
