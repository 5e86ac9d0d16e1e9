"""The Business plan page, driven as a user would: add an income stream and a running
cost (amounts like "£12,000") and see the income and expenditure account, cash flow,
break-even and scenarios follow at once; switch how capital is counted; undo and redo;
pre-fill the usual risks twice (the second time adds none); a bad amount is red and
refused; plan settings and impact measures saved undoably.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from PySide6.QtCore import Qt
from tests.ui.conftest import TODAY

from cattool.core.model import ImpactMeasure, IncomeStream, Risk, RunningCost
from cattool.core.money import services as money_services
from cattool.core.money.risks import PREFILL_RISKS
from cattool.ui.pages.business_plan import BusinessPlanPage
from cattool.ui.pages.business_plan_lines import LineDialog
from cattool.ui.pages.registry import PAGES


@pytest.fixture
def case_id(ui_store, make_case) -> int:  # type: ignore[no-untyped-def]
    return make_case(
        ui_store,
        "The Red Lion",
        "england-2011",
        ("owner-notice-received", dt.date(2026, 3, 2)),
    )


@pytest.fixture
def page(open_page, case_id: int) -> BusinessPlanPage:  # type: ignore[no-untyped-def]
    return open_page(BusinessPlanPage, case_id, size=(1400, 1000))


def click(qtbot, widget) -> None:  # type: ignore[no-untyped-def]
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def rows(ctx, model) -> list:  # type: ignore[no-untyped-def]
    return ctx.read(lambda s: s.query(model).order_by(model.id).all())


def add_line(
    qtbot, lines, category: str, amount: str, label: str = "", growth: str = ""
) -> LineDialog:  # type: ignore[no-untyped-def]
    click(qtbot, lines.add_button)
    dialog = lines.dialog
    assert dialog is not None and dialog.isVisible()
    dialog.category.setCurrentIndex(dialog.category.findData(category))
    qtbot.keyClicks(dialog.label, label)
    qtbot.keyClicks(dialog.amount.edit, amount)
    if growth:
        qtbot.keyClicks(dialog.growth.edit, growth)
    click(qtbot, dialog.save_button())
    return dialog


def cell(table, row_label: str, column: int) -> str:  # type: ignore[no-untyped-def]
    for row in range(table.rowCount()):
        if table.item(row, 0).text().strip() == row_label:
            return table.item(row, column).text()
    raise AssertionError(f"no row {row_label!r}")


def test_the_page_sits_after_share_offer_and_before_documents() -> None:
    keys = [key for key, _ in PAGES]
    assert keys.index("business_plan") == keys.index("share_offer") + 1
    assert keys.index("business_plan") < keys.index("documents")
    assert BusinessPlanPage.title == "Business plan"


def test_add_income_and_a_cost_and_see_the_forecast_follow(
    qtbot, page: BusinessPlanPage, ctx, messages
) -> None:
    assert "No income or running costs are entered yet" in page.sentence.text()
    add_line(qtbot, page.income, "room-hire", "£12,000", "Hall hire", "3%")
    assert messages == [] and not page.income.dialog.isVisible()
    [hire] = rows(ctx, IncomeStream)
    assert (hire.amount, hire.growth, hire.label) == (
        Decimal("12000.00"),
        Decimal("3.00"),
        "Hall hire",
    )
    assert cell(page.account, "Room hire", 1) == "£12,000"
    assert cell(page.account, "Room hire", 2) == "£12,360"  # +3%
    assert "Income covers running costs from year 1" in page.break_even.text()

    add_line(qtbot, page.costs, "staff", "£15,000", "Caretaker")
    [staff] = rows(ctx, RunningCost)
    assert staff.amount == Decimal("15000.00")
    assert cell(page.account, "Total running costs", 1) == "£15,000"
    assert cell(page.account, "Surplus (deficit if below £0)", 1) == "-£3,000"
    assert page.break_even.text().startswith(
        "Break-even: Income does not cover running costs in any of the 5 years. In year 1 it "
        "needs to be £15,000 (£3,000 more than planned)"
    )
    # Cash flow: no opening cash, no capital: year 1 ends at -£3,000.
    assert cell(page.cash, "Cash at the end", 2) == "-£3,000"
    assert "runs out" in page.sentence.text()
    # Scenarios: income -20% takes £2,400 off year 1's surplus.
    assert cell(page.scenarios, "Income 20% lower", 1) == "-£2,400"
    assert cell(page.scenarios, "Running costs 20% higher", 1) == "-£3,000"
    assert cell(page.scenarios, "The largest service contract is lost", 1) == "no effect"


def test_break_even_sentence_once_income_covers_costs(qtbot, page: BusinessPlanPage) -> None:
    add_line(qtbot, page.income, "rent", "£20,000")
    add_line(qtbot, page.costs, "utilities", "£8,000")
    assert page.break_even.text() == (
        "Break-even: Income covers running costs from year 1 (£20,000 against £8,000)."
    )
    assert cell(page.scenarios, "Energy prices double", 1) == "-£8,000"


def test_undo_and_redo_an_income_stream(qtbot, page: BusinessPlanPage, ctx, messages) -> None:
    add_line(qtbot, page.income, "events", "£4,000")
    assert cell(page.account, "Total income", 1) == "£4,000"
    ctx.undo_stack.undo()
    assert rows(ctx, IncomeStream) == []
    assert "No income or running costs" in page.sentence.text()
    ctx.undo_stack.redo()
    assert cell(page.account, "Total income", 1) == "£4,000"
    # Edit: one step, undone in one.
    page.income.view.selectRow(0)
    click(qtbot, page.income.edit_button)
    dialog = page.income.dialog
    dialog.amount.edit.clear()
    qtbot.keyClicks(dialog.amount.edit, "5k")
    click(qtbot, dialog.save_button())
    assert cell(page.account, "Total income", 1) == "£5,000"
    ctx.undo_stack.undo()
    assert cell(page.account, "Total income", 1) == "£4,000"
    page.income.view.selectRow(0)
    click(qtbot, page.income.remove_button)  # `messages` answers Yes
    assert rows(ctx, IncomeStream) == []
    ctx.undo_stack.undo()
    assert len(rows(ctx, IncomeStream)) == 1


def test_a_bad_amount_is_red_and_refused(qtbot, page: BusinessPlanPage, ctx, messages) -> None:
    dialog = add_line(qtbot, page.income, "cafe-bar", "£12,5O0")
    assert dialog.isVisible()  # stays open to be corrected
    assert rows(ctx, IncomeStream) == []
    assert dialog.amount.reading.isVisible()
    assert "not an amount of money" in dialog.amount.reading.text()
    assert "#b00020" in dialog.amount.edit.styleSheet()
    assert messages and "not an amount of money" in messages[-1]
    assert ctx.undo_stack.count() == 0
    dialog.amount.edit.clear()
    qtbot.keyClicks(dialog.amount.edit, "£1,200")
    dialog.growth.edit.clear()
    qtbot.keyClicks(dialog.growth.edit, "150%")
    click(qtbot, dialog.save_button())
    assert dialog.isVisible() and rows(ctx, IncomeStream) == []
    assert "-100% to +100%" in messages[-1]
    dialog.growth.edit.clear()
    click(qtbot, dialog.save_button())
    assert not dialog.isVisible()
    assert rows(ctx, IncomeStream)[0].amount == Decimal("1200.00")


def test_prefill_the_usual_risks_twice_adds_none_the_second_time(
    qtbot, page: BusinessPlanPage, ctx, monkeypatch, messages
) -> None:
    from PySide6.QtWidgets import QMessageBox

    told: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda _p, _t, text: told.append(text))
    click(qtbot, page.risks.prefill_button)
    assert len(rows(ctx, Risk)) == len(PREFILL_RISKS)
    assert page.risks.model.rowCount() == len(PREFILL_RISKS)
    assert ctx.undo_stack.count() == 1 and told == []
    # The group edits one; pre-filling again adds none (and says so).
    page.risks.view.selectRow(0)
    click(qtbot, page.risks.edit_button)
    dialog = page.risks.dialog
    qtbot.keyClicks(dialog.owner, "Sam (treasurer)")
    click(qtbot, dialog.save_button())
    click(qtbot, page.risks.prefill_button)
    assert len(rows(ctx, Risk)) == len(PREFILL_RISKS)
    assert told == ["The register already has every one of the usual risks."]
    # Delete one: pre-fill adds just that one back.
    page.risks.view.selectRow(1)
    click(qtbot, page.risks.remove_button)
    assert len(rows(ctx, Risk)) == len(PREFILL_RISKS) - 1
    assert page.risks.prefill() == 1
    # Undo the whole pre-fill in one step each.
    ctx.undo_stack.undo()
    assert len(rows(ctx, Risk)) == len(PREFILL_RISKS) - 1
    while ctx.undo_stack.canUndo():
        ctx.undo_stack.undo()
    assert rows(ctx, Risk) == []
    while ctx.undo_stack.canRedo():
        ctx.undo_stack.redo()
    assert len(rows(ctx, Risk)) == len(PREFILL_RISKS)
    assert any(r.owner == "Sam (treasurer)" for r in rows(ctx, Risk))


def test_add_a_risk_shows_its_score(qtbot, page: BusinessPlanPage, ctx, messages) -> None:
    click(qtbot, page.risks.add_button)
    dialog = page.risks.dialog
    qtbot.keyClicks(dialog.title_edit, "Roof fails")
    dialog.likelihood.setCurrentIndex(dialog.likelihood.findData(3))
    dialog.impact.setCurrentIndex(dialog.impact.findData(5))
    click(qtbot, dialog.save_button())
    [risk] = rows(ctx, Risk)
    assert (risk.title, risk.likelihood, risk.impact) == ("Roof fails", 3, 5)
    assert page.risks.model.data(page.risks.model.index(0, 4)) == "15 High"
    assert any("Roof fails is a high risk" in w for w in page.warnings.text().split("\n"))


def test_impact_measures_add_edit_delete(qtbot, page: BusinessPlanPage, ctx, messages) -> None:
    click(qtbot, page.impacts.add_button)
    dialog = page.impacts.dialog
    qtbot.keyClicks(dialog.measure, "People using the hall each week")
    qtbot.keyClicks(dialog.target, "300 by year 3")
    click(qtbot, dialog.save_button())
    [measure] = rows(ctx, ImpactMeasure)
    assert measure.target == "300 by year 3"
    page.impacts.view.selectRow(0)
    click(qtbot, page.impacts.edit_button)
    page.impacts.dialog.baseline.setText("120")
    click(qtbot, page.impacts.dialog.save_button())
    assert rows(ctx, ImpactMeasure)[0].baseline == "120"
    page.impacts.view.selectRow(0)
    click(qtbot, page.impacts.remove_button)
    assert rows(ctx, ImpactMeasure) == []
    ctx.undo_stack.undo()
    assert rows(ctx, ImpactMeasure)[0].baseline == "120"


def test_settings_loan_and_the_capital_basis(
    qtbot, page: BusinessPlanPage, ctx, case_id, messages
) -> None:
    with ctx.source.store.transaction() as session:
        money_services.set_funding_plan(
            session, case_id, today=TODAY, purchase_price="£200,000", refurbishment="£50,000"
        )
        money_services.add_funding_source(
            session, case_id, today=TODAY, kind="grant", amount="£100,000", status="awarded"
        )
    page.load()
    assert page.basis.currentData() == "target"  # the default: as though fully funded
    assert cell(page.cash, "Capital in (funding)", 1) == "£250,000"
    assert cell(page.cash, "Capital out (buying and works)", 1) == "-£250,000"
    page.basis.setCurrentIndex(page.basis.findData("secured"))
    assert cell(page.cash, "Capital in (funding)", 1) == "£100,000"
    assert cell(page.cash, "Cash at the end", 1) == "-£150,000"
    assert "Not yet funded: £150,000" in page.capital.text()

    form = page.settings
    qtbot.keyClicks(form.opening_cash.edit, "£5,000")
    qtbot.keyClicks(form.loan_amount.edit, "£30,000")
    qtbot.keyClicks(form.loan_years, "10")
    click(qtbot, form.save_button)
    assert messages == []
    assert cell(page.cash, "Cash at the start", 1) == "£5,000"
    assert cell(page.account, "Loan repayments", 1) == "£3,000"  # 0% over ten years
    assert "Loan repayments (£30,000 over 10 years" in page.loan_note.text()
    ctx.undo_stack.undo()
    assert cell(page.cash, "Cash at the start", 1) == "£0"
    assert form.opening_cash.text() == ""
    ctx.undo_stack.redo()
    assert form.opening_cash.text() == "£5,000"

    form.loan_rate.edit.setText("120%")
    count = ctx.undo_stack.count()
    click(qtbot, form.save_button)
    assert "0 to 100%" in messages[-1] and ctx.undo_stack.count() == count
