"""Generate benchmark databases: a large, realistic portfolio and a small demo.

`build_portfolio` writes thousands of cases with plausible event histories straight into
the tables with SQLAlchemy Core (one transaction, executemany), after `open_store` has
migrated the schema. It is deterministic for a given seed, uids included.
`build_demo` makes a few cases through the services API, as a volunteer would.

    python benchmarks/portfolio.py --out /tmp/p.sqlite [--cases N --events M --seed S]
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
import time
import uuid
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import insert

from cattool.core import services
from cattool.core.model import Case, Event
from cattool.core.store import Store, open_store

REGIMES = ("england-2011", "england-2026")
DATE_MIN = dt.date(2020, 1, 6)
DATE_MAX = dt.date(2026, 11, 22)  # the day before the benchmarks' "today"
BENCH_TODAY = dt.date(2026, 11, 23)
# Nominations start early enough that most cases get well into their lifecycle.
_LAST_NOMINATION = dt.date(2026, 8, 31)

_PUBS = (
    "The Red Lion", "The Crown", "The Royal Oak", "The Swan", "The White Hart",
    "The Plough", "The Bell", "The King's Head", "The Queen's Head", "The George",
    "The Fox and Hounds", "The Wheatsheaf", "The Black Horse", "The Ship", "The Anchor",
    "Village Hall", "Community Library", "Old Post Office", "Corner Shop", "Playing Field",
    "Allotments", "Chapel", "Working Men's Club", "Cricket Pavilion", "Youth Centre",
)  # fmt: skip
_PLACES = (
    "Kirkdale", "Ashby", "Bramley", "Castleton", "Dunmore", "Eastfield", "Fenwick",
    "Greenhow", "Hartley", "Ilsley", "Kelsall", "Langley", "Marston", "Netherby",
    "Oakham", "Pendle", "Redmire", "Southwick", "Thornton", "Upton", "Westbury", "Yarm",
)  # fmt: skip

EventRow = tuple[str, dt.date]


def _sqlite_file(url_or_path: str) -> Path | None:
    """The file behind a path or sqlite:/// URL, or None for other databases."""
    if "://" not in url_or_path:
        return Path(url_or_path).expanduser().resolve()
    if url_or_path.startswith("sqlite:///") and ":memory:" not in url_or_path:
        return Path(url_or_path.removeprefix("sqlite:///"))
    return None


def _remove_sqlite(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def _days(rng: random.Random, low: int, high: int) -> dt.timedelta:
    return dt.timedelta(days=rng.randint(low, high))


def case_history(rng: random.Random, events_per_case: int) -> list[EventRow]:
    """One case's events in date order: a lifecycle, then padding of the same stage.

    The lifecycle follows the law's order (nomination, listing and notices, maybe a
    review and appeal, the owner's notice, a request to bid, valuation, offers, sale).
    Anything after DATE_MAX has not happened yet and is dropped. The remaining slots
    are filled with events that really do repeat at the stage reached: amended
    nominations, notices of listing to each owner and occupier, requests to bid from
    several groups, further valuations and offers.
    """
    span = (_LAST_NOMINATION - DATE_MIN).days
    nominated = DATE_MIN + _days(rng, 0, span)
    life: list[EventRow] = [("nomination-submitted", nominated)]

    if rng.random() < 0.12:  # rejected, sometimes re-nominated with better evidence
        rejected = nominated + _days(rng, 20, 56)
        life.append(("nomination-rejected", rejected))
        if rng.random() < 0.5:
            nominated = rejected + _days(rng, 60, 365)
            life.append(("nomination-submitted", nominated))
    if life[-1][0] == "nomination-submitted" and rng.random() < 0.95:
        listed = nominated + _days(rng, 14, 56)
        notice = listed + _days(rng, 0, 3)
        life += [("listed", listed), ("listing-notice-given", notice)]
        if rng.random() < 0.3:
            requested = notice + _days(rng, 5, 55 if rng.random() < 0.95 else 70)
            decided = requested + _days(rng, 20, 56 if rng.random() < 0.9 else 80)
            life += [("review-requested", requested), ("review-decision-sent", decided)]
            if rng.random() < 0.25:
                life.append(("appeal-lodged", decided + _days(rng, 3, 27)))
        if rng.random() < 0.04:
            life.append(("delisted", notice + _days(rng, 100, 900)))
        elif rng.random() < 0.6:
            owner = listed + _days(rng, 30, 900)
            life.append(("owner-notice-received", owner))
            if rng.random() < 0.75:
                request = owner + _days(rng, 1, 38 if rng.random() < 0.93 else 60)
                life.append(("bidder-request-received", request))
                valuation = request + _days(rng, 7, 60)
                life += [
                    ("valuation-requested", valuation),
                    ("valuation-received", valuation + _days(rng, 14, 70)),
                ]
                offer = valuation + _days(rng, 20, 90)
                for _ in range(rng.randint(1, 4)):
                    life.append(("offer-made", offer))
                    offer += _days(rng, 7, 40)
                if rng.random() < 0.4:
                    accepted = offer + _days(rng, 1, 30)
                    life.append(("offer-accepted", accepted))
                    if rng.random() < 0.7:
                        exchanged = accepted + _days(rng, 30, 120)
                        life.append(("contracts-exchanged", exchanged))
                        if rng.random() < 0.8:
                            life.append(("completion", exchanged + _days(rng, 14, 60)))

    history = [(kind, date) for kind, date in life if date <= DATE_MAX][:events_per_case]
    padding = _padding(history) if len(history) < events_per_case else []
    while len(history) < events_per_case:
        kind, start, days = rng.choice(padding)
        last = min(start + dt.timedelta(days=days), DATE_MAX)
        history.append((kind, start + _days(rng, 0, max((last - start).days, 0))))
    history.sort(key=lambda row: row[1])
    return history


def _padding(history: list[EventRow]) -> list[tuple[str, dt.date, int]]:
    """(kind, first day, window in days) for events that repeat at the stage reached."""
    latest: dict[str, dt.date] = {kind: date for kind, date in history}
    nominated = latest["nomination-submitted"]
    rejected = latest.get("nomination-rejected")
    if rejected and rejected >= nominated:  # amended evidence before the decision
        first = min(date for kind, date in history if kind == "nomination-submitted")
        return [("nomination-submitted", first, (rejected - first).days)]
    notice = latest.get("listing-notice-given")
    if notice is None:
        return [("nomination-submitted", nominated, 50)]
    # Notices of listing go to each owner, occupier and the nominator.
    options = [("listing-notice-given", notice, 14), ("nomination-submitted", nominated, 10)]
    request = latest.get("bidder-request-received")
    if request is not None:
        options += [
            ("bidder-request-received", request, 20),
            ("valuation-requested", request, 120),
            ("valuation-received", request, 150),
            ("offer-made", request, 150),
            ("offer-made", request, 150),
        ]
    return options


def _case_name(rng: random.Random, number: int) -> str:
    return f"{rng.choice(_PUBS)}, {rng.choice(_PLACES)} #{number}"


def build_portfolio(
    url_or_path: str | Path,
    cases: int = 5000,
    events_per_case: int = 20,
    seed: int = 1,
    *,
    replace: bool = False,
) -> Path | None:
    """Create a migrated database with `cases` cases of `events_per_case` events each.

    Refuses to write into an existing SQLite file unless `replace` is true (then the file
    and its WAL are deleted first). Returns the SQLite file, or None for a server URL.
    """
    target = str(url_or_path)
    path = _sqlite_file(target)
    if path is not None and path.exists():
        if not replace:
            raise FileExistsError(f"{path} exists; pass replace=True (or --out a new file).")
        _remove_sqlite(path)
    rng = random.Random(seed)
    store = open_store(target)
    try:
        now = dt.datetime(2026, 11, 23, 9, 0)
        case_rows: list[dict] = []
        event_rows: list[dict] = []
        for number in range(1, cases + 1):
            history = case_history(rng, events_per_case)
            first = history[0][1] if history else DATE_MIN
            last = history[-1][1] if history else first
            case_rows.append(
                {
                    "id": number,
                    "uid": uuid.UUID(int=rng.getrandbits(128), version=4).hex,
                    "reference": None,
                    "name": _case_name(rng, number),
                    "regime": REGIMES[(number - 1) % 2],
                    "archived": False,
                    "notes": "",
                    "created_at": dt.datetime.combine(first, dt.time(10, 0)),
                    "updated_at": min(dt.datetime.combine(last, dt.time(17, 0)), now),
                    "version": 1,
                }
            )
            for kind, date in history:
                event_rows.append(
                    {
                        "case_id": number,
                        "kind": kind,
                        "date": date,
                        "sent_on": None,
                        "received_on": None,
                        "note": "",
                        "document_path": "",
                        "entered_at": dt.datetime.combine(
                            date, dt.time(9 + rng.randrange(9), rng.randrange(60))
                        ),
                        "entered_by": "bench",
                        "version": 1,
                    }
                )
        with store.engine.begin() as conn:
            if case_rows:
                conn.execute(insert(Case), case_rows)
            if event_rows:
                conn.execute(insert(Event), event_rows)
    finally:
        store.close()
    return path


# (name, regime, [(kind, days before today)]): small and readable, like `cattool demo`.
DEMO_CASES: tuple[tuple[str, str, tuple[tuple[str, int], ...]], ...] = (
    (
        "The Red Lion, Kirkdale",
        "england-2011",
        (
            ("nomination-submitted", 400),
            ("listed", 350),
            ("listing-notice-given", 349),
            ("owner-notice-received", 20),
        ),
    ),
    (
        "Ashby Village Hall",
        "england-2026",
        (("nomination-submitted", 120), ("listed", 80), ("listing-notice-given", 79)),
    ),
    ("Bramley Community Library", "england-2011", (("nomination-submitted", 30),)),
    (
        "The Plough, Upton",
        "england-2011",
        (
            ("nomination-submitted", 900),
            ("listed", 860),
            ("listing-notice-given", 858),
            ("review-requested", 830),
            ("review-decision-sent", 800),
            ("owner-notice-received", 100),
            ("bidder-request-received", 80),
        ),
    ),
)


def build_demo(
    url_or_path: str | Path, today: dt.date = BENCH_TODAY, *, replace: bool = False
) -> Path | None:
    """A demo-sized database (four cases, a few events each) made through services."""
    target = str(url_or_path)
    path = _sqlite_file(target)
    if path is not None and path.exists():
        if not replace:
            raise FileExistsError(f"{path} exists; pass replace=True.")
        _remove_sqlite(path)
    store: Store = open_store(target)
    try:
        for name, regime, events in DEMO_CASES:
            with store.transaction() as session:
                case_id = services.create_case(session, name, regime).created_id
                assert case_id is not None
                for kind, days_ago in events:
                    date = today - dt.timedelta(days=days_ago)
                    services.add_event(session, case_id, kind, date, today=today)
    finally:
        store.close()
    return path


def _timed(label: str, build: Callable[[], object]) -> None:
    started = time.perf_counter()
    build()
    print(f"{label} in {time.perf_counter() - started:.2f} s", file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    """CLI: write a portfolio (or, with --demo, the demo) database, replacing the file."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", required=True, help="SQLite file or database URL")
    parser.add_argument("--cases", type=int, default=5000)
    parser.add_argument("--events", type=int, default=20, help="events per case")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--demo", action="store_true", help="the four-case demo instead")
    args = parser.parse_args(argv)
    if args.demo:
        _timed(f"demo database {args.out}", lambda: build_demo(args.out, replace=True))
    else:
        _timed(
            f"{args.cases} cases x {args.events} events into {args.out}",
            lambda: build_portfolio(args.out, args.cases, args.events, args.seed, replace=True),
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
