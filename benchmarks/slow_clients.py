"""How much stalled clients delay a real, signed ack, on the Procfile's production server.

    python benchmarks/slow_clients.py                  # 0, 8 and 100 stalled connections
    python benchmarks/slow_clients.py --stalled 0 300

Each stalled connection sends `POST /slack/events`, `Content-Length: 1000`, the blank line and
one byte of body, then nothing. With them all open, 200 signed `/role-diff` commands are sent
one at a time; the peer is the same server, measured in the same run with no stalled client.
Also measured: how long the server keeps a stalled connection before answering it 408.

Target: 100 stalled connections add at most 100 ms to the p99 ack; a stall holds nothing for
more than a few seconds.
"""

from __future__ import annotations

import argparse
import http.client
import socket
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(ROOT))

from slack_ack import SECRET, start_fake, start_server, stop  # noqa: E402

from tests.support.fake_slack import sign  # noqa: E402

STALL = b"POST /slack/events HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"


def acks(port: int, api_port: int, count: int) -> list[float]:
    times = []
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    for n in range(count):
        form = {"command": "/role-diff", "text": "program product", "team_id": "T0BENCH", "user_id": "U0BENCH",
                "channel_id": "C0BENCH", "response_url": f"http://127.0.0.1:{api_port}/response/slow-{n}"}  # fmt: skip
        body = urlencode(form)
        headers = {"Content-Type": "application/x-www-form-urlencoded", **sign(SECRET, body)}
        started = time.perf_counter()
        connection.request("POST", "/slack/events", body=body.encode(), headers=headers)
        response = connection.getresponse()
        response.read()
        times.append(time.perf_counter() - started)
        assert response.status == 200, response.status
    connection.close()
    return times


def stall(port: int, count: int) -> list[socket.socket]:
    sockets = []
    for _ in range(count):
        sock = socket.create_connection(("127.0.0.1", port), timeout=30)
        sock.sendall(STALL)
        sockets.append(sock)
    return sockets


def held_for(port: int) -> float:
    """Seconds until the server answers a stalled connection."""
    with socket.create_connection(("127.0.0.1", port), timeout=60) as sock:
        sock.sendall(STALL)
        started = time.perf_counter()
        sock.recv(4096)
        return time.perf_counter() - started


def p(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))] * 1000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--stalled", type=int, nargs="*", default=[0, 8, 100])
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args()
    if not all(0 <= s <= 1000 for s in args.stalled) or not 1 <= args.requests <= 5000:
        parser.error("keep it bounded: 0-1000 stalled connections, 1-5000 requests")
    fake, api_port = start_fake()
    server, port = start_server(None, api_port)
    try:
        acks(port, api_port, 50)  # warm up
        print(f"{args.requests} signed /role-diff acks, one at a time, on: gunicorn (the Procfile's web:)")
        print("stalled  p50 ms  p99 ms  max ms")
        baseline = None
        worst = 0.0
        for count in args.stalled:
            sockets = stall(port, count)
            time.sleep(0.3)
            try:
                times = acks(port, api_port, args.requests)
            finally:
                for sock in sockets:
                    sock.close()
            print(
                f"{count:>7}  {statistics.median(times) * 1000:6.1f}  {p(times, 99):6.1f}  {max(times) * 1000:6.1f}"
            )
            if count == 0:
                baseline = p(times, 99)
            elif baseline is not None:
                worst = max(worst, p(times, 99) - baseline)
        held = held_for(port)
        print(f"a stalled connection is answered 408 after {held:.1f} s")
        ok = worst <= 100 and held <= 10
        print(
            f"target: stalled clients add <= 100 ms to the p99 ack (worst {worst:+.1f} ms) {'met' if ok else 'MISSED'}"
        )
        return 0 if ok else 1
    finally:
        stop(server)
        fake.terminate()


if __name__ == "__main__":
    raise SystemExit(main())
