"""Alembic's environment: the database the caller names (the bot's DATABASE_URL, read by its settings).

Run through `rolebot db upgrade` (bot.storage.migrate), which configures Alembic in code, so
an installed wheel needs no alembic.ini. A caller may hand over an open connection in
`config.attributes["connection"]`, or a URL in `config.attributes["url"]`.
"""

from __future__ import annotations

from typing import Any

from alembic import context
from sqlalchemy import text
from sqlalchemy.engine import Connection
from sqlalchemy.pool import NullPool

from bot.storage.engine import make_engine
from bot.storage.models import Base

config = context.config
target_metadata = Base.metadata
MIGRATION_LOCK = 5_318_008
"""PostgreSQL advisory lock key: two `db upgrade` runs at once take turns instead of colliding."""


def _url() -> str:
    url = config.attributes.get("url") or config.get_main_option("sqlalchemy.url")
    if not url:
        raise RuntimeError("no database URL: run the migrations with `rolebot db upgrade`")
    return str(url)


def _applied(ctx: Any = None, step: Any = None, heads: Any = None, run_args: Any = None, **_: Any) -> None:
    """Tell the caller which steps this run applied (another run may have applied them first)."""
    config.attributes.setdefault("applied", []).append(
        (step.source_revision_ids, step.destination_revision_ids)
    )


def _configure(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
        on_version_apply=_applied,
    )
    with context.begin_transaction():
        if connection.dialect.name == "postgresql":
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK})
        context.run_migrations()


def run_migrations_offline() -> None:
    context.configure(url=_url(), target_metadata=target_metadata, literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _configure(connection)
        return
    engine = make_engine(_url(), poolclass=NullPool)
    try:
        with engine.connect() as connection:
            _configure(connection)
            connection.commit()
    finally:
        engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
