"""The deadline engine: pure functions from a case's events and its regime to deadlines.

Nothing here touches a database or a screen. `compute_deadlines` is called for one case
at a time (the window, the CLI) and for thousands at once (the agenda), so it does no I/O
and builds each Deadline once.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from typing import NamedTuple

from cattool.core.dates import format_date_weekday_long
from cattool.core.rules.calendar import (
    ONE_DAY,
    bank_holiday_name,
    is_working_day,
    period_end,
    previous_working_day,
    subtract,
)
from cattool.core.rules.events import event_label
from cattool.core.rules.regime import PeriodRule, Regime

UPCOMING = "upcoming"
DUE_SOON = "due-soon"
PASSED = "passed"
MET = "met"
NOT_TRIGGERED = "not-triggered"
STATUSES = (UPCOMING, DUE_SOON, PASSED, MET, NOT_TRIGGERED)
DEFAULT_HORIZON_DAYS = 14


class EventFact(NamedTuple):
    """The engine's view of an event: only what the law counts from."""

    kind: str
    date: dt.date
    id: int | None = None


@dataclass(slots=True)
class Deadline:
    key: str
    label: str
    date: dt.date | None
    status: str
    source: str
    explanation: str
    warnings: list[str] = field(default_factory=list)
    provisional: bool = False
    who: str = "nobody"
    rule: str = ""
    counts_from: str | None = None
    start_date: dt.date | None = None
    start_event_id: int | None = None
    met_on: dt.date | None = None
    days_left: int | None = None
    # Not triggered yet, but still could be (its condition's window is open).
    awaiting: bool = False

    @property
    def is_open(self) -> bool:
        """Still to come and not yet fulfilled: what the agenda and reminders care about."""
        return self.status in (UPCOMING, DUE_SOON)

    def to_json(self) -> dict:
        data = asdict(self)
        for name in ("date", "start_date", "met_on"):
            value = data[name]
            data[name] = value.isoformat() if value else None
        return data


def index_events(events: Iterable[EventFact]) -> dict[str, list[EventFact]]:
    """Events by kind, each list in date order (ties keep entry order)."""
    by_kind: dict[str, list[EventFact]] = defaultdict(list)
    for event in events:
        by_kind[event.kind].append(event)
    for kinds in by_kind.values():
        kinds.sort(key=lambda e: e.date)
    return by_kind


def compute_deadlines(
    events: Sequence[EventFact] | Iterable[EventFact],
    regime: Regime,
    today: dt.date,
    horizon_days: int = DEFAULT_HORIZON_DAYS,
    *,
    warnings: bool = True,
) -> list[Deadline]:
    """Every deadline of `regime` for a case with `events`, as of `today`.

    `warnings=False` skips the bank-holiday lookups for callers that only need dates and
    statuses (the case list at start-up).
    """
    by_kind = index_events(events)
    ignored = _apply_cycle(by_kind, regime)
    done: dict[str, Deadline] = {}
    for rule in regime.periods:
        deadline = _compute_one(rule, by_kind, done, regime, today, horizon_days, warnings)
        if ignored and warnings and deadline.counts_from == regime.cycle[0]:  # type: ignore[index]
            deadline.warnings.extend(ignored)
        done[rule.key] = deadline
    return list(done.values())


def _apply_cycle(by_kind: dict[str, list[EventFact]], regime: Regime) -> list[str]:
    """Drop trigger events that arrived inside an earlier one's protected period.

    Such a notice starts no new moratorium (Localism Act 2011 s.95(6)), so the earlier
    cycle's dates stand; returns a warning for each notice set aside.
    """
    if regime.cycle is None or len(by_kind.get(regime.cycle[0], ())) < 2:
        return []
    kind, protected_by = regime.cycle
    length = regime.period_index[protected_by].length
    accepted: list[EventFact] = []
    notes = []
    protected_until: dt.date | None = None
    for event in by_kind[kind]:
        if protected_until is not None and event.date <= protected_until:
            notes.append(
                f"A further '{event_label(kind)}' on {_day(event.date)} fell within the "
                f"protected period that runs to {_day(protected_until)}, so it starts no new "
                "moratorium; the dates shown count from the earlier notice."
            )
            continue
        accepted.append(event)
        protected_until = period_end(event.date, length).last_day
    by_kind[kind] = accepted
    return notes


def _compute_one(
    rule: PeriodRule,
    by_kind: dict[str, list[EventFact]],
    done: dict[str, Deadline],
    regime: Regime,
    today: dt.date,
    horizon_days: int,
    with_warnings: bool,
) -> Deadline:
    notes: list[str] = []
    deadline = Deadline(
        key=rule.key,
        label=rule.label,
        date=None,
        status=NOT_TRIGGERED,
        source=rule.source,
        explanation="",
        warnings=notes,
        provisional=rule.provisional,
        who=rule.who,
        rule=rule.rule_text(),
    )
    if rule.provisional and with_warnings:
        notes.append(_provisional_warning(rule, regime))

    anchor: dt.date | None = None
    date: dt.date | None = None
    if rule.before:
        base = done[rule.before]
        if base.date is None or base.status == MET:
            deadline.explanation = (
                f"Not started: it counts back from '{base.label}', which has no date yet."
                if base.date is None
                else f"Not needed: '{base.label}' no longer applies."
            )
            return deadline
        anchor = base.date
        date = subtract(anchor, rule.length)
        if rule.margin:
            date = subtract(date, rule.margin)
        deadline.start_date = base.start_date
        deadline.counts_from = base.counts_from
        deadline.provisional = deadline.provisional or base.provisional
    else:
        start = _find_start(rule, by_kind, done, deadline, notes)
        if start is None:
            return deadline
        end = period_end(start, rule.length)
        date = end.last_day
        if end.other_reading and with_warnings:
            notes.append(
                f"Month-end rule: counting {rule.length} from {format_date_weekday_long(start)} "
                "has no exact matching day, and no authority fixes the answer. cattool shows the "
                f"earlier reading, {format_date_weekday_long(end.last_day)}; another reading "
                f"gives {format_date_weekday_long(end.other_reading)}. Confirm the date with "
                "the council in writing."
            )

    deadline.date = date
    start_day = deadline.start_date
    fields = {
        "start": format_date_weekday_long(start_day) if start_day else "",
        "date": format_date_weekday_long(date),
        "anchor": format_date_weekday_long(anchor) if anchor else "",
        "length": str(rule.length),
    }
    deadline.explanation = rule.explain.format(**fields)

    if rule.only_if and not _condition_holds(rule, by_kind, done, deadline, today):
        deadline.date = None
        deadline.days_left = None
        deadline.status = NOT_TRIGGERED
        return deadline

    if rule.expects_before and with_warnings and start_day is not None:
        earlier = [
            e for k in rule.expects_before for e in by_kind.get(k, ()) if e.date <= start_day
        ]
        if not earlier:
            notes.append(
                f"No '{event_label(rule.expects_before[0])}' is recorded before "
                f"{_day(start_day)}. These rules apply only to listed land: record the "
                "listing date, or check with the council that the asset is listed."
            )

    ended = _first_event(rule.ends_if, by_kind, start_day, date)
    if ended is not None:
        deadline.status = MET
        deadline.met_on = ended.date
        deadline.explanation += (
            f" No longer applies: {event_label(ended.kind)} on {_day(ended.date)}."
        )
        return deadline

    met = _met_event(rule, by_kind, start_day, date)
    if met is not None:
        deadline.status = MET
        deadline.met_on = met.date
        deadline.explanation += f" Done: {event_label(met.kind)} on {_day(met.date)}."
        if met.date > date:
            notes.append(f"{event_label(met.kind)} was recorded after this date.")
    else:
        late = _late_event(rule, by_kind, start_day, date)
        if late is not None:
            notes.append(
                f"{event_label(late.kind)} is recorded on {_day(late.date)}, after this "
                f"deadline of {_day(date)}: it came too late to count."
            )
        days_left = (date - today).days
        deadline.days_left = days_left
        if days_left < 0:
            deadline.status = PASSED
        elif days_left <= horizon_days:
            deadline.status = DUE_SOON
        else:
            deadline.status = UPCOMING
    if deadline.status != MET:
        deadline.days_left = (date - today).days
    if with_warnings and deadline.status != MET:
        _add_closed_day_warning(date, notes, rule.next_working_day)
    return deadline


def _find_start(
    rule: PeriodRule,
    by_kind: dict[str, list[EventFact]],
    done: dict[str, Deadline],
    deadline: Deadline,
    notes: list[str],
) -> dt.date | None:
    if rule.after:
        for key in rule.after:
            base = done[key]
            if base.awaiting:
                break  # the preferred period may still start: too early to fall back
            if base.date is not None:
                deadline.start_date = base.date + ONE_DAY
                deadline.counts_from = f"deadline:{key}"
                deadline.provisional = deadline.provisional or base.provisional
                return deadline.start_date
        deadline.explanation = "Not started: none of the periods it follows has ended yet."
        return None
    for position, kind in enumerate(rule.starts):
        found = by_kind.get(kind)
        if found:
            event = found[-1]  # the latest notice starts the current clock
            deadline.start_date = event.date
            deadline.counts_from = kind
            deadline.start_event_id = event.id
            if position > 0:
                preferred = event_label(rule.starts[0])
                notes.append(
                    f"Counted from '{event_label(kind)}' because no '{preferred}' date is "
                    "recorded; add that date if you have it, as it may change this deadline."
                )
            return event.date
    first = event_label(rule.starts[0])
    deadline.explanation = f"Not started: it counts from '{first}', which is not recorded yet."
    return None


def _condition_holds(
    rule: PeriodRule,
    by_kind: dict[str, list[EventFact]],
    done: dict[str, Deadline],
    deadline: Deadline,
    today: dt.date,
) -> bool:
    assert rule.only_if is not None
    window = done[rule.only_if.within]
    start = window.start_date
    candidates = [e for e in by_kind.get(rule.only_if.event, ()) if start and e.date >= start]
    if window.date and any(e.date <= window.date for e in candidates):
        return True
    would_be = deadline.date
    reason = rule.not_triggered or "Its condition has not been met."
    label = event_label(rule.only_if.event)
    if window.date is None:
        deadline.explanation = reason
    elif window.date >= today:
        deadline.awaiting = True
        deadline.explanation = (
            f"{reason} If '{label}' is recorded by {_day(window.date)}, this would end on "
            f"{_day(would_be)}."
            if would_be
            else reason
        )
    else:
        late = [e for e in candidates if e.date > window.date]
        if late:
            deadline.warnings.append(
                f"'{label}' is recorded on {_day(late[0].date)}, after the window closed on "
                f"{_day(window.date)}, so it did not start this period."
            )
        deadline.explanation = (
            f"{reason} No '{label}' was recorded between {_day(start)} and {_day(window.date)}."
        )
    early = [e for e in by_kind.get(rule.only_if.event, ()) if start and e.date < start]
    if early:
        deadline.warnings.append(
            f"'{label}' is recorded on {_day(early[-1].date)}, before this period began on "
            f"{_day(start)}. It must reach the council during the window: send it again."
        )
    return False


def _first_event(
    kinds: tuple[str, ...],
    by_kind: dict[str, list[EventFact]],
    start: dt.date | None,
    last: dt.date | None,
) -> EventFact | None:
    """The earliest event of `kinds` from `start` to `last` (either end open if None);
    ties go to the kind listed first, so the answer is the same on every run."""
    found = [
        (event.date, position, event)
        for position, kind in enumerate(kinds)
        for event in by_kind.get(kind, ())
        if (start is None or event.date >= start) and (last is None or event.date <= last)
    ]
    return min(found, key=lambda item: item[:2])[2] if found else None


def _met_event(
    rule: PeriodRule,
    by_kind: dict[str, list[EventFact]],
    start: dt.date | None,
    date: dt.date,
) -> EventFact | None:
    """The earliest event that fulfils the rule (on or after its start)."""
    return _first_event(rule.met_by, by_kind, start, date if rule.met_within else None)


def _late_event(
    rule: PeriodRule,
    by_kind: dict[str, list[EventFact]],
    start: dt.date | None,
    date: dt.date,
) -> EventFact | None:
    if not rule.met_within:
        return None
    return _first_event(rule.met_by, by_kind, date + ONE_DAY, None) if start else None


def _add_closed_day_warning(date: dt.date, notes: list[str], next_working_day: bool) -> None:
    holiday = bank_holiday_name(date)
    if date.weekday() < 5 and holiday is None:
        return
    why = f"a bank holiday ({holiday})" if holiday else "a weekend"
    if next_working_day:
        following = date + ONE_DAY
        while not is_working_day(following):
            following += ONE_DAY
        notes.append(
            f"{_day(date)} is {why}. The tribunal's rules let an act due on a day its office "
            f"is closed be done on the next working day, {_day(following)}; to be safe, act "
            f"by {_day(previous_working_day(date))}."
        )
        return
    notes.append(
        f"{_day(date)} is {why}: council offices are closed and post is not delivered. The "
        f"law does not move the date, so make sure anything due arrives by "
        f"{_day(previous_working_day(date))}."
    )


def _provisional_warning(rule: PeriodRule, regime: Regime) -> str:
    names = [
        f"{regime.parameters[p].label.lower()} = {regime.parameters[p].value}"
        for p in rule.provisional_parameters
    ]
    detail = f" (it relies on: {'; '.join(names)})" if names else ""
    return (
        "Provisional: this rule is not settled in law yet" + detail + ". Check it with the "
        "council; when regulations fix the value, set it in the regime settings."
    )


def _day(date: dt.date | None) -> str:
    return format_date_weekday_long(date) if date else "no date"


def deadlines_as_json(deadlines: Iterable[Deadline]) -> list[dict]:
    return [d.to_json() for d in deadlines]
