"""Case files with a large attachment: export and import time and peak memory, beside a
plain file copy and `zip -0` of the same file, measured in the same run.

    .venv/bin/python benchmarks/bench_casefile.py [--size-mb 200] [--keep]

"fixed" is the same operation on a case without the attachment, run first in the same
child (module imports, the deadline engine's first bank-holiday table): the throughput
is the attachment's size over the time of the measured operation that follows.
Each operation runs in a fresh child process so its peak resident memory (ru_maxrss)
is its own; "growth" is that peak less the peak of a child that only imports the same
modules. Python allocations (tracemalloc peak) are shown as well. Budget (issue 7):
growth under 100 MB and throughput at least half of `zip -0`'s.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

HERE = Path(__file__).resolve().parent
BUDGET_GROWTH_MB = 100


def _child(op: str, work: Path) -> dict:
    """One measured operation (run in its own process)."""
    os.environ["CATTOOL_DATA_DIR"] = str(work / "data")
    import keyring

    from cattool.core.casefile import (
        ExportOptions,
        OrganisationKeys,
        Passphrase,
        export_case,
        import_casefile,
    )
    from cattool.core.secrets import memory_keyring, secret_store
    from cattool.core.store import open_store

    keyring.set_keyring(memory_keyring())
    tracemalloc.start()
    encrypted = op.endswith("-encrypted")
    encrypt = Passphrase("bench") if encrypted else None
    sign = OrganisationKeys(secret_store()) if encrypted else None
    suffix = "-encrypted" if encrypted else ""

    def export(case_id: int, out: Path) -> None:
        store = open_store(str(work / "source.sqlite"))
        with store.session() as session:
            export_case(session, case_id, out, ExportOptions(sign_with=sign, encrypt=encrypt))
        store.close()

    def import_(source: Path, db: Path) -> None:
        store = open_store(str(db))  # created (migrated) by the warm-up
        import_casefile(store, source, passphrase=lambda: "bench", files_dir=work / f"{op}-files")
        store.close()

    # The same operation on a case without the attachment first: it loads the modules
    # and gives the fixed cost, so the streaming throughput can be told apart.
    warm = time.perf_counter()
    if op.startswith("export"):
        export(2, work / f"small{suffix}.cattool")
    elif op.startswith("import"):
        (work / f"{op}.sqlite").unlink(missing_ok=True)
        import_(work / f"small{suffix}.cattool", work / f"{op}.sqlite")
    fixed = time.perf_counter() - warm
    started = time.perf_counter()
    if op == "copy":
        shutil.copyfile(work / "big.bin", work / "copy.bin")
    elif op.startswith("export"):
        export(1, work / f"big{suffix}.cattool")
    elif op.startswith("import"):
        import_(work / f"big{suffix}.cattool", work / f"{op}.sqlite")
    seconds = time.perf_counter() - started
    _, python_peak = tracemalloc.get_traced_memory()
    maxrss_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {
        "seconds": seconds,
        "fixed": fixed,
        "maxrss_mb": maxrss_kb / 1024,
        "python_peak_mb": python_peak / 2**20,
    }


def _run_child(op: str, work: Path) -> dict:
    done = subprocess.run(
        [sys.executable, __file__, "--child", op, "--work", str(work)],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    return json.loads(done.stdout.strip().splitlines()[-1])


def _prepare(work: Path, size_mb: int) -> None:
    os.environ["CATTOOL_DATA_DIR"] = str(work / "data")
    big = work / "big.bin"
    with big.open("wb") as out:  # random: nothing to compress, like photos and PDFs
        for _ in range(size_mb):
            out.write(os.urandom(2**20))
    from cattool.core.demo import add_demo_cases
    from cattool.core.model import Case
    from cattool.core.store import open_store

    store = open_store(str(work / "source.sqlite"))
    with store.transaction() as session:
        import datetime as dt

        add_demo_cases(session, dt.date(2026, 3, 5))
        session.get(Case, 1).asset.plan_path = str(big)
    store.close()


def _zip0(work: Path) -> float | None:
    if shutil.which("zip") is None:
        return None
    target = work / "baseline.zip"
    target.unlink(missing_ok=True)
    started = time.perf_counter()
    subprocess.run(["zip", "-0", "-q", str(target), "big.bin"], cwd=work, check=True)
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size-mb", type=int, default=200)
    parser.add_argument("--child")
    parser.add_argument("--work", type=Path)
    parser.add_argument("--keep", action="store_true", help="keep the work folder")
    args = parser.parse_args()
    if args.child:
        print(json.dumps(_child(args.child, args.work)))
        return 0
    work = Path(tempfile.mkdtemp(prefix="bench-casefile-"))
    try:
        _prepare(work, args.size_mb)
        idle = _run_child("idle", work)
        zip_seconds = _zip0(work)
        rows = [("copy", _run_child("copy", work))]
        for op in ("export", "import", "export-encrypted", "import-encrypted"):
            rows.append((op, _run_child(op, work)))
        mb = args.size_mb
        print(f"Case file with a {mb} MB attachment (random bytes); child baseline RSS "
              f"{idle['maxrss_mb']:.0f} MB")  # fmt: skip
        if zip_seconds is not None:
            print(f"  {'zip -0 (baseline)':<22} {zip_seconds:7.2f} s  {mb / zip_seconds:7.0f} MB/s")
        worst = 0.0
        for op, r in rows:
            growth = r["maxrss_mb"] - idle["maxrss_mb"]
            worst = max(worst, growth) if op != "copy" else worst
            streaming = r["seconds"]  # measured after the warm-up
            ratio = f"  {zip_seconds / streaming:.2f}x zip -0's speed" if zip_seconds else ""
            print(f"  {op:<18} {r['seconds']:6.2f} s (fixed {r['fixed']:.2f} s)  "
                  f"{mb / streaming:6.0f} MB/s streaming  peak growth {growth:5.1f} MB  "
                  f"python peak {r['python_peak_mb']:5.1f} MB{ratio}")  # fmt: skip
        verdict = "within" if worst < BUDGET_GROWTH_MB else "OVER"
        print(f"Peak memory growth {worst:.1f} MB: {verdict} the {BUDGET_GROWTH_MB} MB budget.")
        return 0 if worst < BUDGET_GROWTH_MB else 1
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
