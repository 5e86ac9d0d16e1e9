"""Child process for bench_startup: open a window and report when it shows rows.

    QT_QPA_PLATFORM=offscreen CATTOOL_BENCH_QUIT_ON_SHOWN=1 \
        python benchmarks/startup_driver.py baseline
    ... python benchmarks/startup_driver.py cattool --db PATH [--today 2026-11-23]

`baseline` is a bare QMainWindow with a QTableView over a three-row QStandardItemModel;
it emits its own `casesShown` after the table's first paint. `cattool` runs the real
`cattool.ui.app.run_gui`, which prints `cattool-cases-shown <time.time()>` and quits
once the cases are on screen; the baseline prints `SHOWN <time.time()>` at its own
signal and, with CATTOOL_BENCH_QUIT_ON_SHOWN=1, quits. With
CATTOOL_BENCH_PHASES=1 it also prints `PHASE <name> <time>` lines along the way.

Imports happen inside each mode, so the baseline never pays for cattool's, and all of
the time spent importing counts, as it does for a user.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable
from typing import Any

TIMEOUT_MS = 60_000
EXIT_TIMEOUT = 3


def mark(phase: str) -> None:
    """With CATTOOL_BENCH_PHASES=1, print `PHASE <name> <time.time()>` (a breakdown)."""
    if os.environ.get("CATTOOL_BENCH_PHASES") == "1":
        print(f"PHASE {phase} {time.time():.6f}", flush=True)


def _report_shown(app: Any) -> Callable[..., None]:
    """The slot for casesShown: print the wall clock once, then quit if asked to."""
    state = {"done": False}

    def shown(*_args: object) -> None:
        if state["done"]:
            return
        state["done"] = True
        print(f"SHOWN {time.time():.6f}", flush=True)
        if os.environ.get("CATTOOL_BENCH_QUIT_ON_SHOWN") == "1":
            app.quit()

    return shown


def run_baseline() -> int:
    """A bare window with a three-row table, to the same kind of signal."""
    from PySide6.QtCore import QEvent, QObject, QTimer, Signal
    from PySide6.QtGui import QStandardItem, QStandardItemModel
    from PySide6.QtWidgets import QApplication, QMainWindow, QTableView

    class BareWindow(QMainWindow):
        casesShown = Signal()

        def __init__(self) -> None:
            super().__init__()
            self.setWindowTitle("baseline")
            model = QStandardItemModel(0, 3, self)
            model.setHorizontalHeaderLabels(["Case", "Stage", "Next deadline"])
            for row in range(3):
                model.appendRow(
                    [QStandardItem(f"Case {row}"), QStandardItem("Listed"), QStandardItem("-")]
                )
            self.table = QTableView(self)
            self.table.setModel(model)
            self.setCentralWidget(self.table)
            self._painted = False
            self.table.viewport().installEventFilter(self)
            self.resize(1000, 700)

        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if (
                not self._painted
                and event.type() == QEvent.Type.Paint
                and self.table.model().rowCount() > 0
            ):
                self._painted = True
                QTimer.singleShot(0, self.casesShown.emit)  # after this paint completes
            return False

    app = QApplication.instance() or QApplication(sys.argv[:1])
    window = BareWindow()
    window.casesShown.connect(_report_shown(app))
    QTimer.singleShot(TIMEOUT_MS, lambda: app.exit(EXIT_TIMEOUT))
    window.show()
    return app.exec()


def run_cattool(db: str, today: str | None) -> int:
    """cattool's real entry point, `cattool.ui.app.run_gui`, told to quit once the cases
    are on screen (it prints `cattool-cases-shown <time.time()>`)."""
    import datetime as dt

    os.environ["CATTOOL_QUIT_WHEN_SHOWN"] = "1"
    from cattool.ui.app import run_gui

    return run_gui(db, dt.date.fromisoformat(today) if today else None)


def main(argv: list[str] | None = None) -> int:
    """Parse the mode and run it; exit 3 if the window never showed rows."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("mode", choices=("baseline", "cattool"))
    parser.add_argument("--db")
    parser.add_argument("--today")
    args = parser.parse_args(argv)
    mark("driver running")
    if args.mode == "baseline":
        return run_baseline()
    if not args.db:
        parser.error("cattool mode needs --db")
    return run_cattool(args.db, args.today)


if __name__ == "__main__":
    raise SystemExit(main())
