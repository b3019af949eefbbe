"""`rolebot serve`: Socket Mode when SLACK_APP_TOKEN is set, else the HTTP app on a local server.

Socket Mode connects out to Slack, so no public URL is needed: the quickest way to try
the bot in a workspace. Without an app token, this serves the same WSGI app as production
on a small threaded server, for local use behind a tunnel; production runs gunicorn
(the Procfile).
"""

from __future__ import annotations

import contextlib
import sys
import threading
from collections.abc import Sequence
from pathlib import Path
from socketserver import ThreadingMixIn
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from bot.core.loader import KnowledgeError
from bot.settings import EXIT_BAD_SETTINGS, Settings, SettingsError, load_settings
from bot.slack.app import StartupError, create_app
from bot.slack.logs import configure_logging

EXIT_CANNOT_START = 3


class _ThreadingServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, *args: object) -> None:
        pass  # our JSON logs say what happened; no second, unstructured line per request


def serve(
    extra_knowledge: Sequence[Path] = (), port: int | None = None, ready: threading.Event | None = None
) -> int:
    try:
        settings = load_settings(http=False)
        if not settings.socket_mode:
            settings = load_settings(http=True)
    except SettingsError as error:
        print(f"rolebot: bad settings: {error}", file=sys.stderr)
        return EXIT_BAD_SETTINGS
    if extra_knowledge:
        joined = ":".join([settings.rolebot_knowledge_path, *map(str, extra_knowledge)]).strip(":")
        settings = settings.model_copy(update={"rolebot_knowledge_path": joined})
    configure_logging(settings.log_level, settings.secrets())
    try:
        return _socket_mode(settings, ready) if settings.socket_mode else _http(settings, port, ready)
    except StartupError as error:
        print(f"rolebot: cannot start: {error}", file=sys.stderr)
    except KnowledgeError as error:
        print(
            f"rolebot: cannot start: the knowledge base has {len(error.problems)} problem(s); "
            "run `rolebot validate`",
            file=sys.stderr,
        )
    return EXIT_CANNOT_START


def _socket_mode(settings: Settings, ready: threading.Event | None) -> int:
    from slack_bolt.adapter.socket_mode import SocketModeHandler

    assert settings.slack_app_token is not None
    app = create_app(settings)
    handler = SocketModeHandler(app, settings.slack_app_token.get_secret_value())
    print("rolebot: connecting to Slack in Socket Mode; Ctrl-C stops.", file=sys.stderr)
    if ready is not None:
        ready.set()
    with contextlib.suppress(KeyboardInterrupt):
        handler.start()  # blocks until interrupted
    return 0


def _http(settings: Settings, port: int | None, ready: threading.Event | None) -> int:
    from bot.web import build_wsgi_app

    wsgi = build_wsgi_app(settings)
    port = settings.port if port is None else port
    server = make_server("0.0.0.0", port, wsgi, server_class=_ThreadingServer, handler_class=_QuietHandler)
    print(
        f"rolebot: serving Slack's requests at http://0.0.0.0:{server.server_address[1]}/slack/events "
        "(for production, use the Procfile's gunicorn); Ctrl-C stops.",
        file=sys.stderr,
    )
    if ready is not None:
        ready.set()
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
        wsgi.services.executor.wait_idle(10)
    return 0
