"""The Community Asset Transfer timetable: the steps, the time each is expected to take
(resources/cat_policy.toml: council policy defaults, not law, editable per case), the
step a case has reached, and when the next decisions should arrive.

Pure: events in, Deadlines out (the engine's type, so the deadline lists, the agenda,
reminders and the calendar take them as they are). An "expected by" date is a date to
chase the council, never a statutory deadline: every one says so.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache

from cattool.core.dates import format_date_long
from cattool.core.paths import resources_dir
from cattool.core.rules.engine import (
    DUE_SOON,
    MET,
    NOT_TRIGGERED,
    PASSED,
    UPCOMING,
    Deadline,
    EventFact,
)

NOT_LAW = "Council policy, not law: CAT is not a statutory right in England (DOMAIN.md §7)."


@dataclass(frozen=True, slots=True)
class CatStage:
    key: str
    event: str
    label: str
    expect: str  # the label of its "expected by" date
    weeks: int | None  # after the step before; None for the first step
    who: str
    explain: str
    source: str
    overridden: bool = False


@dataclass(frozen=True, slots=True)
class CatPolicy:
    title: str
    status: str
    source: str
    stages: tuple[CatStage, ...]

    def stage(self, key: str) -> CatStage:
        for stage in self.stages:
            if stage.key == key:
                return stage
        raise KeyError(key)

    @property
    def total_weeks(self) -> int:
        return sum(s.weeks or 0 for s in self.stages[2:])  # from the EOI to completion


@cache
def default_policy() -> CatPolicy:
    with open(resources_dir() / "cat_policy.toml", "rb") as handle:
        data = tomllib.load(handle)
    head = data["policy"]
    stages = tuple(
        CatStage(
            key=spec["key"],
            event=spec["event"],
            label=spec["label"],
            expect=spec.get("expect", spec["label"]),
            weeks=spec.get("weeks"),
            who=spec.get("who", "council"),
            explain=spec.get("explain", ""),
            source=head["source"],
        )
        for spec in data["stage"]
    )
    return CatPolicy(head["title"], head["status"], head["source"], stages)


def stage_keys() -> tuple[str, ...]:
    """The steps whose time can be set per case (all but the first)."""
    return tuple(s.key for s in default_policy().stages if s.weeks is not None)


def cat_event_kinds() -> tuple[str, ...]:
    return tuple(s.event for s in default_policy().stages)


def policy_for(overrides: Mapping[str, tuple[int, str]] | None = None) -> CatPolicy:
    """The default policy with this case's weeks (stage key -> (weeks, source))."""
    base = default_policy()
    if not overrides:
        return base
    stages = []
    for stage in base.stages:
        found = overrides.get(stage.key)
        if found is None or stage.weeks is None:
            stages.append(stage)
            continue
        weeks, source = found
        stages.append(
            CatStage(
                stage.key, stage.event, stage.label, stage.expect, int(weeks), stage.who,
                stage.explain, source or "Set for this case (the council's own CAT policy)",
                overridden=True,
            )
        )  # fmt: skip
    return CatPolicy(base.title, base.status, base.source, tuple(stages))


@dataclass(frozen=True, slots=True)
class CatProgress:
    """Where a case is on the CAT route: the last step recorded and the dates ahead."""

    reached: CatStage | None  # None: no CAT event recorded
    reached_on: dt.date | None
    next_stage: CatStage | None  # None: not started, or the lease is completed
    deadlines: tuple[Deadline, ...]  # one per step after the first recorded one

    @property
    def started(self) -> bool:
        return self.reached is not None

    @property
    def next_expected(self) -> Deadline | None:
        return next((d for d in self.deadlines if d.status != MET), None)


def _latest(events: Iterable[EventFact], kinds: set[str]) -> dict[str, EventFact]:
    found: dict[str, EventFact] = {}
    for event in events:
        if event.kind in kinds and (
            event.kind not in found or event.date >= found[event.kind].date
        ):
            found[event.kind] = event
    return found


def _status(day: dt.date, today: dt.date, horizon_days: int) -> str:
    left = (day - today).days
    if left < 0:
        return PASSED
    return DUE_SOON if left <= horizon_days else UPCOMING


def cat_progress(
    events: Iterable[EventFact],
    today: dt.date,
    policy: CatPolicy | None = None,
    horizon_days: int = 14,
) -> CatProgress:
    """The CAT step reached and, from the first step recorded, each later step's date:
    met (the event's date) or expected (the step before + its weeks; later steps are
    projected from the expected dates before them)."""
    policy = policy or default_policy()
    latest = _latest(events, {s.event for s in policy.stages})
    recorded = [i for i, s in enumerate(policy.stages) if s.event in latest]
    if not recorded:
        return CatProgress(None, None, None, ())
    first, last = recorded[0], recorded[-1]
    deadlines: list[Deadline] = []
    anchor = latest[policy.stages[first].event].date
    anchor_event: EventFact | None = latest[policy.stages[first].event]
    for index, stage in enumerate(policy.stages[first + 1 :], start=first + 1):
        weeks = stage.weeks or 0
        expected = anchor + dt.timedelta(weeks=weeks)
        done = latest.get(stage.event)
        projected = anchor_event is None
        previous = policy.stages[index - 1]
        skipped = done is None and index < last
        explanation = (
            f"{stage.explain} The council's CAT policy allows about {weeks} weeks after "
            f"'{previous.label.lower()}' "
            + (f"({format_date_long(anchor)})." if not projected else "(itself only expected).")
            + " This is a date to chase, not a legal deadline."
        )
        warnings = [NOT_LAW]
        if projected:
            warnings.append("Projected: counts from an earlier step's expected date.")
        if skipped:
            warnings.append("Not recorded, but a later step is: the council may have skipped it.")
        if stage.overridden:
            warnings.append(f"Weeks set for this case: {stage.source}")
        deadline = Deadline(
            key=f"cat-{stage.key}",
            label=stage.expect if not done else stage.label,
            date=expected,
            status=MET
            if done
            else NOT_TRIGGERED
            if skipped
            else _status(expected, today, horizon_days),
            source=stage.source if stage.overridden else policy.source,
            explanation=explanation,
            warnings=warnings,
            who=stage.who,
            rule=f"{weeks} weeks after the step before (council policy)",
            counts_from=anchor_event.kind if anchor_event else None,
            start_date=anchor,
            start_event_id=anchor_event.id if anchor_event else None,
            met_on=done.date if done else None,
            days_left=None if done or skipped else (expected - today).days,
        )
        deadlines.append(deadline)
        if done:
            anchor, anchor_event = done.date, done
        else:
            anchor, anchor_event = expected, None
    reached = policy.stages[last]
    following = policy.stages[last + 1] if last + 1 < len(policy.stages) else None
    return CatProgress(reached, latest[reached.event].date, following, tuple(deadlines))


def has_cat_events(events: Iterable[EventFact]) -> bool:
    return any(e.kind.startswith("cat-") for e in events)
