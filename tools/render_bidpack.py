"""Pictures of the demo case's bid pack, page by page, to see what the documents look like.

    .venv/bin/python tools/render_bidpack.py [--case DEMO-RED-LION] [--pages 2] [--dpi 70]
    .venv/bin/python tools/render_bidpack.py --out /tmp/look --others   # every kind, to review

Makes a fresh temporary database with `cattool demo`, runs `cattool bidpack CASE --out DIR
--pdf` (LibreOffice converts), then `pdftoppm` (poppler-utils) turns the first pages of
each document into docs/bidpack/<nn>-<document>-p<k>.png. Old PNGs there are replaced.
With --others, each document kind the pack lacks is also generated (`cattool docs CASE
--out DIR --kind KEY`) from the first other demo case where it applies and is ready, else
where it is ready.
Never touches the user's own data.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TODAY = "2026-11-23"
DEMO_CASES = ("DEMO-RED-LION", "DEMO-STRETFORD-HALL", "DEMO-HENDON-LIBRARY", "DEMO-OLD-BELL")


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


class Cattool:
    """`cattool --db DB --today TODAY …` in a child process, with a scratch data folder."""

    def __init__(self, db: Path, data: Path) -> None:
        script = ROOT / ".venv" / "bin" / "cattool"
        self.command = [str(script)] if script.exists() else [sys.executable, "-m", "cattool"]
        self.argv = ["--db", str(db), "--today", TODAY]
        self.env = {**os.environ, "CATTOOL_DATA_DIR": str(data)}

    def __call__(self, *args: str, refused_ok: bool = False) -> str:
        """The command's output; "" if it was refused (exit 2) and `refused_ok`."""
        done = subprocess.run(
            [*self.command, *self.argv, *args],
            capture_output=True,
            text=True,
            env=self.env,
            check=False,
        )
        if done.returncode == 2 and refused_ok:
            return ""
        if done.stderr.strip():
            print(done.stderr.rstrip(), file=sys.stderr)
        if done.returncode != 0:
            raise SystemExit(f"cattool {' '.join(args)} failed (exit {done.returncode})")
        return done.stdout


def to_pdf(documents: list[Path], out: Path) -> list[Path]:
    from cattool.documents.pdf import convert_to_pdf

    return convert_to_pdf(documents, out)


def render(pdf: Path, stem: str, out: Path, pages: int, dpi: int) -> list[Path]:
    """The first `pages` pages of `pdf` as out/<stem>-p<k>.png."""
    with tempfile.TemporaryDirectory(prefix="cattool-ppm-") as scratch:
        prefix = Path(scratch) / "page"
        subprocess.run(
            [
                "pdftoppm",
                "-png",
                "-r",
                str(dpi),
                "-f",
                "1",
                "-l",
                str(pages),
                str(pdf),
                str(prefix),
            ],
            check=True,
            capture_output=True,
        )
        made = sorted(Path(scratch).glob("page-*.png"), key=lambda p: int(p.stem.rsplit("-")[-1]))
        written = []
        for number, page in enumerate(made, 1):
            target = out / f"{stem}-p{number}.png"
            shrink(page, target)
            written.append(target)
    return written


def shrink(source: Path, target: Path) -> None:
    """Save with a 64-colour palette: a third of the bytes, the text still crisp."""
    try:
        from PIL import Image
    except ImportError:
        shutil.move(source, target)
        return
    with Image.open(source) as image:
        image.convert("RGB").quantize(colors=64, dither=Image.Dither.NONE).save(
            target, optimize=True
        )


def page_count(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=False)
    found = re.search(r"^Pages:\s+(\d+)", info.stdout, re.MULTILINE)
    return int(found.group(1)) if found else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--case", default="DEMO-RED-LION", help="the demo case of the pack")
    parser.add_argument("--out", default=str(ROOT / "docs" / "bidpack"))
    parser.add_argument("--pages", type=int, default=2, help="pages per document (default 2)")
    parser.add_argument("--dpi", type=int, default=70)
    parser.add_argument("--others", action="store_true", help="also kinds the pack lacks")
    parser.add_argument("--keep", help="also copy the .docx and .pdf files into this folder")
    args = parser.parse_args(argv)
    for program in ("pdftoppm", "pdfinfo"):
        if shutil.which(program) is None:
            raise SystemExit(f"{program} is not installed (poppler-utils).")
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob("*.png"):
        old.unlink()

    with tempfile.TemporaryDirectory(prefix="cattool-render-") as scratch_name:
        scratch = Path(scratch_name)
        cattool = Cattool(scratch / "demo.sqlite", scratch / "data")
        cattool("demo")
        pack_dir = scratch / "pack"
        pack = json.loads(cattool("bidpack", args.case, "--out", str(pack_dir), "--pdf", "--json"))
        if pack["pdf_note"]:
            raise SystemExit(pack["pdf_note"])
        documents = [(Path(i["path"]), Path(i["pdf"]), i["kind"]) for i in pack["items"]]
        for skipped in pack["skipped"]:
            print(f"not in the pack: {skipped['title']} ({'; '.join(skipped['missing'])})")

        if args.others:
            have = {kind for _docx, _pdf, kind in documents}
            extra_dir = scratch / "others"
            extras: list[tuple[Path, str]] = []
            listings = {
                case: json.loads(cattool("docs", case, "--json"))["documents"]
                for case in DEMO_CASES
                if case != args.case
            }
            # Where it applies now if some case has it so, else wherever it is ready.
            for must_apply in (True, False):
                for case, listing in listings.items():
                    for d in listing:
                        kind = d["kind"]
                        if kind in have or not d["ready"] or (must_apply and not d["applies"]):
                            continue
                        made = cattool(
                            "docs", case, "--out", str(extra_dir), "--kind", kind, "--json",
                            refused_ok=True,
                        )  # fmt: skip
                        if not made:  # refused: e.g. a notice under the other law
                            continue
                        extras += [
                            (Path(g["path"]), f"{kind} ({case})")
                            for g in json.loads(made)["generated"]
                        ]
                        have.add(kind)
            pdfs = to_pdf([docx for docx, _what in extras], extra_dir)
            documents += [(docx, pdf, what) for (docx, what), pdf in zip(extras, pdfs, strict=True)]

        for number, (docx, pdf, what) in enumerate(documents):
            # "01 ACV nomination.docx" -> 01-acv-nomination; others after their kind and case
            named = re.match(r"\d\d (.+)$", docx.stem)
            stem = f"{number:02d}-{slug(named.group(1) if named else what)}"
            pictures = render(pdf, stem, out, args.pages, args.dpi)
            total = page_count(pdf)
            names = ", ".join(p.name for p in pictures)
            print(f"{what:40} {total} page(s) -> {names}")
            if args.keep:
                keep = Path(args.keep)
                keep.mkdir(parents=True, exist_ok=True)
                shutil.copy2(docx, keep / docx.name)
                shutil.copy2(pdf, keep / pdf.name)
    print(f"written to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
