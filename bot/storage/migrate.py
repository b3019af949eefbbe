"""Applying the migrations in bot/storage/migrations, with Alembic configured in code.

No alembic.ini is needed, so an installed wheel can migrate its database: `rolebot db
upgrade` calls `upgrade()`. Running it again does nothing; two runs at once take turns.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine
from sqlalchemy.pool import NullPool

from bot.storage.engine import make_engine

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


def alembic_config(url: str | None = None) -> Config:
    """Alembic's configuration for our migrations on `url` (as DATABASE_URL takes it); None only
    for what needs no database (the newest revision)."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["url"] = url
    return config


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def is_current(engine: Engine) -> bool:
    return current_revision(engine) == head_revision()


@dataclass(frozen=True)
class Upgraded:
    before: str | None
    """The revision this run started from (None: an empty database)."""
    after: str | None
    changed: bool
    """False when there was nothing to do (also when another run did it a moment earlier)."""


def upgrade(url: str, revision: str = "head") -> Upgraded:
    """Bring the database at `url` up to `revision`."""
    config = alembic_config(url)
    command.upgrade(config, revision)
    applied = config.attributes.get("applied", [])
    engine = make_engine(url, poolclass=NullPool)
    try:
        after = current_revision(engine)
    finally:
        engine.dispose()
    before = (applied[0][0] or (None,))[0] if applied else after
    return Upgraded(before, after, bool(applied))
