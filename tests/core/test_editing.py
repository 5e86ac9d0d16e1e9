"""Field edits, deletes and restores (undo's foundation), eligibility and task checklists."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from cattool.core import editing, queries, services
from cattool.core.eligibility import check_eligibility, legal_forms
from cattool.core.errors import InputError
from cattool.core.model import AuditEntry, Evidence, Member, Task
from cattool.core.store import Store
from cattool.core.tasks import add_task, due_date, prefill_stage_tasks, task_templates

TODAY = dt.date(2026, 3, 5)


@pytest.fixture
def case_id(store: Store) -> int:
    with store.transaction() as session:
        case = services.create_case(session, "The Red Lion", "england-2011").created_id
        services.set_group(session, case, name="Friends", legal_form="unincorporated-association")
        services.add_member(session, case, "Ann Smith", on_electoral_roll=True)
    return case


def test_update_then_restore_previous_values(store: Store, case_id: int) -> None:
    with store.transaction() as session:
        event_id = services.add_event(
            session, case_id, "listed", dt.date(2026, 1, 5), today=TODAY
        ).created_id
        before = editing.record_fields(session, "event", event_id)
        editing.update_fields(
            session, "event", event_id, {"date": dt.date(2026, 1, 6), "note": "x"}, today=TODAY
        )
        editing.update_fields(session, "event", event_id, before, today=TODAY)
        assert editing.record_fields(session, "event", event_id) == before


def test_delete_and_restore_keep_the_same_id(store: Store, case_id: int) -> None:
    with store.transaction() as session:
        member_id = session.scalar(select(Member.id))
        _, saved = editing.delete_record(session, "member", member_id)
        assert session.get(Member, member_id) is None
        changes = editing.restore_record(session, "member", saved)
        assert changes.created_id == member_id
        assert session.get(Member, member_id).name == "Ann Smith"
        assert changes.case_ids == {case_id}


def test_a_deleted_event_stays_readable_in_the_audit_trail(store: Store, case_id: int) -> None:
    with store.transaction() as session:
        event_id = services.add_event(
            session, case_id, "listed", dt.date(2026, 1, 5), today=TODAY
        ).created_id
        _, saved = editing.delete_record(session, "event", event_id)
        editing.restore_record(session, "event", saved)
        entries = session.scalars(
            select(AuditEntry).where(AuditEntry.entity == "event").order_by(AuditEntry.id)
        ).all()
        deleted, restored = entries[-2], entries[-1]
        assert (deleted.action, restored.action) == ("delete", "restore")
        assert '"date": "2026-01-05"' in deleted.before and '"kind": "listed"' in deleted.before
        assert '"date": "2026-01-05"' in restored.after


def test_a_deleted_members_details_stay_out_of_the_audit_trail(store: Store, case_id: int) -> None:
    with store.transaction() as session:
        member_id = session.scalar(select(Member.id))
        _, saved = editing.delete_record(session, "member", member_id)
        editing.restore_record(session, "member", saved)
        text = " ".join(e.before + e.after for e in session.scalars(select(AuditEntry)))
        assert "Ann Smith" not in text


def test_members_personal_data_stays_out_of_the_audit_trail(store: Store, case_id: int) -> None:
    with store.transaction() as session:
        member_id = session.scalar(select(Member.id))
        editing.update_fields(
            session, "member", member_id, {"address": "1 Secret Lane"}, today=TODAY
        )
        text = " ".join(e.before + e.after for e in session.scalars(select(AuditEntry)))
        assert "Secret" not in text and "Ann Smith" not in text


@pytest.mark.parametrize(
    ("entity", "fields", "message"),
    [
        ("event", {"date": dt.date(2026, 3, 6)}, "future"),
        ("event", {"kind": "sold"}, "Unknown event kind"),
        ("event", {"colour": "red"}, "Unknown event field"),
        ("member", {"name": "  "}, "cannot be empty"),
        ("group", {"legal_form": "club"}, "Unknown legal form"),
        ("evidence", {"responses": "lots"}, "whole number"),
        ("evidence", {"responses": -1}, "negative"),
        ("evidence", {"reached": 10, "responses": 20}, "More responses"),
        ("evidence", {"responses": 10, "in_favour": 11}, "More in favour"),
        ("task", {"title": ""}, "cannot be empty"),
    ],
)
def test_bad_edits_are_refused_and_change_nothing(
    store: Store, case_id: int, entity: str, fields: dict, message: str
) -> None:
    with store.transaction() as session:
        ids = {
            "event": services.add_event(
                session, case_id, "listed", dt.date(2026, 1, 5), today=TODAY
            ).created_id,
            "member": session.scalar(select(Member.id)),
            "group": queries.find_case(session, case_id).group.id,
            "evidence": services.add_evidence(session, case_id, "survey", today=TODAY).created_id,
            "task": add_task(session, case_id, "Do it", today=TODAY).created_id,
        }
    with store.session() as session:
        audits = session.scalar(select(func.count()).select_from(AuditEntry))
    with pytest.raises(InputError, match=message), store.transaction() as session:
        editing.update_fields(session, entity, ids[entity], fields, today=TODAY)
    with store.session() as session:
        assert session.scalar(select(func.count()).select_from(AuditEntry)) == audits


def test_evidence_counts_are_stored(store: Store, case_id: int) -> None:
    with store.transaction() as session:
        services.add_evidence(
            session, case_id, "ballot", today=TODAY, reached=600, responses=400, in_favour=292
        )
    with store.session() as session:
        item = session.scalar(select(Evidence))
        assert (item.reached, item.responses, item.in_favour) == (600, 400, 292)


@pytest.mark.parametrize(
    ("form", "on_roll", "profit", "connection", "eligible", "says"),
    [
        ("unincorporated-association", 21, True, "Kirkdale", True, "21 members"),
        ("unincorporated-association", 20, True, "Kirkdale", False, "1 more needed"),
        ("unincorporated-association", 25, False, "Kirkdale", False, "surplus"),
        ("company-limited-by-guarantee", 0, True, "", False, "local connection"),
        ("company-limited-by-guarantee", 0, True, "Camden", True, "may nominate"),
        ("parish-council", 0, False, "", True, "may nominate"),
        ("public-body", 0, True, "x", False, "public body"),
        ("credit-union", 0, True, "x", False, "credit union"),
        ("", 0, True, "x", False, "legal form"),
    ],
)
def test_eligibility_says_exactly_what_is_missing(
    form, on_roll, profit, connection, eligible, says
) -> None:
    check = check_eligibility(
        form,
        not_for_profit=profit,
        local_connection=connection,
        members_on_roll=[True] * on_roll + [False] * 3,
    )
    assert check.eligible is eligible
    assert says.lower() in check.summary().lower()


def test_every_legal_form_cites_a_source() -> None:
    assert all(form.source for form in legal_forms().values())


def test_stage_tasks_prefill_once_and_link_deadlines(store: Store, case_id: int) -> None:
    with store.transaction() as session:
        prefill_stage_tasks(session, case_id, "interim-moratorium", today=TODAY)
        prefill_stage_tasks(session, case_id, "interim-moratorium", today=TODAY)
        services.add_event(
            session, case_id, "owner-notice-received", dt.date(2026, 3, 2), today=TODAY
        )
    with store.session() as session:
        tasks = session.scalars(select(Task)).all()
        assert len(tasks) == len(task_templates()["interim-moratorium"])
        linked = next(t for t in tasks if t.deadline_key == "interim-moratorium-ends")
        deadlines = queries.case_detail(session, case_id, TODAY).deadlines
        assert due_date(linked, deadlines) == dt.date(2026, 4, 12)


def test_demo_cases_have_evidence_and_tasks(store: Store) -> None:
    from cattool.core.demo import add_demo_cases

    with store.transaction() as session:
        add_demo_cases(session, TODAY)
    with store.session() as session:
        assert session.scalar(select(func.count()).select_from(Evidence)) >= 4
        assert session.scalar(select(func.count()).select_from(Task)) >= 8


def test_postcodes_uprns_and_emails_are_checked(store: Store, case_id: int) -> None:
    with store.transaction() as session:
        services.set_asset(session, case_id, postcode="l5  7qq")
        assert queries.find_case(session, case_id).asset.postcode == "L5 7QQ"
    for fields, message in (
        ({"postcode": "LIVERPOOL"}, "UK postcode"),
        ({"uprn": "12ab"}, "UPRN"),
        ({"uprn": "1234567890123"}, "UPRN"),
    ):
        with pytest.raises(InputError, match=message), store.transaction() as session:
            services.set_asset(session, case_id, **fields)
    with pytest.raises(InputError, match="email"), store.transaction() as session:
        services.add_party(session, case_id, "Council", "council", email="not-an-email")


def test_deleting_a_party_removes_its_roles_and_undo_restores_them(
    store: Store, case_id: int
) -> None:
    with store.transaction() as session:
        party_id = services.add_party(session, case_id, "Owner Ltd", "owner").created_id
        _, saved = editing.delete_record(session, "party", party_id)
        assert queries.find_case(session, case_id).roles == []
        editing.restore_record(session, "party", saved)
        roles = queries.find_case(session, case_id).roles
        assert [(r.party_id, r.role) for r in roles] == [(party_id, "owner")]
