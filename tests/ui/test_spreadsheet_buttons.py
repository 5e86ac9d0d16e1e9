"""The spreadsheet buttons: export the Business plan's income and costs (and the Money
page's pledges) through the save dialog, import the file back through the open dialog
(one undoable step), and a bad file is refused with its row and column named, changing
nothing. QFileDialog is patched: no native dialog opens in a test.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox
from tests.ui.conftest import TODAY

from cattool.core.model import FundingSource, IncomeStream, RunningCost
from cattool.core.money import plan_services
from cattool.core.money import services as money_services
from cattool.ui.pages.business_plan import BusinessPlanPage
from cattool.ui.pages.money import MoneyPage


@pytest.fixture
def case_id(ui_store, make_case) -> int:  # type: ignore[no-untyped-def]
    case_id = make_case(
        ui_store, "The Red Lion", "england-2011", ("owner-notice-received", dt.date(2026, 3, 2))
    )
    with ui_store.transaction() as s:
        plan_services.add_income_stream(
            s, case_id, today=TODAY, category="room-hire", amount="£12,000", growth="3"
        )
        plan_services.add_income_stream(
            s, case_id, today=TODAY, category="service-contracts", amount="£8,500.50",
            label="Nursery lease", end_year=3,
        )  # fmt: skip
        plan_services.add_running_cost(
            s, case_id, today=TODAY, category="utilities", amount="£4,000", growth="-2"
        )
        money_services.add_funding_source(
            s, case_id, today=TODAY, kind="grant", funder="Heritage Fund",
            amount="£100,000", status="awarded", expected_on=dt.date(2026, 6, 1),
        )  # fmt: skip
    return case_id


@pytest.fixture
def told(monkeypatch) -> list[str]:  # type: ignore[no-untyped-def]
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda _p, _t, text: shown.append(text))
    return shown


def choose_files(monkeypatch, save: str = "", open_: str = "") -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (save, "xlsx"))
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (open_, ""))


def lines(ctx) -> list[tuple]:  # type: ignore[no-untyped-def]
    def read(s):  # type: ignore[no-untyped-def]
        return [
            (type(r).__name__, r.category, r.label, r.amount, r.growth, r.start_year, r.end_year)
            for model in (IncomeStream, RunningCost)
            for r in s.query(model).order_by(model.id)
        ]

    return ctx.read(read)


def test_plan_lines_export_then_import_round_trip_and_undo(
    qtbot, open_page, case_id, ctx, tmp_path, monkeypatch, messages, told
) -> None:
    page = open_page(BusinessPlanPage, case_id, size=(1400, 1000))
    before = lines(ctx)
    target = tmp_path / "plan"  # no suffix typed: .xlsx is added
    choose_files(monkeypatch, save=str(target))
    qtbot.mouseClick(page.spreadsheet.export_button, Qt.MouseButton.LeftButton)
    assert messages == []
    workbook = tmp_path / "plan.xlsx"
    assert workbook.exists() and workbook.stat().st_size > 0

    choose_files(monkeypatch, open_=str(workbook))
    qtbot.mouseClick(page.spreadsheet.import_button, Qt.MouseButton.LeftButton)
    assert messages == []
    assert told == ["Added 3 rows from plan.xlsx. Undo (Ctrl+Z) removes them all in one step."]
    after = lines(ctx)
    assert len(after) == 6
    assert sorted(after) == sorted(before * 2)  # every field came back as it went out
    assert page.income.model.rowCount() == 4 and page.costs.model.rowCount() == 2
    assert ctx.undo_stack.count() == 1
    ctx.undo_stack.undo()
    assert lines(ctx) == before and page.income.model.rowCount() == 2
    ctx.undo_stack.redo()
    assert len(lines(ctx)) == 6


def test_a_bad_plan_file_names_the_row_and_column_and_changes_nothing(
    qtbot, open_page, case_id, ctx, tmp_path, monkeypatch, messages
) -> None:
    page = open_page(BusinessPlanPage, case_id)
    before = lines(ctx)
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "Type,Category,Description,Amount (first year),Growth % a year\n"
        'Income,Room hire,Evening lets,"£2,000",\n'
        "Income,Events,Summer fair,£15O0,\n"
        "Cost,Staff,Caretaker,£9000,3\n"
        "Expense,Staff,Cleaner,£3000,\n",
        encoding="utf-8",
    )
    choose_files(monkeypatch, open_=str(bad))
    assert page.spreadsheet.import_() == 0
    assert lines(ctx) == before and ctx.undo_stack.count() == 0
    [message] = messages
    assert message.startswith("Nothing was imported: 2 of 4 rows have errors.")
    assert "Row 3, amount (first year): '£15O0' is not an amount of money" in message
    assert "Row 5, type: 'Expense' is not a type of line" in message

    good = tmp_path / "good.csv"
    good.write_text(
        "type,category,amount,growth,last year\n"
        'Cost,Insurance,"£1,250",2.5,\n'
        "Income,cafe-bar,12k,-1,4\n",
        encoding="utf-8",
    )
    choose_files(monkeypatch, open_=str(good))
    monkeypatch.setattr(QMessageBox, "information", lambda *a: None)
    assert page.spreadsheet.import_() == 2
    added = set(lines(ctx)) - set(before)
    assert ("IncomeStream", "cafe-bar", "", Decimal("12000.00"), Decimal("-1.00"), 1, 4) in added
    assert ("RunningCost", "insurance", "", Decimal("1250.00"), Decimal("2.50"), 1, None) in added


def test_pledges_export_then_import_on_the_money_page(
    qtbot, open_page, case_id, ctx, tmp_path, monkeypatch, messages, told
) -> None:
    page = open_page(MoneyPage, case_id, size=(1300, 1000))

    def sources() -> list[tuple]:
        return ctx.read(
            lambda s: [
                (r.kind, r.funder, r.amount, r.status, r.expected_on)
                for r in s.query(FundingSource).order_by(FundingSource.id)
            ]
        )

    before = sources()
    choose_files(monkeypatch, save=str(tmp_path / "pledges.xlsx"))
    assert page.spreadsheet.export() == str(tmp_path / "pledges.xlsx")
    choose_files(monkeypatch, open_=str(tmp_path / "pledges.xlsx"))
    qtbot.mouseClick(page.spreadsheet.import_button, Qt.MouseButton.LeftButton)
    assert messages == [] and sources() == before * 2
    assert page.sources.model.rowCount() == 2
    ctx.undo_stack.undo()
    assert sources() == before

    bad = tmp_path / "bad.csv"
    bad.write_text("Kind,Amount,Status\nGrant,£5000,maybe\n", encoding="utf-8")
    choose_files(monkeypatch, open_=str(bad))
    qtbot.mouseClick(page.spreadsheet.import_button, Qt.MouseButton.LeftButton)
    assert "Row 2, status: 'maybe' is not a status" in messages[-1]
    assert sources() == before


def test_cancelling_the_dialogs_does_nothing(  # type: ignore[no-untyped-def]
    open_page, case_id, ctx, monkeypatch, messages
) -> None:
    page = open_page(BusinessPlanPage, case_id)
    choose_files(monkeypatch)
    assert page.spreadsheet.export() is None
    assert page.spreadsheet.import_() == 0
    assert messages == [] and ctx.undo_stack.count() == 0
