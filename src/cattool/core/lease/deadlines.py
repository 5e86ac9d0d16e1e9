"""Lease key dates and CAT expected dates as deadline-like items, for every place that
lists a case's dates: queries.case_deadlines / case_detail, the portfolio and agenda
(portfolio.summarise / agenda_items), reminders and the calendar export. Pure.

Only signed leases feed these lists (a lease being negotiated has no dates to remind
yet; `lease_report` still shows its proposed dates). CAT dates appear once a CAT event
is recorded.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence

from cattool.core.lease.cat_policy import cat_progress, has_cat_events, policy_for
from cattool.core.lease.facts import LeaseFacts
from cattool.core.lease.key_dates import lease_key_dates
from cattool.core.rules.engine import Deadline, EventFact

CatOverrides = Mapping[str, tuple[int, str]]  # CAT step -> (weeks, source)


def lease_and_cat_deadlines(
    events: Sequence[EventFact],
    leases: Iterable[LeaseFacts],
    today: dt.date,
    horizon_days: int = 14,
    cat_overrides: CatOverrides | None = None,
) -> list[Deadline]:
    found: list[Deadline] = []
    if has_cat_events(events):
        progress = cat_progress(events, today, policy_for(cat_overrides), horizon_days)
        found.extend(progress.deadlines)
    for lease in leases:
        if lease.in_force:
            found.extend(lease_key_dates(lease, today, horizon_days))
    return found
