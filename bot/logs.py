"""Structured logs: one JSON object a line, with the Slack request's context, and never a secret.

Every record carries the team, channel, user, event id, command or action it was logged
for (set per request by `log_context`, also in the worker threads that answer after the
ack). `SecretRedactor` removes tokens and the signing secret from messages, arguments and
tracebacks before any handler writes them, whatever logger produced them.

People's words never reach the logs, at any level: our own lines carry ids and outcomes,
never text, and the libraries that log request and response bodies at DEBUG or INFO (Bolt,
the Slack SDK, SQLAlchemy's statements with their parameters, urllib3) are held at WARNING
by `LibraryQuiet`, whatever LOG_LEVEL says.
"""

from __future__ import annotations

import contextlib
import json
import logging
import re
import sys
from collections.abc import Iterable, Iterator, Mapping
from contextvars import ContextVar
from datetime import UTC, datetime
from types import MappingProxyType
from typing import Any, TextIO

REDACTED = "[redacted]"
_TOKEN_PATTERNS = (
    re.compile(r"\bxox[a-z]-[0-9A-Za-z-]+"),  # bot, user, app config tokens
    re.compile(r"\bxapp-[0-9A-Za-z-]+"),  # app-level token (Socket Mode)
    re.compile(r"(?i)(\bbearer\s+)[^\s'\"]+"),
    # Socket Mode's WebSocket URL carries a connection ticket
    re.compile(r"(?i)(\bticket=)[^&\s'\"]+"),
    # The legacy verification token in command bodies and payloads: token=… / "token": "…"
    re.compile(r"""(?i)(["']?\btoken["']?\s*[:=]\s*["']?)(?!\[redacted)[^"'&\s,}]+"""),
)

_NO_CONTEXT: Mapping[str, str] = MappingProxyType({})
_context: ContextVar[Mapping[str, str]] = ContextVar("rolebot_log_context", default=_NO_CONTEXT)
_CONTEXT_KEYS = ("team", "channel", "user", "event_id", "event", "command", "action", "retry")


def redact(text: str, secrets: Iterable[str] = ()) -> str:
    for secret in secrets:
        if secret:
            text = text.replace(secret, REDACTED)
    for pattern in _TOKEN_PATTERNS:
        text = pattern.sub(lambda m: (m.group(1) if m.groups() else "") + REDACTED, text)
    return text


class SecretRedactor(logging.Filter):
    """Rewrites each record's message and traceback with every secret removed."""

    def __init__(self, secrets: Iterable[str] = ()) -> None:
        super().__init__()
        self.secrets = tuple(s for s in secrets if s)

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a bad format string must not lose the record
            message = f"{record.msg!r} {record.args!r}"
        record.msg, record.args = redact(message, self.secrets), None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text, self.secrets)
        if record.stack_info:
            record.stack_info = redact(record.stack_info, self.secrets)
        return True


CHATTY_LIBRARIES = ("slack_sdk", "slack_bolt", "sqlalchemy", "urllib3", "uvicorn.access")
"""Loggers that write message bodies, SQL parameters or request lines below WARNING."""


class LibraryQuiet(logging.Filter):
    """Drops the chatty libraries' records below WARNING (they carry people's words)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno >= logging.WARNING:
            return True
        name = record.name
        return not any(name == lib or name.startswith(lib + ".") for lib in CHATTY_LIBRARIES)


class ContextFilter(logging.Filter):
    """Attaches the current request's context to the record."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.slack = dict(_context.get())
        return True


class JsonFormatter(logging.Formatter):
    """{"time", "level", "logger", "message", request context…, any `extra={"fields": {...}}`}."""

    def __init__(self, secrets: Iterable[str] = ()) -> None:
        super().__init__()
        self.secrets = tuple(s for s in secrets if s)

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        entry.update(getattr(record, "slack", None) or {})
        entry.update(getattr(record, "fields", None) or {})
        if record.exc_info and not record.exc_text:
            record.exc_text = self.formatException(record.exc_info)
        if record.exc_text:
            entry["exception"] = record.exc_text
        # Belt and braces: a secret that reached a field or an exception still never leaves.
        return redact(json.dumps(entry, ensure_ascii=False, default=str), self.secrets)


def configure_logging(
    level: str, secrets: Iterable[str] = (), stream: TextIO | None = None
) -> logging.Handler:
    """JSON lines on stderr (Heroku and gunicorn collect them) for every logger, secrets removed."""
    secrets = tuple(secrets)
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.setFormatter(JsonFormatter(secrets))
    handler.addFilter(LibraryQuiet())
    handler.addFilter(ContextFilter())
    handler.addFilter(SecretRedactor(secrets))
    root = logging.getLogger()
    for old in [h for h in root.handlers if getattr(h, "rolebot", False)]:
        root.removeHandler(old)
    handler.rolebot = True  # type: ignore[attr-defined]
    root.addHandler(handler)
    root.setLevel(level)
    for library in CHATTY_LIBRARIES:  # not even formatted: their DEBUG lines cost time too
        logging.getLogger(library).setLevel(max(logging.WARNING, logging.getLevelName(level)))
    return handler


@contextlib.contextmanager
def log_context(**fields: str) -> Iterator[None]:
    """Within the block, this thread's log lines carry these fields."""
    merged = {**_context.get(), **{k: v for k, v in fields.items() if k in _CONTEXT_KEYS and v}}
    token = _context.set(merged)
    try:
        yield
    finally:
        _context.reset(token)
