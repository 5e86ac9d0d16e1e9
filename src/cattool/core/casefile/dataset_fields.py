"""The national dataset's field names (DOMAIN.md §10), in one place.

case.json keeps every table under its own column names (so any table round-trips), and
adds an `asset-of-community-value` block named as the planning data service's
`asset-of-community-value` dataset names things, so an adviser can cross-reference the
council's register. The block is derived from the facts (events, the group, the
engine's deadlines): an import ignores it and reads the tables.
"""

from __future__ import annotations

from typing import Any

DATASET = "asset-of-community-value"

# dataset field -> (table, column): stored facts copied as they are.
STORED_FIELDS: dict[str, tuple[str, str]] = {
    "reference": ("acv_case", "reference"),
    "name": ("asset", "name"),
    "description": ("asset", "description"),
    "uprn": ("asset", "uprn"),
    "nominating-group": ("community_group", "name"),
}

# dataset field -> the event kinds whose (first) date it is.
EVENT_DATE_FIELDS: dict[str, tuple[str, ...]] = {
    "nomination-date": ("nomination-submitted",),
    "decision-date": ("listed", "listing-notice-given", "nomination-rejected"),
    "notification-to-sell-date": ("owner-notice-received",),
    # The protected period runs from the council's receipt of the owner's notice.
    "protected-period-start-date": ("owner-notice-received",),
}

# dataset field -> the regime period (engine deadline key) whose date it is.
DEADLINE_FIELDS: dict[str, str] = {"expiry-date": "listing-expires"}

DECISIONS = {
    "listed": "listed",
    "listing-notice-given": "listed",
    "nomination-rejected": "not-listed",
}


def dataset_block(
    tables: dict[str, list[dict[str, Any]]], deadline_dates: dict[str, str | None]
) -> dict[str, Any]:
    """The §10 fields for one case from its dumped tables (null where not known yet)."""
    block: dict[str, Any] = {}
    for name, (table, column) in STORED_FIELDS.items():
        rows = tables.get(table) or []
        block[name] = (rows[0].get(column) or None) if rows else None
    events = sorted(tables.get("event", []), key=lambda e: (e["date"], e["id"]))
    for name, kinds in EVENT_DATE_FIELDS.items():
        block[name] = next((e["date"] for e in events if e["kind"] in kinds), None)
    decision = next((e["kind"] for e in events if e["kind"] in DECISIONS), None)
    block["decision"] = DECISIONS.get(decision) if decision else None
    bid = any(e["kind"] == "bidder-request-received" for e in events)
    block["interested-group"] = block["nominating-group"] if bid else None
    for name, key in DEADLINE_FIELDS.items():
        block[name] = deadline_dates.get(key)
    return block
