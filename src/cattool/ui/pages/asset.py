"""Asset and owners: what a nomination must describe (SI 2012/2421 reg 6): the land and
its proposed boundary (and a plan of it), the current occupiers, and the names and addresses
of the freehold and leasehold owners; and why it is of community value, now or in the recent
past (Localism Act 2011 s.88)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from PySide6.QtCore import QRegularExpression, Qt, QUrl
from PySide6.QtGui import QDesktopServices, QRegularExpressionValidator
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from cattool.core import services
from cattool.core.editing import COMMUNITY_USES
from cattool.core.errors import InputError
from cattool.core.model import Case
from cattool.ui.forms import (
    BAD,
    GOOD,
    Column,
    RecordList,
    clean_postcode,
    labelled,
    note_label,
    scrolled,
)
from cattool.ui.pages.common import FormPage, add_section, button
from cattool.ui.pages.contacts import (
    KIND_LABELS,
    PartyDialog,
    PartyRow,
    read_parties,
    remove_party,
    role_label,
    save_party,
)

ASSET_TYPES = (
    "pub",
    "community hall",
    "library",
    "shop",
    "sports ground",
    "green space",
    "other",
)
OWNER_ROLES = ("owner", "occupier", "freeholder", "leaseholder")
OWNING_ROLES = ("owner", "freeholder", "leaseholder")
PLAN_FILES = "Plans (*.pdf *.png *.jpg *.jpeg *.tif *.tiff *.gif *.bmp *.svg);;All files (*)"


def _text_box(name: str, tip: str, lines: int = 3) -> QPlainTextEdit:
    box = QPlainTextEdit()
    box.setTabChangesFocus(True)
    box.setFixedHeight(12 + lines * box.fontMetrics().lineSpacing())
    labelled(box, name, tip)
    return box


def _box(colour: str, background: str) -> str:
    return (
        f"QLabel {{ color: {colour}; background: {background}; border: 1px solid {colour};"
        " border-radius: 4px; padding: 6px; }"
    )


def nomination_needs(values: dict[str, str], parties: list[PartyRow]) -> list[str]:
    """What reg 6 asks for that is not yet recorded, in plain words."""
    needs = []
    if not values.get("address", "").strip():
        needs.append("the asset's address")
    if not values.get("description", "").strip():
        needs.append("a description of the land or building")
    if not values.get("boundary", "").strip():
        needs.append("its proposed boundary (describe it and attach a plan)")
    if not values.get("community_use"):
        needs.append("whether its community use is current or in the recent past")
    if not values.get("community_value", "").strip():
        needs.append("why it is of community value")
    owners = [p for p in parties if p.role in OWNING_ROLES]
    if not owners:
        needs.append("the owner (freeholder, and any leaseholder) with their address")
    needs += [f"{p.name}'s current or last-known address" for p in owners if not p.address]
    return needs


class AssetPage(FormPage):
    """The asset form (saved in one undoable step) and its owners and occupiers."""

    title = "Asset and owners"
    shows = frozenset({"asset", "party"})

    def __init__(self, ctx, parent: QWidget | None = None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(ctx, parent)
        self.asset_id: int | None = None
        self.parties: list[PartyRow] = []
        self.dialog: PartyDialog | None = None
        f = self.fields

        self.name = f.add(
            "name", labelled(QLineEdit(), "Asset name", "What people call it, e.g. 'The Red Lion'.")
        )
        self.address = f.add(
            "address", _text_box("Address", "The full postal address of the land or building.", 2)
        )
        self.postcode = f.add(
            "postcode", labelled(QLineEdit(), "Postcode", "The postcode, e.g. L5 7QQ.")
        )
        self.postcode.setMaximumWidth(140)
        self.postcode.editingFinished.connect(self._tidy_postcode)
        self.uprn = f.add(
            "uprn",
            labelled(
                QLineEdit(),
                "UPRN",
                "Unique Property Reference Number: up to 12 digits. Find it on "
                "FindMyAddress or the council's planning map.",
            ),
        )
        self.uprn.setValidator(QRegularExpressionValidator(QRegularExpression(r"\d{0,12}")))
        self.uprn.setMaximumWidth(160)
        self.title_number = f.add(
            "title_number",
            labelled(
                QLineEdit(),
                "Title number",
                "The HM Land Registry title number, e.g. MS482211 (on the title register).",
            ),
        )
        self.title_number.setMaximumWidth(160)
        self.asset_type = QComboBox()
        self.asset_type.setEditable(True)
        self.asset_type.addItems(ASSET_TYPES)
        self.asset_type.setCurrentIndex(-1)
        self.asset_type.setMaximumWidth(260)
        self.asset_type.lineEdit().setPlaceholderText("Choose or type, e.g. pub")
        f.add(
            "asset_type",
            labelled(self.asset_type, "Type of asset", "Choose a type or type your own."),
        )
        self.description = f.add(
            "description",
            _text_box(
                "Description", "Describe the land or building: what is there and how it is used."
            ),
        )
        self.boundary = f.add(
            "boundary",
            _text_box(
                "Proposed boundary",
                "The boundary you propose for listing, e.g. 'the building and rear yard, edged "
                "red on the attached plan'.",
            ),
        )
        self.condition = f.add(
            "condition",
            _text_box("Condition", "Its state of repair, e.g. 'Poor: roof leaks, no services'."),
        )
        self._build_community_fields()
        f.edited.connect(self._refresh_state)

        left, right = QFormLayout(), QFormLayout()
        left.addRow("&Name:", self.name)
        left.addRow("&Address:", self.address)
        left.addRow("&Postcode:", self.postcode)
        left.addRow("&UPRN:", self.uprn)
        left.addRow("&Title number:", self.title_number)
        left.addRow("T&ype:", self.asset_type)
        right.addRow("&Description:", self.description)
        right.addRow("Proposed &boundary:", self.boundary)
        # A row of buttons, not one field: no mnemonic here (Choose plan… has its own).
        right.addRow("Boundary plan:", self.plan_row)
        right.addRow("&Condition:", self.condition)
        columns = QHBoxLayout()
        columns.addLayout(left, 1)
        columns.addSpacing(16)
        columns.addLayout(right, 1)
        value_form = QFormLayout()
        value_form.addRow("Co&mmunity use:", self.community_use)
        value_form.addRow("&Why it is of\ncommunity value:", self.community_value)

        buttons = self._make_save_bar("asset")

        self.needs = note_label()
        self.needs.setAccessibleName("What the nomination still needs")

        self.owners = RecordList(
            "owner or occupier",
            [
                Column("Name", lambda r: r.name),
                Column("Role", lambda r: role_label(r.role)),
                Column("Kind", lambda r: KIND_LABELS.get(r.kind, r.kind)),
                Column(
                    "Address",
                    lambda r: " ".join(r.address.split()) or "(no address yet)",
                    colour=lambda r: None if r.address else BAD,
                ),
            ],
            key=lambda r: r.link_id,
        )
        self.owners.add_button.setText("Add &owner or occupier…")
        self.owners.view.setMinimumHeight(150)
        self.owners.addRequested.connect(self.add_owner)
        self.owners.editRequested.connect(self.edit_owner)
        self.owners.removeRequested.connect(lambda row: remove_party(self, row))

        body = QWidget()
        layout = QVBoxLayout(body)
        add_section(
            layout,
            "The asset",
            "What the nomination must describe: the land or building and the boundary you "
            "propose (SI 2012/2421 reg 6). The address, UPRN and title number help the "
            "council find it.",
        )
        layout.addLayout(columns)
        layout.addLayout(value_form)
        layout.addLayout(buttons)
        layout.addWidget(self.needs)
        layout.addSpacing(8)
        add_section(
            layout,
            "Owners and occupiers",
            "The nomination must name the current occupiers and give the names and current or "
            "last-known addresses of all freehold and leasehold owners. Other contacts are on "
            "the Contacts page.",
        )
        layout.addWidget(self.owners, 1)
        scrolled(self, body)
        self._refresh_state()

    @staticmethod
    def read_case(session: Any, case_id: int, today: dt.date) -> Any:
        """The asset's id, its stored fields, the owners and occupiers, its version."""
        asset = session.get(Case, case_id).asset
        stored = {k: getattr(asset, k) for k in services.ASSET_FIELDS} if asset else {}
        return (
            (asset.id if asset else None),
            stored,
            read_parties(session, case_id, OWNER_ROLES),
            asset.version if asset else None,
        )

    def load(self) -> None:
        self.asset_id, stored, self.parties, version = self.read_page()
        self._load_stored(stored, version)
        self.owners.set_rows(self.parties)
        self._refresh_state()

    # ------------------------------------------------------------------ community value

    def _build_community_fields(self) -> None:
        """Why the asset may be listed (Localism Act 2011 s.88), and the boundary plan."""
        f = self.fields
        self.community_use = QComboBox()
        self.community_use.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.community_use.setMinimumContentsLength(30)
        self.community_use.addItem("Choose: in use now, or in the recent past…", "")
        for key, label in COMMUNITY_USES.items():
            self.community_use.addItem(label, key)
        f.add(
            "community_use",
            labelled(
                self.community_use,
                "Community use",
                "Is the building's community use current, or in the recent past (and could it "
                "return within five years)? The nomination must say which.",
            ),
        )
        self.community_value = f.add(
            "community_value",
            _text_box(
                "Why it is of community value",
                "How its main use furthers the social wellbeing or social interests of the "
                "local community (sport, culture, recreation…), and how that can continue.",
                6,
            ),
        )
        self.community_value.setPlaceholderText(
            "e.g. The only meeting place in the ward: quiz nights, the darts league, the "
            "Christmas lunch for older residents…"
        )
        # The plan's full path is a hidden field of the form; the page shows its file name.
        self.plan_path = f.add("plan_path", QLineEdit(self))
        self.plan_path.hide()
        self.plan_path.textChanged.connect(self._show_plan)
        self.plan_name = labelled(QLabel(), "Boundary plan", "The plan of the proposed boundary.")
        self.plan_name.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.plan_choose = button(
            "C&hoose plan…",
            "Choose the plan showing the boundary (a PDF or a picture), e.g. edged red",
            self.choose_plan,
            "Choose boundary plan",
        )
        self.plan_open = button("Open", "Open the plan", self.open_plan, "Open boundary plan")
        self.plan_clear = button(
            "Remove", "Forget the plan (the file itself is kept)", self.plan_path.clear,
            "Remove boundary plan",
        )  # fmt: skip
        self.plan_row = QHBoxLayout()
        self.plan_row.addWidget(self.plan_name, 1)
        for widget in (self.plan_choose, self.plan_open, self.plan_clear):
            self.plan_row.addWidget(widget)
        self._show_plan()

    def _show_plan(self) -> None:
        path = self.plan_path.text()
        gone = bool(path) and not Path(path).exists()
        if not path:
            self.plan_name.setText("No plan chosen")
        else:
            self.plan_name.setText(Path(path).name + (" (not found)" if gone else ""))
        self.plan_name.setToolTip(path or "The plan of the proposed boundary.")
        self.plan_name.setStyleSheet(f"color: {BAD};" if gone else "")
        self.plan_open.setEnabled(bool(path) and not gone)
        self.plan_clear.setEnabled(bool(path))

    def choose_plan(self) -> None:
        current = self.plan_path.text()
        start = str(Path(current).parent) if current else str(Path.home())
        path, _ = QFileDialog.getOpenFileName(self, "Choose the boundary plan", start, PLAN_FILES)
        if path:
            self.plan_path.setText(path)

    def open_plan(self) -> None:
        path = self.plan_path.text()
        if not path:
            return
        if not Path(path).exists():
            QMessageBox.warning(
                self, "File not found",
                f"The plan is not there any more:\n{path}\n\nChoose it again.",
            )  # fmt: skip
            self._show_plan()
            return
        QDesktopServices.openUrl(QUrl.fromLocalFile(path))

    # ------------------------------------------------------------------ the asset

    def _cleaned(self) -> dict[str, str]:
        values = {k: v.strip() for k, v in self.fields.values().items()}
        values["postcode"] = clean_postcode(values["postcode"])
        if values["uprn"] and not (values["uprn"].isdigit() and len(values["uprn"]) <= 12):
            raise InputError("A UPRN is a number of up to 12 digits.")
        return values

    def save(self) -> bool:
        case_id = self.case_id
        assert case_id is not None

        def run() -> None:
            values = self._cleaned()
            changed = self._show_cleaned(values)
            if changed:
                self._push_form(
                    "asset",
                    self.asset_id,
                    lambda s: services.set_asset(s, case_id, **values),
                    changed,
                    add_text="Add the asset's details",
                    edit_text="Edit the asset's details",
                )

        return self.attempt(run, "The asset could not be saved")

    def _tidy_postcode(self) -> None:
        try:
            tidy = clean_postcode(self.postcode.text())
        except InputError as exc:
            self.postcode.setStyleSheet(f"border: 1px solid {BAD};")
            self.postcode.setToolTip(str(exc))
            return
        self.postcode.setStyleSheet("")
        self.postcode.setToolTip("The postcode, e.g. L5 7QQ.")
        if tidy != self.postcode.text():
            self.postcode.setText(tidy)

    def _refresh_state(self) -> None:
        nothing_saved = "No details saved yet." if self.asset_id is None else None
        self._show_save_state(nothing_saved)
        needs = nomination_needs(self.fields.values(), self.parties)
        if needs:
            self.needs.setText("<b>What the nomination still needs:</b> " + "; ".join(needs) + ".")
            self.needs.setStyleSheet(_box(BAD, "#fdecea"))
        else:
            self.needs.setText("✔ The nomination has the asset details and owners it needs.")
            self.needs.setStyleSheet(_box(GOOD, "#e8f5e9"))

    # ------------------------------------------------------------------ owners

    def add_owner(self) -> None:
        self.dialog = PartyDialog(
            self,
            "Add an owner or occupier",
            OWNER_ROLES,
            lambda: save_party(self, None, self.dialog.values()),
            contact_details=False,
        )
        self.dialog.open()

    def edit_owner(self, row: PartyRow) -> None:
        self.dialog = PartyDialog(
            self,
            f"Edit {row.name}",
            OWNER_ROLES,
            lambda: save_party(self, row, self.dialog.values()),
            contact_details=False,
        )
        self.dialog.fill(row)
        self.dialog.open()
