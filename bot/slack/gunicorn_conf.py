"""gunicorn's configuration for the Slack app (the Procfile's `web:` line uses it).

Read by the gunicorn master before any worker starts, so bad settings stop start-up
with one line (no worker boot loop, no traceback).

Each worker is a uvicorn event loop (uvicorn-worker's UvicornWorker) serving the ASGI app
of bot/slack/asgi.py: bodies are read on the loop, so slow or stalled clients hold no
thread, and each whole request is acked on the loop in a fraction of a millisecond.
Answers are built on the app's own thread pool after the ack, acks first
(bot/slack/executor.AckFirst). Re-sent events are recognised through the database after the
ack (bot/slack/dedupe.DatabaseEventDeduper), so any number of workers, and of dynos, answer
each event once: the worker count is GUNICORN_WORKERS if set, else Heroku's WEB_CONCURRENCY
(which the Python buildpack sets from the dyno's size), else 1. Each worker opens its own
connections to the database (DATABASE_URL).
"""

from __future__ import annotations

from bot.settings import load_settings_or_exit

_settings = load_settings_or_exit(http=True)

bind = f"0.0.0.0:{_settings.port}"
worker_class = "bot.slack.worker.RolebotWorker"
workers = _settings.workers
backlog = 512
keepalive = 5
timeout = 30
graceful_timeout = 20
"""On SIGTERM (a Heroku restart) a worker finishes its requests and the replies it owes (the ASGI
app's lifespan shutdown waits for them)."""
loglevel = _settings.log_level.lower()
accesslog = None  # the platform's router logs every request already
errorlog = "-"
proc_name = "rolebot"
control_socket_disable = True  # gunicorn ≥ 24's runtime control socket: not needed on a dyno
