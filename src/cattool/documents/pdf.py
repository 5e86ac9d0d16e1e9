"""PDF copies through LibreOffice (`soffice --headless`), when it is installed.

cattool never needs LibreOffice: without it, documents stay .docx and the caller is told
plainly. Each conversion uses a private LibreOffice profile, so it works while the user
has LibreOffice open and two conversions never fight over one profile.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path

from cattool.core.errors import InputError

TIMEOUT_SECONDS = 240
NOT_INSTALLED = (
    "PDF copies need LibreOffice, which is not installed on this computer "
    "(install it from libreoffice.org, or your system's software centre). "
    "The Word documents were produced as usual."
)


def find_soffice() -> str | None:
    """The LibreOffice program, from CATTOOL_SOFFICE, the PATH or its usual places."""
    configured = os.environ.get("CATTOOL_SOFFICE")
    if configured:
        return configured if Path(configured).exists() else None
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    for candidate in (
        "/Applications/LibreOffice.app/Contents/MacOS/soffice",
        r"C:\Program Files\LibreOffice\program\soffice.exe",
    ):
        if Path(candidate).exists():
            return candidate
    return None


class PdfUnavailable(InputError):
    """LibreOffice is not installed (or not found)."""


def convert_to_pdf(documents: Sequence[Path], out_dir: Path) -> list[Path]:
    """Convert .docx files to PDF in `out_dir`; returns the PDFs in the same order."""
    soffice = find_soffice()
    if soffice is None:
        raise PdfUnavailable(NOT_INSTALLED)
    if not documents:
        return []
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="cattool-lo-") as profile:
        command = [
            soffice,
            f"-env:UserInstallation={Path(profile).as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf:writer_pdf_Export",
            "--outdir",
            str(out_dir),
            *[str(p) for p in documents],
        ]
        try:
            result = subprocess.run(
                command, capture_output=True, text=True, timeout=TIMEOUT_SECONDS, check=False
            )
        except subprocess.TimeoutExpired:
            raise InputError(
                f"LibreOffice did not finish converting to PDF within {TIMEOUT_SECONDS} s."
            ) from None
    pdfs = [out_dir / (Path(p).stem + ".pdf") for p in documents]
    failed = [p.name for p in pdfs if not p.exists()]
    if result.returncode != 0 or failed:
        detail = (result.stderr or result.stdout).strip().splitlines()[-1:] or ["no message"]
        raise InputError(
            f"LibreOffice could not convert {', '.join(failed) or 'the documents'} to PDF "
            f"({detail[0]})."
        )
    return pdfs
