"""Fit the weights of practice relevance (bot/core/practice/relevance.py: W_OWN...) on graded answer sets.

    python benchmarks/practice_relevance_fit.py          # the three graded sets
    python benchmarks/practice_relevance_fit.py --set A.yaml --set B.yaml

The label is the interviewer's: an answer of kind `off_topic` is about another question. The features are
the ones `relevance.features` computes. Printed: the fitted weights (to copy into relevance.py), and, for
the weights in force and the fitted ones, how many off-topic answers reach `OFF_TOPIC_FROM` and how many
excellent or decent answers pass `DOUBT_FROM`, pooled and with each set left out of the fit in turn (the
honest figure for a set nobody tuned on).
"""

from __future__ import annotations

import argparse
import math
import sys
from pathlib import Path

import numpy as np
import yaml

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.core.loader import load_knowledge
from bot.core.practice import relevance as rel
from bot.core.practice.analysis import analyse

HERE = Path(__file__).parent
SETS = [HERE / "practice_dev.yaml", HERE / "practice_blind.yaml", HERE / "practice_blind2.yaml"]
NAMES = ("log own", "log other", "log other fit", "topic")
L2 = 0.01


def _row(f: rel.Features) -> list[float]:
    return [
        math.log(max(f.own, rel.FLOOR)),
        math.log(max(f.best, rel.FLOOR)),
        math.log(max(f.best_fit, rel.FLOOR)),
        f.topic.share,
    ]


def fit(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Logistic regression by Newton's method, lightly regularised; the intercept last."""
    z = np.hstack([x, np.ones((len(x), 1))])
    w = np.zeros(z.shape[1])
    ridge = L2 * np.eye(len(w))
    ridge[-1, -1] = 0.0
    for _ in range(100):
        p = 1 / (1 + np.exp(-z @ w))
        gradient = z.T @ (p - y) + ridge @ w
        hessian = z.T @ (z * (p * (1 - p))[:, None]) + ridge
        step = np.linalg.solve(hessian, gradient)
        w -= step
        if np.abs(step).max() < 1e-9:
            break
    return w


def chances(w: np.ndarray, x: np.ndarray) -> np.ndarray:
    return 1 / (1 + np.exp(-(np.hstack([x, np.ones((len(x), 1))]) @ w)))


def summary(p: np.ndarray, kinds: np.ndarray) -> str:
    off = p[kinds == "off_topic"]
    good = p[np.isin(kinds, ["excellent", "decent"])]
    return (
        f"off-topic at >= {rel.OFF_TOPIC_FROM}: {int((off >= rel.OFF_TOPIC_FROM).sum())}/{len(off)}; "
        f"excellent/decent in doubt (> {rel.DOUBT_FROM}): {int((good > rel.DOUBT_FROM).sum())}/{len(good)}, "
        f"off topic: {int((good >= rel.OFF_TOPIC_FROM).sum())}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--set", dest="sets", type=Path, action="append")
    args = parser.parse_args(argv)
    kb = load_knowledge()
    others = tuple(kb.practice.values())
    rows, labels, kinds, sets = [], [], [], []
    for path in args.sets or SETS:
        for item in yaml.safe_load(path.read_text(encoding="utf-8")):
            f = rel.features(kb.practice[item["prompt"]], analyse(item["answer"]), others)
            rows.append(_row(f))
            labels.append(item["kind"] == "off_topic")
            kinds.append(item["kind"])
            sets.append(path.name)
    x, y = np.array(rows), np.array(labels, dtype=float)
    k, s = np.array(kinds), np.array(sets)
    current = np.array([rel.W_OWN, rel.W_OTHER, rel.W_OTHER_FIT, rel.W_TOPIC, rel.W_INTERCEPT])
    w = fit(x, y)
    print("fitted: " + ", ".join(f"{n} {v:.2f}" for n, v in zip((*NAMES, "intercept"), w, strict=True)))
    print(f"in force, pooled:  {summary(chances(current, x), k)}")
    print(f"fitted, pooled:    {summary(chances(w, x), k)}")
    for name in sorted(set(sets)):
        held = s == name
        print(f"fitted without {name}, on it: {summary(chances(fit(x[~held], y[~held]), x[held]), k[held])}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
