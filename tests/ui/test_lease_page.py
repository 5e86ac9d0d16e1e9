"""The Lease and CAT page, driven as a user would: add a lease, type its term, start date
and rent review, add break clauses, and see the checks and key dates follow at once; undo
and redo; a bad date is red and refused; a council's own CAT timetable moves the expected
dates; a CAT step recorded as an event; the full-repairing risk added once. And a signed
lease's key dates reaching the dashboard's agenda.
"""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from tests.ui.conftest import TODAY

from cattool.core.lease import services as lease_services
from cattool.core.lease.model import CatPolicyOverride, Lease, LeaseBreak
from cattool.core.model import Event, Risk
from cattool.ui.pages.lease import LeasePage
from cattool.ui.pages.registry import PAGES


@pytest.fixture
def case_id(ui_store, make_case) -> int:  # type: ignore[no-untyped-def]
    return make_case(
        ui_store,
        "Hendon Library",
        "england-2011",
        ("cat-eoi-submitted", dt.date(2026, 2, 2)),
    )


@pytest.fixture
def page(open_page, case_id: int) -> LeasePage:  # type: ignore[no-untyped-def]
    return open_page(LeasePage, case_id, size=(1500, 1000))


def click(qtbot, widget) -> None:  # type: ignore[no-untyped-def]
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def rows(ctx, model) -> list:  # type: ignore[no-untyped-def]
    return ctx.read(lambda s: s.query(model).order_by(model.id).all())


def typed(qtbot, page: LeasePage, name: str, text: str) -> None:  # type: ignore[no-untyped-def]
    """Clear a field of the lease form and type `text` into it."""
    widget = page.form.fields[name].widget
    edit = getattr(widget, "edit", widget)
    edit.clear()
    if text:
        qtbot.keyClicks(edit, text)


def choose(page: LeasePage, name: str, key: str) -> None:
    box = page.form.fields[name].widget
    box.setCurrentIndex(box.findData(key))  # type: ignore[attr-defined]


def add_lease(qtbot, page: LeasePage) -> None:  # type: ignore[no-untyped-def]
    click(qtbot, page.leases.add_button)
    assert page.form.lease is not None


def add_break(qtbot, page: LeasePage, party: str, year: str, notice: str) -> None:  # type: ignore[no-untyped-def]
    click(qtbot, page.breaks.add_button)
    dialog = page.breaks.dialog
    assert dialog is not None and dialog.isVisible()
    dialog.party.setCurrentIndex(dialog.party.findData(party))
    qtbot.keyClicks(dialog.from_year, year)
    dialog.notice.clear()
    qtbot.keyClicks(dialog.notice, notice)
    qtbot.keyClicks(dialog.note, "clause 9")
    click(qtbot, dialog.save_button())
    assert not dialog.isVisible()


def test_the_page_sits_between_business_plan_and_documents() -> None:
    keys = [key for key, _ in PAGES]
    assert keys.index("lease") == keys.index("business_plan") + 1
    assert keys.index("documents") == keys.index("lease") + 1
    assert LeasePage.title == "Lease and CAT"


def test_fill_a_lease_and_see_the_checks_and_key_dates_follow(
    qtbot, page: LeasePage, ctx, messages
) -> None:
    assert page.form.lease is None and not page.form.isEnabled()
    assert "No lease yet" in page.checks.empty.text()
    add_lease(qtbot, page)
    assert page.checks.check_keys() == ["term-missing"]
    typed(qtbot, page, "term_years", "20")
    typed(qtbot, page, "start_date", "1/4/2027")
    assert page.form.fields["start_date"].widget.reading.text() == "Thursday 1 April 2027"
    typed(qtbot, page, "rent_review_years", "5")
    choose(page, "rent_review_basis", "upward-only")
    assert page.form.state.text() == "Unsaved changes."
    click(qtbot, page.form.save_button)
    lease = rows(ctx, Lease)[0]
    assert (lease.term_years, lease.start_date) == (20, dt.date(2027, 4, 1))
    assert lease.rent_review_basis == "upward-only"
    assert page.form.state.text() == "All changes saved."
    assert set(page.checks.check_keys()) == {"term-under-25", "upward-only-review"}
    upward = page.checks.card("upward-only-review")
    assert "PROVISIONAL" in upward.title.text() and "2026" in upward.source.text()
    assert "Problem" in upward.title.text()
    assert "Warning" in page.checks.card("term-under-25").title.text()
    labels = page.key_dates.labels()
    assert labels.count("Rent review (year 5)") == 1
    assert "Rent review (year 20)" not in labels  # the term ends that day: no review after
    assert "Lease term ends" in labels
    assert all(kind == "Proposed" for *_, kind in page.key_dates.row_texts())

    add_break(qtbot, page, "landlord", "10", "6")
    assert "break-not-mutual" in page.checks.check_keys()
    assert "Break date (the landlord may end the lease)" in page.key_dates.labels()
    notice = [r for r in page.key_dates.row_texts() if r[2].startswith("Last day to serve")]
    assert notice[0][0] == "1 October 2036"  # six months before 1 April 2037
    assert rows(ctx, LeaseBreak)[0].note == "clause 9"

    typed(qtbot, page, "term_years", "25")
    click(qtbot, page.form.save_button)
    assert "term-under-25" not in page.checks.check_keys()
    assert "Rent review (year 20)" in page.key_dates.labels()

    add_break(qtbot, page, "tenant", "10", "3")
    keys = page.checks.check_keys()
    assert "break-not-mutual" not in keys and "break-unequal-notice" in keys
    assert "12 months" not in page.checks.card("break-unequal-notice").body.text()
    assert "6 months'" in page.checks.card("break-unequal-notice").body.text()
    assert page.leases.model.row_at(0).lease.term_years == 25
    assert messages == []


def test_undo_and_redo_put_the_terms_checks_and_dates_back(
    qtbot, page: LeasePage, ctx, messages
) -> None:
    add_lease(qtbot, page)
    typed(qtbot, page, "term_years", "20")
    typed(qtbot, page, "start_date", "1 April 2027")
    click(qtbot, page.form.save_button)
    typed(qtbot, page, "term_years", "25")
    click(qtbot, page.form.save_button)
    assert "term-under-25" not in page.checks.check_keys()
    stack = ctx.undo_stack
    assert stack.undoText().startswith("Edit the lease terms")
    stack.undo()
    assert page.form.fields["term_years"].widget.text() == "20"
    assert "term-under-25" in page.checks.check_keys()
    assert page.form.state.text() == "All changes saved."
    stack.redo()
    assert page.form.fields["term_years"].widget.text() == "25"
    assert "term-under-25" not in page.checks.check_keys()
    stack.undo()
    stack.undo()  # the first save: term and start date together, one step
    lease = rows(ctx, Lease)[0]
    assert (lease.term_years, lease.start_date) == (None, None)
    assert page.key_dates.rowCount() == 0
    stack.undo()  # the lease itself
    assert rows(ctx, Lease) == [] and page.form.lease is None
    stack.redo()
    assert page.form.lease is not None


def test_a_bad_date_or_amount_is_red_with_the_reason_and_not_saved(
    qtbot, page: LeasePage, ctx, messages
) -> None:
    add_lease(qtbot, page)
    typed(qtbot, page, "start_date", "31/2/2027")
    field = page.form.fields["start_date"].widget
    assert not field.is_valid() and "#b00020" in field.reading.styleSheet()
    assert not page.form.save_button.isEnabled()
    assert page.form.state.text().startswith("Cannot be saved: Start date:")
    typed(qtbot, page, "rent", "lots")
    page.form.save()  # even if asked, nothing is written
    assert messages and "Start date" in messages[0]
    assert rows(ctx, Lease)[0].start_date is None
    typed(qtbot, page, "start_date", "1/4/2027")
    assert not page.form.save_button.isEnabled()  # the rent is still wrong
    typed(qtbot, page, "rent", "£1,500")
    assert page.form.save_button.isEnabled()
    click(qtbot, page.form.save_button)
    lease = rows(ctx, Lease)[0]
    assert lease.start_date == dt.date(2027, 4, 1) and str(lease.rent) == "1500.00"


def test_a_councils_own_weeks_move_the_expected_date_undoably(
    qtbot, page: LeasePage, ctx, messages
) -> None:
    cat = page.cat
    dates = {row.stage.key: row.date for row in cat.rows}
    assert dates["eoi-submitted"] == "Done 2 February 2026"
    assert dates["eoi-decision"] == "Expected by 2 March 2026: late, chase the council"
    assert "4 weeks (usual council policy)" in [row.weeks for row in cat.rows]
    assert "not law" in cat.summary.text()
    cat.select_step("eoi-decision")
    dialog = cat.change_weeks()
    assert dialog is not None
    qtbot.keyClicks(dialog.weeks, "8")
    click(qtbot, dialog.save_button())  # no source: refused, the dialog stays
    assert dialog.isVisible() and "source" in messages[-1]
    qtbot.keyClicks(dialog.source, "Barnet CAT policy 2024, para 5.2")
    click(qtbot, dialog.save_button())
    assert not dialog.isVisible()
    row = next(r for r in cat.rows if r.stage.key == "eoi-decision")
    assert row.date == "Expected by 30 March 2026" and row.weeks == "8 weeks (set for this case)"
    assert rows(ctx, CatPolicyOverride)[0].weeks == 8
    ctx.undo_stack.undo()
    row = next(r for r in cat.rows if r.stage.key == "eoi-decision")
    assert row.date.startswith("Expected by 2 March 2026")
    assert rows(ctx, CatPolicyOverride) == []
    ctx.undo_stack.redo()
    cat.select_step("eoi-decision")
    dialog = cat.change_weeks()
    assert dialog.weeks.text() == "8"
    dialog.weeks.clear()  # blank: back to the usual time
    click(qtbot, dialog.save_button())
    assert rows(ctx, CatPolicyOverride) == []


def test_record_a_cat_step_as_an_event(qtbot, page: LeasePage, ctx, messages) -> None:
    cat = page.cat
    assert cat.rows[cat.selected_row()].stage.key == "eoi-decision"  # the next step
    dialog = cat.record_step()
    qtbot.keyClicks(dialog.date.edit, "next Friday")  # a future date is refused
    click(qtbot, dialog.save_button())
    assert dialog.isVisible() and messages
    dialog.date.edit.clear()
    qtbot.keyClicks(dialog.date.edit, "3/3/2026")
    click(qtbot, dialog.save_button())
    assert not dialog.isVisible()
    assert [e.kind for e in rows(ctx, Event)][-1] == "cat-eoi-decision"
    row = next(r for r in cat.rows if r.stage.key == "eoi-decision")
    assert row.date == "Done 3 March 2026"
    assert "Next: business case due by 28 April 2026" in cat.summary.text()


def test_add_the_full_repairing_risk_once(qtbot, page: LeasePage, ctx, messages) -> None:
    add_lease(qtbot, page)
    choose(page, "repairing", "full")
    choose(page, "building_condition", "poor")
    click(qtbot, page.form.save_button)
    card = page.checks.card("full-repairs-poor-building")
    assert card is not None and card.risk_button is not None
    assert card.risk_button.isEnabled()
    click(qtbot, card.risk_button)
    risks = rows(ctx, Risk)
    assert [r.prefill_key for r in risks] == ["lease-full-repairs"]
    card = page.checks.card("full-repairs-poor-building")
    assert not card.risk_button.isEnabled() and "In the risk register" in card.risk_button.text()
    page.add_repair_risk()  # asked again: still one
    assert len(rows(ctx, Risk)) == 1
    ctx.undo_stack.undo()
    ctx.undo_stack.undo()
    assert rows(ctx, Risk) == []


def test_removing_a_lease_is_undone_with_its_break_clauses(
    qtbot, page: LeasePage, ctx, messages
) -> None:
    add_lease(qtbot, page)
    typed(qtbot, page, "start_date", "1/4/2027")
    typed(qtbot, page, "term_years", "25")
    click(qtbot, page.form.save_button)
    add_break(qtbot, page, "either", "10", "6")
    page.leases.view.selectRow(0)
    click(qtbot, page.leases.remove_button)
    assert rows(ctx, Lease) == [] and rows(ctx, LeaseBreak) == []
    ctx.undo_stack.undo()
    assert len(rows(ctx, Lease)) == 1 and len(rows(ctx, LeaseBreak)) == 1
    assert page.breaks.model.rowCount() == 1


def test_a_signed_leases_next_key_date_shows_in_the_agenda(qtbot, ui_store, make_case) -> None:  # type: ignore[no-untyped-def]
    from cattool.ui.case_source import CaseSource
    from cattool.ui.dashboard import Dashboard

    signed = make_case(ui_store, "Hendon Library", "england-2011")
    talking = make_case(ui_store, "Old Bell", "england-2011")
    with ui_store.transaction() as session:
        for case, status in ((signed, "signed"), (talking, "negotiating")):
            lease_services.add_lease(
                session, case, today=TODAY, status=status, title=f"Lease {status}",
                term_years=25, start_date=dt.date(2020, 3, 20),
                insurance_renewal=dt.date(2026, 3, 25),
            )  # fmt: skip
    board = Dashboard()
    qtbot.addWidget(board)
    board.load(CaseSource.from_store(ui_store), TODAY)
    with qtbot.waitSignal(board.shown, timeout=10_000):
        board.show()
    qtbot.waitUntil(board.is_loaded, timeout=10_000)
    items = board.loader.agenda(30)
    found = [(i.case_name, i.deadline.label, i.deadline.date) for i in items]
    assert ("Hendon Library", "Insurance renewal (Lease signed)", dt.date(2026, 3, 25)) in found
    assert not any(name == "Old Bell" for name, *_ in found)  # not signed: only proposed
    # A lease signed later reaches the agenda after the targeted refresh of its case.
    with ui_store.transaction() as session:
        lease_id = session.query(Lease).filter_by(case_id=talking).one().id
        lease_services.update_lease(session, lease_id, today=TODAY, status="signed")
    assert board.loader.refresh(frozenset({talking}))
    found = [(i.case_name, i.deadline.label) for i in board.loader.agenda(30)]
    assert ("Old Bell", "Insurance renewal (Lease signed)") not in found
    assert ("Old Bell", "Insurance renewal (Lease negotiating)") in found


def test_only_the_next_insurance_renewal_unless_asked_for_every_one(
    qtbot, page: LeasePage, ctx, messages
) -> None:
    add_lease(qtbot, page)
    typed(qtbot, page, "start_date", "1/4/2020")
    typed(qtbot, page, "term_years", "25")
    typed(qtbot, page, "insurance_renewal", "1/6/2020")
    click(qtbot, page.form.save_button)
    renewals = [r for r in page.key_dates.row_texts() if r[2] == "Insurance renewal"]
    assert [r[0] for r in renewals] == ["1 June 2026"]  # the next after 5 March 2026
    page.key_dates.every_renewal.setChecked(True)
    renewals = [r for r in page.key_dates.row_texts() if r[2] == "Insurance renewal"]
    assert len(renewals) == 25 and renewals[0][0] == "1 June 2020"
