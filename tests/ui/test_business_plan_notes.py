"""Notes on the business plan's records: an income stream or running cost, a risk and a
social impact measure each have a note (stored, and filled from spreadsheets, but not
shown in their tables): typed in the dialog, saved, shown again when the record is
edited, changed on its own as one undoable step, and left alone when something else is
edited."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt

from cattool.core.model import ImpactMeasure, IncomeStream, Risk, RunningCost
from cattool.ui.pages.business_plan import BusinessPlanPage


@pytest.fixture
def page(open_page, ui_store, make_case) -> BusinessPlanPage:  # type: ignore[no-untyped-def]
    case_id = make_case(
        ui_store, "The Red Lion", "england-2011", ("owner-notice-received", dt.date(2026, 3, 2))
    )
    return open_page(BusinessPlanPage, case_id, size=(1400, 1000))


def click(qtbot, widget) -> None:  # type: ignore[no-untyped-def]
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def notes(ctx, model) -> list[str]:  # type: ignore[no-untyped-def]
    return ctx.read(lambda s: [r.note for r in s.query(model).order_by(model.id)])


def fill_first(qtbot, page, lst, **texts: str) -> None:  # type: ignore[no-untyped-def]
    click(qtbot, lst.add_button)
    dialog = lst.dialog
    for name, text in texts.items():
        qtbot.keyClicks(getattr(dialog, name) if name != "amount" else dialog.amount.edit, text)
    qtbot.keyClicks(dialog.note, "From the 2025 accounts")
    qtbot.keyClick(dialog.note, Qt.Key.Key_Return)
    qtbot.keyClicks(dialog.note, "Check in May")
    click(qtbot, dialog.save_button())
    assert not dialog.isVisible()


@pytest.mark.parametrize(
    ("attribute", "model", "texts"),
    [
        ("income", IncomeStream, {"amount": "£12,000"}),
        ("costs", RunningCost, {"amount": "£4,000"}),
        ("risks", Risk, {"title_edit": "Roof fails"}),
        ("impacts", ImpactMeasure, {"measure": "People using the hall"}),
    ],
)
def test_a_note_is_saved_shown_again_and_undone(  # type: ignore[no-untyped-def]
    qtbot, page, ctx, messages, attribute, model, texts
) -> None:
    lst = getattr(page, attribute)
    fill_first(qtbot, page, lst, **texts)
    assert messages == []
    assert notes(ctx, model) == ["From the 2025 accounts\nCheck in May"]
    steps = ctx.undo_stack.count()

    lst.view.selectRow(0)
    click(qtbot, lst.edit_button)
    dialog = lst.dialog
    assert dialog.note.toPlainText() == "From the 2025 accounts\nCheck in May"
    dialog.note.setPlainText("  Checked with the treasurer  ")
    click(qtbot, dialog.save_button())
    assert messages == [] and notes(ctx, model) == ["Checked with the treasurer"]
    assert ctx.undo_stack.count() == steps + 1
    ctx.undo_stack.undo()
    assert notes(ctx, model) == ["From the 2025 accounts\nCheck in May"]

    lst.view.selectRow(0)
    click(qtbot, lst.edit_button)
    click(qtbot, lst.dialog.save_button())  # nothing changed: no step, note kept
    assert ctx.undo_stack.index() == steps and ctx.undo_stack.canRedo()
    assert notes(ctx, model) == ["From the 2025 accounts\nCheck in May"]
