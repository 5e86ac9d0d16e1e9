"""Group and members: who is nominating, its member register, and a live check of whether
it may nominate (Localism Act 2011 s.89; SI 2012/2421 regs 4-5; DOMAIN.md §3).

Members are personal data (UK GDPR): the register is kept only as eligibility evidence.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from html import escape
from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from cattool.core import editing, services
from cattool.core.eligibility import EligibilityCheck, check_eligibility, legal_forms
from cattool.core.errors import InputError
from cattool.core.model import Case
from cattool.ui.forms import (
    BAD,
    Column,
    RecordDialog,
    RecordList,
    clean_postcode,
    labelled,
    note_label,
    scrolled,
)
from cattool.ui.pages.common import (
    FormPage,
    add_section,
    changed_from,
    remove_record,
    save_record,
)

MEMBER_FIELDS = ("name", "address", "postcode", "on_electoral_roll", "council")
TEXT_FIELDS = (
    "name", "registration_number", "local_connection", "address", "email", "phone",
    "contact_name", "contact_role", "governing_document", "objects",
)  # fmt: skip
EMAIL_TIP = "Where the council can write to the group, e.g. friends@example.org."
_PANEL = {
    True: ("#1b5e20", "#e8f5e9", "✔ Eligible to nominate"),
    False: ("#8a1c1c", "#fdecea", "✘ Not yet eligible: what is missing"),
}


@dataclass(frozen=True)
class MemberRow:
    id: int
    name: str
    address: str
    postcode: str
    on_electoral_roll: bool
    council: str


def eligibility_html(check: EligibilityCheck, unsaved: bool) -> str:
    colour, _, title = _PANEL[check.eligible]
    items = check.satisfied if check.eligible else check.missing
    html = f"<p style='color:{colour}'><b>{title}</b></p><ul style='margin-left:-20px'>"
    html += "".join(f"<li>{escape(item, quote=False)}</li>" for item in items) + "</ul>"
    if not check.eligible and check.satisfied:
        html += "<p>Already in order: " + escape("; ".join(check.satisfied), quote=False) + ".</p>"
    if unsaved:
        html += "<p><i>Checked against the form as typed: save to keep these details.</i></p>"
    return html


class MemberDialog(RecordDialog):
    def __init__(self, parent, title, submit) -> None:  # type: ignore[no-untyped-def]
        super().__init__(parent, title, submit)
        self.name = labelled(QLineEdit(), "Member's name", "Their full name as on the register.")
        self.address = labelled(
            QLineEdit(), "Member's address", "Their address as on the electoral register."
        )
        self.postcode = labelled(QLineEdit(), "Member's postcode", "e.g. L4 4LP")
        self.on_roll = labelled(
            QCheckBox("On the &electoral register"),
            "On the electoral register",
            "Tick if they are on the electoral register of this council or "
            "a neighbouring council (needed for 21 local members).",
        )
        self.council = labelled(
            QLineEdit(),
            "Council",
            "Whose electoral register they are on, e.g. Liverpool City Council.",
        )
        self.form.addRow("&Name:", self.name)
        self.form.addRow("&Address:", self.address)
        self.form.addRow("&Postcode:", self.postcode)
        self.form.addRow("", self.on_roll)
        self.form.addRow("&Council:", self.council)

    def fill(self, row: MemberRow) -> None:
        self.name.setText(row.name)
        self.address.setText(row.address)
        self.postcode.setText(row.postcode)
        self.on_roll.setChecked(row.on_electoral_roll)
        self.council.setText(row.council)

    def values(self) -> dict:
        return {
            "name": " ".join(self.name.text().split()),
            "address": self.address.text().strip(),
            "postcode": clean_postcode(self.postcode.text()),
            "on_electoral_roll": self.on_roll.isChecked(),
            "council": self.council.text().strip(),
        }


class GroupPage(FormPage):
    """The group's details, its member register and a live eligibility check."""

    title = "Group and members"
    shows = frozenset({"group", "member"})

    def __init__(self, ctx, parent: QWidget | None = None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(ctx, parent)
        self.group_id: int | None = None
        self.members: list[MemberRow] = []
        self.dialog: MemberDialog | None = None
        f = self.fields

        self.name = f.add(
            "name",
            labelled(QLineEdit(), "Group name", "The group's name, e.g. Friends of the Red Lion."),
        )
        self.legal_form = labelled(
            QComboBox(),
            "Legal form",
            "What kind of body the group is: this decides what it must show to nominate.",
        )
        self.legal_form.addItem("Choose the group's legal form…", "")
        forms = sorted(legal_forms().values(), key=lambda form: not form.eligible)
        for form in forms:
            self.legal_form.addItem(
                form.label if form.eligible else f"{form.label} (cannot nominate)", form.key
            )
        f.add("legal_form", self.legal_form)
        self.registration_number = f.add(
            "registration_number",
            labelled(
                QLineEdit(),
                "Registration number",
                "Charity, company or FCA society number, if the group is registered.",
            ),
        )
        self.not_for_profit = f.add(
            "not_for_profit",
            labelled(
                QCheckBox("Does not &distribute any surplus to its members"),
                "Not for profit",
                "Tick if the group's rules say any surplus is not shared out among its members.",
            ),
        )
        self.asset_lock = f.add(
            "asset_lock",
            labelled(
                QCheckBox("Has an asset &lock"),
                "Asset lock",
                "Tick if the group's rules keep its assets for the community even if it closes.",
            ),
        )
        self.local_connection = f.add(
            "local_connection",
            labelled(
                QPlainTextEdit(),
                "Local connection",
                "How the group's activities concern this council's area (or a neighbouring one) "
                "and where any surplus is spent.",
            ),
        )
        self.local_connection.setTabChangesFocus(True)
        self.local_connection.setFixedHeight(80)
        contact_form, papers_form = self._build_contact_fields()
        f.edited.connect(self._refresh_state)

        form = QFormLayout()
        form.addRow("&Name:", self.name)
        form.addRow("Legal &form:", self.legal_form)
        form.addRow("Re&gistration number:", self.registration_number)
        form.addRow("", self.not_for_profit)
        form.addRow("", self.asset_lock)
        form.addRow("Local &connection:", self.local_connection)

        self.eligibility = QLabel()
        self.eligibility.setWordWrap(True)
        self.eligibility.setAccessibleName("Eligibility check")
        self.panel = QFrame()
        self.panel.setObjectName("eligibilityPanel")
        panel_layout = QVBoxLayout(self.panel)
        panel_layout.addWidget(QLabel("<b>Can this group nominate?</b>"))
        panel_layout.addWidget(self.eligibility)
        panel_layout.addStretch(1)
        top = QHBoxLayout()
        top.addLayout(form, 3)
        top.addSpacing(12)
        top.addWidget(self.panel, 2)
        details = QHBoxLayout()
        for column, form_layout in enumerate((contact_form, papers_form)):
            holder = QVBoxLayout()  # rows at the top, not spread over the taller column
            holder.addLayout(form_layout)
            holder.addStretch(1)
            if column:
                details.addSpacing(16)
            details.addLayout(holder, 1)

        buttons = self._make_save_bar("group")

        self.register = RecordList(
            "member",
            [
                Column("Name", lambda r: r.name),
                Column("Address", lambda r: r.address),
                Column("Postcode", lambda r: r.postcode),
                Column(
                    "On electoral roll",
                    lambda r: "✓ Yes" if r.on_electoral_roll else "No",
                    "On the electoral register of this council or a neighbouring one",
                    sort=lambda r: not r.on_electoral_roll,
                ),
                Column("Council", lambda r: r.council),
            ],
            key=lambda r: r.id,
            sort_column=0,
        )
        self.register.view.setMinimumHeight(160)
        self.register.addRequested.connect(self.add_member)
        self.register.editRequested.connect(self.edit_member)
        self.register.removeRequested.connect(self.remove_member)
        self.count = note_label()

        body = QWidget()
        layout = QVBoxLayout(body)
        add_section(
            layout,
            "The group",
            "Who is nominating. Only some kinds of body may nominate, each with its own "
            "conditions (Localism Act 2011 s.89; SI 2012/2421 regs 4-5): the check on the "
            "right says exactly what is missing as you fill in the form.",
        )
        layout.addLayout(top)
        layout.addSpacing(6)
        layout.addWidget(
            note_label(
                "<b>Contact and papers.</b> The nomination and letters give the group's "
                "address and are signed by the person named here; the governing document "
                "and objects show the council what kind of body the group is."
            )
        )
        layout.addLayout(details)
        layout.addLayout(buttons)
        layout.addSpacing(8)
        add_section(
            layout,
            "Member register",
            "Members' names and addresses are personal data. This list is used only as "
            "evidence that the group may nominate (an unincorporated group needs 21 members "
            "on the local electoral register) and is left out of every other document.",
        )
        layout.addWidget(self.count)
        layout.addWidget(self.register, 1)
        scrolled(self, body)
        self._refresh_state()

    def _build_contact_fields(self) -> tuple[QFormLayout, QFormLayout]:
        """How to reach the group, who signs for it, and its papers."""
        f = self.fields

        def line(key: str, name: str, tip: str, placeholder: str = "") -> QLineEdit:
            edit = f.add(key, labelled(QLineEdit(), name, tip))
            edit.setPlaceholderText(placeholder)
            return edit

        def box(key: str, name: str, tip: str, lines: int, placeholder: str) -> QPlainTextEdit:
            edit = f.add(key, labelled(QPlainTextEdit(), name, tip))
            edit.setTabChangesFocus(True)
            edit.setFixedHeight(12 + lines * edit.fontMetrics().lineSpacing())
            edit.setPlaceholderText(placeholder)
            return edit

        self.address = box(
            "address", "Group's address", "The address letters to the group go to.", 2,
            "e.g. c/o 14 Westminster Road, Liverpool L4 4LP",
        )  # fmt: skip
        self.email = line("email", "Group's email", EMAIL_TIP, "e.g. friends@example.org")
        self.email.editingFinished.connect(self._check_email)
        self.phone = line("phone", "Group's phone", "A phone number for the group's contact.")
        self.contact_name = line(
            "contact_name", "Who signs for the group",
            "The person who signs the nomination and letters for the group.", "e.g. Maureen Doyle",
        )  # fmt: skip
        self.contact_role = line(
            "contact_role", "Their role", "Their role in the group.", "e.g. Chair, Secretary"
        )
        self.governing_document = box(
            "governing_document", "Governing document",
            "The group's constitution, rules or articles: its name and when it was adopted.", 2,
            "e.g. Constitution adopted 12 May 2024",
        )  # fmt: skip
        self.objects = box(
            "objects", "Objects", "What the group is for, as its governing document says.", 3,
            "e.g. To keep the building open as a community venue for local people",
        )  # fmt: skip
        contact, papers = QFormLayout(), QFormLayout()
        contact.addRow("P&ostal address:", self.address)
        contact.addRow("E&mail:", self.email)
        contact.addRow("P&hone:", self.phone)
        papers.addRow("&Who signs for the group:", self.contact_name)
        papers.addRow("&Their role:", self.contact_role)
        papers.addRow("Go&verning document:", self.governing_document)
        papers.addRow("O&bjects:", self.objects)
        return contact, papers

    def _check_email(self) -> None:
        """A red border and the reason while the email cannot be right (core checks it)."""
        try:
            editing.clean_fields("group", {"email": self.email.text()})
        except InputError as exc:
            self.email.setStyleSheet(f"border: 1px solid {BAD};")
            self.email.setToolTip(str(exc))
            return
        self.email.setStyleSheet("")
        self.email.setToolTip(EMAIL_TIP)

    versioned = ("member",)

    @staticmethod
    def read_case(session: Any, case_id: int, today: dt.date) -> Any:
        """The group's id, its stored fields, its members, its version."""
        group = session.get(Case, case_id).group
        if group is None:
            return None, {}, [], None
        stored = {k: getattr(group, k) for k in services.GROUP_FIELDS}
        members = [
            MemberRow(
                m.id,
                m.name,
                m.address or "",
                m.postcode or "",
                bool(m.on_electoral_roll),
                m.council or "",
            )
            for m in group.members
        ]
        return group.id, stored, members, group.version

    def load(self) -> None:
        self.group_id, stored, self.members, version = self.read_page()
        self._load_stored(stored, version)
        self.register.set_rows(self.members)
        self._refresh_state()

    # ------------------------------------------------------------------ the group

    def current_check(self) -> EligibilityCheck:
        """The eligibility check on the form as typed and the members as stored."""
        values = self.fields.values()
        return check_eligibility(
            values["legal_form"] or "",
            not_for_profit=values["not_for_profit"],
            local_connection=values["local_connection"],
            members_on_roll=[m.on_electoral_roll for m in self.members],
        )

    def save(self) -> bool:
        case_id = self.case_id
        assert case_id is not None

        def run() -> None:
            values = self.fields.values()
            for key in TEXT_FIELDS:
                values[key] = values[key].strip()
            values["legal_form"] = values["legal_form"] or ""
            if not values["name"]:
                raise InputError("The group needs a name, e.g. 'Friends of the Red Lion'.")
            changed = self._show_cleaned(values)
            self._push_form(
                "group",
                self.group_id,
                lambda s: services.set_group(s, case_id, **values),
                changed,
                add_text="Add the group's details",
                edit_text="Edit the group's details",
            )

        return self.attempt(run, "The group could not be saved")

    def _refresh_state(self) -> None:
        changed = self.fields.changed()
        nothing_saved = (
            "No group saved yet: fill in its name and legal form."
            if self.group_id is None
            else None
        )
        self._show_save_state(nothing_saved)
        check = self.current_check()
        colour, background, _ = _PANEL[check.eligible]
        self.panel.setStyleSheet(
            f"#eligibilityPanel {{ background: {background}; border: 1px solid {colour};"
            f" border-radius: 4px; }} #eligibilityPanel QLabel {{ color: #202124; }}"
        )
        self.eligibility.setText(eligibility_html(check, bool(changed)))
        on_roll = sum(1 for m in self.members if m.on_electoral_roll)
        total = len(self.members)
        has_group = self.group_id is not None
        self.register.add_button.setEnabled(has_group)
        self.register.add_button.setToolTip(
            "Add a member." if has_group else "Save the group first, then add its members."
        )
        if not has_group:
            self.count.setText("Save the group first, then add its members.")
        else:
            self.count.setText(
                f"{total} member{'s' if total != 1 else ''} recorded, "
                f"{on_roll} on the electoral register."
            )

    # ------------------------------------------------------------------ members

    def add_member(self) -> None:
        if self.group_id is None:
            return
        self.dialog = MemberDialog(
            self, "Add a member", lambda: self._save_member(None, self.dialog)
        )
        self.dialog.on_roll.setChecked(True)
        self.dialog.open()

    def edit_member(self, row: MemberRow) -> None:
        self.open_record("member", row.id)
        self.dialog = MemberDialog(
            self, "Edit a member", lambda: self._save_member(row, self.dialog)
        )
        self.dialog.fill(row)
        self.dialog.open()

    def _save_member(self, existing: MemberRow | None, dialog: MemberDialog | None) -> bool:
        case_id = self.case_id
        assert case_id is not None and dialog is not None

        def run() -> None:
            values = dialog.values()
            if not values["name"]:
                raise InputError("A member needs a name.")
            dialog.postcode.setText(values["postcode"])
            save_record(
                self,
                "member",
                existing.id if existing else None,
                lambda s: services.add_member(s, case_id, **values),
                changed_from(existing, values),
                add_text="Add a member",
                edit_text="Edit a member",
                shown=existing,
            )

        return self.attempt(run, "The member could not be saved")

    def remove_member(self, row: MemberRow) -> None:
        remove_record(
            self,
            "member",
            row.id,
            question=(
                "Remove member",
                f"Remove {row.name} from the member register? You can undo this.",
            ),
            text="Remove a member",
            failure="The member could not be removed",
        )
