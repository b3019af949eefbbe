"""Scoring the answer engine on a labelled question set; shared by the accuracy test and the benchmark.

Two kinds of labels:

- `expect`: the ids of the acceptable answers (`faq:…`, `compare:a|b`, `clarify`, `help`, `out_of_scope`).
  The sets written with the engine (dev, holdout, the first blind set) use these.
- `must`: what a right answer says, as groups of lowercase strings (`[["director"], ["dependenc",
  "depend on"]]`: the reply contains "director" and one of the other two), with `scope: in | out |
  social`. The reply is judged by its text as a person reads it: the answer itself, not the suggestion
  buttons nor the sources line. `out` must be declined (a greeting labelled `out`, "hi", may get the short social reply: it answers
  nothing from the knowledge and says what the bot can do); `social` ("thanks!") must get a short
  acknowledgement, neither the help text nor an answer.

Every engine (ours, the benchmark's naive peer) is judged through the same `Reply`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from bot.core.answers import (
    Answer,
    AnswerEngine,
    Clarification,
    HelpAnswer,
    NotSure,
    OutOfScope,
    Social,
    TaskDeclined,
    answered,
)
from bot.core.knowledge import KnowledgeBase

DECLINED = "out_of_scope"
"""The label of a question the bot should not answer; "not sure" and "outside what I know" both count."""
SOCIAL = "social"
SCOPES = ("in", "out", SOCIAL)


@dataclass(frozen=True)
class Case:
    question: str
    expected: frozenset[str] = frozenset()
    """Acceptable answer ids (sets labelled by id)."""
    must: tuple[tuple[str, ...], ...] = ()
    """Groups of acceptable substrings, every group matched (sets labelled by reply text)."""
    scope: str = "in"

    @property
    def in_scope(self) -> bool:
        return self.scope == "in"

    @property
    def by_text(self) -> bool:
        return not self.expected


def load_cases(path: Path) -> list[Case]:
    items = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [case_from(item) for item in items]


def case_from(item: dict[str, Any]) -> Case:
    question = str(item["q"])
    if "expect" in item:
        expect = item["expect"]
        expected = frozenset([expect] if isinstance(expect, str) else expect)
        scope = "out" if DECLINED in expected else SOCIAL if expected == {SOCIAL} else "in"
        return Case(question, expected, scope=scope)
    scope = str(item.get("scope", "in"))
    if scope not in SCOPES:
        raise ValueError(f"{question!r}: scope must be one of {', '.join(SCOPES)}, not {scope!r}")
    must = tuple(tuple(str(s).lower() for s in group) for group in item.get("must") or ())
    if scope == "in" and not must:
        raise ValueError(f"{question!r}: an in-scope question needs `must` label groups")
    return Case(question, must=must, scope=scope)


def label(answer: Answer) -> str:
    """What the engine answered, in the labels' terms."""
    match answer:
        case NotSure() | OutOfScope() | TaskDeclined():
            return DECLINED
        case HelpAnswer() | Clarification() | Social():
            return answer.intent.value
    key = answered(answer)
    return DECLINED if key is None else str(key)


# --- the reply as a person reads it ------------------------------------------------------------


def _texts(node: Any) -> Iterable[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "text" and isinstance(value, str):
                yield value
            else:
                yield from _texts(value)
    elif isinstance(node, list):
        for item in node:
            yield from _texts(item)


def reply_text(kb: KnowledgeBase, answer: Answer) -> str:
    """The words of the Slack reply that answer the question, lowercased: section and header blocks
    only, so the buttons (suggestions, related questions) and the context lines (sources, notes) do
    not count."""
    from bot.rendering.answers import render_answer  # rendering is only needed to judge by text

    blocks = render_answer(kb, answer).payload()["blocks"]
    shown = [b for b in blocks if b.get("type") not in ("actions", "context")]
    return "\n".join(_texts(shown)).lower()


@dataclass(frozen=True)
class Reply:
    """One engine's reply to one question, in the terms both kinds of label need."""

    label: str
    text: str = ""
    suggested: tuple[str, ...] = ()
    """Target keys offered with a decline ("is it one of these?")."""
    suggested_texts: tuple[str, ...] = field(default=(), repr=False)
    """The reply text each of those suggestions leads to."""

    @property
    def declined(self) -> bool:
        return self.label == DECLINED

    covers: bool = False
    """A question back that also answers each reading in short ("PM" as product and as project manager)."""

    @property
    def answered(self) -> bool:
        return self.label not in (DECLINED, SOCIAL, "help", "clarify") or self.covers


class Judge:
    """Turns an engine's `Answer` (or a bare target key, for the naive peer) into a `Reply`."""

    def __init__(self, engine: AnswerEngine) -> None:
        self.engine = engine

    def of_answer(self, answer: Answer) -> Reply:
        got = label(answer)
        suggested = tuple(str(s.target) for s in answer.alternatives) if got == DECLINED else ()
        covers = isinstance(answer, Clarification) and bool(answer.in_short)
        text = reply_text(self.engine.kb, answer)
        return Reply(got, text, suggested, tuple(map(self._text_of, suggested)), covers=covers)

    def of_key(self, question: str, key: str) -> Reply:
        if key == DECLINED:
            return Reply(DECLINED)
        answer = self.engine.answer_target(key, question)
        return Reply(key, reply_text(self.engine.kb, answer) if answer else "")

    def _text_of(self, key: str) -> str:
        answer = self.engine.answer_target(key)
        return reply_text(self.engine.kb, answer) if answer else ""


def says(text: str, must: Sequence[Sequence[str]]) -> bool:
    return bool(must) and all(any(option in text for option in group) for group in must)


def judged_right(case: Case, reply: Reply) -> bool:
    if case.by_text:
        if case.scope == "out":
            return reply.declined or reply.label == SOCIAL  # "hi" labelled out: a greeting answers nothing
        if case.scope == SOCIAL:
            return reply.label == SOCIAL
        return reply.answered and says(reply.text, case.must)
    return reply.label in case.expected


def right_was_suggested(case: Case, reply: Reply) -> bool:
    if case.by_text:
        return any(says(text, case.must) for text in reply.suggested_texts)
    return bool(case.expected.intersection(reply.suggested))


@dataclass(frozen=True)
class Report:
    total: int
    top1: float
    """Share of in-scope questions answered with an acceptable target (id labels; by text otherwise)."""
    overall: float
    """Share of all questions handled right: answered right, declined when out of scope, acknowledged."""
    oos_precision: float
    oos_recall: float
    confident_wrong: float
    """Share of all questions answered (not declined, not a question back) and answered wrong."""
    needless_declines: float
    """Share of in-scope questions declined although the right entry was among the suggestions."""
    by_text: bool
    misses: tuple[tuple[str, str, frozenset[str]], ...]

    @property
    def right(self) -> float:
        """The headline figure: by reply text over all questions; top-1 for sets labelled by id."""
        return self.overall if self.by_text else self.top1


def evaluate(cases: Iterable[Case], predict: Callable[[str], str | Reply]) -> Report:
    """Score `predict` (a question in; a label, or a Reply to judge by text, out) on the cases."""
    cases = list(cases)
    in_scope = correct = declined = declined_right = oos = oos_caught = right = 0
    wrong_answers = needless = 0
    misses = []
    for case in cases:
        got = predict(case.question)
        reply = got if isinstance(got, Reply) else Reply(got)
        if case.by_text and not isinstance(got, Reply) and case.scope == "in":
            raise TypeError("questions labelled by reply text need a Reply, not a bare label")
        ok = judged_right(case, reply)
        right += ok
        if case.in_scope:
            in_scope += 1
            correct += ok
            needless += reply.declined and right_was_suggested(case, reply)
        elif case.scope == "out":
            oos += 1
            oos_caught += reply.declined or (case.by_text and reply.label == SOCIAL)
        if reply.declined:
            declined += 1
            declined_right += case.scope == "out"
        wrong_answers += reply.answered and not ok
        if not ok:
            shown = sorted(case.expected) or [" + ".join("/".join(g) for g in case.must) or case.scope]
            misses.append((case.question, reply.label, frozenset(shown)))
    return Report(
        total=len(cases),
        top1=correct / in_scope if in_scope else 1.0,
        overall=right / len(cases) if cases else 1.0,
        oos_precision=declined_right / declined if declined else 1.0,
        oos_recall=oos_caught / oos if oos else 1.0,
        confident_wrong=wrong_answers / len(cases) if cases else 0.0,
        needless_declines=needless / in_scope if in_scope else 0.0,
        by_text=any(c.by_text for c in cases),
        misses=tuple(misses),
    )
