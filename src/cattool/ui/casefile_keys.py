"""The organisation's signing key in the window: getting it (asking for the secrets
file's passphrase on the UI thread when there is no OS keyring) and File → Organisation
key… (the fingerprint, exporting the public key file, trusting a signer's key file).

The keys are read on the UI thread before any worker uses them: the fallback secrets
file may need a passphrase, and only the UI thread may ask for one. Once read, the
fallback store keeps the derived key, so the worker never asks again.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from cattool.core.errors import InputError

if TYPE_CHECKING:
    from cattool.core.casefile import OrganisationKeys

KEY_FILTER = "cattool public keys (*.cattool-key *.json);;All files (*)"


def organisation_keys(parent: QWidget) -> OrganisationKeys:
    """The organisation's keys, read (made on first use) now, on the UI thread.

    Raises InputError (SecretsUnavailable) when no keyring is usable and no passphrase
    for the encrypted fallback file is given."""
    from cattool.core.casefile import OrganisationKeys
    from cattool.core.secrets import SecretsUnavailable, secret_store

    def ask() -> str:
        text, accepted = QInputDialog.getText(
            parent, "cattool's secrets file",
            "No OS keyring is available: the organisation's key is kept in an encrypted "
            "file.\nIts passphrase:", QLineEdit.EchoMode.Password,
        )  # fmt: skip
        if not accepted or not text:
            raise SecretsUnavailable("No passphrase given for cattool's secrets file.")
        return text

    keys = OrganisationKeys(secret_store(ask))
    keys.public_key_file()  # reads (or makes) both keys now, asking here if need be
    return keys


def safe_file_stem(text: str, fallback: str) -> str:
    """A file name from a case's or an organisation's name."""
    cleaned = "".join(c if c.isalnum() or c in " -_" else "_" for c in text).strip()
    return cleaned or fallback


class OrganisationKeyDialog(QDialog):
    """The public key's fingerprint, its export as a file, and the signers trusted."""

    def __init__(self, parent: QWidget, keys: OrganisationKeys) -> None:
        super().__init__(parent)
        self.setWindowTitle("Organisation key")
        self.setObjectName("organisationKeyDialog")
        self.keys = keys
        public = keys.public_key_file()
        intro = QLabel(
            "Case files you sign carry this fingerprint. Send your public key file to the "
            "advisers you work with, so their cattool shows your files as signed by a known "
            "signer; tell them the fingerprint by another way (a call) to check it."
        )
        intro.setWordWrap(True)
        self.fingerprint = QLabel(public.fingerprint)
        self.fingerprint.setObjectName("keyFingerprint")
        self.fingerprint.setAccessibleName("Fingerprint")
        self.fingerprint.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        font = self.fingerprint.font()
        font.setFamily("monospace")
        font.setPointSizeF(font.pointSizeF() * 1.2)
        self.fingerprint.setFont(font)
        self.export_button = QPushButton("Export public key…")
        self.export_button.setObjectName("exportKeyButton")
        self.export_button.clicked.connect(self.export_public_key)
        self.trust_button = QPushButton("Trust a signer's key file…")
        self.trust_button.setObjectName("trustKeyButton")
        self.trust_button.clicked.connect(self.trust_key_file)
        self.signers = QListWidget()
        self.signers.setObjectName("trustedSigners")
        self.signers.setAccessibleName("Trusted signers")
        buttons = QHBoxLayout()
        buttons.addWidget(self.export_button)
        buttons.addWidget(self.trust_button)
        buttons.addStretch(1)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(QLabel("Your organisation's fingerprint:"))
        layout.addWidget(self.fingerprint)
        layout.addLayout(buttons)
        layout.addWidget(QLabel("Signers you trust:"))
        layout.addWidget(self.signers, 1)
        layout.addWidget(close)
        self.resize(560, 380)
        self.show_signers()

    def show_signers(self) -> None:
        from cattool.core.casefile import trusted_signers

        self.signers.clear()
        try:
            signers = trusted_signers()
        except InputError as exc:
            self.signers.addItem(str(exc))
            return
        for fingerprint, name in sorted(signers.items(), key=lambda item: item[1].casefold()):
            self.signers.addItem(f"{name} — {fingerprint}")
        if not signers:
            self.signers.addItem("(none yet)")

    def export_public_key(self, target: Path | None = None) -> Path | None:
        """Write the public key file (asking where, and the organisation's name)."""
        if target is None:
            name, accepted = QInputDialog.getText(
                self, "Export public key", "Your organisation's name (put in the file):"
            )
            if not accepted:
                return None
            self.keys.name = name.strip()
            start = Path.home() / f"{safe_file_stem(name, 'organisation')}.cattool-key"
            chosen, _ = QFileDialog.getSaveFileName(
                self, "Export public key", str(start), KEY_FILTER
            )
            if not chosen:
                return None
            target = Path(chosen)
        try:
            self.keys.public_key_file().write(target)
        except (InputError, OSError) as exc:
            QMessageBox.warning(self, "The key could not be saved", str(exc))
            return None
        QMessageBox.information(
            self, "Public key saved",
            f"Saved {target}.\nFingerprint: {self.fingerprint.text()}",
        )  # fmt: skip
        return target

    def trust_key_file(self, source: Path | None = None) -> str | None:
        """Read a signer's public key file, confirm its fingerprint and name, trust it."""
        from cattool.core.casefile import PublicKeyFile, trust

        if source is None:
            chosen, _ = QFileDialog.getOpenFileName(
                self, "Trust a signer's key file", str(Path.home()), KEY_FILTER
            )
            if not chosen:
                return None
            source = Path(chosen)
        try:
            key = PublicKeyFile.read(source)
        except InputError as exc:
            QMessageBox.warning(self, "That key file cannot be used", str(exc))
            return None
        name, accepted = QInputDialog.getText(
            self, "Trust a signer",
            f"Fingerprint {key.fingerprint}\nCheck it with the sender (a call), then give "
            "their name:", QLineEdit.EchoMode.Normal, key.name,
        )  # fmt: skip
        if not accepted:
            return None
        try:
            trusted = trust(key, name.strip() or None)
        except (InputError, OSError) as exc:
            QMessageBox.warning(self, "The signer could not be trusted", str(exc))
            return None
        self.show_signers()
        return trusted
