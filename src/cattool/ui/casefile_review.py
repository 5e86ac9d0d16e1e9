"""File → Open case file…: review a case file without importing it.

The file is verified, then imported into a fresh SQLite database in a temporary folder
(the core's import, so every check holds), and the window switches to that database in
review mode: the case opens in the normal workspace, READ-ONLY, under a banner that
states the verification state. Read-only holds three ways:

- the context refuses every write (`WorkspaceContext.read_only_reason`), so an edit
  shows a message and nothing reaches the undo stack;
- the database connections are `PRAGMA query_only` (a page writing past the context
  gets an error from SQLite);
- every edit control in the workspace is made read-only or disabled (`ReadOnlyLock`,
  which also keeps them so when a page enables them again).

Closing the review (the banner's button, File → Close case file, or opening another)
goes back to the previous database and deletes the temporary one. A tampered file is
refused (naming what changed); an unsigned one opens with a warning in the banner.

Review comments (review_comments.py): the banner's Comment… and Save review file…
buttons, a panel under the banner listing the comments made so far; `ReviewSession`
carries what a review file needs (the ids the case file used, the SHA-256 of its
manifest.json). The comments live in memory and in a side file in the data folder
(review_comments.ReviewDraft), so unsaved ones come back with the same case file.
"""

from __future__ import annotations

import contextlib
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, Signal
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from cattool.ui.casefile_import import Unlock

if TYPE_CHECKING:
    from cattool.core.casefile import VerifyReport
    from cattool.core.store import Store
    from cattool.ui.case_source import CaseSource

READ_ONLY_REASON = (
    "This case file is open for review, read-only: nothing in it can be changed. "
    "To work on it, close the review and use File → Import case file…"
)
TITLE_SUFFIX = " (review, read-only)"
KEEP_ENABLED = {"backButton", "closeReviewButton"}
LOCK_EVENTS = (QEvent.Type.Polish, QEvent.Type.EnabledChange, QEvent.Type.ReadOnlyChange)


@dataclass(slots=True)
class ReviewSession:
    """One case file under review: where it came from, what the check said, and the
    temporary database it was unpacked into."""

    path: Path
    report: VerifyReport
    folder: Path  # the temporary folder (database and files), deleted on close
    case_id: int
    case_name: str
    previous: CaseSource  # the window's database before the review
    # table -> {id in the case file: id in the review database} (ImportResult.id_map)
    id_map: dict[str, dict[int, int]] = field(default_factory=dict)
    casefile_sha256: str = ""  # of the case file's manifest.json, as stored

    def state_text(self) -> str:
        return f"Reviewing {self.path.name}{TITLE_SUFFIX}. {self.report.summary()}"

    def warns(self) -> bool:
        """Unsigned or signed by someone unknown: say so loudly."""
        sig = self.report.signature
        return sig is None or not sig.known


def _query_only(dbapi_connection: Any, _record: object) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA query_only = ON")
    cursor.close()


Unpacked = tuple["VerifyReport", Path, "Store | None", int, str, dict[str, dict[int, int]], str]


def unpack_for_review(path: Path, unlock: Unlock) -> Unpacked:
    """On a worker: verify, then import into a new database in a temporary folder, then
    reopen that database read-only. A file that is not intact comes back with no store
    (and no folder left behind); any other failure raises, leaving nothing behind.
    Also: the ids the file used (id map) and the SHA-256 of its manifest.json."""
    from sqlalchemy import event

    from cattool.core.casefile import import_casefile, verify_casefile
    from cattool.core.casefile.review import casefile_manifest_sha256
    from cattool.core.store import open_store

    report = verify_casefile(path, **unlock.kwargs())
    if not report.intact:
        return report, Path(), None, 0, "", {}, ""
    folder = Path(tempfile.mkdtemp(prefix="cattool-review-"))
    try:
        url = str(folder / "review.sqlite")
        writable = open_store(url)
        try:
            result = import_casefile(writable, path, files_dir=folder / "files", **unlock.kwargs())
        finally:
            writable.close()
        digest = casefile_manifest_sha256(path, **unlock.kwargs())
        store = open_store(url, migrate_schema=False)
        event.listen(store.engine, "connect", _query_only)
        store.engine.dispose()
        return (result.report or report, folder, store, result.case_id, result.name,
                result.id_map, digest)  # fmt: skip
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise


def discard_folder(folder: Path) -> None:
    shutil.rmtree(folder, ignore_errors=True)


class ReadOnlyLock(QObject):
    """Keeps every edit control inside `root` read-only or disabled, including those
    created later (at their first polish) and those a page enables again."""

    def __init__(self, root: QWidget) -> None:
        super().__init__(root)
        self.root = root
        self.locked: list[QWidget] = []
        self.lock_tree()
        # A page is built when first opened, perhaps before anything in it is polished
        # (a window not yet shown): lock the whole tree each time a page opens.
        page_changed = getattr(root, "pageChanged", None)
        if page_changed is not None:
            page_changed.connect(self.lock_tree)
        app = QApplication.instance()
        assert app is not None
        app.installEventFilter(self)

    def lock_tree(self, *_args: object) -> None:
        for widget in self.root.findChildren(QWidget):
            self.lock(widget)

    def release(self) -> None:
        page_changed = getattr(self.root, "pageChanged", None)
        if page_changed is not None:
            with contextlib.suppress(RuntimeError, TypeError):
                page_changed.disconnect(self.lock_tree)
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)

    def lock(self, widget: QWidget) -> None:
        if widget.objectName() in KEEP_ENABLED:
            return
        if isinstance(widget, QLineEdit | QTextEdit | QPlainTextEdit | QAbstractSpinBox):
            if not widget.isReadOnly():
                widget.setReadOnly(True)
        elif isinstance(widget, QAbstractButton | QComboBox):
            if widget.isEnabled():
                widget.setEnabled(False)
        elif isinstance(widget, QAbstractItemView):
            widget.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
            widget.setDragEnabled(False)
            widget.setAcceptDrops(False)
        else:
            return
        self.locked.append(widget)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() in LOCK_EVENTS
            and isinstance(watched, QWidget)
            and self.root.isAncestorOf(watched)
        ):
            self.lock(watched)
        return False


class ReviewBanner(QFrame):
    """The strip above the workspace: what is being reviewed and what the check found."""

    closeRequested = Signal()
    commentRequested = Signal()
    saveRequested = Signal()

    def __init__(self, session: ReviewSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reviewBanner")
        warn = session.warns()
        self.setStyleSheet(
            "#reviewBanner { background: %s; border: 1px solid %s; }"
            % (("#fff3cd", "#c69500") if warn else ("#e7f1ff", "#3b73b9"))
        )
        self.label = QLabel(session.state_text())
        self.label.setObjectName("reviewState")
        self.label.setWordWrap(True)
        self.label.setAccessibleName("Review state")
        self.close_button = QPushButton("Close review")
        self.close_button.setObjectName("closeReviewButton")
        self.close_button.setToolTip("Go back to your own database; nothing is kept")
        self.close_button.clicked.connect(self.closeRequested)
        self.comment_button = QPushButton("Comment…")
        self.comment_button.setObjectName("reviewCommentButton")
        self.comment_button.setToolTip(
            "Comment on an item of this page, or on the case (Ctrl+Alt+M)"
        )
        self.comment_button.clicked.connect(self.commentRequested)
        self.save_button = QPushButton("Save review file…")
        self.save_button.setObjectName("saveReviewButton")
        self.save_button.setToolTip("Save your comments as a signed review file for the group")
        self.save_button.clicked.connect(self.saveRequested)
        self.save_button.setEnabled(False)  # until there is a comment
        layout = QHBoxLayout(self)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.comment_button)
        layout.addWidget(self.save_button)
        layout.addWidget(self.close_button)


class ReviewFrame(QWidget):
    """The banner above the window's usual central widget (put back on close)."""

    def __init__(
        self, banner: ReviewBanner, central: QWidget, panel: QWidget | None = None
    ) -> None:
        super().__init__()
        self.banner, self.central, self.panel = banner, central, panel
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(banner)
        if panel is not None:
            layout.addWidget(panel)
        layout.addWidget(central, 1)

    def give_back(self) -> QWidget:
        """Take the central widget out again (so deleting this frame spares it)."""
        self.layout().removeWidget(self.central)
        self.central.setParent(None)  # type: ignore[call-overload]
        return self.central


def refuse_text(path: Path, report: VerifyReport) -> str:
    """Why a file is not opened for review (tampered: which member)."""
    return f"{path.name} is not opened.\n\n{report.summary()}"


def confirm_unsigned(parent: QWidget, report: VerifyReport) -> bool:
    """An unsigned file opens, after a warning."""
    if report.signature is not None:
        return True
    answer = QMessageBox.question(
        parent, "Unsigned case file",
        f"{report.summary()}\n\nOpen it for review anyway?",
    )  # fmt: skip
    return answer == QMessageBox.StandardButton.Yes


def close_quietly(store: Store | None) -> None:
    if store is not None:
        with contextlib.suppress(Exception):
            store.close()
