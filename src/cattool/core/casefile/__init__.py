"""Case files (.cattool) for advisers: export, verify, import; signing, encryption and
redaction. Never imports Qt. The format is described in docs/casefile-format.md.

The API the GUI (File → Export / Open case file) and the command line use:

    export_case(session, case_id, out, ExportOptions(redact=, sign_with=, encrypt=))
        -> ExportResult           # atomic; streamed; CaseFileError on bad input
    verify_casefile(path, passphrase=, private_key=) -> VerifyReport
        # never raises for a bad file: .state is "intact", "tampered" or "invalid",
        # .summary() is the sentence to show, .case is case.json once intact
    import_casefile(store, path, mode=None | "replace" | "as-new", passphrase=,
                    private_key=) -> ImportResult   # all checks first, one transaction
    OrganisationKeys(secret_store())  # the organisation's keys (made on first use):
        .public_key_file() -> PublicKeyFile (.fingerprint, .write(path))
        .private_key_for   # pass as private_key= to open files encrypted for us
    PublicKeyFile.read(path), trust(key), trusted_signers()
    Passphrase(text), Recipient(PublicKeyFile.read(path).encryption key)

Review files (an adviser's comments, `.cattool-review`): review.py writes, reads and
verifies them (signed like case files); review_store.py imports them into the group's
case and reads them back for the Review comments panel and `cattool review`.
"""

from __future__ import annotations

from cattool.core.casefile.crypto import Passphrase, Recipient
from cattool.core.casefile.export import ExportOptions, ExportResult, export_case
from cattool.core.casefile.format import FORMAT_VERSION, CaseFileError
from cattool.core.casefile.importing import AS_NEW, REPLACE, ImportResult, import_casefile
from cattool.core.casefile.sign import OrganisationKeys, PublicKeyFile, trust, trusted_signers
from cattool.core.casefile.verify import VerifyReport, verify_casefile

__all__ = [
    "AS_NEW",
    "FORMAT_VERSION",
    "REPLACE",
    "CaseFileError",
    "ExportOptions",
    "ExportResult",
    "ImportResult",
    "OrganisationKeys",
    "Passphrase",
    "PublicKeyFile",
    "Recipient",
    "VerifyReport",
    "export_case",
    "import_casefile",
    "trust",
    "trusted_signers",
    "verify_casefile",
]
