"""Every setting, read from the environment (and a `.env` file) once, at each entry point.

`BotSettings` is what every front end needs (the knowledge, the database, what may be kept,
the log level): the terminal client and `rolebot db` read only these. `Settings` adds Slack's
tokens and the web server's. This is the only module that reads the environment; the rest of
the code is given values. A missing or malformed setting stops start-up with one line that
names the variable, so `heroku logs` or a terminal shows the fix at a glance, never a traceback.
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit

from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from bot.storage.config import DEFAULT_DATABASE_URL, normalize_url

DEFAULT_API_URL = "https://slack.com/api/"
EXIT_BAD_SETTINGS = 2
MAX_WORKERS = 32
DATABASES = ("postgresql", "sqlite")
DRIVERS = ("psycopg", "pysqlite")
"""The database drivers installed with the bot (psycopg 3, Python's sqlite3)."""

LogLevel = Literal["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"]


class SettingsError(Exception):
    """A setting is missing or malformed; the message is one line that names the variable."""


class BotSettings(BaseSettings):
    """What every front end reads; the README's settings table lists the same names."""

    model_config = SettingsConfigDict(env_file=".env", extra="ignore", case_sensitive=False)

    rolebot_knowledge_path: str = Field(
        default="", description="team knowledge folders, separated by the OS path separator (':')"
    )
    log_level: LogLevel = "INFO"
    database_url: str = Field(
        default="", description="the database (Heroku's postgres://… works); empty: rolebot.sqlite3 here"
    )
    rolebot_store_answer_text: bool = Field(default=False, description="keep the text of practice answers")
    dyno: str = Field(default="", description="set by Heroku on every dyno")
    rolebot_index_cache: str = Field(
        default="",
        description="folder for the answer engine's built index; empty: ~/.cache/rolebot; off: none",
    )

    rolebot_gap_log: bool = Field(
        default=True, description="keep the gap log of unanswered questions and 👎 comments; off: none"
    )
    rolebot_gap_retention_days: int = Field(
        default=90, ge=1, le=3650, description="days the gap log and answer feedback are kept"
    )
    rolebot_admins: str = Field(
        default="", description="Slack user ids (comma-separated) who see the team's gaps on App Home"
    )

    @field_validator("rolebot_gap_log", mode="before")
    @classmethod
    def _on_off(cls, value: object) -> object:
        if isinstance(value, str) and value.strip().lower() in ("on", ""):
            return True
        return value

    @field_validator("rolebot_gap_retention_days", mode="before")
    @classmethod
    def _blank_is_default(cls, value: object) -> object:
        return 90 if isinstance(value, str) and not value.strip() else value

    @field_validator("rolebot_admins")
    @classmethod
    def _admins(cls, value: str) -> str:
        for part in value.replace(" ", ",").split(","):
            if part and not re.fullmatch(r"[UW][A-Z0-9]{2,30}", part):
                raise ValueError(f"holds {part[:20]!r}, which is not a Slack user id such as U012AB3CD")
        return value

    @property
    def admins(self) -> frozenset[str]:
        return frozenset(p for p in self.rolebot_admins.replace(" ", ",").split(",") if p)

    @field_validator("log_level", mode="before")
    @classmethod
    def _upper(cls, value: object) -> object:
        return value.strip().upper() if isinstance(value, str) else value

    @field_validator("rolebot_store_answer_text", mode="before")
    @classmethod
    def _blank_is_false(cls, value: object) -> object:
        return False if isinstance(value, str) and not value.strip() else value

    @field_validator("database_url")
    @classmethod
    def _database_url(cls, value: str) -> str:
        value = value.strip()
        if not value:
            return ""
        from sqlalchemy.engine import make_url  # here: `rolebot diff` never needs SQLAlchemy
        from sqlalchemy.exc import ArgumentError

        backend: str | None = None
        driver: str | None = None
        try:
            url = make_url(normalize_url(value))
            backend, driver = url.get_backend_name(), url.get_driver_name()
        except (ArgumentError, ValueError):
            pass
        if backend in DATABASES and driver not in DRIVERS:
            raise ValueError(
                f"names the driver {driver!r}, which the bot does not ship: use postgres://… "
                "(psycopg 3) or sqlite:///…"
            )
        if backend not in DATABASES:
            raise ValueError(
                "must be a PostgreSQL or SQLite URL, e.g. postgres://user:password@host:5432/name "
                "or sqlite:///rolebot.sqlite3"
            )
        return value

    @field_validator("rolebot_knowledge_path")
    @classmethod
    def _knowledge_path(cls, value: str) -> str:
        for part in value.split(os.pathsep):
            if part.strip() and not Path(part.strip()).expanduser().is_dir():
                raise ValueError(f"{part.strip()} is not a folder")
        return value

    @property
    def knowledge_dirs(self) -> list[Path]:
        return [
            Path(p.strip()).expanduser() for p in self.rolebot_knowledge_path.split(os.pathsep) if p.strip()
        ]

    @property
    def index_cache_dir(self) -> Path | None:
        """Where the built search index is kept between start-ups (per user: it is loaded as code)."""
        value = self.rolebot_index_cache.strip()
        if value.lower() == "off":
            return None
        return Path(value).expanduser() if value else Path.home() / ".cache" / "rolebot"

    @property
    def database(self) -> str:
        """The SQLAlchemy URL: DATABASE_URL normalised (postgres:// → psycopg 3), or the SQLite default."""
        return normalize_url(self.database_url) if self.database_url else DEFAULT_DATABASE_URL

    def shared_database_problem(self) -> str | None:
        """On Heroku (DYNO set) the SQLite default would be a throw-away file per dyno: the web and the
        clock would never see each other's subscriptions. Say so instead of starting."""
        if self.dyno and not self.database_url:
            return (
                "DATABASE_URL is not set: on Heroku each dyno has its own throw-away disk, so the web and "
                "clock processes would not share a database; add Heroku Postgres "
                "(heroku addons:create heroku-postgresql:essential-0), which sets it"
            )
        return None

    def secrets(self) -> list[str]:
        """Every secret value, for the log redactor (the database password)."""
        if not self.database_url:
            return []  # the SQLite default has no password
        from sqlalchemy.engine import make_url

        password = make_url(self.database).password
        return [str(password)] if password else []


class Settings(BotSettings):
    """BotSettings and the Slack app's own: its tokens, the Web API, the web server."""

    slack_bot_token: SecretStr | None = Field(
        default=None, description="the bot token, xoxb-…: one workspace (the simple default)"
    )
    slack_client_id: str = Field(default="", description="with SLACK_CLIENT_SECRET: installs from a link")
    slack_client_secret: SecretStr | None = Field(default=None, description="the app's client secret")
    slack_signing_secret: SecretStr | None = Field(
        default=None, description="verifies that requests come from Slack; required over HTTP"
    )
    slack_app_token: SecretStr | None = Field(default=None, description="xapp-… app token: Socket Mode")
    slack_api_url: str = Field(default=DEFAULT_API_URL, description="base URL of the Slack Web API")
    port: int = Field(default=3000, ge=1, le=65535, description="the HTTP port")
    gunicorn_workers: int | None = Field(default=None, ge=1, le=MAX_WORKERS, description="worker processes")
    web_concurrency: int | None = Field(
        default=None, ge=1, description="Heroku's worker count, if ours is unset"
    )

    @field_validator("gunicorn_workers", "web_concurrency", mode="before")
    @classmethod
    def _blank_is_unset(cls, value: object) -> object:
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("slack_bot_token")
    @classmethod
    def _bot_token(cls, value: SecretStr | None) -> SecretStr | None:
        if value is None or not value.get_secret_value().strip():
            return None
        token = value.get_secret_value().strip()
        if not token.startswith("xoxb-"):
            raise ValueError("must be a bot token starting with xoxb- (OAuth & Permissions page)")
        if len(token) < 10 or any(c.isspace() for c in token):
            raise ValueError("is not a whole bot token: copy all of it from OAuth & Permissions, no spaces")
        return SecretStr(token)

    @field_validator("slack_app_token")
    @classmethod
    def _app_token(cls, value: SecretStr | None) -> SecretStr | None:
        if value is None or not value.get_secret_value().strip():
            return None
        token = value.get_secret_value().strip()
        if not token.startswith("xapp-") or any(c.isspace() for c in token):
            raise ValueError("must be an app-level token starting with xapp- (Basic Information page)")
        return SecretStr(token)

    @field_validator("slack_client_secret")
    @classmethod
    def _client_secret(cls, value: SecretStr | None) -> SecretStr | None:
        if value is None or not value.get_secret_value().strip():
            return None
        secret = value.get_secret_value().strip()
        if len(secret) < 16 or any(c.isspace() for c in secret):
            raise ValueError("does not look like a client secret (Basic Information → App Credentials)")
        return SecretStr(secret)

    @field_validator("slack_client_id")
    @classmethod
    def _client_id(cls, value: str) -> str:
        value = value.strip()
        if value and not all(c.isdigit() or c == "." for c in value):
            raise ValueError("does not look like a client id, e.g. 1234567890.1234567890 (Basic Information)")
        return value

    @field_validator("slack_signing_secret")
    @classmethod
    def _signing_secret(cls, value: SecretStr | None) -> SecretStr | None:
        if value is None or not value.get_secret_value().strip():
            return None
        secret = value.get_secret_value().strip()
        if len(secret) < 16 or any(c.isspace() for c in secret):
            raise ValueError("does not look like a signing secret (Basic Information → App Credentials)")
        return SecretStr(secret)

    @field_validator("slack_api_url")
    @classmethod
    def _api_url(cls, value: str) -> str:
        parts = urlsplit(value.strip())
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise ValueError("must be an http(s) URL such as https://slack.com/api/")
        if not value.strip().endswith("/"):
            raise ValueError("must end with '/', e.g. https://slack.com/api/")
        return value.strip()

    @property
    def socket_mode(self) -> bool:
        return self.slack_app_token is not None

    @property
    def oauth(self) -> bool:
        """Installs from a link (each workspace its own token): no SLACK_BOT_TOKEN, a client id and secret."""
        return (
            self.slack_bot_token is None
            and bool(self.slack_client_id)
            and self.slack_client_secret is not None
        )

    @property
    def bot_token(self) -> str:
        """The single workspace's token; only for single-token mode (the settings check it is set)."""
        assert self.slack_bot_token is not None, "single-token mode: load_settings checked SLACK_BOT_TOKEN"
        return self.slack_bot_token.get_secret_value()

    @property
    def workers(self) -> int:
        """gunicorn's worker processes: GUNICORN_WORKERS, else Heroku's WEB_CONCURRENCY, else 1."""
        return min(self.gunicorn_workers or self.web_concurrency or 1, MAX_WORKERS)

    def secrets(self) -> list[str]:
        """Every secret value, for the log redactor (the database password included)."""
        values = [
            self.slack_bot_token,
            self.slack_signing_secret,
            self.slack_app_token,
            self.slack_client_secret,
        ]
        return [*(v.get_secret_value() for v in values if v is not None), *super().secrets()]


def _describe(error: ValidationError) -> str:
    parts = []
    for problem in error.errors():
        name = str(problem["loc"][0]).upper() if problem["loc"] else "a setting"
        if problem["type"] == "missing":
            parts.append(f"{name} is not set")
        else:
            message = problem["msg"].removeprefix("Value error, ")
            parts.append(f"{name} {message}" if problem["type"] == "value_error" else f"{name}: {message}")
    return "; ".join(parts)


def load_bot_settings() -> BotSettings:
    """Read and check what every front end needs (no Slack token required)."""
    try:
        return BotSettings()
    except ValidationError as error:
        raise SettingsError(_describe(error)) from None


def load_bot_settings_or_exit() -> BotSettings:
    try:
        return load_bot_settings()
    except SettingsError as error:
        print(f"rolebot: bad settings: {error}", file=sys.stderr, flush=True)
        raise SystemExit(EXIT_BAD_SETTINGS) from None


def load_settings(*, http: bool) -> Settings:
    """Read and check the settings; `http` means Slack's requests come to us and must be verified."""
    try:
        settings = Settings()  # the fields come from the environment
    except ValidationError as error:
        raise SettingsError(_describe(error)) from None
    if settings.slack_bot_token is None and not settings.oauth:
        if settings.slack_client_id or settings.slack_client_secret is not None:
            missing = "SLACK_CLIENT_SECRET" if settings.slack_client_id else "SLACK_CLIENT_ID"
            raise SettingsError(f"{missing} is not set: installs from a link need both (Basic Information)")
        raise SettingsError(
            "SLACK_BOT_TOKEN is not set (or, to install from a link in many workspaces, "
            "SLACK_CLIENT_ID and SLACK_CLIENT_SECRET)"
        )
    if settings.oauth and settings.socket_mode:
        raise SettingsError(
            "SLACK_APP_TOKEN (Socket Mode) goes with SLACK_BOT_TOKEN: installs from a link are served over HTTP"
        )
    shared = settings.shared_database_problem()
    if shared:
        raise SettingsError(shared)
    if http and settings.slack_signing_secret is None:
        raise SettingsError(
            "SLACK_SIGNING_SECRET is not set: serving over HTTP needs it to verify Slack's requests "
            "(Basic Information → App Credentials)"
        )
    return settings


def load_settings_or_exit(*, http: bool) -> Settings:
    """Settings, or one line on stderr naming the bad variable and exit status 2."""
    try:
        return load_settings(http=http)
    except SettingsError as error:
        print(f"rolebot: bad settings: {error}", file=sys.stderr, flush=True)
        raise SystemExit(EXIT_BAD_SETTINGS) from None
