"""Deadlines for a whole portfolio, in process: the engine alone, then the full query.

All events are loaded once (the same SELECT as `queries._all_events`), the bank-holiday
cache and regimes are warmed, and one unmeasured pass runs. Then, round by round:

- baseline: a trivial pure-Python loop over the same facts (sum of date ordinals),
- subject: `compute_deadlines(facts, regime, today, warnings=True)` for every case,
- also reported: the same with `warnings=False` (the case list at start-up), and
  `queries.portfolio(session, today, warnings=True)` end to end (SELECTs and stages
  included), which is what `cattool agenda` spends its time in.

    python benchmarks/bench_deadlines.py --db benchmarks/out/portfolio.sqlite [--profile]
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import io
import pstats
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from benchlib import Result, fmt_seconds, interleave, verdict_under
from cattool.core import queries
from cattool.core.model import Case, Event
from cattool.core.rules.calendar import bank_holiday_name
from cattool.core.rules.engine import EventFact, compute_deadlines
from cattool.core.rules.regime import Regime, load_regime
from cattool.core.store import open_store

TODAY = dt.date(2026, 11, 23)
BUDGET_SECONDS = 1.0

Work = list[tuple[list[EventFact], Regime]]


def all_events(session: Session) -> dict[int, list[EventFact]]:
    """`queries._all_events` (what portfolio and agenda use), or the same SELECT."""
    loader = getattr(queries, "_all_events", None)
    if loader is not None:
        return loader(session)
    by_case: dict[int, list[EventFact]] = defaultdict(list)
    rows = session.execute(
        select(Event.case_id, Event.kind, Event.date, Event.id).order_by(Event.date, Event.id)
    )
    for case_id, kind, date, id_ in rows:
        by_case[case_id].append(EventFact(kind, date, id_))
    return by_case


def load_work(db: str) -> tuple[Work, float]:
    """Every unarchived case's facts and regime, and the seconds the load took."""
    store = open_store(db)
    try:
        with store.session() as session:
            started = time.perf_counter()
            cases = session.execute(
                select(Case.id, Case.regime).where(Case.archived.is_(False)).order_by(Case.id)
            ).all()
            events = all_events(session)
            overrides = queries.regime_overrides(session)
            load_seconds = time.perf_counter() - started
    finally:
        store.close()
    regimes = {rid: load_regime(rid, overrides.get(rid)) for rid in {r for _, r in cases}}
    return [(events.get(case_id, []), regimes[rid]) for case_id, rid in cases], load_seconds


def warm_caches(work: Work) -> None:
    """Bank holidays for every year a deadline can fall in, then one unmeasured pass."""
    years = {fact.date.year for facts, _ in work for fact in facts}
    for year in range(min(years, default=TODAY.year) - 1, max(years, default=TODAY.year) + 8):
        bank_holiday_name(dt.date(year, 1, 1))
    engine_pass(work, True)


def engine_pass(work: Work, warnings: bool) -> int:
    """compute_deadlines for every case; returns the number of deadlines (kept alive)."""
    total = 0
    for facts, regime in work:
        total += len(compute_deadlines(facts, regime, TODAY, warnings=warnings))
    return total


def baseline_pass(work: Work) -> int:
    """The trivial loop: touch every fact once, the floor any per-case work sits on."""
    total = 0
    for facts, _regime in work:
        total += sum(fact.date.toordinal() for fact in facts)
    return total


def portfolio_pass(db: str) -> Callable[[], None]:
    store = open_store(db)

    def run() -> None:
        with store.session() as session:
            queries.portfolio(session, TODAY, warnings=True)

    return run


def run(db: str, rounds: int = 5) -> list[Result]:
    """Measure and return the table rows (the first is the budgeted one)."""
    work, load_seconds = load_work(db)
    warm_caches(work)
    events = sum(len(facts) for facts, _ in work)
    full_run = portfolio_pass(db)
    full_run()  # warm the connection pool and SQLAlchemy's statement cache
    samples = interleave(
        {
            "baseline": lambda: baseline_pass(work),
            "warnings": lambda: engine_pass(work, True),
            "no-warnings": lambda: engine_pass(work, False),
            "portfolio": full_run,
        },
        rounds,
    )
    base = samples["baseline"]
    base.name = "sum of date ordinals"
    subject = samples["warnings"]
    size = f"{len(work):,} cases × {events / max(len(work), 1):.0f} events"
    main = Result(
        f"compute_deadlines, warnings=True ({size})",
        subject,
        base,
        f"< {BUDGET_SECONDS:g} s",
        verdict_under(subject.median, BUDGET_SECONDS),
        [f"event load (one SELECT, {events:,} rows): {fmt_seconds(load_seconds)}"],
    )
    quiet = Result(
        f"compute_deadlines, warnings=False ({size})", samples["no-warnings"], base, "(info)", "-"
    )
    full = Result(
        "queries.portfolio(warnings=True), SELECTs and stages included",
        samples["portfolio"],
        base,
        "(info)",
        "-",
    )
    return [main, quiet, full]


def profile(db: str, limit: int = 25) -> str:
    """cProfile of one engine pass with warnings, sorted by own time."""
    work, _ = load_work(db)
    warm_caches(work)
    profiler = cProfile.Profile()
    profiler.enable()
    engine_pass(work, True)
    profiler.disable()
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(limit)
    return out.getvalue()


def main(argv: list[str] | None = None) -> int:
    """CLI: print the rows; with --profile, a cProfile of one pass instead."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", default=str(Path(__file__).parent / "out" / "portfolio.sqlite"))
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args(argv)
    if not Path(args.db).exists():
        print(f"{args.db} not found: run benchmarks/portfolio.py --out {args.db}", file=sys.stderr)
        return 2
    if args.profile:
        print(profile(args.db))
        return 0
    for result in run(args.db, args.rounds):
        print(result.row())
        for note in result.notes:
            print(f"  {note}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
