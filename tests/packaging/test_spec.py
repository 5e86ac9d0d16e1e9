"""The packaging files stay in step with the code, without building (a build takes minutes:
`make package-smoke` does that, packaging/README.md).

Checked: every top-level entry of resources/ is in the spec's RESOURCES; the migrations
the spec copies exist; the frozen-bundle paths the code looks in are where the spec puts
things; the Qt modules the code imports are not excluded; one version everywhere.
"""

from __future__ import annotations

import ast
import configparser
import re
import sys
import tomllib
from pathlib import Path
from types import SimpleNamespace

import pytest

from cattool.core import paths
from cattool.core.migrations import runner

ROOT = Path(__file__).resolve().parents[2]
PACKAGING = ROOT / "packaging"
SPEC = PACKAGING / "cattool.spec"
VERSION = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]["version"]


def spec_constant(name: str) -> object:
    """A literal module-level assignment of the spec (`NAME = [...]`), read without running it."""
    for node in ast.parse(SPEC.read_text("utf-8")).body:
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == name for t in node.targets
        ):
            return ast.literal_eval(node.value)
    raise AssertionError(f"{name} is not assigned in {SPEC}")


def spec_text() -> str:
    return SPEC.read_text("utf-8")


def test_every_top_level_resource_is_bundled() -> None:
    listed = spec_constant("RESOURCES")
    assert isinstance(listed, list)
    present = {
        p.name
        for p in (ROOT / "resources").iterdir()
        if not p.name.startswith(".") and p.name != "__pycache__"
    }
    assert set(listed) == present, (
        "packaging/cattool.spec RESOURCES must list every top-level entry of resources/: "
        f"missing {sorted(present - set(listed))}, stale {sorted(set(listed) - present)}"
    )


def test_migrations_the_spec_copies_exist_and_cover_every_revision() -> None:
    text = spec_text()
    for piece in ('"env.py"', '"script.py.mako"', '"versions" / "*.py"'):
        assert piece in text
    migrations = ROOT / "src" / "cattool" / "core" / "migrations"
    assert (migrations / "env.py").is_file()
    assert (migrations / "script.py.mako").is_file()
    versions = sorted(p.name[:4] for p in (migrations / "versions").glob("*.py"))
    assert versions == runner.script_revisions()
    assert '"cattool/core/migrations"' in text
    assert '"cattool/core/migrations/versions"' in text


def test_metadata_and_run_time_collections_are_in_the_spec() -> None:
    text = spec_text()
    for needed in (
        'copy_metadata("cattool")',  # --version and About in the frozen app
        'copy_metadata("keyring")',  # keyring's backends are entry points
        'collect_submodules("cattool")',  # pages and document kinds: import_module
        'collect_submodules("keyring.backends")',
        'collect_data_files("dateparser")',
        'collect_submodules("dateparser")',
        'collect_data_files("holidays")',
        'collect_submodules("holidays.countries")',
        'collect_data_files("jsonschema")',
        'collect_data_files("jsonschema_specifications")',
        'collect_data_files("docx")',
        '"sqlalchemy.dialects.postgresql.psycopg"',  # team mode
        '"psycopg_binary.pq"',
    ):
        assert needed in text, f"packaging/cattool.spec lacks {needed}"
    for path in ("cattool_entry.py", "icons/cattool.png", "icons/cattool.ico",
                 "icons/cattool.icns", "icons/cattool.svg"):  # fmt: skip
        assert (PACKAGING / path).is_file(), path


def test_qt_modules_the_code_imports_are_not_excluded() -> None:
    used = set()
    for source in (ROOT / "src" / "cattool").rglob("*.py"):
        used |= set(re.findall(r"PySide6\.(Qt\w+)", source.read_text("utf-8")))
    assert {"QtCore", "QtGui", "QtWidgets", "QtCharts"} <= used
    excluded = spec_constant("EXCLUDED_QT")
    assert isinstance(excluded, list)
    assert not used & set(excluded), f"excluded but imported: {sorted(used & set(excluded))}"
    for big in ("QtWebEngineCore", "QtWebEngineWidgets", "Qt3DCore", "QtMultimedia", "QtQml"):
        assert big in excluded
    unwanted = spec_constant("UNWANTED_QT")
    assert isinstance(unwanted, tuple)
    for needed in ("plugins/platforms/libqxcb.so", "plugins/platforms/libqoffscreen.so",
                   "plugins/platforms/libqwayland.so", "qt/lib/libqt6charts.so.6",
                   "plugins/imageformats/libqsvg.so"):  # fmt: skip
        assert not any(part in needed for part in unwanted), f"the spec would drop {needed}"


def test_frozen_bundle_layout_matches_the_spec(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:
    (tmp_path / "cattool" / "resources").mkdir(parents=True)
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    paths.resources_dir.cache_clear()
    try:
        assert paths.frozen_bundle_dir() == tmp_path
        assert paths.resources_dir() == tmp_path / "cattool" / "resources"
        assert runner.migrations_dir() == tmp_path / "cattool" / "core" / "migrations"
        (tmp_path / "cattool" / "resources").rmdir()
        paths.resources_dir.cache_clear()
        with pytest.raises(FileNotFoundError, match="packaged app"):
            paths.resources_dir()
    finally:
        paths.resources_dir.cache_clear()
    # The spec's targets are those paths.
    assert 'target = "cattool/resources"' in spec_text()


def test_not_frozen_paths_are_the_checkout_or_package() -> None:
    assert paths.frozen_bundle_dir() is None
    assert (paths.resources_dir() / "regimes").is_dir()
    assert (runner.migrations_dir() / "env.py").is_file()


def test_one_version_everywhere() -> None:
    from cattool.cli import _version, build_parser

    assert _version() == VERSION, (
        f"installed metadata says {_version()}, pyproject.toml {VERSION}: reinstall (make test)"
    )
    with pytest.raises(SystemExit):
        build_parser().parse_args(["--version"])
    iss = (PACKAGING / "windows" / "cattool.iss").read_text("utf-8")
    assert f'#define AppVersion "{VERSION}"' in iss, "update packaging/windows/cattool.iss"


def test_about_shows_the_version(qtbot, monkeypatch: pytest.MonkeyPatch) -> None:
    from cattool.ui import main_window

    assert main_window.app_version() == VERSION
    shown: list[str] = []
    monkeypatch.setattr(
        main_window.QMessageBox, "about", lambda _parent, _title, text: shown.append(text)
    )
    window = SimpleNamespace(_source=SimpleNamespace(location="cases.db"))
    main_window.MainWindow.show_about(window)  # type: ignore[arg-type]
    assert f"cattool {VERSION}" in shown[0]


def test_desktop_entry_is_complete() -> None:
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str  # type: ignore[assignment,method-assign]
    entry.read(PACKAGING / "linux" / "cattool.desktop", encoding="utf-8")
    desktop = entry["Desktop Entry"]
    assert desktop["Type"] == "Application"
    assert desktop["Exec"].startswith("cattool")
    assert desktop["Icon"] == "cattool"
    assert desktop["Terminal"] == "false"
    install = (PACKAGING / "linux" / "install.sh").read_text("utf-8")
    assert ".local/share/applications" in install or "share/applications" in install
