"""The SQLAlchemy engine and sessions, for SQLite and PostgreSQL alike.

SQLite gets what a small multi-process app needs: WAL (readers never wait for the writer),
foreign keys on, a 30 s busy timeout, and `BEGIN IMMEDIATE` for every transaction, so two
processes that read then write serialise at BEGIN instead of failing half-way with "database
is locked". PostgreSQL connections are checked before use (`pool_pre_ping`): Heroku Postgres
closes idle connections.
"""

from __future__ import annotations

import sqlite3
import time
from typing import Any

from sqlalchemy import Engine, Table, create_engine, event
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.orm import Session, sessionmaker

from bot.storage.config import normalize_url

SQLITE_BUSY_TIMEOUT_S = 30


def make_engine(url: str, **options: Any) -> Engine:
    """An engine for `url` (normalised as DATABASE_URL is). Its errors never show the statement's
    parameters: they hold people's words, and errors are logged."""
    url = normalize_url(url)
    options.setdefault("hide_parameters", True)
    if make_url(url).get_backend_name() == "sqlite":
        connect_args = {"timeout": SQLITE_BUSY_TIMEOUT_S, "check_same_thread": False}
        engine = create_engine(url, connect_args=connect_args, **options)
        _configure_sqlite(engine)
        return engine
    options.setdefault("pool_pre_ping", True)
    return create_engine(url, **options)


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # the "begin" hook below opens transactions
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_S * 1000}")
        cursor.execute("PRAGMA foreign_keys = ON")
        _use_wal(cursor)
        cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Connection) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE")


def _use_wal(cursor: Any) -> None:
    """Switch a new database file to WAL (it stays so). The switch needs the file to itself and,
    unlike other statements, fails at once instead of waiting: retry while another connection
    (a second process creating the same new file) holds it."""
    deadline = time.monotonic() + SQLITE_BUSY_TIMEOUT_S
    while True:
        try:
            cursor.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) or time.monotonic() > deadline:
                raise
            time.sleep(0.02)


def session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)


def dialect_insert(connection: Connection | Engine, table: Any) -> Any:
    """INSERT with ON CONFLICT for this database (PostgreSQL, or SQLite 3.35+ with RETURNING)."""
    target: Table = table.__table__ if hasattr(table, "__table__") else table
    name = connection.dialect.name
    if name == "postgresql":
        from sqlalchemy.dialects import postgresql

        return postgresql.insert(target)
    if name == "sqlite":
        from sqlalchemy.dialects import sqlite

        return sqlite.insert(target)
    raise NotImplementedError(f"unsupported database {name!r}: use PostgreSQL or SQLite")  # pragma: no cover
