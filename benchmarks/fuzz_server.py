"""The server's fuzz property (tests/slack/test_fuzz.py) run long: many more generated requests than CI.

    python benchmarks/fuzz_server.py               # 3,000 requests
    python benchmarks/fuzz_server.py --examples 20000

Prints how many requests were sent and whether any gave a 5xx, a traceback or a crashed listener
(pytest's report says which, with the request that did it).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--examples", type=int, default=3000)
    args = parser.parse_args()
    if not 1 <= args.examples <= 100_000:
        parser.error("keep it bounded: 1-100000 examples")
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/slack/test_fuzz.py"],
        cwd=ROOT,
        env={**os.environ, "FUZZ_EXAMPLES": str(args.examples)},
        capture_output=True,
        text=True,
    )
    seconds = time.perf_counter() - started
    verdict = "no 5xx, no traceback, no crashed listener" if result.returncode == 0 else "FAILED"
    print(f"{args.examples} generated requests in {seconds:.0f} s: {verdict}")
    if result.returncode:
        print(result.stdout[-5000:])
    return result.returncode


if __name__ == "__main__":
    raise SystemExit(main())
