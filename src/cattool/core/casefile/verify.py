"""Verify a case file: intact, tampered (which member), unsigned or signed by whom.

`check_archive` works on an open zip and is shared with the import, which refuses
anything that is not intact. Nothing here writes.
"""

from __future__ import annotations

import os
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

from cattool.core.casefile import schema
from cattool.core.casefile.archive import (
    READ_ERRORS,
    check_structure,
    open_zip,
    plain_zip,
    read_json_member,
    stream_member,
)
from cattool.core.casefile.crypto import KeyForRecipient
from cattool.core.casefile.format import (
    CASE_JSON,
    FORMAT_VERSION,
    MANIFEST,
    SIGNATURE,
    CaseFileError,
    Manifest,
)
from cattool.core.casefile.limits import DEFAULT_LIMITS, Limits
from cattool.core.casefile.sign import SignatureCheck, check_signature

INTACT, TAMPERED, INVALID = "intact", "tampered", "invalid"


@dataclass(slots=True)
class VerifyReport:
    state: str  # intact, tampered or invalid (not a case file we can read)
    problems: list[str] = field(default_factory=list)
    tampered_members: list[str] = field(default_factory=list)
    manifest: Manifest | None = None
    signature: SignatureCheck | None = None
    encrypted: bool = False
    case: dict[str, Any] | None = None  # case.json, once everything checked out

    @property
    def intact(self) -> bool:
        return self.state == INTACT

    @property
    def signed(self) -> bool:
        return self.signature is not None

    def summary(self) -> str:
        """One plain paragraph for people (CLI, the review banner)."""
        if self.state == INVALID:
            return "Not usable: " + "; ".join(self.problems)
        if self.state == TAMPERED:
            what = ", ".join(self.tampered_members) or "the file"
            return f"TAMPERED: {what} changed since it was made. " + "; ".join(self.problems)
        lines = ["Intact: every member matches its SHA-256 in the manifest."]
        if self.signature is None:
            lines.append("Unsigned: nothing says who made it.")
        elif self.signature.known:
            lines.append(
                f"Signed by {self.signature.signer} (fingerprint {self.signature.fingerprint}),"
                " a known signer."
            )
        else:
            lines.append(
                f"Signed by an UNKNOWN signer, fingerprint {self.signature.fingerprint}: "
                "check it with the sender before trusting it (`cattool key trust FILE`)."
            )
        if self.manifest is not None and self.manifest.redacted:
            lines.append("Redacted: personal data replaced by pseudonyms and counts.")
        if self.encrypted:
            lines.append("It was encrypted; decrypted with the key given.")
        return " ".join(lines)

    def to_json(self) -> dict[str, Any]:
        sig = self.signature
        return {
            "state": self.state,
            "intact": self.intact,
            "problems": self.problems,
            "tampered-members": self.tampered_members,
            "encrypted": self.encrypted,
            "signed": self.signed,
            "signature-valid": sig.valid if sig else None,
            "fingerprint": sig.fingerprint if sig else None,
            "signer": sig.signer if sig else None,
            "known-signer": sig.known if sig else None,
            "manifest": self.manifest.to_json() if self.manifest else None,
        }


class SignedReport(Protocol):
    """What a signature check writes to: a case file's report or a review file's."""

    signature: SignatureCheck | None
    tampered_members: list[str]
    problems: list[str]


def check_signature_member(
    archive: zipfile.ZipFile, manifest_bytes: bytes, limits: Limits, report: SignedReport
) -> None:
    """The signature over manifest.json, when there is one: a bad or unreadable one marks
    the manifest tampered (shared by case files and review files)."""
    if SIGNATURE not in archive.namelist():
        return
    try:
        signature_bytes, _ = read_json_member(archive, SIGNATURE, limits)
        report.signature = check_signature(manifest_bytes, signature_bytes)
    except CaseFileError as error:
        report.signature = SignatureCheck(False, "", None, str(error))
    if not report.signature.valid:
        report.tampered_members.append(MANIFEST)
        report.problems.append(f"signature: {report.signature.problem}")


def check_archive(archive: zipfile.ZipFile, limits: Limits = DEFAULT_LIMITS) -> VerifyReport:
    """Every check but the database's: structure, manifest, hashes, signature, schema."""
    try:
        check_structure(archive, limits)
        manifest_bytes, manifest_json = read_json_member(archive, MANIFEST, limits)
        schema.check_manifest(manifest_json)
    except CaseFileError as error:
        return VerifyReport(INVALID, [str(error)])
    manifest = Manifest.from_json(manifest_json)
    report = VerifyReport(INTACT, manifest=manifest)
    if manifest.format_version > FORMAT_VERSION:
        report.state = INVALID
        report.problems.append(
            f"made by a newer cattool (format {manifest.format_version}; this one reads "
            f"{FORMAT_VERSION}): update cattool to open it"
        )
        return report
    present = set(archive.namelist()) - {MANIFEST, SIGNATURE}
    listed = set(manifest.members)
    for name in sorted(present - listed):
        report.tampered_members.append(name)
        report.problems.append(f"{name} is not listed in the manifest")
    for name in sorted(listed - present):
        report.tampered_members.append(name)
        report.problems.append(f"{name} is listed in the manifest but missing")
    for name in sorted(present & listed):
        try:
            digest, size = stream_member(archive, name)
        except CaseFileError as error:
            report.tampered_members.append(name)
            report.problems.append(str(error))
            continue
        expected = manifest.members[name]
        if digest != expected["sha256"] or size != expected["size"]:
            report.tampered_members.append(name)
            report.problems.append(f"{name} does not match its SHA-256 in the manifest")
    check_signature_member(archive, manifest_bytes, limits, report)
    if report.tampered_members:
        report.state = TAMPERED
        return report
    try:
        _, case = read_json_member(archive, CASE_JSON, limits)
        schema.check_case(case)
        if case["case-uid"] != manifest.case_uid or case["tables"]["acv_case"][0]["uid"] != (
            manifest.case_uid
        ):
            raise CaseFileError("case.json is for another case than manifest.json says")
    except CaseFileError as error:
        report.state = INVALID
        report.problems.append(str(error))
        return report
    report.case = case
    return report


def verify_casefile(
    path: str | os.PathLike[str],
    *,
    passphrase: Callable[[], str] | None = None,
    private_key: KeyForRecipient | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> VerifyReport:
    """Check a case file without importing it; never raises for a bad file."""
    try:
        with plain_zip(path, passphrase=passphrase, private_key=private_key) as (plain, sealed):
            with open_zip(plain) as archive:
                report = check_archive(archive, limits)
            report.encrypted = sealed
            return report
    except CaseFileError as error:
        return VerifyReport(INVALID, [str(error)])
    except READ_ERRORS as error:  # a damaged file in a way the checks did not foresee
        return VerifyReport(INVALID, [f"the case file is damaged ({error})"])
