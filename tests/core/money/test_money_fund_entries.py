"""The funder catalogue's writes beyond add/edit: hiding a fund and showing it again,
deleting the group's own entry, and putting an entry back exactly (what undo does), each
audited."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from sqlalchemy import select

from cattool.core.errors import NotFoundError
from cattool.core.model import AuditEntry
from cattool.core.model import Fund as FundRow
from cattool.core.money import services as ms
from cattool.core.money.funders import bundled_funds
from cattool.core.money.queries import fund_catalogue
from cattool.core.store import Store

TODAY = dt.date(2026, 3, 5)
BUNDLED = "nlhf-grants-10k-250k"


def keys(session, *, include_hidden: bool = False) -> set[str]:  # type: ignore[no-untyped-def]
    return {f.key for f in fund_catalogue(session, include_hidden=include_hidden)}


def actions(session) -> list[str]:  # type: ignore[no-untyped-def]
    query = select(AuditEntry.action).where(AuditEntry.entity == "fund").order_by(AuditEntry.id)
    return list(session.scalars(query))


def test_hide_a_bundled_fund_then_show_it_again_leaves_no_copy(store: Store) -> None:
    assert BUNDLED in bundled_funds()
    with store.transaction() as s:
        changes = ms.set_fund_hidden(s, BUNDLED, True, today=TODAY)
        assert changes.entities == {"fund"} and changes.created_id is not None
    with store.session() as s:
        assert BUNDLED not in keys(s)
        hidden = next(f for f in fund_catalogue(s, include_hidden=True) if f.key == BUNDLED)
        assert hidden.hidden and hidden.name == bundled_funds()[BUNDLED].name
        assert s.scalars(select(FundRow)).one().hidden
    with store.transaction() as s:
        ms.set_fund_hidden(s, BUNDLED, False, today=TODAY)
    with store.session() as s:
        assert BUNDLED in keys(s)
        assert s.scalars(select(FundRow)).all() == []  # the shipped fund again, not a copy
        assert actions(s) == ["hide", "show"]
        assert next(f for f in fund_catalogue(s) if f.key == BUNDLED).origin == "bundled"


def test_showing_an_edited_fund_keeps_the_edits(store: Store) -> None:
    with store.transaction() as s:
        ms.save_fund(s, BUNDLED, today=TODAY, award_max="£200,000")
        ms.set_fund_hidden(s, BUNDLED, True, today=TODAY)
        ms.set_fund_hidden(s, BUNDLED, True, today=TODAY)  # already hidden: nothing
        ms.set_fund_hidden(s, BUNDLED, False, today=TODAY)
    with store.session() as s:
        row = s.scalars(select(FundRow)).one()
        assert (row.hidden, row.award_max) == (False, Decimal("200000.00"))
        assert actions(s) == ["create", "hide", "show"]


def test_hiding_an_unknown_fund_is_refused(store: Store) -> None:
    with pytest.raises(NotFoundError, match="no fund 'no-such-fund'"), store.transaction() as s:
        ms.set_fund_hidden(s, "no-such-fund", True, today=TODAY)


def test_restore_fund_entry_puts_every_state_back(store: Store) -> None:
    with store.transaction() as s:
        ms.save_fund(s, "parish-grant", today=TODAY, name="Parish grant", award_max="£5,000")
        saved = ms.fund_entry(s, "parish-grant")
        assert saved is not None and saved["name"] == "Parish grant" and saved["id"]
        assert ms.fund_entry(s, BUNDLED) is None
    with store.transaction() as s:
        ms.delete_fund(s, "parish-grant")
        assert "parish-grant" not in keys(s)
        ms.restore_fund_entry(s, "parish-grant", saved, today=TODAY)  # undo the delete
        assert ms.fund_entry(s, "parish-grant") == saved
    with store.transaction() as s:
        ms.save_fund(s, "parish-grant", today=TODAY, award_max="£6,000", checked_on=TODAY)
        ms.restore_fund_entry(s, "parish-grant", saved, today=TODAY)  # undo the edit
        assert ms.fund_entry(s, "parish-grant") == saved
        ms.restore_fund_entry(s, "parish-grant", None, today=TODAY)  # undo the add
        assert ms.fund_entry(s, "parish-grant") is None
        ms.restore_fund_entry(s, "parish-grant", None, today=TODAY)  # nothing to do
    with store.session() as s:
        assert actions(s) == ["create", "delete", "restore", "update", "update", "delete"]
