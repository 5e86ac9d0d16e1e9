"""The stage of a case, derived from its events and deadlines as of a date (never stored)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from cattool.core.rules.engine import MET, Deadline, EventFact, index_events

STAGES: dict[str, str] = {
    "identified": "Identified (not yet nominated)",
    "nominated": "Nominated",
    "not-listed": "Not listed",
    "listed": "Listed",
    "under-review": "Listed: owner's review",
    "under-appeal": "Listed: owner's appeal",
    "interim-moratorium": "Interim moratorium",
    "full-moratorium": "Full moratorium",
    "protected-period": "Protected period",
    "sale-agreed": "Sale agreed",
    "completed": "Completed",
    "delisted": "Removed from the list",
    "listing-expired": "Listing expired",
}


def derive_stage(events: Sequence[EventFact], deadlines: Sequence[Deadline], today: dt.date) -> str:
    """The stage key; later and weightier facts win (a completion beats a moratorium)."""
    by_kind = index_events(events)
    by_key = {d.key: d for d in deadlines}

    def latest(kind: str) -> dt.date | None:
        found = by_kind.get(kind)
        return found[-1].date if found else None

    def open_until(key: str) -> bool:
        deadline = by_key.get(key)
        return bool(deadline and deadline.date and deadline.date >= today)

    if latest("completion"):
        return "completed"
    listed_on = max(filter(None, (latest("listed"), latest("listing-notice-given"))), default=None)
    delisted_on = latest("delisted")
    nominated = latest("nomination-submitted")
    rejected = latest("nomination-rejected")
    # A new nomination after the listing ended (removed or expired) is what is live now.
    renominated = bool(
        nominated
        and listed_on
        and nominated > listed_on
        and (rejected is None or rejected < nominated)
    )
    if delisted_on and (listed_on is None or delisted_on >= listed_on):
        return "nominated" if renominated and nominated >= delisted_on else "delisted"
    notice = latest("owner-notice-received")
    if latest("contracts-exchanged") or latest("offer-accepted"):
        return "sale-agreed"
    if notice:
        # Once a request to bid arrives in time the six (or twelve) months are running,
        # even while the interim six weeks have not yet ended.
        full = by_key.get("full-moratorium-ends")
        if full and full.date and (full.date >= today or full.status == MET):
            return "full-moratorium"
        if open_until("interim-moratorium-ends"):
            return "interim-moratorium"
        if open_until("protected-period-ends"):
            return "protected-period"
    if listed_on:
        expiry = by_key.get("listing-expires")
        if expiry and expiry.date and expiry.date < today:
            return "nominated" if renominated else "listing-expired"
        review = latest("review-requested")
        decision = latest("review-decision-sent")
        if review and (decision is None or decision < review):
            return "under-review"
        appeal = latest("appeal-lodged")
        if appeal and decision and appeal >= decision:
            return "under-appeal"
        return "listed"
    if rejected and (nominated is None or rejected >= nominated):
        return "not-listed"
    if nominated:
        return "nominated"
    return "identified"


def stage_label(key: str) -> str:
    return STAGES.get(key, key)
