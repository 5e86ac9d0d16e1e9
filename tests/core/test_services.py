"""Services: validation before writing, one transaction, an audit entry per change."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm.exc import StaleDataError

from cattool.core import queries, services
from cattool.core.dates import DateInputError
from cattool.core.demo import add_demo_cases
from cattool.core.errors import InputError, NotFoundError
from cattool.core.model import AuditEntry, Case, Event
from cattool.core.store import Store

TODAY = dt.date(2026, 3, 5)


def count(store: Store, model) -> int:
    with store.session() as session:
        return session.scalar(select(func.count()).select_from(model))


def test_create_case_and_event_write_audit_entries(store: Store) -> None:
    with store.transaction() as session:
        changes = services.create_case(session, "  The  Red Lion ", "england-2011")
        services.add_event(session, changes.created_id, "listed", dt.date(2026, 1, 5), today=TODAY)
    with store.session() as session:
        case = session.get(Case, changes.created_id)
        assert case.name == "The Red Lion"
        assert len(case.uid) == 32
        entries = session.scalars(select(AuditEntry).order_by(AuditEntry.id)).all()
        assert [(e.action, e.entity, e.who) for e in entries] == [
            ("create", "case", "tester"),
            ("create", "event", "tester"),
        ]
        assert '"kind": "listed"' in entries[1].after


def test_a_failure_inside_a_transaction_writes_nothing(store: Store) -> None:
    with pytest.raises(DateInputError), store.transaction() as session:
        changes = services.create_case(session, "Pub", "england-2011")
        services.add_event(session, changes.created_id, "listed", dt.date(2026, 3, 6), today=TODAY)
    assert count(store, Case) == 0
    assert count(store, AuditEntry) == 0


@pytest.mark.parametrize(
    ("call", "error"),
    [
        (lambda s, cid: services.add_event(s, cid, "sold", TODAY, today=TODAY), InputError),
        (lambda s, cid: services.add_event(s, 999, "listed", TODAY, today=TODAY), NotFoundError),
        (lambda s, cid: services.create_case(s, "", "england-2011"), InputError),
        (lambda s, cid: services.create_case(s, "x", "wales-2011"), InputError),
        (lambda s, cid: services.update_event(s, 999, today=TODAY, note="x"), NotFoundError),
        (lambda s, cid: services.delete_event(s, 999), NotFoundError),
        (lambda s, cid: services.add_party(s, cid, "A", "landlord"), InputError),
        (lambda s, cid: services.add_member(s, cid, "Ann"), InputError),  # no group yet
        (lambda s, cid: services.set_asset(s, cid, colour="red"), InputError),
    ],
)
def test_bad_input_is_refused(store: Store, call, error) -> None:
    with store.transaction() as session:
        case_id = services.create_case(session, "Pub", "england-2011").created_id
    before = count(store, AuditEntry)
    with pytest.raises(error), store.transaction() as session:
        call(session, case_id)
    assert count(store, AuditEntry) == before


def test_update_and_delete_event(store: Store) -> None:
    with store.transaction() as session:
        case_id = services.create_case(session, "Pub", "england-2011").created_id
        event_id = services.add_event(
            session, case_id, "listed", dt.date(2026, 1, 5), today=TODAY
        ).created_id
    with store.transaction() as session:
        services.update_event(session, event_id, today=TODAY, date=dt.date(2026, 1, 6), note="n")
    with store.session() as session:
        event = session.get(Event, event_id)
        assert (event.date, event.note, event.version) == (dt.date(2026, 1, 6), "n", 2)
    with store.transaction() as session:
        services.delete_event(session, event_id)
    assert count(store, Event) == 0


def test_stale_writes_are_refused(store: Store) -> None:
    with store.transaction() as session:
        case_id = services.create_case(session, "Pub", "england-2011").created_id
    first, second = store.session(), store.session()
    mine, theirs = first.get(Case, case_id), second.get(Case, case_id)
    mine.name = "Mine"
    first.commit()
    theirs.name = "Theirs"
    with pytest.raises(StaleDataError):
        second.commit()
    first.close()
    second.close()


def test_demo_cases_are_realistic_and_added_once(store: Store) -> None:
    with store.transaction() as session:
        assert len(add_demo_cases(session, TODAY)) >= 3
    with store.transaction() as session:
        assert add_demo_cases(session, TODAY) == []
    with store.session() as session:
        summaries = queries.portfolio(session, TODAY)
        stages = {s.stage for s in summaries}
        assert {"nominated", "full-moratorium", "interim-moratorium"} <= stages
        red_lion = queries.find_case(session, "DEMO-RED-LION")
        assert red_lion.group.legal_form == "unincorporated-association"
        assert sum(m.on_electoral_roll for m in red_lion.group.members) >= 21
        assert red_lion.asset.postcode


def test_find_case_by_id_reference_or_name(store: Store) -> None:
    with store.transaction() as session:
        case_id = services.create_case(session, "Pub", "england-2011", reference="P1").created_id
        services.create_case(session, "Twin", "england-2011")
        services.create_case(session, "twin", "england-2011")
    with store.session() as session:
        assert queries.find_case(session, str(case_id)).id == case_id
        assert queries.find_case(session, "P1").id == case_id
        assert queries.find_case(session, "pub").id == case_id
        with pytest.raises(NotFoundError, match="Several cases"):
            queries.find_case(session, "twin")
