"""Everything the bot keeps: SQLAlchemy 2 models, Alembic migrations and small repositories.

    store = Store.open(settings.database, store_answer_text=settings.rolebot_store_answer_text)
    store.subscriptions.subscribe(team, channel, schedule, created_by=user)
    store.answers.record_answer(team_id=…, user_id=…, prompt_id=…, score=…, covered=…, missed=…)
    store.answers.progress(team, user, zone)          # → bot.core.practice.progress.Progress
    store.events.first_time(event_id)                 # Slack retry de-duplication, across processes

Migrate first: `rolebot db upgrade` (bot.storage.migrate.upgrade). Nothing is imported here, so
that reading a database URL (bot.storage.config) costs no SQLAlchemy import.
"""
