"""Real processes: the Procfile's web command under gunicorn, `rolebot serve`, and bad settings at start-up."""

from __future__ import annotations

import json
import os
import shlex
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.slack.conftest import BOT_TOKEN, SIGNING_SECRET
from tests.support.fake_slack import FakeSlack, SlackRequests

ROOT = Path(__file__).resolve().parents[2]
APP_TOKEN = "xapp-1-A0APP001-1234567890-FAKEappTOKENvalue"


def procfile_command(kind: str = "web") -> str:
    for line in (ROOT / "Procfile").read_text().splitlines():
        name, _, command = line.partition(":")
        if name.strip() == kind:
            return command.strip()
    raise AssertionError(f"the Procfile has no {kind}: line")


def clean_env(**values: str) -> dict[str, str]:
    """This interpreter's PATH, none of the developer's Slack settings, and the given values."""
    keep = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("SLACK_", "ROLEBOT_", "PORT", "LOG_LEVEL", "DATABASE_URL", "GUNICORN_"))
    }
    keep["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{keep.get('PATH', '')}"
    keep.pop("WEB_CONCURRENCY", None)
    return {**keep, **values}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_healthy(url: str, process: subprocess.Popen[bytes], timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"the server exited with {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=1) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.05)  # polling for start-up
    raise AssertionError(f"{url} did not answer within {timeout}s")


class WebProcess:
    """The Procfile's web: line, run as Heroku runs it (bash -c, PORT set), against the fake Slack."""

    def __init__(self, fake: FakeSlack, log: Path, **settings: str) -> None:
        port = free_port()
        self.base_url = f"http://127.0.0.1:{port}"
        self.log = log
        env = clean_env(
            **{"DATABASE_URL": f"sqlite:///{log.parent / 'rolebot.sqlite3'}", **settings},
            PORT=str(port),
            SLACK_BOT_TOKEN=BOT_TOKEN,
            SLACK_SIGNING_SECRET=SIGNING_SECRET,
            SLACK_API_URL=fake.api_url,
            LOG_LEVEL="DEBUG",
        )
        with log.open("wb") as out:
            self.process = subprocess.Popen(
                ["bash", "-c", procfile_command()], cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
                start_new_session=True,
            )  # fmt: skip

    def stop(self) -> int:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                raise
        return self.process.returncode


@pytest.fixture
def web(fake: FakeSlack, tmp_path: Path) -> Iterator[WebProcess]:
    server = WebProcess(fake, tmp_path / "web.log")
    try:
        wait_healthy(server.base_url + "/health", server.process)
        yield server
    finally:
        server.stop()


def test_procfile_web_serves_health_and_slash_commands(web: WebProcess, fake: FakeSlack) -> None:
    with urllib.request.urlopen(web.base_url + "/health", timeout=5) as response:
        assert json.loads(response.read()) == {"status": "ok"}
    send = SlackRequests(web.base_url, SIGNING_SECRET)
    url = fake.response_url("procfile")
    reply = send.command("program product", url)
    assert (reply.status, reply.body) == (200, "")
    [call] = fake.wait_for(lambda c: c.path.endswith("/procfile"))
    assert call.body["response_type"] == "ephemeral" and call.body["blocks"]
    assert SlackRequests(web.base_url, "wrong-secret-wrong-secret").command("tpm", url).status == 401

    assert web.stop() == 0, "SIGTERM (a dyno restart) is a clean shutdown"
    text = web.log.read_text()
    assert BOT_TOKEN not in text and SIGNING_SECRET not in text and "xoxb-" not in text
    assert '"command": "/role-diff"' in text, "JSON log lines with the request context"


def run(
    args: list[str], env: dict[str, str], cwd: Path, timeout: float = 30
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, env=env, cwd=cwd, capture_output=True, text=True, timeout=timeout)


def one_line(stderr: str) -> str:
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert "Traceback" not in stderr, stderr
    mine = [line for line in lines if line.startswith("rolebot:")]
    assert len(mine) == 1, stderr
    return mine[0]


def test_missing_signing_secret_stops_serve_with_one_line(tmp_path: Path) -> None:
    result = run(
        [sys.executable, "-m", "bot.cli.main", "serve"], clean_env(SLACK_BOT_TOKEN=BOT_TOKEN), tmp_path
    )
    assert result.returncode != 0
    assert "SLACK_SIGNING_SECRET" in one_line(result.stderr)


def test_missing_signing_secret_stops_gunicorn_with_one_line(tmp_path: Path) -> None:
    env = clean_env(SLACK_BOT_TOKEN=BOT_TOKEN, PORT=str(free_port()))
    result = run(["bash", "-c", procfile_command()], env, ROOT)
    assert result.returncode != 0
    assert "SLACK_SIGNING_SECRET" in one_line(result.stderr)


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("SLACK_BOT_TOKEN", "xoxp-a-user-token-not-a-bot-token"),
        ("SLACK_API_URL", "http://127.0.0.1:1/api"),
        ("PORT", "eighty"),
        ("LOG_LEVEL", "chatty"),
        ("ROLEBOT_KNOWLEDGE_PATH", "/no/such/folder"),
        ("SLACK_APP_TOKEN", "xoxb-not-an-app-token"),
    ],
)
def test_malformed_settings_stop_start_up_with_one_line_naming_them(
    tmp_path: Path, variable: str, value: str
) -> None:
    env = clean_env(**{"SLACK_BOT_TOKEN": BOT_TOKEN, "SLACK_SIGNING_SECRET": SIGNING_SECRET, variable: value})
    result = run([sys.executable, "-m", "bot.cli.main", "serve"], env, tmp_path)
    assert result.returncode == 2
    line = one_line(result.stderr)
    assert variable in line
    if variable.endswith("TOKEN"):
        assert value not in line, "a token is never echoed"


def test_serve_uses_socket_mode_with_an_app_token(tmp_path: Path, fake: FakeSlack) -> None:
    """`rolebot serve` with SLACK_APP_TOKEN connects out; the connection itself is Slack's SDK, stubbed here."""
    script = tmp_path / "serve_socket_mode.py"
    script.write_text(
        "import sys\n"
        "from slack_bolt.adapter.socket_mode import SocketModeHandler\n"
        "def start(self):\n"
        "    print('STARTED', self.app_token == sys.argv[1], type(self.app).__name__, flush=True)\n"
        "SocketModeHandler.start = start\n"
        "from bot.cli.main import main\n"
        "sys.exit(main(['serve']))\n"
    )
    env = clean_env(
        SLACK_BOT_TOKEN=BOT_TOKEN, SLACK_APP_TOKEN=APP_TOKEN, SLACK_API_URL=fake.api_url, LOG_LEVEL="DEBUG"
    )
    result = run([sys.executable, str(script), APP_TOKEN], env, tmp_path)
    assert result.returncode == 0, result.stderr
    assert "STARTED True App" in result.stdout
    assert APP_TOKEN not in result.stderr and BOT_TOKEN not in result.stderr
    assert fake.find(lambda c: c.method == "auth.test")


def test_serve_without_an_app_token_serves_http(tmp_path: Path, fake: FakeSlack) -> None:
    port = free_port()
    env = clean_env(
        SLACK_BOT_TOKEN=BOT_TOKEN, SLACK_SIGNING_SECRET=SIGNING_SECRET, SLACK_API_URL=fake.api_url
    )
    process = subprocess.Popen(
        [sys.executable, "-m", "bot.cli.main", "serve", "--port", str(port)], env=env, cwd=tmp_path,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        wait_healthy(f"http://127.0.0.1:{port}/healthz", process)
        url = fake.response_url("serve-http")
        assert SlackRequests(f"http://127.0.0.1:{port}", SIGNING_SECRET).command("tpm", url).status == 200
        fake.wait_for(lambda c: c.path.endswith("/serve-http"))
    finally:
        process.send_signal(signal.SIGINT)
        process.wait(timeout=15)


def test_procfile_names_gunicorn_with_our_config() -> None:
    args = shlex.split(procfile_command())
    assert args[0] == "gunicorn" and "python:bot.slack.gunicorn_conf" in args


def test_procfile_migrates_in_the_release_phase_and_runs_the_clock() -> None:
    assert procfile_command("release") == "rolebot db upgrade"
    assert procfile_command("clock") == "rolebot clock"
    from bot.cli.main import build_parser

    for kind in ("release", "clock"):
        args = build_parser().parse_args(shlex.split(procfile_command(kind))[1:])
        assert args.command in ("db", "clock")


def test_release_phase_migrates_the_database(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'release.sqlite3'}"
    result = run(["bash", "-c", procfile_command("release")], clean_env(DATABASE_URL=url), tmp_path)
    assert result.returncode == 0, result.stderr
    assert "upgraded from an empty database" in result.stdout


def test_several_web_workers_answer_a_resent_event_once(fake: FakeSlack, tmp_path: Path) -> None:
    """WEB_CONCURRENCY (Heroku's) sets the workers; the database tells each a re-sent event apart."""
    server = WebProcess(fake, tmp_path / "web.log", WEB_CONCURRENCY="2")
    try:
        wait_healthy(server.base_url + "/health", server.process)
        send = SlackRequests(server.base_url, SIGNING_SECRET)
        event = {"type": "app_mention", "user": "U0USER01", "text": "<@UBOT0001> what does a tpm do",
                 "ts": "1700009000.000100", "channel": "C0WORKERS", "event_ts": "1700009000.000100"}  # fmt: skip
        for retry in (None, 1, 2, 3, None, None):
            assert send.event(event, event_id="Ev0WORKERS1", retry=retry).status == 200
        fake.wait_for(lambda c: c.method == "chat.postMessage" and c.body.get("channel") == "C0WORKERS")
    finally:
        assert server.stop() == 0
    assert (
        len(fake.find(lambda c: c.method == "chat.postMessage" and c.body.get("channel") == "C0WORKERS")) == 1
    )
    assert server.log.read_text().count("Booting worker") == 2
