"""The search index: every answerable question, found through an inverted index and scored by meaning.

Scoring one message against every entry with rapidfuzz (`extractOne`) is slow once a
team loads a large FAQ, and poor at questions: it rewards shared letters, not shared
meaning. Here candidates come from postings lists of the message's rarest terms, and
each candidate is scored on the terms it shares with its best phrasing, weighted by
how rare each term is (so "sunset" counts for more than "manager").
"""

from __future__ import annotations

import gc
import hashlib
import math
import os
import pickle
import tempfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from itertools import chain
from pathlib import Path
from typing import Any, TypeVar, overload

import numpy as np

from bot.core.kinds import TargetKey, TargetKind
from bot.core.matching.analyze import ROLE_PREFIX, Analysis, Analyzer, Vocabulary, generic_stems, is_generic
from bot.core.names import RoleResolver

_T = TypeVar("_T")


@dataclass(frozen=True)
class Target:
    """Something the bot can answer with, and the ways people ask for it."""

    key: TargetKey
    kind: TargetKind
    title: str
    phrasings: tuple[str, ...]
    roles: tuple[str, ...] = ()
    context: str = field(default="", repr=False)
    """Extra text (an answer) whose words help spell-correct and break ties, but are not matched."""


@dataclass(frozen=True)
class Hit:
    target: Target
    score: float
    phrasing: str
    matched: frozenset[str] = frozenset()
    """The message's terms that the best phrasing shares."""


ROLE_WEIGHT = 1.4
"""Role terms decide between otherwise identical questions ("what does a product/project manager do")."""
UNKNOWN_WEIGHT = 0.6
"""Words the knowledge base never uses count against a match (the question is about something else),
at this fraction of the rarest known word's weight..."""
COMMON_WEIGHT = 0.45
"""...and everyday English words it never uses at this fraction: long messages are full of them."""
PRECISION_SHARE = 0.65
LONG_PRECISION_SHARE = 0.75
"""...rising towards this for long messages: the longer the message, the more of it is context around
the question ("we're mid-way through a cloud move and ... what should I say I'd do?")."""
SHORT_TERMS, LONG_TERMS = 4, 16


ROLES_OF_THEIR_OWN = 3
"""A phrasing of nothing but role names ("is a tpm a program or a project manager?") stands for its entry
from this many roles on, and only for a message of nothing but the same kind: among other words the roles
are the background, and two roles alone ask for their comparison."""


def precision_share(terms: int) -> float:
    position = min(max((terms - SHORT_TERMS) / (LONG_TERMS - SHORT_TERMS), 0.0), 1.0)
    return PRECISION_SHARE + position * (LONG_PRECISION_SHARE - PRECISION_SHARE)


"""How much the score rests on covering the phrasing rather than on covering the whole message:
people wrap a known question in words of their own far more often than they ask half of one."""
CONTEXT_SHARE = 0.45
"""How much of the score comes from the message's words found anywhere in the entry, its answer
included: phrasings say how people ask, the answer says what the entry is about."""
ROLE_MISMATCH = 0.85
"""An entry about other roles than the ones asked about is rarely the answer, however well it matches."""
PRACTICE_BONUS = 0.08
"""Added to practice prompts when the message says it is an interview question to practise."""
RETRIEVAL_MIN_WEIGHT = 0.1
CANDIDATES = 60


REFERENCE_ENTRIES = 200
"""Term weights are inverse document frequencies against this fixed number of entries rather than the
index size, so a word keeps its weight, and the answer threshold its meaning, as a team's FAQ grows."""


def _idf(df: int) -> float:
    return math.log(1 + max(REFERENCE_ENTRIES - df + 0.5, 0.5) / (df + 0.5))


def _emphasis(term: str) -> float:
    return ROLE_WEIGHT if term.startswith(ROLE_PREFIX) else 1.0


GENERIC_WEIGHT = 0.8
"""One of English's commonest words ("part", "good", "right") says little of what a question is about,
however rare it is in the knowledge: it weighs this much of its rarity."""
CUE_WEIGHT = 1.6
"""Words that carry the ask (the aspects' cue words, "difference") weigh this much more than others..."""
BACKGROUND_WEIGHT = 0.5
"""...and in a long message the words outside the sentence that asks weigh this much less."""


_CODE = ("analyze.py", "index.py", "thesaurus.py", "../names.py", "../text.py", "../kinds.py")
"""The code an index's contents depend on: a cached index built by other code is never used."""


class _Decoded(Sequence[_T]):
    """A list-like view that decodes an entry of the packed cache on first use and keeps it: loading
    100,000 entries' term sets up front would cost seconds that most entries never repay."""

    def __init__(self, decode: Callable[[int], _T], length: int) -> None:
        self._decode = decode
        self._length = length
        self._memo: dict[int, _T] = {}

    def __len__(self) -> int:
        return self._length

    @overload
    def __getitem__(self, index: int) -> _T: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[_T]: ...
    def __getitem__(self, index: int | slice) -> _T | Sequence[_T]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(self._length))]
        found = self._memo.get(index)
        if found is None:
            if not 0 <= index < self._length:
                raise IndexError(index)
            found = self._memo[index] = self._decode(index)
        return found


def _flat(groups: Iterable[Iterable[int]]) -> tuple[np.ndarray, np.ndarray]:
    """Ragged lists of ids as one array and the offsets where each list starts (and the last ends)."""
    lists = [np.asarray(list(g), dtype=np.int32) for g in groups]
    offsets = np.zeros(len(lists) + 1, dtype=np.int64)
    offsets[1:] = np.cumsum([len(x) for x in lists])
    return (np.concatenate(lists) if lists else np.zeros(0, dtype=np.int32)), offsets


def content_key(targets: Sequence[Target], names: Iterable[str], cues: Iterable[str]) -> str:
    """A digest of everything an index is built from: the targets' texts, the role names, the cue words
    and the matching code. Any change to a knowledge file (or to the code) changes the key."""
    digest = hashlib.sha256()
    here = Path(__file__).parent
    for name in _CODE:
        digest.update((here / name).read_bytes())
    for target in targets:
        fields = (
            str(target.key),
            target.kind.value,
            target.title,
            *target.phrasings,
            "|".join(target.roles),
            target.context,
        )
        digest.update("\x1f".join(fields).encode() + b"\x1e")
    digest.update("\x1f".join([*names, "\x1e", *cues]).encode())
    digest.update(" ".join(sorted(generic_stems())).encode())  # the spell checker's word counts weigh terms
    return digest.hexdigest()[:32]


class SearchIndex:
    _phrasings: Sequence[list[tuple[frozenset[str], str]]]
    """Per entry: each phrasing's terms and text."""
    _role_only: dict[int, list[tuple[frozenset[str], str]]]
    """Per entry that has them: its phrasings of nothing but three or more roles (see ROLES_OF_THEIR_OWN)."""
    _entry_terms: Sequence[frozenset[str]]
    """Per entry: every term of its phrasings and answer."""
    _phrase_weight: Sequence[list[float]]

    def __init__(self, targets: Sequence[Target], analyzer: Analyzer, cues: Iterable[str] = ()) -> None:
        """Build the index; `analyzer` must know the targets' vocabulary already (see `learn`)."""
        self.targets = tuple(targets)
        self.analyzer = analyzer
        self._build(cues)

    @staticmethod
    def learn(resolver: RoleResolver, targets: Iterable[Target]) -> Vocabulary:
        """The vocabulary an index over these targets reads messages with."""
        return Vocabulary.learn(
            resolver, (text for t in targets for text in (t.title, *t.phrasings, t.context))
        )

    @classmethod
    def cached(
        cls, targets: Sequence[Target], resolver: RoleResolver, cues: Iterable[str], cache_dir: Path | None
    ) -> SearchIndex:
        """Build the index, or with `cache_dir` load the one built before from the same knowledge (and
        save it there after building). At 100,000 FAQ entries loading takes a fraction of building."""
        targets, cues = tuple(targets), list(cues)
        if cache_dir is None:
            return cls(targets, Analyzer(resolver, cls.learn(resolver, targets)), cues)
        cache = Path(cache_dir) / f"index-{content_key(targets, resolver.names(), cues)}.pickle"
        loaded = cls._load(cache, targets, resolver)
        if loaded is not None:
            return loaded
        index = cls(targets, Analyzer(resolver, cls.learn(resolver, targets)), cues)
        index._save(cache)
        return index

    @classmethod
    def _load(cls, cache: Path, targets: tuple[Target, ...], resolver: RoleResolver) -> SearchIndex | None:
        collecting = gc.isenabled()
        gc.disable()  # millions of small objects: the collector would otherwise run hundreds of times
        try:
            if hasattr(os, "getuid") and cache.stat().st_uid != os.getuid():
                return None  # a pickle is code: only one this user wrote is ever loaded
            with cache.open("rb") as file:
                vocabulary, state = pickle.load(file)
            if not isinstance(vocabulary, Vocabulary):
                return None
            index = cls.__new__(cls)
            index.targets, index.analyzer = targets, Analyzer(resolver, vocabulary)
            index._unpack(state)
        except Exception:
            return None  # missing, unreadable or from other code: build afresh
        finally:
            if collecting:
                gc.enable()
        return index

    def _save(self, cache: Path) -> None:
        """Write atomically (a temporary file renamed into place): workers starting together never read
        half a file. A cache that cannot be written only costs the next start-up its build time."""
        try:
            cache.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            state = (self.analyzer.vocabulary, self._pack())
            with tempfile.NamedTemporaryFile(dir=cache.parent, prefix=".index-", delete=False) as file:
                pickle.dump(state, file, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(file.name, cache)
        except OSError:
            pass

    def _pack(self) -> dict[str, Any]:
        """The built index as a few flat arrays over numbered terms: quick to save and to load."""
        terms = sorted(self._weights)
        number = {t: n for n, t in enumerate(terms)}
        texts = [list(dict.fromkeys((t.title, *t.phrasings))) for t in self.targets]
        phrasings = [p for analysed in self._phrasings for p in analysed]
        ph_terms, ph_offsets = _flat((number[t] for t in terms_) for terms_, _ in phrasings)
        positions = [
            texts[i].index(text) for i, analysed in enumerate(self._phrasings) for _, text in analysed
        ]
        _, by_target = _flat(range(len(analysed)) for analysed in self._phrasings)
        entry_terms, entry_offsets = _flat((number[t] for t in e) for e in self._entry_terms)
        posting_terms = sorted(self._postings)
        post_ids, post_offsets = _flat(self._postings[t] for t in posting_terms)
        return {
            "terms": terms,
            "weights": np.asarray([self._weights[t] for t in terms]),
            "cue_terms": self.cue_terms,
            "unknown": self._unknown,
            "common": self._common,
            "ph_terms": ph_terms,
            "ph_offsets": ph_offsets,
            "ph_text": np.asarray(positions, dtype=np.int32),
            "by_target": by_target,
            "ph_weight": np.asarray([w for ws in self._phrase_weight for w in ws]),
            "entry_terms": entry_terms,
            "entry_offsets": entry_offsets,
            "lightest": self._lightest,
            "posting_terms": [number[t] for t in posting_terms],
            "post_ids": post_ids,
            "post_offsets": post_offsets,
            "role_only": self._role_only,
        }

    def _unpack(self, state: dict[str, Any]) -> None:
        terms: list[str] = state["terms"]
        self._weights = dict(zip(terms, state["weights"].tolist(), strict=True))
        self.cue_terms, self._unknown, self._common = state["cue_terms"], state["unknown"], state["common"]
        self._lightest = state["lightest"]
        self._role_only = state["role_only"]
        post_ids, post_offsets = state["post_ids"], state["post_offsets"].tolist()
        self._postings = {
            terms[t]: post_ids[post_offsets[n] : post_offsets[n + 1]]
            for n, t in enumerate(state["posting_terms"])
        }
        ph_terms, ph_offsets, ph_text = state["ph_terms"], state["ph_offsets"], state["ph_text"]
        by_target, ph_weight = state["by_target"], state["ph_weight"]
        entry_terms, entry_offsets = state["entry_terms"], state["entry_offsets"]

        def phrasings(i: int) -> list[tuple[frozenset[str], str]]:
            texts = list(dict.fromkeys((self.targets[i].title, *self.targets[i].phrasings)))
            return [
                (
                    frozenset(terms[t] for t in ph_terms[ph_offsets[p] : ph_offsets[p + 1]].tolist()),
                    texts[ph_text[p]],
                )
                for p in range(by_target[i], by_target[i + 1])
            ]

        count = len(self.targets)
        self._phrasings = _Decoded(phrasings, count)
        self._phrase_weight = _Decoded(lambda i: ph_weight[by_target[i] : by_target[i + 1]].tolist(), count)
        self._entry_terms = _Decoded(
            lambda i: frozenset(
                terms[t] for t in entry_terms[entry_offsets[i] : entry_offsets[i + 1]].tolist()
            ),
            count,
        )

    def _build(self, cues: Iterable[str]) -> None:
        analyzer = self.analyzer
        self.cue_terms = frozenset(t for cue in cues for t in analyzer.analyze(cue).terms)
        all_phrasings: list[list[tuple[frozenset[str], str]]] = []
        role_only: dict[int, list[tuple[frozenset[str], str]]] = {}
        all_terms: list[frozenset[str]] = []
        df: dict[str, int] = {}
        for target in self.targets:
            analysed: list[tuple[frozenset[str], str]] = []
            for text in dict.fromkeys((target.title, *target.phrasings)):
                terms = frozenset(analyzer.analyze(text).terms)
                if terms and (target.kind is TargetKind.PROFILE or not all(t.startswith("@") for t in terms)):
                    analysed.append((terms, text))  # a bare role name ("tpm?") asks for the role's profile
                elif len(terms) >= ROLES_OF_THEIR_OWN:
                    role_only.setdefault(len(all_phrasings), []).append((terms, text))
            all_phrasings.append(analysed)
            everything = frozenset[str]().union(
                *(t for t, _ in analysed), analyzer.analyze(target.context).terms
            )
            all_terms.append(everything)
            for term in everything:
                df[term] = df.get(term, 0) + 1
        self._phrasings = all_phrasings
        self._role_only = role_only
        self._entry_terms = all_terms
        self._weights = {
            term: _idf(count)
            * _emphasis(term)
            * (1.0 if term in self.cue_terms or not is_generic(term) else GENERIC_WEIGHT)
            for term, count in df.items()
        }

        top = max(self._weights.values(), default=1.0)
        self._unknown, self._common = UNKNOWN_WEIGHT * top, COMMON_WEIGHT * top
        postings: dict[str, list[int]] = {}
        for index, everything in enumerate(self._entry_terms):
            for term in everything:
                postings.setdefault(term, []).append(index)
        self._postings = {term: np.asarray(ids, dtype=np.int32) for term, ids in postings.items()}
        self._phrase_weight = [[self._sum(terms) for terms, _ in analysed] for analysed in self._phrasings]
        self._lightest = np.asarray([min(w, default=1.0) or 1.0 for w in self._phrase_weight])

    def weight(self, term: str) -> float:
        return self._weights.get(term, self._unknown)

    def known(self, term: str) -> bool:
        return term in self._weights

    def _sum(self, terms: Iterable[str]) -> float:
        return sum(self.weight(t) for t in terms)

    def search(
        self, analysis: Analysis, limit: int = 5, kinds: Iterable[TargetKind] | None = None
    ) -> list[Hit]:
        """The best targets for a message, best first, each with a score between 0 and 1."""
        query = list(dict.fromkeys(analysis.terms))
        known = sorted((t for t in query if t in self._postings), key=lambda t: -self._weights[t])
        if not known:
            return []
        weights = self.term_weights(analysis)
        asked_roles = {t.removeprefix(ROLE_PREFIX) for t in weights if t.startswith(ROLE_PREFIX)}
        query_weight = sum(weights.values())
        allowed = set(kinds) if kinds is not None else None
        hits: list[Hit] = []
        roles_only = len(query) >= ROLES_OF_THEIR_OWN and all(t.startswith(ROLE_PREFIX) for t in query)
        for index in self._candidates(known):
            target = self.targets[index]
            if allowed is not None and target.kind not in allowed:
                continue
            extra = self._role_only.get(index, ()) if roles_only else ()
            score, phrasing, matched = self._score(index, weights, query_weight, extra)
            if asked_roles and target.roles and asked_roles.isdisjoint(target.roles):
                score *= ROLE_MISMATCH
            if score and analysis.practice_cue and target.kind is TargetKind.PRACTICE:
                score = min(1.0, score + PRACTICE_BONUS)
            if score > 0:
                hits.append(Hit(target, score, phrasing, matched))
        hits.sort(key=rank)
        return hits[:limit]

    def term_weights(self, analysis: Analysis) -> dict[str, float]:
        """How much each of the message's terms counts; words we never use count too, against a match."""
        asked = [t for t in analysis.terms if t not in analysis.background]
        # The background weighs less only when the asking sentence says what it is about (a cue word or
        # a role): "how do I even start answering that?" leaves the subject in the background.
        damp = bool(analysis.background) and any(
            t in self.cue_terms or t.startswith(ROLE_PREFIX) for t in asked
        )
        return {
            t: self._weights.get(t, self._common if t in analysis.common else self._unknown)
            * (BACKGROUND_WEIGHT if damp and t in analysis.background else 1.0)
            * (CUE_WEIGHT if t in self.cue_terms else 1.0)
            for t in dict.fromkeys(analysis.terms)
        }

    def _candidates(self, known: list[str]) -> np.ndarray:
        """Targets sharing the message's terms, most promising first. A term in a large share of the
        entries weighs next to nothing (see _idf) and only adds cost, so it is left out."""
        chosen = [t for t in known if self._weights[t] >= RETRIEVAL_MIN_WEIGHT] or known[:2]
        lists = [self._postings[t] for t in chosen]
        weights = np.repeat([self._weights[t] for t in chosen], [len(p) for p in lists])
        totals = np.bincount(np.concatenate(lists), weights=weights)
        found = np.flatnonzero(totals)
        if len(found) <= CANDIDATES:
            return found
        # Shared weight over the entry's lightest phrasing: a rough precision, so that among many entries
        # sharing one role term the one whose phrasing is just that role ("tpm?") is kept.
        promise = totals[found] / self._lightest[found]
        return found[np.argpartition(-promise, CANDIDATES - 1)[:CANDIDATES]]

    def _score(
        self,
        index: int,
        query: dict[str, float],
        query_weight: float,
        role_only: Iterable[tuple[frozenset[str], str]] = (),
    ) -> tuple[float, str, frozenset[str]]:
        """Weighted term overlap with the best phrasing: how much of the phrasing the message covers,
        and how much of the message the phrasing explains (a weighted geometric mean)."""
        best, best_text, best_terms = 0.0, "", frozenset[str]()
        share = precision_share(len(query))
        everything = self._entry_terms[index]
        anywhere = sum(w for t, w in query.items() if t in everything) / query_weight
        phrasings = zip(self._phrasings[index], self._phrase_weight[index], strict=True)
        for (terms, text), phrase_weight in chain(phrasings, ((p, self._sum(p[0])) for p in role_only)):
            shared = sum(w for t, w in query.items() if t in terms)
            if not shared:
                continue  # the answer's words alone never make a match: "who won the match" is not ours
            # A cue word the message stresses weighs as much more in the phrasing: precision stays <= 1.
            stressed = sum(
                w - self._weights[t] for t, w in query.items() if t in terms and t in self.cue_terms
            )
            recall, precision = shared / query_weight, shared / (phrase_weight + max(stressed, 0.0))
            score = precision**share * recall ** (1 - share)
            score = (1 - CONTEXT_SHARE) * score + CONTEXT_SHARE * anywhere
            if score > best:
                best, best_text, best_terms = score, text, terms
        return best, best_text, frozenset(query) & best_terms


def rank(hit: Hit) -> tuple[float, int, str]:
    """Best first; equal scores (to 9 places, so a sum taken in another order cannot split a tie by
    one rounding step) go by kind, then key: the same winner on every run, whatever the hash seed."""
    return (-round(hit.score, 9), hit.target.kind.tie_rank, str(hit.target.key))
