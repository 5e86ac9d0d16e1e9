"""Encrypting a whole case file, streamed: memory stays at one frame whatever the size.

Layout: the magic line, one header line (JSON: how the key is made), then frames. Each
frame is a 4-byte big-endian length and an AES-256-GCM ciphertext of up to CHUNK_SIZE
bytes; its nonce is a random 7-byte prefix, a 4-byte counter and a final-frame flag
(the STREAM construction), and the header is the associated data of every frame. So a
reordered, dropped, truncated or altered frame, or an altered header, fails to decrypt.

The key comes from a passphrase (scrypt) or from a recipient's X25519 public key (an
ephemeral key exchange, then HKDF-SHA256): see docs/casefile-format.md.
"""

from __future__ import annotations

import base64
import io
import json
import os
import struct
from collections.abc import Callable
from dataclasses import dataclass
from typing import IO, Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from cattool.core.casefile.format import CaseFileError
from cattool.core.casefile.limits import CHUNK_SIZE

MAGIC = b"CATTOOL-ENCRYPTED-1\n"
MAX_HEADER = 4096
TAG_SIZE = 16
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**15, 8, 1  # 32 MiB, ~0.1 s: OWASP's minimum for scrypt
HKDF_INFO = b"cattool case file v1"


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def unb64(text: Any, what: str) -> bytes:
    try:
        return base64.b64decode(str(text), validate=True)
    except ValueError:
        raise CaseFileError(f"The encryption header's {what} is not valid base64.") from None


@dataclass(frozen=True, slots=True)
class Passphrase:
    text: str


@dataclass(frozen=True, slots=True)
class Recipient:
    """Encrypt for the holder of this X25519 public key (from their public key file)."""

    public_key: X25519PublicKey


def is_encrypted(path: str | os.PathLike[str]) -> bool:
    with open(path, "rb") as handle:
        return handle.read(len(MAGIC)) == MAGIC


def _scrypt(passphrase: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return Scrypt(salt=salt, length=32, n=n, r=r, p=p).derive(passphrase.encode("utf-8"))


def _hkdf(shared: bytes, salt: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=salt, info=HKDF_INFO).derive(shared)


def _raw(public_key: X25519PublicKey) -> bytes:
    return public_key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def _key_and_header(method: Passphrase | Recipient) -> tuple[bytes, dict[str, Any]]:
    if isinstance(method, Passphrase):
        if not method.text:
            raise CaseFileError("The passphrase is empty: choose one to encrypt the case file.")
        salt = os.urandom(16)
        key = _scrypt(method.text, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P)
        return key, {"kdf": "scrypt", "salt": b64(salt), "n": SCRYPT_N, "r": SCRYPT_R,
                     "p": SCRYPT_P}  # fmt: skip
    ephemeral = X25519PrivateKey.generate()
    ephemeral_raw = _raw(ephemeral.public_key())
    recipient_raw = _raw(method.public_key)
    key = _hkdf(ephemeral.exchange(method.public_key), ephemeral_raw + recipient_raw)
    return key, {"kdf": "x25519-hkdf-sha256", "ephemeral": b64(ephemeral_raw),
                 "recipient": b64(recipient_raw)}  # fmt: skip


class EncryptingWriter(io.RawIOBase):
    """A write-only file that encrypts as it goes: zipfile writes the case file straight
    into it (one pass, no plain copy on disk). Close it to write the final frame."""

    def __init__(self, target: IO[bytes], method: Passphrase | Recipient) -> None:
        super().__init__()
        key, header = _key_and_header(method)
        self._prefix = os.urandom(7)
        header.update(
            {"cipher": "AES-256-GCM", "chunk": CHUNK_SIZE, "nonce-prefix": b64(self._prefix)}
        )
        self._header = json.dumps(header, sort_keys=True).encode("ascii") + b"\n"
        self._aead = AESGCM(key)
        self._target = target
        self._buffer = bytearray()
        self._counter = 0
        self._written = 0
        target.write(MAGIC + self._header)

    def writable(self) -> bool:
        return True

    def tell(self) -> int:
        return self._written

    def write(self, data: Any) -> int:
        self._buffer += data
        self._written += len(data)
        # Keep at least one byte back: only close() knows which frame is the last.
        while len(self._buffer) > CHUNK_SIZE:
            self._seal(bytes(self._buffer[:CHUNK_SIZE]), last=False)
            del self._buffer[:CHUNK_SIZE]
        return len(data)

    def _seal(self, chunk: bytes, *, last: bool) -> None:
        nonce = self._prefix + struct.pack(">IB", self._counter, 1 if last else 0)
        sealed = self._aead.encrypt(nonce, chunk, self._header)
        self._target.write(struct.pack(">I", len(sealed)) + sealed)
        self._counter += 1

    def close(self) -> None:
        if not self.closed:
            self._seal(bytes(self._buffer), last=True)
            self._buffer.clear()
        super().close()


def encrypt_stream(source: IO[bytes], target: IO[bytes], method: Passphrase | Recipient) -> None:
    writer = EncryptingWriter(target, method)
    while chunk := source.read(CHUNK_SIZE):
        writer.write(chunk)
    writer.close()


KeyForRecipient = Callable[[bytes], X25519PrivateKey | None]


def decrypt_stream(
    source: IO[bytes],
    target: IO[bytes],
    *,
    passphrase: Callable[[], str] | None = None,
    private_key: KeyForRecipient | None = None,
) -> None:
    """Decrypt; a wrong passphrase, a wrong key or any altered byte is a CaseFileError."""
    if source.read(len(MAGIC)) != MAGIC:
        raise CaseFileError("This is not an encrypted cattool case file.")
    header_bytes = source.readline(MAX_HEADER)
    try:
        header = json.loads(header_bytes)
        chunk_size = int(header["chunk"])
        prefix = unb64(header["nonce-prefix"], "nonce")
        kdf = header["kdf"]
    except (ValueError, KeyError, TypeError):
        raise CaseFileError("The encrypted case file's header is damaged.") from None
    if len(prefix) != 7 or not 0 < chunk_size <= 64 * CHUNK_SIZE:
        raise CaseFileError("The encrypted case file's header is damaged.")
    key = _derive(header, kdf, passphrase, private_key)
    aead = AESGCM(key)
    counter = 0
    while True:
        length_bytes = source.read(4)
        if len(length_bytes) < 4:
            raise CaseFileError("The encrypted case file is cut short (its end is missing).")
        (length,) = struct.unpack(">I", length_bytes)
        if length > chunk_size + TAG_SIZE:
            raise CaseFileError("The encrypted case file is damaged (a frame is too long).")
        sealed = source.read(length)
        plain = None
        for last in (0, 1):
            try:
                nonce = prefix + struct.pack(">IB", counter, last)
                plain = aead.decrypt(nonce, sealed, header_bytes)
                break
            except InvalidTag:
                continue
        if plain is None:
            if counter == 0:
                raise CaseFileError(
                    "Cannot decrypt the case file: wrong passphrase or key, or the file "
                    "was altered."
                )
            raise CaseFileError(f"The encrypted case file was altered (frame {counter + 1}).")
        target.write(plain)
        if last:
            if source.read(1):
                raise CaseFileError("The encrypted case file has data after its end.")
            return
        counter += 1


def _derive(
    header: dict[str, Any],
    kdf: str,
    passphrase: Callable[[], str] | None,
    private_key: KeyForRecipient | None,
) -> bytes:
    if kdf == "scrypt":
        if passphrase is None:
            raise CaseFileError("The case file is encrypted with a passphrase: give it.")
        try:
            n, r, p = int(header["n"]), int(header["r"]), int(header["p"])
        except (KeyError, TypeError, ValueError):
            raise CaseFileError("The encrypted case file's header is damaged.") from None
        if not (2**10 <= n <= 2**20 and n & (n - 1) == 0 and 1 <= r <= 32 and 1 <= p <= 16):
            raise CaseFileError("The encrypted case file asks for unsafe key settings.")
        return _scrypt(passphrase(), unb64(header.get("salt"), "salt"), n, r, p)
    if kdf == "x25519-hkdf-sha256":
        ephemeral_raw = unb64(header.get("ephemeral"), "key")
        recipient_raw = unb64(header.get("recipient"), "recipient")
        mine = private_key(recipient_raw) if private_key else None
        if mine is None:
            raise CaseFileError(
                "The case file is encrypted for another organisation's key (not this one)."
            )
        try:
            ephemeral = X25519PublicKey.from_public_bytes(ephemeral_raw)
        except ValueError:
            raise CaseFileError("The encrypted case file's header is damaged.") from None
        return _hkdf(mine.exchange(ephemeral), ephemeral_raw + recipient_raw)
    raise CaseFileError(f"Unknown encryption {kdf!r}: made by a newer cattool?")
