"""A case's leases and Community Asset Transfer route as the documents see them: read once
through the lease core's own query (cattool.core.lease.queries.lease_report).

The terms, checks, key dates and CAT timetable are the core's; documents only lay them
out. A case may hold several leases: `current` is the one the CAT documents and the heads
of terms are about (the latest being negotiated, else the latest signed, else the latest).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy.orm import Session

from cattool.core.lease.cat_policy import CatPolicy, CatProgress
from cattool.core.lease.facts import ENDED, NEGOTIATING, SIGNED
from cattool.core.lease.queries import LeaseReport, LeaseView, lease_report
from cattool.core.model import Case


@dataclass(frozen=True)
class LeaseDocumentFacts:
    """Everything the lease documents say, computed by the core as of `today`."""

    report: LeaseReport

    @property
    def views(self) -> tuple[LeaseView, ...]:
        return self.report.leases

    @property
    def policy(self) -> CatPolicy:
        return self.report.policy

    @property
    def cat(self) -> CatProgress:
        return self.report.cat

    @property
    def current(self) -> LeaseView | None:
        """The lease being agreed, else the one in force, else the latest recorded."""
        for status in (NEGOTIATING, SIGNED):
            found = [v for v in self.views if v.lease.status == status]
            if found:
                return found[-1]
        return self.views[-1] if self.views else None

    @property
    def not_ended(self) -> tuple[LeaseView, ...]:
        """The leases a committee still needs to know about (every one, if all ended)."""
        running = tuple(v for v in self.views if v.lease.status != ENDED)
        return running or self.views


def load_lease_facts(session: Session, case: Case, today: dt.date) -> LeaseDocumentFacts:
    """The case's leases and CAT progress (a case with none gives empty views)."""
    return LeaseDocumentFacts(lease_report(session, case.id, today))
