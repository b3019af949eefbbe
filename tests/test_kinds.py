"""Kinds of knowledge entry and of answer target, each declared once (bot/core/kinds.py).

A kind the knowledge base holds but nobody declared fails when the knowledge loads, with a problem
report like any other, not at the first question; target keys read back exactly as they are written.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest

from bot.core import loader
from bot.core.answers import build_targets
from bot.core.kinds import KINDS, Kind, TargetKey, TargetKind
from bot.core.knowledge import KnowledgeBase
from bot.core.loader import KnowledgeError, load_knowledge
from bot.core.models import FaqEntry


@dataclass(frozen=True)
class _Grown(KnowledgeBase):
    """The knowledge base after someone added a kind of entry to it and forgot to declare it."""

    glossary: dict[str, Any] = field(default_factory=dict)


def test_an_undeclared_kind_fails_when_the_knowledge_loads(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(loader, "KnowledgeBase", _Grown)
    with pytest.raises(KnowledgeError) as raised:
        load_knowledge()
    [problem] = raised.value.problems
    assert "'glossary'" in problem.message and "bot/core/kinds.py" in problem.message, problem


def test_a_declared_kind_the_knowledge_base_cannot_hold_fails_when_it_loads(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(KINDS, "glossary", Kind(FaqEntry, "glossary entry"))
    with pytest.raises(KnowledgeError) as raised:
        load_knowledge()
    [problem] = raised.value.problems
    assert "'glossary'" in problem.message and "no field" in problem.message, problem


def test_every_field_of_the_knowledge_base_is_declared_and_loads(kb: KnowledgeBase) -> None:
    assert set(KINDS) == set(vars(kb))
    for name, kind in KINDS.items():
        held = getattr(kb, name)
        assert isinstance(held, tuple if kind.listed else dict), name
        assert all(isinstance(entry, kind.model) for entry in (held if kind.listed else held.values()))


def test_the_tie_order_is_the_declaration_order() -> None:
    """The written answer wins a tie, a whole profile beats one aspect, an interview prompt comes last."""
    ranked = sorted(TargetKind, key=lambda kind: kind.tie_rank)
    assert ranked[:4] == [TargetKind.FAQ, TargetKind.PROFILE, TargetKind.ASPECT, TargetKind.PRACTICE]
    assert len({kind.tie_rank for kind in TargetKind}) == len(TargetKind)


def test_every_target_key_reads_back_as_written(kb: KnowledgeBase) -> None:
    for target in build_targets(kb):
        assert TargetKey.parse(str(target.key)) == target.key
        assert target.key.kind is target.kind


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("faq:what-is-a-tpm", TargetKey.faq("what-is-a-tpm")),
        ("practice:data-center-migration", TargetKey.practice("data-center-migration")),
        ("profile:program-manager", TargetKey.profile("program-manager")),
        ("aspect:program-manager:tools", TargetKey.aspect("program-manager", "tools")),
        ("compare:b-role|a-role", TargetKey.compare("a-role", "b-role")),
    ],
)
def test_keys_parse(text: str, key: TargetKey) -> None:
    assert TargetKey.parse(text) == key


def test_a_comparison_is_one_key_whichever_order_it_is_named_in() -> None:
    assert str(TargetKey.compare("tpm", "pgm")) == str(TargetKey.compare("pgm", "tpm")) == "compare:pgm|tpm"


@pytest.mark.parametrize(
    "text",
    [
        "",
        "faq",
        "faq:",
        "help",
        "nonsense:x",
        "faq:a:b",
        "aspect:role",
        "aspect:role:",
        "compare:a",
        "compare:|b",
    ],
)
def test_malformed_keys_parse_to_none(text: str) -> None:
    assert TargetKey.parse(text) is None
