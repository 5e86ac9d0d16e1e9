"""Team mode under load: 20 clients on one PostgreSQL server, mixed reads and edits.

Each client is its own process with its own Store (own connection), like a colleague's
laptop. For `--seconds` (60) each picks at random: a case's detail (queries.case_detail),
its deadlines (queries.case_deadlines), an edit of its own counter record or of one
counter every client shares (editing.update_fields with expected_version; on
ConflictError it waits a moment, up to `--think-ms`, reads again and retries), and, as
the same-run baselines, a bare `SELECT 1` round trip and an unguarded UPDATE + commit of
a scratch row (no version check, no audit). A pause (`--think-ms`, 200 ms on average,
uniform 0..2×) between operations stands in for a person (still ~4 operations a second
each, far busier than people); `--think-ms 0` is the stress run.

At the end the counters prove there was no lost update: each counter (kept in the case's
notes) equals the number of successful saves the clients counted for it, and its version
is one more than that. Reported: p50/p95 save latency (target p95 < 50 ms) beside the
baselines, conflicts and retries, reads.

    .venv/bin/python benchmarks/bench_team_load.py [--seconds 60] [--clients 20]
        [--think-ms 50] [--url postgresql+psycopg://user@127.0.0.1:5432/postgres] [--json F]

Without --url (and without CATTOOL_TEST_POSTGRES_URL) it runs itself under
tools/with_postgres.sh, which starts a throwaway loopback server. It creates a fresh
database on the server, and drops it afterwards.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import multiprocessing as mp
import os
import random
import resource
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from benchlib import ROOT, fmt_seconds

TODAY = dt.date(2026, 11, 23)
OPERATIONS = {  # operation: weight
    "detail": 35,
    "deadlines": 20,
    "edit_own": 15,
    "edit_shared": 15,
    "select_1": 8,
    "bare_update": 7,
}


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    index = min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))
    return ordered[index]


def _summary(values: list[float]) -> str:
    if not values:
        return "(none)"
    return (
        f"p50 {fmt_seconds(_percentile(values, 0.5))}, p95 {fmt_seconds(_percentile(values, 0.95))}"
        f" (n={len(values):,})"
    )


# ---------------------------------------------------------------------------- set-up


def make_database(server_url: str) -> str:
    """A fresh database on the server (its URL): migrated, no cases yet."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    name = f"cattool_bench_{os.getpid()}"
    admin = create_engine(server_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return make_url(server_url).set(database=name).render_as_string(hide_password=False)


def drop_database(server_url: str, url: str) -> None:
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    admin = create_engine(server_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{make_url(url).database}" (FORCE)'))
    admin.dispose()


def populate(url: str, clients: int, cases: int) -> dict[str, Any]:
    """Cases to read (with events, so deadlines are worked out), a counter per client, one
    shared counter and a scratch row per client for the unguarded baseline."""
    from cattool.core import services
    from cattool.core.store import open_store

    store = open_store(url)
    ids: dict[str, Any] = {"read": [], "own": [], "scratch": []}
    with store.transaction() as session:
        for n in range(cases):
            case = services.create_case(session, f"Case {n}", "england-2011").created_id
            start = dt.date(2026, 1, 5) + dt.timedelta(days=7 * n)
            services.add_event(session, case, "nomination-submitted", start, today=TODAY)
            services.add_event(session, case, "listed", start + dt.timedelta(days=40), today=TODAY)
            services.add_event(
                session, case, "owner-notice-received", start + dt.timedelta(days=120),
                today=TODAY,
            )  # fmt: skip
            ids["read"].append(case)
        for n in range(clients):
            ids["own"].append(
                services.create_case(session, f"Counter {n}", "england-2011", notes="0").created_id
            )
            ids["scratch"].append(
                services.create_case(session, f"Scratch {n}", "england-2011").created_id
            )
        ids["shared"] = services.create_case(
            session, "Shared counter", "england-2011", notes="0"
        ).created_id
    store.close()
    return ids


# ---------------------------------------------------------------------------- a client


def client(
    index: int,
    url: str,
    ids: dict[str, Any],
    seconds: float,
    think: float,
    start: Any,
    results: Any,
) -> None:
    """One colleague: mixed reads and edits until the time is up; reports its timings."""
    from sqlalchemy import text, update

    from cattool.core import editing, queries
    from cattool.core.conflicts import ConflictError
    from cattool.core.model import Case
    from cattool.core.store import Store

    os.environ["CATTOOL_USER"] = f"client-{index}"
    store = Store(url)
    rng = random.Random(index)
    timings: dict[str, list[float]] = {name: [] for name in OPERATIONS}
    timings["conflicted_save"] = []
    saves: dict[int, int] = {}
    conflicts = 0
    retries_max = 0
    own, scratch, shared = ids["own"][index], ids["scratch"][index], ids["shared"]
    names, weights = list(OPERATIONS), list(OPERATIONS.values())
    with store.session() as session:  # connect and load the rules before the clock starts
        queries.case_detail(session, ids["read"][0], TODAY)
        queries.case_deadlines(session, session.get(Case, ids["read"][0]), TODAY)

    def increment(case_id: int, bucket: str) -> None:
        nonlocal conflicts, retries_max
        for attempt in range(1000):
            with store.session() as session:
                case = session.get(Case, case_id)
                version, count = case.version, int(case.notes)
            began = time.perf_counter()
            try:
                with store.transaction() as session:
                    editing.update_fields(
                        session, "case", case_id, {"notes": str(count + 1)}, today=TODAY,
                        expected_version=version,
                    )  # fmt: skip
            except ConflictError:
                timings["conflicted_save"].append(time.perf_counter() - began)
                conflicts += 1
                if think:  # as a person would: look at it again a moment later
                    time.sleep(rng.uniform(0, think))
                continue
            timings[bucket].append(time.perf_counter() - began)
            saves[case_id] = saves.get(case_id, 0) + 1
            retries_max = max(retries_max, attempt)
            return
        raise RuntimeError("1000 conflicts in a row")

    start.wait()
    deadline = time.perf_counter() + seconds
    while time.perf_counter() < deadline:
        operation = rng.choices(names, weights)[0]
        began = time.perf_counter()
        if operation == "detail":
            with store.session() as session:
                queries.case_detail(session, rng.choice(ids["read"]), TODAY)
        elif operation == "deadlines":
            with store.session() as session:
                case = session.get(Case, rng.choice(ids["read"]))
                queries.case_deadlines(session, case, TODAY)
        elif operation == "edit_own":
            increment(own, operation)
        elif operation == "edit_shared":
            increment(shared, operation)
        elif operation == "select_1":
            with store.engine.connect() as connection:
                connection.execute(text("SELECT 1"))
        else:
            with store.engine.begin() as connection:
                connection.execute(update(Case).where(Case.id == scratch).values(notes=str(began)))
        if operation not in ("edit_own", "edit_shared"):
            timings[operation].append(time.perf_counter() - began)
        if think:
            time.sleep(rng.uniform(0, 2 * think))
    store.close()
    results.put(
        {
            "index": index,
            "timings": timings,
            "saves": saves,
            "conflicts": conflicts,
            "retries_max": retries_max,
        }
    )


# ---------------------------------------------------------------------------- checking


def check_counters(url: str, ids: dict[str, Any], saves: dict[int, int]) -> list[str]:
    """Every counter equals the saves counted for it, its version one more: else the
    lost (or phantom) updates, in words."""
    from cattool.core.model import Case
    from cattool.core.store import Store

    store = Store(url)
    problems = []
    with store.session() as session:
        for case_id in [*ids["own"], ids["shared"]]:
            case = session.get(Case, case_id)
            expected = saves.get(case_id, 0)
            if int(case.notes) != expected or case.version != expected + 1:
                problems.append(
                    f"case {case_id}: counter {case.notes}, version {case.version}, "
                    f"but {expected} successful saves"
                )
    store.close()
    return problems


def run(server_url: str, args: argparse.Namespace) -> int:
    url = make_database(server_url)
    try:
        ids = populate(url, args.clients, args.cases)
        context = mp.get_context("spawn")
        start = context.Barrier(args.clients + 1)
        results = context.Queue()
        processes = [
            context.Process(
                target=client,
                args=(n, url, ids, args.seconds, args.think_ms / 1000, start, results),
            )
            for n in range(args.clients)
        ]
        for process in processes:
            process.start()
        start.wait()
        began = time.perf_counter()
        reports = [results.get(timeout=args.seconds + 120) for _ in processes]
        wall = time.perf_counter() - began
        for process in processes:
            process.join(timeout=30)
        used = resource.getrusage(resource.RUSAGE_CHILDREN)
        args.client_cpu = used.ru_utime + used.ru_stime  # start-up included
        return report(url, ids, reports, wall, args)
    finally:
        if not args.keep:
            drop_database(server_url, url)


def report(
    url: str, ids: dict[str, Any], reports: list[dict], wall: float, args: argparse.Namespace
) -> int:
    timings: dict[str, list[float]] = {}
    saves: dict[int, int] = {}
    for part in reports:
        for name, values in part["timings"].items():
            timings.setdefault(name, []).extend(values)
        for case_id, count in part["saves"].items():
            saves[case_id] = saves.get(case_id, 0) + count
    problems = check_counters(url, ids, saves)
    conflicts = sum(p["conflicts"] for p in reports)
    saved = timings["edit_own"] + timings["edit_shared"]
    p95 = _percentile(saved, 0.95)
    verdict = "PASS" if p95 < 0.05 else "FAIL"
    operations = sum(len(v) for k, v in timings.items() if k != "conflicted_save")
    lines = [
        f"{args.clients} clients (processes), {wall:.1f} s, think time {args.think_ms:g} ms "
        f"(uniform 0–{2 * args.think_ms:g} ms); {operations:,} operations "
        f"({operations / wall:,.0f}/s), {len(saved):,} saves, {conflicts:,} conflicts "
        f"(each re-read and retried; most retries of one save: "
        f"{max(p['retries_max'] for p in reports)}); the clients used {args.client_cpu:.0f} "
        f"CPU-seconds (start-up included) on {os.cpu_count()} CPUs, load average "
        f"{os.getloadavg()[0]:.1f} at the end",
        "",
        "| measure | figure | baseline in the same run | budget | verdict |",
        "|---|---|---|---|---|",
        f"| save: update_fields with expected_version + audit + commit (all) | "
        f"{_summary(saved)} | `SELECT 1` round trip: {_summary(timings['select_1'])}; "
        f"unguarded UPDATE + commit: {_summary(timings['bare_update'])} | p95 < 50 ms | "
        f"{verdict} ({fmt_seconds(p95)}) |",
        f"| save of a client's own record (no contention) | {_summary(timings['edit_own'])} "
        "| (as above) | (info) | - |",
        f"| save of the record all clients share | {_summary(timings['edit_shared'])} "
        "| (as above) | (info) | - |",
        f"| a save refused as a conflict (nothing written) | "
        f"{_summary(timings['conflicted_save'])} | (as above) | (info) | - |",
        f"| read: queries.case_detail | {_summary(timings['detail'])} | (as above) | (info) | - |",
        f"| read: queries.case_deadlines | {_summary(timings['deadlines'])} | (as above) "
        "| (info) | - |",
        f"| lost updates (counters vs successful saves, {len(ids['own']) + 1} counters) | "
        f"{len(problems)} | - | 0 | {'PASS' if not problems else 'FAIL'} |",
    ]
    print("\n".join(lines))
    for problem in problems:
        print("LOST UPDATE:", problem)
    if args.json:
        Path(args.json).write_text(
            json.dumps(
                {
                    "clients": args.clients,
                    "seconds": wall,
                    "think_ms": args.think_ms,
                    "saves": len(saved),
                    "conflicts": conflicts,
                    "save_p50_ms": _percentile(saved, 0.5) * 1000,
                    "save_p95_ms": p95 * 1000,
                    "select_1_p50_ms": _percentile(timings["select_1"], 0.5) * 1000,
                    "bare_update_p50_ms": _percentile(timings["bare_update"], 0.5) * 1000,
                    "lost_updates": problems,
                },
                indent=2,
            )
        )
    return 0 if not problems and verdict == "PASS" else 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--cases", type=int, default=20, help="cases to read")
    parser.add_argument("--think-ms", type=float, default=200.0)
    parser.add_argument("--url", help="a PostgreSQL server URL (any database on it)")
    parser.add_argument("--json", help="also write the figures to this file")
    parser.add_argument("--keep", action="store_true", help="keep the benchmark database")
    args = parser.parse_args(argv)
    server_url = args.url or os.environ.get("CATTOOL_TEST_POSTGRES_URL", "")
    if not server_url:
        script = ROOT / "tools" / "with_postgres.sh"
        command = [str(script), sys.executable, str(Path(__file__).resolve()), *sys.argv[1:]]
        os.execv(str(script), command)
    if not server_url.startswith("postgresql"):
        parser.error(f"--url must be a PostgreSQL URL, not {server_url!r}")
    return run(server_url, args)


if __name__ == "__main__":
    raise SystemExit(main())
