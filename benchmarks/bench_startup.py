"""Start-up to the first window showing cases, beside a bare Qt window, in one run.

Each round spawns (QT_QPA_PLATFORM=offscreen, CATTOOL_BENCH_QUIT_ON_SHOWN=1) the
`startup_driver.py` child for: the bare-window baseline, cattool on the demo database,
cattool on the portfolio. The figure is wall time from just before spawning to the
child's `casesShown` timestamp (the same wall clock), so interpreter start, imports,
opening the database, the first query and the first paint all count.

Then, once: a phase breakdown (three runs each, PHASE marks from the driver), an
experiment timing the window's imports in run_gui's order (PySide6 first) against the
core first (12 rounds interleaved), and `python -X importtime` on the driver with the
demo database, whose slowest imports are listed.

    python benchmarks/bench_startup.py --demo benchmarks/out/demo.sqlite \
        --db benchmarks/out/portfolio.sqlite [--rounds 7]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from benchlib import BENCH_DIR, OUT_DIR, Result, interleave_measured, venv_python

DRIVER = BENCH_DIR / "startup_driver.py"
SHOWN_PREFIXES = ("SHOWN ", "cattool-cases-shown ")  # the baseline's line, run_gui's line
BUDGET_RATIO = 3.0
TODAY = "2026-11-23"
CHILD_TIMEOUT = 120


def child_env(scratch: Path) -> dict[str, str]:
    """Offscreen Qt, quit on shown, and settings/data kept out of the user's folders."""
    env = dict(os.environ)
    env.update(
        QT_QPA_PLATFORM="offscreen",
        CATTOOL_BENCH_QUIT_ON_SHOWN="1",
        CATTOOL_DATA_DIR=str(scratch / "data"),
        XDG_CONFIG_HOME=str(scratch / "config"),
    )
    return env


def driver_args(mode: str, db: str | None) -> list[str]:
    args = [str(DRIVER), mode]
    if db:
        args += ["--db", db, "--today", TODAY]
    return args


def time_to_shown(mode: str, db: str | None, env: dict[str, str]) -> float:
    """Spawn the driver once; seconds from spawn to its SHOWN line."""
    started = time.time()
    done = subprocess.run(
        [venv_python(), *driver_args(mode, db)],
        capture_output=True,
        text=True,
        env=env,
        timeout=CHILD_TIMEOUT,
        check=False,
    )
    shown = [line for line in done.stdout.splitlines() if line.startswith(SHOWN_PREFIXES)]
    if done.returncode != 0 or not shown:
        raise RuntimeError(
            f"startup driver {mode} exited {done.returncode} without showing cases:\n"
            f"{done.stderr.strip()[-2000:]}"
        )
    return float(shown[0].split()[1]) - started


def phase_offsets(mode: str, db: str, env: dict[str, str]) -> dict[str, float]:
    """One run with CATTOOL_BENCH_PHASES=1: seconds from spawn to each phase."""
    started = time.time()
    done = subprocess.run(
        [venv_python(), *driver_args(mode, db)],
        capture_output=True,
        text=True,
        env={**env, "CATTOOL_BENCH_PHASES": "1"},
        timeout=CHILD_TIMEOUT,
        check=False,
    )
    offsets: dict[str, float] = {}
    for line in done.stdout.splitlines():
        if line.startswith("PHASE "):
            name, stamp = line.removeprefix("PHASE ").rsplit(" ", 1)
            offsets[name] = float(stamp) - started
        elif line.startswith(SHOWN_PREFIXES):
            offsets["casesShown"] = float(line.split()[1]) - started
    return offsets


def phase_table(runs: dict[str, list[dict[str, float]]]) -> str:
    """Markdown: median ms from spawn to each phase, one column per database."""
    names = list(dict.fromkeys(name for found in runs.values() for o in found for name in o))
    lines = [
        "| phase (ms from spawn, median) | " + " | ".join(runs) + " |",
        "|---" * (len(runs) + 1) + "|",
    ]
    for name in names:
        cells = []
        for found in runs.values():
            values = [o[name] for o in found if name in o]
            cells.append(f"{statistics.median(values) * 1000:.0f}" if values else "")
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


# What the window needs before its first paint, imported in run_gui's order (Qt first)
# and the other way round. PySide6's import hook inspects the source of every module
# imported after it, so the order alone changes the cost.
_QT = "import PySide6.QtWidgets"
_CORE = "import cattool.core.store, cattool.core.queries"
_WINDOW = "import cattool.ui.main_window"


@dataclass(slots=True)
class ImportTime:
    module: str
    self_us: int
    cumulative_us: int


def import_times(db: str, env: dict[str, str]) -> list[ImportTime]:
    """`python -X importtime` on the cattool driver, parsed (all modules)."""
    done = subprocess.run(
        [venv_python(), "-X", "importtime", *driver_args("cattool", db)],
        capture_output=True,
        text=True,
        env=env,
        timeout=CHILD_TIMEOUT,
        check=False,
    )
    found = []
    for line in done.stderr.splitlines():
        if not line.startswith("import time:") or "cumulative" in line:
            continue
        own, cumulative, name = line.removeprefix("import time:").split("|", 2)
        found.append(ImportTime(name.strip(), int(own), int(cumulative)))
    return found


def import_table(found: list[ImportTime], top: int = 10) -> str:
    """Markdown: the `top` imports by cumulative time, then by self time."""
    lines = ["| module | cumulative | self |", "|---|---|---|"]
    for item in sorted(found, key=lambda i: i.cumulative_us, reverse=True)[:top]:
        lines.append(
            f"| `{item.module}` | {item.cumulative_us / 1000:.1f} ms "
            f"| {item.self_us / 1000:.1f} ms |"
        )
    lines += ["", "| module (by self time) | self | cumulative |", "|---|---|---|"]
    for item in sorted(found, key=lambda i: i.self_us, reverse=True)[:top]:
        lines.append(
            f"| `{item.module}` | {item.self_us / 1000:.1f} ms "
            f"| {item.cumulative_us / 1000:.1f} ms |"
        )
    return "\n".join(lines)


def run(demo: str, db: str | None = None, rounds: int = 7) -> tuple[list[Result], str]:
    """Measure; return the rows (demo first, budgeted) and Markdown: phases, imports."""
    with tempfile.TemporaryDirectory(prefix="cattool-bench-") as scratch:
        env = child_env(Path(scratch))
        time_to_shown("baseline", None, env)  # warm the OS page cache for Qt's libraries
        time_to_shown("cattool", demo, env)
        subjects = {
            "baseline": lambda: time_to_shown("baseline", None, env),
            "demo": lambda: time_to_shown("cattool", demo, env),
        }
        if db:
            subjects["portfolio"] = lambda: time_to_shown("cattool", db, env)
        samples = interleave_measured(subjects, rounds)
        phases = {"demo": [phase_offsets("cattool", demo, env) for _ in range(3)]}
        if db:
            phases["portfolio"] = [phase_offsets("cattool", db, env) for _ in range(3)]
        imports = import_table(import_times(demo, env))
    base = samples["baseline"]
    base.name = "bare QMainWindow + 3-row QTableView"
    demo_row = Result(
        "start-up to casesShown, demo database",
        samples["demo"],
        base,
        f"ratio < {BUDGET_RATIO:g}×",
        "",
    )
    ratio = demo_row.ratio
    demo_row.verdict = (
        f"PASS ({ratio:.1f}× < {BUDGET_RATIO:g}×)"
        if ratio < BUDGET_RATIO
        else f"FAIL ({ratio:.1f}×)"
    )
    results = [demo_row]
    if db:
        results.append(
            Result("start-up to casesShown, portfolio", samples["portfolio"], base, "(info)", "-")
        )
    return results, phase_table(phases) + "\n\n" + imports


def main(argv: list[str] | None = None) -> int:
    """CLI: print the rows and the import tables."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--demo", default=str(OUT_DIR / "demo.sqlite"))
    parser.add_argument("--db", default=None, help="also time the portfolio database")
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args(argv)
    for path in (args.demo, args.db):
        if path and not Path(path).exists():
            print(f"{path} not found: run benchmarks/portfolio.py first", file=sys.stderr)
            return 2
    results, imports = run(args.demo, args.db, args.rounds)
    for result in results:
        print(result.row())
    print()
    print(imports)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
