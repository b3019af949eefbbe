"""gunicorn's configuration for the Slack app (the Procfile's `web:` line uses it).

Read by the gunicorn master before any worker starts, so bad settings stop start-up
with one line (no worker boot loop, no traceback).

Sizing, measured with benchmarks/slack_ack.py on 2 cores: one worker process with 8 threads
gives about 74% of an ack-only Bolt app's throughput, p99 ack about 65 ms at 50 concurrent
requests (SQLite). The request path is short (verify, parse, ack, queue the work) and the answers
are built on the app's own thread pool after the ack, acks first (bot/slack/executor.AckFirst).
Re-sent events are recognised through the database after the ack, before the answer
(bot/slack/dedupe.DatabaseEventDeduper), so any number of workers, and of dynos, answer each
event once: the worker count is GUNICORN_WORKERS if set, else Heroku's WEB_CONCURRENCY (which
the Python buildpack sets from the dyno's size), else 1. GUNICORN_THREADS sets the threads.
Each worker opens its own connections to the database (DATABASE_URL).
"""

from __future__ import annotations

from bot.settings import load_settings_or_exit

_settings = load_settings_or_exit(http=True)

bind = f"0.0.0.0:{_settings.port}"
worker_class = "gthread"
workers = _settings.workers
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
