"""The dashboard with 5,000 cases: opening, scrolling and filtering, beside bare Qt.

Runs in a child process (offscreen Qt, settings in a scratch folder), measuring in
interleaved rounds:

- **open to painted**: from `CaseSource.open(path)` to the main window's `casesShown`
  (its dashboard painted with rows; the signal fires once that frame is done). Baseline:
  a bare QTableView over a 5,000-row QStandardItemModel, built and painted once.
- **scrolling**: 200 steps of `verticalScrollBar().setValue()` + `viewport().repaint()`
  over the whole list, ms per frame, once every row is known (and, for information,
  straight after the first paint, while rows are still being worked out). Baseline:
  the same steps on the bare table.
- **filtering**: typing a search term a letter at a time and changing the stage filter,
  each change timed with the repaint that follows, ms per change. Baseline: the bare
  table behind a QSortFilterProxyModel given the same strings.

    python benchmarks/bench_dashboard.py [--db benchmarks/out/portfolio.sqlite] [--rounds 5]

Without --db a 5,000-case portfolio is built in a temporary folder first.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchlib import BENCH_DIR, Result, Samples, venv_python, verdict_under

TODAY = "2026-11-23"
OPEN_BUDGET = 0.300
FRAME_BUDGET = 0.016
FILTER_BUDGET = 0.100
SCROLL_STEPS = 200
SEARCH_TERM = "the red"
STAGES = ("interim-moratorium", "listed", "full-moratorium", "")
CHILD_TIMEOUT = 600


# --------------------------------------------------------------------------- child


def _child(db: str, rounds: int) -> dict[str, list[float]]:
    """Everything measured in this process; seconds per sample, by subject name."""
    import datetime as dt
    import gc

    from PySide6.QtCore import QSettings, QSortFilterProxyModel, Qt
    from PySide6.QtGui import QStandardItem, QStandardItemModel
    from PySide6.QtWidgets import QApplication, QTableView

    scratch = tempfile.mkdtemp(prefix="cattool-bench-settings-")
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, scratch)
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    app = QApplication.instance() or QApplication([])
    assert isinstance(app, QApplication)

    from cattool.ui.app import favour_the_ui_thread, resume_gc_when_loaded
    from cattool.ui.case_source import CaseSource
    from cattool.ui.main_window import MainWindow

    favour_the_ui_thread()  # as run_gui does
    today = dt.date.fromisoformat(TODAY)
    size = (1400, 900)
    samples: dict[str, list[float]] = {}

    def add(name: str, value: float) -> None:
        samples.setdefault(name, []).append(value)

    def wait_until(done, limit: float = 60.0) -> None:  # type: ignore[no-untyped-def]
        stop = time.perf_counter() + limit
        while not done():
            app.processEvents()
            if time.perf_counter() > stop:
                raise RuntimeError("timed out waiting for the dashboard")

    def close(window) -> None:  # type: ignore[no-untyped-def]
        window.close()
        window.deleteLater()
        app.processEvents()
        gc.unfreeze()  # as run_gui does when its window closes
        gc.enable()
        gc.collect()

    def open_cattool() -> tuple[float, object]:
        shown: list[float] = []
        started = time.perf_counter()
        source = CaseSource.open(db)
        window = MainWindow(source, today)
        resume_gc_when_loaded(window)  # as run_gui does
        window.casesShown.connect(lambda _n: shown.append(time.perf_counter()))
        window.resize(*size)
        window.show()
        wait_until(lambda: bool(shown))
        return shown[0] - started, window

    def bare_table() -> tuple[float, QTableView, QStandardItemModel]:
        started = time.perf_counter()
        model = QStandardItemModel(0, 5)
        model.setHorizontalHeaderLabels(["Case", "Regime", "Stage", "Next deadline", "Days"])
        for row in range(5000):
            model.appendRow(
                [
                    QStandardItem(f"Case {row}"),
                    QStandardItem("Right to Bid"),
                    QStandardItem("Listed"),
                    QStandardItem("Mon 7 Dec 2026 · Interim moratorium ends"),
                    QStandardItem(f"{row % 90} days"),
                ]
            )
        view = QTableView()
        view.setModel(model)
        view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 10)
        view.resize(*size)
        view.show()
        view.viewport().repaint()
        app.processEvents()
        return time.perf_counter() - started, view, model

    def scroll(view: QTableView) -> list[float]:
        bar = view.verticalScrollBar()
        bar.setValue(0)
        view.viewport().repaint()
        frames = []
        top = bar.maximum()
        for step in range(1, SCROLL_STEPS + 1):
            started = time.perf_counter()
            bar.setValue(top * step // SCROLL_STEPS)
            view.viewport().repaint()
            frames.append(time.perf_counter() - started)
        return frames

    def timed_change(change, view: QTableView) -> float:  # type: ignore[no-untyped-def]
        started = time.perf_counter()
        change()
        view.viewport().repaint()
        return time.perf_counter() - started

    def filter_changes(dashboard, view: QTableView, model: QStandardItemModel):  # type: ignore[no-untyped-def]
        table = dashboard.case_view
        for end in range(1, len(SEARCH_TERM) + 1):
            term = SEARCH_TERM[:end]
            yield "search", timed_change(lambda t=term: dashboard.search.setText(t), table)
        dashboard.search.clear()
        for stage in STAGES:
            yield "stage", timed_change(lambda s=stage: dashboard.set_filters(stage=s), table)
        proxy = QSortFilterProxyModel()
        proxy.setSourceModel(model)
        proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        view.setModel(proxy)
        for end in range(1, len(SEARCH_TERM) + 1):
            term = SEARCH_TERM[:end]
            yield "filter_base", timed_change(lambda t=term: proxy.setFilterFixedString(t), view)
        proxy.setFilterFixedString("")
        for text in ("Listed", "Interim", "Full", ""):
            yield "filter_base", timed_change(lambda t=text: proxy.setFilterFixedString(t), view)

    for _ in range(rounds):
        # Opening: cattool, then the baseline (interleaved).
        gc.collect()
        seconds, window = open_cattool()
        add("open", seconds)
        # Scrolling at once, while rows are still being worked out (information).
        early = scroll(window.case_view)  # type: ignore[attr-defined]
        add("scroll_early", statistics.median(early))
        add("scroll_early_worst", max(early))
        wait_until(window.dashboard.is_loaded)  # type: ignore[attr-defined]
        counts = {"cases": window.cases_loaded()}  # type: ignore[attr-defined]
        gc.collect()
        seconds, view, model = bare_table()
        add("open_base", seconds)

        # Scrolling once everything is known, and the baseline.
        gc.collect()
        for frame in scroll(window.case_view):  # type: ignore[attr-defined]
            add("scroll", frame)
        for frame in scroll(view):
            add("scroll_base", frame)

        # Filtering: type the term a letter at a time, then change the stage filter.
        for name, seconds in filter_changes(window.dashboard, view, model):  # type: ignore[attr-defined]
            add(name, seconds)

        close(window)
        view.close()
        view.deleteLater()
        app.processEvents()
    samples["cases"] = [float(counts["cases"])]
    return samples


# --------------------------------------------------------------------------- parent


def measure(db: str, rounds: int) -> dict[str, Samples]:
    """Run the child; its samples by subject name."""
    with tempfile.TemporaryDirectory(prefix="cattool-bench-") as scratch:
        env = dict(
            os.environ,
            QT_QPA_PLATFORM="offscreen",
            CATTOOL_DATA_DIR=str(Path(scratch) / "data"),
            XDG_CONFIG_HOME=str(Path(scratch) / "config"),
        )
        done = subprocess.run(
            [venv_python(), str(Path(__file__)), "--child", "--db", db, "--rounds", str(rounds)],
            env=env,
            capture_output=True,
            text=True,
            timeout=CHILD_TIMEOUT,
            cwd=str(BENCH_DIR),
        )
    if done.returncode != 0:
        raise RuntimeError(f"bench_dashboard child exited {done.returncode}: {done.stderr[-2000:]}")
    line = next(x for x in reversed(done.stdout.splitlines()) if x.startswith("{"))
    raw = json.loads(line)
    return {name: Samples(name, values) for name, values in raw.items()}


def run(db: str, rounds: int = 5) -> list[Result]:
    """Measure and return the table's rows (three budgeted, one for information)."""
    samples = measure(db, rounds)
    cases = int(samples.pop("cases").seconds[0])
    base_open = samples["open_base"]
    base_open.name = f"bare QTableView + {cases:,}-row QStandardItemModel, built and painted"
    base_scroll = samples["scroll_base"]
    base_scroll.name = "the bare table, same steps"
    base_filter = samples["filter_base"]
    base_filter.name = "the bare table behind a QSortFilterProxyModel"
    filters = Samples("filter", samples["search"].seconds + samples["stage"].seconds)
    ms = 1000.0
    return [
        Result(
            f"dashboard: CaseSource.open to rows painted ({cases:,} cases)",
            samples["open"],
            base_open,
            f"≤ {OPEN_BUDGET * ms:g} ms",
            verdict_under(samples["open"].median * ms, OPEN_BUDGET * ms, "ms"),
        ),
        Result(
            f"dashboard: scrolling, per frame ({SCROLL_STEPS} steps over {cases:,} rows)",
            samples["scroll"],
            base_scroll,
            f"< {FRAME_BUDGET * ms:g} ms median",
            verdict_under(samples["scroll"].median * ms, FRAME_BUDGET * ms, "ms"),
            [
                "straight after the first paint, rows still being worked out: median "
                + ", ".join(f"{s * ms:.1f}" for s in samples["scroll_early"].seconds)
                + " ms per frame by round (worst frame "
                + ", ".join(f"{s * ms:.0f}" for s in samples["scroll_early_worst"].seconds)
                + " ms); once every row is known, worst frame "
                + f"{max(samples['scroll'].seconds) * ms:.1f} ms"
            ],
        ),
        Result(
            f"dashboard: filtering, per change (typing “{SEARCH_TERM}”, stage filter)",
            filters,
            base_filter,
            f"< {FILTER_BUDGET * ms:g} ms median",
            verdict_under(filters.median * ms, FILTER_BUDGET * ms, "ms"),
            [
                f"search letters: {samples['search'].describe()}; "
                f"stage changes: {samples['stage'].describe()}"
            ],
        ),
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", default=None, help="a portfolio database (default: build one)")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(_child(args.db, args.rounds)), flush=True)
        return 0
    with tempfile.TemporaryDirectory(prefix="cattool-portfolio-") as folder:
        db = args.db
        if db is None:
            from portfolio import build_portfolio

            db = str(Path(folder) / "portfolio.sqlite")
            print(f"building {db} …", file=sys.stderr)
            build_portfolio(db, cases=5000, events_per_case=20, seed=1)
        from benchlib import header

        print(header())
        for result in run(db, args.rounds):
            print(result.row())
            for note in result.notes:
                print(f"  - {note}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
