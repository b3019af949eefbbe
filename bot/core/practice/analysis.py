"""One answer cut into sentences, with what the feedback needs to know about each.

Per sentence: its words and their keys (the matcher's folding, thesaurus and stems, through
`bot.core.practice.phrases`), which words a negation reaches (`stance`), whether it is a
real sentence or a fragment of a list, whether it describes bad practice, and its figures.
Word weights come from how common a word is in English (the spell checker's word counts,
which the matcher already loads): "weeks" or "team" weigh little, "postmortem" or "RACI" a lot.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property, lru_cache

from bot.core.matching.analyze import STOP_WORDS, english_counts
from bot.core.practice import stance
from bot.core.practice.phrases import AnswerText, Token, key

FUNCTION_WORDS = frozenset(STOP_WORDS) | frozenset(
    "a an the of to in on at for with by from and or but so as is are was were be been it its this that these "
    "those i we he she they you my our his her their them us me him who which what when then than there here "
    "had has have did do does not no never just also into about after before because while until".split()
)
"""Words that make a sentence of a list of terms: their share tells prose from keywords."""
_LABEL_WORDS = frozenset({"what", "why", "how", "when", "who", "where"})
"""Question words, which lists of terms use as labels ("PM = what/why"): not counted as function words."""
SUBSTANTIVE_MIN_WORDS = 5
SUBSTANTIVE_FUNCTION_SHARE = 0.25
"""A real sentence has at least this many words, and at least this share of them function words."""
LABEL = re.compile(
    r"^\s*(?:[-*•]\s*)?(?:situation|task|action|actions|result|results|outcome|context|background|"
    r"learning|learnings|lesson|step \d+|phase \d+|\d+[.)])\s*[:\-–—]\s*",
    re.IGNORECASE | re.MULTILINE,
)
"""A label a structured answer puts before its parts: "Situation:", "Result -", "1)"."""
VAGUE = re.compile(
    r"\b(?:make sure|made sure|makes sure|everyone|everything|everybody|all the teams|always|usually|generally|"
    r"in general|try (?:my|our) best|tried (?:my|our) best|as needed|things|stuff|a lot of|lots of|"
    r"(?:is|are) (?:very |really )?(?:important|key|crucial)|and so on|etc)\b",
    re.IGNORECASE,
)
"""Words of a vague claim rather than a story."""
_CAPITAL = re.compile(r"^[A-Z][A-Za-z0-9&]+$|^[A-Z0-9]{2,}$")
_FIGURE = re.compile(
    r"[$£€]\s?\d|\d|\b(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|"
    r"fifty|hundred|thousand|million|billion|dozen|half|doubled|tripled|halved)\b",
    re.IGNORECASE,
)
_OUTCOME = re.compile(
    r"\b(?:reduc\w*|increas\w*|sav\w*|cut|cuts|grew|grow\w*|improv\w*|drop\w*|fell|rose|lower\w*|shorten\w*|"
    r"faster|slower|fewer|less|more|higher|from|down|up|by|within|ahead|early|earlier|late|later|deliver\w*|"
    r"launch\w*|ship\w*|hit|reach\w*|achiev\w*|result\w*|outcome|boost\w*|gain\w*|went live|live|recover\w*|"
    r"moved|kept|avoid\w*|covered|finished|completed|landed|migrated|retained|churn\w*|revenue|chance|"
    r"percent|%|instead of|only|before|after)\b|%",
    re.IGNORECASE,
)


@lru_cache(maxsize=1)
def _counts() -> tuple[Mapping[str, int], float]:
    counts = english_counts()
    return counts, math.log(max(counts.values()) + 1)


RARITY_FLOOR = 5.0
RARITY_SPAN = 7.0
"""A word's weight rises from 0 at e^-5 of the commonest word's count ("team", "clear") to 1 at e^-12 ("escalated")."""


@lru_cache(maxsize=65536)
def weight(word: str) -> float:
    """How much a word says, 0.05 to 1: rarer English words say more; unknown words (acronyms, names) most."""
    if word in FUNCTION_WORDS:
        return 0.0
    counts, top = _counts()
    count = max(counts.get(word, 0), counts.get(word[:-1], 0) if word.endswith("s") else 0)
    rarity = top - math.log(count + 1)
    return max(0.05, min(1.0, (rarity - RARITY_FLOOR) / RARITY_SPAN))


@lru_cache(maxsize=65536)
def is_common(word: str) -> bool:
    """A word too common to mean anything on its own ("weeks", "customers", "lost")."""
    return weight(word) < COMMON_BELOW


COMMON_BELOW = 0.3


@dataclass(frozen=True)
class Sentence:
    index: int
    first: int
    """The position of its first token in the whole answer's tokens."""
    text: str
    """As written (whitespace collapsed)."""
    start: int
    end: int
    """Character offsets in the answer."""
    tokens: tuple[Token, ...]
    negated: frozenset[int]
    """Positions (within `tokens`) a negation reaches."""
    substantive: bool
    bad_cue: str | None
    reflective: bool
    figures: int
    outcome_figures: int
    labelled: bool
    generic: bool = False
    """A vague claim ("I make sure everyone is aligned") with no figure or name in it."""

    @property
    def words(self) -> tuple[str, ...]:
        return tuple(t.word for t in self.tokens)

    def keys(self) -> frozenset[str]:
        """Keys of the words no negation reaches."""
        return self.plain_keys

    @cached_property
    def plain_keys(self) -> frozenset[str]:
        return frozenset(t.key for n, t in enumerate(self.tokens) if n not in self.negated)


@dataclass(frozen=True)
class Analysed:
    text: AnswerText
    sentences: tuple[Sentence, ...]
    words: int
    substantive_share: float
    """Share of the answer's words that stand in real sentences rather than in lists or labels."""
    function_share: float
    proper_names: int
    """Distinct capitalised names and acronyms inside sentences (specifics: "PCI", "Black Friday")."""
    first_person_actions: int
    labels: int


_PAST_IRREGULAR = frozenset(
    "led ran set wrote built met made took brought drove sent spoke gave got found began chose held kept went "
    "told put sat shipped cut sat paid won lost rang".split()
)
_NOT_VERBS = frozenset({"needed", "wanted", "supposed", "used", "based", "interested", "excited", "tasked"})


def _is_action(word: str) -> bool:
    return (word.endswith("ed") and len(word) >= 5 and word not in _NOT_VERBS) or word in _PAST_IRREGULAR


def analyse(answer: str) -> Analysed:
    text = AnswerText(answer)
    tokens = text.tokens
    groups: list[list[int]] = []
    for n, token in enumerate(tokens):
        if not groups or tokens[groups[-1][0]].sentence != token.sentence:
            groups.append([])
        groups[-1].append(n)
    labels = len(LABEL.findall(answer))
    sentences: list[Sentence] = []
    names: set[str] = set()
    actions = 0
    substantive_words = 0
    function_words = 0
    for index, group in enumerate(groups):
        toks = tuple(tokens[n] for n in group)
        words = [t.word for t in toks]
        gaps = [""] + [answer[toks[i - 1].end : toks[i].start] for i in range(1, len(toks))]
        start, end = toks[0].start, toks[-1].end
        line_start = answer.rfind("\n", 0, start) + 1
        labelled = LABEL.match(answer[line_start : end + 1]) is not None
        raw = answer[start:end]
        if labelled:  # "Situation: ..." -- the label is not part of what the sentence says
            m = LABEL.match(answer[line_start:end])
            label_end = line_start + (m.end() if m else 0)
            cut = next((i for i, t in enumerate(toks) if t.start >= label_end), len(toks))
            toks, words, gaps, group = toks[cut:], words[cut:], gaps[cut:], group[cut:]
            raw = answer[label_end:end]
        if not toks:
            continue
        fn = sum(w in FUNCTION_WORDS and w not in _LABEL_WORDS for w in words)
        function_words += fn
        substantive = len(words) >= SUBSTANTIVE_MIN_WORDS and fn / len(words) >= SUBSTANTIVE_FUNCTION_SHARE
        named = False
        if substantive:
            substantive_words += len(words)
            for i, t in enumerate(toks[1:], 1):
                written = answer[t.start : t.end]
                if (
                    _CAPITAL.match(written)
                    and written not in ("I", "I'm", "I've", "I'd")
                    and words[i] not in FUNCTION_WORDS
                ):
                    names.add(t.word)
                    named = True
            actions += sum(
                1
                for i in range(len(words) - 1)
                if words[i] == "i"
                and (
                    _is_action(words[i + 1])
                    or (i + 2 < len(words) and words[i + 1].endswith("ly") and _is_action(words[i + 2]))
                )
            )
        negated = stance.negated_positions(words, gaps)
        figures = len(_FIGURE.findall(raw))
        outcome = figures if figures and substantive and _OUTCOME.search(raw) else 0
        sentences.append(
            Sentence(
                index=index,
                first=group[0],
                text=" ".join(raw.split()),
                start=toks[0].start,
                end=end,
                tokens=toks,
                negated=negated,
                substantive=substantive,
                bad_cue=stance.bad_practice_cue(words, negated),
                reflective=stance.is_reflection(stance.folded(words)),
                figures=figures,
                outcome_figures=outcome,
                labelled=labelled,
                generic=not figures and not named and VAGUE.search(raw) is not None,
            )
        )
    count = len(tokens)
    return Analysed(
        text=text,
        sentences=tuple(sentences),
        words=count,
        substantive_share=substantive_words / count if count else 0.0,
        function_share=function_words / count if count else 0.0,
        proper_names=len(names),
        first_person_actions=actions,
        labels=labels,
    )


def content_keys(text: str) -> dict[str, float]:
    """The keys of the meaningful words of a knowledge text, each with its weight (the highest of its words)."""
    found: dict[str, float] = {}
    for token in AnswerText(text).tokens:
        w = weight(token.word)
        if w > 0 and len(token.word) > 2:
            found[token.key] = max(found.get(token.key, 0.0), w)
    return found


__all__ = ["Analysed", "Sentence", "analyse", "content_keys", "is_common", "key", "weight"]
