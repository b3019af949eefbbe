"""The clock for many workspaces: each one's prompts go out with its own token; a workspace whose token
is revoked is paused as a whole, with a log line, and not tried again the next day; `clock --once`
checks its tokens at start and exits non-zero when nothing could be sent."""

from __future__ import annotations

import json
import subprocess
from datetime import UTC, datetime
from pathlib import Path

from slack_sdk.oauth.installation_store.models.installation import Installation
from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore

from bot.core.knowledge import KnowledgeBase
from bot.core.models import PracticePrompt
from bot.scheduler.clock import tick
from bot.scheduler.sender import Sender, TokenInvalid
from bot.storage.migrate import upgrade
from bot.storage.models import BOTS_TABLE, INSTALLATIONS_TABLE
from bot.storage.store import Store
from bot.storage.workspaces import TOKEN_REVOKED
from tests.db_helpers import FakeSender, utc
from tests.scheduler.test_clock_cli import NINE_UTC, clock_command, environment, fake, slack
from tests.support.fake_slack import FakeSlack, Grant

CLIENT_ID = "1111111111.2222222222"
__all__ = ["fake", "slack"]  # the fake Slack fixtures of the clock CLI tests
TOKEN_A, TOKEN_B = "xoxb-1-2-clockTokenForTeamA", "xoxb-3-4-clockTokenForTeamB"


class Revoked:
    def send_prompt(self, channel_id: str, prompt: PracticePrompt) -> str:
        raise TokenInvalid("token_revoked")


class TwoWorkspaces:
    def __init__(self) -> None:
        self.b = FakeSender()
        self.asked: list[str] = []

    def for_team(self, team_id: str) -> Sender:
        self.asked.append(team_id)
        return Revoked() if team_id == "TA" else self.b


def test_a_revoked_workspace_is_paused_whole_and_the_other_still_gets_its_prompts(
    store: Store, kb: KnowledgeBase
) -> None:
    for team in ("TA", "TB"):
        for channel in ("C1", "C2", "C3"):
            store.subscriptions.subscribe(team, channel, NINE_UTC, "U1", now=utc(2024, 3, 1))
    senders = TwoWorkspaces()
    report = tick(utc(2024, 3, 4, 9), store, senders, kb)
    assert sorted(senders.b.channels()) == ["C1", "C2", "C3"]
    assert (report.sent, report.workspaces_paused) == (3, 1) and not report.all_failed
    for channel in ("C1", "C2", "C3"):
        status = store.subscriptions.status("TA", channel)
        assert status is not None and status.paused and status.paused_reason == TOKEN_REVOKED
    # The next day the paused workspace is not tried at all.
    senders.asked.clear()
    tick(utc(2024, 3, 5, 9), store, senders, kb)
    assert "TA" not in senders.asked and len(senders.b.channels()) == 6
    # Installed again: it resumes, and gets today's prompt.
    assert store.workspaces.installed("TA", now=utc(2024, 3, 6, 8)) == 3
    assert tick(utc(2024, 3, 6, 9), store, FakeSender(), kb).sent == 6


def save_bot(url: str, team: str, token: str) -> None:
    store = Store.open(url)
    try:
        installations = SQLAlchemyInstallationStore(
            CLIENT_ID, store.engine, bots_table_name=BOTS_TABLE, installations_table_name=INSTALLATIONS_TABLE
        )
        installations.save(
            Installation(app_id="A1", team_id=team, bot_token=token, bot_id="B1", bot_user_id="UB1",
                         user_id="U0ADMIN", installed_at=datetime.now(UTC).timestamp())
        )  # fmt: skip
    finally:
        store.close()


def oauth_environment(url: str, fake: FakeSlack) -> dict[str, str]:
    env = environment(url, fake)
    del env["SLACK_BOT_TOKEN"]
    return {**env, "SLACK_CLIENT_ID": CLIENT_ID, "SLACK_CLIENT_SECRET": "0123456789abcdef0123456789abcdef"}


def clock_once(env: dict[str, str], cwd: Path, now: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        clock_command("--once", "--now", now, "--send"), env=env, cwd=cwd, capture_output=True, text=True,
        timeout=60,
    )  # fmt: skip


def test_clock_once_sends_with_each_workspaces_token_and_pauses_a_revoked_one(
    tmp_path: Path, fake: FakeSlack
) -> None:
    url = f"sqlite:///{tmp_path / 'rolebot.sqlite3'}"
    upgrade(url)
    save_bot(url, "TA", TOKEN_A)
    save_bot(url, "TB", TOKEN_B)
    store = Store.open(url)
    for team in ("TA", "TB"):
        store.subscriptions.subscribe(team, "C0SAME", NINE_UTC, "U1", now=utc(2024, 3, 1))
    store.close()
    fake.grant("unused", Grant("TA", TOKEN_A))
    fake.grant("unused-b", Grant("TB", TOKEN_B))
    fake.revoke(TOKEN_A)
    done = clock_once(oauth_environment(url, fake), tmp_path, "2024-03-04T09:00:30Z")
    assert done.returncode == 0, done.stderr
    posts = fake.find(lambda c: c.method == "chat.postMessage")
    assert [(p.body["channel"], p.token) for p in posts] == [("C0SAME", TOKEN_B)]
    lines = [json.loads(line) for line in done.stderr.splitlines() if line.startswith("{")]
    paused = [line for line in lines if "paused every subscription of a workspace" in line["message"]]
    assert len(paused) == 1 and paused[0]["team"] == "TA" and TOKEN_A not in done.stderr
    fake.reset()
    fake.grant("unused-b", Grant("TB", TOKEN_B))
    fake.revoke(TOKEN_A)
    again = clock_once(oauth_environment(url, fake), tmp_path, "2024-03-05T09:00:30Z")
    assert again.returncode == 0, again.stderr
    assert not fake.find(lambda c: c.token == TOKEN_A and c.method == "chat.postMessage")


def test_clock_once_exits_non_zero_when_its_token_is_refused_or_nothing_could_be_sent(
    tmp_path: Path, fake: FakeSlack
) -> None:
    url = f"sqlite:///{tmp_path / 'rolebot.sqlite3'}"
    upgrade(url)
    store = Store.open(url)
    store.subscriptions.subscribe("T1", "C1", NINE_UTC, "U1", now=utc(2024, 3, 1))
    store.close()
    env = environment(url, fake)
    fake.revoke(env["SLACK_BOT_TOKEN"])
    refused = clock_once(env, tmp_path, "2024-03-04T09:00:30Z")
    assert refused.returncode == 1
    assert "Slack did not accept SLACK_BOT_TOKEN" in refused.stderr and "token_revoked" in refused.stderr
    assert not fake.find(lambda c: c.method == "chat.postMessage")
    fake.reset()
    from tests.support.fake_slack import slack_error

    fake.script("chat.postMessage", slack_error("is_archived"))
    failed = clock_once(env, tmp_path, "2024-03-04T09:01:30Z")
    assert failed.returncode == 1 and "none of the 1 due prompt(s) could be sent" in failed.stderr
