"""Turning whatever people type ("Prgram mgmt", "TPMs", "tech project") into a role.

Resolution never raises: an unknown name yields suggestions and an ambiguous
abbreviation yields its readings, so every front end can answer helpfully.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING

from rapidfuzz import fuzz, process

from bot.core.text import singular, words

if TYPE_CHECKING:
    from bot.core.knowledge import KnowledgeBase
    from bot.core.models import AmbiguousAlias, Role

_MANAGER_FORMS = ("manager", "management", "mgmt", "mgr", "managing")
_NOISE = frozenset({"the", "a", "an", "role", "job", "position", "title", "of", "for"})
_SPELLINGS = {
    "tech": "technical",
    "programme": "program",
    "prod": "product",
    "proj": "project",
    "prog": "program",
}
_FILLER = frozenset(
    """vs v versus and or between difference different differ diff compare comparison compared with to
    from what whats is are against than me show tell about please pls how do does""".split()
)
"""Words that join role names in a request ("program vs product") and are never a role."""

RESOLVE_SCORE = 84.0
"""A fuzzy match at or above this reads the typo as that role; below it we only suggest."""
SUGGEST_SCORE = 55.0


def _is_manager_word(word: str) -> bool:
    if word in _MANAGER_FORMS:
        return True
    return len(word) >= 5 and max(fuzz.ratio(word, form) for form in _MANAGER_FORMS[:2]) >= 85


@lru_cache(maxsize=4096)
@lru_cache(maxsize=65536)
def _key_word(word: str) -> str:
    word = singular(word)
    word = _SPELLINGS.get(word, word)
    return "" if word in _NOISE or _is_manager_word(word) else word


def alias_key(text: str) -> str:
    """The comparable form of a role name: "Program Managers" and "program mgmt" both give "program"."""
    return " ".join(k for k in map(_key_word, words(text)) if k)


@dataclass(frozen=True)
class Resolved:
    typed: str
    role: Role
    corrected: bool = False
    """True when a typo was read as this role, so front ends can say so."""
    assumed: AmbiguousAlias | None = None
    """Set when an ambiguous abbreviation was read in its usual sense."""


@dataclass(frozen=True)
class Ambiguous:
    typed: str
    alias: AmbiguousAlias
    options: tuple[Role, ...]


@dataclass(frozen=True)
class Unknown:
    typed: str
    suggestions: tuple[Role, ...] = ()


Resolution = Resolved | Ambiguous | Unknown


@dataclass(frozen=True)
class Scan:
    """The role names found in a piece of text, in order, and the words left over."""

    mentions: tuple[Resolved | Ambiguous, ...]
    leftovers: tuple[str, ...] = field(default=())
    spans: tuple[tuple[int, int], ...] = field(default=())
    """Where each mention stands in `words(text)`, as (start, end) word positions."""


class RoleResolver:
    """Resolves role names against one knowledge base; built once, used for every request."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self._kb = kb
        self._roles: dict[str, str] = {}
        for role in kb.roles.values():
            for name in role_names(role):
                self._roles.setdefault(alias_key(name), role.id)
        self._roles.pop("", None)
        self._ambiguous = {alias_key(a.alias): a for a in kb.ambiguous_aliases}
        self._keys = sorted(set(self._roles) | set(self._ambiguous))
        self._vocabulary = sorted({w for key in self._keys for w in key.split()})
        self._first_words = frozenset(key.split()[0] for key in self._keys)
        """A name can only start at one of these words: the scan skips every other word at once."""

    def names(self) -> list[str]:
        """Every role name and abbreviation, as written in the knowledge base."""
        found = [name for role in self._kb.roles.values() for name in role_names(role)]
        return found + [a.alias for a in self._kb.ambiguous_aliases]

    def resolve(self, typed: str) -> Resolution:
        """Resolve one role name: exact alias, then spelling-corrected words, then fuzzy."""
        key = alias_key(typed)
        if not key:
            return Unknown(typed, tuple(self._kb.roles.values()) if words(typed) else ())
        found = self._exact(typed, key)
        if found is not None:
            return found
        corrected = self._correct_words(key.split())
        if corrected != key.split():
            found = self._exact(typed, " ".join(corrected), corrected=True)
            if found is not None:
                return found
        return self._fuzzy(typed, key)

    def scan(self, text: str) -> Scan:
        """Find every role name in free text, longest names first ("technical program manager")."""
        return self.scan_words(words(text))

    def scan_words(self, tokens: list[str], correct: bool = True) -> Scan:
        keys = [_key_word(t) for t in tokens]
        fixed = self._correct_words(keys) if correct else keys
        mentions: list[Resolved | Ambiguous] = []
        spans: list[tuple[int, int]] = []
        leftovers: list[str] = []
        i = 0
        while i < len(tokens):
            hit = None
            starts = fixed[i] in self._first_words
            for j in range(min(len(tokens), i + 5) if starts else i, i, -1):
                span_key = " ".join(k for k in fixed[i:j] if k)
                if not span_key or (not keys[i] and j > i + 1):
                    continue
                exact_typo = any(fixed[n] != keys[n] for n in range(i, j))
                hit = self._exact(" ".join(tokens[i:j]), span_key, corrected=exact_typo)
                if hit is not None:
                    break
            if hit is None:
                if keys[i] and tokens[i] not in _FILLER:
                    leftovers.append(tokens[i])
                i += 1
                continue
            mentions.append(hit)
            spans.append((i, j))
            i = j
        return Scan(tuple(mentions), tuple(leftovers), tuple(spans))

    def _exact(self, typed: str, key: str, corrected: bool = False) -> Resolved | Ambiguous | None:
        if key in self._roles:
            return Resolved(typed, self._kb.roles[self._roles[key]], corrected=corrected)
        alias = self._ambiguous.get(key)
        if alias is None:
            return None
        if alias.usual is not None:
            return Resolved(typed, self._kb.roles[alias.usual], corrected=corrected, assumed=alias)
        return Ambiguous(typed, alias, tuple(self._kb.roles[r] for r in alias.roles))

    def _correct_words(self, keys: list[str]) -> list[str]:
        return [_closest_word(k, tuple(self._vocabulary)) if len(k) >= 4 else k for k in keys]

    def _fuzzy(self, typed: str, key: str) -> Resolution:
        matches = process.extract(key, self._keys, scorer=fuzz.ratio, limit=8, score_cutoff=SUGGEST_SCORE)
        suggestions: list[Role] = []
        for match, score, _ in matches:
            options = self._options(match)
            if score >= RESOLVE_SCORE and len(key) >= 5 and len(options) == 1 and not suggestions:
                return Resolved(typed, options[0], corrected=True)
            suggestions += [r for r in options if r not in suggestions]
        return Unknown(typed, tuple(suggestions[:3]))

    def _options(self, key: str) -> tuple[Role, ...]:
        if key in self._roles:
            return (self._kb.roles[self._roles[key]],)
        return tuple(self._kb.roles[r] for r in self._ambiguous[key].roles)


@lru_cache(maxsize=8192)
def _closest_word(word: str, vocabulary: tuple[str, ...]) -> str:
    if not word or word in vocabulary:
        return word
    match = process.extractOne(word, vocabulary, scorer=fuzz.ratio, score_cutoff=80)
    return match[0] if match else word


def role_names(role: Role) -> Iterable[str]:
    """Every name a role answers to: its id, name, discipline and declared aliases."""
    yield role.id.replace("-", " ")
    yield role.name
    yield role.discipline
    yield from role.aliases
