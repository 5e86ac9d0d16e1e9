"""House rule: cattool.core and cattool.documents never import Qt."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src" / "cattool"


def test_core_and_documents_sources_do_not_import_pyside6() -> None:
    offenders = []
    for package in ("core", "documents"):
        for path in (SRC / package).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text())):
                names = []
                if isinstance(node, ast.Import):
                    names = [alias.name for alias in node.names]
                elif isinstance(node, ast.ImportFrom):
                    names = [node.module or ""]
                offenders += [
                    f"{path}: {n}" for n in names if n.startswith(("PySide6", "cattool.ui"))
                ]
    assert offenders == []


def test_importing_every_core_module_loads_no_qt() -> None:
    modules = sorted(
        "cattool." + ".".join(p.relative_to(SRC).with_suffix("").parts)
        for package in ("core", "documents")
        for p in (SRC / package).rglob("*.py")
        if "migrations" not in p.parts and p.name != "__init__.py"
    )
    code = (
        "import importlib, sys\n"
        f"for m in {modules!r}: importlib.import_module(m)\n"
        "print(sorted(m for m in sys.modules if m.startswith('PySide6')))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
