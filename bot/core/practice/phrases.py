"""Tolerant phrase search in a free-text answer: the matching behind practice feedback.

A rubric signal such as "missed the deadline" should be found in "we missed our deadline",
"on time" in "delivered on time", "stakeholders" in "stakeholder", "prioritised" in
"prioritized" and "stakeholders" in "stakholders". Words are compared by a key: the word
with short forms spelt out and synonyms folded (the matcher's own SYNONYMS and THESAURUS),
British spellings made American, then stemmed with the matcher's `stem`. On top of equal
keys a signal word also matches:

- a word of the same family, whose stem is the other's plus a suffix the stemmer left on
  ("deliv" for delivered, "deliveri" for delivery), when the shorter has five letters or more;
- one typo (an insertion, deletion, substitution or swap) in a word of five letters or more,
  when the typed word is not itself an English word ("stakholders", but never "rested" for
  "tested").

A signal of several words matches when its words occur in order within one sentence, with at
most `MAX_GAP` other words between neighbours ("missed our final deadline"). In signals of
three words or more an article may be left out ("missed deadline").

Everything here is deterministic: the first match in reading order wins, and no set order
leaks into a result.
"""

from __future__ import annotations

import bisect
import itertools
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from rapidfuzz import process
from rapidfuzz.distance import OSA

from bot.core.matching.analyze import SYNONYMS, americanize, is_english, stem
from bot.core.matching.thesaurus import THESAURUS
from bot.core.text import word_table, words

MAX_GAP = 2
"""Other words allowed between two neighbouring words of a signal."""
FAMILY_MIN = 5
"""Stems this long or longer match longer stems of their family ("deliv" ~ "deliveri")."""
TYPO_MIN = 5
"""Only words this long or longer may carry a typo and still match."""
EVIDENCE_CHARS = 120
"""An evidence span longer than this is cut, so one match cannot swamp the feedback."""

_TOKEN = re.compile(r"\d+(?:[.,:]\d+)*|[^\W_]+(?:['’][^\W_]+)*|%|&")
_BREAK = re.compile(r"[.!?;]+(?=[\s\"'”’)\]]|$)|\n\s*(?:\n|[-*•])")
"""Where a sentence ends: punctuation before a space or the end ("e.g.", "v1.2" and "<!here>" do not
end one), a blank line, or a new bullet (a wrapped line does not end one)."""
_ARTICLES = frozenset({"a", "an", "the"})
_SPELLING = word_table(
    """
    licence=license licences=licenses programme=program programmes=programs judgement=judgment
    centre=center centres=centers catalogue=catalog defence=defense offence=offense modelling=modeling
    travelled=traveled cancelled=canceled labelled=labeled fulfil=fulfill enrol=enroll
    %=percent &=and pct=percent
    """
)
"""British spellings `americanize` leaves alone, and symbols that stand for a word."""
_YSE = re.compile(r"yse(s|d)?$|ysing$")


def _american(word: str) -> str:
    word = _SPELLING.get(word, word)
    if _YSE.search(word):  # analyse, analysed, analysing -> analyze...
        word = _YSE.sub(lambda m: "yzing" if m.group(0) == "ysing" else "yze" + (m.group(1) or ""), word)
    return americanize(word)


_PRACTICE_GROUPS = {
    "option": "option options alternative alternatives choice choices scenario scenarios",
    "estimate": "estimate estimates estimated estimating estimation sized sizing forecast forecasts forecasted",
    "risk": "risk risks risky concern concerns worry worries worried danger exposure",
    "decide": "decide decides decided deciding decision decisions",
    "commit": "commit commits committed committing commitment commitments promise promised promises pledge",
    "trust": "trust trusted confidence credibility credible",
    "privately": "privately private one-on-one",
    "help": "help helped helping support supported supporting coach coached coaching mentor mentored pair paired",
    "checkpoint": "checkpoint checkpoints check-in check-ins checkin checkins",
    "constraint": "constraint constraints fixed non-negotiable immovable",
    "customer": "customer customers user users client clients merchant merchants buyer buyers shopper shoppers",
    "revenue": "revenue revenues sales income",
    "understood": "understood understand understands understanding grasp grasped",
    "early": "early earlier immediately promptly",
    "message": "message messages messaging framing framed pitch pitched",
    "recommend": "recommend recommended recommending recommendation recommendations proposal proposed propose",
    "scope": "scope scoped descope descoped subset",
}
"""Everyday words that stand for what a rubric point describes: paraphrases the matcher's thesaurus,
made for questions, does not fold. Each member maps to the head word; both answers and rubrics go through it."""
PRACTICE_THESAURUS = {word: head for head, members in _PRACTICE_GROUPS.items() for word in members.split()}


@lru_cache(maxsize=65536)
def key(word: str) -> str:
    """What a folded word is compared by: synonyms folded, American spelling, stemmed."""
    if word in PRACTICE_THESAURUS:
        return stem(PRACTICE_THESAURUS[word])
    word = SYNONYMS.get(word, word)
    if word in THESAURUS:
        return stem(THESAURUS[word])
    american = _american(word)
    return stem(THESAURUS.get(american, american))


@lru_cache(maxsize=65536)
def _fold_token(raw: str) -> str:
    return "".join(words(raw)) or _SPELLING.get(raw, "")


class Token(NamedTuple):
    """A tuple, not a dataclass: an answer makes hundreds, and building them is a third of reading it."""

    word: str
    """The word folded: lowercase ASCII, apostrophes dropped ("what's" -> "whats")."""
    key: str
    start: int
    end: int
    """Where the word stands in the original text."""
    sentence: int


def tokenize(text: str) -> tuple[Token, ...]:
    """The words of a text with their keys, positions and sentence numbers."""
    tokens: list[Token] = []
    sentence = 0
    last_end = 0
    for m in _TOKEN.finditer(text):
        word = _fold_token(m.group())
        if not word:
            continue
        start, end = m.span()
        if tokens and last_end < start and _BREAK.search(text, last_end, start + 1):
            sentence += 1
        tokens.append(Token(word, key(word), start, end, sentence))
        last_end = end
    return tuple(tokens)


@dataclass(frozen=True)
class _Word:
    word: str
    key: str


@lru_cache(maxsize=4096)
def compile_phrase(phrase: str) -> tuple[tuple[_Word, ...], ...]:
    """The word sequences that stand for a phrase, most complete first.

    "trade-off" is also "tradeoff"; "missed the deadline" is also "missed deadline".
    """
    found = [m.group() for m in _TOKEN.finditer(phrase)]
    folded = [w for w in (_fold_token(f) for f in found) if w]
    if not folded:
        return ()
    variants: list[list[str]] = [folded]
    if len(folded) >= 3:
        articles = [n for n, w in enumerate(folded) if w in _ARTICLES]
        for size in range(1, len(articles) + 1):
            for dropped in itertools.combinations(articles, size):
                kept = [w for n, w in enumerate(folded) if n not in dropped]
                if kept:
                    variants.append(kept)
    if len(folded) > 1 and re.search(r"\w[-/]\w", phrase):
        variants.append(["".join(folded)])
    return tuple(tuple(_Word(w, key(w)) for w in v) for v in variants)


@dataclass(frozen=True)
class Match:
    phrase: str
    """The phrase looked for (a rubric signal or a structure cue)."""
    found: str
    """The words that matched, as written in the answer (whitespace collapsed, trimmed to a length)."""
    start: int
    end: int
    """Character offsets of the match in the answer."""


_FAMILY_ENDINGS = frozenset({"e", "i", "y", "er", "eri", "or", "al", "ic", "at", "ion", "ment"})
"""What a stem may add to a shorter stem of its family: "deliv" + "eri", never "trade" + "off"."""


def _family(a: str, b: str) -> bool:
    short, long_ = (a, b) if len(a) <= len(b) else (b, a)
    return (
        len(short) >= FAMILY_MIN
        and long_.startswith(short)
        and (long_ == short or long_[len(short) :] in _FAMILY_ENDINGS)
    )


class AnswerText:
    """One answer, indexed once so that many phrases can be looked for quickly."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.tokens = tokenize(text)
        self._positions: dict[str, list[int]] = {}
        for n, token in enumerate(self.tokens):
            self._positions.setdefault(token.key, []).append(n)
        self._by_prefix: dict[str, list[str]] = {}
        for k in sorted(self._positions):
            if len(k) >= FAMILY_MIN:
                self._by_prefix.setdefault(k[:FAMILY_MIN], []).append(k)
        unique = sorted({t.word for t in self.tokens})
        typos = [(w, key(w)) for w in unique if len(w) >= TYPO_MIN and not w.isdigit() and not is_english(w)]
        self._typo_words = [w for w, _ in typos]
        self._typo_word_keys = [k for _, k in typos]
        self._typo_keys = sorted({k for _, k in typos if len(k) >= TYPO_MIN})
        self._cache: dict[_Word, tuple[int, ...]] = {}

    @property
    def word_count(self) -> int:
        return len(self.tokens)

    def positions(self, sought: _Word) -> tuple[int, ...]:
        """Token positions where `sought` occurs: same key, same family, or one typo away."""
        cached = self._cache.get(sought)
        if cached is not None:
            return cached
        keys = {sought.key} if sought.key in self._positions else set()
        if len(sought.key) >= FAMILY_MIN:
            keys.update(k for k in self._by_prefix.get(sought.key[:FAMILY_MIN], ()) if _family(k, sought.key))
        found = [p for k in keys for p in self._positions[k]]
        if len(sought.word) >= TYPO_MIN:
            typo_keys = self._one_typo(sought) - keys
            found += [p for k in typo_keys for p in self._positions[k] if self.tokens[p].key == k]
        result = tuple(sorted(set(found)))
        self._cache[sought] = result
        return result

    def _one_typo(self, sought: _Word) -> set[str]:
        """Keys of the typed words one slip away from `sought`, compared as typed or as stems
        ("stakholders" ~ "stakeholders", "stakeholdr" ~ "stakeholder"); the scan runs in rapidfuzz's C code."""
        found = {
            self._typo_word_keys[n]
            for _, _, n in process.extract_iter(
                sought.word, self._typo_words, scorer=OSA.distance, score_cutoff=1
            )
        }
        if len(sought.key) >= TYPO_MIN:
            found.update(
                self._typo_keys[n]
                for _, _, n in process.extract_iter(
                    sought.key, self._typo_keys, scorer=OSA.distance, score_cutoff=1
                )
            )
        return found

    def _sequence(self, seq: tuple[_Word, ...], start_at: int = 0) -> tuple[int, int] | None:
        lists: list[tuple[int, ...]] = []
        for word in seq:  # one word missing and the phrase is: the typo scan of the rest is not needed
            found = self.positions(word)
            if not found:
                return None
            lists.append(found)

        def extend(index: int, at: int) -> int | None:
            if index == len(seq):
                return at
            pos = lists[index]
            i = bisect.bisect_right(pos, at)
            while i < len(pos) and pos[i] <= at + 1 + MAX_GAP:
                p = pos[i]
                if self.tokens[p].sentence == self.tokens[at].sentence:
                    end = extend(index + 1, p)
                    if end is not None:
                        return end
                i += 1
            return None

        first = lists[0]
        for p in first[bisect.bisect_left(first, start_at) :]:
            end = extend(1, p)
            if end is not None:
                return p, end
        return None

    def find(self, phrase: str) -> Match | None:
        """The first place the phrase occurs, tolerantly; None if it does not."""
        best: tuple[int, int] | None = None
        for seq in compile_phrase(phrase):
            span = self._sequence(seq)
            if span is not None and (best is None or span[0] < best[0]):
                best = span
        if best is None:
            return None
        return self.match_span(phrase, *best)

    def find_all(self, phrase: str) -> tuple[tuple[int, int], ...]:
        """Every (first, last) token span where the phrase occurs, in reading order."""
        spans: set[tuple[int, int]] = set()
        for seq in compile_phrase(phrase):
            at = 0
            while (span := self._sequence(seq, at)) is not None:
                spans.add(span)
                at = span[0] + 1
        return tuple(sorted(spans))

    def match_span(self, phrase: str, first: int, last: int) -> Match:
        start, end = self.tokens[first].start, self.tokens[last].end
        found = " ".join(self.text[start:end].split())
        if len(found) > EVIDENCE_CHARS:
            found = found[: EVIDENCE_CHARS - 1].rstrip() + "…"
        return Match(phrase, found, start, end)

    def find_any(self, phrases: tuple[str, ...]) -> Match | None:
        """The first of `phrases` (in the given order of preference) that occurs."""
        for phrase in phrases:
            found = self.find(phrase)
            if found is not None:
                return found
        return None
