"""Colleagues' work appears within seconds: a worker thread waits on a change feed
(core.change_feed: LISTEN on PostgreSQL, polling a SQLite file) and hands what others
committed to the UI thread, which emits it as the window's `ctx.changed` (so the
dashboard and the open page reload exactly as after one's own edit) and says who changed
what in the status bar.

    watch = ColleagueWatch.attach(window)   # starts now; follows database switches

`attach` starts watching the window's database, starts again on `databaseOpened`, stops
when the window closes (and when the application quits), and starts again if it is
shown again. Or drive it by hand: `start(source_or_store)`, `stop()`.

Unsaved typing is safe: pages reload through `load()`, and the form pages keep the
user's unsaved edits on a reload of the same case (FormPage._load_stored; the Overview's
notes likewise); the record pages refresh their table, not an open form. A colleague's
save under an edit is then a conflict on Save (core.conflicts), never lost.
"""

from __future__ import annotations

import logging
import threading
import time
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer, Signal

if TYPE_CHECKING:  # imported on the worker thread: SQLAlchemy stays out of start-up
    from cattool.core.change_feed import ChangeFeed, ColleagueChange
    from cattool.core.store import Store
    from cattool.ui.case_source import CaseSource

log = logging.getLogger(__name__)

POLL_SECONDS = 2.0  # core.change_feed.POLL_SECONDS: a SQLite file is read this often
#: attach(): start this long after the window is built, once the first paint and the
#: warm-up (which import what the feed needs) are under way, not competing with them.
START_DELAY_MS = 1500
WAIT_SECONDS = 1.0  # one wait of the feed; `stop` interrupts it at once anyway
COALESCE_SECONDS = 0.5  # what arrives this soon after a change joins it
MESSAGE_MS = 8000
JOIN_SECONDS = 2.0  # stop(): how long to wait for the thread (normally milliseconds)


class _Relay(QObject):
    """Carries a batch from the worker thread to the UI thread (queued). Has no parent
    and is kept by the thread, so a watch deleted meanwhile is never called."""

    arrived = Signal(int, object)  # generation, ColleagueChange


class ColleagueWatch(QObject):
    """Watches one database at a time for changes made by others."""

    #: A colleague's change, after it has been applied (for tests and the curious).
    seen = Signal(object)  # ColleagueChange

    def __init__(self, window: Any, parent: QObject | None = None, *, interval: float = 0.0):
        """`window` gives `ctx` (its `changed` is emitted), `source` (the data it shows:
        changes are applied only while it is the watched one) and `statusBar()`."""
        super().__init__(parent)
        self._window = window
        self._interval = interval or POLL_SECONDS
        self._generation = 0
        self._watched: object = None
        self._thread: threading.Thread | None = None
        self._feed_box: list[ChangeFeed | None] = [None]
        self._stopping: threading.Event | None = None
        self._relay = _Relay()
        self._relay.arrived.connect(self._apply, Qt.ConnectionType.QueuedConnection)
        self._closed = False  # stopped because the window closed (restart when shown)

    @classmethod
    def attach(
        cls, window: Any, *, interval: float = 0.0, delay_ms: int = START_DELAY_MS
    ) -> ColleagueWatch:
        """Watch `window`'s database from `delay_ms` on (see the module docstring). A
        window has one watch: attaching again returns it, started afresh with these
        settings (a test's faster polling, say)."""
        existing = getattr(window, "_colleague_watch", None)
        if isinstance(existing, cls):
            existing.stop()
            existing._interval = interval or POLL_SECONDS
            QTimer.singleShot(delay_ms, existing, existing._first_start)
            return existing
        watch = cls(window, window, interval=interval)
        window._colleague_watch = watch
        window.databaseOpened.connect(lambda _location: watch.start(window.source))
        window.installEventFilter(watch)
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(watch.stop)
        QTimer.singleShot(delay_ms, watch, watch._first_start)
        return watch

    def _first_start(self) -> None:
        if self._thread is None and not self._closed:
            self.start(self._window.source)

    # ------------------------------------------------------------------ public API

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    @property
    def mode(self) -> str:
        """How changes are learnt: "listen" (NOTIFY), "poll", or "" (not yet/not watching)."""
        feed = self._feed_box[0]
        return feed.mode if feed is not None and self.running else ""

    def start(self, source: CaseSource | Store) -> None:
        """Watch `source` (a CaseSource or an open Store) instead of anything before.
        Returns at once: the feed is opened on the worker thread."""
        self.stop(wait=False)
        opener = _opener(source, self._interval)
        if opener is None:  # an in-memory database: no one else can write to it
            return
        self._generation += 1
        self._watched = source
        stopping = self._stopping = threading.Event()
        box: list[ChangeFeed | None] = [None]
        self._feed_box = box
        self._thread = threading.Thread(
            target=_run,
            args=(opener, box, stopping, self._relay, self._generation),
            name="cattool-colleague-watch",
            daemon=True,  # never keeps the process alive; stop() ends it anyway
        )
        self._thread.start()

    def stop(self, wait: bool = True) -> None:
        """Stop watching. The thread's wait is interrupted at once; `wait`: also wait
        (normally milliseconds) for it to close its connection and end."""
        self._generation += 1  # anything still on its way is dropped
        self._watched = None
        thread, stopping, box = self._thread, self._stopping, self._feed_box
        self._thread = self._stopping = None
        if stopping is not None:
            stopping.set()
        feed = box[0]
        if feed is not None:
            feed.interrupt()
        if wait and thread is not None:
            thread.join(JOIN_SECONDS)
            if thread.is_alive():
                log.warning("the colleague watch did not stop within %s s", JOIN_SECONDS)

    # ------------------------------------------------------------------ Qt

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._window:
            if event.type() == QEvent.Type.Close:
                self.stop()
                self._closed = True
            elif event.type() == QEvent.Type.Show and self._closed:
                self._closed = False
                self.start(self._window.source)
        return False

    def _apply(self, generation: int, change: ColleagueChange) -> None:
        """On the UI thread: tell every page and the dashboard, and say so."""
        if generation != self._generation:
            return  # from a database left since
        if self._window.source is not self._watched and not _same_store(
            self._window.source, self._watched
        ):
            return  # e.g. a case file under review is shown meanwhile
        self._window.ctx.changed.emit(change.changes)
        self._window.statusBar().showMessage(change.describe(), MESSAGE_MS)
        self.seen.emit(change)


def _same_store(shown: object, watched: object) -> bool:
    """A window given a Store shows it through a CaseSource of its own."""
    return getattr(shown, "store_is_open", False) and getattr(shown, "store", None) is watched


def _opener(source: Any, interval: float) -> Any:
    """How the worker opens a feed for `source` (None: nothing to watch)."""
    from cattool.core import change_feed

    path = getattr(source, "path", None)
    if hasattr(source, "store_is_open"):  # a CaseSource
        if path:  # a file: poll it with sqlite3, whether or not the store is open yet

            def writes() -> Any:
                return source.store.writes if source.store_is_open else None

            return lambda: change_feed.feed_for_file(path, writes, interval=interval)
        if source.url.startswith("sqlite"):
            return None  # in memory
        return lambda: change_feed.feed_for_store(source.store, interval=interval)
    if source.is_sqlite and source.sqlite_path is None:
        return None
    return lambda: change_feed.feed_for_store(source, interval=interval)


def _run(
    opener: Any,
    box: list[ChangeFeed | None],
    stopping: threading.Event,
    relay: _Relay,
    generation: int,
) -> None:
    """The worker: open the feed, wait on it until stopped, close it. Never touches a
    widget; results go through `relay` (queued to the UI thread)."""
    from cattool.core.change_feed import merge

    feed: ChangeFeed | None = None
    try:
        while feed is None and not stopping.is_set():
            try:
                feed = opener()
            except Exception as exc:  # the database is busy or away: try again later
                log.info("cannot watch for colleagues' changes yet: %s", exc)
                if stopping.wait(POLL_SECONDS * 2):
                    return
        if feed is None:
            return
        box[0] = feed
        if stopping.is_set():
            return
        while not stopping.is_set():
            try:
                batch = feed.wait(WAIT_SECONDS)
            except Exception as exc:  # one failed read: try again after a pause
                log.info("reading colleagues' changes failed: %s", exc)
                if stopping.wait(POLL_SECONDS):
                    return
                continue
            if batch:  # a burst (twenty busy colleagues) is one reload, not twenty
                settle = time.monotonic() + COALESCE_SECONDS
                while not stopping.is_set() and (left := settle - time.monotonic()) > 0:
                    batch += feed.wait(left)
            change = merge(batch)
            if change is not None and not stopping.is_set():
                relay.arrived.emit(generation, change)
    finally:
        if feed is not None:
            feed.close()
