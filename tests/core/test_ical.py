"""Calendar export: all-day events, exclusive end, alarms, stable UIDs."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from icalendar import Calendar

from cattool.core.ical import build_calendar, write_calendar
from cattool.core.rules.engine import EventFact, compute_deadlines
from cattool.core.rules.regime import load_regime


def deadlines(today: dt.date):
    facts = [EventFact("owner-notice-received", dt.date(2026, 3, 2))]
    return compute_deadlines(facts, load_regime("england-2011"), today)


def test_all_day_events_with_alarms_and_stable_uids(tmp_path: Path) -> None:
    data = build_calendar("abc123", "The Red Lion", deadlines(dt.date(2026, 3, 5)))
    calendar = Calendar.from_ical(data)
    events = {str(e["uid"]): e for e in calendar.walk("VEVENT")}
    interim = events["abc123-interim-moratorium-ends@cattool"]
    assert interim.decoded("dtstart") == dt.date(2026, 4, 12)
    assert interim.decoded("dtend") == dt.date(2026, 4, 13)
    assert "VALUE=DATE" in data.decode().split("DTSTART")[1].split(":")[0]
    assert interim.walk("VALARM")
    assert "Source:" in str(interim["description"])
    # Not-triggered deadlines have no date and so no entry.
    assert "abc123-full-moratorium-ends@cattool" not in events
    later = Calendar.from_ical(
        build_calendar("abc123", "The Red Lion", deadlines(dt.date(2026, 4, 1)))
    )
    assert {str(e["uid"]) for e in later.walk("VEVENT")} == set(events)
    out = tmp_path / "x.ics"
    assert write_calendar(out, "abc123", "The Red Lion", deadlines(dt.date(2026, 3, 5))) == len(
        events
    )
    assert out.read_bytes().startswith(b"BEGIN:VCALENDAR")
    assert not list(tmp_path.glob(".*tmp"))
