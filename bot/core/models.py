"""The shapes of the knowledge base, as pydantic models.

The YAML files are edited by people who are not programmers, so every model forbids
unknown keys (a misspelt key must be reported, not ignored) and every text must have
substance (an empty answer would render as a blank message in Slack).
"""

from __future__ import annotations

import re
from enum import StrEnum
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
"""Any text a person wrote: surrounding blanks are dropped and nothing empty is accepted."""

_ID = re.compile(r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$")


def _check_id(value: str) -> str:
    if not _ID.match(value):
        raise ValueError("must be lowercase letters and digits joined by '-' (like 'program-manager')")
    return value


Id = Annotated[str, StringConstraints(strip_whitespace=True), AfterValidator(_check_id)]


def _source_refs(value: Any) -> tuple[str, ...]:
    """Accept `none`, one source id, or a list of ids, so a YAML author can write the natural form."""
    if value is None:
        raise ValueError("is missing: give a source id from sources.yaml, or none")
    if isinstance(value, str):
        value = value.strip()
        if value.lower() == "none":
            return ()
        return (value,)
    if isinstance(value, list) and value and all(isinstance(v, str) and v.strip() for v in value):
        return tuple(v.strip() for v in value)
    raise ValueError("must be a source id, a list of source ids, or none")


SourceRefs = Annotated[tuple[str, ...], BeforeValidator(_source_refs)]
"""The sources an entry cites; empty means "our own guidance, not from a source"."""


def _cue_word(value: str) -> str:
    word = value.strip().lower()
    if not re.fullmatch(r"[a-z][a-z0-9-]*", word):
        raise ValueError(f"'{value}' must be one word of letters, digits or hyphens")
    return word


CueWord = Annotated[str, AfterValidator(_cue_word)]
"""One lowercase word: a cue is matched word by word."""


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Source(Strict):
    id: Id
    title: Text


class Aspect(Strict):
    id: Id
    label: Text
    asked_as: tuple[Text, ...] = ()
    """How people ask about this aspect of a role ("career path", "promotion"), for question matching."""
    cues: tuple[CueWord, ...] = ()
    """Single words that carry a question about this aspect ("kpis", "metrics"): they weigh more in a
    question than the words describing the asker's situation ("our CTO asked me…")."""


class AspectText(Strict):
    """What one role says about one aspect."""

    summary: Text
    points: tuple[Text, ...] = ()
    source: SourceRefs

    @property
    def from_source(self) -> bool:
        return bool(self.source)


class Role(Strict):
    id: Id
    name: Text
    discipline: Text
    summary: Text
    aliases: tuple[Text, ...] = ()
    aspects: dict[Id, AspectText]


class AmbiguousAlias(Strict):
    alias: Text
    roles: tuple[Id, ...] = Field(min_length=2)
    usual: Id | None = None
    note: Text
    source: SourceRefs


class Difference(Strict):
    roles: tuple[Id, Id]
    summary: Text
    source: SourceRefs

    @property
    def key(self) -> frozenset[str]:
        return frozenset(self.roles)


class FaqEntry(Strict):
    id: Id
    question: Text
    phrasings: tuple[Text, ...] = Field(min_length=2)
    answer: Text
    roles: tuple[Id, ...] = ()
    source: SourceRefs
    related: tuple[Id, ...] = ()


class PracticeKind(StrEnum):
    BEHAVIOURAL = "behavioural"
    PROGRAM_SENSE = "program-sense"
    ROLE_DISTINCTION = "role-distinction"
    SCENARIO = "scenario"


class Difficulty(StrEnum):
    EASY = "easy"
    MEDIUM = "medium"
    HARD = "hard"


class RubricPoint(Strict):
    name: Text
    shows: Text
    signals: tuple[Text, ...] = Field(min_length=1)


class PracticePrompt(Strict):
    id: Id
    question: Text
    phrasings: tuple[Text, ...] = ()
    kind: PracticeKind
    difficulty: Difficulty
    roles: tuple[Id, ...] = Field(min_length=1)
    rubric: tuple[RubricPoint, ...] = Field(min_length=2)
    tips: tuple[Text, ...] = Field(min_length=1)
    source: SourceRefs
    answered_in: Text | None = None
    """The plain words answers to it are written in: people answer in other words than they ask in, so
    feedback relevance compares an answer with these as well as with the question and rubric."""
    topic: tuple[tuple[Text, ...], ...] = ()
    """What any answer to it names: groups of alternative phrases, one of each group expected; the
    first group is what the question is about. Checked by `rolebot validate` (see loader)."""
