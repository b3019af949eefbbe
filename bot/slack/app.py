"""The Bolt app, built by a factory from checked settings.

`create_app` loads the knowledge (unless given), builds the answer engine once, opens the
database (one `Store` per process; see `open_store`), and registers the listeners. A global
middleware comes first: it drops events we must not answer (other bots, our own, edits and
deletions) and Slack's re-sends of an event already handled.

Bolt runs in "process before response" mode: each listener's ack function runs in the
request thread and only acks, and the work runs as a lazy listener on our thread pool.
So the 200 goes back as soon as the request is verified, and nothing waits on a poll.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from slack_bolt import App, BoltRequest, BoltResponse
from slack_bolt.error import BoltError
from slack_bolt.middleware import Middleware
from slack_sdk.errors import SlackClientError
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError

from bot.core.answers import AnswerEngine
from bot.core.knowledge import KnowledgeBase
from bot.core.loader import KnowledgeError, load_knowledge
from bot.settings import Settings
from bot.slack.client import web_client
from bot.slack.dedupe import EventDeduper
from bot.slack.install import oauth_parts, register_revocation
from bot.slack.listeners import register_listeners
from bot.slack.services import Services
from bot.storage import migrate
from bot.storage.engine import make_engine
from bot.storage.store import Store

log = logging.getLogger("bot.slack.app")

DATABASE_POOL = {"pool_size": 4, "max_overflow": 4}
"""Connections per web process: at most 8, so two workers and a clock fit in the 20 connections
of the smallest Heroku Postgres plan. Every query is short; a thread that finds none free waits."""
ANSWERED_MESSAGE_SUBTYPES = frozenset({None, "file_share", "thread_broadcast"})
"""Messages people wrote; every other subtype (edits, deletions, joins, bot posts) is left alone."""


class StartupError(Exception):
    """The app cannot start (e.g. Slack rejected the token); the message is one line for the operator."""


def create_app(
    settings: Settings,
    kb: KnowledgeBase | None = None,
    deduper: EventDeduper | None = None,
    *,
    store: Store | None = None,
    engine: AnswerEngine | None = None,
) -> App:
    """The app; `store` defaults to the database of the settings (DATABASE_URL), `deduper` to one
    on that database, `engine` to a new answer engine for `kb`."""
    kb = kb if kb is not None else load_knowledge(settings.knowledge_dirs)
    store = store if store is not None else open_store(settings)
    engine = engine if engine is not None else AnswerEngine(kb, index_cache=settings.index_cache_dir)
    services = Services.build(
        kb, store, deduper, engine, gap_log=settings.rolebot_gap_log, admins=settings.admins
    )
    secret = settings.slack_signing_secret.get_secret_value() if settings.slack_signing_secret else ""
    bolt_logger = logging.getLogger("slack_bolt")
    if not any(isinstance(f, DropTokenNotice) for f in bolt_logger.filters):
        bolt_logger.addFilter(DropTokenNotice())
    client = web_client(None if settings.oauth else settings.bot_token, settings.slack_api_url)
    many: dict[str, Any] = {}
    installations = None
    if settings.oauth:
        assert settings.slack_client_secret is not None, "settings.oauth means both are set"
        flow, authorize, installations = oauth_parts(
            settings.slack_client_id, settings.slack_client_secret.get_secret_value(), store, client
        )
        many = {"oauth_flow": flow, "authorize": authorize, "installation_store": installations}
    try:
        app = App(
            signing_secret=secret,
            client=client,
            process_before_response=True,
            request_verification_enabled=False,  # the HTTP edge verifies each request once (bot/slack/asgi.py)
            listener_executor=services.executor,
            logger=bolt_logger,
            **many,
        )
    except BoltError as error:
        raise StartupError(
            f"Slack did not accept SLACK_BOT_TOKEN at {settings.slack_api_url} ({_reason(error)})"
        ) from None
    except (OSError, SlackClientError) as error:
        raise StartupError(
            f"could not reach the Slack Web API at {settings.slack_api_url} (SLACK_API_URL): "
            f"{type(error).__name__}"
        ) from None
    app.use(EventFilter(services.deduper))
    app.error(_log_error)
    register_listeners(app, services)
    if installations is not None:
        register_revocation(app, installations, store, services.executor)
    app.services = services  # type: ignore[attr-defined]  # for the WSGI layer, Socket Mode and tests
    log.info("app ready", extra={"fields": {"roles": len(kb.roles), "faq": len(kb.faq)}})
    return app


def open_store(settings: Settings) -> Store:
    """The database of the settings, migrated. The embedded SQLite default is migrated here, so
    trying the bot needs no step; any other database must have been (`rolebot db upgrade`, the
    Procfile's release phase), and start-up stops with one line saying so if it was not."""
    url = settings.database
    shown = make_url(url).render_as_string(hide_password=True)
    store = Store(
        make_engine(url, **DATABASE_POOL),
        settings.rolebot_store_answer_text,
        settings.rolebot_gap_retention_days,
    )
    try:
        if not migrate.is_current(store.engine):
            if store.engine.dialect.name != "sqlite":
                raise StartupError(f"the database {shown} is not migrated: run `rolebot db upgrade`")
            logging.getLogger("alembic").setLevel(logging.WARNING)
            migrate.upgrade(url)
    except SQLAlchemyError as error:
        store.close()
        reason = str(getattr(error, "orig", None) or error).strip().splitlines()[:1] or [type(error).__name__]
        raise StartupError(f"could not use the database {shown} (DATABASE_URL): {reason[0]}") from None
    except StartupError:
        store.close()
        raise
    return store


class DropTokenNotice(logging.Filter):
    """Bolt warns that SLACK_BOT_TOKEN (which it reads itself) is unused when a client is given: it is
    the client's token, and the client is ours for its retry handlers and base URL."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "`token` will be unused" not in record.getMessage()


def knowledge_problems(error: KnowledgeError, shown: int = 5) -> str:
    """The knowledge's problems for a one-screen start-up message, each with its file and line."""
    problems = [str(p) for p in error.problems]
    more = (
        f"\n  … and {len(problems) - shown} more (`rolebot validate` lists them all)"
        if len(problems) > shown
        else ""
    )
    listed = "".join(f"\n  {p}" for p in problems[:shown])
    return f"the knowledge base has {len(problems)} problem(s):{listed}{more}"


def services_of(app: App) -> Services:
    return app.services  # type: ignore[attr-defined]


def _reason(error: BoltError) -> str:
    text = str(error)
    for code in ("invalid_auth", "not_authed", "account_inactive", "token_revoked", "token_expired"):
        if code in text:
            return code
    return "auth.test failed"


class EventFilter(Middleware):
    """Acks, and goes no further with, events we must not answer or have answered already.

    Other bots' messages, our own, edits and deletions; and Slack's re-sends of an event already
    handled (its first delivery claimed the event id). With the database's de-duplicator, this
    is the in-memory claim; the shared one follows after the ack (bot/slack/dedupe.py). A class,
    not a function: Bolt calls it without building keyword arguments, which matters on the path
    every request takes.
    """

    def __init__(self, deduper: EventDeduper) -> None:
        self.deduper = deduper
        self.logger = logging.getLogger("bot.slack.events")

    def process(
        self, *, req: BoltRequest, resp: BoltResponse, next: Callable[[], BoltResponse]
    ) -> BoltResponse:
        body = req.body
        if body.get("type") != "event_callback":
            return next()
        event = body.get("event")
        if (
            isinstance(event, dict)
            and event.get("type") in ("message", "app_mention")
            and (event.get("bot_id") or event.get("subtype") not in ANSWERED_MESSAGE_SUBTYPES)
        ):
            self.logger.debug("ignored a bot message, an edit or a deletion")
            return BoltResponse(status=200, body="")
        event_id = body.get("event_id")
        if isinstance(event_id, str) and event_id and not self.deduper.claim(event_id):
            self.logger.info("dropped a re-sent event that was already handled")
            return BoltResponse(status=200, body="")
        return next()


def _log_error(error: Exception, logger: logging.Logger) -> None:
    logger.error("a listener failed before its ack", exc_info=error)
