"""Limits an imported archive must stay within: they stop zip bombs and absurd files
before anything is unpacked. Generous for real cases (1 GB of attachments is normal)."""

from __future__ import annotations

from dataclasses import dataclass

MiB = 1024 * 1024
GiB = 1024 * MiB


@dataclass(frozen=True, slots=True)
class Limits:
    max_entries: int = 10_000  # members in the zip
    max_total_size: int = 16 * GiB  # all members, uncompressed
    max_member_size: int = 8 * GiB  # one member, uncompressed
    max_json_size: int = 64 * MiB  # manifest.json, case.json, signature.json
    # Uncompressed / compressed for one member; checked once a member is past 1 MiB
    # (tiny files compress absurdly well and are harmless).
    max_ratio: float = 100.0
    ratio_floor: int = 1 * MiB
    max_name_length: int = 255


DEFAULT_LIMITS = Limits()

# Streaming: the size of one read/write (and one encrypted frame).
CHUNK_SIZE = 1 * MiB
