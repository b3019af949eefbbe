"""Scoring the answer engine on a labelled question set; shared by the accuracy test and the benchmark."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import yaml

from bot.core.answers import Answer, Intent

DECLINED = "out_of_scope"
"""The label of a question the bot should not answer; "not sure" and "outside what I know" both count."""


@dataclass(frozen=True)
class Case:
    question: str
    expected: frozenset[str]

    @property
    def in_scope(self) -> bool:
        return DECLINED not in self.expected


def load_cases(path: Path) -> list[Case]:
    items = yaml.safe_load(path.read_text(encoding="utf-8"))
    cases = []
    for item in items:
        expect = item["expect"]
        cases.append(Case(str(item["q"]), frozenset([expect] if isinstance(expect, str) else expect)))
    return cases


def label(answer: Answer) -> str:
    """What the engine answered, in the labels' terms."""
    if answer.intent in (Intent.NOT_SURE, Intent.OUT_OF_SCOPE):
        return DECLINED
    if answer.intent in (Intent.HELP, Intent.CLARIFY):
        return answer.intent.value
    return answer.target or DECLINED


@dataclass(frozen=True)
class Report:
    total: int
    top1: float
    """Share of in-scope questions answered with an acceptable target."""
    overall: float
    oos_precision: float
    oos_recall: float
    misses: tuple[tuple[str, str, frozenset[str]], ...]


def evaluate(cases: Iterable[Case], predict: Callable[[str], str]) -> Report:
    in_scope = correct = declined = declined_right = oos = oos_caught = right = 0
    misses = []
    cases = list(cases)
    for case in cases:
        got = predict(case.question)
        ok = got in case.expected
        right += ok
        if case.in_scope:
            in_scope += 1
            correct += ok
        else:
            oos += 1
            oos_caught += got == DECLINED
        if got == DECLINED:
            declined += 1
            declined_right += not case.in_scope
        if not ok:
            misses.append((case.question, got, case.expected))
    return Report(
        total=len(cases),
        top1=correct / in_scope if in_scope else 1.0,
        overall=right / len(cases) if cases else 1.0,
        oos_precision=declined_right / declined if declined else 1.0,
        oos_recall=oos_caught / oos if oos else 1.0,
        misses=tuple(misses),
    )
