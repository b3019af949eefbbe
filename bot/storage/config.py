"""Which database, and what may be kept in it: read from the environment.

* `DATABASE_URL` chooses the database. Heroku Postgres sets it as `postgres://…`, which is
  rewritten to SQLAlchemy's `postgresql+psycopg://…` (psycopg 3); so is a bare
  `postgresql://…`. With no `DATABASE_URL`, the bot uses the SQLite file `rolebot.sqlite3`
  in the working directory: nothing to install to try it.
* `ROLEBOT_STORE_ANSWER_TEXT=true` keeps the text of practice answers. By default only the
  score and the names of the rubric points covered and missed are kept.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from dotenv import dotenv_values

DEFAULT_DATABASE_URL = "sqlite:///rolebot.sqlite3"
DATABASE_URL_VARIABLE = "DATABASE_URL"
STORE_ANSWER_TEXT_VARIABLE = "ROLEBOT_STORE_ANSWER_TEXT"

_TRUE = frozenset({"1", "true", "yes", "on"})
_FALSE = frozenset({"", "0", "false", "no", "off"})


def normalize_url(url: str) -> str:
    """The SQLAlchemy URL for what a host sets: postgres:// and postgresql:// use psycopg 3."""
    url = url.strip()
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def _setting(name: str, environ: Mapping[str, str]) -> str:
    """The variable, or else its line in `.env`: the same order the app's settings use, so the CLI
    (`rolebot db upgrade`, `rolebot clock`) and the web app never pick different databases."""
    value = environ.get(name, "").strip()
    if value or environ is not os.environ or not Path(".env").is_file():
        return value
    return (dotenv_values(".env").get(name) or "").strip()


def database_url(environ: Mapping[str, str] = os.environ) -> str:
    return normalize_url(_setting(DATABASE_URL_VARIABLE, environ) or DEFAULT_DATABASE_URL)


def store_answer_text(environ: Mapping[str, str] = os.environ) -> bool:
    value = _setting(STORE_ANSWER_TEXT_VARIABLE, environ).lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ValueError(f"{STORE_ANSWER_TEXT_VARIABLE} must be true or false, not {value!r}")
