"""Case file commands: `cattool export`, `verify`, `import` and `key`.

export CASE --out FILE [--redact] [--sign] [--encrypt [--recipient KEYFILE]]
verify FILE              exit 0 only when intact (signed or not); 2 otherwise
import FILE [--replace | --as-new]
key show | export --out FILE | trust FILE [--name NAME]
review list CASE | import FILE [--case CASE] | verify FILE   (an adviser's review file)

Passphrases come from CATTOOL_PASSPHRASE or are asked for (getpass). Bad input exits 2
with a message and nothing written (cli.py's contract).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from pathlib import Path

from cattool.cli import EXIT_BAD_INPUT, EXIT_OK, _open, _print_json

PASSPHRASE_ENV = "CATTOOL_PASSPHRASE"
Register = Callable[..., argparse.ArgumentParser]


def add_commands(command: Register, json_flag: Callable[[argparse.ArgumentParser], None]) -> None:
    export = command("export", "write a case file (.cattool) for an adviser")
    export.add_argument("case", metavar="CASE", help="case id, reference or name")
    export.add_argument("--out", required=True, metavar="FILE.cattool")
    export.add_argument(
        "--redact", action="store_true", help="replace personal data with pseudonyms and counts"
    )
    export.add_argument("--sign", action="store_true", help="sign with the organisation's key")
    export.add_argument(
        "--encrypt", action="store_true", help=f"encrypt (passphrase: {PASSPHRASE_ENV} or asked)"
    )
    export.add_argument(
        "--recipient", metavar="KEYFILE", help="with --encrypt: for this public key file instead"
    )
    json_flag(export)
    export.set_defaults(run=cmd_export)

    verify = command("verify", "check a case file: intact, tampered, who signed it")
    verify.add_argument("file", metavar="FILE")
    json_flag(verify)
    verify.set_defaults(run=cmd_verify)

    imp = command("import", "import a case file (every check first; nothing written on error)")
    imp.add_argument("file", metavar="FILE")
    how = imp.add_mutually_exclusive_group()
    how.add_argument("--replace", action="store_true", help="replace the case if it exists")
    how.add_argument("--as-new", action="store_true", help="import as a new case (new ids)")
    json_flag(imp)
    imp.set_defaults(run=cmd_import)

    key = command("key", "the organisation's signing key: show, export, trust others'")
    actions = key.add_subparsers(dest="key_command", metavar="ACTION", required=True)
    actions.add_parser("show", help="the public key's fingerprint (made on first use)")
    kexport = actions.add_parser("export", help="write the public key file to share")
    kexport.add_argument("--out", required=True, metavar="FILE")
    kexport.add_argument("--name", default="", help="the organisation's name, put in the file")
    ktrust = actions.add_parser("trust", help="trust the signer of this public key file")
    ktrust.add_argument("file", metavar="FILE")
    ktrust.add_argument("--name", help="who it is (default: the name in the file)")
    key.set_defaults(run=cmd_key)

    review = command("review", "an adviser's review file (.cattool-review): verify, import, list")
    ractions = review.add_subparsers(dest="review_command", metavar="ACTION", required=True)
    rlist = ractions.add_parser("list", help="the review comments of a case")
    rlist.add_argument("case", metavar="CASE", help="case id, reference or name")
    json_flag(rlist)
    rimport = ractions.add_parser("import", help="import a review file's comments into its case")
    rimport.add_argument("file", metavar="FILE")
    rimport.add_argument("--case", metavar="CASE", help="refuse the file unless it is of CASE")
    json_flag(rimport)
    rverify = ractions.add_parser("verify", help="check a review file (exit 0 only when intact)")
    rverify.add_argument("file", metavar="FILE")
    json_flag(rverify)
    review.set_defaults(run=cmd_review)


def _ask(prompt: str) -> Callable[[], str]:
    def ask() -> str:
        if os.environ.get(PASSPHRASE_ENV):
            return os.environ[PASSPHRASE_ENV]
        import getpass

        from cattool.core.casefile import CaseFileError

        try:
            return getpass.getpass(prompt)
        except (EOFError, KeyboardInterrupt):  # no terminal (a script), or Ctrl+C
            raise CaseFileError(
                f"No passphrase given: set {PASSPHRASE_ENV} or run it in a terminal."
            ) from None

    return ask


def _keys() -> object:
    from cattool.core.casefile import OrganisationKeys
    from cattool.core.secrets import secret_store

    return OrganisationKeys(secret_store(_ask("Passphrase for cattool's secrets file: ")))


def cmd_export(args: argparse.Namespace) -> int:
    from cattool.core import queries
    from cattool.core.casefile import (
        CaseFileError,
        ExportOptions,
        Passphrase,
        PublicKeyFile,
        Recipient,
        export_case,
    )

    if args.recipient and not args.encrypt:
        raise CaseFileError("--recipient needs --encrypt.")
    encrypt = None
    if args.encrypt and args.recipient:
        from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PublicKey

        key_file = PublicKeyFile.read(Path(args.recipient))
        encrypt = Recipient(X25519PublicKey.from_public_bytes(key_file.encryption))
    keys = _keys() if args.sign else None
    with _open(args, case=args.case).session() as session:
        case = queries.find_case(session, args.case)
        if args.encrypt and not args.recipient:
            first = _ask("Passphrase to encrypt the case file: ")()
            typed = not os.environ.get(PASSPHRASE_ENV)
            if typed and first != _ask("The same passphrase again: ")():
                raise CaseFileError("The two passphrases differ; nothing written.")
            encrypt = Passphrase(first)
        result = export_case(session, case.id, args.out, ExportOptions(args.redact, keys, encrypt))
    if args.json:
        _print_json(
            {
                "path": str(result.path),
                "case-uid": result.case_uid,
                "members": result.members,
                "bytes": result.bytes_written,
                "redacted": result.redacted,
                "fingerprint": result.fingerprint,
                "encrypted": result.encrypted,
                "missing-files": result.missing_files,
            }
        )
        return EXIT_OK
    print(f"Wrote {result.path} ({result.bytes_written:,} bytes, {result.members} members).")
    notes = [
        "redacted" if result.redacted else "",
        f"signed, fingerprint {result.fingerprint}" if result.fingerprint else "unsigned",
        "encrypted" if result.encrypted else "",
    ]
    print("It is " + ", ".join(n for n in notes if n) + ".")
    for missing in result.missing_files:
        print(f"Not included (file not found): {missing}", file=sys.stderr)
    return EXIT_OK


def _private_key_for() -> Callable[[bytes], object]:
    def find(recipient: bytes) -> object:
        return _keys().private_key_for(recipient)

    return find


def cmd_verify(args: argparse.Namespace) -> int:
    from cattool.core.casefile import verify_casefile

    report = verify_casefile(
        args.file,
        passphrase=_ask("Passphrase of the case file: "),
        private_key=_private_key_for(),
    )
    if args.json:
        _print_json(report.to_json())
    else:
        print(report.summary())
    return EXIT_OK if report.intact else EXIT_BAD_INPUT


def cmd_import(args: argparse.Namespace) -> int:
    from cattool.cli import _location
    from cattool.core.casefile import AS_NEW, REPLACE, import_casefile

    mode = REPLACE if args.replace else AS_NEW if args.as_new else None
    _url, db_file = _location(args)
    new_file = db_file is not None and not db_file.exists()
    store = _open(args, create=True)
    try:
        result = import_casefile(
            store,
            args.file,
            mode=mode,
            passphrase=_ask("Passphrase of the case file: "),
            private_key=_private_key_for(),
        )
    except BaseException:
        store.close()
        if new_file:  # a failed import leaves no new database behind
            for suffix in ("", "-wal", "-shm"):
                Path(f"{db_file}{suffix}").unlink(missing_ok=True)
        raise
    store.close()
    if args.json:
        _print_json({"id": result.case_id, "uid": result.case_uid, "name": result.name,
                     "mode": result.mode, "rows": result.rows,
                     "files": [str(f) for f in result.files]})  # fmt: skip
        return EXIT_OK
    how = {"new": "Imported", "replace": "Replaced", "as-new": "Imported as a new case"}
    print(f"{how[result.mode]}: {result.name} (id {result.case_id}).")
    if result.report is not None:
        print(result.report.summary())
    return EXIT_OK


def cmd_key(args: argparse.Namespace) -> int:
    from cattool.core.casefile import PublicKeyFile, trust

    if args.key_command == "trust":
        key = PublicKeyFile.read(Path(args.file))
        name = trust(key, args.name)
        print(f"Trusted {name}: fingerprint {key.fingerprint}.")
        return EXIT_OK
    keys = _keys()
    keys.name = getattr(args, "name", "") or ""
    public = keys.public_key_file()
    if args.key_command == "export":
        public.write(Path(args.out))
        print(f"Wrote {args.out}: fingerprint {public.fingerprint}.")
        return EXIT_OK
    print(f"Fingerprint: {public.fingerprint}")
    return EXIT_OK


def cmd_review(args: argparse.Namespace) -> int:
    from cattool.core.casefile.review import verify_review_file

    if args.review_command == "verify":
        report = verify_review_file(args.file)
        if args.json:
            _print_json(report.to_json())
        else:
            print(report.summary())
        return EXIT_OK if report.intact else EXIT_BAD_INPUT
    from cattool.core.casefile.review_store import import_review, review_comments

    if args.review_command == "import":
        store = _open(args)
        try:
            result = import_review(store, args.file, case=args.case)
        finally:
            store.close()
        if args.json:
            _print_json({"case-id": result.case_id, "added": result.added,
                         "already": result.already, "missing-items": result.missing})  # fmt: skip
            return EXIT_OK
        print(f"Imported {result.added} comment(s) into {result.case_name}"
              + (f"; {result.already} already there." if result.already else "."))  # fmt: skip
        for label in result.missing:
            print(f"Kept, but the item is no longer in the case: {label}")
        if result.report is not None:
            print(result.report.summary())
        return EXIT_OK
    from cattool.core import queries

    with _open(args, case=args.case).session() as session:
        case = queries.find_case(session, args.case)
        comments = review_comments(session, case.id)
    if args.json:
        _print_json([c.to_json() for c in comments])
        return EXIT_OK
    if not comments:
        print(f"{case.name}: no review comments.")
    for c in comments:
        state = "resolved" if c.resolved else "open"
        gone = "" if c.item_exists else " (item no longer in the case)"
        print(f"[{c.id}] {c.item.label}{gone} - {c.reviewer}, {c.created_at:%d %b %Y} ({state},"
              f" {c.signature}){chr(10)}    {c.text}")  # fmt: skip
    return EXIT_OK
