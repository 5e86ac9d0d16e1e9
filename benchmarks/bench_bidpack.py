"""The full bid pack of the fullest demo case (no PDF), in process, beside python-docx itself.

A fresh database gets the demo cases (`cattool demo`'s data, today 23 Nov 2026); one
unmeasured pack warms the imports and the house-style reference. Then, round by round:

- baseline: python-docx opens the house-style reference .docx, adds one paragraph and
  saves it (the least any document costs),
- subject: `build_bid_pack(session, CASE, fresh folder, today)` in one transaction
  (facts, every applicable ready document, the cover letter with its index, the
  GeneratedDocument rows and their audit entries, committed),
- also reported: the same with `zip_pack=True`, and `cattool bidpack CASE --out DIR` as
  a whole process (spawn to exit).

    python benchmarks/bench_bidpack.py [--db FILE] [--case DEMO-STRETFORD-HALL] [--rounds 5]
"""

from __future__ import annotations

import argparse
import datetime as dt
import subprocess
import sys
import tempfile
from collections.abc import Callable
from itertools import count
from pathlib import Path
from typing import TYPE_CHECKING

from benchlib import VENV_BIN, Result, interleave, venv_python, verdict_under

if TYPE_CHECKING:
    from cattool.core.store import Store

TODAY = dt.date(2026, 11, 23)
# The fullest demo pack: nomination papers, the support report and the money documents
# (business plan, funding strategy). DEMO-RED-LION (five documents) is quicker.
CASE = "DEMO-STRETFORD-HALL"
BUDGET_SECONDS = 1.5


def build_demo_cases(path: Path) -> None:
    """The real demo cases (`cattool demo`), not benchmarks/portfolio.py's bare four."""
    from cattool.core.demo import add_demo_cases
    from cattool.core.store import open_store

    store = open_store(str(path))
    try:
        with store.transaction() as session:
            add_demo_cases(session, TODAY)
    finally:
        store.close()


def baseline(folder: Path) -> Callable[[], None]:
    from docx import Document

    from cattool.documents.style import reference_path

    numbers = count()

    def run() -> None:
        document = Document(str(reference_path()))
        document.add_paragraph("One paragraph in the house style.")
        document.save(str(folder / f"baseline-{next(numbers)}.docx"))

    return run


def subject(store: Store, case: str, folder: Path, *, zip_pack: bool = False) -> Callable[[], int]:
    from cattool.documents.bidpack import build_bid_pack

    numbers = count()

    def run() -> int:
        out = folder / f"pack-{'zip-' if zip_pack else ''}{next(numbers)}"
        with store.transaction() as session:
            pack, _changes = build_bid_pack(session, case, out, TODAY, zip_pack=zip_pack)
        return len(pack.items)

    return run


def cli_process(db: str, case: str, folder: Path) -> Callable[[], None]:
    script = VENV_BIN / "cattool"
    command = [str(script)] if script.exists() else [venv_python(), "-m", "cattool"]
    numbers = count()

    def run() -> None:
        out = folder / f"cli-{next(numbers)}"
        argv = ["--db", db, "--today", TODAY.isoformat(), "bidpack", case, "--out", str(out)]
        subprocess.run([*command, *argv], capture_output=True, check=True)

    return run


def run(db: str | None = None, rounds: int = 5, case: str = CASE) -> list[Result]:
    """Measure and return the table rows (the first is the budgeted one)."""
    with tempfile.TemporaryDirectory(prefix="cattool-bench-bidpack-") as scratch:
        folder = Path(scratch)
        if db is None:
            db = str(folder / "demo.sqlite")
            build_demo_cases(Path(db))
        from cattool.core.store import open_store

        store = open_store(db)
        try:
            pack = subject(store, case, folder)
            items = pack()  # warm: imports, the reference .docx, statement caches
            base_run = baseline(folder)
            base_run()
            samples = interleave(
                {
                    "baseline": base_run,
                    "pack": pack,
                    "pack+zip": subject(store, case, folder, zip_pack=True),
                    "cli": cli_process(db, case, folder),
                },
                rounds,
            )
        finally:
            store.close()
    base = samples["baseline"]
    base.name = "python-docx: open the reference .docx, add a paragraph, save"
    main = Result(
        f"bid pack, {case} ({items} .docx incl. the cover letter; no PDF), in process",
        samples["pack"],
        base,
        f"< {BUDGET_SECONDS:g} s",
        verdict_under(samples["pack"].median, BUDGET_SECONDS),
    )
    zipped = Result(f"bid pack, {case}, with --zip", samples["pack+zip"], base, "(info)", "-")
    cli = Result(
        f"`cattool bidpack {case} --out DIR` as a whole process",
        samples["cli"],
        base,
        "(info)",
        "-",
    )
    return [main, zipped, cli]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--db",
        help="a database holding the demo cases (packs are recorded in it; default: a fresh one)",
    )
    parser.add_argument("--case", default=CASE)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args(argv)
    from benchlib import header

    rows = run(args.db, args.rounds, args.case)
    print(header())
    for row in rows:
        print(row.row())
    return 1 if rows[0].verdict.startswith("FAIL") else 0


if __name__ == "__main__":
    sys.exit(main())
