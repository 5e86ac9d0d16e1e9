"""The reminders' rules, with no Qt and no settings: which open deadlines are due within
the reminder horizon (a case's own horizon overrides the global one), how urgent each is,
and the words a reminder or a notification uses.

Pure functions in their own module so they can be tested, and reused, without a window.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from cattool.core.dates import format_date_short, format_date_weekday_long
from cattool.core.portfolio import AgendaItem, Snapshot, agenda_items

DEFAULT_HORIZON_DAYS = 14
MIN_HORIZON_DAYS = 1
MAX_HORIZON_DAYS = 120
URGENT_DAYS = 3  # red, and worth a system notification

WHO_MUST_ACT = {
    "group": "The community group must act",
    "council": "The council must act",
    "owner": "The owner must act",
}
NOBODY_ACTS = "For information: nobody has to act by this date"

# --- pure: which deadlines are due ---------------------------------------------------


def due_items(
    snapshot: Snapshot,
    today: dt.date,
    global_days: int,
    case_days: dict[int, int],
) -> list[AgendaItem]:
    """Open deadlines due from `today` to each case's horizon ahead, soonest first.

    A case listed in `case_days` uses its own number of days; every other case uses
    `global_days`. Cases sharing a horizon are computed together by
    `portfolio.agenda_items`, so the usual (single-horizon) case is one pass.
    """
    by_horizon: dict[int, list] = {}
    for case in snapshot.cases:
        days = max(0, int(case_days.get(case.id, global_days)))
        by_horizon.setdefault(days, []).append(case)
    items: list[AgendaItem] = []
    for days, cases in by_horizon.items():
        part = dataclasses.replace(snapshot, cases=cases)  # shares events and regime cache
        items.extend(agenda_items(part, today, days))
    items.sort(key=lambda item: (item.deadline.date, item.case_name, item.deadline.key))
    return items


def days_left_phrase(days: int) -> str:
    """'today', 'tomorrow', 'in 5 days', '3 days overdue': how a meeting says it."""
    if days == 0:
        return "today"
    if days == 1:
        return "tomorrow"
    if days > 1:
        return f"in {days} days"
    return "1 day overdue" if days == -1 else f"{-days} days overdue"


def urgency(days: int) -> str:
    """'red' for three days or less (or overdue), else 'amber'."""
    return "red" if days <= URGENT_DAYS else "amber"


def _within(days: int) -> str:
    return "today or tomorrow" if days == 1 else f"in the next {days} days"


def nothing_due_text(days: int) -> str:
    """The empty state: 'Nothing due in the next 14 days.'"""
    return f"Nothing due {_within(days)}."


def _who_text(who: str) -> str:
    return WHO_MUST_ACT.get(who, NOBODY_ACTS)


def reminder_sentence(item: AgendaItem, days: int) -> str:
    """The whole reminder in one sentence: for screen readers, tooltips and notifications."""
    deadline = item.deadline
    date = format_date_weekday_long(deadline.date) if deadline.date else "no date"
    when = days_left_phrase(days)
    text = f"{item.case_name}: {deadline.label}, {when} ({date}). {_who_text(deadline.who)}."
    if deadline.provisional:
        text += " Provisional: this date rests on rules not yet settled in law."
    return text


def notification_text(items: list[AgendaItem], today: dt.date, limit: int = 5) -> str:
    """The words of a notification about `items` (all due within a few days)."""
    if len(items) == 1:
        return reminder_sentence(items[0], (items[0].deadline.date - today).days)  # type: ignore[operator]
    lines = [f"{len(items)} deadlines are due within {URGENT_DAYS} days:"]
    for item in items[:limit]:
        days = (item.deadline.date - today).days  # type: ignore[operator]
        when = days_left_phrase(days)
        date = format_date_short(item.deadline.date)  # type: ignore[arg-type]
        lines.append(
            f"• {when[:1].upper() + when[1:]} ({date}): {item.case_name}: {item.deadline.label}"
        )
    if len(items) > limit:
        lines.append(f"…and {len(items) - limit} more: see Reminders in cattool.")
    return "\n".join(lines)
