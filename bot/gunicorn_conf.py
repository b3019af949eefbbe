"""gunicorn's configuration for the Slack app (the Procfile's `web:` line uses it).

Read by the gunicorn master before any worker starts, so bad settings stop start-up
with one line (no worker boot loop, no traceback).

Sizing, measured with benchmarks/slack_ack.py on 2 cores: one process with threads. The
request path is short (verify, parse, ack) and the answers are built on the app's own
thread pool after the ack, so one worker keeps acks fast; one process also means one
event de-duplicator, so a re-sent event is recognised whichever thread receives it.
WEB_CONCURRENCY and GUNICORN_THREADS override the sizes.
"""

from __future__ import annotations

import os

from bot.settings import load_settings_or_exit

_settings = load_settings_or_exit(http=True)

bind = f"0.0.0.0:{_settings.port}"
worker_class = "gthread"
workers = int(os.environ.get("WEB_CONCURRENCY", "1"))
threads = int(os.environ.get("GUNICORN_THREADS", "8"))
backlog = 512
keepalive = 5
timeout = 30
graceful_timeout = 20
"""On SIGTERM (a Heroku restart) a worker finishes its requests and the replies it owes."""
loglevel = _settings.log_level.lower()
accesslog = None  # the platform's router logs every request already
errorlog = "-"
proc_name = "rolebot"
control_socket_disable = True  # gunicorn ≥ 24's runtime control socket: not needed on a dyno


def worker_exit(server, worker):  # type: ignore[no-untyped-def]
    from bot.web import finish_replies

    if not finish_replies(timeout=graceful_timeout - 2):
        server.log.warning("some replies were still being sent at shutdown")
