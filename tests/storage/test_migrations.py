"""Migrations from an empty database, running them again, and the URL and engine settings."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, text

from bot.cli.main import main
from bot.settings import BotSettings
from bot.storage import migrate
from bot.storage.config import DEFAULT_DATABASE_URL, normalize_url
from bot.storage.engine import make_engine
from bot.storage.models import Base

TABLES = {
    "subscriptions",
    "deliveries",
    "channel_prompts",
    "practice_answers",
    "processed_events",
    "gap_entries",
    "answer_feedback",
    "conversation_contexts",
    "question_tallies",
    "slack_installations",
    "slack_bots",
    "slack_oauth_states",
    "workspace_removals",
    "workspace_orgs",
}


def test_upgrade_from_empty_then_again_changes_nothing(database_url: str) -> None:
    first = migrate.upgrade(database_url)
    assert (first.before, first.after, first.changed) == (None, migrate.head_revision(), True)
    engine = make_engine(database_url)
    try:
        assert TABLES | {"alembic_version"} == set(inspect(engine).get_table_names())
        again = migrate.upgrade(database_url)
        assert not again.changed and again.after == migrate.head_revision()
        assert migrate.is_current(engine)
        with engine.connect() as connection:  # the migrations build exactly what the models say
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            assert compare_metadata(context, Base.metadata) == []
    finally:
        engine.dispose()


def test_two_upgrades_at_once_take_turns(database_url: str) -> None:
    """Two processes (a release phase and a developer, say) migrating at once both succeed."""
    env = {**os.environ, "DATABASE_URL": database_url}
    command = [sys.executable, "-m", "bot.cli.main", "db", "upgrade"]
    runs = [subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            for _ in range(2)]  # fmt: skip
    results = [run.communicate(timeout=60) for run in runs]
    assert [run.returncode for run in runs] == [0, 0], results
    outputs = sorted(out for out, _ in results)
    assert "already up to date" in outputs[0] and "upgraded from an empty database" in outputs[1]


def test_cli_db_upgrade_is_idempotent(
    database_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("DATABASE_URL", database_url)
    assert main(["db", "current"]) == 4
    assert "run `rolebot db upgrade`" in capsys.readouterr().out
    assert main(["db", "upgrade"]) == 0
    assert "upgraded from an empty database to" in capsys.readouterr().out
    assert main(["db", "upgrade"]) == 0
    assert "already up to date" in capsys.readouterr().out
    assert main(["db", "current"]) == 0


def test_cli_db_upgrade_reports_an_unreachable_database(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgres://someone:secret-pw@127.0.0.1:1/nothing")
    assert main(["db", "upgrade"]) == 4
    err = capsys.readouterr().err
    assert "127.0.0.1:1" in err and "secret-pw" not in err


def test_heroku_urls_use_psycopg_and_the_default_is_a_local_sqlite_file() -> None:
    assert normalize_url("postgres://u:p@host:5432/db") == "postgresql+psycopg://u:p@host:5432/db"
    assert normalize_url("postgresql://u@host/db") == "postgresql+psycopg://u@host/db"
    assert normalize_url("postgresql+psycopg://u@host/db") == "postgresql+psycopg://u@host/db"
    assert settings({}).database == DEFAULT_DATABASE_URL == "sqlite:///rolebot.sqlite3"
    assert settings({"DATABASE_URL": "postgres://h/d"}).database == "postgresql+psycopg://h/d"


def settings(environ: dict[str, str]) -> BotSettings:
    with pytest.MonkeyPatch.context() as patch:
        for name in ("DATABASE_URL", "ROLEBOT_STORE_ANSWER_TEXT"):
            patch.delenv(name, raising=False)
        for name, value in environ.items():
            patch.setenv(name, value)
        return BotSettings(_env_file=None)  # type: ignore[call-arg]


def test_answer_text_is_kept_only_when_asked() -> None:
    assert settings({}).rolebot_store_answer_text is False
    assert settings({"ROLEBOT_STORE_ANSWER_TEXT": "true"}).rolebot_store_answer_text is True
    assert settings({"ROLEBOT_STORE_ANSWER_TEXT": "0"}).rolebot_store_answer_text is False
    with pytest.raises(ValueError, match="rolebot_store_answer_text"):
        settings({"ROLEBOT_STORE_ANSWER_TEXT": "maybe"})


def test_sqlite_uses_wal_and_foreign_keys(tmp_path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'x.sqlite3'}")
    try:
        with engine.connect() as connection:
            assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
            assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
    finally:
        engine.dispose()
