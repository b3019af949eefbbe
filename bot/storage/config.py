"""The database URLs the bot accepts (the settings read DATABASE_URL; bot/settings.py).

Heroku Postgres sets `postgres://…`, which is rewritten to SQLAlchemy's
`postgresql+psycopg://…` (psycopg 3); so is a bare `postgresql://…`. With no DATABASE_URL,
the bot uses the SQLite file `rolebot.sqlite3` in the working directory: nothing to install.
"""

from __future__ import annotations

DEFAULT_DATABASE_URL = "sqlite:///rolebot.sqlite3"


def normalize_url(url: str) -> str:
    """The SQLAlchemy URL for what a host sets: postgres:// and postgresql:// use psycopg 3."""
    url = url.strip()
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url
