"""`rolebot clock` as operators run it: a subprocess, a database, and a fake Slack Web API on loopback."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time as clock
from collections import Counter
from collections.abc import Iterator
from datetime import time
from pathlib import Path

import pytest
from sqlalchemy import text

from bot.cli.main import main
from bot.core.practice.schedule import EVERY_DAY, Schedule
from bot.storage.migrate import upgrade
from bot.storage.store import Store
from tests.db_helpers import utc
from tests.support.fake_slack import FakeSlack, Scripted, slack_error

TOKEN = "xoxb-0000000000-0000000000-cliTOKEN"
NINE_UTC = Schedule(time(9), "UTC", EVERY_DAY)


@pytest.fixture(scope="module")
def slack() -> Iterator[FakeSlack]:
    fake = FakeSlack()
    # A clock killed mid-request leaves the fake's answer with nobody to read it: that broken
    # pipe is expected, not a traceback worth printing.
    fake.server.handle_error = lambda request, client_address: None  # type: ignore[method-assign]
    yield fake
    fake.close()


@pytest.fixture
def fake(slack: FakeSlack) -> FakeSlack:
    slack.reset()
    return slack


def environment(database_url: str, fake: FakeSlack) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "ROLEBOT_", "DATABASE_URL"))}
    return {**env, "DATABASE_URL": database_url, "SLACK_BOT_TOKEN": TOKEN, "SLACK_API_URL": fake.api_url}


def clock_command(*args: str) -> list[str]:
    return [sys.executable, "-m", "bot.cli.main", "clock", *args]


def run_once(env: dict[str, str], cwd: Path, now: str) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        clock_command("--once", "--now", now, "--send"),
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    return done


def posts(fake: FakeSlack) -> list[str]:
    return [c.body["channel"] for c in fake.find(lambda c: c.method == "chat.postMessage")]


def subscribe(url: str, *channels: str) -> None:
    upgrade(url)
    store = Store.open(url)
    try:
        for channel in channels:
            store.subscriptions.subscribe("T1", channel, NINE_UTC, "U1", now=utc(2024, 3, 1))
    finally:
        store.close()


def test_clock_once_posts_each_due_prompt_to_slack_once(tmp_path: Path, fake: FakeSlack) -> None:
    url = f"sqlite:///{tmp_path / 'rolebot.sqlite3'}"
    subscribe(url, "C1", "C2", "C3")
    fake.script("chat.postMessage", Scripted(200, {"ok": True, "ts": "1.1"}))
    env = environment(url, fake)
    first = run_once(env, tmp_path, "2024-03-04T09:00:30Z")
    assert posts(fake) == ["C1", "C2", "C3"]
    assert "sent 3" in first.stdout
    call = fake.find(lambda c: c.method == "chat.postMessage")[0]
    assert call.body["blocks"] and call.headers["authorization"] == f"Bearer {TOKEN}"
    again = run_once(env, tmp_path, "2024-03-04T10:00:00Z")
    assert "nothing due" in again.stdout and len(posts(fake)) == 3
    # the next day, C1 (the first to be sent) was archived: it pauses, the others get theirs
    fake.script("chat.postMessage", slack_error("is_archived"))
    next_day = run_once(env, tmp_path, "2024-03-05T09:00:00")  # no zone: UTC
    assert "sent 2" in next_day.stdout and "paused 1" in next_day.stdout
    lines = [json.loads(line) for line in next_day.stderr.splitlines() if line.startswith("{")]
    assert any("paused a subscription" in line["message"] for line in lines)
    store = Store.open(url)
    try:
        assert store.subscriptions.status("T1", "C1").paused
        assert not store.subscriptions.status("T1", "C2").paused
    finally:
        store.close()


def test_clock_once_now_is_a_dry_run_that_uses_nothing_up(tmp_path: Path, fake: FakeSlack) -> None:
    url = f"sqlite:///{tmp_path / 'rolebot.sqlite3'}"
    subscribe(url, "C1", "C2")
    env = environment(url, fake)
    dry = subprocess.run(
        clock_command("--once", "--now", "2024-03-04T09:00:30Z"), env=env, cwd=tmp_path,
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert dry.returncode == 0, dry.stderr
    assert "dry run" in dry.stdout and "T1/C1" in dry.stdout and "T1/C2" in dry.stdout
    assert "2 prompt(s) would be sent" in dry.stdout and not posts(fake)
    sent = run_once(env, tmp_path, "2024-03-04T09:00:40Z")
    assert "sent 2" in sent.stdout and sorted(posts(fake)) == ["C1", "C2"], "the day was not used up"


def test_a_clock_killed_in_the_middle_of_a_tick_never_posts_twice(
    database_url: str, tmp_path: Path, fake: FakeSlack
) -> None:
    """SIGKILL while Slack is answering the second post; then restarts. No channel gets two
    messages; the claims the dead clock left are marked unknown after the grace period, with
    the log line that says a day was missed rather than risk a duplicate."""
    subscribe(database_url, "C1", "C2", "C3")
    fake.script(
        "chat.postMessage",
        Scripted(200, {"ok": True, "ts": "1.1"}),
        Scripted(200, {"ok": True, "ts": "1.2"}, delay=5),
    )
    env = environment(database_url, fake)
    process = subprocess.Popen(
        clock_command("--once", "--now", "2024-03-04T09:00:00Z", "--send"),
        env=env,
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        fake.wait_for(lambda c: c.method == "chat.postMessage", count=2, timeout=30)
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=10)
    assert run_once(env, tmp_path, "2024-03-04T09:01:00Z").stdout.count("sent") == 0
    late = run_once(env, tmp_path, "2024-03-04T09:20:00Z")
    assert "expired 3" in late.stdout
    assert late.stderr.count("missed a day rather than risk a duplicate") == 3
    assert Counter(posts(fake)) == {"C1": 1, "C2": 1}  # C3 was claimed but never posted: a missed day
    store = Store.open(database_url)
    try:
        with store.engine.connect() as connection:
            rows = connection.execute(text("SELECT state, count(*) FROM deliveries GROUP BY state")).all()
        assert dict(rows) == {"unknown": 3}
    finally:
        store.close()


def test_the_clock_loop_stops_cleanly_on_sigterm(tmp_path: Path, fake: FakeSlack) -> None:
    url = f"sqlite:///{tmp_path / 'rolebot.sqlite3'}"
    process = subprocess.Popen(
        clock_command(), env=environment(url, fake), cwd=tmp_path, stderr=subprocess.PIPE, text=True
    )
    try:
        deadline = clock.monotonic() + 30
        assert process.stderr is not None
        for line in process.stderr:
            if "clock started" in line or clock.monotonic() > deadline:
                break
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=10) == 0
        assert "clock stopped" in process.stderr.read()
    finally:
        if process.poll() is None:
            process.kill()


def test_clock_usage_errors(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.delenv("SLACK_BOT_TOKEN", raising=False)
    assert main(["clock", "--now", "2024-03-04T09:00:00Z"]) == 2
    assert "--now goes with --once" in capsys.readouterr().err
    monkeypatch.chdir(Path(__file__).parent)  # no .env here
    with pytest.raises(SystemExit) as exited:
        main(["clock", "--once"])
    assert exited.value.code == 2
    assert "SLACK_BOT_TOKEN is not set" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["clock", "--once", "--now", "yesterday"])
    assert "not an ISO-8601 instant" in capsys.readouterr().err


def test_the_procfile_migrates_on_release_and_runs_the_clock() -> None:
    lines = (Path(__file__).resolve().parents[2] / "Procfile").read_text().splitlines()
    kinds = dict(line.split(":", 1) for line in lines if line.strip())
    assert kinds["release"].strip() == "rolebot db upgrade"
    assert kinds["clock"].strip() == "rolebot clock"
