"""The versions a page saves against (loaded_versions) and the version check before a
service call changes records (check_versions: a payment, refunds). Two Stores, two real
connections; runs on SQLite and, through `db_path`, on PostgreSQL."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from cattool.core import editing, services
from cattool.core.conflicts import ConflictError, check_versions, loaded_versions
from cattool.core.errors import NotFoundError
from cattool.core.lease import services as lease_services
from cattool.core.model import Fund, ShareApplication
from cattool.core.money import services as money_services
from cattool.core.store import Store

TODAY = dt.date(2026, 3, 5)
KINDS = ("case", "event", "member", "party", "share_application", "lease_break", "fund")


def _case(store: Store, name: str) -> dict[str, int]:
    """A case with one record of each kind; their ids by kind."""
    with store.transaction() as s:
        case = services.create_case(s, name, "england-2011").created_id
        assert case is not None
        ids = {"case": case}
        ids["event"] = services.add_event(s, case, "listed", dt.date(2026, 1, 5), today=TODAY)
        services.set_group(s, case, name=f"Friends of {name}")
        ids["member"] = services.add_member(s, case, "Ann", postcode="L5 7QQ")
        ids["party"] = services.add_party(s, case, "Jo", "council")
        cbs = "community-benefit-society"
        money_services.set_share_offer(s, case, today=TODAY, society_type=cbs)
        ids["share_application"] = money_services.add_share_application(
            s, case, "Sam", "£500", today=TODAY
        )
        lease = lease_services.add_lease(s, case, today=TODAY, title="Lease").created_id
        ids["lease_break"] = lease_services.add_break(
            s, lease, today=TODAY, break_date=dt.date(2030, 1, 1)
        )
        return {k: v if isinstance(v, int) else v.created_id for k, v in ids.items()}


def test_loaded_versions_are_the_cases_records_only(store: Store, other: Store) -> None:
    red, blue = _case(store, "The Red Lion"), _case(store, "The Blue Bell")
    with store.transaction() as s:
        fund = money_services.save_fund(s, "my-grant", today=TODAY, name="My grant").created_id
    with other.transaction() as s:  # a colleague's edit moves one record on
        editing.update_fields(s, "member", red["member"], {"address": "1 Lane"}, today=TODAY)
    with store.session() as s:
        found = loaded_versions(s, KINDS, red["case"])
        members = {k: v for k, v in found.items() if k[0] == "member"}
        assert members == {("member", red["member"]): 2}
        for kind in KINDS[:-1]:
            assert (kind, red[kind]) in found, kind
            assert (kind, blue[kind]) not in found, kind
        assert found[("fund", fund)] == s.get(Fund, fund).version  # the catalogue: all


def _paid(store: Store, application: int) -> Decimal:
    with store.session() as s:
        return s.get(ShareApplication, application).amount_paid


def test_a_payment_over_a_colleagues_change_is_a_conflict_and_pays_nothing(
    store: Store, other: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    application = _case(store, "The Red Lion")["share_application"]
    with store.session() as s:
        seen = {application: editing.record_version(s, "share_application", application)}
    monkeypatch.setenv("CATTOOL_USER", "bea")
    with other.transaction() as s:
        money_services.record_payment(s, application, "£100", paid_on=TODAY, today=TODAY)
    monkeypatch.setenv("CATTOOL_USER", "alan")
    with pytest.raises(ConflictError) as raised, store.transaction() as s:
        check_versions(s, "share_application", seen)
        money_services.record_payment(s, application, "£100", paid_on=TODAY, today=TODAY)
    conflict = raised.value
    assert conflict.completed and conflict.who == "bea" and not conflict.gone
    assert "Someone else changed this share application" in str(conflict)
    assert _paid(store, application) == Decimal("100")  # Bea's payment, once

    with store.session() as s:  # against what is there now, it goes through
        seen = {application: editing.record_version(s, "share_application", application)}
    with store.transaction() as s:
        check_versions(s, "share_application", seen)
        money_services.record_payment(s, application, "£50", paid_on=TODAY, today=TODAY)
    assert _paid(store, application) == Decimal("150")


def test_a_payment_for_an_applicant_someone_removed_says_so(store: Store, other: Store) -> None:
    application = _case(store, "The Red Lion")["share_application"]
    with other.transaction() as s:
        editing.delete_record(s, "share_application", application)
    gone = pytest.raises(NotFoundError, match="someone else may have deleted it")
    with gone, store.transaction() as s:
        check_versions(s, "share_application", {application: 1})
