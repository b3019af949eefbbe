"""Accuracy and latency of the answer engine, next to the naive design, measured in the same run.

    python benchmarks/matcher.py            # shipped knowledge + 1k, 10k and 100k synthetic FAQ entries
    python benchmarks/matcher.py --quick    # shipped knowledge + 1k only

The naive design is what a first attempt looks like: one rapidfuzz `process.extractOne`
with `WRatio` over every question text (the same answer targets, plus "X vs Y" texts for
comparisons), declining below the cut-off that suits it best on the same questions. It is a
`Scorer` (bot/core/matching/scorer.py), as the engine's index is, and its replies are `Answer`s
judged by the same evaluation code (tests/eval/scoring.py) as the engine's.
Latency is per question on one core, measured with time.perf_counter: each question's fastest of three.

Three labelled question sets: tests/eval/questions.yaml (dev: the engine was tuned on it),
benchmarks/eval_holdout.yaml (written with the dev set, looked at only for error analysis) and
benchmarks/eval_blind.yaml (written by someone who never saw the matcher: the fairest estimate of
how the bot does on questions written by others), and any later blind set benchmarks/eval_blind*.yaml,
labelled by what the reply must say (`must`, `scope`) and judged by the reply's text (tests/eval/scoring.py).
Start-up at each size is timed twice: building the index (and saving it), then loading the saved one.
"""

from __future__ import annotations

import argparse
import math
import random
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

from rapidfuzz import fuzz, process

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.core.answers import Answer, AnswerEngine, OutOfScope, build_targets  # noqa: E402
from bot.core.kinds import TargetKey, TargetKind  # noqa: E402
from bot.core.knowledge import KnowledgeBase  # noqa: E402
from bot.core.loader import load_knowledge  # noqa: E402
from bot.core.matching.analyze import Analysis, Analyzer  # noqa: E402
from bot.core.matching.index import Hit, Target  # noqa: E402
from bot.core.matching.scorer import Scorer, Thresholds  # noqa: E402
from bot.core.models import FaqEntry  # noqa: E402
from bot.core.names import RoleResolver  # noqa: E402
from bot.process import settle  # noqa: E402
from tests.eval.scoring import Case, Judge, Report, evaluate, judged_right, load_cases  # noqa: E402

DEV_SET = ROOT / "tests" / "eval" / "questions.yaml"
HOLDOUT_SET = ROOT / "benchmarks" / "eval_holdout.yaml"
BLIND_SETS = sorted((ROOT / "benchmarks").glob("eval_blind*.yaml"))
"""eval_blind.yaml (labelled by id) and every later blind set (eval_blind2.yaml, …, labelled by reply text)."""


class NaiveScorer:
    """rapidfuzz extractOne(WRatio) over all question texts: the design the engine must beat. Its
    score is WRatio / 100; it answers at or above its cut-off and never suggests."""

    cue_terms: frozenset[str] = frozenset()

    def __init__(self, kb: KnowledgeBase, cutoff: float = 0.0) -> None:
        self.texts: list[str] = []
        self.targets: list[Target] = []
        for target in build_targets(kb):
            for text in (target.title, *target.phrasings):
                self.texts.append(text)
                self.targets.append(target)
        roles = list(kb.roles.values())
        for a in roles:
            for b in roles:
                if a.id < b.id:
                    pair = Target(
                        TargetKey.compare(a.id, b.id), TargetKind.COMPARE, f"{a.name} vs {b.name}", ()
                    )
                    for text in (f"{a.name} vs {b.name}", f"difference between {a.name} and {b.name}"):
                        self.texts.append(text)
                        self.targets.append(pair)
        self.analyzer = Analyzer(RoleResolver(kb))
        self.cutoff = cutoff

    @property
    def thresholds(self) -> Thresholds:
        answer = self.cutoff / 100
        return Thresholds(answer=answer, suggest=answer, lead=answer, lead_margin=0.0, cued_answer=answer)

    def search(self, analysis: Analysis, limit: int = 5) -> list[Hit]:
        match = process.extractOne(analysis.text, self.texts, scorer=fuzz.WRatio)
        return [Hit(self.targets[match[2]], match[1] / 100, match[0])] if match else []

    def known(self, term: str) -> bool:
        return False


def plain(question: str) -> Analysis:
    """The naive design reads the message whole: no analysis beyond the text."""
    return Analysis(terms=(), mentions=(), bare=(), words=(), text=question)


class Naive:
    """The naive design's replies: its scorer's best hit answered through the engine's own answer for
    that target when at or above the cut-off, else declined. Judged like the engine's replies."""

    def __init__(self, engine: AnswerEngine, scorer: Scorer) -> None:
        self.engine, self.scorer = engine, scorer

    def answer(self, question: str, cutoff: float | None = None) -> Answer:
        hits = self.scorer.search(plain(question), limit=1)
        limit = self.scorer.thresholds.answer if cutoff is None else cutoff
        if hits and hits[0].score >= limit:
            found = self.engine.answer_target(hits[0].target.key, question)
            if found is not None:
                return found
        return OutOfScope(question=question, confidence=hits[0].score if hits else 0.0)


def best_cutoff(naive: Naive, cases: list[Case], judge: Judge) -> float:
    """The naive design's most favourable cut-off on these very questions (a generous peer), in WRatio points."""
    always = {c.question: judge.of_answer(naive.answer(c.question, cutoff=0.0)) for c in cases}
    scores = {c.question: (naive.scorer.search(plain(c.question), limit=1) or [None])[0] for c in cases}
    declined = {c.question: judge.of_answer(OutOfScope(question=c.question)) for c in cases}
    best, best_right = 0.0, -1
    for cutoff in range(40, 100, 2):
        right = 0
        for c in cases:
            hit = scores[c.question]
            reply = (
                always[c.question] if hit is not None and hit.score >= cutoff / 100 else declined[c.question]
            )
            right += judged_right(c, reply)
        if right > best_right:
            best, best_right = float(cutoff), right
    return best


def latencies(predict, questions: list[str], repeat: int = 3) -> tuple[float, float]:
    """Median and p99 over the questions of each question's fastest of `repeat` timings: what answering
    it costs, not what the machine's other work cost it at that moment (as benchmarks/practice_feedback.py
    times answers)."""
    times = []
    for q in questions:
        fastest = math.inf
        for _ in range(repeat):
            start = time.perf_counter()
            predict(q)
            fastest = min(fastest, (time.perf_counter() - start) * 1000)
        times.append(fastest)
    times.sort()
    return statistics.median(times), times[min(len(times) - 1, int(len(times) * 0.99))]


def synthetic_kb(kb: KnowledgeBase, size: int, seed: int = 7) -> KnowledgeBase:
    """The shipped knowledge plus `size` made-up FAQ entries in a team's style: a few domain words among
    many of the team's own, each with four phrasings, so postings lists grow as they would."""
    rng = random.Random(seed)
    syllables = [
        "ka",
        "lo",
        "mi",
        "ren",
        "tor",
        "vas",
        "qui",
        "zen",
        "pol",
        "dar",
        "fen",
        "gri",
        "hul",
        "jex",
    ]
    own = sorted({"".join(rng.choices(syllables, k=rng.randint(2, 4))) for _ in range(size // 4 + 500)})
    domain = [
        "project",
        "program",
        "product",
        "roadmap",
        "stakeholder",
        "launch",
        "release",
        "budget",
        "risk",
        "team",
        "sprint",
        "plan",
    ]
    roles = list(kb.roles)
    faq = dict(kb.faq)
    for n in range(size):
        topic = [rng.choice(own) for _ in range(rng.randint(3, 5))] + rng.sample(domain, 2)
        phrasings = []
        for _ in range(4):
            words = topic[:]
            rng.shuffle(words)
            phrasings.append(" ".join(words[: rng.randint(3, len(words))]))
        faq[f"synthetic-{n}"] = FaqEntry(
            id=f"synthetic-{n}",
            question="how do we " + " ".join(topic) + "?",
            phrasings=tuple(phrasings),
            answer="A made-up answer for the benchmark.",
            roles=(rng.choice(roles),) if rng.random() < 0.3 else (),
            source="none",
        )
    return replace(kb, faq=faq)


def show(name: str, report: Report) -> None:
    top1 = "   n/a" if report.by_text else f"{report.top1:6.1%}"
    print(
        f"  {name:<10} right {report.right:6.1%}   top-1 {top1}   out-of-scope declined {report.oos_recall:6.1%}   "
        f"confident wrong {report.confident_wrong:6.1%}   needless declines {report.needless_declines:6.1%}   "
        f"({report.total} questions)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="only 1,000 synthetic entries")
    parser.add_argument(
        "--misses",
        nargs="*",
        choices=("dev", "holdout"),
        help="list the questions of these sets the engine gets wrong",
    )
    args = parser.parse_args()

    kb = load_knowledge()
    start = time.perf_counter()
    engine = AnswerEngine(kb)
    print(
        f"Shipped knowledge: {len(kb.faq)} FAQ entries, {len(kb.practice)} practice prompts, "
        f"{len(build_targets(kb))} answer targets; index built in {time.perf_counter() - start:.2f} s\n"
    )

    sets = {"dev": load_cases(DEV_SET)}
    for name, path in (("holdout", HOLDOUT_SET), *((p.stem.removeprefix("eval_"), p) for p in BLIND_SETS)):
        if path.exists():
            sets[name] = load_cases(path)
    judge = Judge(engine)
    naive_scorer = NaiveScorer(kb)
    naive = Naive(engine, naive_scorer)
    naive_scorer.cutoff = best_cutoff(naive, sets["dev"], judge)
    repliers = {
        "engine": engine.answer,
        "naive": naive.answer,
        "naive, 0": lambda q: naive.answer(q, cutoff=0.0),
    }
    for name, cases in sets.items():
        print(
            f"Accuracy on the {name} set ({'labelled by reply text' if cases[0].by_text else 'labelled by id'}):"
        )
        for peer, reply in repliers.items():
            show(peer, evaluate(cases, lambda q, reply=reply: judge.of_answer(reply(q))))
    print(
        "  right: by reply text where the set is labelled so (all questions), else top-1; confident wrong: "
        "answered and wrong, of all questions;\n  needless declines: declined although the right entry was "
        f"suggested, of in-scope questions.\n  (naive: cut-off {naive_scorer.cutoff:.0f}, the best for it on the dev "
        "set; naive, 0: never declines)\n"
    )
    if args.misses:
        for name in args.misses:
            for question, got, expected in evaluate(
                sets[name], lambda q: judge.of_answer(engine.answer(q))
            ).misses:
                print(f"  MISS {question!r}: got {got}, expected {sorted(expected)}")

    questions = [c.question for cases in sets.values() for c in cases]
    settle()  # as the bot does once started (bot/process.py)
    print("Answer latency per question, one core (median / p99 ms):")
    med, p99 = latencies(lambda q: engine.answer(q), questions)
    nmed, np99 = latencies(lambda q: naive_scorer.search(plain(q)), questions)
    print(f"  {'shipped':>8}: engine {med:6.2f} / {p99:6.2f}    naive {nmed:7.2f} / {np99:7.2f}")
    for size in (1_000,) if args.quick else (1_000, 10_000, 100_000):
        big = synthetic_kb(kb, size)
        with tempfile.TemporaryDirectory() as cache:
            start = time.perf_counter()
            AnswerEngine(big, Path(cache))  # builds, and saves the index
            built = time.perf_counter() - start
            start = time.perf_counter()
            big_engine = AnswerEngine(big, Path(cache))  # the next start-up: loads it
            loaded = time.perf_counter() - start
        settle()
        big_naive = NaiveScorer(big, naive_scorer.cutoff)
        med, p99 = latencies(big_engine.answer, questions)
        sample = questions if size <= 10_000 else questions[::8]
        nmed, np99 = latencies(lambda q, n=big_naive: n.search(plain(q)), sample)
        accuracy = evaluate(sets["dev"], lambda q, e=big_engine: Judge(e).of_answer(e.answer(q)))
        print(
            f"  {size:>8,}: engine {med:6.2f} / {p99:6.2f}    naive {nmed:7.2f} / {np99:7.2f}    "
            f"(index built in {built:.1f} s, loaded from its cache in {loaded:.2f} s; dev top-1 still {accuracy.top1:.1%})"
        )


if __name__ == "__main__":
    main()
