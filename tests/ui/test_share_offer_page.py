"""The Share offer page, driven as a user would: type the offer's terms, add applicants
and their payments to the register (personal data, said so on the page), and see the
outcome once the offer has closed: refund everyone when the minimum was not reached,
the scaling-back table when it was oversubscribed; record the refunds, and undo them.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from PySide6.QtCore import Qt

from cattool.core import services
from cattool.core.model import ShareApplication, ShareOffer
from cattool.ui.pages.share_offer import ShareOfferPage


@pytest.fixture
def page(open_page, ui_store, make_case) -> ShareOfferPage:  # type: ignore[no-untyped-def]
    case_id = make_case(ui_store, "Stretford Public Hall", "england-2011")
    with ui_store.transaction() as session:
        services.set_group(session, case_id, name="Friends", legal_form="community-benefit-society")
    return open_page(ShareOfferPage, case_id, size=(1300, 1100))


def click(qtbot, widget) -> None:  # type: ignore[no-untyped-def]
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def applications(ctx) -> list[ShareApplication]:  # type: ignore[no-untyped-def]
    return ctx.read(lambda s: s.query(ShareApplication).order_by(ShareApplication.id).all())


def set_terms(qtbot, page: ShareOfferPage, **terms: str) -> None:  # type: ignore[no-untyped-def]
    for name, text in terms.items():
        field = page.money.get(name) or page.dates.get(name)
        edit = field.edit if field is not None else page.interest.edit
        edit.clear()
        qtbot.keyClicks(edit, text)
    assert page.save_button.isEnabled(), page.save_bar.state.text()
    click(qtbot, page.save_button)


def add_applicant(qtbot, page: ShareOfferPage, name: str, amount: str, applied: str) -> None:  # type: ignore[no-untyped-def]
    click(qtbot, page.register.add_button)
    dialog = page.register.dialog
    qtbot.keyClicks(dialog.name, name)
    qtbot.keyClicks(dialog.postcode, "m32 0lg")
    qtbot.keyClicks(dialog.amount.edit, amount)
    qtbot.keyClicks(dialog.applied_on.edit, applied)
    click(qtbot, dialog.save_button())
    assert not dialog.isVisible()


def pay(qtbot, page: ShareOfferPage, row: int, paid_on: str = "20/2/26") -> None:  # type: ignore[no-untyped-def]
    page.register.view.selectRow(row)
    click(qtbot, page.register.pay_button)
    dialog = page.register.dialog
    assert dialog.amount.value() is not None  # what is still to pay, ready to save
    dialog.date.edit.clear()
    qtbot.keyClicks(dialog.date.edit, paid_on)
    click(qtbot, dialog.save_button())
    assert not dialog.isVisible()


TERMS = {
    "min_holding": "£100",
    "max_holding": "£10,000",
    "min_raise": "£10,000",
    "target_raise": "£15,000",
    "max_raise": "£20,000",
    "opens_on": "1/1/26",
    "closes_on": "1/3/26",
}


def test_terms_register_and_an_oversubscribed_outcome(qtbot, page, ctx, messages) -> None:  # type: ignore[no-untyped-def]
    assert page.offer_state.text() == "No share offer yet"
    assert not page.register.add_button.isEnabled()
    assert "Personal data" in page.personal.text()
    assert "(UNVERIFIED)" in page.cap.text() and "£100,000" in page.cap.text()

    set_terms(qtbot, page, **TERMS)
    assert messages == []
    offer = ctx.read(lambda s: s.query(ShareOffer).one())
    assert (offer.min_raise, offer.max_raise) == (Decimal("10000.00"), Decimal("20000.00"))
    assert offer.closes_on == dt.date(2026, 3, 1)
    assert page.money["min_raise"].edit.text() == "£10,000"
    assert page.save_bar.state.text() == "All changes saved."

    for name, amount, applied in (
        ("Ann Smith", "£10,000", "10/1/26"),
        ("Bob Jones", "£8,000", "11/1/26"),
        ("Cath Lee", "£5,000", "12/1/26"),
        ("Dan Wu", "£2,000", "13/1/26"),
    ):
        add_applicant(qtbot, page, name, amount, applied)
    assert messages == []
    assert [a.postcode for a in applications(ctx)] == ["M32 0LG"] * 4
    for row in range(4):
        pay(qtbot, page, row)
    assert messages == []
    assert [a.amount_paid for a in applications(ctx)] == [
        Decimal(v) for v in ("10000.00", "8000.00", "5000.00", "2000.00")
    ]
    assert page.register_totals.text() == (
        "4 applications: £25,000 applied for, £25,000 paid, £0 refunded, £25,000 held."
    )

    # Closed on 1 March (today is 5 March): oversubscribed, so scaled back.
    assert page.offer_state.text() == "Closed: oversubscribed (scale back)"
    assert "scaled back to £20,000 and £5,000 is refunded to 4 applicants" in page.outcome.text()
    table = page.allocations.model
    assert page.allocations.isVisible() and table.rowCount() == 4
    rows = [[table.index(r, c).data() for c in range(4)] for r in range(4)]
    assert rows[0] == ["£10,000", "£7,988", "£2,012", "Ann Smith"]
    kept = sum(Decimal(r[1].strip("£").replace(",", "")) for r in rows)
    assert kept == Decimal(20000)

    click(qtbot, page.refund_all_button)
    page.offer_dialog.date.edit.clear()
    qtbot.keyClicks(page.offer_dialog.date.edit, "4/3/26")
    click(qtbot, page.offer_dialog.save_button())
    assert messages == []
    refunded = [a.amount_refunded for a in applications(ctx)]
    assert sum(refunded) == Decimal("5000.00") and refunded[0] == Decimal("2012.00")
    assert "£5,000 refunded, £20,000 held" in page.register_totals.text()
    assert "raised £20,000" in page.outcome.text()

    ctx.undo_stack.undo()  # the refunds, all in one step
    assert [a.amount_refunded for a in applications(ctx)] == [Decimal("0.00")] * 4
    assert [a.refunded_on for a in applications(ctx)] == [None] * 4
    ctx.undo_stack.redo()
    assert sum(a.amount_refunded for a in applications(ctx)) == Decimal("5000.00")


def test_minimum_not_reached_means_refunding_everyone(qtbot, page, ctx, messages) -> None:  # type: ignore[no-untyped-def]
    set_terms(qtbot, page, **{**TERMS, "min_raise": "£50,000", "target_raise": "£60,000",
                              "max_raise": "£80,000"})  # fmt: skip
    add_applicant(qtbot, page, "Ann Smith", "£1,000", "2/1/26")
    pay(qtbot, page, 0)
    assert page.offer_state.text() == "Closed: minimum not reached (refund everyone)"
    assert "short of the £50,000 minimum: refund everyone" in page.outcome.text()
    table = page.allocations.model
    assert [table.index(0, c).data() for c in range(4)] == ["£1,000", "£0", "£1,000", "Ann Smith"]
    # One applicant's refund by hand, then undo it.
    page.register.view.selectRow(0)
    click(qtbot, page.register.refund_button)
    dialog = page.register.dialog
    assert "all that is held: £1,000" in dialog.amount.edit.placeholderText()
    click(qtbot, dialog.save_button())
    assert messages == []
    assert applications(ctx)[0].amount_refunded == Decimal("1000.00")
    assert not page.register.refund_button.isEnabled()
    ctx.undo_stack.undo()
    assert applications(ctx)[0].amount_refunded == Decimal("0.00")


def test_bad_terms_are_refused(qtbot, page, ctx, messages) -> None:  # type: ignore[no-untyped-def]
    field = page.money["min_raise"]
    qtbot.keyClicks(field.edit, "ten thousand")
    assert not page.save_button.isEnabled()
    assert "not an amount of money" in page.save_bar.state.text()
    field.edit.clear()
    qtbot.keyClicks(field.edit, "£30,000")
    qtbot.keyClicks(page.money["max_raise"].edit, "£20,000")
    click(qtbot, page.save_button)
    assert "more than the maximum raise" in messages[-1]
    assert ctx.read(lambda s: s.query(ShareOffer).count()) == 0


def test_an_application_outside_the_limits_is_refused(qtbot, page, ctx, messages) -> None:  # type: ignore[no-untyped-def]
    set_terms(qtbot, page, **TERMS)
    click(qtbot, page.register.add_button)
    dialog = page.register.dialog
    qtbot.keyClicks(dialog.name, "Ann Smith")
    qtbot.keyClicks(dialog.amount.edit, "£50")
    click(qtbot, dialog.save_button())
    assert "below the minimum holding" in messages[-1]
    assert applications(ctx) == [] and dialog.isVisible()


# ---------------------------------------------------------------- the register as a spreadsheet


def choose_files(monkeypatch, save: str = "", open_: str = "") -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QFileDialog

    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (save, "xlsx"))
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (open_, ""))


@pytest.fixture
def told(monkeypatch) -> list[str]:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QMessageBox

    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda _p, _t, text: shown.append(text))
    return shown


GOOD_REGISTER = (
    "Name,Address,Postcode,Email,Amount applied,Applied on,Amount paid,Paid on\n"
    'Ann Smith,"1 High St, Stretford",m32 0lg,ann@example.org,"£1,000",10/1/2026,£1000,12/1/2026\n'
    "Bob Jones,,M32 9AB,,£250,11/1/2026,,\n"
)


def test_buttons_wait_for_the_offer_terms(qtbot, page, ctx, messages) -> None:  # type: ignore[no-untyped-def]
    buttons = page.spreadsheet
    assert buttons.import_button.text() == "Imp&ort shareholders from spreadsheet…"
    assert buttons.export_button.text() == "Export re&gister to spreadsheet…"
    assert not buttons.import_button.isEnabled() and not buttons.export_button.isEnabled()
    assert buttons.import_button.toolTip() == "Save the offer's terms first."
    set_terms(qtbot, page, **TERMS)
    assert buttons.import_button.isEnabled() and buttons.export_button.isEnabled()
    assert "personal data" in buttons.export_button.toolTip()


def test_import_shareholders_then_undo_and_redo(  # type: ignore[no-untyped-def]
    qtbot, page, ctx, tmp_path, monkeypatch, messages, told
) -> None:
    set_terms(qtbot, page, **TERMS)
    add_applicant(qtbot, page, "Cath Lee", "£500", "12/1/26")
    steps = ctx.undo_stack.count()
    good = tmp_path / "register.csv"
    good.write_text(GOOD_REGISTER, encoding="utf-8")
    choose_files(monkeypatch, open_=str(good))
    click(qtbot, page.spreadsheet.import_button)
    assert messages == []
    assert told == ["Added 2 rows from register.csv. Undo (Ctrl+Z) removes them all in one step."]
    rows = [(a.name, a.postcode, a.amount_applied, a.amount_paid) for a in applications(ctx)]
    assert rows == [
        ("Cath Lee", "M32 0LG", Decimal("500.00"), Decimal("0.00")),
        ("Ann Smith", "M32 0LG", Decimal("1000.00"), Decimal("1000.00")),
        ("Bob Jones", "M32 9AB", Decimal("250.00"), Decimal("0.00")),
    ]
    assert page.register.model.rowCount() == 3
    assert page.register_totals.text().startswith("3 applications: £1,750 applied for")
    assert ctx.undo_stack.count() == steps + 1
    ctx.undo_stack.undo()
    assert [a.name for a in applications(ctx)] == ["Cath Lee"]
    assert page.register.model.rowCount() == 1
    ctx.undo_stack.redo()
    assert [a.name for a in applications(ctx)] == ["Cath Lee", "Ann Smith", "Bob Jones"]


def test_a_file_with_a_bad_row_names_it_and_imports_nothing(  # type: ignore[no-untyped-def]
    qtbot, page, ctx, tmp_path, monkeypatch, messages, told
) -> None:
    set_terms(qtbot, page, **TERMS)
    steps = ctx.undo_stack.count()
    bad = tmp_path / "bad.csv"
    bad.write_text(
        GOOD_REGISTER + 'Dan Wu,,,,"£2,5O0",13/1/2026,,\nEve Ng,,,,£50,13/1/2026,,\n',
        encoding="utf-8",
    )
    choose_files(monkeypatch, open_=str(bad))
    click(qtbot, page.spreadsheet.import_button)
    assert told == [] and applications(ctx) == [] and ctx.undo_stack.count() == steps
    [message] = messages
    assert message.startswith("Nothing was imported: 2 of 4 rows have errors.")
    assert "Row 4" in message and "Row 5" in message and "Row 2" not in message
    assert "Row 4, amount applied: '£2,5O0' is not an amount of money" in message
    assert "Row 5: £50 is below the minimum holding of £100." in message
    assert page.register.model.rowCount() == 0


def test_export_the_register_then_read_it_back(  # type: ignore[no-untyped-def]
    qtbot, page, ctx, tmp_path, monkeypatch, messages, told
) -> None:
    import openpyxl

    from cattool.core.model import AuditEntry

    set_terms(qtbot, page, **TERMS)
    add_applicant(qtbot, page, "Ann Smith", "£1,000", "10/1/26")
    add_applicant(qtbot, page, "Bob Jones", "£250", "11/1/26")
    pay(qtbot, page, 0)
    steps = ctx.undo_stack.count()
    choose_files(monkeypatch, save=str(tmp_path / "members"))  # .xlsx added
    click(qtbot, page.spreadsheet.export_button)
    assert messages == []
    [said] = told
    assert said.startswith("Saved 2 rows to members.xlsx.") and "personal data" in said
    sheet = openpyxl.load_workbook(tmp_path / "members.xlsx").active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:5] == ("Name", "Address", "Postcode", "Email", "Amount applied")
    assert [(r[0], r[2], r[4], r[6]) for r in rows[1:]] == [
        ("Ann Smith", "M32 0LG", 1000, 1000),
        ("Bob Jones", "M32 0LG", 250, 0),
    ]
    assert ctx.undo_stack.count() == steps  # an export is not an edit
    entry = ctx.read(
        lambda s: s.query(AuditEntry).filter_by(action="export").one()  # the audit: no names
    )
    assert "Ann" not in str(entry.after) and "2" in str(entry.after)
