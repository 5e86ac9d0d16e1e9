"""File → Export case file…: the options (redact, sign, encrypt), where to save, the
export on a worker thread, and a report saying what was written and how.

The core (cattool.core.casefile.export_case) does the work; this module asks and tells.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from cattool.core.errors import InputError
from cattool.ui.casefile_keys import KEY_FILTER, organisation_keys, safe_file_stem
from cattool.ui.worker import Task, error_text, run_in_background

if TYPE_CHECKING:
    from cattool.core.casefile import ExportOptions, ExportResult, OrganisationKeys
    from cattool.ui.case_source import CaseSource

CASEFILE_FILTER = "cattool case files (*.cattool);;All files (*)"
NO_ENCRYPTION, PASSPHRASE, RECIPIENT = "none", "passphrase", "recipient"


@dataclass(slots=True)
class ExportChoices:
    """What the dialog asked for, checked."""

    redact: bool
    keys: OrganisationKeys | None  # sign with these
    encryption: str  # NO_ENCRYPTION, PASSPHRASE or RECIPIENT
    passphrase: str = ""
    recipient_file: Path | None = None
    recipient_name: str = ""

    def options(self) -> ExportOptions:
        from cattool.core.casefile import ExportOptions, Passphrase, PublicKeyFile, Recipient

        encrypt = None
        if self.encryption == PASSPHRASE:
            encrypt = Passphrase(self.passphrase)
        elif self.encryption == RECIPIENT and self.recipient_file is not None:
            from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PublicKey

            key = PublicKeyFile.read(self.recipient_file)
            encrypt = Recipient(X25519PublicKey.from_public_bytes(key.encryption))
        return ExportOptions(self.redact, self.keys, encrypt)


class ExportCaseDialog(QDialog):
    """Redact, sign (with the fingerprint shown), encrypt (passphrase twice, or a key file)."""

    def __init__(self, parent: QWidget, case_name: str) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Export case file — {case_name}")
        self.setObjectName("exportCaseDialog")
        self.keys: OrganisationKeys | None = None
        self.choices: ExportChoices | None = None

        self.redact = QCheckBox("Redact personal data")
        self.redact.setObjectName("redactCheck")
        self.redact.setChecked(True)
        self.redact.setToolTip(
            "Members', shareholders', donors' and respondents' names and contact details are "
            "replaced by pseudonyms and counts; documents holding them are left out."
        )
        self.sign = QCheckBox("Sign with the organisation's key")
        self.sign.setObjectName("signCheck")
        self.sign.setChecked(True)
        self.sign.toggled.connect(self._sign_toggled)
        self.fingerprint = QLabel()
        self.fingerprint.setObjectName("signFingerprint")
        self.fingerprint.setWordWrap(True)

        self.none_radio = QRadioButton("Not encrypted")
        self.passphrase_radio = QRadioButton("Encrypted with a passphrase")
        self.recipient_radio = QRadioButton("Encrypted for a recipient's public key file")
        self.encryption = QButtonGroup(self)
        for radio, name in ((self.none_radio, NO_ENCRYPTION), (self.passphrase_radio, PASSPHRASE),
                            (self.recipient_radio, RECIPIENT)):  # fmt: skip
            radio.setObjectName(f"encrypt_{name}")
            self.encryption.addButton(radio)
        self.none_radio.setChecked(True)
        self.passphrase = QLineEdit()
        self.passphrase.setObjectName("passphrase")
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase_again = QLineEdit()
        self.passphrase_again.setObjectName("passphraseAgain")
        self.passphrase_again.setEchoMode(QLineEdit.EchoMode.Password)
        self.recipient_path = QLineEdit()
        self.recipient_path.setObjectName("recipientFile")
        self.recipient_path.setPlaceholderText("the recipient's .cattool-key file")
        self.browse = QPushButton("Choose…")
        self.browse.clicked.connect(self._choose_recipient)
        recipient_row = QHBoxLayout()
        recipient_row.addWidget(self.recipient_path, 1)
        recipient_row.addWidget(self.browse)
        for radio in (self.none_radio, self.passphrase_radio, self.recipient_radio):
            radio.toggled.connect(self._update)

        self.error = QLabel()
        self.error.setObjectName("exportError")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #a40000")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Export…")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        form = QFormLayout()
        form.addRow("Passphrase:", self.passphrase)
        form.addRow("Again:", self.passphrase_again)
        form.addRow("Key file:", recipient_row)
        layout = QVBoxLayout(self)
        layout.addWidget(self.redact)
        layout.addWidget(self.sign)
        layout.addWidget(self.fingerprint)
        layout.addSpacing(8)
        layout.addWidget(self.none_radio)
        layout.addWidget(self.passphrase_radio)
        layout.addWidget(self.recipient_radio)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.resize(520, 0)
        self._sign_toggled(True)
        self._update()

    def _sign_toggled(self, on: bool) -> None:
        if not on:
            self.fingerprint.setText("Unsigned: the adviser cannot tell who made the file.")
            return
        if self.keys is None:
            try:
                self.keys = organisation_keys(self)
            except InputError as exc:
                self.fingerprint.setText(f"Cannot sign: {exc}")
                self.sign.setChecked(False)
                return
        fingerprint = self.keys.public_key_file().fingerprint
        self.fingerprint.setText(f"Signed with fingerprint {fingerprint}")

    def _update(self) -> None:
        by_passphrase = self.passphrase_radio.isChecked()
        for widget in (self.passphrase, self.passphrase_again):
            widget.setEnabled(by_passphrase)
        self.recipient_path.setEnabled(self.recipient_radio.isChecked())
        self.browse.setEnabled(self.recipient_radio.isChecked())

    def _choose_recipient(self) -> None:
        chosen, _ = QFileDialog.getOpenFileName(
            self, "Recipient's public key", str(Path.home()), KEY_FILTER
        )
        if chosen:
            self.recipient_path.setText(chosen)

    def check(self) -> ExportChoices:
        """The choices, or InputError naming what is wrong."""
        from cattool.core.casefile import PublicKeyFile

        keys = self.keys if self.sign.isChecked() else None
        choices = ExportChoices(self.redact.isChecked(), keys, NO_ENCRYPTION)
        if self.passphrase_radio.isChecked():
            if not self.passphrase.text():
                raise InputError("Type a passphrase (twice) to encrypt the file.")
            if self.passphrase.text() != self.passphrase_again.text():
                raise InputError("The two passphrases differ.")
            choices.encryption, choices.passphrase = PASSPHRASE, self.passphrase.text()
        elif self.recipient_radio.isChecked():
            text = self.recipient_path.text().strip()
            if not text:
                raise InputError("Choose the recipient's public key file.")
            key = PublicKeyFile.read(Path(text))
            choices.encryption, choices.recipient_file = RECIPIENT, Path(text)
            choices.recipient_name = key.name or f"fingerprint {key.fingerprint}"
        return choices

    def accept(self) -> None:
        try:
            self.choices = self.check()
        except InputError as exc:
            self.error.setText(str(exc))
            return
        super().accept()


def ask_export_target(parent: QWidget, case_name: str, folder: Path) -> Path | None:
    """Where to save (a native dialog); the .cattool file, or None."""
    start = folder / f"{safe_file_stem(case_name, 'case')}.cattool"
    chosen, _ = QFileDialog.getSaveFileName(parent, "Export case file", str(start), CASEFILE_FILTER)
    if not chosen:
        return None
    return Path(chosen) if chosen.lower().endswith(".cattool") else Path(f"{chosen}.cattool")


def export_report(result: ExportResult, choices: ExportChoices) -> str:
    """What was written and how, in plain words."""
    lines = [f"Saved {result.path} ({result.bytes_written:,} bytes)."]
    if result.redacted:
        lines.append("Redacted: personal data replaced by pseudonyms and counts.")
    else:
        lines.append("NOT redacted: it holds members' and others' personal data.")
    if result.fingerprint:
        lines.append(f"Signed by your organisation, fingerprint {result.fingerprint}.")
    else:
        lines.append("Unsigned.")
    if choices.encryption == PASSPHRASE:
        lines.append("Encrypted with a passphrase: tell the adviser it by another way.")
    elif choices.encryption == RECIPIENT:
        lines.append(f"Encrypted for {choices.recipient_name}: only they can open it.")
    else:
        lines.append("Not encrypted.")
    lines += [f"Left out (file not found): {missing}" for missing in result.missing_files]
    return "\n".join(lines)


def export_case_file(
    parent: QWidget, source: CaseSource, case_id: int, case_name: str
) -> Task[ExportResult] | None:
    """The whole of File → Export case file… for one case; the Task, or None if cancelled."""
    dialog = ExportCaseDialog(parent, case_name)
    if dialog.exec() != QDialog.DialogCode.Accepted or dialog.choices is None:
        return None
    choices = dialog.choices
    folder = Path(source.path).parent if source.path else Path.home()
    target = ask_export_target(parent, case_name, folder)
    if target is None:
        return None
    try:
        options = choices.options()
    except InputError as exc:
        QMessageBox.warning(parent, "The case file could not be saved", str(exc))
        return None

    def work() -> ExportResult:
        from cattool.core.casefile import export_case

        with source.store.session() as session:
            return export_case(session, case_id, target, options)

    def done(result: ExportResult) -> None:
        QMessageBox.information(parent, "Case file saved", export_report(result, choices))

    def failed(exc: Exception) -> None:
        QMessageBox.warning(parent, "The case file could not be saved", error_text(exc))

    return run_in_background(parent, f"Exporting {target.name}", work, done, failed)
