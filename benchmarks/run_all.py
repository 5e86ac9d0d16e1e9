"""Build the benchmark databases, run every benchmark, write benchmarks/out/results.md.

    .venv/bin/python benchmarks/run_all.py [--quick] [--keep-db]   (or: make bench)

Each figure sits beside a baseline measured in the same run (see README.md); the table
is printed and written to benchmarks/out/results.md. A few minutes on two cores.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
from collections.abc import Callable
from pathlib import Path

import bench_agenda
import bench_bidpack
import bench_dashboard
import bench_deadlines
import bench_responsiveness
import bench_startup
from benchlib import OUT_DIR, Result, fmt_seconds, header, machine_line
from portfolio import build_demo, build_portfolio


def build_databases(out: Path, keep: bool) -> tuple[Path, Path]:
    """The 5,000 × 20 portfolio and the four-case demo, rebuilt unless `keep`."""
    out.mkdir(parents=True, exist_ok=True)
    portfolio, demo = out / "portfolio.sqlite", out / "demo.sqlite"
    if not (keep and portfolio.exists()):
        started = time.perf_counter()
        build_portfolio(portfolio, cases=5000, events_per_case=20, seed=1, replace=True)
        print(f"built {portfolio} in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    if not (keep and demo.exists()):
        build_demo(demo, replace=True)
    return portfolio, demo


def main(argv: list[str] | None = None) -> int:
    """Run everything; exit 1 if a budgeted measure failed (the table is still written)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="3 rounds instead of 5 (7)")
    parser.add_argument("--keep-db", action="store_true", help="reuse existing databases")
    args = parser.parse_args(argv)
    rounds = 3 if args.quick else 5
    started = time.perf_counter()
    portfolio, demo = build_databases(OUT_DIR, args.keep_db)

    results: list[Result] = []
    sections: list[str] = []
    errors: list[str] = []

    def attempt(label: str, bench: Callable[[], None]) -> None:
        print(f"{label} …", file=sys.stderr)
        try:
            bench()
        except Exception as exc:  # report and carry on: the other rows still count
            errors.append(f"- {label}: FAILED TO RUN: {exc}")

    def deadlines() -> None:
        results.extend(bench_deadlines.run(str(portfolio), rounds))

    def agenda() -> None:
        results.extend(bench_agenda.run(str(portfolio), str(demo), rounds))

    def startup() -> None:
        rows, details = bench_startup.run(str(demo), str(portfolio), rounds + 2)
        results.extend(rows)
        sections.append("### Start-up phases, and the slowest imports (demo)\n\n" + details)

    def dashboard() -> None:
        results.extend(bench_dashboard.run(str(portfolio), rounds))

    def responsiveness() -> None:
        rows, detail = bench_responsiveness.run(str(portfolio), str(demo), 2 if args.quick else 3)
        results.extend(rows)
        sections.append("### UI-thread stalls, per operation (5 ms timer probe)\n\n" + detail)

    attempt("deadline engine", deadlines)
    attempt("agenda command", agenda)
    attempt("start-up", startup)
    attempt("dashboard", dashboard)
    attempt("responsiveness", responsiveness)
    attempt("bid pack", lambda: results.extend(bench_bidpack.run(rounds=rounds)))

    notes = [f"- {r.measure}: {note}" for r in results for note in r.notes]
    stamp = dt.datetime.now().isoformat(timespec="seconds")
    report = "\n".join(
        [
            f"## cattool benchmarks, {stamp}",
            "",
            machine_line() + f"; total run {fmt_seconds(time.perf_counter() - started)}.",
            "Figures are medians (best) of interleaved rounds; ratio = median / baseline median.",
            "",
            header(),
            *(r.row() for r in results),
            "",
            *notes,
            *errors,
            "",
            *sections,
            "",
        ]
    )
    print(report)
    (OUT_DIR / "results.md").write_text(report, encoding="utf-8")
    print(f"written to {OUT_DIR / 'results.md'}", file=sys.stderr)
    return 1 if errors or any(r.verdict.startswith("FAIL") for r in results) else 0


if __name__ == "__main__":
    raise SystemExit(main())
