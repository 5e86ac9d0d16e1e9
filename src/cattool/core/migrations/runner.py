"""Run Alembic programmatically against an engine (imported only when migrating)."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Engine

from cattool.core.paths import frozen_bundle_dir


def migrations_dir() -> Path:
    """Where env.py and versions/ are as files (Alembic reads them from disk): beside this
    module, or in the packaged app's bundle (packaging/cattool.spec copies them there)."""
    bundle = frozen_bundle_dir()
    if bundle is not None:
        return bundle / "cattool" / "core" / "migrations"
    return Path(__file__).resolve().parent


MIGRATIONS_DIR = migrations_dir()


def alembic_config() -> Config:
    if not (MIGRATIONS_DIR / "env.py").is_file():
        raise FileNotFoundError(f"cattool's database migrations are missing ({MIGRATIONS_DIR})")
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


def upgrade_to_head(engine: Engine) -> None:
    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def script_revisions() -> list[str]:
    """Revisions in order from base to head, for the consistency test."""
    script = ScriptDirectory.from_config(alembic_config())
    return [rev.revision for rev in reversed(list(script.walk_revisions()))]
