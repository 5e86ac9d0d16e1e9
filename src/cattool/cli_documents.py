"""The document commands: `cattool docs` (what each document needs, generate them, mark
one sent) and `cattool bidpack` (the whole pack, with PDF copies and a zip).

Same contract as the rest of the command line (cli.py): bad input (an unknown case or
document, --out naming a file, a bad date, an explicitly requested document that still
lacks data) exits 2 with the reason on stderr and nothing written: every check runs
before the first file, and a command that fails part-way removes the files it wrote
while its transaction rolls back.
"""

from __future__ import annotations

import argparse
import datetime as dt
import shlex
import shutil
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

from cattool.cli import EXIT_OK, CliError, _open, _print_json, _today
from cattool.core.dates import format_date_short

Register = Callable[..., argparse.ArgumentParser]


def add_commands(command: Register, json_flag: Callable[[argparse.ArgumentParser], None]) -> None:
    """Add `docs` and `bidpack` to the parser (cli.build_parser's `command` helper)."""
    docs = command(
        "docs",
        "a case's documents: what is ready or missing, generate them, mark one sent",
        description=(
            "Without --out: list every document for the case, its state (ready; missing "
            "data, with what to fill in and where; generated; sent) and whether it applies "
            "now. With --out: generate the documents that apply and are ready (or only "
            "--kind KEY)."
        ),
    )
    docs.add_argument("case", metavar="CASE", help="case id, reference or name")
    docs.add_argument("--out", metavar="DIR", help="generate into this folder")
    docs.add_argument(
        "--kind",
        action="append",
        default=[],
        metavar="KEY",
        help="only this document (repeatable); --list shows the keys",
    )
    docs.add_argument("--list", action="store_true", help="list the documents (the default)")
    docs.add_argument(
        "--mark-sent", metavar="KIND", help="record that the latest version of KIND went out"
    )
    docs.add_argument("--sent-on", metavar="DATE", help="with --mark-sent: when it was sent")
    docs.add_argument(
        "--received-on",
        metavar="DATE",
        help="with --mark-sent: when it was received (starts a statutory clock where one runs)",
    )
    json_flag(docs)
    docs.set_defaults(run=cmd_docs)

    pack = command(
        "bidpack",
        "the bid pack: every ready document, a cover letter with the index, PDF and zip",
    )
    pack.add_argument("case", metavar="CASE", help="case id, reference or name")
    pack.add_argument("--out", required=True, metavar="DIR", help="the folder for the pack")
    pack.add_argument("--pdf", action="store_true", help="also PDF copies (needs LibreOffice)")
    pack.add_argument("--zip", action="store_true", help="also DIR.zip beside the folder")
    json_flag(pack)
    pack.set_defaults(run=cmd_bidpack)


# ---------------------------------------------------------------- helpers


def _out_folder(text: str) -> Path:
    """--out as a folder; refused (before anything is opened) if it names a file."""
    folder = Path(text).expanduser()
    if folder.exists() and not folder.is_dir():
        raise CliError(f"{folder} is a file, not a folder: give --out a folder.")
    existing = next((p for p in folder.absolute().parents if p.exists()), None)
    if existing is not None and not existing.is_dir():
        raise CliError(f"{existing} is a file, so {folder} cannot be made as a folder.")
    return folder


@contextmanager
def _remove_new_files_on_error(folder: Path, *others: Path) -> Iterator[None]:
    """If the block fails, remove what it created in `folder` (the folder too, if it is
    new) and any of `others` that did not exist before: a failed command leaves nothing."""
    existed = folder.is_dir()
    before = set(folder.iterdir()) if existed else set()
    new_others = [p for p in others if not p.exists()]
    try:
        yield
    except BaseException:
        if not existed:
            shutil.rmtree(folder, ignore_errors=True)
        elif folder.is_dir():
            new_others += [p for p in folder.iterdir() if p not in before and p.is_file()]
        for path in new_others:
            with suppress(OSError):
                path.unlink()
        raise


def _requirement_json(requirement: Any) -> dict:
    return {"what": requirement.what, "page": requirement.page, "where": requirement.where}


def _generated_when(stamp: dt.datetime) -> str:
    """A UTC timestamp from the database, in local time, the way the lists write dates."""
    local = stamp.replace(tzinfo=dt.UTC).astimezone()
    return f"{format_date_short(local.date())} {local:%H:%M}"


def _stages_text(kind: Any) -> str:
    from cattool.core.rules.stage import STAGES, stage_label

    if kind.regimes is not None and kind.stages is None:
        return "only under " + ", ".join(sorted(kind.regimes))
    order = list(STAGES)
    ordered = sorted(kind.stages or (), key=lambda s: order.index(s) if s in order else len(order))
    stages = ", ".join(stage_label(s).lower() for s in ordered)
    regimes = f" ({', '.join(sorted(kind.regimes))})" if kind.regimes else ""
    return f"applies when: {stages}{regimes}" if stages else "not offered on its own"


def _state_text(status: Any) -> str:
    latest = status.latest
    if status.missing:
        return "missing data" + (f" (v{latest.revision} generated earlier)" if latest else "")
    if latest is None:
        return "ready"
    text = f"generated v{latest.revision} {_generated_when(latest.generated_at)}"
    if latest.sent_on:
        text = f"sent {format_date_short(latest.sent_on)} (v{latest.revision})"
    return text


def _status_json(status: Any) -> dict:
    latest = status.latest
    kind = status.kind
    return {
        "kind": kind.key,
        "title": kind.title,
        "summary": kind.summary,
        "state": status.state,
        "applies": status.applies,
        "ready": status.ready,
        "missing": [_requirement_json(r) for r in status.missing],
        "personal_data": kind.personal_data,
        "in_bid_pack": kind.in_bid_pack,
        "latest": None
        if latest is None
        else {
            "id": latest.id,
            "revision": latest.revision,
            "path": latest.path,
            "sha256": latest.sha256,
            "generated_at": latest.generated_at.replace(tzinfo=dt.UTC).isoformat(),
            "sent_on": latest.sent_on.isoformat() if latest.sent_on else None,
        },
    }


def _case_json(facts: Any) -> dict:
    return {
        "id": facts.id,
        "name": facts.name,
        "reference": facts.reference,
        "stage": facts.stage,
        "stage_label": facts.stage_label,
    }


def _progress(done: int, total: int, what: str) -> None:
    print(f"[{done}/{total}] {what}", file=sys.stderr, flush=True)


# ---------------------------------------------------------------- docs


def cmd_docs(args: argparse.Namespace) -> int:
    from cattool.documents.registry import get_kind

    today = _today(args)
    kinds = [get_kind(key) for key in dict.fromkeys(args.kind)]  # unknown: exit 2
    if args.mark_sent is not None:
        if args.out is not None or args.list or kinds:
            raise CliError("--mark-sent goes alone (not with --out, --list or --kind).")
        return _mark_sent(args, today)
    if args.sent_on is not None or args.received_on is not None:
        raise CliError("--sent-on and --received-on go with --mark-sent KIND.")
    if args.out is None:
        return _list(args, today, kinds)
    if args.list:
        raise CliError("--list shows the documents and --out generates them: use one.")
    return _generate(args, today, kinds, _out_folder(args.out))


def _list(args: argparse.Namespace, today: dt.date, kinds: list) -> int:
    from cattool.documents.facts import load_case_facts
    from cattool.documents.registry import status_of, statuses

    with _open(args, case=args.case).session() as session:
        facts = load_case_facts(session, args.case, today)
    found = [status_of(k, facts) for k in kinds] if kinds else statuses(facts)
    if args.json:
        _print_json(
            {
                "case": _case_json(facts),
                "today": today.isoformat(),
                "documents": [_status_json(s) for s in found],
            }
        )
        return EXIT_OK
    print(f"{facts.label}: documents as of {format_date_short(today)}")
    print(f"Stage: {facts.stage_label}")
    key_width = max((len(s.kind.key) for s in found), default=0)
    title_width = max((len(s.kind.title) for s in found), default=0)
    for applies, heading in ((True, "Apply now"), (False, "Not at this stage")):
        group = [s for s in found if s.applies == applies]
        if not group:
            continue
        print(f"\n{heading}:")
        for s in group:
            print(f"  {s.kind.key:{key_width}}  {s.kind.title:{title_width}}  {_state_text(s)}")
            if not applies:
                print(f"      ({_stages_text(s.kind)})")
            if s.missing:
                print("      Fill in:")
                for r in s.missing:
                    print(f"        - {r.describe()}")
    case = shlex.quote(args.case)
    print(
        f"\nGenerate: cattool docs {case} --out DIR [--kind KEY]; "
        f"the whole pack: cattool bidpack {case} --out DIR"
    )
    return EXIT_OK


def _generate(args: argparse.Namespace, today: dt.date, kinds: list, folder: Path) -> int:
    from cattool.core.errors import InputError
    from cattool.documents.facts import load_case_facts
    from cattool.documents.registry import MissingDataError, statuses
    from cattool.documents.service import generate

    made: list[Any] = []
    skipped: list[tuple[Any, list]] = []
    with _remove_new_files_on_error(folder), _open(args, case=args.case).transaction() as session:
        facts = load_case_facts(session, args.case, today)
        if kinds:
            other_law = [k for k in kinds if k.regimes and facts.regime.id not in k.regimes]
            if other_law:  # a document of another law is never right, whatever the stage
                raise InputError(
                    "\n".join(
                        f"The {k.title} is for {' or '.join(sorted(k.regimes))} cases; "
                        f"{facts.name} is under {facts.regime.name} ({facts.regime.id})."
                        for k in other_law
                    )
                )
            gaps = [MissingDataError(k, k.missing(facts)) for k in kinds if k.missing(facts)]
            if gaps:  # every gap of every requested document, before anything is written
                raise InputError("\n".join(str(g) for g in gaps))
            chosen = kinds
        else:
            chosen = [s.kind for s in statuses(facts) if s.applies]
        for kind in chosen:
            if not kind.applies(facts):
                print(
                    f"cattool: note: the {kind.title} does not apply at this stage "
                    f"({facts.stage_label.lower()}); written as asked.",
                    file=sys.stderr,
                )
            try:
                generated, _changes = generate(session, facts, kind.key, folder)
            except MissingDataError as error:
                if kinds:
                    raise
                skipped.append((kind, error.missing))
                continue
            made.append(generated)
            # Later documents (the cover letter's index) see the revisions just made.
            facts = load_case_facts(session, facts.id, today)
        label = facts.label
    if args.json:
        _print_json(
            {
                "case": _case_json(facts),
                "folder": str(folder),
                "generated": [
                    {
                        "id": g.record_id,
                        "kind": g.kind.key,
                        "title": g.kind.title,
                        "revision": g.revision,
                        "path": str(g.path),
                        "sha256": g.sha256,
                    }
                    for g in made
                ],
                "skipped": [
                    {
                        "kind": kind.key,
                        "title": kind.title,
                        "missing": [_requirement_json(r) for r in missing],
                    }
                    for kind, missing in skipped
                ],
            }
        )
        return EXIT_OK
    if made:
        print(f"Wrote {len(made)} document(s) for {label} to {folder}:")
        for g in made:
            print(f"  {g.path.name}  ({g.kind.key}, version {g.revision})")
    else:
        print(f"No documents written for {label}: none that applies now is ready.")
    for kind, missing in skipped:
        print(f"NOT written: {kind.title}, because it still needs:")
        for r in missing:
            print(f"    - {r.describe()}")
    return EXIT_OK


def _mark_sent(args: argparse.Namespace, today: dt.date) -> int:
    from sqlalchemy import select

    from cattool.core import queries
    from cattool.core.dates import parse_past_date
    from cattool.core.errors import InputError
    from cattool.core.model import Event, GeneratedDocument
    from cattool.core.rules.events import event_label
    from cattool.documents.registry import get_kind
    from cattool.documents.service import mark_sent

    kind = get_kind(args.mark_sent)
    if args.sent_on is None:
        raise CliError("--mark-sent needs --sent-on DATE (the day it went out).")
    sent_on = parse_past_date(args.sent_on, today, what="The sending")
    received_on = None
    if args.received_on is not None:
        received_on = parse_past_date(args.received_on, today, what="The receipt")
    with _open(args, case=args.case).transaction() as session:
        case = queries.find_case(session, args.case)
        record = session.scalar(
            select(GeneratedDocument)
            .where(GeneratedDocument.case_id == case.id, GeneratedDocument.kind == kind.key)
            .order_by(GeneratedDocument.revision.desc())
            .limit(1)
        )
        if record is None:
            raise InputError(
                f"No {kind.title} has been generated for {case.name} yet: generate it first "
                f"(cattool docs {shlex.quote(args.case)} --out DIR --kind {kind.key})."
            )
        if record.sent_event_id is not None:
            raise InputError(
                f"Version {record.revision} of the {kind.title} is already recorded as sent."
            )
        changes = mark_sent(session, record.id, sent_on, received_on=received_on, today=today)
        event = session.get(Event, changes.created_id)
        assert event is not None
        result = {
            "document_id": record.id,
            "kind": kind.key,
            "revision": record.revision,
            "event_id": event.id,
            "event_kind": event.kind,
            "event_date": event.date.isoformat(),
            "sent_on": sent_on.isoformat(),
            "received_on": received_on.isoformat() if received_on else None,
        }
        name = case.name
    if args.json:
        _print_json(result)
        return EXIT_OK
    print(
        f"{kind.title} version {result['revision']} for {name}: sent "
        f"{format_date_short(sent_on)}; recorded as the event "
        f"'{event_label(result['event_kind'])}' on "
        f"{format_date_short(dt.date.fromisoformat(result['event_date']))} "
        f"(event {result['event_id']})."
    )
    return EXIT_OK


# ---------------------------------------------------------------- bidpack


def cmd_bidpack(args: argparse.Namespace) -> int:
    from cattool.core import queries
    from cattool.documents.bidpack import build_bid_pack

    today = _today(args)
    folder = _out_folder(args.out).resolve()
    if not folder.name:
        raise CliError(f"{folder} cannot hold a bid pack: choose a folder below it.")
    zip_path = folder.with_name(folder.name + ".zip")
    if args.zip and zip_path.is_dir():
        raise CliError(f"{zip_path} is a folder: the zip of the pack would go there.")
    store = _open(args, case=args.case)
    with _remove_new_files_on_error(folder, zip_path), store.transaction() as session:
        queries.find_case(session, args.case)  # an unknown case: refused before any file
        pack, _changes = build_bid_pack(
            session, args.case, folder, today, pdf=args.pdf, zip_pack=args.zip, progress=_progress
        )
    if pack.pdf_note:
        print(f"cattool: no PDF copies: {pack.pdf_note}", file=sys.stderr)
    if args.json:
        _print_json(
            {
                "folder": str(pack.folder),
                "items": [
                    {
                        "kind": item.kind.key,
                        "title": item.kind.title,
                        "path": str(item.path),
                        "pdf": str(item.pdf) if item.pdf else None,
                    }
                    for item in pack.items
                ],
                "skipped": [
                    {"kind": kind.key, "title": kind.title, "missing": reasons}
                    for kind, reasons in pack.skipped
                ],
                "pdf_note": pack.pdf_note or None,
                "zip": str(pack.zip_path) if pack.zip_path else None,
            }
        )
    else:
        print(pack.report())
    return EXIT_OK
