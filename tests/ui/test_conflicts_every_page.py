"""No lost updates on every page: a colleague (a second Store on the same database)
changes a record after the page loaded it; the page's edit then shows the conflict
dialog (their value and yours) and its delete says so, and nothing is overwritten or
deleted behind anyone's back. Deleting a record a colleague already deleted says so."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from tests.ui import conflict_support
from tests.ui.conflict_support import bea_edits, stored, when_dialog
from tests.ui.conftest import TODAY

from cattool.core import editing, services
from cattool.core import tasks as core_tasks
from cattool.core.lease import services as lease_services
from cattool.core.money import plan_services
from cattool.core.money import services as money_services
from cattool.core.store import Store

Make = Callable[[Any, int], int]  # (session, case id) -> the new record's id

bea_store = conflict_support.bea_store  # the colleague's Store (a fixture)


@dataclass(frozen=True)
class Kind:
    """One kind of record and how its page edits and deletes it."""

    entity: str
    page: str  # module:class under cattool.ui.pages
    make: Make
    field: str  # a text field the edit changes
    open_edit: Callable[[Any, Any], Any]  # (page, row) -> the open form or dialog
    widget: str  # that form's widget for `field`
    save: Callable[[Any, Any], None]  # (page, form) -> save it
    find: Callable[[Any, int], Any]  # (page, id) -> the row the page shows
    delete: Callable[[Any, Any], None] | None  # (page, row) -> delete it (after asking)


def _created(changes: Any) -> int:
    assert changes.created_id is not None
    return changes.created_id


def _list_row(attr: str, id_attr: str = "id") -> Callable[[Any, int], Any]:
    def find(page: Any, record_id: int) -> Any:
        owner = page
        for part in attr.split("."):
            owner = getattr(owner, part)
        rows = owner.model.rows() if hasattr(owner.model, "rows") else owner.model._rows
        return next(r for r in rows if getattr(r, id_attr) == record_id)

    return find


def _dialog_of(owner: str, edit: str = "edit") -> Callable[[Any, Any], Any]:
    """Open the edit dialog through `page.<owner>.<edit>(row)`; it is `<owner>.dialog`."""

    def open_edit(page: Any, row: Any) -> Any:
        target = page if owner == "" else getattr(page, owner)
        getattr(target, edit)(row)
        return target.dialog

    return open_edit


def _accept(page: Any, dialog: Any) -> None:
    dialog.accept()


def _record_form(page: Any, row: Any) -> Any:
    """Events and Tasks: select the row, open the form below the table."""
    page.select_id(row.id)
    page.start_edit()
    return page


def _save_page(page: Any, form: Any) -> None:
    page.save()


def _remove_via(owner: str, name: str = "remove") -> Callable[[Any, Any], None]:
    def delete(page: Any, row: Any) -> None:
        target = page if owner == "" else getattr(page, owner)
        getattr(target, name)(row)

    return delete


def _select_delete(page: Any, row: Any) -> None:
    page.select_id(row.id)
    page.delete_selected()


def _event(s: Any, case_id: int) -> int:
    return _created(services.add_event(s, case_id, "listed", dt.date(2026, 1, 5), today=TODAY))


def _task(s: Any, case_id: int) -> int:
    return _created(core_tasks.add_task(s, case_id, "Ring the council", today=TODAY))


def _party(s: Any, case_id: int) -> int:
    return _created(services.add_party(s, case_id, "Jo Officer", "council"))


def _evidence(s: Any, case_id: int) -> int:
    return _created(services.add_evidence(s, case_id, "survey", today=TODAY, title="Survey"))


def _member(s: Any, case_id: int) -> int:
    services.set_group(s, case_id, name="Friends of the Red Lion")
    return _created(services.add_member(s, case_id, "Ann Member", postcode="L5 7QQ"))


def _source(s: Any, case_id: int) -> int:
    return _created(
        money_services.add_funding_source(
            s, case_id, today=TODAY, kind="grant", amount="£5,000", funder="Council"
        )
    )


def _income(s: Any, case_id: int) -> int:
    return _created(
        plan_services.add_income_stream(
            s, case_id, today=TODAY, category="cafe-bar", amount="£1,000", label="Bar"
        )
    )


def _risk(s: Any, case_id: int) -> int:
    return _created(plan_services.add_risk(s, case_id, "Roof leaks", today=TODAY, owner="Al"))


def _impact(s: Any, case_id: int) -> int:
    return _created(
        plan_services.add_impact_measure(s, case_id, "Visitors", today=TODAY, baseline="0")
    )


def _application(s: Any, case_id: int) -> int:
    cbs = "community-benefit-society"
    money_services.set_share_offer(s, case_id, today=TODAY, society_type=cbs)
    applied = money_services.add_share_application(s, case_id, "Sam", "£250", today=TODAY)
    return _created(applied)


def _lease_break(s: Any, case_id: int) -> int:
    lease = _created(lease_services.add_lease(s, case_id, today=TODAY, title="Main lease"))
    return _created(lease_services.add_break(s, lease, today=TODAY, break_date=dt.date(2030, 1, 1)))


KINDS = [
    Kind("event", "events:EventsPage", _event, "note", _record_form, "note_edit", _save_page,
         lambda p, i: p.model.row_at(p.model.row_for_id(i)), _select_delete),
    Kind("task", "tasks:TasksPage", _task, "note", _record_form, "note_edit", _save_page,
         lambda p, i: p.model.row_at(p.model.row_for_id(i)), _select_delete),
    Kind("party", "contacts:ContactsPage", _party, "phone", _dialog_of(""), "phone", _accept,
         _list_row("list", "party_id"), None),  # removing a party: see conftest.party_removal
    Kind("evidence", "evidence:EvidencePage", _evidence, "note", _dialog_of(""), "note",
         _accept, _list_row("list"), _remove_via("")),
    Kind("member", "group:GroupPage", _member, "address", _dialog_of("", "edit_member"),
         "address", _accept, _list_row("register"), _remove_via("", "remove_member")),
    Kind("funding_source", "money:MoneyPage", _source, "note", _dialog_of("sources"), "note",
         _accept, _list_row("sources"), _remove_via("sources")),
    Kind("income_stream", "business_plan:BusinessPlanPage", _income, "label",
         _dialog_of("income"), "label", _accept, _list_row("income"), _remove_via("income")),
    Kind("risk", "business_plan:BusinessPlanPage", _risk, "owner", _dialog_of("risks"),
         "owner", _accept, _list_row("risks"), _remove_via("risks")),
    Kind("impact_measure", "business_plan:BusinessPlanPage", _impact, "baseline",
         _dialog_of("impacts"), "baseline", _accept, _list_row("impacts"),
         _remove_via("impacts")),
    Kind("share_application", "share_offer:ShareOfferPage", _application, "address",
         _dialog_of("register"), "address", _accept, _list_row("register"),
         _remove_via("register")),
    Kind("lease_break", "lease:LeasePage", _lease_break, "note", _dialog_of("breaks"), "note",
         _accept, _list_row("breaks"), _remove_via("breaks")),
]  # fmt: skip


def _page_class(kind: Kind) -> type:
    import importlib

    module, name = kind.page.split(":")
    return getattr(importlib.import_module(f"cattool.ui.pages.{module}"), name)


def _type(widget: Any, text: str) -> None:
    if hasattr(widget, "setPlainText"):
        widget.setPlainText(text)
    else:
        widget.setText(text)


def _setup(ui_store: Store, kind: Kind) -> tuple[int, int]:
    with ui_store.transaction() as session:
        case_id = _created(services.create_case(session, "The Red Lion", "england-2011"))
        return case_id, kind.make(session, case_id)


def _exists(store: Store, kind: Kind, record_id: int) -> bool:
    with store.session() as session:
        return session.get(editing.EDITABLE[kind.entity].model, record_id) is not None


def _open(open_page: Any, kind: Kind, case_id: int) -> Any:
    page = open_page(_page_class(kind), case_id)
    if kind.entity == "lease_break":  # the breaks are the selected lease's
        page.leases.select_key(page.leases.model.rows()[0].lease.id)
    return page


@pytest.mark.parametrize("kind", KINDS, ids=[k.entity for k in KINDS])
def test_an_edit_over_a_colleagues_change_shows_both_and_overwrites_nothing(
    qtbot, open_page, ui_store: Store, bea_store: Store, messages, kind: Kind,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    case_id, record_id = _setup(ui_store, kind)
    page = _open(open_page, kind, case_id)
    row = kind.find(page, record_id)
    monkeypatch.setenv("CATTOOL_USER", "bea")
    # Behind the page's back:
    bea_edits(bea_store, kind.entity, record_id, **{kind.field: "Bea's value"})
    monkeypatch.setenv("CATTOOL_USER", "alan")

    form = kind.open_edit(page, row)
    _type(getattr(form, kind.widget), "Alan's value")
    seen: list[str] = []
    when_dialog(lambda d: d.keep_theirs.click(), seen)
    kind.save(page, form)

    shown = " | ".join(seen)
    assert "Bea's value" in shown and "bea" in shown, shown  # theirs, and whose
    assert "Alan's value" in shown, shown  # yours
    # Nothing overwritten:
    assert stored(ui_store, kind.entity, record_id, kind.field) == "Bea's value"
    assert messages == []
    assert page.ctx.undo_stack.count() == 0

    # The page now shows their value and its version: a further edit saves.
    row = kind.find(page, record_id)
    assert getattr(row, kind.field, "Bea's value") == "Bea's value"
    form = kind.open_edit(page, row)
    _type(getattr(form, kind.widget), "Alan's second value")
    kind.save(page, form)
    assert stored(ui_store, kind.entity, record_id, kind.field) == "Alan's second value"
    assert messages == []


@pytest.mark.parametrize("kind", KINDS[:2], ids=[k.entity for k in KINDS[:2]])
def test_use_mine_saves_mine_as_one_undoable_step(
    qtbot, open_page, ui_store: Store, bea_store: Store, messages, kind: Kind
) -> None:
    case_id, record_id = _setup(ui_store, kind)
    page = _open(open_page, kind, case_id)
    row = kind.find(page, record_id)
    bea_edits(bea_store, kind.entity, record_id, **{kind.field: "Bea's value"})
    form = kind.open_edit(page, row)
    _type(getattr(form, kind.widget), "Alan's value")
    when_dialog(lambda d: d.use_mine.click(), [])
    kind.save(page, form)
    assert stored(ui_store, kind.entity, record_id, kind.field) == "Alan's value"
    assert page.ctx.undo_stack.count() == 1
    page.ctx.undo_stack.undo()  # back to their value, which Alan saw
    assert stored(ui_store, kind.entity, record_id, kind.field) == "Bea's value"


DELETABLE = [k for k in KINDS if k.delete is not None]


@pytest.mark.parametrize("kind", DELETABLE, ids=[k.entity for k in DELETABLE])
def test_a_delete_over_a_colleagues_change_or_deletion_deletes_nothing_and_says_so(
    qtbot, open_page, ui_store: Store, bea_store: Store, messages, kind: Kind
) -> None:
    case_id, record_id = _setup(ui_store, kind)
    page = _open(open_page, kind, case_id)
    assert kind.delete is not None
    bea_edits(bea_store, kind.entity, record_id, **{kind.field: "Bea's value"})
    kind.delete(page, kind.find(page, record_id))
    assert messages and "Someone else changed" in messages[-1], messages
    assert _exists(ui_store, kind, record_id)
    assert stored(ui_store, kind.entity, record_id, kind.field) == "Bea's value"
    assert page.ctx.undo_stack.count() == 0

    row = kind.find(page, record_id)  # reloaded: now the page may delete it
    with bea_store.transaction() as session:  # ...but Bea deletes it first
        editing.delete_record(session, kind.entity, record_id)
    kind.delete(page, row)
    assert "deleted" in messages[-1], messages
    assert page.ctx.undo_stack.count() == 0


@pytest.mark.parametrize("kind", DELETABLE[:1], ids=["event"])
def test_a_delete_of_what_was_loaded_still_works(
    qtbot, open_page, ui_store: Store, messages, kind: Kind
) -> None:
    case_id, record_id = _setup(ui_store, kind)
    page = _open(open_page, kind, case_id)
    assert kind.delete is not None
    kind.delete(page, kind.find(page, record_id))
    assert messages == []
    assert not _exists(ui_store, kind, record_id)
    page.ctx.undo_stack.undo()
    assert _exists(ui_store, kind, record_id)
