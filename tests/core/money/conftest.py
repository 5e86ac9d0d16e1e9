"""Shared money fixtures: a case with a running full moratorium (ends 1 August 2026)."""

from __future__ import annotations

import datetime as dt

import pytest

from cattool.core import services
from cattool.core.store import Store

TODAY = dt.date(2026, 3, 5)
DEADLINE = dt.date(2026, 8, 1)


@pytest.fixture
def case_id(store: Store) -> int:
    """The Red Lion: owner's notice received 2 February 2026, request to bid in time, so
    the full moratorium (6 months beginning with 2 February) ends on 1 August 2026."""
    with store.transaction() as session:
        case = services.create_case(
            session, "The Red Lion", "england-2011", reference="RL"
        ).created_id
        assert case is not None
        services.add_event(session, case, "listed", dt.date(2025, 12, 1), today=TODAY)
        services.add_event(session, case, "owner-notice-received", dt.date(2026, 2, 2), today=TODAY)
        services.add_event(
            session, case, "bidder-request-received", dt.date(2026, 2, 20), today=TODAY
        )
        services.set_group(
            session, case, name="Friends of the Red Lion", legal_form="community-benefit-society"
        )
    return case
