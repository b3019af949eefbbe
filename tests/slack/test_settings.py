"""Settings: each problem named by its variable, secrets never echoed, worker counts."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from bot.settings import Settings, SettingsError, load_settings


def test_settings_errors_name_the_variable_and_never_echo_a_secret(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir("/")
    for name in ("SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET", "SLACK_APP_TOKEN", "SLACK_API_URL", "PORT"):
        monkeypatch.delenv(name, raising=False)
    with pytest.raises(SettingsError, match="SLACK_BOT_TOKEN is not set"):
        load_settings(http=False)
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxp-secret-user-token")
    with pytest.raises(SettingsError) as error:
        load_settings(http=False)
    assert "SLACK_BOT_TOKEN" in str(error.value) and "secret-user-token" not in str(error.value)
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-1-2-valid")
    settings = load_settings(http=False)
    assert settings.slack_api_url == "https://slack.com/api/" and settings.port == 3000
    assert not settings.socket_mode and "xoxb-1-2-valid" not in repr(settings)
    with pytest.raises(SettingsError, match="SLACK_SIGNING_SECRET"):
        load_settings(http=True)


def test_settings_accept_a_grid_or_govslack_api_url() -> None:
    settings = Settings(
        _env_file=None, slack_bot_token="xoxb-1-2-3", slack_api_url="https://slack-gov.com/api/"
    )
    assert settings.slack_api_url == "https://slack-gov.com/api/"


def test_database_settings() -> None:
    def settings(**values: object) -> Settings:
        return Settings(_env_file=None, slack_bot_token="xoxb-1-2-3", **values)

    assert settings(database_url="").database == "sqlite:///rolebot.sqlite3", "the embedded default"
    heroku = settings(database_url="postgres://u:s3cretpassw0rd@ec2-1.compute.amazonaws.com:5432/d1")
    assert heroku.database == "postgresql+psycopg://u:s3cretpassw0rd@ec2-1.compute.amazonaws.com:5432/d1"
    assert "s3cretpassw0rd" in heroku.secrets(), "the log redactor hides the database password too"
    assert settings(database_url="sqlite:////data/bot.sqlite3").database == "sqlite:////data/bot.sqlite3"
    for bad in ("mysql://u:pw@h/db", "not a url", "redis://h:6379"):
        with pytest.raises(ValidationError, match="PostgreSQL or SQLite"):
            settings(database_url=bad)
    assert settings().rolebot_store_answer_text is False
    assert settings(rolebot_store_answer_text="").rolebot_store_answer_text is False
    assert settings(rolebot_store_answer_text="true").rolebot_store_answer_text is True
    with pytest.raises(ValidationError):
        settings(rolebot_store_answer_text="maybe")


def test_a_bad_database_url_is_named_and_its_password_never_echoed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir("/")
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-1-2-valid")
    monkeypatch.setenv("DATABASE_URL", "mysql://rolebot:hunter2secret@db.example.com/rolebot")
    with pytest.raises(SettingsError) as error:
        load_settings(http=False)
    assert str(error.value).startswith("DATABASE_URL must be a PostgreSQL or SQLite URL")
    assert "hunter2secret" not in str(error.value) and "\n" not in str(error.value)


def test_gunicorn_workers_follow_gunicorn_workers_then_web_concurrency() -> None:
    def workers(**values: object) -> int:
        return Settings(_env_file=None, slack_bot_token="xoxb-1-2-3", **values).workers

    assert workers() == 1
    assert workers(web_concurrency="4") == 4, "Heroku's WEB_CONCURRENCY"
    assert workers(web_concurrency="4", gunicorn_workers="2") == 2, "ours wins"
    assert workers(web_concurrency="", gunicorn_workers="") == 1
    assert workers(web_concurrency="200") == 32, "capped"
    with pytest.raises(ValidationError):
        workers(web_concurrency="lots")
