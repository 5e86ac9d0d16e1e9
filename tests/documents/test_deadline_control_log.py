"""The printable deadline-control log: a registry kind, ready on the demo cases from their
audit trail, listing a re-dated trigger event and a regime override with who, before and
after, and the deadlines moved; never in the bid pack; says what is missing on a case with
no trigger event."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from tests.documents.conftest import DEMO_TODAY, assert_no_placeholders, docx_text

from cattool.core import changes, services
from cattool.core.editing import update_fields
from cattool.core.model import Case, Event
from cattool.core.store import Store
from cattool.documents.bidpack import pack_kinds
from cattool.documents.facts import CaseFacts, load_case_facts
from cattool.documents.registry import (
    READY,
    MissingDataError,
    build_document,
    get_kind,
    status_of,
)

KEY = "deadline-control-log"


@pytest.fixture(autouse=True)
def no_configured_name():  # type: ignore[no-untyped-def]
    changes.set_current_user(None)
    yield
    changes.set_current_user(None)


def test_it_is_ready_for_a_demo_case_from_its_audit_trail(
    demo_facts: Callable[[str], CaseFacts],
) -> None:
    kind = get_kind(KEY)
    facts = demo_facts("DEMO-RED-LION")
    status = status_of(kind, facts)
    assert status.state == READY and status.applies
    assert kind.stages is None and not kind.in_bid_pack
    text = docx_text(build_document(kind, facts))
    assert_no_placeholders(text)
    assert "When | Who | Change | Before | After | Deadlines it moves" in text
    assert (
        "Event 'Nomination received by the council' added | Not recorded | date received"
    ) in text
    assert "Council's decision on the nomination due" in text


def test_a_re_dated_notice_and_an_override_are_listed_with_who_and_what_moves(
    demo_store: Store,
) -> None:
    with demo_store.transaction() as session:
        case = session.query(Case).filter_by(reference="DEMO-RED-LION").one()
        changes.set_current_user("Maureen Doyle")
        services.add_event(
            session, case.id, "owner-notice-received", dt.date(2026, 11, 2), today=DEMO_TODAY
        )
        notice = session.query(Event).filter_by(kind="owner-notice-received", case_id=case.id).one()
        update_fields(session, "event", notice.id, {"date": dt.date(2026, 11, 3)}, today=DEMO_TODAY)
        changes.set_current_user("Raj Patel")
        services.set_regime_parameter(
            session, "england-2011", "compensation-claim-period", "14 weeks", source="SI"
        )
        update_fields(session, "event", notice.id, {"note": "by hand"}, today=DEMO_TODAY)
    with demo_store.session() as session:
        facts = load_case_facts(session, "DEMO-RED-LION", DEMO_TODAY)
    text = docx_text(build_document(get_kind(KEY), facts))
    rows = [line for line in text.splitlines() if line.count(" | ") == 5]
    assert rows[1].split(" | ")[1:] == [
        "Raj Patel",
        "Rule setting 'Right to Bid: Owner's compensation claim period' set",
        "value 13 weeks",
        "value 14 weeks",
        "Owner's compensation claim deadline (unverified)",
    ]
    moved = rows[2].split(" | ")
    assert moved[1:5] == [
        "Maureen Doyle",
        "Event 'Council received the owner's notice of intended sale' changed",
        "date received 2 November 2026",
        "date received 3 November 2026",
    ]
    assert moved[5].startswith("Interim moratorium ends")
    assert "by hand" not in text  # a note moves no deadline
    assert "Made by | Maureen Doyle, Raj Patel, tester" in text
    assert (
        "Interim moratorium ends: last day for the group's request to bid | 14 December 2026"
        in text
    )


def test_not_in_the_bid_pack_and_missing_without_a_trigger_event(store: Store) -> None:
    assert get_kind(KEY) not in pack_kinds()
    with store.transaction() as session:
        services.create_case(session, "The Plough", "england-2011")
    with store.session() as session:
        facts = load_case_facts(session, "The Plough", DEMO_TODAY)
    with pytest.raises(MissingDataError, match="an event a statutory deadline counts from"):
        build_document(get_kind(KEY), facts)
