"""Loading the portfolio for the dashboard: the case list first, summaries on demand,
the rest in the background between frames, and the agenda cache.

Apart from the widgets because it is the dashboard's data logic, not its look:
`PortfolioLoader.prepare` is safe on a worker thread, and the agenda is cached per load
so a change to a few cases recomputes only their entries. Nothing here imports
SQLAlchemy: reads go through the CaseSource's standard-library path when it can.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Collection, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal

from cattool.core import lazyread
from cattool.core.lease.facts import LeaseFacts
from cattool.core.portfolio import (
    AgendaItem,
    CaseRow,
    CaseSummary,
    Snapshot,
    agenda_items,
    summarise,
)
from cattool.core.rules.engine import EventFact
from cattool.ui.case_list_model import CaseLike, CaseTableModel
from cattool.ui.case_source import CaseSource
from cattool.ui.models import release_later

SMALL_PORTFOLIO = 300  # up to this many cases everything is worked out before the first paint
TICK_SECONDS = 0.010  # background work per event-loop turn: well inside a 16 ms frame
STREAM_BATCH = 100  # event rows per batch (about 5 cases): SQLite lets other threads run at
# every row it reads, so a larger batch could hold a tick well past its 10 ms
HEAD_ROWS = CaseTableModel.PREFETCH  # rows a large portfolio's read works out up front
TARGETED_LIMIT = 200  # a change to more cases than this reloads the whole list

Leases = tuple[dict[int, list[LeaseFacts]], dict[int, dict[str, tuple[int, str]]]]


def due_cases(summaries: list[CaseSummary], last: dt.date) -> list[CaseRow]:
    """The cases with an open deadline on or before `last` (pure: safe on a worker)."""
    return [
        CaseRow(s.id, s.name, s.reference, s.regime)
        for s in summaries
        if any(d.is_open and d.date is not None and d.date <= last for d in s.deadlines)
    ]


def read_leases(source: CaseSource, case_ids: Collection[int] | None = None) -> Leases:
    """The leases and CAT timetable overrides of `case_ids` (all when None), so their key
    dates reach the summaries, the agenda and reminders: the standard-library read when
    the file allows it, else through the store (a server, or a schema being migrated)."""
    path = getattr(source, "path", None)
    found = lazyread.read_leases(Path(path), case_ids) if path else None
    if found is not None:
        return found
    from cattool.core.lease.queries import all_cat_overrides, all_leases

    with source.store.session() as session:
        leases, overrides = all_leases(session), all_cat_overrides(session)
    if case_ids is not None:
        wanted = set(case_ids)
        leases = {k: v for k, v in leases.items() if k in wanted}
        overrides = {k: dict(v) for k, v in overrides.items() if k in wanted}
    return leases, {k: dict(v) for k, v in overrides.items()}


@dataclass
class PreparedLoad:
    """What `PortfolioLoader.prepare` read: plain data, handed from a worker thread."""

    cases: list[CaseRow]
    snapshot: Snapshot
    regime_names: dict[str, str]
    regime_full_names: dict[str, str]
    events: dict[int, list[EventFact]]  # every case's (small portfolio), else the head's
    summaries: list[CaseSummary] | None  # None: worked out lazily (a large portfolio)
    #: A large portfolio's first rows (the first screen), worked out with the rest of the
    #: read: on a worker after a reload or a database switch, so the first paint of the
    #: new list does not work them out on the UI thread (25-35 ms).
    head: list[CaseSummary] = field(default_factory=list)


class PortfolioLoader(QObject):
    """Works out the case summaries for a CaseTableModel: on demand, then in the background.

    `start()` reads the case list (quick) and hands it to the model with `fill` as the
    model's callback. `resume()` (called after the first paint) reads every event in
    batches, a few milliseconds per event-loop turn, and fills the rows nobody has looked
    at yet; `finished` says when every row is known. `agenda()` and `refresh()` work
    from what has been read, so after a change only the changed cases are read again.
    """

    progress = Signal(int, int)  # rows known, rows in all
    finished = Signal()

    def __init__(self, model: CaseTableModel, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.source: CaseSource | None = None
        self.today = dt.date.today()
        self._snapshot = Snapshot([], {})
        self._events: dict[int, list[EventFact]] = {}
        self._all_events = False
        self._stream: Iterator[dict[int, list[EventFact]]] | None = None
        self._running = False
        self._generation = 0
        self._fresh: set[int] = set()  # cases read again while a background run streams
        self.regime_names: dict[str, str] = {}
        self.regime_full_names: dict[str, str] = {}
        #: The agenda worked out (with warnings) `_agenda_days` ahead for the load
        #: `_agenda_key` (generation, today): shorter agendas and the reminders filter it,
        #: and a change to a few cases recomputes only their entries.
        self._agenda: list[AgendaItem] | None = None
        self._agenda_days = 0
        self._agenda_key: tuple[int, dt.date] | None = None
        self._agenda_dirty: set[int] | None = None  # changed while a job computes
        #: How far ahead someone else (the reminders) will ask; computed in the same pass.
        self.extra_days = 0

    # -------------------------------------------------------------- start and fill

    @staticmethod
    def prepare(source: CaseSource, today: dt.date) -> PreparedLoad:
        """Everything `start` reads, without touching Qt: safe on a worker thread.

        Reads the case list and loads the regimes; for a small portfolio also every
        event and summary, so `start` only hands rows to the model. Raises InputError for
        an unreadable database and RegimeError for a regime that cannot be loaded.
        """
        cases, overrides = source.cases()
        leases, cat_overrides = read_leases(source) if cases else ({}, {})
        snapshot = Snapshot(list(cases), {}, overrides, leases=leases, cat_overrides=cat_overrides)
        short, full = {}, {}
        for regime_id in sorted({case.regime for case in cases}):
            regime = snapshot.regime(regime_id)  # RegimeError here, not mid-paint
            short[regime_id] = regime.short_name or regime.name
            full[regime_id] = regime.name
        events: dict[int, list[EventFact]] = {}
        summaries: list[CaseSummary] | None = None
        if len(cases) <= SMALL_PORTFOLIO:
            events = source.events_for([case.id for case in cases]) if cases else {}
            whole = Snapshot(
                list(cases), events, overrides, snapshot._regimes, leases, cat_overrides
            )
            summaries = summarise(whole, today)
            return PreparedLoad(list(cases), snapshot, short, full, events, summaries)
        first = list(cases[:HEAD_ROWS])
        events = source.events_for([case.id for case in first])
        head = summarise(
            Snapshot(first, events, overrides, snapshot._regimes, leases, cat_overrides), today
        )
        return PreparedLoad(list(cases), snapshot, short, full, events, None, head)

    def start(
        self, source: CaseSource, today: dt.date, prepared: PreparedLoad | None = None
    ) -> list[CaseRow]:
        """Give the case list to the model (summaries to follow for a large portfolio).

        `prepared` is `prepare(source, today)` done earlier (on a worker thread); without
        it the reads happen now. Raises InputError for an unreadable database and
        RegimeError for a case whose regime cannot be loaded, before the model is touched.
        """
        if prepared is None:
            prepared = self.prepare(source, today)
        cases, short = prepared.cases, prepared.regime_names
        self._generation += 1
        release_later(self._events)  # the old load's events: freed over the next turns
        self.source, self.today, self._snapshot = source, today, prepared.snapshot
        self._events, self._stream, self._running = dict(prepared.events), None, False
        self._all_events = prepared.summaries is not None
        self._fresh = set()
        self.regime_names, self.regime_full_names = short, prepared.regime_full_names
        if prepared.summaries is not None:
            self.model.set_rows(prepared.summaries, short)
        else:
            self.model.set_cases(cases, short, self.fill, prepared.head)
        return cases

    def fill(self, cases: list[CaseLike]) -> list[CaseSummary]:
        """Summaries for `cases` (the model's callback): reads only events not yet read."""
        if self.source is None:
            return []
        if not self._all_events:
            unread = [case.id for case in cases if case.id not in self._events]
            if len(unread) > len(self._snapshot.cases) // 2 and self._stream is None:
                self._read_all_events()
            elif unread:
                self._events.update(self.source.events_for(unread))
        rows = [CaseRow(c.id, c.name, c.reference, c.regime) for c in cases]
        return summarise(self._sub_snapshot(rows), self.today)

    def _sub_snapshot(self, cases: list[CaseRow]) -> Snapshot:
        """A snapshot of some cases sharing the read events and the loaded regimes."""
        whole = self._snapshot
        return Snapshot(
            cases, self._events, whole.overrides, whole._regimes, whole.leases,
            whole.cat_overrides,
        )  # fmt: skip

    def _read_all_events(self) -> None:
        assert self.source is not None
        for batch in self.source.stream_events():
            self._events.update(batch)
        self._all_events = True

    # -------------------------------------------------------------- background

    def is_finished(self) -> bool:
        return self.model.missing_count() == 0

    def resume(self) -> None:
        """Fill the remaining rows between frames; emits `finished` (at once if done)."""
        if self._running:
            return
        if self.is_finished():
            self.finished.emit()
            return
        self._running = True
        generation = self._generation
        QTimer.singleShot(0, self, lambda: self._tick(generation))

    def _tick(self, generation: int) -> None:
        if generation != self._generation or not self._running:
            return  # a newer start() replaced this run
        assert self.source is not None
        stop_at, last = time.perf_counter() + TICK_SECONDS, 0.0
        if self._stream is None and not self._all_events:
            self._stream = self.source.stream_events(batch=STREAM_BATCH)
        while self.model.missing_count():
            now = time.perf_counter()
            if now + last > stop_at:
                break  # the next batch would likely run past the frame: leave it for the next turn
            batch = next(self._stream, None) if self._stream is not None else None
            if batch is None:
                self._stream, self._all_events = None, True
                self.model.add_summaries(self.fill(self.model.missing_cases()))
                break
            for case_id in self._fresh & batch.keys():
                del batch[case_id]  # read again since this run began: keep the newer events
            self._events.update(batch)
            row_for = self.model.row_for_case
            waiting = [
                self.model.case_at(row)
                for row in (row_for(case_id) for case_id in batch)
                if row is not None and not self.model.has_summary(row)
            ]
            if waiting:
                self.model.add_summaries(self.fill(waiting))
            last = time.perf_counter() - now
        total = self.model.rowCount()
        self.progress.emit(total - self.model.missing_count(), total)
        if self.model.missing_count():
            QTimer.singleShot(0, self, lambda: self._tick(generation))
            return
        self._running, self._stream = False, None
        self.finished.emit()

    def finish_now(self) -> None:
        """Fill every remaining row at once (a sort or filter that needs them all)."""
        if self.model.missing_count():
            self.model.ensure_all()
        if self._running:
            self._running, self._stream = False, None
            self.finished.emit()

    # -------------------------------------------------------------- after loading

    def due_within(self, days: int) -> Snapshot:
        """A snapshot of only the cases with an open deadline in the next `days` days
        (sharing the events read and the regimes loaded): what an agenda needs."""
        self.finish_now()
        due = due_cases(self.model.summaries(), self.today + dt.timedelta(days=days))
        if not self._all_events:
            unread = [case.id for case in due if case.id not in self._events]
            if unread and self.source is not None:
                self._events.update(self.source.events_for(unread))
        return self._sub_snapshot(due)

    def agenda(self, days: int) -> list[AgendaItem]:
        """Open deadlines across all cases in the next `days` days (portfolio.agenda_items),
        worked out again with warnings only for the cases that have something due.
        Served from the cached agenda when it reaches far enough."""
        cached = self.agenda_cached(days)
        if cached is not None:
            return cached
        ahead = max(days, self.extra_days)
        items = agenda_items(self.due_within(ahead), self.today, ahead)
        self._store_agenda(items, ahead, self._current_key())
        return self._agenda_within(days, items)

    def _current_key(self) -> tuple[int, dt.date]:
        return (self._generation, self.today)

    def _agenda_within(self, days: int, items: list[AgendaItem]) -> list[AgendaItem]:
        last = self.today + dt.timedelta(days=days)
        return [item for item in items if item.deadline.date <= last]  # type: ignore[operator]

    def agenda_cached(self, days: int) -> list[AgendaItem] | None:
        """The agenda `days` ahead if the cached one covers it (no engine work), or None."""
        if (
            self._agenda is None
            or self._agenda_key != self._current_key()
            or days > self._agenda_days
            or not self.is_finished()
        ):
            return None
        return self._agenda_within(days, self._agenda)

    def agenda_job(self, days: int):  # type: ignore[no-untyped-def]
        """Work for a worker thread: `(work, finish)`. `work()` is pure (it has its own
        copy of the cases, events and regimes due); `finish(items)`, on the UI thread,
        stores the result (patching cases changed meanwhile) and returns the agenda `days`
        ahead, or None if another load has replaced the one it was worked out for."""
        ahead = max(days, self.extra_days)
        self.finish_now()
        # Only references are taken here; choosing the cases due and copying what they
        # need happens in `work` (over 5,000 summaries that took 30-60 ms of the UI
        # thread). The dicts are only ever updated with new lists on the UI thread, never
        # mutated in place, so reading them from the worker sees one version or the other;
        # a case changed meanwhile is patched in by `finish` (see _agenda_dirty).
        summaries, whole = self.model.summaries(), self._snapshot
        events, source = self._events, (None if self._all_events else self.source)
        regimes, leases, cat_overrides = dict(whole._regimes), whole.leases, whole.cat_overrides
        today, key = self.today, self._current_key()
        self._agenda_dirty = set()

        def work() -> list[AgendaItem]:
            due = due_cases(summaries, today + dt.timedelta(days=ahead))
            due_events = {case.id: events.get(case.id) for case in due}
            unread = [case_id for case_id, found in due_events.items() if found is None]
            if unread and source is not None:
                due_events.update(source.events_for(unread))
            snapshot = Snapshot(
                due,
                {case_id: found or [] for case_id, found in due_events.items()},
                whole.overrides,
                regimes,
                {c.id: found for c in due if (found := leases.get(c.id)) is not None},
                {c.id: found for c in due if (found := cat_overrides.get(c.id)) is not None},
            )
            return agenda_items(snapshot, today, ahead)

        def finish(items: list[AgendaItem]) -> list[AgendaItem] | None:
            if key != self._current_key():
                return None
            dirty, self._agenda_dirty = self._agenda_dirty or set(), None
            self._store_agenda(items, ahead, key)
            if dirty:
                self._update_agenda_for(frozenset(dirty))
            assert self._agenda is not None
            return self._agenda_within(days, self._agenda)

        return work, finish

    def _store_agenda(self, items: list[AgendaItem], days: int, key: tuple[int, dt.date]) -> None:
        self._agenda, self._agenda_days, self._agenda_key = items, days, key

    def _update_agenda_for(self, case_ids: frozenset[int]) -> None:
        """Work out again only these cases' agenda entries (after a change to them)."""
        if self._agenda_dirty is not None:
            self._agenda_dirty |= case_ids
        if self._agenda is None or self._agenda_key != self._current_key():
            return
        days = self._agenda_days
        last = self.today + dt.timedelta(days=days)
        found = (self.model.row_for_case(case_id) for case_id in case_ids)
        rows = [self.model.summary_at(row) for row in found if row is not None]
        due = [
            CaseRow(s.id, s.name, s.reference, s.regime)
            for s in rows
            if any(d.is_open and d.date is not None and d.date <= last for d in s.deadlines)
        ]
        kept = [item for item in self._agenda if item.case_id not in case_ids]
        fresh = agenda_items(self._sub_snapshot(due), self.today, days) if due else []
        merged = kept + fresh
        merged.sort(key=lambda item: (item.deadline.date, item.case_name, item.deadline.key))
        self._agenda = merged

    def refresh(self, case_ids: frozenset[int]) -> bool:
        """Read these cases again and update their rows; False if a full reload is needed
        (too many cases, or regime settings changed)."""
        source = self.source
        if source is None or not case_ids or len(case_ids) > TARGETED_LIMIT:
            return False
        cases, overrides = source.cases(case_ids)
        if overrides != self._snapshot.overrides:
            return False
        for regime_id in {case.regime for case in cases} - set(self.regime_names):
            regime = self._snapshot.regime(regime_id)
            self.regime_names[regime_id] = regime.short_name or regime.name
            self.regime_full_names[regime_id] = regime.name
        self.model.add_regime_names(self.regime_names)
        self._events.update(source.events_for(case_ids))
        leases, cat_overrides = read_leases(source, case_ids)
        for case_id in case_ids:  # a lease or override removed is gone from the snapshot too
            self._snapshot.leases.pop(case_id, None)
            self._snapshot.cat_overrides.pop(case_id, None)
        self._snapshot.leases.update(leases)
        self._snapshot.cat_overrides.update(cat_overrides)
        if self._stream is not None:
            self._fresh |= case_ids
        summaries = summarise(self._sub_snapshot(cases), self.today)
        present = {case.id for case in cases}
        self.model.update_cases(summaries, removed=case_ids - present)
        known = {case.id for case in self._snapshot.cases} - case_ids
        self._snapshot.cases = [c for c in self._snapshot.cases if c.id in known] + cases
        self._update_agenda_for(case_ids)
        return True
