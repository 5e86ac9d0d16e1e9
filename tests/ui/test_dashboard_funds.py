"""The dashboard's Raised column: funds secured or received against the target, read
after a load and updated after an edit; cases without money say so; it sorts."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from PySide6.QtCore import Qt
from tests.ui.conftest import TODAY
from tests.ui.test_dashboard import names, show_dashboard  # noqa: F401 - the fixture

from cattool.core.money import services as money
from cattool.core.money.raised import read_funds_raised
from cattool.core.store import Store
from cattool.ui.case_list_model import CaseTableModel


def raised(board, name: str) -> tuple[str, str]:
    model = board.case_view.model()
    row = names(board).index(name)
    index = model.index(row, CaseTableModel.RAISED)
    return index.data(), index.data(Qt.ItemDataRole.ToolTipRole)


def test_raised_against_target_shown_updated_and_sorted(
    qtbot,
    ui_store: Store,
    populated,
    show_dashboard,  # noqa: F811
) -> None:
    plough = populated["plough"]
    with ui_store.transaction() as session:
        money.set_funding_plan(
            session, plough, today=TODAY, purchase_price="£200,000", fees="£40,000"
        )
        money.add_funding_source(
            session, plough, today=TODAY, kind="grant", amount="£60,000", status="awarded"
        )
        money.add_funding_source(
            session, plough, today=TODAY, kind="donation", amount="£30,000", status="pledged"
        )
    board = show_dashboard(ui_store)
    qtbot.waitUntil(lambda: board.case_model.funds_for(plough) is not None, timeout=5_000)
    text, tip = raised(board, "The Plough")
    assert text == "£60,000 of £240,000 (25%)"  # a pledge is not yet raised
    assert "£180,000 still to find" in tip
    other = next(name for name in names(board) if name != "The Plough")
    assert raised(board, other) == ("—", "No money entered yet")

    with ui_store.transaction() as session:
        changes = money.add_funding_source(
            session,
            plough,
            today=TODAY,
            kind="grant",
            amount="£60,000",
            status="received",
            received_on=dt.date(2026, 1, 5),
        )
    board.apply_changes(changes)
    assert raised(board, "The Plough")[0] == "£120,000 of £240,000 (50%)"

    board.case_view.sortByColumn(CaseTableModel.RAISED, Qt.SortOrder.AscendingOrder)
    assert names(board)[0] == "The Plough"  # cases with money first, the rest after


@pytest.mark.sqlite_only
def test_the_quick_read_agrees_with_the_store(ui_store: Store, populated) -> None:
    from cattool.core.location import sqlite_file
    from cattool.core.money.raised import funds_raised_by_case

    with ui_store.transaction() as session:
        money.set_funding_plan(
            session,
            populated["plough"],
            today=TODAY,
            purchase_price="£99,999.99",
            target_need="£150,000",
        )
        money.add_funding_source(
            session,
            populated["plough"],
            today=TODAY,
            kind="grant",
            amount="£0.01",
            status="received",
            received_on=dt.date(2026, 1, 5),
        )
    with ui_store.session() as session:
        slow = funds_raised_by_case(session)
    quick = read_funds_raised(sqlite_file(ui_store.url.render_as_string()))
    assert quick is not None and quick == slow
    found = slow[populated["plough"]]
    assert (found.raised, found.target) == (Decimal("0.01"), Decimal("150000.00"))
