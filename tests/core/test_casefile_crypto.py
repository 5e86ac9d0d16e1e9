"""Streamed AES-256-GCM frames: any length round-trips; reordering, dropping, cutting
or changing a frame, or the header, is refused."""

from __future__ import annotations

import io
import os

import pytest
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

from cattool.core.casefile import CaseFileError
from cattool.core.casefile.crypto import (
    MAGIC,
    Passphrase,
    Recipient,
    decrypt_stream,
    encrypt_stream,
)
from cattool.core.casefile.limits import CHUNK_SIZE

PASSPHRASE = Passphrase("pw")


def _seal(data: bytes, method: Passphrase | Recipient = PASSPHRASE) -> bytes:
    out = io.BytesIO()
    encrypt_stream(io.BytesIO(data), out, method)
    return out.getvalue()


def _open(sealed: bytes, **keys) -> bytes:
    out = io.BytesIO()
    decrypt_stream(io.BytesIO(sealed), out, **keys)
    return out.getvalue()


@pytest.mark.parametrize("size", [0, 1, CHUNK_SIZE - 1, CHUNK_SIZE, CHUNK_SIZE + 1, 3 * CHUNK_SIZE])
def test_any_length_round_trips(size: int) -> None:
    data = os.urandom(size)
    assert _open(_seal(data), passphrase=lambda: "pw") == data


def test_recipient_key() -> None:
    mine = X25519PrivateKey.generate()
    sealed = _seal(b"for you", Recipient(mine.public_key()))
    assert _open(sealed, private_key=lambda raw: mine) == b"for you"
    with pytest.raises(CaseFileError, match="another organisation"):
        _open(sealed, private_key=lambda raw: None)


def _frames(sealed: bytes) -> tuple[bytes, list[bytes]]:
    header_end = sealed.index(b"\n", len(MAGIC)) + 1
    head, rest, frames = sealed[:header_end], sealed[header_end:], []
    while rest:
        length = int.from_bytes(rest[:4], "big")
        frames.append(rest[: 4 + length])
        rest = rest[4 + length :]
    return head, frames


@pytest.mark.parametrize(
    ("tamper", "match"),
    [
        (lambda h, f: h + f[1] + f[0] + f[2], "wrong passphrase|altered"),  # reordered
        (lambda h, f: h + f[0] + f[1], "cut short"),  # the last frame dropped
        (lambda h, f: h + f[0] + f[2], "altered"),  # a middle frame dropped
        (lambda h, f: h.replace(b'"chunk"', b'"chunk" ') + b"".join(f), "wrong passphrase"),
        (lambda h, f: h + b"".join(f) + b"x", "after its end"),
    ],
)
def test_tampering_is_refused(tamper, match: str) -> None:
    head, frames = _frames(_seal(os.urandom(2 * CHUNK_SIZE + 10)))
    assert len(frames) == 3
    with pytest.raises(CaseFileError, match=match):
        _open(tamper(head, frames), passphrase=lambda: "pw")


def test_wrong_passphrase() -> None:
    with pytest.raises(CaseFileError, match="wrong passphrase"):
        _open(_seal(b"x"), passphrase=lambda: "nope")
