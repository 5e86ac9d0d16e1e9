"""Review comments while reviewing a case file (the adviser's side).

The review database is read-only, so the comments live in a `ReviewDraft`: in memory,
and copied at every change to a small side file in the data folder
(review-drafts/<SHA-256 of the case file's manifest>.json), so comments not yet saved
survive closing the review (or the window) and come back when the same case file is
opened for review again. The
banner's Comment… (Ctrl+Alt+M, also on the workspace's context menu) offers the items of
the page shown and the case as a whole; the panel under the banner lists the comments;
Save review file… writes them as a signed .cattool-review file (core/casefile/review.py),
naming each item by the id the case file gave it, so it resolves in the group's database.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from cattool.core.casefile.review import ItemRef, ReviewNote

if TYPE_CHECKING:
    from cattool.ui.casefile_review import ReviewSession
    from cattool.ui.context import WorkspaceContext

DRAFTS_FOLDER = "review-drafts"
REVIEWER_KEY = "review/reviewer"
FILE_FILTER = "cattool review files (*.cattool-review)"


def page_key(page: object) -> str:
    """A workspace page's key: its module under cattool.ui.pages ("events", "asset")."""
    return type(page).__module__.rsplit(".", 1)[-1]


class ReviewDraft:
    """The comments made while reviewing one case file; written to a side file at every
    change, and read back from it (a damaged side file is set aside, not trusted)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.notes: list[ReviewNote] = []
        self.saved_to: Path | None = None  # the review file written last, if up to date
        self.restored = self._load()

    @classmethod
    def for_case_file(cls, casefile_sha256: str) -> ReviewDraft:
        from cattool.core.paths import data_dir

        return cls(data_dir() / DRAFTS_FOLDER / f"{casefile_sha256 or 'unknown'}.json")

    def _load(self) -> int:
        if not self.path.is_file():
            return 0
        try:
            data = json.loads(self.path.read_text("utf-8"))
            self.notes = [ReviewNote.from_json(n) for n in data["comments"]]
            saved = data.get("saved-to")
            self.saved_to = Path(saved) if saved else None
        except (OSError, ValueError, KeyError, TypeError):
            self.notes, self.saved_to = [], None
            self.path.replace(self.path.with_suffix(".damaged"))
        return len(self.notes)

    def mark_saved(self, target: Path) -> None:
        self.saved_to = target
        self._write()

    @property
    def unsaved(self) -> bool:
        return bool(self.notes) and self.saved_to is None

    def add(self, note: ReviewNote) -> None:
        self.notes.append(note)
        self._changed()

    def remove(self, index: int) -> None:
        del self.notes[index]
        self._changed()

    def counts(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for note in self.notes:
            counts[note.item.page] = counts.get(note.item.page, 0) + 1
        return counts

    def _changed(self) -> None:
        self.saved_to = None
        self._write()

    def _write(self) -> None:
        from cattool.core.files import atomic_write

        data = {"saved-to": str(self.saved_to) if self.saved_to else None,
                "comments": [n.to_json() for n in self.notes]}  # fmt: skip
        self.path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(self.path, json.dumps(data, indent=2, ensure_ascii=False).encode("utf-8"))


# The table a record page's selected row comes from (RecordPageMixin.selected()).
SELECTED_TABLES = {"events": "event", "tasks": "task"}


def page_items(
    ctx: WorkspaceContext, session: ReviewSession, page: object
) -> tuple[list[ItemRef], int]:
    """The items a comment can be about on `page` (the case first), by the file's ids,
    and which to offer first: the row selected on the page, else its first item."""
    from cattool.core.casefile.review_store import case_items, in_file_ids

    key = page_key(page) if page is not None else "overview"
    items = ctx.read(lambda s: case_items(s, session.case_id, key))
    chosen = 1 if len(items) > 1 else 0
    selected = getattr(page, "selected", None)
    row = selected() if callable(selected) else None
    table, row_id = SELECTED_TABLES.get(key), getattr(row, "id", None)
    for index, item in enumerate(items):
        if table is not None and (item.table, item.id) == (table, row_id):
            chosen = index
    return in_file_ids(items, session.id_map), chosen


class CommentDialog(QDialog):
    """Choose the item, type the comment."""

    def __init__(self, parent: QWidget, items: list[ItemRef], chosen: int = 0) -> None:
        super().__init__(parent)
        self.setWindowTitle("Comment")
        self.items = items
        self.item_box = QComboBox()
        self.item_box.setObjectName("commentItem")
        self.item_box.setAccessibleName("What the comment is about")
        for item in items:
            self.item_box.addItem(item.label)
        self.item_box.setCurrentIndex(chosen)
        self.text = QPlainTextEdit()
        self.text.setObjectName("commentText")
        self.text.setAccessibleName("Comment")
        self.text.setPlaceholderText("What the group should know or check")
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setEnabled(False)
        self.text.textChanged.connect(
            lambda: self.ok_button.setEnabled(bool(self.text.toPlainText().strip()))
        )
        form = QFormLayout(self)
        form.addRow("About:", self.item_box)
        form.addRow("Comment:", self.text)
        form.addRow(buttons)
        self.resize(520, 260)

    def note(self) -> ReviewNote:
        return ReviewNote(self.items[self.item_box.currentIndex()], self.text.toPlainText().strip())


class DraftPanel(QWidget):
    """Under the banner: the comments made so far, each with its item; Remove."""

    changed = Signal()

    def __init__(self, draft: ReviewDraft, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reviewDraftPanel")
        self.draft = draft
        self.heading = QLabel()
        self.list = QListWidget()
        self.list.setObjectName("reviewDraftList")
        self.list.setAccessibleName("Your review comments")
        self.list.setMaximumHeight(120)
        self.remove_button = QPushButton("Remove")
        self.remove_button.setObjectName("removeCommentButton")
        self.remove_button.clicked.connect(self._remove)
        row = QHBoxLayout()
        row.addWidget(self.heading, 1)
        row.addWidget(self.remove_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.addLayout(row)
        layout.addWidget(self.list)
        self.refresh()

    def refresh(self) -> None:
        self.list.clear()
        for note in self.draft.notes:
            QListWidgetItem(f"{note.item.label} — {note.text}", self.list)
        count = len(self.draft.notes)
        state = "" if not count else " (saved)" if not self.draft.unsaved else " (not saved yet)"
        self.heading.setText(f"Your comments: {count}{state}")
        self.remove_button.setEnabled(bool(count))
        self.setVisible(bool(count))

    def _remove(self) -> None:
        row = self.list.currentRow()
        if row < 0:
            row = self.list.count() - 1
        if row >= 0:
            self.draft.remove(row)
            self.refresh()
            self.changed.emit()


def ask_comment(parent: QWidget, items: list[ItemRef], chosen: int = 0) -> ReviewNote | None:
    dialog = CommentDialog(parent, items, chosen)
    parent.comment_dialog = dialog  # type: ignore[attr-defined]  # tests drive it
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return dialog.note()


def save_review_file(
    parent: QWidget, ctx: WorkspaceContext, session: ReviewSession, draft: ReviewDraft
) -> Path | None:
    """Save review file…: where, who is reviewing (remembered), then write it signed."""
    from cattool.core.casefile.review import REVIEW_SUFFIX, ReviewManifest, write_review_file
    from cattool.core.changes import current_user
    from cattool.core.errors import InputError
    from cattool.core.model import Case
    from cattool.ui.casefile_keys import organisation_keys
    from cattool.ui.settings import app_settings

    if not draft.notes:
        QMessageBox.information(parent, "Save review file", "There are no comments to save.")
        return None
    settings = app_settings()
    reviewer, accepted = QInputDialog.getText(
        parent, "Save review file", "Reviewer (your name and organisation):",
        text=str(settings.value(REVIEWER_KEY, "") or current_user()),
    )  # fmt: skip
    reviewer = reviewer.strip()
    if not accepted or not reviewer:
        return None
    suggested = str(session.path.with_name(session.path.stem + REVIEW_SUFFIX))
    chosen, _ = QFileDialog.getSaveFileName(parent, "Save review file", suggested, FILE_FILTER)
    if not chosen:
        return None
    target = Path(chosen)
    if target.suffix != REVIEW_SUFFIX:
        target = target.with_name(target.name + REVIEW_SUFFIX)
    reference = ctx.read(lambda s: s.get(Case, session.case_id).reference) or ""
    uid = session.report.manifest.case_uid if session.report.manifest else ""
    manifest = ReviewManifest(uid, reference, session.case_name, session.casefile_sha256,
                              reviewer[:200])  # fmt: skip
    try:
        key = organisation_keys(parent).signing_key()
        write_review_file(target, manifest, list(draft.notes), key)
    except InputError as exc:
        QMessageBox.warning(parent, "The review file was not saved", str(exc))
        return None
    settings.setValue(REVIEWER_KEY, reviewer)
    draft.mark_saved(target)
    return target
