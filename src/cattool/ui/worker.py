"""Run slow work off the UI thread and get its result back on it.

    task = run_in_background(window, "Opening the database", work, on_done, on_error)

`work()` runs on a thread of Qt's global pool; `on_done(result)` (or `on_error(exc)`)
then runs on the UI thread, from the event loop. While the work runs the window's status
bar says "label…" beside a busy bar, and if it takes longer than `DIALOG_DELAY_MS` a
busy QProgressDialog (not modal, no cancel button: a database write cannot be stopped
half way) appears as well. Both go away before `on_done`/`on_error` runs.

Rules for `work`: it touches no Qt object (no widget, no signal, no QSettings) and keeps
to data it was handed. Database work opens its own session there: `Store.session()` and
`Store.transaction()` make a new one per call, and SQLAlchemy's pysqlite dialect gives a
file database a QueuePool with `check_same_thread=False`, so a pooled connection may be
used by whichever thread checks it out (one thread at a time). An InputError raised by
`work` has rolled its transaction back: nothing was written; its message goes to
`on_error` (by default a warning box with the message). Any other exception goes there
too, and to the log with its traceback. An exception raised by `on_done` is treated the
same way.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QCoreApplication, QEventLoop, QObject, Qt, QThreadPool, QTimer, Signal
from PySide6.QtWidgets import QMainWindow, QMessageBox, QProgressBar, QProgressDialog, QWidget
from shiboken6 import isValid

from cattool.core.errors import InputError

T = TypeVar("T")
log = logging.getLogger(__name__)

DIALOG_DELAY_MS = 400  # a status-bar message is enough for anything quicker
BUSY_BAR_NAME = "busyProgress"
BUSY_DIALOG_NAME = "busyDialog"

_running: set[Task[Any]] = set()  # kept alive until delivered (the parent may go first)


class Task(QObject, Generic[T]):
    """One piece of background work. `finished` is emitted on the UI thread after
    `on_done` or `on_error` has run (also when the parent widget has gone meanwhile,
    in which case neither runs)."""

    finished = Signal()
    _delivered = Signal(bool, object)  # emitted from the worker thread (queued to us)

    def __init__(
        self,
        parent_widget: QWidget,
        label: str,
        work: Callable[[], T],
        on_done: Callable[[T], Any],
        on_error: Callable[[Exception], Any] | None,
    ) -> None:
        super().__init__()  # no QObject parent: it must outlive a closed window's objects
        self.label = label
        self.result: T | None = None
        self.error: Exception | None = None
        self.worker_thread: int | None = None  # threading.get_ident() of the worker
        self._widget = parent_widget
        self._work, self._on_done, self._on_error = work, on_done, on_error
        self._done = False
        self._succeeded = False
        self.quiet = False
        self._started = time.perf_counter()
        self.seconds = 0.0
        self._delivered.connect(self._deliver, Qt.ConnectionType.QueuedConnection)

    # ---------------------------------------------------------------- state

    def is_done(self) -> bool:
        """True once `on_done` or `on_error` has run."""
        return self._done

    def succeeded(self) -> bool:
        """True once `on_done` has run without raising."""
        return self._succeeded

    def wait(self, timeout_ms: int = 60_000) -> bool:
        """Process events until the task is done (for scripts and benchmarks; the window
        never needs it). Returns `succeeded()`; raises TimeoutError after `timeout_ms`."""
        stop = time.perf_counter() + timeout_ms / 1000
        app = QCoreApplication.instance()
        while not self._done:
            if time.perf_counter() > stop:
                raise TimeoutError(f"{self.label} took longer than {timeout_ms} ms")
            if app is not None:
                app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)
            time.sleep(0.001)
        return self._succeeded

    # ---------------------------------------------------------------- the two threads

    def _run(self) -> None:
        """On the worker thread: call `work` and hand the outcome to the UI thread."""
        self.worker_thread = threading.get_ident()
        try:
            outcome: tuple[bool, object] = (True, self._work())
        except Exception as exc:  # delivered to on_error on the UI thread
            if not isinstance(exc, InputError):
                log.exception("%s failed", self.label)
            outcome = (False, exc)
        self._work = None  # type: ignore[assignment] - drop what the closure holds
        try:
            self._delivered.emit(*outcome)
        except RuntimeError:  # the Task was deleted (the interpreter is shutting down)
            log.debug("%s finished after its task was deleted", self.label)

    def _deliver(self, ok: bool, value: object) -> None:
        """On the UI thread: hide the progress, then call on_done or on_error."""
        self.seconds = time.perf_counter() - self._started
        _running.discard(self)
        widget = self._widget if isValid(self._widget) else None
        if widget is not None and not self.quiet:
            _Busy.of(widget).end(self)
        try:
            if widget is None:
                if not ok:
                    self.error = value  # type: ignore[assignment]
                return  # the window has gone: nobody to tell
            if ok:
                self.result = value  # type: ignore[assignment]
                try:
                    self._on_done(value)  # type: ignore[arg-type]
                except Exception as exc:  # an error found while showing the result
                    if not isinstance(exc, InputError):
                        log.exception("%s failed", self.label)
                    self._fail(widget, exc)
                else:
                    self._succeeded = True
            else:
                assert isinstance(value, Exception)
                self._fail(widget, value)
        finally:
            self._done = True
            self._on_done = self._on_error = None  # type: ignore[assignment]
            self.finished.emit()

    def _fail(self, widget: QWidget, exc: Exception) -> None:
        self.error = exc
        if self._on_error is not None:
            self._on_error(exc)
        else:
            show_error(widget, self.label, exc)


def error_text(exc: Exception) -> str:
    """What to tell the user: an InputError's message, or any exception's text."""
    return str(exc) or type(exc).__name__


def show_error(widget: QWidget, label: str, exc: Exception) -> None:
    """The default `on_error`: a warning box with the message."""
    QMessageBox.warning(widget, f"{label} did not work", error_text(exc))


def run_in_background(
    parent: QWidget,
    label: str,
    work: Callable[[], T],
    on_done: Callable[[T], Any],
    on_error: Callable[[Exception], Any] | None = None,
    *,
    progress: bool = True,
) -> Task[T]:
    """Run `work()` on a worker thread; `on_done(result)` or `on_error(exc)` on this one.

    `label` says what is happening, as a status-bar message would ("Opening demo.sqlite").
    `progress=False` shows nothing meanwhile (work the user did not ask for, or whose
    widget already says it is busy). Must be called on the UI thread. Returns the Task
    (its `finished` signal, `wait()`).
    """
    task: Task[T] = Task(parent, label, work, on_done, on_error)
    task.quiet = not progress
    _running.add(task)
    if progress:
        _Busy.of(parent).begin(task)
    QThreadPool.globalInstance().start(task._run)
    return task


def running_tasks() -> list[Task[Any]]:
    """Tasks started and not yet delivered."""
    return list(_running)


def wait_for_all(timeout_ms: int = 30_000) -> bool:
    """Let every worker thread finish (at exit, so no thread outlives the window).
    True if they all did; their results are not delivered."""
    return QThreadPool.globalInstance().waitForDone(timeout_ms)


# --------------------------------------------------------------------------- progress


class _Busy(QObject):
    """The progress indication of one window: a status-bar message and busy bar while
    any task runs, and a busy dialog when one has run longer than DIALOG_DELAY_MS."""

    @classmethod
    def of(cls, widget: QWidget) -> _Busy:
        window = widget.window()
        found = window.findChild(_Busy, "busyIndicator", Qt.FindChildOption.FindDirectChildrenOnly)
        return found if found is not None else cls(window)

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self.setObjectName("busyIndicator")
        self.window = window
        self.tasks: list[Task[Any]] = []
        self.message = ""
        self.bar: QProgressBar | None = None
        self.dialog: QProgressDialog | None = None
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(DIALOG_DELAY_MS)
        self.timer.timeout.connect(self._show_dialog)

    def begin(self, task: Task[Any]) -> None:
        self.tasks.append(task)
        self._show_status()
        if not self.timer.isActive() and self.dialog is None:
            self.timer.start()

    def end(self, task: Task[Any]) -> None:
        if task in self.tasks:
            self.tasks.remove(task)
        if self.tasks:
            self._show_status()
            if self.dialog is not None:
                self.dialog.setLabelText(f"{self.tasks[-1].label}…")
            return
        self.timer.stop()
        if self.dialog is not None:
            self.dialog.hide()
            self.dialog.deleteLater()
            self.dialog = None
        if self.bar is not None:
            self.bar.hide()
        if isinstance(self.window, QMainWindow):
            bar = self.window.statusBar()
            if bar.currentMessage() == self.message:
                bar.clearMessage()
        self.message = ""

    def _show_status(self) -> None:
        self.message = f"{self.tasks[-1].label}…"
        if not isinstance(self.window, QMainWindow):
            return
        status = self.window.statusBar()
        if self.bar is None:
            self.bar = QProgressBar()
            self.bar.setObjectName(BUSY_BAR_NAME)
            self.bar.setRange(0, 0)  # busy: no way to know how far along it is
            self.bar.setMaximumWidth(120)
            self.bar.setTextVisible(False)
            self.bar.setAccessibleName("Working")
            status.addPermanentWidget(self.bar)
        self.bar.setToolTip(self.message)
        self.bar.show()
        status.showMessage(self.message)

    def _show_dialog(self) -> None:
        if not self.tasks or self.dialog is not None:
            return
        dialog = QProgressDialog(f"{self.tasks[-1].label}…", "", 0, 0, self.window)
        dialog.setObjectName(BUSY_DIALOG_NAME)
        dialog.setWindowTitle("cattool")
        dialog.setCancelButton(None)  # type: ignore[arg-type] - no way to stop half way
        dialog.setWindowModality(Qt.WindowModality.NonModal)
        dialog.setMinimumDuration(0)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.setAccessibleName("Working")
        dialog.show()
        self.dialog = dialog

    def dialog_visible(self) -> bool:
        return self.dialog is not None and self.dialog.isVisible()


def busy_dialog(widget: QWidget) -> QProgressDialog | None:
    """The busy dialog shown over `widget`'s window, if any (for tests)."""
    found = widget.window().findChild(_Busy, "busyIndicator")
    return found.dialog if found is not None else None


def busy_bar(widget: QWidget) -> QProgressBar | None:
    """The status-bar busy bar of `widget`'s window, once created (for tests)."""
    found = widget.window().findChild(_Busy, "busyIndicator")
    return found.bar if found is not None else None
