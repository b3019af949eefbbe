"""Running `rolebot` as a real process, as the CLI tests do."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def rolebot(
    *args: str, cwd: Path | None = None, env: dict[str, str] | None = None, stdin: str | None = None
) -> subprocess.CompletedProcess:
    """`python -m bot.cli.main ARGS`, without any team knowledge folders from the caller's environment."""
    environment = {k: v for k, v in os.environ.items() if k != "ROLEBOT_KNOWLEDGE_PATH"}
    environment.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "bot.cli.main", *args],
        cwd=cwd or ROOT,
        env=environment,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=60,
    )


def no_traceback(done: subprocess.CompletedProcess) -> None:
    assert "Traceback" not in done.stderr, done.stderr
