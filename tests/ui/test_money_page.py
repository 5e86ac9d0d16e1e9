"""The Money page, driven as a user would: type the funding plan and pledges (amounts like
"£25,000", dates like "1/7/26") and see the projection sentence and the burn-up chart
follow; change a likelihood; try what-ifs that never touch the database; undo and redo a
source; bad amounts shown in red and refused; the funder catalogue's check and "Add as
funding source".
"""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from decimal import Decimal

import pytest
from PySide6.QtCore import Qt
from tests.ui.conftest import TODAY

from cattool.core import services
from cattool.core.model import AuditEntry, FundingPlan, FundingSource
from cattool.core.money import services as money_services
from cattool.ui.pages.money import MoneyPage
from cattool.ui.pages.money_sources import SourceDialog

DEADLINE = "On 1 September 2026"


@pytest.fixture
def case_id(ui_store, make_case) -> int:  # type: ignore[no-untyped-def]
    """A pub in its full moratorium (ends Tue 1 Sep 2026)."""
    return make_case(
        ui_store,
        "The Red Lion",
        "england-2011",
        ("owner-notice-received", dt.date(2026, 3, 2)),
        ("bidder-request-received", dt.date(2026, 3, 4)),
    )


@pytest.fixture
def page(open_page, case_id: int) -> MoneyPage:  # type: ignore[no-untyped-def]
    return open_page(MoneyPage, case_id, size=(1300, 1000))


def click(qtbot, widget) -> None:  # type: ignore[no-untyped-def]
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def type_into(qtbot, edit, text: str) -> None:  # type: ignore[no-untyped-def]
    edit.clear()
    qtbot.keyClicks(edit, text)


def sources(ctx) -> list[FundingSource]:  # type: ignore[no-untyped-def]
    return ctx.read(lambda s: s.query(FundingSource).order_by(FundingSource.id).all())


def audit_count(ctx) -> int:  # type: ignore[no-untyped-def]
    return ctx.read(lambda s: s.query(AuditEntry).count())


def enter_plan(qtbot, page: MoneyPage, **costs: str) -> None:  # type: ignore[no-untyped-def]
    form = page.plan_form
    for name, text in costs.items():
        type_into(qtbot, form.checked[name].edit, text)
    assert form.bar.save_button.isEnabled()
    click(qtbot, form.bar.save_button)


def add_source(  # type: ignore[no-untyped-def]
    qtbot, page: MoneyPage, kind: str, funder: str, amount: str, status: str, expected: str = ""
) -> SourceDialog:
    click(qtbot, page.sources.add_button)
    dialog = page.sources.dialog
    assert dialog is not None and dialog.isVisible()
    dialog.kind.setCurrentIndex(dialog.kind.findData(kind))
    qtbot.keyClicks(dialog.funder, funder)
    qtbot.keyClicks(dialog.amount.edit, amount)
    dialog.status.setCurrentIndex(dialog.status.findData(status))
    if expected:
        qtbot.keyClicks(dialog.expected_on.edit, expected)
    click(qtbot, dialog.save_button())
    return dialog


def last_y(series) -> float:  # type: ignore[no-untyped-def]
    return series.points()[-1].y()


# ------------------------------------------------------------------------ projection


def test_enter_pledges_and_see_the_sentence_and_chart_follow(
    qtbot, page: MoneyPage, ctx, messages
) -> None:
    assert "No funding need is recorded yet" in page.sentence.text()
    assert "Full moratorium ends 1 September 2026" in page.deadline_note.text()

    enter_plan(qtbot, page, purchase_price="£200,000", fees="10k", refurbishment="£30,000")
    assert messages == []
    plan = ctx.read(lambda s: s.query(FundingPlan).one())
    assert (plan.purchase_price, plan.fees) == (Decimal("200000.00"), Decimal("10000.00"))
    assert page.sentence.text() == (
        f"{DEADLINE} you are likely to have £0 of £240,000: £240,000 short."
    )
    assert page.plan_form.total.text() == "The costs add up to £240,000."
    assert "£240,000" in page.plan_form.checked["target_need"].edit.placeholderText()

    dialog = add_source(
        qtbot, page, "community-shares", "Share offer", "£120,000", "pledged", "1/7/26"
    )
    assert messages == [] and not dialog.isVisible()
    [shares] = sources(ctx)
    assert (shares.amount, shares.status) == (Decimal("120000.00"), "pledged")
    assert shares.expected_on == dt.date(2026, 7, 1)
    # Pledged money counts at 75%: £90,000.
    assert page.sentence.text() == (
        f"{DEADLINE} you are likely to have £90,000 of £240,000: £150,000 short."
    )
    chart = page.chart
    assert last_y(chart.projected_series) == 90000.0
    assert last_y(chart.secured_series) == 0.0
    assert chart.need_series.points()[0].y() == 240000.0
    deadline_x = {p.x() for p in chart.deadline_series.points()}
    assert len(deadline_x) == 1 and chart.deadline_series.isVisible()  # a vertical line
    assert chart.deadline_label.text() == "Tue 1 Sep 2026"
    assert chart.deadline_series.name() == "Deadline Tue 1 Sep 2026"
    assert "Deadline: Full moratorium ends 1 September 2026." in chart.view.accessibleDescription()
    assert chart.view.accessibleName().startswith("Burn-up chart")
    assert "likely money from £0 to £90,000" in chart.view.accessibleDescription()

    add_source(qtbot, page, "grant", "Heritage Fund", "£100,000", "awarded", "1 August 2026")
    assert page.sentence.text() == (
        f"{DEADLINE} you are likely to have £185,000 of £240,000: £55,000 short."
    )
    assert last_y(chart.projected_series) == 185000.0
    assert last_y(chart.secured_series) == 100000.0  # awarded money counts in full
    assert page.totals.text() == "Pledged £120,000 · Awarded (secured) £100,000"
    assert page.gap.text() == (
        "Need £240,000 (minimum £210,000). Secured or received £100,000: gap £140,000."
    )
    table = page.sources.model
    assert [table.index(r, 3).data() for r in range(table.rowCount())] == [
        "£120,000",
        "£100,000",
    ]
    assert table.index(0, 9).data() == "£90,000 (75%)"

    # Any other date, typed as people write it.
    qtbot.keyClicks(page.other_date.edit, "1/7/26")
    assert page.other_sentence.text() == (
        "On 1 July 2026 you are likely to have £90,000 of £240,000: £150,000 short."
    )
    type_into(qtbot, page.other_date.edit, "1/12/26")
    assert page.other_sentence.text().startswith("On 1 December 2026 you are likely")
    assert page.chart_end() == dt.date(2026, 12, 1)  # the chart reaches the date chosen


def test_a_provisional_deadline_is_marked(qtbot, open_page, ui_store, make_case) -> None:  # type: ignore[no-untyped-def]
    case_id = make_case(
        ui_store,
        "The Plough",
        "england-2026",
        ("listed", dt.date(2025, 10, 20)),
        ("owner-notice-received", dt.date(2026, 1, 19)),
        ("bidder-request-received", dt.date(2026, 2, 1)),
    )
    page = open_page(MoneyPage, case_id)
    assert page.deadline_note.text().endswith("(provisional).")
    assert page.chart.deadline_label.text().endswith("(provisional)")
    assert "is provisional: check it" in page.warnings.text()


def test_change_a_likelihood_and_undo(qtbot, page: MoneyPage, ctx, case_id, messages) -> None:
    with ctx.source.store.transaction() as session:
        money_services.set_funding_plan(session, case_id, today=TODAY, purchase_price="200000")
        money_services.add_funding_source(
            session, case_id, today=TODAY, kind="donation", amount="£40,000",
            status="pledged", expected_on=dt.date(2026, 5, 1),
        )  # fmt: skip
    page.load()
    form = page.likelihood_form
    assert form.defaults["pledged"].text() == "75%"
    field = form.checked["likelihood_pledged"]
    assert field.edit.placeholderText() == "75% (default)"
    assert f"{DEADLINE} you are likely to have £30,000" in page.sentence.text()

    type_into(qtbot, field.edit, "50")
    assert form.bar.save_button.isEnabled()
    click(qtbot, form.bar.save_button)
    assert messages == []
    plan = ctx.read(lambda s: s.query(FundingPlan).one())
    assert plan.likelihood_pledged == Decimal("50.00")
    assert f"{DEADLINE} you are likely to have £20,000" in page.sentence.text()
    assert field.edit.text() == "50%"
    assert page.sources.model.index(0, 9).data() == "£20,000 (50%)"

    ctx.undo_stack.undo()
    assert f"{DEADLINE} you are likely to have £30,000" in page.sentence.text()
    assert field.edit.text() == ""
    ctx.undo_stack.redo()
    assert f"{DEADLINE} you are likely to have £20,000" in page.sentence.text()

    type_into(qtbot, field.edit, "150")  # not a percentage
    assert not form.bar.save_button.isEnabled()
    assert "from 0 to 100" in form.bar.state.text()
    click(qtbot, form.reset_button)  # back to the defaults: blank, then save
    assert field.edit.text() == ""
    click(qtbot, form.bar.save_button)
    assert ctx.read(lambda s: s.query(FundingPlan).one()).likelihood_pledged is None


# ------------------------------------------------------------------------ what if


@pytest.fixture
def pipeline(page: MoneyPage, ctx, case_id) -> MoneyPage:  # type: ignore[no-untyped-def]
    with ctx.source.store.transaction() as session:
        money_services.set_funding_plan(session, case_id, today=TODAY, purchase_price="£240,000")
        for kind, funder, amount, status, when in (
            ("community-shares", "Share offer", "£120,000", "pledged", dt.date(2026, 7, 1)),
            ("grant", "Heritage Fund", "£100,000", "awarded", dt.date(2026, 8, 1)),
        ):
            money_services.add_funding_source(
                session, case_id, today=TODAY, kind=kind, funder=funder, amount=amount,
                status=status, expected_on=when,
            )  # fmt: skip
    page.load()
    return page


def choose_source(page: MoneyPage, funder: str) -> None:
    combo = page.what_if.source
    index = next(i for i in range(combo.count()) if combo.itemText(i).startswith(funder))
    combo.setCurrentIndex(index)


def test_what_if_moves_drops_and_prices_without_touching_the_database(
    qtbot, pipeline: MoneyPage, ctx
) -> None:
    page = pipeline
    real = f"{DEADLINE} you are likely to have £185,000 of £240,000: £55,000 short."
    assert page.sentence.text() == real
    assert not page.what_if_box.isVisible() and not page.chart.what_if_series.isVisible()
    before = (audit_count(ctx), [(s.id, s.expected_on, s.amount) for s in sources(ctx)])
    panel = page.what_if

    # The grant arrives a month after the deadline.
    choose_source(page, "Heritage Fund")
    assert panel.move_to.edit.text() == "2026-08-01"
    type_into(qtbot, panel.move_to.edit, "1/10/26")
    click(qtbot, panel.move_button)
    assert page.what_if_box.isVisible()
    assert page.what_if_sentence.text() == (
        f"{DEADLINE} you are likely to have £90,000 of £240,000: £150,000 short."
    )
    assert page.sentence.text() == real  # the real one stays beside it
    assert page.chart.what_if_series.isVisible()
    assert last_y(page.chart.what_if_series) == 90000.0
    assert last_y(page.chart.projected_series) == 185000.0
    assert [panel.edits_list.item(i).text() for i in range(panel.edits_list.count())] == [
        "Heritage Fund arrives on 1 October 2026"
    ]

    # Leave the share offer out too, and the price drops by £40,000.
    choose_source(page, "Share offer")
    click(qtbot, panel.drop_button)
    assert page.what_if_sentence.text() == (
        f"{DEADLINE} you are likely to have £0 of £240,000: £240,000 short."
    )
    type_into(qtbot, panel.price.edit, "£200,000")
    click(qtbot, panel.price_button)
    assert page.what_if_sentence.text() == (
        f"{DEADLINE} you are likely to have £0 of £200,000: £200,000 short."
    )
    assert panel.edits_list.count() == 3

    # Nothing was written.
    after = (audit_count(ctx), [(s.id, s.expected_on, s.amount) for s in sources(ctx)])
    assert after == before and ctx.undo_stack.count() == 0

    click(qtbot, panel.reset_button)
    assert not page.what_if_box.isVisible() and not page.chart.what_if_series.isVisible()
    assert panel.edits() == []


def test_what_if_survives_a_reload_and_a_received_source_cannot_move(
    qtbot, pipeline: MoneyPage, ctx
) -> None:
    page, panel = pipeline, pipeline.what_if
    choose_source(page, "Share offer")
    click(qtbot, panel.drop_button)
    shares = sources(ctx)[0]
    with ctx.source.store.transaction() as session:
        money_services.update_funding_source(
            session, sources(ctx)[1].id, today=TODAY, status="received",
            received_on=dt.date(2026, 3, 1),
        )  # fmt: skip
    page.load()
    assert [type(e).__name__ for e in panel.edits()] == ["DropSource"]
    assert panel.edits()[0].source_id == shares.id
    choose_source(page, "Heritage Fund")
    assert not panel.move_button.isEnabled() and panel.drop_button.isEnabled()


# ------------------------------------------------------------------------ sources


def test_undo_and_redo_a_source_and_an_edit(qtbot, page: MoneyPage, ctx, messages) -> None:
    enter_plan(qtbot, page, purchase_price="£100,000")
    add_source(qtbot, page, "donation", "Crowdfunder", "£25,000", "pledged", "1/6/26")
    assert len(sources(ctx)) == 1 and page.sources.model.rowCount() == 1
    assert "£18,750 of £100,000" in page.sentence.text()

    ctx.undo_stack.undo()
    assert sources(ctx) == [] and page.sources.model.rowCount() == 0
    assert "£0 of £100,000" in page.sentence.text()
    ctx.undo_stack.redo()
    assert len(sources(ctx)) == 1 and "£18,750 of £100,000" in page.sentence.text()

    # Edit: received now, with the date it arrived.
    page.sources.view.selectRow(0)
    click(qtbot, page.sources.edit_button)
    dialog = page.sources.dialog
    assert dialog.amount.edit.text() == "£25,000"
    dialog.status.setCurrentIndex(dialog.status.findData("received"))
    assert dialog.form.isRowVisible(dialog.received_on)
    qtbot.keyClicks(dialog.received_on.edit, "3/3/26")
    click(qtbot, dialog.save_button())
    assert messages == []
    [source] = sources(ctx)
    assert (source.status, source.received_on) == ("received", dt.date(2026, 3, 3))
    assert "£25,000 of £100,000" in page.sentence.text()
    ctx.undo_stack.undo()
    assert sources(ctx)[0].status == "pledged" and sources(ctx)[0].received_on is None

    # Remove (asked first), then undo brings it back with the same id.
    page.sources.view.selectRow(0)
    click(qtbot, page.sources.remove_button)
    assert sources(ctx) == []
    ctx.undo_stack.undo()
    assert [s.id for s in sources(ctx)] == [source.id]


def test_bad_amounts_are_red_and_not_saved(qtbot, page: MoneyPage, ctx, messages) -> None:
    click(qtbot, page.sources.add_button)
    dialog = page.sources.dialog
    qtbot.keyClicks(dialog.amount.edit, "£25,0x0")
    assert not dialog.amount.is_valid()
    assert dialog.amount.reading.isVisible()
    assert "not an amount of money" in dialog.amount.reading.text()
    assert "#b00020" in dialog.amount.reading.styleSheet()
    assert "#b00020" in dialog.amount.edit.styleSheet()
    click(qtbot, dialog.save_button())
    assert dialog.isVisible() and sources(ctx) == []
    assert messages and "not an amount of money" in messages[-1]
    # Corrected, it reads "25k" as £25,000 and saves.
    type_into(qtbot, dialog.amount.edit, "25k")
    assert dialog.amount.reading.text() == "Read as £25,000"
    click(qtbot, dialog.save_button())
    assert [s.amount for s in sources(ctx)] == [Decimal("25000.00")]

    # In the plan: a negative fee is refused before it reaches the database.
    fees = page.plan_form.checked["fees"]
    type_into(qtbot, fees.edit, "-500")
    assert not page.plan_form.bar.save_button.isEnabled()
    assert "cannot be negative" in page.plan_form.bar.state.text()
    assert "#b00020" in fees.edit.styleSheet()
    assert ctx.read(lambda s: s.query(FundingPlan).count()) == 0
    # A minimum above the target is the service's to refuse: a message, nothing saved.
    type_into(qtbot, fees.edit, "£500")
    type_into(qtbot, page.plan_form.checked["minimum_need"].edit, "£900")
    click(qtbot, page.plan_form.bar.save_button)
    assert "more than the target" in messages[-1]
    assert ctx.read(lambda s: s.query(FundingPlan).count()) == 0


def test_received_money_needs_its_date(qtbot, page: MoneyPage, ctx, messages) -> None:
    click(qtbot, page.sources.add_button)
    dialog = page.sources.dialog
    qtbot.keyClicks(dialog.amount.edit, "£5,000")
    dialog.status.setCurrentIndex(dialog.status.findData("received"))
    click(qtbot, dialog.save_button())
    assert "date received" in messages[-1] and sources(ctx) == []
    qtbot.keyClicks(dialog.received_on.edit, "tomorrow")
    assert not dialog.received_on.is_valid()  # money cannot have arrived in the future


# ------------------------------------------------------------------------ catalogue


def test_funder_catalogue_checks_the_case_and_adds_a_source(
    qtbot, page: MoneyPage, ctx, case_id, messages
) -> None:
    with ctx.source.store.transaction() as session:
        services.set_group(session, case_id, name="Friends", legal_form="community-benefit-society")
    click(qtbot, page.catalogue_button)
    catalogue = page.catalogue
    assert catalogue is not None and catalogue.isVisible()
    model = catalogue.list.model
    rows = {model.row_at(r).key: r for r in range(model.rowCount())}
    cof = rows["community-ownership-fund"]
    assert model.index(cof, 1).data() == "Closed"
    assert catalogue.select_key("community-ownership-fund")
    assert "is closed: it cannot be applied to" in catalogue.detail.toPlainText()
    assert "✘" in catalogue.detail.toPlainText()
    assert catalogue.check is not None and not catalogue.check.fits

    catalogue.show_closed.setChecked(False)
    shown = [model.row_at(r).status for r in range(model.rowCount())]
    assert "closed" not in shown and shown

    assert catalogue.select_key("nlhf-grants-10k-250k")
    qtbot.keyClicks(catalogue.amount.edit, "£5,000")
    assert "below the smallest award" in catalogue.detail.toPlainText()
    type_into(qtbot, catalogue.amount.edit, "£50,000")
    assert "within the award range" in catalogue.detail.toPlainText()

    click(qtbot, catalogue.add_button)
    assert not catalogue.isVisible()
    dialog = page.sources.dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.fund_name.text() and dialog.amount.edit.text() == "£50,000"
    assert dialog.status.currentData() == "idea"
    click(qtbot, dialog.save_button())
    assert messages == []
    [source] = sources(ctx)
    assert (source.fund_key, source.amount) == ("nlhf-grants-10k-250k", Decimal("50000.00"))


def test_qtcharts_is_imported_by_the_chart_module_only_and_warmed_up_on_a_worker() -> None:
    """Importing the Money page's module must not load QtCharts (the page builds its chart
    from money_chart); the warm-up imports that on its worker, so the page's first build
    does not pay for it on the UI thread."""
    code = (
        "import sys\n"
        "import cattool.ui.pages.money\n"
        "print(any(m.startswith('PySide6.QtCharts') for m in sys.modules))\n"
        "from cattool.ui.warm_up import warm_up_steps\n"
        "print('cattool.ui.pages.money_chart' in [name for name, _ in warm_up_steps()])\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "True"]


def test_another_case_starts_without_the_what_if(  # type: ignore[no-untyped-def]
    qtbot, pipeline: MoneyPage, ui_store, make_case
) -> None:
    page = pipeline
    type_into(qtbot, page.what_if.price.edit, "£300,000")
    click(qtbot, page.what_if.price_button)
    assert page.what_if_box.isVisible()
    other = make_case(ui_store, "The Plough", "england-2011")
    page.show_case(other)
    assert page.what_if.edits() == [] and not page.what_if_box.isVisible()
    assert page.sources.model.rowCount() == 0
    assert "No funding need is recorded yet" in page.sentence.text()
