"""Secrets (the organisation's private keys): the OS keyring first, never a plain file.

Where the OS has no usable keyring (a headless Linux box: keyring's `fail` or `null`
backend, or a chainer with nothing to chain) the fallback is explicit and warned: an
encrypted file in the user data folder (scrypt + AES-256-GCM) whose passphrase comes
from CATTOOL_SECRETS_PASSPHRASE or is asked for each time (the command line prompts;
the GUI passes its own prompt). Without a passphrase, nothing is stored and the caller
gets SecretsUnavailable with a message saying what to do.

Tests install an in-memory keyring backend (`memory_keyring()`); never the real one.
"""

from __future__ import annotations

import base64
import contextlib
import json
import logging
import os
from collections.abc import Callable
from pathlib import Path
from typing import Protocol

from cattool.core.errors import InputError

SERVICE = "cattool"
PASSPHRASE_ENV = "CATTOOL_SECRETS_PASSPHRASE"
FALLBACK_FILE = "secrets.encrypted"
log = logging.getLogger(__name__)


class SecretsUnavailable(InputError):
    """No keyring, and no passphrase for the encrypted fallback file."""


class SecretStore(Protocol):
    description: str

    def get(self, name: str) -> str | None: ...
    def set(self, name: str, value: str) -> None: ...
    def delete(self, name: str) -> None: ...


def keyring_usable() -> bool:
    """True when keyring has a real backend (not fail, null, or an empty chainer)."""
    import keyring
    from keyring.backends import chainer, fail, null

    backend = keyring.get_keyring()
    if isinstance(backend, fail.Keyring | null.Keyring):
        return False
    if isinstance(backend, chainer.ChainerBackend):
        return bool(backend.backends)
    if type(backend).__name__ == "MemoryKeyring":  # tests' in-memory backend
        return True
    return backend.priority > 0


class KeyringStore:
    def __init__(self) -> None:
        import keyring

        self._keyring = keyring
        self.description = f"the OS keyring ({type(keyring.get_keyring()).__name__})"

    def get(self, name: str) -> str | None:
        return self._keyring.get_password(SERVICE, name)

    def set(self, name: str, value: str) -> None:
        self._keyring.set_password(SERVICE, name, value)

    def delete(self, name: str) -> None:
        import keyring.errors

        with contextlib.suppress(keyring.errors.PasswordDeleteError):
            self._keyring.delete_password(SERVICE, name)


class EncryptedFileStore:
    """The fallback: one JSON object of secrets, sealed with a key from a passphrase."""

    def __init__(self, path: Path, passphrase: Callable[[], str]) -> None:
        self.path = path
        self._passphrase = passphrase
        self._key: bytes | None = None
        self.description = f"an encrypted file ({path}), no OS keyring being available"

    def _derive(self, salt: bytes) -> bytes:
        from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

        if self._key is None:
            text = self._passphrase()
            if not text:
                raise SecretsUnavailable("No passphrase given for the encrypted secrets file.")
            self._key = Scrypt(salt=salt, length=32, n=2**15, r=8, p=1).derive(text.encode())
        return self._key

    def _load(self) -> tuple[bytes, dict[str, str]]:
        from cryptography.exceptions import InvalidTag
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM

        if not self.path.exists():
            return os.urandom(16), {}
        try:
            sealed = json.loads(self.path.read_text("ascii"))
            salt, nonce, data = (base64.b64decode(sealed[k]) for k in ("salt", "nonce", "data"))
        except (ValueError, KeyError, TypeError, OSError):
            raise SecretsUnavailable(f"The secrets file {self.path} is damaged.") from None
        try:
            plain = AESGCM(self._derive(salt)).decrypt(nonce, data, b"cattool secrets")
        except InvalidTag:
            self._key = None
            raise SecretsUnavailable(
                f"Wrong passphrase for the secrets file {self.path}."
            ) from None
        return salt, json.loads(plain)

    def _save(self, salt: bytes, values: dict[str, str]) -> None:
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM

        from cattool.core.files import atomic_write

        nonce = os.urandom(12)
        data = AESGCM(self._derive(salt)).encrypt(
            nonce, json.dumps(values).encode(), b"cattool secrets"
        )
        sealed = {k: base64.b64encode(v).decode() for k, v in
                  (("salt", salt), ("nonce", nonce), ("data", data))}  # fmt: skip
        atomic_write(self.path, json.dumps(sealed).encode("ascii"))
        os.chmod(self.path, 0o600)

    def get(self, name: str) -> str | None:
        return self._load()[1].get(name)

    def set(self, name: str, value: str) -> None:
        salt, values = self._load()
        values[name] = value
        self._save(salt, values)

    def delete(self, name: str) -> None:
        salt, values = self._load()
        if values.pop(name, None) is not None:
            self._save(salt, values)


def _passphrase_from_env() -> str:
    text = os.environ.get(PASSPHRASE_ENV, "")
    if not text:
        raise SecretsUnavailable(
            "No OS keyring is available to keep the organisation's key. Set "
            f"{PASSPHRASE_ENV} to keep it in an encrypted file instead, or install a "
            "keyring (e.g. gnome-keyring or KWallet)."
        )
    return text


def secret_store(passphrase: Callable[[], str] | None = None) -> SecretStore:
    """The OS keyring if usable; else the warned, encrypted-file fallback.

    `passphrase` asks the person (CLI: getpass; GUI: a dialog) when the environment
    does not give it; it is called only when the fallback file is first opened.
    """
    if keyring_usable():
        return KeyringStore()
    from cattool.core.paths import data_dir

    def ask() -> str:
        if os.environ.get(PASSPHRASE_ENV):
            return os.environ[PASSPHRASE_ENV]
        if passphrase is not None:
            return passphrase()
        return _passphrase_from_env()

    store = EncryptedFileStore(data_dir() / FALLBACK_FILE, ask)
    log.warning("No usable OS keyring: secrets go to %s (passphrase-protected).", store.path)
    return store


def memory_keyring() -> object:
    """An in-memory keyring backend for tests: `keyring.set_keyring(memory_keyring())`.

    Never viable on its own, so keyring cannot pick it for real use."""
    from keyring.backend import KeyringBackend
    from keyring.errors import PasswordDeleteError

    class MemoryKeyring(KeyringBackend):
        priority = -100  # never chosen by keyring's own discovery
        viable = False

        def __init__(self) -> None:
            super().__init__()
            self.values: dict[tuple[str, str], str] = {}

        def get_password(self, service: str, username: str) -> str | None:
            return self.values.get((service, username))

        def set_password(self, service: str, username: str, password: str) -> None:
            self.values[(service, username)] = password

        def delete_password(self, service: str, username: str) -> None:
            if self.values.pop((service, username), None) is None:
                raise PasswordDeleteError(username)

    return MemoryKeyring()


# ---------------------------------------------------------------- database passwords


def database_secret_name(url: object) -> str:
    """The keyring entry for a server database's password: `database:user@host:port/db`.

    `url` is a SQLAlchemy URL (or anything with username, host, port and database); the
    port defaults to PostgreSQL's 5432 so `host` and `host:5432` share one entry."""
    user = getattr(url, "username", None) or ""
    host = getattr(url, "host", None) or "localhost"
    port = getattr(url, "port", None) or 5432
    database = getattr(url, "database", None) or ""
    return f"database:{user}@{host}:{port}/{database}"


def database_password(url: object) -> str | None:
    """The remembered password for a server database, or None (not remembered, or no
    keyring and no passphrase for the fallback file: libpq's own PGPASSWORD/.pgpass
    may still supply one). Never prompts, and without a keyring or a passphrase in the
    environment does not even look (nor warn)."""
    if not keyring_usable() and not os.environ.get(PASSPHRASE_ENV):
        return None
    try:
        return secret_store(passphrase=None).get(database_secret_name(url))
    except SecretsUnavailable:
        return None


def remember_database_password(url: object, password: str) -> str:
    """Keep a server database's password in the keyring; returns where it went."""
    store = secret_store()
    store.set(database_secret_name(url), password)
    return store.description


def forget_database_password(url: object) -> None:
    """Remove a remembered server database password (nothing if none was kept)."""
    with contextlib.suppress(SecretsUnavailable):
        secret_store().delete(database_secret_name(url))
