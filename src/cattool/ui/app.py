"""Start the desktop app: QApplication, open the store, show the main window.

Start-up time is part of the product (a volunteer opens cattool to check one date), so
this module imports nothing heavy at import time: Qt and the store are imported inside
`run_gui`, and the window module only after the database has opened.

Set CATTOOL_QUIT_WHEN_SHOWN=1 to print `cattool-cases-shown <unix time>` to stdout and
quit as soon as the cases are on screen: that is what the start-up benchmark measures.
"""

from __future__ import annotations

import datetime as dt
import gc
import os
import sys

QUIT_WHEN_SHOWN_ENV = "CATTOOL_QUIT_WHEN_SHOWN"


def run_gui(db: str | None, today: dt.date | None, *, read_only: bool = False) -> int:
    """Show the main window over `db` (None: CATTOOL_DB or the user's default database);
    `read_only`: every change is refused by the database itself (the title says so).

    Returns the application's exit code, or 2 when the database cannot be opened (after
    telling the user why in a message box).
    """
    # Start-up creates a large number of objects that live as long as the app (SQLAlchemy,
    # Qt's enums, the ORM mappers); left on, the cyclic collector walks them several
    # times before the first paint. Collect once the cases are on screen instead.
    gc_was_enabled = gc.isenabled()
    gc.disable()
    try:
        return _run(db, today, gc_was_enabled, read_only)
    finally:
        if gc_was_enabled:
            gc.unfreeze()  # the window is gone: let its objects be collected again
            gc.enable()


UI_SWITCH_SECONDS = 0.0001  # the longest the UI thread waits for Python while a worker runs


def favour_the_ui_thread() -> None:
    """Let the UI thread take Python back from a busy worker within 0.1 ms, not 5 ms.

    Python runs one thread at a time, and a thread that wants to run waits up to the
    switch interval for the one running. The UI thread calls into Python many times a
    frame (each painted cell, each row the list reads from SQLite), so with the default
    5 ms a worker importing or working out the agenda made the loading dashboard stall
    for 50-110 ms; with 0.5 ms the same stalls were 30-50 ms, but a paint of the 5,000-case
    list beside the agenda worker still took 100-190 ms (hundreds of cells, each waiting);
    with 0.1 ms that paint stays under 100 ms (benchmarks/README.md). Only threads that
    are both busy pay for the extra switching.
    """
    sys.setswitchinterval(UI_SWITCH_SECONDS)


def _resume_gc(enable: bool) -> None:
    """Once the portfolio is loaded: park the long-lived objects out of the collector's way
    (gc.freeze) and resume collecting."""
    if enable and not gc.isenabled():
        gc.freeze()
        gc.enable()


GC_RESUME_LIMIT_MS = 15_000  # resume collecting by then even if loading never finished


def resume_gc_when_loaded(window, enable: bool = True) -> None:  # type: ignore[no-untyped-def]
    """Keep the cyclic collector off while the window's dashboard works out its cases:
    now (start-up) and again whenever it loads (reload, another database, a new day).

    With thousands of cases the dashboard reads 100,000 events and builds their
    summaries in the first second or two after a load; each full collection over those
    objects stops the window for 30-300 ms (measured in benchmarks/bench_dashboard.py
    and bench_responsiveness.py). Nothing in that work makes reference cycles, so
    collecting can wait until it is done; then the objects are frozen, so later
    collections skip them.
    """
    from PySide6.QtCore import QTimer

    if not enable:
        return
    limit = QTimer(window)  # one timer, restarted per load: an old one never cuts a new load short
    limit.setSingleShot(True)
    limit.setInterval(GC_RESUME_LIMIT_MS)
    done = lambda *_args: _resume_gc(True)  # noqa: E731 - one slot for both triggers
    limit.timeout.connect(done)

    def pause() -> None:
        gc.disable()
        limit.start()

    window.dashboard.loadStarted.connect(pause)
    window.dashboard.loaded.connect(done)
    pause()


def _run(db: str | None, today: dt.date | None, gc_was_enabled: bool, read_only: bool) -> int:
    from PySide6.QtWidgets import QApplication, QMessageBox

    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    app.setApplicationName("cattool")
    app.setOrganizationName("cattool")
    favour_the_ui_thread()

    from cattool.core.errors import InputError
    from cattool.core.rules.regime import RegimeError
    from cattool.ui.case_source import CaseSource

    try:
        source = CaseSource.open(db, read_only=read_only)
    except InputError as exc:
        QMessageBox.critical(None, "cattool cannot open the database", str(exc))
        return 2

    from cattool.ui.main_window import MainWindow

    try:
        window = MainWindow(source, today or dt.date.today())
    except (InputError, RegimeError) as exc:
        source.close()
        QMessageBox.critical(None, "cattool cannot show the cases", str(exc))
        return 2

    resume_gc_when_loaded(window, gc_was_enabled)
    if os.environ.get(QUIT_WHEN_SHOWN_ENV):
        import time

        def report_and_quit(_count: int) -> None:
            print(f"cattool-cases-shown {time.time():.6f}", flush=True)
            app.quit()

        window.casesShown.connect(report_and_quit)

    window.show()
    try:
        return app.exec()
    finally:
        window.close()
        worker = sys.modules.get("cattool.ui.worker")  # imported once work went to a thread
        if worker is not None:
            worker.wait_for_all()  # no database write is cut off half way at exit
        window.deleteLater()
        source.close()
