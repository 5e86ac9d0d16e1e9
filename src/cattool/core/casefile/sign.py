"""The organisation's keys, signatures and the trust list.

Two key pairs, made on first use and kept in the secret store (OS keyring first,
cattool.core.secrets): Ed25519 to sign case files, X25519 so others can encrypt case
files for this organisation. The public halves travel as a small JSON *public key file*
(`cattool key export`); a signer is *known* when its key is on the trust list in the
user data folder (`cattool key trust FILE`). A fingerprint is the SHA-256 of the raw
Ed25519 public key, first 20 bytes, as 10 groups of 4 hex digits.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey

from cattool.core.casefile.crypto import b64, unb64
from cattool.core.casefile.format import CaseFileError
from cattool.core.files import atomic_write

SIGNING_SECRET = "organisation-signing-key"
ENCRYPTION_SECRET = "organisation-encryption-key"
PUBLIC_KEY_TYPE = "cattool-public-key"
TRUST_FILE = "trusted-signers.json"
RAW = (serialization.Encoding.Raw, serialization.PublicFormat.Raw)
RAW_PRIVATE = (serialization.Encoding.Raw, serialization.PrivateFormat.Raw,
               serialization.NoEncryption())  # fmt: skip


def fingerprint(public_raw: bytes) -> str:
    digest = hashlib.sha256(public_raw).hexdigest()[:40].upper()
    return " ".join(digest[i : i + 4] for i in range(0, 40, 4))


@dataclass(frozen=True, slots=True)
class PublicKeyFile:
    """What `cattool key export` writes and `key trust` / `--recipient` read."""

    name: str
    signing: bytes  # raw Ed25519 public key
    encryption: bytes  # raw X25519 public key

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.signing)

    def to_json(self) -> dict[str, Any]:
        return {"type": PUBLIC_KEY_TYPE, "name": self.name, "fingerprint": self.fingerprint,
                "ed25519": b64(self.signing), "x25519": b64(self.encryption)}  # fmt: skip

    def write(self, path: Path) -> None:
        atomic_write(path, json.dumps(self.to_json(), indent=2).encode("utf-8") + b"\n")

    @classmethod
    def read(cls, path: Path) -> PublicKeyFile:
        try:
            data = json.loads(Path(path).read_text("utf-8"))
            if data.get("type") != PUBLIC_KEY_TYPE:
                raise ValueError
            key = cls(str(data.get("name", "")), unb64(data["ed25519"], "key"),
                      unb64(data["x25519"], "key"))  # fmt: skip
            Ed25519PublicKey.from_public_bytes(key.signing)
            X25519PublicKey.from_public_bytes(key.encryption)
        except OSError as error:
            raise CaseFileError(f"Cannot read the key file {path}: {error.strerror}.") from None
        except (ValueError, KeyError, TypeError, AttributeError, CaseFileError):
            raise CaseFileError(f"{path} is not a cattool public key file.") from None
        return key


class OrganisationKeys:
    """The organisation's private keys from the secret store, made on first use."""

    def __init__(self, store: Any, name: str = "") -> None:
        self._store = store
        self.name = name

    def _load(self, secret: str, make: Callable[[], Any], load: Callable[[bytes], Any]) -> Any:
        text = self._store.get(secret)
        if text:
            return load(unb64(text, "key"))
        key = make()
        self._store.set(secret, b64(key.private_bytes(*RAW_PRIVATE)))
        return key

    def signing_key(self) -> Ed25519PrivateKey:
        return self._load(SIGNING_SECRET, Ed25519PrivateKey.generate,
                          Ed25519PrivateKey.from_private_bytes)  # fmt: skip

    def encryption_key(self) -> X25519PrivateKey:
        return self._load(ENCRYPTION_SECRET, X25519PrivateKey.generate,
                          X25519PrivateKey.from_private_bytes)  # fmt: skip

    def public_key_file(self) -> PublicKeyFile:
        return PublicKeyFile(
            self.name,
            self.signing_key().public_key().public_bytes(*RAW),
            self.encryption_key().public_key().public_bytes(*RAW),
        )

    def private_key_for(self, recipient_raw: bytes) -> X25519PrivateKey | None:
        """This organisation's X25519 key if a file was encrypted for it, else None."""
        key = self.encryption_key()
        return key if key.public_key().public_bytes(*RAW) == recipient_raw else None


# ---------------------------------------------------------------- signatures


def sign_manifest(manifest: bytes, key: Ed25519PrivateKey) -> bytes:
    public = key.public_key().public_bytes(*RAW)
    body = {"algorithm": "Ed25519", "signed": "manifest.json", "public-key": b64(public),
            "fingerprint": fingerprint(public), "signature": b64(key.sign(manifest))}  # fmt: skip
    return json.dumps(body, indent=2).encode("utf-8")


@dataclass(frozen=True, slots=True)
class SignatureCheck:
    valid: bool
    fingerprint: str
    signer: str | None  # the trusted name, when known
    problem: str = ""

    @property
    def known(self) -> bool:
        return self.signer is not None


def check_signature(manifest: bytes, signature_json: bytes) -> SignatureCheck:
    try:
        data = json.loads(signature_json)
        if data.get("algorithm") != "Ed25519":
            raise ValueError
        public = unb64(data["public-key"], "key")
        signature = unb64(data["signature"], "signature")
        key = Ed25519PublicKey.from_public_bytes(public)
    except (ValueError, KeyError, TypeError, AttributeError, CaseFileError):
        return SignatureCheck(False, "", None, "signature.json is damaged")
    print_ = fingerprint(public)
    try:
        key.verify(signature, manifest)
    except InvalidSignature:
        return SignatureCheck(False, print_, None, "the signature does not match manifest.json")
    return SignatureCheck(True, print_, trusted_signers().get(print_))


# ---------------------------------------------------------------- trust list


def _trust_path() -> Path:
    from cattool.core.paths import data_dir

    return data_dir() / TRUST_FILE


def trusted_signers() -> dict[str, str]:
    """fingerprint -> name of each signer this user chose to trust."""
    path = _trust_path()
    if not path.exists():
        return {}
    try:
        entries = json.loads(path.read_text("utf-8"))
        return {e["fingerprint"]: e["name"] for e in entries}
    except (ValueError, KeyError, TypeError):
        raise CaseFileError(f"The trust list {path} is damaged; fix or delete it.") from None


def trust(key: PublicKeyFile, name: str | None = None) -> str:
    """Add a signer to the trust list (checked: the fingerprint is the key's own)."""
    signers = trusted_signers()
    signers[key.fingerprint] = name or key.name or "unnamed"
    entries = [{"fingerprint": f, "name": n} for f, n in sorted(signers.items())]
    atomic_write(_trust_path(), json.dumps(entries, indent=2).encode("utf-8"))
    return signers[key.fingerprint]
