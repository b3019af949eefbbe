"""What is kept per workspace, and deleted: every table is keyed by workspace (or says why not), an
uninstalled workspace's data goes after the documented period (by the clock) unless it installs
again, and `rolebot data delete --team/--user` deletes at once."""

from __future__ import annotations

from datetime import time, timedelta

import pytest
from sqlalchemy import func, insert, select

from bot.cli.main import main
from bot.core.knowledge import KnowledgeBase
from bot.core.practice.schedule import EVERY_DAY, Schedule
from bot.scheduler.clock import tick
from bot.storage.models import BOTS_TABLE, INSTALLATIONS_TABLE, Base, PracticeAnswer, Subscription
from bot.storage.store import Store
from bot.storage.workspaces import DELETED_USER, KEEP_AFTER_UNINSTALL
from tests.db_helpers import FakeSender, utc

NINE = Schedule(time(9), "UTC", EVERY_DAY)
NOT_KEYED_BY_WORKSPACE = {
    "deliveries": "belongs to a subscription, deleted with it (ON DELETE CASCADE)",
    "processed_events": "Slack's event ids only, globally unique, deleted after two hours",
    "slack_oauth_states": "an install in progress, before there is a workspace; ten minutes",
}


def test_every_table_is_keyed_by_workspace_or_says_why_not() -> None:
    for table in Base.metadata.sorted_tables:
        assert "team_id" in table.c or table.name in NOT_KEYED_BY_WORKSPACE, table.name


def fill(store: Store, team: str, user: str = "U1", channel: str = "C1") -> None:
    store.subscriptions.subscribe(team, channel, NINE, user, now=utc(2024, 3, 1))
    with store.engine.begin() as connection:
        connection.execute(
            insert(PracticeAnswer).values(team_id=team, user_id=user, prompt_id="p", score=50.0, covered=[],
                                          missed=[], answered_at=utc(2024, 3, 1))
        )  # fmt: skip
        connection.execute(
            insert(Base.metadata.tables[BOTS_TABLE]).values(
                client_id="1.2",
                app_id="A1",
                team_id=team,
                bot_token=f"xoxb-{team}",
                installed_at=utc(2024, 3, 1),
            )
        )
        connection.execute(
            insert(Base.metadata.tables[INSTALLATIONS_TABLE]).values(
                client_id="1.2", app_id="A1", team_id=team, bot_token=f"xoxb-{team}", user_id=user,
                user_token="xoxp-secret", installed_at=utc(2024, 3, 1),
            )
        )  # fmt: skip


def counts(store: Store, team: str) -> dict[str, int]:
    found = {}
    with store.engine.connect() as connection:
        for table in Base.metadata.sorted_tables:
            if "team_id" in table.c:
                found[table.name] = connection.execute(
                    select(func.count()).select_from(table).where(table.c.team_id == team)
                ).scalar_one()
    return found


def test_an_uninstalled_workspaces_data_goes_after_the_period_and_only_its_own(
    store: Store, kb: KnowledgeBase
) -> None:
    fill(store, "TA")
    fill(store, "TB")
    tick(utc(2024, 3, 4, 9), store, FakeSender(), kb)  # deliveries and rotation history too
    removed_at = utc(2024, 3, 4, 10)
    until = store.workspaces.uninstalled("TA", None, now=removed_at)
    assert until == removed_at + KEEP_AFTER_UNINSTALL == removed_at + timedelta(days=30)
    assert store.subscriptions.status("TA", "C1").paused  # type: ignore[union-attr]
    kept = counts(store, "TB")
    assert tick(until - timedelta(minutes=1), store, FakeSender(), kb).purged == 0
    assert counts(store, "TA")["practice_answers"] == 1
    assert tick(until, store, FakeSender(), kb).purged == 1
    assert set(counts(store, "TA").values()) == {0}
    assert all(kept[name] for name in ("subscriptions", "practice_answers", "slack_bots", "channel_prompts"))
    assert all(counts(store, "TB")[name] >= n for name, n in kept.items())
    with store.engine.connect() as connection:
        assert connection.execute(select(func.count()).select_from(Subscription)).scalar_one() == 1


def test_a_reinstall_within_the_period_keeps_everything(store: Store, kb: KnowledgeBase) -> None:
    fill(store, "TA")
    store.workspaces.uninstalled("TA", None, now=utc(2024, 3, 4))
    assert store.workspaces.installed("TA", now=utc(2024, 3, 5)) == 1
    assert tick(utc(2024, 5, 1, 9), store, FakeSender(), kb).purged == 0
    assert counts(store, "TA")["practice_answers"] == 1


def test_deleting_a_person_keeps_their_workspaces_running(store: Store) -> None:
    fill(store, "TA", user="U1")
    fill(store, "TB", user="U1", channel="C2")
    deleted = store.workspaces.delete_user("U1", "TA")
    assert deleted.rows == {"practice_answers": 1, "slack_installations": 1, "subscriptions": 1}
    with store.engine.connect() as connection:
        answers = connection.execute(select(PracticeAnswer.team_id)).scalars().all()
        installs = Base.metadata.tables[INSTALLATIONS_TABLE]
        installers = dict(connection.execute(select(installs.c.team_id, installs.c.user_token)).all())
        creators = dict(connection.execute(select(Subscription.team_id, Subscription.created_by)).all())
    assert answers == ["TB"] and installers == {"TA": None, "TB": "xoxp-secret"}
    assert creators == {"TA": DELETED_USER, "TB": "U1"}
    assert store.workspaces.bot_tokens("1.2") == {"TA": "xoxb-TA", "TB": "xoxb-TB"}  # the bots still run


def test_deleting_a_person_takes_their_gap_log_rows_and_votes_which_name_them_only_by_a_key(
    store: Store,
) -> None:
    for team in ("TA", "TB"):
        for user in ("U1", "U2"):
            store.gaps.record(team_id=team, user_id=user, question="q", outcome="not_sure", confidence=0.1)
            store.gaps.vote(team_id=team, user_id=user, target="faq:x", helpful=False, reply_ts="1.1")
    assert store.workspaces.delete_user("U1", "TA").rows == {"gap_entries": 1, "answer_feedback": 1}
    assert len(store.gaps.entries(team_id="TA")) == 1 and len(store.gaps.entries(team_id="TB")) == 2
    assert store.workspaces.delete_user("U2").rows == {"gap_entries": 2, "answer_feedback": 2}, "every team"
    assert [e.team_id for e in store.gaps.entries()] == ["TB"]


def test_cli_data_delete(
    store: Store, migrated_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    fill(store, "TA")
    fill(store, "TB")
    monkeypatch.setenv("DATABASE_URL", migrated_url)
    assert main(["data", "delete", "--user", "U1"]) == 0
    assert "deleted the data of user U1 in every workspace: practice_answers 2" in capsys.readouterr().out
    assert main(["data", "delete", "--team", "TA"]) == 0
    out = capsys.readouterr().out
    assert "deleted the data of workspace TA:" in out and "slack_bots 1" in out and "subscriptions 1" in out
    assert set(counts(store, "TA").values()) == {0} and counts(store, "TB")["subscriptions"] == 1
    assert main(["data", "delete", "--team", "TA"]) == 0
    assert "nothing was stored" in capsys.readouterr().out
    assert main(["data", "delete"]) == 2
    assert "--team T… or --user U…" in capsys.readouterr().err
    with pytest.raises(SystemExit) as usage:
        main(["data", "delete", "--team", "x'; drop table"])
    assert usage.value.code == 2 and "is not a Slack id" in capsys.readouterr().err
