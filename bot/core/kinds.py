"""Every kind of knowledge entry and every kind of answer target, each declared once, here.

A kind of entry has a section name (the top-level key in a knowledge file and the field of the
`KnowledgeBase` it fills), a model, a label (how a problem report names one entry: "faq entry
'what-is-a-tpm'") and a key (what makes two entries the same, so a second one is reported as
defined twice). The loader reads every section through these declarations and refuses to load
when a `KnowledgeBase` field has none, so a kind added without its declaration fails at start-up
with a problem report, not at the first question.

A kind of answer target is something a question can be answered with; its place in `TargetKind`
is its tie order. `TargetKey` is the one way target keys ("faq:what-is-a-tpm", "compare:a|b")
are written and read: in buttons' values, in the index and in the evaluation sets.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from bot.core import models
from bot.core.names import alias_key


def _by_id(entry: Any) -> Hashable:
    return entry.id


@dataclass(frozen=True)
class Kind:
    """One kind of knowledge entry, as the loader reads it."""

    model: type[models.Strict]
    label: str
    """The singular name used in problem reports: "faq entry", "role"."""
    key: Callable[[Any], Hashable] = _by_id
    """What identifies an entry: two entries with the same key in one layer are a mistake."""
    listed: bool = False
    """Kept as a tuple in file order (aspects) rather than a mapping by key."""
    describe: Callable[[dict[str, Any]], str | None] = lambda raw: None
    """How an entry without an id is named in a problem ("difference tpm vs pgm")."""


def _describe_difference(raw: dict[str, Any]) -> str | None:
    roles = raw.get("roles")
    return " vs ".join(map(str, roles)) if isinstance(roles, list) else None


KINDS: dict[str, Kind] = {
    "sources": Kind(models.Source, "source"),
    "aspects": Kind(models.Aspect, "aspect", listed=True),
    "roles": Kind(models.Role, "role"),
    "ambiguous_aliases": Kind(
        models.AmbiguousAlias, "ambiguous alias", key=lambda a: alias_key(a.alias), listed=True
    ),
    "differences": Kind(models.Difference, "difference", key=lambda d: d.key, describe=_describe_difference),
    "faq": Kind(models.FaqEntry, "faq entry"),
    "practice": Kind(models.PracticePrompt, "practice prompt"),
}
"""Top-level keys a knowledge file may hold, in the order problems and sections are listed."""


class TargetKind(StrEnum):
    """What an answer can be. The order is the tie order: on equal scores the written answer wins, a
    whole profile beats one aspect of it, and an interview prompt comes last (it is the answer only
    when the question is an interview question). Comparisons are built on demand, never searched."""

    FAQ = "faq"
    PROFILE = "profile"
    ASPECT = "aspect"
    PRACTICE = "practice"
    COMPARE = "compare"

    @property
    def tie_rank(self) -> int:
        return _RANKS[self]


_RANKS = {kind: rank for rank, kind in enumerate(TargetKind)}
_ARITY = {TargetKind.ASPECT: 2, TargetKind.COMPARE: 2}
"""How many ids each kind of key holds; one unless named here."""


@dataclass(frozen=True)
class TargetKey:
    """ "faq:what-is-a-tpm", "aspect:role:tools", "compare:a|b" as a value. Ids never hold ':' or '|'
    (the models' id pattern forbids them), so the text form is unambiguous both ways."""

    kind: TargetKind
    ids: tuple[str, ...]

    def __str__(self) -> str:
        joiner = "|" if self.kind is TargetKind.COMPARE else ":"
        return f"{self.kind.value}:{joiner.join(self.ids)}"

    @property
    def id(self) -> str:
        """The one id of a single-id key (an FAQ entry's, a prompt's, a profile's role)."""
        return self.ids[0]

    @classmethod
    def parse(cls, text: str) -> TargetKey | None:
        """The key a button or a label names, or None for anything malformed; never raises."""
        kind_name, colon, rest = text.partition(":")
        if not colon or kind_name not in _KIND_NAMES:
            return None
        kind = TargetKind(kind_name)
        ids = tuple(rest.split("|" if kind is TargetKind.COMPARE else ":"))
        if len(ids) != _ARITY.get(kind, 1) or not all(ids):
            return None
        return cls.compare(ids[0], ids[1]) if kind is TargetKind.COMPARE else cls(kind, ids)

    @classmethod
    def faq(cls, entry_id: str) -> TargetKey:
        return cls(TargetKind.FAQ, (entry_id,))

    @classmethod
    def practice(cls, prompt_id: str) -> TargetKey:
        return cls(TargetKind.PRACTICE, (prompt_id,))

    @classmethod
    def profile(cls, role_id: str) -> TargetKey:
        return cls(TargetKind.PROFILE, (role_id,))

    @classmethod
    def aspect(cls, role_id: str, aspect_id: str) -> TargetKey:
        return cls(TargetKind.ASPECT, (role_id, aspect_id))

    @classmethod
    def compare(cls, left: str, right: str) -> TargetKey:
        """Either order names the same comparison."""
        return cls(TargetKind.COMPARE, tuple(sorted((left, right))))


_KIND_NAMES = frozenset(kind.value for kind in TargetKind)


def comparison_text(left: str, right: str) -> str:
    """A comparison's key as text in the order the roles were asked in: `TargetKey` is one value for
    either order, its text form keeps the order, so a table shows the roles as the person named them."""
    return f"{TargetKind.COMPARE.value}:{left}|{right}"


def asked_order(key: TargetKey | str) -> tuple[str, ...]:
    """The ids of a key in the order its text names them (a comparison's roles as asked)."""
    if isinstance(key, TargetKey):
        return key.ids
    parsed = TargetKey.parse(key)
    if parsed is None or parsed.kind is not TargetKind.COMPARE:
        return () if parsed is None else parsed.ids
    return tuple(key.partition(":")[2].split("|"))
