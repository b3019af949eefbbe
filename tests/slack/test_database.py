"""The app and its database: re-sent events answered once across processes, and start-up checks.

Runs on SQLite always and on PostgreSQL with TEST_DATABASE_URL (tests/db_helpers.py)."""

from __future__ import annotations

import pytest

from bot.slack.app import StartupError, create_app
from bot.storage import migrate
from bot.storage.store import Store
from tests.db_helpers import POSTGRES_URL, database_url, migrated_url, postgres_schema_url
from tests.slack.conftest import Served, serve_app, sqlite_url, test_settings
from tests.slack.test_commands import posted_in
from tests.support.fake_slack import FakeSlack, mention

__all__ = ["database_url", "migrated_url"]  # fixtures

QUESTION = "what does a tpm do"


def test_a_resent_event_is_answered_once_by_two_processes_sharing_the_database(
    served: Served, fake: FakeSlack, migrated_url: str
) -> None:
    """Two apps (two web processes) on one database: Slack's retry of an event the first one
    handled reaches the second, which must not answer it again."""
    served.idle()
    with serve_app(served, fake, migrated_url) as first, serve_app(served, fake, migrated_url) as second:
        fake.reset()
        event = mention(QUESTION, "C0SHARED1", "1700002000.000100")
        assert first.send.event(event, event_id="Ev0SHARED01").status == 200
        fake.wait_for(posted_in("C0SHARED1"))
        for retry in (1, 2):
            assert second.send.event(event, event_id="Ev0SHARED01", retry=retry).status == 200
        assert first.send.event(event, event_id="Ev0SHARED01", retry=3).status == 200
        first.idle()
        second.idle()
        assert len(fake.find(posted_in("C0SHARED1"))) == 1

        other = mention(QUESTION, "C0SHARED2", "1700002001.000100")
        assert second.send.event(other, event_id="Ev0SHARED02").status == 200
        fake.wait_for(posted_in("C0SHARED2"))  # the second process answers events of its own
        assert first.store.events.first_time("Ev0SHARED02") is False, "and the first one sees them"


def test_sqlite_default_is_migrated_at_start_up(served: Served, fake: FakeSlack, tmp_path) -> None:
    url = sqlite_url(tmp_path)
    app = create_app(
        test_settings(fake, database_url=url), served.wsgi.services.kb, engine=served.wsgi.services.engine
    )
    try:
        assert migrate.is_current(app.services.store.engine)  # type: ignore[attr-defined]
    finally:
        app.services.executor.shutdown()  # type: ignore[attr-defined]
        app.services.store.close()  # type: ignore[attr-defined]


@pytest.mark.skipif(not POSTGRES_URL, reason="TEST_DATABASE_URL is not set")
def test_an_unmigrated_postgresql_database_stops_start_up_with_one_line(
    served: Served, fake: FakeSlack
) -> None:
    for url in postgres_schema_url():
        settings = test_settings(fake, database_url=url)
        with pytest.raises(StartupError, match=r"is not migrated: run `rolebot db upgrade`") as error:
            create_app(settings, served.wsgi.services.kb, engine=served.wsgi.services.engine)
        assert "\n" not in str(error.value)
        store = Store.open(url)
        try:
            assert migrate.current_revision(store.engine) is None, "the web process never migrates PostgreSQL"
        finally:
            store.close()


def test_an_unreachable_database_stops_start_up_with_one_line(served: Served, fake: FakeSlack) -> None:
    settings = test_settings(fake, database_url="postgresql://rolebot:hunter2secret@127.0.0.1:1/rolebot")
    with pytest.raises(StartupError, match=r"could not use the database .*\(DATABASE_URL\)") as error:
        create_app(settings, served.wsgi.services.kb, engine=served.wsgi.services.engine)
    assert "hunter2secret" not in str(error.value) and "\n" not in str(error.value)
