"""How fast the production server acknowledges Slack, next to a Bolt app that only acks (the ceiling).

    python benchmarks/slack_ack.py                       # 2,000 requests at concurrency 50, each app
    python benchmarks/slack_ack.py --requests 500 --concurrency 20

Both apps run under the same gunicorn command and configuration (bot/slack/gunicorn_conf.py, the
Procfile's), on loopback, with their Web API calls going to a fake Slack in its own process.
The load is signed `/role-diff` slash commands and `app_mention` events, half and half, from
a thread pool with one keep-alive connection per thread; each event's id is recorded in the
database (a fresh SQLite file, or DATABASE_URL) before its ack; latency is from sending a request
to having its whole response (the ack). For our app, the benchmark also waits until every
reply the acks promised (a response_url post or a chat.postMessage) reached the fake Slack.

Targets: p99 ack under 300 ms at 50 concurrent requests; throughput at least 85% of the ceiling.
"""

from __future__ import annotations

import argparse
import http.client
import json
import logging
import os
import random
import shlex
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.support.fake_slack import event_envelope, mention, sign  # noqa: E402

SECRET = "benchmark-signing-secret-0123456789"
TOKEN = "xoxb-0000000000-0000000000-benchmarkTOKEN"
ROLE_DIFF = ("program product", "tpm", "pm tpm", "project vs program", "help", "technical project product",
             "prodcut program", "roles", "tpm vs technical project manager", "frobnicator")  # fmt: skip
QUESTIONS = ("what does a tpm do", "how is a program different from a project", "who owns the roadmap",
             "how would you manage a data center migration", "what do interviewers look for in a tpm",
             "pm vs tpm", "hi", "what is agile", "how do I show program management skills",
             "technical program manager career path")  # fmt: skip


# --- the ceiling: a Bolt app that only acks, served by the same gunicorn configuration -----------


def create_ceiling_app() -> Any:
    """gunicorn factory: Bolt with the same client and mode as ours, listeners that only ack, behind
    Bolt's own ASGI adapter (which dispatches on the event loop: the least work an ack can take)."""
    from slack_bolt import App
    from slack_bolt.adapter.asgi import SlackRequestHandler

    from bot.settings import load_settings_or_exit
    from bot.slack.app import DropTokenNotice
    from bot.slack.client import web_client

    bolt_logger = logging.getLogger("slack_bolt")
    bolt_logger.addFilter(DropTokenNotice())
    settings = load_settings_or_exit(http=True)
    assert settings.slack_signing_secret is not None
    app = App(
        signing_secret=settings.slack_signing_secret.get_secret_value(),
        client=web_client(settings.slack_bot_token.get_secret_value(), settings.slack_api_url),
        process_before_response=True,
        logger=bolt_logger,
    )

    def ack_only(ack: Any) -> None:
        ack()

    app.command("/role-diff")(ack_only)
    app.event("app_mention")(ack_only)
    return SlackRequestHandler(app)


CEILING = "slack_ack:create_ceiling_app()"


# --- running servers --------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_fake() -> tuple[subprocess.Popen[str], int]:
    """A fake Slack in a process of its own, so its work is not the benchmark client's."""
    fake = subprocess.Popen(
        [sys.executable, "-m", "tests.support.fake_slack"], cwd=ROOT, stdout=subprocess.PIPE, text=True
    )
    assert fake.stdout is not None
    return fake, int(fake.stdout.readline())


def procfile_command() -> str:
    line = next(x for x in (ROOT / "Procfile").read_text().splitlines() if x.startswith("web:"))
    return line.removeprefix("web:").strip()


def start_server(app_spec: str | None, api_port: int) -> tuple[subprocess.Popen[bytes], int]:
    """The Procfile's gunicorn command; for the ceiling, the same command with another app."""
    port = free_port()
    args = shlex.split(procfile_command())
    if app_spec is not None:
        args = [*args[:-1], "--pythonpath", str(ROOT / "benchmarks"), app_spec]
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "ROLEBOT_"))},
        # re-sent events are tracked in the database: a SQLite file of the run's own, unless
        # DATABASE_URL names one (a PostgreSQL server, as on Heroku)
        "DATABASE_URL": os.environ.get("DATABASE_URL") or f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3",
        "PORT": str(port),
        "SLACK_BOT_TOKEN": TOKEN,
        "SLACK_SIGNING_SECRET": SECRET,
        "SLACK_API_URL": f"http://127.0.0.1:{api_port}/api/",
        "LOG_LEVEL": "WARNING",
    }
    server = subprocess.Popen(args, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return server, port
        except OSError:
            if server.poll() is not None:
                raise SystemExit(f"the server exited with {server.returncode}") from None
            time.sleep(0.05)
    raise SystemExit("the server did not start")


def stop(process: subprocess.Popen[Any]) -> None:
    try:
        os.killpg(process.pid, signal.SIGTERM)
    except (ProcessLookupError, PermissionError):
        process.terminate()
    process.wait(timeout=30)


def cpu_seconds(root_pid: int) -> float:
    """CPU time used so far by a process and its children (gunicorn's master and workers), from /proc."""
    total = 0.0
    tick = os.sysconf("SC_CLK_TCK")
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        pid, ppid = int(entry.name), int(fields[1])
        if root_pid in (pid, ppid):
            total += (int(fields[11]) + int(fields[12])) / tick
    return total


def fake_stats(api_port: int) -> dict[str, int]:
    with urllib.request.urlopen(f"http://127.0.0.1:{api_port}/_stats", timeout=5) as response:
        return json.loads(response.read())  # type: ignore[no-any-return]


# --- load -------------------------------------------------------------------------------------


@dataclass
class Run:
    name: str
    seconds: float
    latencies: list[float]
    errors: int
    replies: int | None = None
    drain: float | None = None
    ack_cpu: float | None = None
    """Server CPU milliseconds per request while the load ran (the acks; the answers come after)."""
    during: int | None = None
    """Replies delivered while the load was running."""
    cpu: dict[str, float] | None = None
    """CPU milliseconds per request used by the server, the fake Slack and the load generator."""

    @property
    def throughput(self) -> float:
        return len(self.latencies) / self.seconds

    def percentile(self, p: float) -> float:
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))] * 1000


def requests(count: int, api_port: int, seed: int) -> list[tuple[str, str]]:
    """(body, content type) pairs: commands and mention events alternating, each unique."""
    rng = random.Random(seed)
    made = []
    for n in range(count):
        if n % 2 == 0:
            form = {"command": "/role-diff", "text": rng.choice(ROLE_DIFF), "team_id": "T0BENCH", "user_id": "U0BENCH",
                    "channel_id": "C0BENCH", "response_url": f"http://127.0.0.1:{api_port}/response/{seed}-{n}",
                    "trigger_id": "1.2.3", "api_app_id": "A0BENCH"}  # fmt: skip
            made.append((urlencode(form), "application/x-www-form-urlencoded"))
        else:
            event = mention(rng.choice(QUESTIONS), "C0BENCH", f"1700000000.{n:06d}")
            made.append((json.dumps(event_envelope(event, f"Ev{seed}x{n}")), "application/json"))
    return made


def load(port: int, bodies: list[tuple[str, str]], concurrency: int) -> tuple[float, list[float], int]:
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()
    local = threading.local()

    def send(item: tuple[str, str]) -> None:
        nonlocal errors
        body, content_type = item
        headers = {"Content-Type": content_type, **sign(SECRET, body)}
        for attempt in range(2):
            connection = getattr(local, "connection", None)
            if connection is None:
                connection = local.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            started = time.perf_counter()
            try:
                connection.request("POST", "/slack/events", body=body.encode(), headers=headers)
                response = connection.getresponse()
                response.read()
                elapsed = time.perf_counter() - started
            except (OSError, http.client.HTTPException):
                connection.close()
                local.connection = None
                if attempt:
                    with lock:
                        errors += 1
                continue
            with lock:
                latencies.append(elapsed)
                errors += response.status != 200
            return

    started = time.perf_counter()
    with ThreadPoolExecutor(concurrency) as pool:
        list(pool.map(send, bodies))
    return time.perf_counter() - started, latencies, errors


def replies_so_far(api_port: int) -> int:
    stats = fake_stats(api_port)
    return stats.get("response", 0) + stats.get("chat.postMessage", 0)


def measure(
    name: str, app_spec: str | None, fake: tuple[int, int], count: int, concurrency: int, seed: int
) -> Run:
    api_port, fake_pid = fake
    server, port = start_server(app_spec, api_port)
    try:
        warm_up = 200
        before = replies_so_far(api_port)
        load(port, requests(warm_up, api_port, seed + 1000), concurrency)  # imports, caches, threads
        if app_spec is None:
            wait_for_replies(api_port, before + warm_up, time.perf_counter() + 30)
        before = replies_so_far(api_port)
        cpu_before = (cpu_seconds(server.pid), cpu_seconds(fake_pid), time.process_time())
        seconds, latencies, errors = load(port, requests(count, api_port, seed), concurrency)
        run = Run(name, seconds, latencies, errors)
        run.ack_cpu = (cpu_seconds(server.pid) - cpu_before[0]) * 1000 / count
        if app_spec is None:  # our app owes one reply per request
            run.during = replies_so_far(api_port) - before
            finished = time.perf_counter()
            run.replies = wait_for_replies(api_port, before + count, finished + 60) - before
            run.drain = time.perf_counter() - finished
        cpu_after = (cpu_seconds(server.pid), cpu_seconds(fake_pid), time.process_time())
        run.cpu = {
            part: (after - earlier) * 1000 / count
            for part, earlier, after in zip(
                ("server", "fake Slack", "load"), cpu_before, cpu_after, strict=True
            )
        }
        return run
    finally:
        stop(server)


def wait_for_replies(api_port: int, target: int, deadline: float) -> int:
    """Poll the fake Slack until it has `target` replies in all, or the deadline passes."""
    while True:
        seen = replies_so_far(api_port)
        if seen >= target or time.perf_counter() > deadline:
            return seen
        time.sleep(0.02)


def summary(runs: list[Run]) -> Run:
    """The rounds together: the median throughput, all latencies pooled."""
    middle = sorted(runs, key=lambda r: r.throughput)[len(runs) // 2]
    pooled = Run(runs[0].name, 0.0, [x for r in runs for x in r.latencies], sum(r.errors for r in runs))
    pooled.seconds = len(pooled.latencies) / middle.throughput
    pooled.cpu = {k: statistics.median((r.cpu or {}).get(k, 0.0) for r in runs) for k in (runs[0].cpu or {})}
    pooled.ack_cpu = statistics.median(r.ack_cpu or 0.0 for r in runs)
    if runs[0].replies is not None:
        pooled.replies = sum(r.replies or 0 for r in runs)
        pooled.during = sum(r.during or 0 for r in runs)
        pooled.drain = max(r.drain or 0.0 for r in runs)
    return pooled


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=2000, help="per app and round (default 2000)")
    parser.add_argument("--concurrency", type=int, default=50)
    parser.add_argument("--rounds", type=int, default=3, help="alternating ceiling/ours rounds (default 3)")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    if not 1 <= args.requests <= 20_000 or not 1 <= args.concurrency <= 200 or not 1 <= args.rounds <= 10:
        parser.error("keep it bounded: 1-20000 requests, concurrency 1-200, 1-10 rounds")

    fake, api_port = start_fake()
    ceilings: list[Run] = []
    ours: list[Run] = []
    try:
        where = (api_port, fake.pid)
        for n in range(args.rounds):
            seed = args.seed + 10 * n
            ceilings.append(
                measure("ceiling (ack only)", CEILING, where, args.requests, args.concurrency, seed)
            )
            ours.append(measure("rolebot", None, where, args.requests, args.concurrency, seed))
    finally:
        fake.terminate()
        fake.wait(timeout=10)

    ceiling, mine = summary(ceilings), summary(ours)
    print(
        f"{args.requests} signed requests per app and round (half /role-diff, half app_mention), concurrency "
        f"{args.concurrency}, {args.rounds} round(s), {os.cpu_count()} CPUs; both apps under: {procfile_command()}"
    )
    print(f"{'app':<20} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'max ms':>8} {'errors':>7}")
    for run in (ceiling, mine):
        print(
            f"{run.name:<20} {run.throughput:>8.0f} {run.percentile(50):>8.1f} {run.percentile(99):>8.1f} "
            f"{max(run.latencies) * 1000:>8.1f} {run.errors:>7}"
        )
    ratios = [o.throughput / c.throughput for c, o in zip(ceilings, ours, strict=True)]
    ratio = statistics.median(ratios)
    print(
        f"throughput ratio: {ratio:.0%} of the ceiling (per round: {', '.join(f'{r:.0%}' for r in ratios)})"
    )
    print(
        f"replies delivered: {mine.replies}/{args.requests * args.rounds} ({mine.during} while the load ran), "
        f"the last at most {mine.drain:.2f} s after the round's last ack"
    )
    for run in (ceiling, mine):
        parts = ", ".join(f"{k} {v:.2f}" for k, v in (run.cpu or {}).items())
        print(f"  CPU ms per request, {run.name}: {parts} (server while the load ran: {run.ack_cpu:.2f})")
    p99_ok, ratio_ok = mine.percentile(99) < 300, ratio >= 0.85
    print(
        f"targets: p99 ack < 300 ms {'met' if p99_ok else 'MISSED'}; throughput >= 85% {'met' if ratio_ok else 'MISSED'}"
    )
    return 0 if p99_ok and ratio_ok and not mine.errors and mine.replies == args.requests * args.rounds else 1


if __name__ == "__main__":
    sys.exit(main())
