"""Reading a case file safely: decrypt to a temporary file, then check the zip's
structure (names, links, duplicates, counts, sizes, ratios) before reading any member,
and hash members as a stream that stops at the declared size."""

from __future__ import annotations

import hashlib
import json
import os
import re
import stat
import struct
import tempfile
import zipfile
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path, PurePosixPath
from typing import IO, Any

from cattool.core.casefile.crypto import KeyForRecipient, decrypt_stream, is_encrypted
from cattool.core.casefile.format import (
    CASE_JSON,
    MANIFEST,
    SIGNATURE,
    TOP_LEVEL_FILES,
    CaseFileError,
    is_member_name_allowed,
)
from cattool.core.casefile.limits import CHUNK_SIZE, DEFAULT_LIMITS, Limits

DRIVE = re.compile(r"^[A-Za-z]:")
# What a damaged zip can raise while being read (zlib.error: a broken deflate stream;
# RuntimeError: an encrypted entry; NotImplementedError: an unknown compression).
READ_ERRORS = (
    zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, ValueError, zlib.error,
    RuntimeError, NotImplementedError, struct.error, UnicodeDecodeError,
)  # fmt: skip


@contextmanager
def plain_zip(
    path: str | os.PathLike[str],
    *,
    passphrase: Callable[[], str] | None = None,
    private_key: KeyForRecipient | None = None,
) -> Iterator[tuple[Path, bool]]:
    """The zip itself, or a temporary decrypted copy (deleted afterwards); and whether
    it was encrypted."""
    source = Path(path)
    if not source.is_file():
        raise CaseFileError(f"There is no case file {source}.")
    try:
        encrypted = is_encrypted(source)
    except OSError as error:
        raise CaseFileError(f"Cannot read {source}: {error.strerror}.") from None
    if not encrypted:
        yield source, False
        return
    handle, name = tempfile.mkstemp(prefix="cattool-import-", suffix=".zip")
    try:
        with source.open("rb") as reader, os.fdopen(handle, "wb") as writer:
            decrypt_stream(reader, writer, passphrase=passphrase, private_key=private_key)
        yield Path(name), True
    finally:
        Path(name).unlink(missing_ok=True)


def open_zip(path: Path) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(path)
    except READ_ERRORS:
        raise CaseFileError(
            f"{path.name} is not a cattool case file (not a readable zip)."
        ) from None


def check_name(name: str, limits: Limits) -> str | None:
    """Why this member name is refused, or None."""
    if not name or len(name) > limits.max_name_length:
        return f"a member name is empty or too long ({name[:40]!r}…)"
    if "\\" in name or "\x00" in name:
        return f"{name!r} has a backslash or NUL in its name"
    if name.startswith("/") or DRIVE.match(name):
        return f"{name!r} is an absolute path"
    parts = PurePosixPath(name).parts
    if any(part in ("..", ".") for part in parts) or "//" in name:
        return f"{name!r} leaves its folder (path traversal)"
    if name.endswith("/"):
        return f"{name!r} is a folder entry"
    if not is_member_name_allowed(name):
        return f"{name!r} is not part of the format"
    return None


def check_structure(archive: zipfile.ZipFile, limits: Limits = DEFAULT_LIMITS) -> None:
    """Everything that can be checked from the zip's directory, before reading data."""
    infos = archive.infolist()
    if len(infos) > limits.max_entries:
        raise CaseFileError(f"The case file has {len(infos)} members (limit {limits.max_entries}).")
    seen: set[str] = set()
    total = 0
    for info in infos:
        problem = check_name(info.filename, limits)
        if problem:
            raise CaseFileError(f"Refused: {problem}.")
        folded = info.filename.casefold()
        if folded in seen:
            raise CaseFileError(f"Refused: {info.filename!r} appears twice in the case file.")
        seen.add(folded)
        mode = info.external_attr >> 16
        if stat.S_ISLNK(mode):
            raise CaseFileError(f"Refused: {info.filename!r} is a symbolic link.")
        if mode and not stat.S_ISREG(mode) and stat.S_IFMT(mode):
            raise CaseFileError(f"Refused: {info.filename!r} is not a plain file.")
        if info.flag_bits & 0x1:
            raise CaseFileError(f"Refused: {info.filename!r} uses zip encryption.")
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise CaseFileError(f"Refused: {info.filename!r} uses an unsupported compression.")
        if info.file_size > limits.max_member_size:
            raise CaseFileError(f"Refused: {info.filename!r} is too large when unpacked.")
        if info.filename in TOP_LEVEL_FILES and info.file_size > limits.max_json_size:
            raise CaseFileError(f"Refused: {info.filename!r} is too large.")
        ratio_base = max(info.compress_size, 1)
        if info.file_size > limits.ratio_floor and info.file_size / ratio_base > limits.max_ratio:
            raise CaseFileError(
                f"Refused: {info.filename!r} unpacks to {info.file_size / ratio_base:.0f} times "
                "its packed size (a zip bomb?)."
            )
        total += info.file_size
        if total > limits.max_total_size:
            raise CaseFileError("Refused: the case file is too large when unpacked.")
    for required in (MANIFEST, CASE_JSON):
        if required not in seen:
            raise CaseFileError(f"The case file has no {required}.")


def stream_member(
    archive: zipfile.ZipFile, name: str, sink: IO[bytes] | None = None
) -> tuple[str, int]:
    """SHA-256 and size of a member, read in chunks (copied to `sink` if given); reading
    stops with an error past the size its header declares."""
    info = archive.getinfo(name)
    digest = hashlib.sha256()
    size = 0
    try:
        with archive.open(info) as reader:
            while chunk := reader.read(CHUNK_SIZE):
                size += len(chunk)
                if size > info.file_size:
                    raise CaseFileError(f"Refused: {name!r} is larger than its header says.")
                digest.update(chunk)
                if sink is not None:
                    sink.write(chunk)
    except CaseFileError:
        raise
    except READ_ERRORS as error:
        raise CaseFileError(f"{name!r} is damaged in the case file ({error}).") from None
    return digest.hexdigest(), size


def read_json_member(archive: zipfile.ZipFile, name: str, limits: Limits) -> tuple[bytes, Any]:
    info = archive.getinfo(name)
    if info.file_size > limits.max_json_size:
        raise CaseFileError(f"Refused: {name} is too large.")
    try:
        with archive.open(info) as reader:
            data = reader.read(limits.max_json_size + 1)
    except READ_ERRORS as error:
        raise CaseFileError(f"{name} is damaged in the case file ({error}).") from None
    if len(data) > limits.max_json_size:
        raise CaseFileError(f"Refused: {name} is too large.")
    try:
        return data, json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as error:
        raise CaseFileError(f"{name} is not valid JSON ({error}).") from None


def has_signature(archive: zipfile.ZipFile) -> bool:
    return SIGNATURE in archive.namelist()
