"""gunicorn's configuration for the Slack app (the Procfile's `web:` line uses it).

Read by the gunicorn master before any worker starts, so bad settings stop start-up
with one line (no worker boot loop, no traceback).

Sizing, measured with benchmarks/slack_ack.py on 2 cores: one worker process with 8
threads. The request path is short (verify, parse, ack, queue the work) and the answers are
built on the app's own thread pool after the ack, acks first (bot/slack/executor.AckFirst):
about 80% of an ack-only Bolt app's throughput under the same configuration, p99 ack about
100 ms at 50 concurrent requests. One process also means one event de-duplicator, so a re-sent
event is recognised whichever thread receives it: that is why GUNICORN_WORKERS, not Heroku's
WEB_CONCURRENCY, sets the worker count, and why it should stay 1 until the de-duplicator is
shared (a database). GUNICORN_THREADS sets the threads.
"""

from __future__ import annotations

from bot.settings import load_settings_or_exit

_settings = load_settings_or_exit(http=True)

bind = f"0.0.0.0:{_settings.port}"
worker_class = "gthread"
workers = _settings.gunicorn_workers
threads = _settings.gunicorn_threads
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
