"""The bid pack: every applicable, ready document for a case, a cover letter with an
index, optional PDF copies and zip, and a plain report of what could not be produced.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy.orm import Session

from cattool.core.changes import Changes
from cattool.core.errors import InputError
from cattool.core.files import atomic_write
from cattool.documents.facts import load_case_facts
from cattool.documents.pdf import PdfUnavailable, convert_to_pdf
from cattool.documents.registry import DocumentKind, MissingDataError, document_kinds
from cattool.documents.service import generate, with_pack

COVER = "cover-letter"
INDEX = "pack-index"

Progress = Callable[[int, int, str], None]  # done, total, what is happening now


@dataclass(slots=True)
class PackItem:
    kind: DocumentKind
    path: Path
    pdf: Path | None = None


@dataclass(slots=True)
class BidPack:
    folder: Path
    items: list[PackItem] = field(default_factory=list)
    skipped: list[tuple[DocumentKind, list[str]]] = field(default_factory=list)
    pdf_note: str = ""
    zip_path: Path | None = None

    def report(self) -> str:
        lines = [f"Bid pack in {self.folder}:"]
        lines += [f"  produced  {item.path.name}" for item in self.items]
        if self.items and any(item.pdf for item in self.items):
            lines.append(f"  and a PDF copy of each ({sum(1 for i in self.items if i.pdf)})")
        for kind, reasons in self.skipped:
            lines.append(f"  NOT produced: {kind.title}, because it still needs:")
            lines += [f"      - {reason}" for reason in reasons]
        if self.pdf_note:
            lines.append(self.pdf_note)
        if self.zip_path:
            lines.append(f"Zipped as {self.zip_path}")
        return "\n".join(lines)


def pack_kinds() -> list[DocumentKind]:
    return [k for k in document_kinds().values() if k.in_bid_pack and k.key not in (COVER, INDEX)]


def _zip_folder(pack: BidPack) -> Path:
    target = pack.folder.with_name(pack.folder.name + ".zip")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(pack.folder.iterdir()):
            if path.is_file() and not path.name.startswith("."):
                archive.write(path, f"{pack.folder.name}/{path.name}")
    atomic_write(target, buffer.getvalue())
    return target


def build_bid_pack(
    session: Session,
    ref: str | int,
    out_dir: Path,
    today: dt.date,
    *,
    pdf: bool = False,
    zip_pack: bool = False,
    progress: Progress | None = None,
) -> tuple[BidPack, Changes]:
    """Write the pack into `out_dir`; what cannot be produced is reported, never blank."""
    facts = load_case_facts(session, ref, today)
    candidates = [k for k in pack_kinds() if k.applies(facts)]
    total = len(candidates) + 1 + (1 if pdf else 0) + (1 if zip_pack else 0)
    pack = BidPack(Path(out_dir).expanduser())
    changes = Changes()

    def step(done: int, what: str) -> None:
        if progress is not None:
            progress(done, total, what)

    number = 1
    for done, kind in enumerate(candidates):
        step(done, f"Writing {kind.title}")
        missing = kind.missing(facts)
        if missing:
            pack.skipped.append((kind, [r.describe() for r in missing]))
            continue
        try:
            made, change = generate(
                session, facts, kind.key, pack.folder, filename=f"{number:02d} {kind.title}.docx"
            )
        except MissingDataError as error:
            pack.skipped.append((kind, [r.describe() for r in error.missing]))
            continue
        pack.items.append(PackItem(kind, made.path))
        changes |= change
        number += 1

    step(len(candidates), "Writing the cover letter and index")
    contents = tuple((item.kind.title, item.path.name) for item in pack.items)
    cover_facts = with_pack(facts, contents)
    cover = document_kinds()[COVER]
    front = cover if not cover.missing(cover_facts) else document_kinds()[INDEX]
    if front is not cover:
        pack.skipped.append((cover, [r.describe() for r in cover.missing(cover_facts)]))
    made, change = generate(
        session, cover_facts, front.key, pack.folder, filename=f"00 {front.title}.docx"
    )
    changes |= change
    pack.items.insert(0, PackItem(front, made.path))

    done = len(candidates) + 1
    if pdf:
        step(done, "Converting to PDF with LibreOffice")
        try:
            pdfs = convert_to_pdf([item.path for item in pack.items], pack.folder)
        except PdfUnavailable as error:
            pack.pdf_note = str(error)
        except InputError as error:  # LibreOffice failed or timed out: the .docx pack stands
            pack.pdf_note = f"No PDF copies: {error} The Word documents were produced as usual."
        else:
            for item, pdf_path in zip(pack.items, pdfs, strict=True):
                item.pdf = pdf_path
        done += 1
    if zip_pack:
        step(done, "Zipping the pack")
        pack.zip_path = _zip_folder(pack)
        done += 1
    step(total, "Done")
    return pack, changes
