"""From a message as typed in Slack to the terms the matcher compares.

People write "whats the diff btwn a TPM & a pgm?? <@U123> :thinking_face:". The
matcher should see {difference, @role:technical-program-manager, @role:program-manager}:
Slack markup and emoji gone, role names turned into role terms (so "TPMs", "tech program
mgr" and "technical program managers" meet), abbreviations and British spellings made
common, typos corrected against the words the knowledge base actually uses, and the rest
stemmed so "managing", "management" and "manager" count as one word.
"""

from __future__ import annotations

import heapq
import html
import itertools
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

import snowballstemmer
from rapidfuzz import fuzz, process

from bot.core.matching.thesaurus import THESAURUS
from bot.core.names import Ambiguous, Resolved, RoleResolver
from bot.core.text import WORD as _WORD
from bot.core.text import fold, singular, word_table, words

_USER = re.compile(r"<@[A-Za-z0-9]+(?:\|[^>]*)?>")
_CHANNEL = re.compile(r"<#[A-Za-z0-9]+(?:\|([^>]*))?>")
_LINK = re.compile(r"<[a-z]+:[^|>]*(?:\|([^>]*))?>")
_SPECIAL = re.compile(r"<![^>]*>")
_EMOJI = re.compile(r":[a-z0-9_+'-]+:")

STOP_WORDS = frozenset(
    [
        "a",
        "about",
        "above",
        "after",
        "again",
        "all",
        "also",
        "am",
        "an",
        "and",
        "any",
        "are",
        "as",
        "at",
        "be",
        "been",
        "being",
        "but",
        "by",
        "can",
        "could",
        "did",
        "do",
        "does",
        "doing",
        "done",
        "during",
        "each",
        "else",
        "ever",
        "for",
        "from",
        "get",
        "gets",
        "got",
        "had",
        "has",
        "have",
        "having",
        "he",
        "her",
        "here",
        "hers",
        "him",
        "his",
        "how",
        "i",
        "if",
        "in",
        "into",
        "is",
        "it",
        "its",
        "just",
        "let",
        "lets",
        "me",
        "might",
        "more",
        "most",
        "much",
        "must",
        "my",
        "myself",
        "no",
        "nor",
        "not",
        "now",
        "of",
        "off",
        "on",
        "once",
        "only",
        "or",
        "other",
        "our",
        "ours",
        "out",
        "over",
        "own",
        "please",
        "pls",
        "plz",
        "quick",
        "quickly",
        "really",
        "same",
        "she",
        "should",
        "so",
        "some",
        "such",
        "than",
        "that",
        "thats",
        "the",
        "their",
        "them",
        "then",
        "there",
        "these",
        "they",
        "this",
        "those",
        "though",
        "to",
        "too",
        "u",
        "ur",
        "us",
        "very",
        "was",
        "we",
        "were",
        "what",
        "whats",
        "when",
        "where",
        "which",
        "while",
        "who",
        "whom",
        "whose",
        "why",
        "will",
        "with",
        "would",
        "yeah",
        "yes",
        "yet",
        "you",
        "your",
        "yours",
        "hey",
        "hi",
        "hello",
        "thanks",
        "thank",
        "thx",
        "ty",
        "anyone",
        "someone",
        "somebody",
        "guys",
        "folks",
        "team",
        "everyone",
        "question",
        "questions",
        "wondering",
        "curious",
        "know",
        "tell",
        "explain",
        "like",
        "kind",
        "sort",
        "actually",
        "basically",
        "honestly",
        "im",
        "ive",
        "id",
        "dont",
        "doesnt",
        "isnt",
        "arent",
        "cant",
        "wont",
        "thing",
        "things",
        "stuff",
        "say",
        "said",
        "ok",
        "okay",
    ]
) | frozenset(
    "anyway anyways btw dumb even exactly haha hmm idk imo kinda literally lmao lol lowkey ngl omg rn silly sorta stupid tbh tho ugh".split()
)
"""Words that carry no meaning for matching; question words are dropped too, as every entry has them, and
so are the fillers of chat ("lol", "tbh", "dumb q but…"): counted as words the knowledge never uses, they
would push a plain question below the answer score."""

SYNONYMS: dict[str, str] = word_table(
    """
    btwn=between bw=between mgmt=management mgr=manager mgrs=manager pgms=pgm pms=pm resp=responsibility
    qa=quality biz=business sr=senior snr=senior jr=junior prep=prepare preparing=prepare
    preparation=prepare ppl=people yrs=years w=with roadmaps=roadmap comms=communication
    mean=stand means=stand meaning=stand
    """
)
"""Short forms people type, spelt out; words that mean the same are folded by the thesaurus after this."""

_ASKS_WHAT_IT_STANDS_FOR = frozenset(
    "it that this they them those these really actually even exactly ever always usually sometimes also still "
    "normally typically generally commonly just pmp kpi kpis okr okrs prd pmo raci".split()
)
"""Besides the roles' abbreviations, the words after which "mean" asks what something stands for ("what does
it mean", "what does pmp even mean"); anywhere else ("what does change management mean for a project
manager") it asks what a thing is, or implies, and is dropped."""
_MEAN = frozenset({"mean", "means"})
_NUMBER_OF = re.compile(r"#\s*(?=of\b)")
_PM_SAID = re.compile(
    r"\bpms?\b((?: [a-z]+){0,3}) ?\( ?(?:the )?(product|project)( manager| mgr| management| side| one)?,?"
    r"( not (the )?(product|project)\w*)? ?\)"
)
"""A PM whose reading the message gives in brackets: "pm (product not project)" is a product manager."""
PHRASES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(rf"\b{pattern}\b"), replacement)
    for pattern, replacement in (
        (r"short for", "stand for"),
        (r"day[- ]to[- ]day", "daily"),
        (r"in a nutshell", "overview"),
        (r"tl;? ?dr", "overview"),
        (r"go next", "career"),
        (r"(my|your|their|typical|usual|a good|the best|best) next (career )?(move|moves)", "career"),
        (r"career[- ]wise", "career"),
        (r"do(es)? a good job", "success"),
        (r"good job", "success"),
        (r"report(s)? to", "reports_to"),
        (r"in plain english", "overview"),
        (r"like (i'?m|im) (5|five)", "overview"),
        (r"\beli5\b", "overview"),
        (r"in (simple|plain) (terms|words)", "overview"),
        (r"in (a|one) sentence", "overview"),
        (r"in short", "overview"),
        (r"(in )?(1|one|a)[- ]?(line|liner|sentence)r?", "overview"),
        (r"(quick|short|brief) version", "overview"),
        (r"(is|sounds like|describes) me", "suits me"),
        (r"(mean|means|meant) by", "is"),  # "what do they mean by change management": a definition
        (r"centre", "center"),
        (r"on the hook for", "responsibility"),
        (r"in charge of", "responsibility"),
        (r"accountable for", "responsibility"),
        (r"c-? ?suite", "executive"),
        (r"senior leaders(hip)?", "executive"),
        (r"look(ing)? for", "assess"),
        (r"want(s)? to see", "assess"),
        (r"time ?zones?", "timezone"),
        (r"how much (do|does|can|will|would) (\w+ ){0,4}(make|earn)", "salary"),
        (r"how much (do|does|is|are|will) (\w+ ){0,5}cost", "price"),
        (r"ms project", "microsoft project"),
        (r"pmf", "product market fit"),
        (r"&amp;", "and"),
    )
)
"""Multi-word expressions that mean one thing, rewritten before the text is split into words."""
_ANY_PHRASE = re.compile("|".join(f"(?:{pattern.pattern})" for pattern, _ in PHRASES))
"""One pass that tells whether any phrase occurs at all: most texts have none."""

PRACTICE_CUES = frozenset(
    [
        "practice",
        "practise",
        "practicing",
        "practising",
        "mock",
        "quiz",
        "q",
        "qs",
        "rehearse",
        "rehearsing",
        "drill",
    ]
)
"""Words that say "this is an interview question to practise": a hint, not a topic."""

_BRITISH = (("isation", "ization"), ("ising", "izing"), ("ised", "ized"), ("ise", "ize"), ("our", "or"))
_KEEP_ISE = frozenset(
    [
        "advise",
        "enterprise",
        "exercise",
        "expertise",
        "otherwise",
        "promise",
        "compromise",
        "premise",
        "surprise",
        "supervise",
        "revise",
        "raise",
        "rise",
        "precise",
        "concise",
        "franchise",
        "merchandise",
        "noise",
        "wise",
        "praise",
        "cruise",
        "comprise",
        "devise",
        "disguise",
        "arise",
        "paradise",
    ]
)
_OUR_WORDS = frozenset({"behaviour", "behaviours", "behavioural", "favour", "favourite", "labour", "honour"})

_stemmer = snowballstemmer.stemmer("english")
ROLE_PREFIX = "@role:"
ALIAS_PREFIX = "@alias:"


def _synonym(word: str) -> str:
    word = SYNONYMS.get(word, word)
    return THESAURUS.get(word, word)


def strip_slack(text: str) -> str:
    """Plain words from Slack's message markup: mentions, channel links, URLs, entities and emoji."""
    if "<" not in text and ":" not in text and "&" not in text:
        return text  # nothing to strip, as in every knowledge text: the index analyses hundreds of thousands
    text = _USER.sub(" ", text)
    text = _CHANNEL.sub(lambda m: f" {m.group(1) or ''} ", text)
    text = _LINK.sub(lambda m: f" {m.group(1) or ''} ", text)
    text = _SPECIAL.sub(" ", text)
    return _EMOJI.sub(" ", html.unescape(text))


def americanize(word: str) -> str:
    if word in _OUR_WORDS:
        return word.replace("our", "or")
    if len(word) > 6 and word not in _KEEP_ISE:
        for british, american in _BRITISH[:4]:
            if word.endswith(british):
                return word[: -len(british)] + american
    return word


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    return _stemmer.stemWord(americanize(word))


@dataclass(frozen=True)
class Analysis:
    """A message reduced to what matching needs."""

    terms: tuple[str, ...]
    """Stems and role terms, in order, without stop words."""
    mentions: tuple[Resolved | Ambiguous, ...]
    bare: tuple[bool, ...]
    """Per mention: named only by a bare "project", "product" or "program", weak evidence of a role."""
    words: tuple[str, ...]
    """The words as typed (folded), for intent cues."""
    practice_cue: bool = False
    common: frozenset[str] = frozenset()
    """Terms of everyday English words the knowledge base never uses ("fumbled", "seattle"): they weigh
    less against a match than made-up or misspelt words do."""
    background: frozenset[str] = frozenset()
    """In a long message, the terms found only outside the sentence that asks: the asker's situation."""
    text: str = ""
    """The message as it was analysed, for a scorer that reads the text whole."""


def role_term(role_id: str) -> str:
    return ROLE_PREFIX + role_id


def mention_terms(mention: Resolved | Ambiguous) -> list[str]:
    if isinstance(mention, Ambiguous):
        return [ALIAS_PREFIX + mention.alias.alias.lower()]
    return [role_term(mention.role.id)]


ABBREVIATION_TERM = "abbrevi"
"""The term of "abbreviation", "stand for", "mean" (see the thesaurus and SYNONYMS)."""
NAMING_CUES = frozenset(
    "call calls called calling write writes wrote writing mean means meant stand stands short acronym acronyms "
    "abbreviation abbreviations abbreviate abbreviated says said titled isnt label labelled labeled".split()
)
"""Words that show a message is about what an abbreviation names ("they call project managers pgm"), not
about the roles themselves ("how does a pgm work with project managers")."""
STRONG_ASK_CUES = frozenset("vs versus difference differ diff compare compared".split())
"""A comparison asked ("tpm vs technical project manager") is about the roles, whatever else is said."""


def _names_another_reading(mentions: Sequence[Resolved | Ambiguous]) -> bool:
    """True when an abbreviation read in its usual sense ("pgm": program manager) comes with another of its
    readings named in full (project manager): the message is about what the abbreviation means."""
    resolved = [m for m in mentions if isinstance(m, Resolved)]
    for mention in resolved:
        if mention.assumed is not None:
            others = {r for r in mention.assumed.roles if r != mention.role.id}
            if any(m.assumed is None and m.role.id in others for m in resolved):
                return True
    return False


_DISTINCT_STEMS = frozenset({"product", "project", "program", "programm"})
"""Stems never folded into a shorter one: "product" must not become "produce"."""

_ARTICLES = frozenset({"the", "a", "an", "of", "for"})
_BARE_WORDS = frozenset({"project", "product", "program", "projects", "products", "programs", "programme"})


WORD_CACHE_SIZE = 200_000
LONG_MESSAGE_WORDS = 25
"""From this many words on, a message is read as background around an ask."""
_SENTENCE_END = re.compile(r"(?<=[.!?;])\s+|\n+|\s+-\s+|\s+—\s+")
_ASKS = re.compile(
    r"^\W*(so |and |but |ok |anyway |basically |my question is |question: )*(what|whats|what's|how|which|who|why|"
    r"when|where|is|are|do|does|did|should|can|could|would|will|any|anyone)\b"
)


_REPORTED = re.compile(
    r"\b(asked|asks|asking|wants to know|want to know|wanted to know|wonders|wondered|wondering|told|tells|"
    r"keeps asking|would like to know)( me| us| the team| everyone| our team)?( about)?\b"
)
"""Where an asker reports someone else's question ("our CTO asked me which numbers…"): what follows asks."""


_PIVOT = re.compile(
    r"(?:^|[.,;:!?)]\s*|\s[-—]\s)\W{0,8}(?:(?:ok|so|but|lol|haha|hey) )*"
    r"(?:unrelated|anyway|anyways|anyhow|btw|by the way|side note|on another note|"
    r"(?:a )?(?:separate|different|other|random|quick|dumb|real|actual) (?:q|qn|question)|"
    r"(?:but|so|and) my (?:real |actual |main )?question is)"
    r"(?: (?:but|though|tho))?\s*[:,-]?\s*"
    r"(?=(?:what|whats|how|which|who|whos|why|when|where|is|are|do|does|did|can|could|should|would|will)\b)"
)
"""Where an asker says the rest is a new question ("saw a PM get promoted. unrelated: does a program manager
need to be technical?"): a pivot word opening a clause, followed by a question. Used as a word inside a
question ("is program management unrelated to…", "what does a tpm do anyway and…") it is no pivot."""


def after_pivot(text: str) -> str | None:
    """The question after the last pivot ("unrelated:", "anyway,", "dumb q but"), folded, or None if there
    is none or nothing of a question after it."""
    folded = fold(text)
    found = list(_PIVOT.finditer(folded))
    if not found:
        return None
    tail = folded[found[-1].end() :]
    return tail if len(tail.split()) >= 3 else None


_RUNS = re.compile(r"\s{2,}")


def _squeezed(text: str) -> str:
    """Runs of whitespace as one space, or one newline where they held one: sentence splitting stays
    linear however much whitespace a message has."""
    return _RUNS.sub(lambda m: "\n" if "\n" in m.group() else " ", text)


def asking_part(text: str) -> str | None:
    """The part of a message that asks, or None when it is all ask.

    "We're a team of twelve across three time zones … Leadership is restructuring. What skills does a
    program manager need?": the last sentence is the question, the rest is the asker's situation. So is
    "our CTO asked me" in "our CTO asked me which numbers to track for the migration program"."""
    plain = _squeezed(strip_slack(text))
    reported = _REPORTED.search(fold(plain))
    # "the interviewer asked…" is the subject of the question, not background.
    if (
        reported
        and len(plain[reported.end() :].split()) >= 3
        and reported.start() > 0
        and ("interview" not in fold(plain[: reported.start()]))
    ):
        return plain[reported.end() :]
    if len(plain.split()) < LONG_MESSAGE_WORDS:
        return None
    sentences = [s.strip() for s in _SENTENCE_END.split(plain) if s.strip()]
    if len(sentences) < 2:
        return None
    asking = [s for s in sentences if s.endswith("?")] or [s for s in sentences if _ASKS.match(fold(s))][-1:]
    if not asking or len(asking) == len(sentences):
        return None
    return " ".join(asking)


def questions_asked(text: str) -> str | None:
    """The sentences that end in a question mark, when a message also has others ("is PgM the same as
    program manager? saw it in a doc from the london team"); None otherwise."""
    sentences = [s.strip() for s in _SENTENCE_END.split(_squeezed(strip_slack(text))) if s.strip()]
    asking = [s for s in sentences if s.endswith("?")]
    return " ".join(asking) if asking and len(asking) < len(sentences) else None


LONGEST_WORD = 30
"""Longer than any word worth correcting: a 20,000-letter "word" is left as it is, not tried letter by letter."""


@dataclass(frozen=True)
class Vocabulary:
    """The knowledge base's words (typos are corrected towards them), their stems, and its word pairs
    (so "datacenter" splits where the knowledge also writes "data center"). Learnt once, before any
    analyser is built, and saved with a cached index."""

    words: tuple[str, ...]
    known: frozenset[str]
    stems: frozenset[str]
    pairs: frozenset[str]

    @classmethod
    def learn(cls, resolver: RoleResolver, texts: Iterable[str] = ()) -> Vocabulary:
        vocabulary: set[str] = set()
        pairs: set[str] = set()
        for text in texts:
            found = words(text)
            vocabulary.update(found)
            pairs.update(a + b for a, b in itertools.pairwise(found))
        known = {w for w in vocabulary if len(w) >= 3 and not w.isdigit()}
        known |= {w for name in resolver.names() for w in words(name)}
        ordered = tuple(sorted(known | set(SYNONYMS) | set(THESAURUS)))
        stems = frozenset(stem(w) for w in ordered if w not in STOP_WORDS)
        return cls(ordered, frozenset(ordered), stems, frozenset(pairs))


class Analyzer:
    """Analyses texts against one knowledge base: its role names and its vocabulary, both fixed."""

    def __init__(self, resolver: RoleResolver, vocabulary: Vocabulary | None = None) -> None:
        self.resolver = resolver
        self.vocabulary = vocabulary if vocabulary is not None else Vocabulary.learn(resolver)
        self._vocabulary = self.vocabulary.words
        self._known = self.vocabulary.known
        self._stems = self.vocabulary.stems
        self._pairs = self.vocabulary.pairs
        self._split_cache: dict[str, tuple[str, ...]] = {}
        self._fix_cache: dict[str, str] = {}
        self._term_cache: dict[str, tuple[str | None, bool]] = {}
        self._correct_cache: dict[str, str] = {}
        self._stands_for = (
            _ASKS_WHAT_IT_STANDS_FOR
            | {name for name in map(str.lower, resolver.names()) if " " not in name and len(name) <= 5}
            | {name + "s" for name in map(str.lower, resolver.names()) if " " not in name and len(name) <= 5}
        )

    def analyze(self, text: str) -> Analysis:
        analysis = replace(self._analyze(text), text=text)
        ask = asking_part(text)
        if ask is None:
            return analysis
        asked = set(self._analyze(ask).terms)
        return replace(analysis, background=frozenset(t for t in analysis.terms if t not in asked))

    def _analyze(self, text: str) -> Analysis:
        plain = _NUMBER_OF.sub("number ", fold(strip_slack(text)))  # "# of projects"
        plain = _PM_SAID.sub(r"\2 manager\1", plain)
        if _ANY_PHRASE.search(plain):
            for pattern, replacement in PHRASES:
                plain = pattern.sub(replacement, plain)
        found = _WORD.findall(plain.replace("'", ""))
        found = [w for n, w in enumerate(found) if w not in _MEAN or (n and found[n - 1] in self._stands_for)]
        typed = [w for word in found for w in self._split(word)]
        practice_cue = any(w in PRACTICE_CUES for w in typed)
        typed = [self._fixed(w) for w in typed if w not in PRACTICE_CUES]
        scan = self.resolver.scan_words(typed, correct=False)  # typos were fixed above, English-aware
        terms: list[str] = []
        common: set[str] = set()
        bare: list[bool] = []
        spans = dict(
            zip((s for s, _ in scan.spans), zip(scan.spans, scan.mentions, strict=True), strict=True)
        )
        i = 0
        while i < len(typed):
            if i in spans:
                (start, end), mention = spans[i]
                named = [w for w in typed[start:end] if w not in _ARTICLES]
                is_bare = len(named) == 1 and named[0] in _BARE_WORDS
                # A bare "program" is usually the thing itself ("our program slipped"), so it matches as a word.
                terms += [stem(typed[start])] if is_bare else mention_terms(mention)
                bare.append(is_bare)
                i = end
                continue
            term, is_common = self._term(typed[i])
            if term is not None:
                terms.append(term)
                if is_common:
                    common.add(term)
            i += 1
        if (
            _names_another_reading(scan.mentions)
            and NAMING_CUES.intersection(found)
            and not STRONG_ASK_CUES.intersection(found)
        ):
            terms.append(ABBREVIATION_TERM)  # "they call project managers pgm, isn't pgm program manager?"
        return Analysis(
            tuple(terms),
            scan.mentions,
            tuple(bare),
            tuple(typed),
            practice_cue,
            frozenset(common),
        )

    # Per-word steps, remembered: the index analyses every phrasing of every entry, and at 100,000
    # entries the same few thousand words come back hundreds of times.

    def _split(self, word: str) -> tuple[str, ...]:
        found = self._split_cache.get(word)
        if found is None:
            found = tuple(_synonym(w) for w in self._split_compounds([word]))
            self._remember(self._split_cache, word, found)
        return found

    def _fixed(self, word: str) -> str:
        found = self._fix_cache.get(word)
        if found is None:
            found = _synonym(self.correct(word))
            self._remember(self._fix_cache, word, found)
        return found

    def _term(self, word: str) -> tuple[str | None, bool]:
        found = self._term_cache.get(word)
        if found is None:
            if word in STOP_WORDS or word.isdigit():
                found = (None, False)
            else:
                found = (self._canonical(stem(word)), word not in self._known and is_english(word))
            self._remember(self._term_cache, word, found)
        return found

    @staticmethod
    def _remember(cache: dict, key: str, value: object) -> None:
        if len(cache) >= WORD_CACHE_SIZE:  # messages bring new words forever: never grow without bound
            cache.clear()
        cache[key] = value

    def _canonical(self, stemmed: str) -> str:
        """One stem for word families the stemmer splits ("deliv" for deliver, deliverables, delivery)."""
        for n in range(5, len(stemmed)):
            if len(stemmed) - n <= 3 and stemmed[:n] in self._stems and stemmed not in _DISTINCT_STEMS:
                return stemmed[:n]
        return stemmed

    def _split_compounds(self, typed: list[str]) -> list[str]:
        """ "datacenter" -> "data center", when both halves are words the knowledge uses."""
        out: list[str] = []
        for word in typed:
            # an English word ("weekend") is never split: only run-together words ("datacenter") are
            unknown = word not in self._known and self.correct(word) == word and not is_english(word)
            if len(word) >= 7 and word not in THESAURUS and (unknown or word in self._pairs):
                cut = next(
                    (
                        n
                        for n in range(3, len(word) - 2)
                        if word[:n] in self._known and word[n:] in self._known
                    ),
                    None,
                )
                if cut is not None:
                    out += [word[:cut], word[cut:]]
                    continue
            out.append(word)
        return out

    def correct(self, word: str) -> str:
        """Correct a typo towards the knowledge's words; a real English word ("lunch") is never a typo."""
        if (
            not 4 <= len(word) <= LONGEST_WORD
            or word in self._known
            or word in STOP_WORDS
            or word.isdigit()
            or is_english(word)
        ):
            return word
        found = self._slip(word)
        if found is None:
            found = self._correct_cache.get(word)
            if found is None:
                found = _correct(word, self._vocabulary)
                self._remember(self._correct_cache, word, found)
        return found

    def _slip(self, word: str) -> str | None:
        """The knowledge word one slip of the fingers away: two letters swapped ("mircosoft"), a letter
        doubled ("asanna") or a double letter typed once ("comitee"). These are the commonest typos and
        fuzzy ratios undervalue them in short words, so they are tried first, exactly."""
        found = [word[:n] + word[n + 1] + word[n] + word[n + 2 :] for n in range(len(word) - 1)]
        found += [word[:n] + word[n + 1 :] for n in range(1, len(word)) if word[n] == word[n - 1]]
        found += [word[:n] + word[n] + word[n:] for n in range(len(word))]
        return next((w for w in found if w != word and w in self._known and w not in STOP_WORDS), None)


ENGLISH_MIN_COUNT = 50
"""A word seen fewer times than this in the spell checker's corpus is treated as a possible typo."""


@lru_cache(maxsize=1)
def english_counts() -> Mapping[str, int]:
    """The spell checker's English word counts, loaded once (0.4 s) for everything that reads them."""
    from spellchecker import SpellChecker  # loaded on first use: only questions need it, not /role-diff

    return SpellChecker(distance=1).word_frequency.dictionary


@lru_cache(maxsize=1)
def _english() -> frozenset[str]:
    return frozenset(word for word, count in english_counts().items() if count >= ENGLISH_MIN_COUNT)


def is_english(word: str) -> bool:
    return word in _english() or (word.endswith("s") and singular(word) in _english())


def _correct(word: str, vocabulary: tuple[str, ...]) -> str:
    """The knowledge word this is a typo of: at most one slip in short words, two in long ones."""
    cutoff = 80 if len(word) <= 6 else 75
    candidates = [v for v in vocabulary if abs(len(v) - len(word)) <= 2 and v[0] == word[0]] or vocabulary
    match = process.extractOne(word, candidates, scorer=fuzz.ratio, score_cutoff=cutoff)
    if match is None:
        match = process.extractOne(word, vocabulary, scorer=fuzz.ratio, score_cutoff=cutoff + 8)
    return match[0] if match else word


GENERIC_RANK = 500
"""The most frequent English words (the spell checker's counts) up to this rank say little of what a
message is about: "good", "right", "world", "own", "time"."""


@lru_cache(maxsize=1)
def generic_stems() -> frozenset[str]:
    counts = english_counts()
    commonest = heapq.nlargest(GENERIC_RANK, counts, key=counts.__getitem__)
    return frozenset(stem(w) for w in commonest if w.isalpha())


def is_generic(term: str) -> bool:
    """Whether a term (a stem) is one of English's commonest words: sharing it says nothing of the subject."""
    return term in generic_stems()
