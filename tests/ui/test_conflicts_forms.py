"""No lost updates in the forms that keep their edits across reloads (share offer terms,
funding plan, business plan settings, lease terms), in a dialog left open while a
colleague saves, in the funder catalogue, and in service calls (a payment): a colleague's
change is shown (the conflict dialog, or a plain message), never overwritten silently."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from tests.ui import conflict_support
from tests.ui.conflict_support import bea_edits, stored, when_dialog
from tests.ui.conftest import TODAY

from cattool.core import services
from cattool.core.lease import services as lease_services
from cattool.core.model import BusinessPlan, FundingPlan, ShareOffer
from cattool.core.model import Fund as FundRow
from cattool.core.money import plan_services
from cattool.core.money import services as money_services
from cattool.core.store import Store
from cattool.ui.pages.business_plan import BusinessPlanPage
from cattool.ui.pages.events import EventsPage
from cattool.ui.pages.evidence import EvidencePage
from cattool.ui.pages.funders import FunderCatalogue
from cattool.ui.pages.lease import LeasePage
from cattool.ui.pages.money import MoneyPage
from cattool.ui.pages.share_offer import ShareOfferPage

CBS = "community-benefit-society"

bea_store = conflict_support.bea_store  # the colleague's Store (a fixture)


case_id = conflict_support.case_id  # The Red Lion (a fixture)


def _the(store: Store, model: type, case_id: int) -> int:
    with store.session() as s:
        return s.query(model).filter_by(case_id=case_id).one().id


def _offer(ui_store: Store, case_id: int) -> int:
    with ui_store.transaction() as s:
        rules = "On 3 months' notice"
        money_services.set_share_offer(
            s, case_id, today=TODAY, society_type=CBS, withdrawal_rules=rules
        )
    return _the(ui_store, ShareOffer, case_id)


def _offer_page(open_page: Any, case_id: int) -> Any:
    return open_page(ShareOfferPage, case_id)


def _plan_settings(ui_store: Store, case_id: int) -> int:
    with ui_store.transaction() as s:
        plan_services.set_plan_settings(
            s, case_id, today=TODAY, loan_amount="£50,000", loan_years=5
        )
    return _the(ui_store, BusinessPlan, case_id)


def _lease(ui_store: Store, case_id: int) -> int:
    with ui_store.transaction() as s:
        lease = lease_services.add_lease(s, case_id, today=TODAY, title="Main lease").created_id
        assert lease is not None
        return lease


def _funding_plan(ui_store: Store, case_id: int) -> int:
    with ui_store.transaction() as s:
        money_services.set_funding_plan(s, case_id, today=TODAY, purchase_price="£100,000")
    return _the(ui_store, FundingPlan, case_id)


# (entity, make the record, open the page, the field, type into the form, save the form,
#  Bea's value, Alan's value)
FORMS: list[tuple[Any, ...]] = [
    (
        "share_offer",
        _offer,
        _offer_page,
        "withdrawal_rules",
        lambda p, v: p.withdrawal.setPlainText(v),
        lambda p: p.save(),
        "Bea's rules",
        "Alan's rules",
    ),
    (
        "business_plan",
        _plan_settings,
        lambda op, c: op(BusinessPlanPage, c),
        "loan_years",
        lambda p, v: p.settings.loan_years.setText(str(v)),
        lambda p: p.settings.save(),
        10,
        20,
    ),
    (
        "lease",
        _lease,
        lambda op, c: op(LeasePage, c),
        "title",
        lambda p, v: p.form.fields["title"].widget.setText(v),
        lambda p: p.form.save(),
        "Bea's lease",
        "Alan's lease",
    ),
    (
        "funding_plan",
        _funding_plan,
        lambda op, c: op(MoneyPage, c),
        "purchase_price",
        lambda p, v: p.plan_form.checked["purchase_price"].edit.setText(str(v)),
        lambda p: p.plan_form.save(),
        Decimal("110000.00"),
        Decimal("120000.00"),
    ),
]  # fmt: skip
IDS = [f[0] for f in FORMS]


@pytest.mark.parametrize("spec", FORMS, ids=IDS)
@pytest.mark.parametrize("reload_first", [False, True], ids=["saved", "reloaded-then-saved"])
def test_a_forms_edit_over_a_colleagues_save_shows_both(
    qtbot, open_page, ui_store: Store, bea_store: Store, case_id: int, messages,
    spec: tuple[Any, ...], reload_first: bool, monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    """`reload_first`: the page reloads (a colleague's change arriving) while Alan's edit
    is unsaved; the form keeps his edit, and Save is still a conflict, not an overwrite."""
    entity, make, opener, name, type_in, save, bea, alan = spec
    record_id = make(ui_store, case_id)
    page = opener(open_page, case_id)
    type_in(page, str(alan))
    monkeypatch.setenv("CATTOOL_USER", "bea")
    bea_edits(bea_store, entity, record_id, **{name: bea})
    monkeypatch.setenv("CATTOOL_USER", "alan")
    if reload_first:
        page.load()
    seen: list[str] = []
    when_dialog(lambda d: d.keep_theirs.click(), seen)
    save(page)
    shown = " | ".join(seen)
    assert "bea" in shown, shown
    assert stored(ui_store, entity, record_id, name) == bea  # nothing overwritten
    assert messages == []


def test_a_dialog_left_open_while_a_colleague_saves_is_a_conflict(
    qtbot, open_page, ui_store: Store, bea_store: Store, case_id: int, messages
) -> None:
    with ui_store.transaction() as s:
        evidence = services.add_evidence(s, case_id, "survey", today=TODAY, title="Survey")
    page = open_page(EvidencePage, case_id)
    row = next(r for r in page.list.model.rows() if r.id == evidence.created_id)
    page.edit(row)
    bea_edits(bea_store, "evidence", row.id, note="Bea's note")
    page.load()  # her change arrives while Alan's dialog is open
    page.dialog.note.setPlainText("Alan's note")
    seen: list[str] = []
    when_dialog(lambda d: d.keep_theirs.click(), seen)
    page.dialog.accept()
    assert "Bea's note" in " | ".join(seen)
    assert stored(ui_store, "evidence", row.id, "note") == "Bea's note"


def test_a_fund_edited_by_a_colleague_shows_the_conflict(
    qtbot, ctx, ui_store: Store, bea_store: Store, case_id: int, messages
) -> None:
    with ui_store.transaction() as s:
        money_services.save_fund(s, "my-grant", today=TODAY, name="My grant", kind="grant")
    catalogue = FunderCatalogue(None, ctx, case_id, lambda _values: None)  # type: ignore[arg-type]
    qtbot.addWidget(catalogue)
    catalogue.show()
    catalogue.list.select_key("my-grant")
    dialog = catalogue.edit_fund()
    assert dialog is not None
    with ui_store.session() as s:
        row_id = s.query(FundRow).filter_by(key="my-grant").one().id
    bea_edits(bea_store, "fund", row_id, name="Bea's grant")
    dialog.name.setText("Alan's grant")
    seen: list[str] = []
    when_dialog(lambda d: d.keep_theirs.click(), seen)
    dialog.accept()
    assert "Bea's grant" in " | ".join(seen) and "Alan's grant" in " | ".join(seen)
    assert stored(ui_store, "fund", row_id, "name") == "Bea's grant"
    assert messages == []


@pytest.fixture
def applicant(ui_store: Store, case_id: int) -> int:
    with ui_store.transaction() as s:
        money_services.set_share_offer(s, case_id, today=TODAY, society_type=CBS)
        made = money_services.add_share_application(s, case_id, "Sam", "£1,000", today=TODAY)
        assert made.created_id is not None
        return made.created_id


def _pay(page: Any, applicant: int, amount: str) -> None:
    page.register.select_key(applicant)
    page.register.start_payment()
    dialog = page.register.dialog
    dialog.amount.edit.setText(amount)
    dialog.date.edit.setText(TODAY.isoformat())
    dialog.accept()


def test_a_payment_over_a_colleagues_change_pays_nothing_and_says_so(
    qtbot, open_page, ui_store: Store, bea_store: Store, case_id: int, applicant: int,
    messages, monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    page = _offer_page(open_page, case_id)
    monkeypatch.setenv("CATTOOL_USER", "bea")
    with bea_store.transaction() as s:  # Bea records the same payment first
        money_services.record_payment(s, applicant, "£500", paid_on=TODAY, today=TODAY)
    _pay(page, applicant, "£500")
    assert messages and "Someone else changed" in messages[-1] and "bea" in messages[-1]
    assert stored(ui_store, "share_application", applicant, "amount_paid") == Decimal("500")
    assert page.ctx.undo_stack.count() == 0

    _pay(page, applicant, "£100")  # reloaded: now it goes through
    assert messages[-1:] == messages[:1]  # no further message
    assert stored(ui_store, "share_application", applicant, "amount_paid") == Decimal("600")


def test_undo_of_a_payment_after_a_colleagues_change_is_refused(
    qtbot, open_page, ui_store: Store, bea_store: Store, case_id: int, applicant: int,
    messages,
) -> None:  # fmt: skip
    page = _offer_page(open_page, case_id)
    _pay(page, applicant, "£100")
    assert messages == [] and page.ctx.undo_stack.count() == 1
    failures: list[str] = []
    page.ctx.failed.connect(failures.append)
    bea_edits(bea_store, "share_application", applicant, amount_paid="£150")
    page.ctx.undo_stack.undo()  # would put £0 back over Bea's £150
    assert failures and "Someone else changed" in failures[-1]
    assert stored(ui_store, "share_application", applicant, "amount_paid") == Decimal("150")
    assert page.ctx.undo_stack.count() == 0  # the step that cannot apply is dropped

    _pay(page, applicant, "£50")  # and redo after a colleague's change: refused too
    page.ctx.undo_stack.undo()
    assert stored(ui_store, "share_application", applicant, "amount_paid") == Decimal("150")
    bea_edits(bea_store, "share_application", applicant, amount_paid="£175")
    page.ctx.undo_stack.redo()
    assert "Someone else changed" in failures[-1]
    assert stored(ui_store, "share_application", applicant, "amount_paid") == Decimal("175")


def test_an_event_form_left_open_while_a_colleague_saves_is_a_conflict(
    qtbot, open_page, ui_store: Store, bea_store: Store, case_id: int, messages
) -> None:
    with ui_store.transaction() as s:
        made = services.add_event(s, case_id, "listed", dt.date(2026, 1, 5), today=TODAY)
    event = made.created_id
    page = open_page(EventsPage, case_id)
    page.select_id(event)
    page.start_edit()
    page.note_edit.setPlainText("Alan's note")
    bea_edits(bea_store, "event", event, note="Bea's note")
    page.load()  # her change arrives while Alan's form is open
    seen: list[str] = []
    when_dialog(lambda d: d.keep_theirs.click(), seen)
    page.save()
    shown = " | ".join(seen)
    assert "Bea's note" in shown and "Alan's note" in shown, shown
    assert stored(ui_store, "event", event, "note") == "Bea's note"
    assert messages == []
