"""A case's history in words and its deadline-control log (cattool.core.history), and who
the audit trail records (changes.current_user)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from sqlalchemy import select

from cattool.core import changes, services
from cattool.core.editing import delete_record, restore_record, update_fields
from cattool.core.errors import InputError
from cattool.core.history import case_history, deadline_control_log, deadline_links
from cattool.core.model import AuditEntry, Party
from cattool.core.queries import regime_for
from cattool.core.store import Store

TODAY = dt.date(2026, 3, 20)
NOTICE = "owner-notice-received"


@pytest.fixture(autouse=True)
def no_configured_name() -> Iterator[None]:
    changes.set_current_user(None)
    yield
    changes.set_current_user(None)


@pytest.fixture
def case_id(store: Store) -> int:
    """A listed pub with an owner's notice, a contact, and a committee minute."""
    with store.transaction() as session:
        cid = services.create_case(session, "The Red Lion", "england-2011").created_id
        services.add_event(session, cid, "listed", dt.date(2025, 6, 2), today=TODAY)
        services.add_event(session, cid, NOTICE, dt.date(2026, 3, 2), today=TODAY)
        services.add_event(session, cid, "committee-resolution", dt.date(2026, 3, 4), today=TODAY)
        services.add_party(session, cid, "Northgate Pub Estates", "owner", phone="0151 000 0000")
    return cid


def event_id(store: Store, cid: int, kind: str) -> int:
    from cattool.core.model import Case

    with store.session() as session:
        return next(e.id for e in session.get(Case, cid).events if e.kind == kind)  # type: ignore[union-attr]


def test_current_user_is_the_configured_name_else_the_env_else_the_os_user(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("CATTOOL_USER", "  Jo   Bloggs ")
    assert changes.current_user() == "Jo Bloggs"
    changes.set_current_user("  Maureen  Doyle ")
    assert changes.current_user() == "Maureen Doyle"
    changes.set_current_user(None)
    monkeypatch.delenv("CATTOOL_USER")
    assert changes.current_user() == changes.os_user() != ""
    with pytest.raises(InputError, match="cannot be empty"):
        changes.set_current_user("   ")
    with pytest.raises(InputError, match="at most 120"):
        changes.set_current_user("x" * 121)
    assert changes.current_user() == changes.os_user()  # a refused name changes nothing


def test_changes_are_recorded_under_the_configured_name(store: Store, case_id: int) -> None:
    changes.set_current_user("Maureen Doyle")
    with store.transaction() as session:
        update_fields(
            session, "event", event_id(store, case_id, NOTICE), {"date": dt.date(2026, 3, 3)},
            today=TODAY,
        )  # fmt: skip
    with store.session() as session:
        last = session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
        assert last is not None and last.who == "Maureen Doyle"
        history = case_history(session, case_id)
    assert history.people == ["Maureen Doyle", "tester"]
    assert history.entries[0].who == "Maureen Doyle"


def test_descriptions_say_what_changed_in_words_newest_first(store: Store, case_id: int) -> None:
    with store.transaction() as session:
        update_fields(
            session, "event", event_id(store, case_id, NOTICE), {"date": dt.date(2026, 3, 3)},
            today=TODAY,
        )  # fmt: skip
    with store.session() as session:
        history = case_history(session, case_id)
    newest = history.entries[0]
    assert newest.what == (
        "Event 'Council received the owner's notice of intended sale': "
        "date received 2 March 2026 → 3 March 2026"
    )
    assert [(c.label, c.before, c.after) for c in newest.changes] == [
        ("date received", "2 March 2026", "3 March 2026")
    ]
    assert history.entries[-1].what.startswith("Case 'The Red Lion' added")
    assert [e.id for e in history.entries] == sorted((e.id for e in history.entries), reverse=True)
    listed = next(e for e in history.entries if "Entered on the list" in e.what)
    assert listed.what.endswith("added: date 2 June 2025")
    # Local time, in words.
    assert newest.when.tzinfo is not None
    assert newest.when_text.split()[1] in {"January", "February", "March", "April", "May",
        "June", "July", "August", "September", "October", "November", "December"}  # fmt: skip


def test_a_deleted_event_is_described_from_what_the_trail_knew(store: Store, case_id: int) -> None:
    notice = event_id(store, case_id, NOTICE)
    with store.transaction() as session:
        _changes, saved = delete_record(session, "event", notice)  # audits what it held
    with store.transaction() as session:
        restore_record(session, "event", saved)
    with store.session() as session:
        restored, deleted = case_history(session, case_id).entries[:2]
    assert deleted.what == (
        "Event 'Council received the owner's notice of intended sale' deleted: "
        "date received 2 March 2026"
    )
    assert deleted.deadline_control and "Full moratorium ends" in deleted.deadlines
    assert restored.action == "restore" and restored.deadline_control


def test_filters_by_kind_of_record_and_by_person(store: Store, case_id: int) -> None:
    changes.set_current_user("Raj Patel")
    with store.transaction() as session:
        services.add_event(session, case_id, "valuation-requested", TODAY, today=TODAY)
    with store.session() as session:
        events = case_history(session, case_id, kind="event")
        raj = case_history(session, case_id, who="raj patel")
        nobody = case_history(session, case_id, who="Someone Else")
    assert {e.entity for e in events.entries} == {"event"} and len(events.entries) == 4
    assert [e.what for e in raj.entries] == [
        "Event 'Independent valuation requested' added: date sent 20 March 2026"
    ]
    assert nobody.entries == [] and nobody.people == ["Raj Patel", "tester"]
    assert ("event", "Event") in events.kinds and ("party", "Contact") in events.kinds


def test_deadline_log_has_a_date_change_and_an_override_not_a_phone_change(
    store: Store, case_id: int
) -> None:
    with store.transaction() as session:
        update_fields(
            session, "event", event_id(store, case_id, NOTICE), {"date": dt.date(2026, 3, 3)},
            today=TODAY,
        )  # fmt: skip
        update_fields(
            session, "event", event_id(store, case_id, "committee-resolution"),
            {"date": dt.date(2026, 3, 5)}, today=TODAY,
        )  # fmt: skip
        party = session.scalars(select(Party)).one()
        update_fields(session, "party", party.id, {"phone": "0151 111 1111"}, today=TODAY)
        update_fields(
            session, "event", event_id(store, case_id, NOTICE), {"note": "x"}, today=TODAY
        )
        services.set_regime_parameter(
            session, "england-2011", "compensation-claim-period", "14 weeks", source="SI 2012/2421"
        )
    with store.session() as session:
        full = case_history(session, case_id)
        log = deadline_control_log(session, case_id)
    assert any("phone 0151 000 0000 → 0151 111 1111" in e.what for e in full.entries)
    whats = [e.what for e in log.entries]
    assert not any("phone" in w or "Committee" in w or "note" in w for w in whats)
    override, moved = log.entries[0], log.entries[1]
    assert override.entity == "regime_setting"
    assert override.what.startswith("Rule setting 'Right to Bid: ")
    assert "claim period': value 13 weeks → 14 weeks;" in override.what
    assert override.what.endswith("source SI 2012/2421")
    assert override.deadlines == ("Owner's compensation claim deadline (unverified)",)
    assert moved.what.endswith("date received 2 March 2026 → 3 March 2026")
    assert moved.deadlines[:2] == (
        "Interim moratorium ends: last day for the group's request to bid",
        "Full moratorium ends",
    )
    # The creation of the trigger events is in the log too; the minute is not.
    assert sum(e.action == "create" for e in log.entries) == 2


def test_an_override_of_another_regime_is_not_in_this_case(store: Store, case_id: int) -> None:
    with store.transaction() as session:
        services.set_regime_parameter(
            session, "england-2026", "moratorium-trigger", NOTICE, source="test"
        )
    with store.session() as session:
        assert all(e.entity != "regime_setting" for e in case_history(session, case_id).entries)


def test_deadline_links_follow_the_regime(store: Store) -> None:
    with store.session() as session:
        links = deadline_links(regime_for(session, "england-2011"))
    assert "Full moratorium ends" in links.moves[NOTICE]
    assert links.drives("bidder-request-received")  # it meets the interim moratorium
    assert not links.drives("committee-resolution")
    assert links.parameters["compensation-claim-period"] == (
        "Owner's compensation claim deadline (unverified)",
    )


def test_amounts_and_rates_read_as_people_write_them() -> None:
    from cattool.core.history import format_value

    assert format_value("funding_source", "amount", "3200.00") == "£3,200"
    assert format_value("lease", "premium", "1250.50") == "£1,250.50"
    assert format_value("funding_source", "likelihood", "12.50") == "12.5 %"
    assert format_value("running_cost", "growth", "3.00") == "3 %"
