"""`rolebot serve`: Socket Mode when SLACK_APP_TOKEN is set, else the HTTP app on a local server.

Socket Mode connects out to Slack, so no public URL is needed: the quickest way to try
the bot in a workspace. Without an app token, this serves the same ASGI app as production
on one uvicorn process, for local use behind a tunnel; production runs gunicorn with
uvicorn's workers (the Procfile).
"""

from __future__ import annotations

import contextlib
import errno
import os
import socket
import sys
import threading
from collections.abc import Sequence
from pathlib import Path

from bot.core.loader import KnowledgeError
from bot.logs import configure_logging
from bot.process import settle
from bot.settings import EXIT_BAD_SETTINGS, Settings, SettingsError, load_settings
from bot.slack.app import StartupError, create_app, knowledge_problems

EXIT_CANNOT_START = 3


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
        joined = os.pathsep.join([settings.rolebot_knowledge_path, *map(str, extra_knowledge)]).strip(
            os.pathsep
        )
        settings = settings.model_copy(update={"rolebot_knowledge_path": joined})
    configure_logging(settings.log_level, settings.secrets())
    try:
        return _socket_mode(settings, ready) if settings.socket_mode else _http(settings, port, ready)
    except StartupError as error:
        print(f"rolebot: cannot start: {error}", file=sys.stderr)
    except KnowledgeError as error:
        print(f"rolebot: cannot start: {knowledge_problems(error)}", file=sys.stderr)
    return EXIT_CANNOT_START


def _socket_mode(settings: Settings, ready: threading.Event | None) -> int:
    from bot.slack.socket_mode import ValidatingSocketModeHandler

    assert settings.slack_app_token is not None
    app = create_app(settings)
    handler = ValidatingSocketModeHandler(app, settings.slack_app_token.get_secret_value())
    settle()
    print("rolebot: connecting to Slack in Socket Mode; Ctrl-C stops.", file=sys.stderr)
    if ready is not None:
        ready.set()
    with contextlib.suppress(KeyboardInterrupt):
        handler.start()  # blocks until interrupted
    return 0


def _http(settings: Settings, port: int | None, ready: threading.Event | None) -> int:
    import uvicorn

    from bot.slack.asgi import build_http_app

    port = settings.port if port is None else port
    try:  # bound here, before the app is built: a busy port is one line, not uvicorn's traceback
        listening = socket.create_server(("0.0.0.0", port), reuse_port=False)
    except OSError as error:
        reason = (
            "is already in use" if error.errno == errno.EADDRINUSE else f"cannot be used ({error.strerror})"
        )
        raise StartupError(f"port {port} {reason}: stop what uses it, or set PORT (or --port)") from None
    http = build_http_app(settings)
    settle()
    server = uvicorn.Server(
        uvicorn.Config(http, host="0.0.0.0", port=port, log_config=None, access_log=False)
    )
    print(
        f"rolebot: serving Slack's requests at http://0.0.0.0:{port}/slack/events "
        "(for production, use the Procfile's gunicorn); Ctrl-C stops.",
        file=sys.stderr,
    )
    if ready is not None:
        ready.set()
    with listening:
        server.run(sockets=[listening])
    return 0 if server.started else EXIT_CANNOT_START
