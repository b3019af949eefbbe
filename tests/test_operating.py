"""Rough edges found by running the bot as a new user would: each one held by a test."""

from __future__ import annotations

import os
import pty
import select
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bot.cli.main import main
from bot.settings import SettingsError, load_settings

CLI = [sys.executable, "-m", "bot.cli.main"]


def clean_env(**extra: str) -> dict[str, str]:
    env = {
        k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "DATABASE_URL", "DYNO", "COLUMNS"))
    }
    return {**env, "ROLEBOT_INDEX_CACHE": "off", **extra}


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as done:
        main(["--version"])
    assert done.value.code == 0 and capsys.readouterr().out.strip() == "rolebot 0.1.0"


def test_roles_lists_the_abbreviations(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "250")  # one line per role: a wrapped cell interleaves with its neighbours
    assert main(["roles"]) == 0
    out = " ".join(capsys.readouterr().out.split())
    assert "tpm (usually)" in out and "pgm (usually)" in out and "pm (or project manager)" in out


@pytest.mark.parametrize(
    ("roles", "said"),
    [
        (["program", "product", "project"], "compares two roles at a time; you named 3"),
        (["program", "product", "banana"], "“banana” is not a role I know"),
    ],
)
def test_diff_refuses_a_third_role_clearly(
    roles: list[str], said: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["diff", *roles]) == 2
    captured = capsys.readouterr()
    assert said in captured.err and not captured.out
    assert main(["diff", "tech project", "product"]) == 0  # a name of two words is still one role


def test_knowledge_is_accepted_after_the_subcommand(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "nothing-here"
    for argv in (["--knowledge", str(missing), "roles"], ["roles", "--knowledge", str(missing)],
                 ["roles", f"--knowledge={missing}"]):  # fmt: skip
        assert main(argv) == 3
        assert f"{missing}: knowledge folder not found" in capsys.readouterr().err


def test_a_closed_pipe_ends_quietly() -> None:
    done = subprocess.run(f"{' '.join(CLI)} diff program product | true", shell=True, env=clean_env(),
                          capture_output=True, text=True, timeout=60)  # fmt: skip
    assert "Traceback" not in done.stderr and "BrokenPipe" not in done.stderr, done.stderr


def test_piped_output_follows_the_terminal_width() -> None:
    for columns in (60, 150):
        done = subprocess.run([*CLI, "diff", "program", "product"], env=clean_env(COLUMNS=str(columns)),
                              capture_output=True, text=True, timeout=60)  # fmt: skip
        widths = [len(line) for line in done.stdout.splitlines()]
        assert done.returncode == 0 and max(widths) <= columns and max(widths) > columns - 10, (
            columns,
            widths[:5],
        )


def test_chat_has_line_editing_and_history() -> None:
    """In a terminal, the up arrow brings back the last question (readline)."""
    parent, child = pty.openpty()
    process = subprocess.Popen([*CLI, "chat"], stdin=child, stdout=child, stderr=child, env=clean_env(COLUMNS="100"),
                               close_fds=True)  # fmt: skip
    os.close(child)
    seen = b""

    def read_until(marker: bytes, count: int = 1, timeout: float = 60.0) -> None:
        nonlocal seen
        deadline = time.monotonic() + timeout
        while seen.count(marker) < count and time.monotonic() < deadline:
            ready, _, _ = select.select([parent], [], [], 0.5)
            if ready:
                try:
                    seen += os.read(parent, 65536)
                except OSError:
                    break
        assert seen.count(marker) >= count, seen[-2000:]

    try:
        read_until(b"you> ")
        os.write(parent, b"what does a program manager do\r")
        read_until(b"you> ", 2)
        answers = seen.count(b"Program manager")
        os.write(parent, b"\x1b[A\r")  # up arrow: the same question again, then Enter
        read_until(b"you> ", 3)
        assert seen.count(b"Program manager") >= 2 * answers > 0
        os.write(parent, b"\r")
        assert process.wait(timeout=30) == 0
    finally:
        if process.poll() is None:
            process.kill()
        os.close(parent)


def test_serve_on_a_busy_port_says_so_in_one_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from bot.slack.serve import serve

    monkeypatch.chdir("/")
    for name in [k for k in os.environ if k.startswith(("SLACK_", "DYNO"))]:
        monkeypatch.delenv(name)
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-1234567890-busyport")
    monkeypatch.setenv("SLACK_SIGNING_SECRET", "8f742231b10e8888abcd99yyyzzz85a5")
    with socket.create_server(("0.0.0.0", 0)) as busy:
        port = busy.getsockname()[1]
        assert serve(port=port) == 3
    err = capsys.readouterr().err
    assert err.strip().splitlines() == [
        f"rolebot: cannot start: port {port} is already in use: stop what uses it, or set PORT (or --port)"
    ]


def test_on_heroku_without_a_database_url_web_and_clock_stop_with_one_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir("/")
    for name in [k for k in os.environ if k.startswith(("SLACK_", "DATABASE_URL"))]:
        monkeypatch.delenv(name)
    monkeypatch.setenv("DYNO", "web.1")
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-1234567890-heroku")
    with pytest.raises(SettingsError, match="DATABASE_URL is not set: on Heroku"):
        load_settings(http=False)
    for argv in (["db", "upgrade"], ["clock", "--once"]):
        assert main(argv) == 2
        [line] = capsys.readouterr().err.strip().splitlines()
        assert line.startswith("rolebot: bad settings: DATABASE_URL is not set: on Heroku")
    monkeypatch.setenv("DATABASE_URL", "postgres://u:p@127.0.0.1:1/x")
    assert load_settings(http=False).database_url


@pytest.mark.parametrize(
    ("url", "said"),
    [
        ("not a url", "DATABASE_URL must be a PostgreSQL or SQLite URL"),
        ("mysql://u@h/db", "DATABASE_URL must be a PostgreSQL or SQLite URL"),
        ("postgresql+asyncpg://u@h/db", "DATABASE_URL names the driver 'asyncpg'"),
        ("sqlite+pysqlcipher:///x.db", "DATABASE_URL names the driver 'pysqlcipher'"),
    ],
)
def test_db_upgrade_with_a_database_url_we_cannot_use_is_one_line(
    url: str, said: str, tmp_path: Path
) -> None:
    done = subprocess.run([*CLI, "db", "upgrade"], env=clean_env(DATABASE_URL=url), cwd=tmp_path,
                          capture_output=True, text=True, timeout=60)  # fmt: skip
    assert done.returncode == 2
    [line] = done.stderr.strip().splitlines()
    assert said in line and "Traceback" not in done.stderr


TEAM_FAQ = """faq:
  - id: what-does-pm-stand-for
    question: What does PM stand for in our company?
    phrasings: [what does pm mean here, pm in our team]
    answer: Here it means product manager, always.
    source: none
  - id: what-does-pm-stand-fro
    question: What does PM stand for, with a typo in the id?
    phrasings: [pm typo one, pm typo two]
    answer: A replacement that silently became an addition.
    source: none
  - id: our-ladder
    question: What is our career ladder?
    phrasings: [our ladder, our levels]
    answer: Levels one to five.
    source: no-such-source
  - id: broken
    question: 12
    source: another-missing-source
"""


def test_validate_says_what_a_team_folder_adds_and_replaces_and_warns_of_a_near_miss(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    team = tmp_path / "team"
    team.mkdir()
    (team / "faq.yaml").write_text(TEAM_FAQ)
    assert main(["validate", str(team)]) == 1
    out = capsys.readouterr().out
    assert "adds 3 entries: faq: what-does-pm-stand-fro, our-ladder, broken" in out
    assert "replaces 1 entry: faq: what-does-pm-stand-for" in out
    assert (
        "warning:" in out and "'what-does-pm-stand-fro' is new, one typo from 'what-does-pm-stand-for'" in out
    )
    # the reference problems come in the same run as the schema problems, the broken entry's too
    assert "field 'question': must be text, not int" in out
    assert (
        "cites unknown source 'no-such-source'" in out
        and "cites unknown source 'another-missing-source'" in out
    )


def test_installs_from_a_link_need_both_client_settings_and_single_token_mode_wins(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir("/")
    for name in [k for k in os.environ if k.startswith(("SLACK_", "DYNO", "DATABASE_URL"))]:
        monkeypatch.delenv(name)
    monkeypatch.setenv("SLACK_CLIENT_ID", "1111111111.2222222222")
    with pytest.raises(SettingsError, match="SLACK_CLIENT_SECRET is not set"):
        load_settings(http=False)
    monkeypatch.setenv("SLACK_CLIENT_SECRET", "0123456789abcdef0123456789abcdef")
    settings = load_settings(http=False)
    assert settings.oauth and "0123456789abcdef" not in repr(settings)
    assert "0123456789abcdef0123456789abcdef" in settings.secrets()  # redacted from the logs
    monkeypatch.setenv("SLACK_APP_TOKEN", "xapp-1-A1-2-abc")
    with pytest.raises(SettingsError, match=r"SLACK_APP_TOKEN \(Socket Mode\) goes with SLACK_BOT_TOKEN"):
        load_settings(http=False)
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-1234567890-single")
    single = load_settings(http=False)
    assert not single.oauth and single.bot_token == "xoxb-1234567890-single"
    monkeypatch.setenv("SLACK_CLIENT_ID", "not-an-id")
    with pytest.raises(SettingsError, match="SLACK_CLIENT_ID does not look like a client id"):
        load_settings(http=False)
