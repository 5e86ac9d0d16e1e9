"""Contacts: everyone with a role in the case (the council's officer, the owner and their
agent, funders, advisers, valuers, solicitors), with email links and copying.

The party dialog and `save_party` are shared with the Asset page's owners and occupiers.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QRegularExpression, Qt, QUrl
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import func, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from cattool.core import services
from cattool.core.errors import InputError
from cattool.core.model import CaseParty, Party
from cattool.ui.commands import AddRecordCommand, ServiceCommand, push
from cattool.ui.forms import (
    Column,
    RecordDialog,
    RecordList,
    confirm,
    labelled,
    note_label,
)
from cattool.ui.pages.base import CasePage
from cattool.ui.pages.common import add_section, delete_command, edit_command

ROLE_LABELS = {
    "council": "Council",
    "owner": "Owner",
    "occupier": "Occupier",
    "freeholder": "Freeholder",
    "leaseholder": "Leaseholder",
    "agent": "Agent",
    "funder": "Funder",
    "adviser": "Adviser",
    "valuer": "Valuer",
    "solicitor": "Solicitor",
}
ROLE_TIPS = {
    "council": "The council (or its officer) that keeps the register and decides",
    "owner": "Owns the land or building",
    "occupier": "Uses or occupies the land or building now",
    "freeholder": "Holds the freehold (the nomination must give their name and address)",
    "leaseholder": "Holds a lease (the nomination must give their name and address)",
    "agent": "Acts for the owner, e.g. a selling agent",
    "funder": "Gives or lends money towards the bid",
    "adviser": "Advises the group, e.g. Locality or the Plunkett Foundation",
    "valuer": "Values the asset",
    "solicitor": "Gives the group legal advice",
}
KIND_LABELS = {"organisation": "Organisation", "person": "Person"}
PARTY_FIELDS = ("name", "kind", "address", "email", "phone")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def _role_rank(role: str) -> int:
    return list(ROLE_LABELS).index(role) if role in ROLE_LABELS else 99


def role_label(role: str) -> str:
    return ROLE_LABELS.get(role, role.capitalize())


@dataclass(frozen=True)
class PartyRow:
    """One role of one party in the case (a party with two roles is two rows)."""

    link_id: int
    party_id: int
    role: str
    name: str
    kind: str
    address: str
    email: str
    phone: str
    role_count: int  # the party's roles in all cases


def read_parties(session: Session, case_id: int, roles: tuple[str, ...] = ()) -> list[PartyRow]:
    counts = dict(
        session.execute(select(CaseParty.party_id, func.count()).group_by(CaseParty.party_id)).all()
    )
    query = (
        select(CaseParty, Party)
        .join(Party, CaseParty.party_id == Party.id)
        .where(CaseParty.case_id == case_id)
        .order_by(Party.name, CaseParty.id)
    )
    if roles:
        query = query.where(CaseParty.role.in_(roles))
    return [
        PartyRow(
            link.id,
            party.id,
            link.role,
            party.name,
            party.kind,
            party.address or "",
            party.email or "",
            party.phone or "",
            counts.get(party.id, 1),
        )
        for link, party in session.execute(query).all()
    ]


class PartyDialog(RecordDialog):
    """Name, role, person or organisation, address and (optionally) email and phone."""

    def __init__(self, parent, title, roles, submit, *, contact_details=True) -> None:  # type: ignore[no-untyped-def]
        super().__init__(parent, title, submit)
        self.name = labelled(QLineEdit(), "Name", "The person's or organisation's full name.")
        self.role = labelled(QComboBox(), "Role", "What they are to this case.")
        for role in roles:
            self.role.addItem(role_label(role), role)
            self.role.setItemData(
                self.role.count() - 1, ROLE_TIPS.get(role, ""), Qt.ItemDataRole.ToolTipRole
            )
        self.kind = labelled(QComboBox(), "Person or organisation")
        for key, label in KIND_LABELS.items():
            self.kind.addItem(label, key)
        self.email = labelled(QLineEdit(), "Email", "An email address, e.g. acv@council.gov.uk.")
        self.phone = labelled(QLineEdit(), "Phone", "A phone number.")
        self.address = labelled(
            QPlainTextEdit(), "Address", "Postal address (current or last known for an owner)."
        )
        self.address.setTabChangesFocus(True)
        self.address.setFixedHeight(72)
        self.form.addRow("&Name:", self.name)
        self.form.addRow("&Role:", self.role)
        self.form.addRow("&Kind:", self.kind)
        if contact_details:
            self.form.addRow("E&mail:", self.email)
            self.form.addRow("&Phone:", self.phone)
        else:
            self.email.hide()
            self.phone.hide()
        self.form.addRow("A&ddress:", self.address)

    def fill(self, row: PartyRow) -> None:
        self.name.setText(row.name)
        self.role.setCurrentIndex(max(self.role.findData(row.role), 0))
        self.kind.setCurrentIndex(max(self.kind.findData(row.kind), 0))
        self.email.setText(row.email)
        self.phone.setText(row.phone)
        self.address.setPlainText(row.address)

    def values(self) -> dict[str, str]:
        return {
            "name": " ".join(self.name.text().split()),
            "role": self.role.currentData(),
            "kind": self.kind.currentData(),
            "address": self.address.toPlainText().strip(),
            "email": self.email.text().strip(),
            "phone": self.phone.text().strip(),
        }


class ReplacePartyCommand(ServiceCommand):
    """Change a party's role in one undo step: remove it, add it again with the new role.
    (A role is not an editable field; see `editing.EDITABLE`.)"""

    def __init__(self, page: CasePage, party_id: int, add: AddRecordCommand, text: str) -> None:
        super().__init__(page.ctx, text)
        self.remove = delete_command(page, "party", party_id, text)
        self.add = add

    def do(self) -> None:
        self.remove.do()
        try:
            self.add.do()
        except Exception:
            self.remove.undo_()
            raise

    def undo_(self) -> None:
        self.add.undo_()
        self.remove.undo_()


def _database_guard(action: Callable[[], None]) -> Callable[[], None]:
    """Report a refusal by the database as a message instead of a crash (removing a party
    fails in core until Party.roles cascades deletes; nothing is changed when it does)."""

    def run() -> None:
        try:
            action()
        except SQLAlchemyError as exc:
            raise InputError(
                "The database refused the change, so nothing was changed "
                f"({type(exc).__name__}). Please report this problem."
            ) from exc

    return run


def save_party(page: CasePage, existing: PartyRow | None, values: dict[str, str]) -> bool:
    """Add a party, or change one: its details by one edit, its role by replacing it."""
    ctx, case_id = page.ctx, page.case_id
    assert case_id is not None

    def add_command(v: dict[str, str]) -> AddRecordCommand:
        return AddRecordCommand(
            ctx,
            "party",
            lambda s: services.add_party(
                s,
                case_id,
                v["name"],
                v["role"],
                kind=v["kind"],
                address=v["address"],
                email=v["email"],
                phone=v["phone"],
            ),
            text=f"Add {role_label(v['role']).lower()} {v['name']}",
        )

    def run() -> None:
        if not values["name"]:
            raise InputError("Please give a name (a person's or an organisation's).")
        if values["email"] and not _EMAIL.match(values["email"]):
            raise InputError(f"{values['email']!r} does not look like an email address.")
        if existing is None:
            push(ctx, add_command(values))
        elif values["role"] != existing.role:
            if existing.role_count > 1:
                raise InputError(
                    f"{existing.name} has other roles too, so the role cannot be changed here: "
                    "add them again with the new role instead."
                )
            text = f"Change {existing.name} to {role_label(values['role']).lower()}"
            push(ctx, ReplacePartyCommand(page, existing.party_id, add_command(values), text))
        else:
            changed = {k: values[k] for k in PARTY_FIELDS if values[k] != getattr(existing, k)}
            if changed:
                text = f"Edit {existing.name}"
                push(ctx, edit_command(page, "party", existing.party_id, changed, text, existing))

    return page.attempt(_database_guard(run))


def remove_party(page: CasePage, row: PartyRow) -> None:
    roles = "" if row.role_count == 1 else " (and from every other role they have)"
    if confirm(
        page,
        "Remove contact",
        f"Remove {row.name} as {role_label(row.role).lower()}{roles}? You can undo this.",
    ):
        page.attempt(
            _database_guard(
                lambda: push(
                    page.ctx, delete_command(page, "party", row.party_id, f"Remove {row.name}")
                )
            ),
            "That could not be removed",
        )


class ContactsPage(CasePage):
    """Everyone with a role in the case; filter by role, email or copy an address."""

    title = "Contacts"
    shows = frozenset({"party"})

    def __init__(self, ctx, parent: QWidget | None = None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(ctx, parent)
        self.dialog: PartyDialog | None = None
        link = "#0b57d0"
        columns = [
            Column("Name", lambda r: r.name),
            Column(
                "Role",
                lambda r: role_label(r.role),
                "What they are to this case",
                sort=lambda r: f"{_role_rank(r.role):02} {r.name.casefold()}",
            ),
            Column(
                "Email",
                lambda r: r.email,
                "Press Enter or double-click to write an email",
                colour=lambda r: link if r.email else None,
            ),
            Column("Phone", lambda r: r.phone),
            Column("Address", lambda r: " ".join(r.address.split())),
        ]
        self.list = RecordList("contact", columns, key=lambda r: r.link_id, sort_column=1)
        self.list.link_columns[2] = self._email_or_edit
        self.list.view.setMinimumHeight(220)
        self.list.addRequested.connect(self.add)
        self.list.editRequested.connect(self.edit)
        self.list.removeRequested.connect(lambda row: remove_party(self, row))
        self.mail_button = labelled(
            QPushButton("Send e&mail…"), "Send email", "Write an email to the selected contact."
        )
        self.copy_button = labelled(
            QPushButton("&Copy email"), "Copy email", "Copy the selected contact's email address."
        )
        self.mail_button.clicked.connect(lambda: self.send_email(self.list.selected()))
        self.copy_button.clicked.connect(lambda: self.copy_email(self.list.selected()))
        self.list.buttons.insertWidget(3, self.mail_button)
        self.list.buttons.insertWidget(4, self.copy_button)
        self.list.view.selectionModel().selectionChanged.connect(self._update_buttons)

        self.role_filter = labelled(QComboBox(), "Show role", "Show only contacts with this role.")
        self.role_filter.addItem("Everyone", "")
        for role in services.PARTY_ROLES:
            self.role_filter.addItem(role_label(role), role)
        self.role_filter.currentIndexChanged.connect(self._filter)
        show = QLabel("&Show:")
        show.setBuddy(self.role_filter)
        self.count = note_label()
        self.status = note_label()
        top = QHBoxLayout()
        top.addWidget(show)
        top.addWidget(self.role_filter)
        top.addWidget(self.count, 1)

        layout = QVBoxLayout(self)
        add_section(
            layout,
            "Contacts",
            "Everyone involved in the case: the council's officer, the owner and their agent, "
            "funders and advisers. Owners and occupiers are also listed on the Asset page.",
        )
        layout.addLayout(top)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.status)
        self._update_buttons()

    versioned = ("party",)

    @staticmethod
    def read_case(session: Any, case_id: int, today: dt.date) -> Any:
        return read_parties(session, case_id)

    def load(self) -> None:
        self.list.set_rows(self.read_page())
        self._filter()

    # ------------------------------------------------------------------ actions

    def add(self) -> None:
        self.dialog = PartyDialog(
            self,
            "Add a contact",
            services.PARTY_ROLES,
            lambda: save_party(self, None, self.dialog.values()),
        )
        wanted = self.role_filter.currentData()
        if wanted:
            self.dialog.role.setCurrentIndex(self.dialog.role.findData(wanted))
        self.dialog.open()

    def edit(self, row: PartyRow) -> None:
        self.open_record("party", row.party_id)
        self.dialog = PartyDialog(
            self,
            f"Edit {row.name}",
            services.PARTY_ROLES,
            lambda: save_party(self, row, self.dialog.values()),
        )
        self.dialog.fill(row)
        self.dialog.open()

    def send_email(self, row: PartyRow | None) -> None:
        if row is not None and row.email:
            QDesktopServices.openUrl(QUrl(f"mailto:{row.email}"))
            self.status.setText(f"Opening your email program to write to {row.email}.")

    def copy_email(self, row: PartyRow | None) -> None:
        if row is not None and row.email:
            QGuiApplication.clipboard().setText(row.email)
            self.status.setText(f"Copied {row.email}: paste it into your email.")

    def _email_or_edit(self, row: PartyRow) -> None:
        if row.email:
            self.send_email(row)
        else:
            self.edit(row)

    def _filter(self) -> None:
        role = self.role_filter.currentData()
        pattern = f"^{re.escape(role_label(role))}$" if role else ""
        self.list.proxy.setFilterKeyColumn(1)
        self.list.proxy.setFilterRegularExpression(QRegularExpression(pattern))
        shown, total = self.list.proxy.rowCount(), self.list.model.rowCount()
        if total == 0:
            self.count.setText("No contacts yet: add the council's officer and the owner first.")
        elif role:
            self.count.setText(f"{shown} of {total} contacts")
        else:
            self.count.setText(f"{total} contact{'s' if total != 1 else ''}")
        self._update_buttons()

    def _update_buttons(self, *_args: object) -> None:
        row = self.list.selected()
        has_email = bool(row is not None and row.email)
        self.mail_button.setEnabled(has_email)
        self.copy_button.setEnabled(has_email)
