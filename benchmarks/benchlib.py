"""Shared helpers: alternate a subject with its baseline, summarise, format a row.

Machines running the benchmarks are noisy, so every figure is measured beside a
baseline in the same run, the two interleaved round by round, and reported as best and
median with their ratio. Nothing here asserts on time.
"""

from __future__ import annotations

import gc
import os
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent
OUT_DIR = BENCH_DIR / "out"
VENV_BIN = ROOT / ".venv" / "bin"


def venv_python() -> str:
    """The project's interpreter (the venv's if present, else the running one)."""
    candidate = VENV_BIN / "python"
    return str(candidate) if candidate.exists() else sys.executable


@dataclass(slots=True)
class Samples:
    """Timings in seconds of one thing, in the order they were taken."""

    name: str
    seconds: list[float] = field(default_factory=list)

    @property
    def best(self) -> float:
        return min(self.seconds)

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)

    def describe(self) -> str:
        return f"median {fmt_seconds(self.median)} (best {fmt_seconds(self.best)})"


@dataclass(slots=True)
class Result:
    """One row of the results table."""

    measure: str
    subject: Samples
    baseline: Samples
    budget: str
    verdict: str
    notes: list[str] = field(default_factory=list)

    @property
    def ratio(self) -> float:
        return self.subject.median / self.baseline.median if self.baseline.median else 0.0

    def row(self) -> str:
        figure = self.subject.describe()
        baseline = f"{self.baseline.name}: {self.baseline.describe()}; ratio {self.ratio:.1f}×"
        return f"| {self.measure} | {figure} | {baseline} | {self.budget} | {self.verdict} |"


def fmt_seconds(value: float) -> str:
    if value < 0.001:
        return f"{value * 1e6:.0f} µs"
    if value < 1:
        return f"{value * 1000:.1f} ms"
    return f"{value:.2f} s"


def interleave(subjects: dict[str, Callable[[], object]], rounds: int) -> dict[str, Samples]:
    """Time each callable's wall time once per round, in order, `rounds` times.

    A full GC runs before each call so one subject's garbage is not billed to the next.
    """

    def timed(call: Callable[[], object]) -> Callable[[], float]:
        def run() -> float:
            started = time.perf_counter()
            call()
            return time.perf_counter() - started

        return run

    return interleave_measured({name: timed(call) for name, call in subjects.items()}, rounds)


def interleave_measured(
    subjects: dict[str, Callable[[], float]], rounds: int
) -> dict[str, Samples]:
    """Like `interleave`, but each callable returns the seconds it measured itself."""
    samples = {name: Samples(name) for name in subjects}
    for _ in range(rounds):
        for name, call in subjects.items():
            gc.collect()
            samples[name].seconds.append(call())
    return samples


def verdict_under(figure: float, limit: float, unit: str = "s") -> str:
    return f"PASS ({figure:.2f} {unit} < {limit:g} {unit})" if figure < limit else "FAIL"


def header() -> str:
    return "| measure | figure | baseline | budget | verdict |\n|---|---|---|---|---|"


def machine_line() -> str:
    """Interpreter and CPU facts worth keeping next to the figures."""
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    return (
        f"Python {sys.version.split()[0]} on {sys.platform}, {os.cpu_count()} CPUs, "
        f"load average {load:.2f} at start"
    )
