"""Review comments in the group's own workspace: File → Import review file… (the check
shown first, then imported into the case it reviews) and the "Review comments" panel
of the open case: each comment with its item, reviewer, date, text and a Resolved box
(an undoable edit); double-click opens the page of the item. The page list marks pages
with open comments ("Events (2)").
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QLabel,
    QMessageBox,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from cattool.ui.review_comments import FILE_FILTER

if TYPE_CHECKING:
    from cattool.core.casefile.review_store import CommentView, ReviewImport
    from cattool.ui.context import WorkspaceContext

COLUMNS = ("Item", "Reviewer", "Date", "Comment", "Resolved")
RESOLVED = COLUMNS.index("Resolved")
SIGNATURE_WORDS = {
    "known": "signed by a known signer",
    "unknown": "signed by an UNKNOWN signer",
    "unsigned": "unsigned",
}


class ReviewCommentsPanel(QWidget):
    """The comments of one case (in a dock of the main window)."""

    pageRequested = Signal(str, str, int)  # page key, item table, item id (-1: none)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reviewCommentsPanel")
        self.ctx: WorkspaceContext | None = None
        self.case_id: int | None = None
        self.comments: list[CommentView] = []
        self.heading = QLabel()
        self.heading.setWordWrap(True)
        self.tree = QTreeWidget()
        self.tree.setObjectName("reviewCommentsTree")
        self.tree.setAccessibleName("Review comments")
        self.tree.setHeaderLabels(list(COLUMNS))
        self.tree.setRootIsDecorated(False)
        self.tree.setWordWrap(True)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setColumnWidth(0, 260)
        self.tree.setColumnWidth(3, 320)
        self.tree.itemDoubleClicked.connect(self._go_to)
        self.tree.itemChanged.connect(self._toggled)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.heading)
        layout.addWidget(self.tree, 1)

    def show_case(self, ctx: WorkspaceContext, case_id: int | None) -> None:
        from cattool.core.casefile.review_store import review_comments

        self.ctx, self.case_id = ctx, case_id
        self.comments = [] if case_id is None else ctx.read(lambda s: review_comments(s, case_id))
        self.tree.blockSignals(True)
        self.tree.clear()
        for comment in self.comments:
            label = comment.item.label + ("" if comment.item_exists else " (no longer in the case)")
            row = QTreeWidgetItem(
                [label, comment.reviewer, f"{comment.created_at:%d %b %Y}", comment.text, ""]
            )
            row.setData(0, Qt.ItemDataRole.UserRole, comment.id)
            row.setToolTip(3, comment.text)
            row.setToolTip(1, f"From {comment.review_file}, {SIGNATURE_WORDS[comment.signature]}"
                           + (f" ({comment.signer})" if comment.signer else ""))  # fmt: skip
            row.setFlags(row.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            state = Qt.CheckState.Checked if comment.resolved else Qt.CheckState.Unchecked
            row.setCheckState(RESOLVED, state)
            self.tree.addTopLevelItem(row)
        self.tree.blockSignals(False)
        still_open = sum(1 for c in self.comments if not c.resolved)
        self.heading.setText(
            f"{len(self.comments)} review comment(s), {still_open} open. "
            "Double-click one to go to its page."
        )

    def open_counts(self) -> dict[str, int]:
        """Unresolved comments per page of the case shown (for the page list's marks)."""
        return dict(Counter(c.item.page for c in self.comments if not c.resolved))

    def row_of(self, comment_id: int) -> QTreeWidgetItem | None:
        for index in range(self.tree.topLevelItemCount()):
            item = self.tree.topLevelItem(index)
            if item.data(0, Qt.ItemDataRole.UserRole) == comment_id:
                return item
        return None

    def _comment(self, row: QTreeWidgetItem) -> CommentView:
        return self.comments[self.tree.indexOfTopLevelItem(row)]

    def _go_to(self, row: QTreeWidgetItem, _column: int = 0) -> None:
        item = self._comment(row).item
        self.pageRequested.emit(item.page, item.table, item.id if item.id is not None else -1)

    def _toggled(self, row: QTreeWidgetItem, column: int) -> None:
        if column != RESOLVED or self.ctx is None:
            return
        resolved = row.checkState(RESOLVED) == Qt.CheckState.Checked
        set_resolved(self.ctx, self._comment(row).id, resolved)


def set_resolved(ctx: WorkspaceContext, comment_id: int, resolved: bool) -> None:
    """One undoable step (Edit → Undo puts the box back)."""
    from cattool.core.casefile.review_store import ENTITY
    from cattool.core.casefile.review_store import set_resolved as mark
    from cattool.ui.commands import ServiceEditCommand, push

    push(ctx, ServiceEditCommand(
        ctx, ENTITY, lambda _s: [comment_id], ("resolved",),
        lambda s: mark(s, [comment_id], resolved, ctx.today),
        "Mark comment resolved" if resolved else "Mark comment open",
    ))  # fmt: skip


def choose_review_file(parent: QWidget) -> Path | None:
    chosen, _ = QFileDialog.getOpenFileName(parent, "Import review file", "", FILE_FILTER)
    return Path(chosen) if chosen else None


def import_review_file(parent: QWidget, ctx: WorkspaceContext, path: Path) -> ReviewImport | None:
    """Check the file, say what the check found and ask; then import (one transaction)."""
    from cattool.core.casefile.review import verify_review_file
    from cattool.core.casefile.review_store import import_review_into
    from cattool.core.errors import InputError

    report = verify_review_file(path)
    if not report.intact:
        QMessageBox.warning(parent, "The review file is not imported",
                            f"{path.name} is not imported.\n\n{report.summary()}")  # fmt: skip
        return None
    answer = QMessageBox.question(
        parent, "Import review file", f"{path.name}\n\n{report.summary()}\n\nImport the comments?"
    )
    if answer != QMessageBox.StandardButton.Yes:
        return None
    try:
        _changes, result = ctx.run(lambda s: import_review_into(s, path.name, report))
    except InputError as exc:
        QMessageBox.warning(parent, "The review file is not imported", str(exc))
        return None
    words = [f"{result.added} comment(s) added to {result.case_name}."]
    if result.already:
        words.append(f"{result.already} were already imported.")
    if result.missing:
        words.append("Kept, though their item is no longer in the case: "
                     + "; ".join(result.missing))  # fmt: skip
    QMessageBox.information(parent, "Review file imported", " ".join(words))
    return result
