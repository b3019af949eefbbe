"""How well practice feedback follows an interviewer's grades, on graded answer sets.

    python benchmarks/practice_feedback.py                       # the dev set
    python benchmarks/practice_feedback.py --set benchmarks/practice_blind.yaml
    python benchmarks/practice_feedback.py --set A.yaml --set B.yaml --json

A set is a YAML list of {prompt, kind, grade, note, answer}: `prompt` a practice prompt id,
`kind` one of excellent, decent, weak, off_topic, keyword_list, bad_practice, `grade` 0-100
given by the interviewer before any scoring. Printed per set: Spearman rank correlation of
score with grade, overall and the mean per prompt; mean score and grade by kind; the share of
prompts where the best excellent answer beats every off_topic, keyword_list and bad_practice
answer; how many of those answers score 50 or more; and time per answer (p50, p99), wall clock
and CPU time of the one thread that scores (the fairer measure on a shared machine). The caches
are as warm as a running bot's after a few answers, and the collector settled as the bot's is after
start-up (bot/process.py); each answer is timed `--repeat` times (default 3) and the fastest kept, so
a figure is what the answer costs rather than what the machine's other work cost it (the repeats
also find the word caches warm for that answer's own words: slightly kinder than a first reading).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.core.loader import load_knowledge
from bot.core.practice.feedback import assess
from bot.process import settle

DEV_SET = Path(__file__).with_name("practice_dev.yaml")
KINDS = ("excellent", "decent", "weak", "off_topic", "keyword_list", "bad_practice")
NOT_ANSWERS = ("off_topic", "keyword_list", "bad_practice")
PASS_MARK = 50


def _ranks(values: list[float]) -> list[float]:
    order = sorted(range(len(values)), key=lambda i: values[i])
    ranks = [0.0] * len(values)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and values[order[j + 1]] == values[order[i]]:
            j += 1
        for k in range(i, j + 1):
            ranks[order[k]] = (i + j) / 2 + 1
        i = j + 1
    return ranks


def spearman(a: list[float], b: list[float]) -> float:
    """Spearman's rho with average ranks for ties (the Pearson correlation of the ranks)."""
    if len(a) < 2:
        return float("nan")
    ra, rb = _ranks(a), _ranks(b)
    ma, mb = statistics.fmean(ra), statistics.fmean(rb)
    cov = sum((x - ma) * (y - mb) for x, y in zip(ra, rb, strict=True))
    va = sum((x - ma) ** 2 for x in ra) ** 0.5
    vb = sum((y - mb) ** 2 for y in rb) ** 0.5
    return cov / (va * vb) if va and vb else float("nan")


def measure(path: Path, repeat: int = 1) -> dict[str, Any]:
    kb = load_knowledge()
    others = tuple(kb.practice.values())
    items = yaml.safe_load(path.read_text(encoding="utf-8"))
    unknown = sorted({a["prompt"] for a in items if a["prompt"] not in kb.practice})
    if unknown:
        raise SystemExit(f"{path}: unknown prompt ids: {', '.join(unknown)}")
    for item in items[:5]:  # warm the caches, as a running bot has them warm
        assess(kb.practice[item["prompt"]], item["answer"], others)
    settle()  # and, as a running bot does after start-up, the long-lived objects out of the collector's way
    scores: list[int] = []
    timings: list[float] = []
    cpu: list[float] = []
    for item in items:
        prompt = kb.practice[item["prompt"]]
        best, best_cpu = float("inf"), float("inf")
        for _ in range(repeat):
            start, start_cpu = time.perf_counter(), time.thread_time()
            feedback = assess(prompt, item["answer"], others)
            best_cpu = min(best_cpu, time.thread_time() - start_cpu)
            best = min(best, time.perf_counter() - start)
        timings.append(best * 1000)
        cpu.append(best_cpu * 1000)
        scores.append(feedback.score)
    grades = [float(a["grade"]) for a in items]
    by_prompt: dict[str, list[int]] = defaultdict(list)
    for n, item in enumerate(items):
        by_prompt[item["prompt"]].append(n)
    per_prompt = [
        spearman([scores[i] for i in ns], [grades[i] for i in ns])
        for ns in by_prompt.values()
        if len({grades[i] for i in ns}) > 1
    ]
    per_prompt = [r for r in per_prompt if r == r]
    by_kind = {}
    for kind in KINDS:
        ns = [i for i, a in enumerate(items) if a["kind"] == kind]
        if ns:
            by_kind[kind] = {
                "n": len(ns),
                "score": round(statistics.fmean(scores[i] for i in ns), 1),
                "grade": round(statistics.fmean(grades[i] for i in ns), 1),
            }
    wins, contested, losers = 0, 0, []
    for pid, ns in sorted(by_prompt.items()):
        excellent = [scores[i] for i in ns if items[i]["kind"] == "excellent"]
        bad = [scores[i] for i in ns if items[i]["kind"] in NOT_ANSWERS]
        if excellent and bad:
            contested += 1
            if min(excellent) > max(bad):
                wins += 1
            else:
                losers.append(pid)
    high = [
        {
            "prompt": items[i]["prompt"],
            "kind": items[i]["kind"],
            "score": scores[i],
            "grade": items[i]["grade"],
        }
        for i in range(len(items))
        if items[i]["kind"] in NOT_ANSWERS and scores[i] >= PASS_MARK
    ]
    timings.sort()
    cpu.sort()
    return {
        "set": str(path),
        "answers": len(items),
        "prompts": len(by_prompt),
        "spearman": round(spearman([float(s) for s in scores], grades), 3),
        "spearman_per_prompt_mean": round(statistics.fmean(per_prompt), 3) if per_prompt else None,
        "by_kind": by_kind,
        "excellent_first_share": round(wins / contested, 3) if contested else None,
        "excellent_first": f"{wins}/{contested}",
        "excellent_not_first": losers,
        "not_answers_at_50_or_more": len(high),
        "not_answers_at_50_or_more_list": high,
        "latency_ms": _percentiles(timings),
        "cpu_ms": _percentiles(cpu),
    }


def _percentiles(values: list[float]) -> dict[str, float]:
    return {
        "p50": round(values[len(values) // 2], 2),
        "p99": round(values[min(len(values) - 1, int(len(values) * 0.99))], 2),
        "max": round(values[-1], 2),
    }


def report(result: dict[str, Any]) -> str:
    lines = [
        f"== {result['set']}: {result['answers']} answers to {result['prompts']} prompts",
        f"Spearman overall {result['spearman']:.3f}; mean per prompt {result['spearman_per_prompt_mean']}",
        "mean score (grade) by kind of answer:",
    ]
    for kind, row in result["by_kind"].items():
        lines.append(f"  {kind:<13} n={row['n']:<4} score {row['score']:5.1f}  grade {row['grade']:5.1f}")
    lines.append(
        f"excellent beats every off_topic/keyword_list/bad_practice answer on {result['excellent_first']} "
        f"prompts ({result['excellent_first_share']})"
        + (f"; not on: {', '.join(result['excellent_not_first'])}" if result["excellent_not_first"] else "")
    )
    lines.append(f"off_topic/keyword_list/bad_practice answers scoring >= {PASS_MARK}: "
                 f"{result['not_answers_at_50_or_more']}")  # fmt: skip
    for row in result["not_answers_at_50_or_more_list"]:
        lines.append(f"  {row['prompt']} {row['kind']}: score {row['score']}, grade {row['grade']}")
    lat, cpu = result["latency_ms"], result["cpu_ms"]
    lines.append(
        f"latency per answer (wall clock): p50 {lat['p50']} ms, p99 {lat['p99']} ms, max {lat['max']} ms"
    )
    lines.append(
        f"CPU time per answer (one thread): p50 {cpu['p50']} ms, p99 {cpu['p99']} ms, max {cpu['max']} ms"
    )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--set", dest="sets", type=Path, action="append", help="a graded answer set (repeatable)"
    )
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument(
        "--repeat",
        type=int,
        default=3,
        help="time each answer this many times and keep the fastest: what the answer costs, not what the "
        "machine's other work cost it at that moment (default 3)",
    )
    args = parser.parse_args(argv)
    results = [measure(path, max(1, args.repeat)) for path in args.sets or [DEV_SET]]
    if args.json:
        print(json.dumps(results, indent=2))
    else:
        print("\n\n".join(report(r) for r in results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
