"""The .cattool format: member names, the format version and the manifest.

A case file is a zip holding `manifest.json` (what is inside, with a SHA-256 of every
member), `case.json` (every fact of the case), `documents/` and `attachments/`, and
`signature.json` when signed. docs/casefile-format.md describes it for people.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from cattool.core.errors import InputError

FORMAT_NAME = "cattool-case-file"
FORMAT_VERSION = 1
SUFFIX = ".cattool"

MANIFEST = "manifest.json"
CASE_JSON = "case.json"
SIGNATURE = "signature.json"
DOCUMENTS = "documents/"
ATTACHMENTS = "attachments/"
TOP_LEVEL_FILES = frozenset({MANIFEST, CASE_JSON, SIGNATURE})
FOLDERS = (DOCUMENTS, ATTACHMENTS)


class CaseFileError(InputError):
    """A case file that cannot be used: the message says what is wrong, for people."""


@cache
def app_version() -> str:
    """cattool's version from the package metadata ("dev" in an uninstalled checkout)."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("cattool")
    except PackageNotFoundError:
        return "dev"


def now_utc_text() -> str:
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


@dataclass(slots=True)
class Manifest:
    """manifest.json: the format, who wrote it, and the hash of every other member."""

    case_uid: str
    schema_revision: str
    redacted: bool
    members: dict[str, dict[str, Any]] = field(default_factory=dict)  # name -> sha256, size
    created_at: str = field(default_factory=now_utc_text)
    app_version: str = field(default_factory=app_version)
    format_version: int = FORMAT_VERSION

    def add(self, name: str, sha256: str, size: int) -> None:
        self.members[name] = {"sha256": sha256, "size": size}

    def to_json(self) -> dict[str, Any]:
        return {
            "format": FORMAT_NAME,
            "format-version": self.format_version,
            "app-version": self.app_version,
            "schema-revision": self.schema_revision,
            "case-uid": self.case_uid,
            "created-at": self.created_at,
            "redacted": self.redacted,
            "members": dict(sorted(self.members.items())),
        }

    def to_bytes(self) -> bytes:
        return json.dumps(self.to_json(), indent=2, ensure_ascii=False).encode("utf-8")

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Manifest:
        """From a manifest already checked against manifest.schema.json."""
        return cls(
            case_uid=data["case-uid"],
            schema_revision=data["schema-revision"],
            redacted=data["redacted"],
            members=dict(data["members"]),
            created_at=data["created-at"],
            app_version=data["app-version"],
            format_version=data["format-version"],
        )


def is_member_name_allowed(name: str) -> bool:
    """Only the three JSON files and files inside documents/ and attachments/."""
    if name in TOP_LEVEL_FILES:
        return True
    return any(name.startswith(folder) and len(name) > len(folder) for folder in FOLDERS)
