"""Review files (.cattool-review): an adviser's comments on a case file, signed.

A small zip: `manifest.json` (format and version, the review's uid, the case's uid and
reference, the SHA-256 of the reviewed case file's manifest.json, the reviewer, when,
and the SHA-256 of comments.json), `comments.json` (each comment with the item it is
about, named by the case file's own ids, so it resolves in the group's database), and
`signature.json` (Ed25519 over manifest.json, the same as a case file's). Checked like a
case file: `verify_review_file` never raises for a bad file and reports intact /
tampered (which member) / invalid, and who signed it. Nothing here touches a database
(review_store.py imports). Never imports Qt.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import stat
import uuid
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from cattool.core.casefile import schema
from cattool.core.casefile.archive import READ_ERRORS, open_zip, plain_zip, read_json_member
from cattool.core.casefile.crypto import KeyForRecipient
from cattool.core.casefile.format import (
    MANIFEST,
    SIGNATURE,
    CaseFileError,
    app_version,
    now_utc_text,
)
from cattool.core.casefile.limits import Limits, MiB
from cattool.core.casefile.sign import SignatureCheck, sign_manifest
from cattool.core.casefile.verify import (
    INTACT,
    INVALID,
    TAMPERED,
    VerifyReport,
    check_signature_member,
)
from cattool.core.files import atomic_write

REVIEW_FORMAT = "cattool-review-file"
REVIEW_VERSION = 1
REVIEW_SUFFIX = ".cattool-review"
COMMENTS = "comments.json"
MEMBERS = frozenset({MANIFEST, COMMENTS, SIGNATURE})
# A review file is a few comments: far tighter limits than a case file's.
REVIEW_LIMITS = Limits(max_entries=3, max_json_size=8 * MiB, max_total_size=24 * MiB)
CASE_TABLE = "acv_case"


@dataclass(frozen=True, slots=True)
class ItemRef:
    """An item of the case as the case file names it: table, id, a label, its page."""

    table: str
    id: int | None
    label: str
    page: str

    def to_json(self) -> dict[str, Any]:
        return {"table": self.table, "id": self.id, "label": self.label, "page": self.page}


@dataclass(frozen=True, slots=True)
class ReviewNote:
    """One comment: on what, what it says, when."""

    item: ItemRef
    text: str
    uid: str = field(default_factory=lambda: uuid.uuid4().hex)
    created_at: str = field(default_factory=now_utc_text)

    def to_json(self) -> dict[str, Any]:
        return {"uid": self.uid, "item": self.item.to_json(), "text": self.text,
                "created-at": self.created_at}  # fmt: skip

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ReviewNote:
        item = data["item"]
        ref = ItemRef(item["table"], item["id"], item["label"], item["page"])
        return cls(ref, data["text"], data["uid"], data["created-at"])


@dataclass(slots=True)
class ReviewManifest:
    """manifest.json of a review file."""

    case_uid: str
    case_reference: str
    case_name: str
    casefile_manifest_sha256: str
    reviewer: str
    review_uid: str = field(default_factory=lambda: uuid.uuid4().hex)
    created_at: str = field(default_factory=now_utc_text)
    members: dict[str, dict[str, Any]] = field(default_factory=dict)
    app_version: str = field(default_factory=app_version)
    format_version: int = REVIEW_VERSION

    def to_json(self) -> dict[str, Any]:
        return {
            "format": REVIEW_FORMAT,
            "format-version": self.format_version,
            "app-version": self.app_version,
            "review-uid": self.review_uid,
            "case-uid": self.case_uid,
            "case-reference": self.case_reference,
            "case-name": self.case_name,
            "casefile-manifest-sha256": self.casefile_manifest_sha256,
            "reviewer": self.reviewer,
            "created-at": self.created_at,
            "members": dict(sorted(self.members.items())),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ReviewManifest:
        return cls(
            case_uid=data["case-uid"],
            case_reference=data["case-reference"],
            case_name=data["case-name"],
            casefile_manifest_sha256=data["casefile-manifest-sha256"],
            reviewer=data["reviewer"],
            review_uid=data["review-uid"],
            created_at=data["created-at"],
            members=dict(data["members"]),
            app_version=data["app-version"],
            format_version=data["format-version"],
        )


# ------------------------------------------------------------------------ write


def casefile_manifest_sha256(
    path: str | os.PathLike[str],
    *,
    passphrase: Any = None,
    private_key: KeyForRecipient | None = None,
) -> str:
    """SHA-256 of the case file's manifest.json as stored (which pins every member)."""
    try:
        with (
            plain_zip(path, passphrase=passphrase, private_key=private_key) as (plain, _),
            open_zip(plain) as archive,
        ):
            data, _json = read_json_member(archive, MANIFEST, Limits())
    except READ_ERRORS as error:
        raise CaseFileError(f"The case file is damaged ({error}).") from None
    except KeyError:
        raise CaseFileError("The case file has no manifest.json.") from None
    return hashlib.sha256(data).hexdigest()


def write_review_file(
    path: str | os.PathLike[str],
    manifest: ReviewManifest,
    notes: list[ReviewNote],
    key: Ed25519PrivateKey | None,
) -> Path:
    """Write the review file atomically; signed when `key` is given. Checked against the
    schema first, so a file we write is always one we can read."""
    if not notes:
        raise CaseFileError("There are no comments to save.")
    comments = json.dumps({"comments": [n.to_json() for n in notes]}, indent=2,
                          ensure_ascii=False).encode("utf-8")  # fmt: skip
    manifest.members = {COMMENTS: {"sha256": hashlib.sha256(comments).hexdigest(),
                                   "size": len(comments)}}  # fmt: skip
    schema.check({"manifest": manifest.to_json(), "comments": json.loads(comments)},
                 "review.schema.json", "The review file")  # fmt: skip
    manifest_bytes = json.dumps(manifest.to_json(), indent=2, ensure_ascii=False).encode("utf-8")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(MANIFEST, manifest_bytes)
        archive.writestr(COMMENTS, comments)
        if key is not None:
            archive.writestr(SIGNATURE, sign_manifest(manifest_bytes, key))
    target = Path(path)
    try:
        atomic_write(target, buffer.getvalue())
    except OSError as error:
        raise CaseFileError(f"Cannot write {target}: {error.strerror or error}.") from None
    return target


# ------------------------------------------------------------------------ read


@dataclass(slots=True)
class ReviewReport:
    """What `verify_review_file` found; `summary()` words it as `cattool verify` does."""

    state: str  # intact, tampered or invalid
    problems: list[str] = field(default_factory=list)
    tampered_members: list[str] = field(default_factory=list)
    manifest: ReviewManifest | None = None
    signature: SignatureCheck | None = None
    notes: list[ReviewNote] | None = None  # once everything checked out

    @property
    def intact(self) -> bool:
        return self.state == INTACT

    @property
    def signature_state(self) -> str:
        """known, unknown or unsigned (what an imported comment records)."""
        if self.signature is None:
            return "unsigned"
        return "known" if self.signature.known else "unknown"

    def summary(self) -> str:
        words = VerifyReport(self.state, self.problems, self.tampered_members,
                             signature=self.signature).summary()  # fmt: skip
        if self.intact and self.manifest is not None and self.notes is not None:
            m = self.manifest
            count = len(self.notes)
            words += (
                f" A review of {m.case_reference or m.case_name} by {m.reviewer},"
                f" {count} comment{'s' if count != 1 else ''}."
            )
        return words

    def to_json(self) -> dict[str, Any]:
        sig = self.signature
        return {
            "state": self.state,
            "intact": self.intact,
            "problems": self.problems,
            "tampered-members": self.tampered_members,
            "signed": sig is not None,
            "signature-valid": sig.valid if sig else None,
            "fingerprint": sig.fingerprint if sig else None,
            "signer": sig.signer if sig else None,
            "known-signer": sig.known if sig else None,
            "manifest": self.manifest.to_json() if self.manifest else None,
            "comments": len(self.notes) if self.notes is not None else None,
        }


def _check_structure(archive: zipfile.ZipFile) -> None:
    infos = archive.infolist()
    names = [info.filename for info in infos]
    if len(names) != len(set(names)):
        raise CaseFileError("Refused: a member appears twice in the review file.")
    for info in infos:
        if info.filename not in MEMBERS:
            raise CaseFileError(f"Refused: {info.filename!r} is not part of a review file.")
        mode = info.external_attr >> 16
        if stat.S_ISLNK(mode) or (mode and stat.S_IFMT(mode) and not stat.S_ISREG(mode)):
            raise CaseFileError(f"Refused: {info.filename!r} is not a plain file.")
        if info.flag_bits & 0x1 or info.compress_type not in (
            zipfile.ZIP_STORED,
            zipfile.ZIP_DEFLATED,
        ):
            raise CaseFileError(f"Refused: {info.filename!r} is stored in an unsupported way.")
        if info.file_size > REVIEW_LIMITS.max_json_size:
            raise CaseFileError(f"Refused: {info.filename!r} is too large for a review file.")
    for required in (MANIFEST, COMMENTS):
        if required not in names:
            raise CaseFileError(f"The review file has no {required}.")


def _check(archive: zipfile.ZipFile) -> ReviewReport:
    try:
        _check_structure(archive)
        manifest_bytes, manifest_json = read_json_member(archive, MANIFEST, REVIEW_LIMITS)
        version = manifest_json.get("format-version") if isinstance(manifest_json, dict) else None
        if isinstance(version, int) and version > REVIEW_VERSION:
            raise CaseFileError(
                f"made by a newer cattool (review format {version}; this one reads "
                f"{REVIEW_VERSION}): update cattool to read it"
            )
        schema.check({"manifest": manifest_json}, "review.schema.json", "manifest.json")
    except CaseFileError as error:
        return ReviewReport(INVALID, [str(error)])
    manifest = ReviewManifest.from_json(manifest_json)
    report = ReviewReport(INTACT, manifest=manifest)
    expected = manifest.members[COMMENTS]
    try:
        comments_bytes = archive.read(COMMENTS)
    except READ_ERRORS as error:  # e.g. a flipped byte caught by the zip's own CRC
        comments_bytes = b""
        report.tampered_members.append(COMMENTS)
        report.problems.append(f"{COMMENTS} is damaged in the review file ({error})")
    else:
        digest = hashlib.sha256(comments_bytes).hexdigest()
        if digest != expected["sha256"] or len(comments_bytes) != expected["size"]:
            report.tampered_members.append(COMMENTS)
            report.problems.append(f"{COMMENTS} does not match its SHA-256 in the manifest")
    check_signature_member(archive, manifest_bytes, REVIEW_LIMITS, report)
    if report.tampered_members:
        report.state = TAMPERED
        return report
    try:
        try:
            comments = json.loads(comments_bytes.decode("utf-8"))
        except (UnicodeDecodeError, ValueError) as error:
            raise CaseFileError(f"{COMMENTS} is not valid JSON ({error}).") from None
        schema.check({"manifest": manifest_json, "comments": comments}, "review.schema.json",
                     "The review file")  # fmt: skip
        uids = [c["uid"] for c in comments["comments"]]
        if len(uids) != len(set(uids)):
            raise CaseFileError(f"{COMMENTS} has a comment uid twice.")
    except CaseFileError as error:
        report.state = INVALID
        report.problems.append(str(error))
        return report
    report.notes = [ReviewNote.from_json(c) for c in comments["comments"]]
    return report


def verify_review_file(path: str | os.PathLike[str]) -> ReviewReport:
    """Check a review file; never raises for a bad file (the report says what is wrong)."""
    source = Path(path)
    if not source.is_file():
        return ReviewReport(INVALID, [f"there is no review file {source}"])
    try:
        with open_zip(source) as archive:
            return _check(archive)
    except CaseFileError as error:
        message = str(error).replace("cattool case file", "cattool review file")
        return ReviewReport(INVALID, [message])
    except READ_ERRORS as error:
        return ReviewReport(INVALID, [f"the review file is damaged ({error})"])
