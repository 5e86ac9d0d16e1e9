"""The dashboard's first-run page: a welcome and the two ways to begin."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from cattool.ui.view_helpers import scaled_font


class EmptyState(QWidget):
    """First run: a welcome and the two ways to begin."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("emptyState")
        heading = QLabel("Welcome to cattool")
        heading.setObjectName("emptyHeading")
        heading.setFont(scaled_font(heading, 2.0, bold=True))
        heading.setAlignment(Qt.AlignmentFlag.AlignCenter)
        text = QLabel(
            "<p>cattool keeps track of a campaign to save an Asset of Community Value: "
            "what has happened, what the law says happens next, and by when.</p>"
            "<p>There are no cases in this database yet. Start your own, or look around "
            "with some example cases first (you can open another database later from "
            "the File menu).</p>"
        )
        text.setObjectName("emptyText")
        text.setWordWrap(True)
        text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        text.setFont(scaled_font(text, 1.15))
        text.setTextFormat(Qt.TextFormat.RichText)
        width = QFontMetrics(text.font()).averageCharWidth() * 64
        text.setFixedWidth(width)
        text.setMinimumHeight(text.heightForWidth(width))

        self.new_button = QPushButton("New case…")
        self.new_button.setObjectName("emptyNewCase")
        self.new_button.setToolTip("Start a case for a building or land your group wants to save")
        self.demo_button = QPushButton("Open demo cases")
        self.demo_button.setObjectName("emptyDemo")
        self.demo_button.setToolTip("Add four example cases at different stages to explore")
        for button in (self.new_button, self.demo_button):
            button.setFont(scaled_font(button, 1.25))
            button.setMinimumSize(220, 56)
            button.setAccessibleName(button.text().rstrip("…"))
        self.new_button.setDefault(True)

        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.new_button)
        buttons.addSpacing(16)
        buttons.addWidget(self.demo_button)
        buttons.addStretch(1)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(48, 48, 48, 48)
        layout.addStretch(2)
        layout.addWidget(heading)
        layout.addSpacing(12)
        centred = QHBoxLayout()
        centred.addStretch(1)
        centred.addWidget(text)
        centred.addStretch(1)
        layout.addLayout(centred)
        layout.addSpacing(28)
        layout.addLayout(buttons)
        layout.addStretch(3)

    def text(self) -> str:
        """Everything the empty state says (for tests and screen readers)."""
        return "\n".join(label.text() for label in self.findChildren(QLabel))
