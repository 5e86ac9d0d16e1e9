"""Calendar export: a case's deadlines as all-day iCalendar events with reminders.

UIDs are derived from the case's stable uid and the deadline key, so importing a newer
export into a calendar updates the existing entries instead of duplicating them.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable

from cattool.core.errors import InputError
from cattool.core.files import atomic_write
from cattool.core.rules.engine import MET, Deadline

REMINDER_DAYS = (14, 2)  # a fortnight to prepare, and a last nudge
SEQUENCE_EPOCH = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)


def deadline_uid(case_uid: str, key: str) -> str:
    return f"{case_uid}-{key}@cattool"


def deadline_category(key: str) -> str:
    """Statutory deadlines, lease dates (contractual) and CAT dates (council policy) are
    told apart in the calendar too."""
    if key.startswith("lease"):
        return "lease date (contractual)"
    if key.startswith("cat-"):
        return "community asset transfer (council policy)"
    return "statutory deadline"


def build_calendar(case_uid: str, case_name: str, deadlines: Iterable[Deadline]) -> bytes:
    from icalendar import Alarm, Calendar, Event

    calendar = Calendar()
    calendar.add("prodid", "-//cattool//Asset of Community Value deadlines//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", f"cattool: {case_name}")
    stamp = dt.datetime.now(dt.UTC).replace(microsecond=0)
    for deadline in deadlines:
        if deadline.date is None:
            continue
        event = Event()
        event.add("uid", deadline_uid(case_uid, deadline.key))
        event.add("dtstamp", stamp)
        # Calendar apps replace an entry when the same UID comes with a higher SEQUENCE:
        # minutes since 2020 always grow from one export to the next.
        event.add("sequence", int((stamp - SEQUENCE_EPOCH).total_seconds() // 60))
        prefix = "PROVISIONAL: " if deadline.provisional else ""
        done = " (done)" if deadline.status == MET else ""
        event.add("summary", f"{prefix}{deadline.label}{done} — {case_name}")
        event.add("dtstart", deadline.date)  # a date, so VALUE=DATE: an all-day event
        event.add("dtend", deadline.date + dt.timedelta(days=1))  # DTEND is exclusive
        lines = [deadline.explanation, f"Source: {deadline.source}"]
        lines += [f"Warning: {w}" for w in deadline.warnings]
        event.add("description", "\n".join(lines))
        event.add("transp", "TRANSPARENT")
        event.add("categories", ["cattool", deadline_category(deadline.key)])
        if deadline.status != MET:
            for days in REMINDER_DAYS:
                alarm = Alarm()
                alarm.add("action", "DISPLAY")
                alarm.add("description", f"{deadline.label} in {days} days — {case_name}")
                alarm.add("trigger", dt.timedelta(days=-days))
                event.add_component(alarm)
        calendar.add_component(event)
    return calendar.to_ical()


def write_calendar(
    path: str | os.PathLike[str], case_uid: str, case_name: str, deadlines: list[Deadline]
) -> int:
    count = sum(1 for d in deadlines if d.date is not None)
    if not count:
        # RFC 5545 wants at least one entry; an empty file would only puzzle the user.
        raise InputError(
            f"{case_name} has no dated deadlines yet: record what has happened (for example "
            "the nomination or the owner's notice) first."
        )
    atomic_write(path, build_calendar(case_uid, case_name, deadlines))
    return count
