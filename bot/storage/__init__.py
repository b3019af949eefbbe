"""Everything the bot keeps: SQLAlchemy 2 models, Alembic migrations and small repositories.

    store = Store.open()                  # DATABASE_URL, or sqlite:///rolebot.sqlite3 here
    store.subscriptions.subscribe(team, channel, schedule, created_by=user)
    store.answers.record_answer(team_id=…, user_id=…, prompt_id=…, score=…, covered=…, missed=…)
    store.answers.progress(team, user, zone)          # → bot.core.practice.progress.Progress
    store.events.first_time(event_id)                 # Slack retry de-duplication, across processes

Migrate first: `rolebot db upgrade` (bot.storage.migrate.upgrade).
"""

from bot.storage.config import DEFAULT_DATABASE_URL, database_url, normalize_url
from bot.storage.engine import make_engine
from bot.storage.store import Store
from bot.storage.subscriptions import SubscriptionStatus

__all__ = [
    "DEFAULT_DATABASE_URL",
    "Store",
    "SubscriptionStatus",
    "database_url",
    "make_engine",
    "normalize_url",
]
