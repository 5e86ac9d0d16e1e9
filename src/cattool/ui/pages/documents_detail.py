"""The Documents page's right-hand panel: the selected document, whether it is needed now,
whether it holds personal data, its state and latest file, the actions, and each fact it
still needs with a button to the page where that fact is filled in."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from cattool.core.dates import format_date_long
from cattool.ui.forms import BAD, MUTED, heading, labelled, note_label
from cattool.ui.pages.documents_model import NOT_NOW, generated_at, generated_on, state_text

PERSONAL = (
    "⚠ Holds personal data: members' names and addresses (UK GDPR). Give it only to the "
    "council; do not publish it or share it more widely."
)
NO_PERSONAL = "No personal data about members."


def _action(text: str, name: str, tip: str) -> QPushButton:
    return labelled(QPushButton(text), name, tip)  # type: ignore[return-value]


class DocumentDetail(QScrollArea):
    """What the page says about one kind of document; the page wires up the buttons."""

    #: A fact's button was pressed: the key of the page to fill it in on ("asset", …).
    pageRequested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("documentDetail")
        self.setAccessibleName("Selected document")
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setMinimumWidth(380)
        self.title = heading("")
        self.title.setWordWrap(True)
        self.summary = note_label(colour="palette(text)")
        self.summary.setAccessibleName("What it is for")
        self.needed = labelled(note_label(), "Needed now")
        self.personal = labelled(note_label(), "Personal data")
        self.state = labelled(note_label(colour="palette(text)"), "State")
        self.file_label = labelled(note_label(), "Latest file")

        self.generate_button = _action(
            "&Generate", "Generate", "Write it as a Word file: a new version each time"
        )
        self.open_button = _action(
            "O&pen", "Open", "Open the latest version in your word processor"
        )
        self.reveal_button = _action(
            "Show in &folder", "Reveal in folder", "Open the folder the latest version is in"
        )
        self.sent_button = _action(
            "Mark as &sent…", "Mark as sent", "Record the day it was sent (you can undo this)"
        )
        actions = QHBoxLayout()
        for widget in (self.generate_button, self.open_button, self.reveal_button):
            actions.addWidget(widget)
        actions.addStretch(1)
        actions.addWidget(self.sent_button)

        self.missing_title = QLabel("<b>Fill in before it can be generated:</b>")
        self.missing_frame = QFrame()
        self.missing_frame.setObjectName("missingFields")
        self.missing_frame.setAccessibleName("What it still needs")
        self.missing_grid = QGridLayout(self.missing_frame)
        self.missing_grid.setContentsMargins(0, 0, 0, 0)
        self.missing_grid.setColumnStretch(0, 1)
        self.field_buttons: list[QPushButton] = []

        body = QWidget()
        layout = QVBoxLayout(body)
        for widget in (self.title, self.summary, self.needed, self.personal):
            layout.addWidget(widget)
        layout.addSpacing(6)
        layout.addWidget(self.state)
        layout.addWidget(self.file_label)
        layout.addLayout(actions)
        layout.addSpacing(8)
        layout.addWidget(self.missing_title)
        layout.addWidget(self.missing_frame)
        layout.addStretch(1)
        self.setWidget(body)
        self.show_status(None, prompt="")

    def show_status(self, status: Any, prompt: str = "Choose a document") -> None:
        """Describe `status` (a DocumentStatus), or nothing but `prompt` when None."""
        if status is None:
            self.title.setText(prompt)
            for label in (self.summary, self.needed, self.personal, self.state, self.file_label):
                label.setText("")
            self._show_missing([])
            return
        kind = status.kind
        self.title.setText(kind.title)
        self.summary.setText(kind.summary)
        self.needed.setText(
            "Needed at this stage of the case."
            if status.applies
            else f"{NOT_NOW}: not needed now. You can still generate it."
        )
        self.personal.setText(PERSONAL if kind.personal_data else NO_PERSONAL)
        self.personal.setStyleSheet(f"color: {BAD if kind.personal_data else MUTED};")
        self.state.setText(f"<b>{state_text(status)}.</b> {_state_detail(status)}")
        self._show_file(status)
        self._show_missing(status.missing)

    def _show_file(self, status: Any) -> None:
        latest = status.latest
        if latest is None:
            self.file_label.setText("Not generated yet.")
            self.file_label.setToolTip("")
            return
        path = Path(latest.path)
        gone = "" if path.exists() else " (the file is no longer there: generate it again)"
        self.file_label.setText(f"Latest file: {path.name}{gone}")
        self.file_label.setToolTip(str(path))

    def _show_missing(self, missing: list[Any]) -> None:
        from cattool.documents.registry import PAGES

        while self.missing_grid.count():
            widget = self.missing_grid.takeAt(0).widget()
            if widget is not None:
                widget.hide()
                widget.deleteLater()
        self.field_buttons = []
        self.missing_title.setVisible(bool(missing))
        self.missing_frame.setVisible(bool(missing))
        for row, requirement in enumerate(missing):
            what = QLabel(f"• {requirement.what}")
            what.setWordWrap(True)
            what.setAccessibleName(requirement.what)
            page_title = PAGES.get(requirement.page, requirement.page)
            go = _action(
                f"{page_title} →",
                f"Go to {page_title}: {requirement.what}",
                f"Go to the {page_title} page to fill in {requirement.what}",
            )
            go.setProperty("page", requirement.page)
            go.clicked.connect(lambda _=False, key=requirement.page: self.pageRequested.emit(key))
            self.missing_grid.addWidget(what, row, 0)
            self.missing_grid.addWidget(go, row, 1, Qt.AlignmentFlag.AlignTop)
            self.field_buttons.append(go)
        previous = self.sent_button
        for go in self.field_buttons:  # Tab goes from the actions down the list
            QWidget.setTabOrder(previous, go)
            previous = go


def _state_detail(status: Any) -> str:
    """What the state line adds to the state itself."""
    if status.missing:
        count = len(status.missing)
        return f"Fill in the {'fact' if count == 1 else f'{count} facts'} listed below."
    latest = status.latest
    if latest is None:
        return "Everything it needs is recorded: Generate writes it."
    stamp = generated_at(status).strftime("%H:%M")
    if latest.sent_event_id is not None:
        return f"Version {latest.revision}, generated {format_date_long(generated_on(status))}."
    return f"Generated at {stamp}; not marked as sent yet."
