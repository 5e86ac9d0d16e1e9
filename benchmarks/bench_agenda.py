"""`cattool agenda --json` as a whole process, beside interpreter start-up baselines.

Each round runs, in this order and as separate processes: `python -c pass`,
`python -c "import sqlalchemy"`, then `cattool --db PATH --today 2026-11-23 agenda
--days 60 --json` on the portfolio and on the demo database. Wall time from spawn to
exit; output is discarded after one checked run (valid JSON list).

    python benchmarks/bench_agenda.py --db benchmarks/out/portfolio.sqlite \
        [--demo benchmarks/out/demo.sqlite] [--profile]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from benchlib import OUT_DIR, VENV_BIN, Result, interleave, venv_python, verdict_under

BUDGET_SECONDS = 2.0
TODAY = "2026-11-23"


def cattool_command() -> list[str]:
    """The installed entry point if there is one, else `python -m cattool`."""
    script = VENV_BIN / "cattool"
    return [str(script)] if script.exists() else [venv_python(), "-m", "cattool"]


def agenda_args(db: str) -> list[str]:
    return ["--db", db, "--today", TODAY, "agenda", "--days", "60", "--json"]


def check_agenda(db: str) -> int:
    """Run once, fail loudly on a non-zero exit or non-JSON output; return the item count."""
    done = subprocess.run(
        [*cattool_command(), *agenda_args(db)], capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise RuntimeError(f"cattool agenda exited {done.returncode}: {done.stderr.strip()}")
    items = json.loads(done.stdout)
    if not isinstance(items, list):
        raise RuntimeError("cattool agenda --json did not print a list")
    return len(items)


def _spawn(command: list[str]) -> Callable[[], None]:
    def run() -> None:
        subprocess.run(
            command,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            check=True,
        )

    return run


def run(db: str, demo: str | None = None, rounds: int = 5) -> list[Result]:
    """Measure and return the rows: portfolio (budgeted), then demo if given."""
    python = venv_python()
    counts = {db: check_agenda(db)}
    subjects = {
        "pass": _spawn([python, "-c", "pass"]),
        "sqlalchemy": _spawn([python, "-c", "import sqlalchemy"]),
        "portfolio": _spawn([*cattool_command(), *agenda_args(db)]),
    }
    if demo:
        counts[demo] = check_agenda(demo)
        subjects["demo"] = _spawn([*cattool_command(), *agenda_args(demo)])
    samples = interleave(subjects, rounds)
    samples["pass"].name = "`python -c pass`"
    samples["sqlalchemy"].name = "`python -c 'import sqlalchemy'`"
    portfolio = samples["portfolio"]
    results = [
        Result(
            f"`cattool agenda --days 60 --json`, portfolio ({counts[db]} items)",
            portfolio,
            samples["sqlalchemy"],
            f"< {BUDGET_SECONDS:g} s",
            verdict_under(portfolio.median, BUDGET_SECONDS),
            [f"`python -c pass`: {samples['pass'].describe()}"],
        )
    ]
    if demo:
        results.append(
            Result(
                f"`cattool agenda --days 60 --json`, demo ({counts[demo]} items)",
                samples["demo"],
                samples["sqlalchemy"],
                "(info)",
                "-",
            )
        )
    return results


def profile(db: str, limit: int = 30) -> str:
    """cProfile of one agenda process, by cumulative time."""
    done = subprocess.run(
        [venv_python(), "-m", "cProfile", "-s", "cumtime", "-m", "cattool", *agenda_args(db)],
        capture_output=True,
        text=True,
        check=True,
    )
    lines = done.stdout.splitlines()
    start = next((i for i, line in enumerate(lines) if "function calls" in line), 0)
    return "\n".join(lines[start : start + limit + 8])


def main(argv: list[str] | None = None) -> int:
    """CLI: print the rows, or with --profile a cProfile of one run."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", default=str(OUT_DIR / "portfolio.sqlite"))
    parser.add_argument("--demo", default=None, help="also time the demo database")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args(argv)
    if not Path(args.db).exists():
        print(f"{args.db} not found: run benchmarks/portfolio.py --out {args.db}", file=sys.stderr)
        return 2
    if args.profile:
        print(profile(args.db))
        return 0
    for result in run(args.db, args.demo, args.rounds):
        print(result.row())
        for note in result.notes:
            print(f"  {note}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
