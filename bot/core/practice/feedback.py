"""Feedback on a practice answer, judged the way an interviewer would: deterministic,
explainable, and free of Slack.

`assess(prompt, answer, others)` reads the answer sentence by sentence (`analysis`) and
says why for every verdict:

- **Relevance first** (`relevance`). An answer that is not about this question (a good answer to
  another one, say) is told so and scores at most `OFF_TOPIC_CAP`, whatever words it contains; one
  in doubt, or that never names what the question is about, is scored lower in proportion.
- **Evidence in context.** A rubric point is covered by one sentence that does what the
  point's "shows" describes: its meaningful words (matched through the matcher's folding,
  thesaurus and stems, rare words weighing more) and its signals (phrases count fully; a
  single common word barely counts). The quote is that sentence.
- **Stance** (`stance`). Words a negation reaches in their clause are no evidence; a
  sentence describing bad practice ("kept the status green", "never tracked risks") is
  evidence against, and two or more of them cap the score at `BAD_PRACTICE_CAP`.
- **Substance.** Lists of terms and labels without sentences earn nothing (an answer mostly
  made of them scores at most `LIST_CAP`); structure labels ("Situation:") are not structure;
  a number counts as a result only in a sentence that says what changed.
- **Shape.** Behavioural answers are checked for STAR; program-sense and scenario answers for a
  plan's parts; role-distinction answers for a contrast, an example and a takeaway.

The score, 0 to 100, and its band in words are explained by `ScoreBreakdown`. The same answer
always gets the same feedback: nothing here depends on time, randomness or set order.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum
from pathlib import Path

import yaml

from bot.core.models import PracticeKind, PracticePrompt, RubricPoint
from bot.core.practice.analysis import Analysed, Sentence, analyse
from bot.core.practice.phrases import AnswerText, Match
from bot.core.practice.relevance import Relevance, relevance
from bot.core.practice.rubric import (
    COVERED_FROM,
    GENERIC_FACTOR,
    NOT_SUBSTANTIVE_FACTOR,
    OVERLAP_FULL,
    PointModel,
    models,
)

RUBRIC_WEIGHT = 50
SPECIFICS_WEIGHT = 20
STRUCTURE_WEIGHT = 15
LENGTH_WEIGHT = 15
OFF_TOPIC_CAP = 8
LIST_CAP = 10
BAD_PRACTICE_CAP = 10
ONE_BAD_PRACTICE_PENALTY = 15
BAD_PRACTICE_SHARE = 0.2
"""One sentence of bad practice in five or fewer is what the answer is about, not a slip in a long story:
it caps the score at `ONE_BAD_PRACTICE_CAP`."""
ONE_BAD_PRACTICE_CAP = 15
STRETCH_FROM = 55
STRETCH = 1.3
"""Above `STRETCH_FROM` the sum of the parts is stretched by `STRETCH`: interviewers give a complete,
specific answer 85 to 95, which the parts alone reach only with every point in the rubric's own terms.
Monotone, so it keeps the order of answers; below the mark nothing changes."""
SHORT_ANSWER_CAP = 40
"""The best score an answer of 30 words or fewer can get: it cannot show enough. The cap rises by half a
point a word from there, to 55 at `TOO_SHORT_BELOW` words."""
SUBSTANCE_MIN_SHARE = 0.5
"""An answer with less than this share of its words in real sentences is a list, not an answer."""
QUOTE_CHARS = 160

TOO_SHORT_BELOW = 60
GOOD_FROM = 120
GOOD_UP_TO = 400
LONG_OVER = 500
MAX_NEXT_STEPS = 3
MAX_RUBRIC_STEPS = 2
"""Missing points among the next steps: the feedback lists them all above; the steps pick the first."""
MAX_FIGURES = 6


class Band(StrEnum):
    STRONG = "strong"
    SOLID = "solid"
    NEEDS_WORK = "needs work"
    NOT_AN_ANSWER = "not yet an answer to this question"


STRONG_FROM = 75
SOLID_FROM = 55


class LengthVerdict(StrEnum):
    EMPTY = "empty"
    TOO_SHORT = "too short"
    SHORT = "short"
    GOOD = "good"
    FULL = "full"
    LONG = "long"


@dataclass(frozen=True)
class Length:
    words: int
    verdict: LengthVerdict
    reason: str
    points: int
    """Unused by the score (see `ScoreBreakdown.length`); kept for the verdict's order."""


@dataclass(frozen=True)
class RubricCheck:
    """One rubric point of the prompt, covered or not, and why."""

    name: str
    shows: str
    covered: bool
    signal: str | None
    """The signal that matched, as the rubric writes it, if one did."""
    evidence: str | None
    """The sentence of the answer that shows the point, as written there."""
    reason: str
    strength: float = 0.0
    """How well the best sentence shows the point, 0 to 1."""
    against: str | None = None
    """A sentence that says the opposite ("we never tracked risks"), when there is one."""


@dataclass(frozen=True)
class StructurePart:
    """One part of the expected shape (Situation, Risks...), found or not, and why."""

    name: str
    found: bool
    evidence: str | None
    """The words of the answer that show it."""
    hint: str
    """What the part is, and so what to add when it is missing."""
    reason: str


@dataclass(frozen=True)
class ScoreBreakdown:
    """How the score was reached: its parts, and any cap."""

    rubric: float
    specifics: float
    structure: float
    length: float
    cap: int | None
    """Set when a cap lowered the total (off topic, a list, bad practice, very short)."""
    cap_reason: str | None
    total: int


@dataclass(frozen=True)
class Feedback:
    prompt_id: str
    kind: PracticeKind
    score: int
    """0 to 100: what storage keeps and progress averages."""
    band: Band
    breakdown: ScoreBreakdown
    relevance: Relevance
    rubric: tuple[RubricCheck, ...]
    structure: tuple[StructurePart, ...]
    """The parts that count for this prompt's kind (STAR for behavioural prompts)."""
    star: tuple[StructurePart, ...]
    """Situation, task, action, result: detected for every answer."""
    figures: tuple[str, ...]
    """Numbers in the answer's sentences, as written ("12", "three weeks", "40%")."""
    measurable: tuple[str, ...]
    """Measurable results among them ("cut release time by 40%" gives "40%")."""
    length: Length
    substance: float
    """Share of the answer's words in real sentences, not lists or labels."""
    bad_practice: tuple[str, ...]
    """Sentences that describe what interviewers mark down, as written."""
    next_steps: tuple[str, ...]
    covered_points: tuple[str, ...] = field(init=False)
    """Names of the rubric points covered: what storage keeps, rather than the answer's text."""
    missed_points: tuple[str, ...] = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "covered_points", tuple(c.name for c in self.rubric if c.covered))
        object.__setattr__(self, "missed_points", tuple(c.name for c in self.rubric if not c.covered))

    @property
    def is_answer(self) -> bool:
        return self.band is not Band.NOT_AN_ANSWER

    def explain(self) -> dict[str, object]:
        """Everything that explains the score, as plain data (for `rolebot practice feedback --json`)."""
        b = self.breakdown
        return {
            "prompt": self.prompt_id,
            "score": self.score,
            "band": self.band.value,
            "breakdown": {
                "rubric": b.rubric,
                "specifics": b.specifics,
                "structure": b.structure,
                "length": b.length,
                "cap": b.cap,
                "cap_reason": b.cap_reason,
            },
            "relevance": {
                "on_topic": self.relevance.on_topic,
                "similarity": round(self.relevance.similarity, 3),
                "closest_other": self.relevance.closest_other,
                "other_similarity": round(self.relevance.other_similarity, 3),
                "chance_off_topic": round(self.relevance.chance_off_topic, 3),
                "reason": self.relevance.reason,
                "names_core": self.relevance.names_core,
                "topic_share": round(self.relevance.topic_share, 2),
                "factor": round(self.relevance.factor, 2),
            },
            "rubric": [
                {
                    "name": c.name,
                    "covered": c.covered,
                    "strength": round(c.strength, 2),
                    "evidence": c.evidence,
                    "signal": c.signal,
                    "against": c.against,
                    "good_answer": c.shows,
                }
                for c in self.rubric
            ],
            "structure": [{"name": p.name, "found": p.found, "evidence": p.evidence} for p in self.structure],
            "figures": list(self.figures),
            "measurable": list(self.measurable),
            "words": self.length.words,
            "substance": round(self.substance, 2),
            "bad_practice": list(self.bad_practice),
            "next_steps": list(self.next_steps),
        }


# --- structure cues ---------------------------------------------------------------------


@dataclass(frozen=True)
class _Part:
    name: str
    hint: str
    cues: tuple[str, ...]
    step: str
    """The next step that asks for this part."""


def _load_parts() -> dict[str, tuple[_Part, ...]]:
    """The parts of each shape, from structure.yaml beside this module (data, so it can grow)."""
    data = yaml.safe_load((Path(__file__).with_name("structure.yaml")).read_text(encoding="utf-8"))
    return {
        shape: tuple(_Part(p["name"], p["hint"], tuple(p["cues"]), p["step"]) for p in parts)
        for shape, parts in data.items()
    }


_SHAPES = _load_parts()
STAR = _SHAPES["behavioural"]
SITUATION, TASK, ACTION, RESULT = STAR
PLAN = _SHAPES["plan"]
CLARIFY, STEPS, RISKS, STAKEHOLDERS = PLAN
DISTINCTION = _SHAPES["role_distinction"]
CONTRAST, EXAMPLE, TAKEAWAY = DISTINCTION

PARTS_BY_KIND: dict[PracticeKind, tuple[_Part, ...]] = {
    PracticeKind.BEHAVIOURAL: STAR,
    PracticeKind.PROGRAM_SENSE: PLAN,
    PracticeKind.SCENARIO: PLAN,
    PracticeKind.ROLE_DISTINCTION: DISTINCTION,
}
"""The structure that counts towards the score, per kind of prompt."""

_SUBJECTS = frozenset({"i"})
_ADVERB = re.compile(r"^[a-z]{3,}ly$")
_IRREGULAR = frozenset(
    "led ran set wrote built met made took brought drove sent spoke gave got found began chose held kept went "
    "told put sat shipped cut".split()
)
_NOT_ACTIONS = frozenset({"needed", "wanted", "tasked", "supposed", "used", "based", "interested", "excited"})
_STEP_WORDS = frozenset({"phase", "step", "stage", "wave", "milestone"})


def _first_person_action(text: AnswerText) -> Match | None:
    """ "I" followed by a past-tense verb, perhaps after an adverb: "I quickly set up" (never "we": the
    interviewer wants to hear what you did)."""
    tokens = text.tokens
    for n, token in enumerate(tokens):
        if token.word not in _SUBJECTS:
            continue
        for m in (n + 1, n + 2):
            if m >= len(tokens) or tokens[m].sentence != token.sentence:
                break
            word = tokens[m].word
            is_verb = (
                word.endswith("ed") and len(word) >= 5 and word not in _NOT_ACTIONS
            ) or word in _IRREGULAR
            if is_verb:
                return text.match_span("I + verb", n, m)
            if not _ADVERB.match(word):
                break
    return None


def _detect(part: _Part, text: AnswerText) -> StructurePart:
    if part is STEPS:
        found = _steps(text)
    else:
        found = text.find_any(part.cues)
        if found is None and part is ACTION:
            found = _first_person_action(text)
    if found is None:
        return StructurePart(part.name, False, None, part.hint, f"Not found: {part.hint}.")
    return StructurePart(part.name, True, found.found, part.hint, f"“{found.found}” shows {part.hint}.")


def _steps(text: AnswerText) -> Match | None:
    """Named steps or phases, or at least two sequence words ("first ... then")."""
    named = text.find_any(tuple(sorted(_STEP_WORDS)))
    if named is not None:
        return named
    hits = [m for m in (text.find(c) for c in STEPS.cues if c not in _STEP_WORDS) if m is not None]
    if len(hits) < 2:
        return None
    hits.sort(key=lambda m: m.start)
    return Match("sequence", f"{hits[0].found} … {hits[1].found}", hits[0].start, hits[1].end)


# --- numbers ----------------------------------------------------------------------------

_NUMBER_WORDS = (
    r"two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|"
    r"sixty|seventy|eighty|ninety|hundred|thousand|million|billion|dozen|half"
)
_UNIT = (
    r"%|percent\b|per\s?cent\b|pp\b|percentage points?\b|x\b|times\b|k\b|m\b|bn\b|million\b|billion\b|"
    r"thousand\b|hundred\b|hours?\b|hrs?\b|days?\b|weeks?\b|months?\b|quarters?\b|years?\b|minutes?\b|"
    r"mins?\b|seconds?\b|secs?\b|ms\b|milliseconds?\b|points?\b|dollars\b|euros\b|pounds\b|users\b|"
    r"customers\b|engineers\b|people\b|teams\b|tickets\b|bugs\b|incidents\b|requests\b|releases\b|"
    r"services\b|sprints?\b|fte\b|headcount\b"
)
_FIGURE = re.compile(
    rf"[$£€]\s?\d[\d,.]*(?:\s?(?:k|m|bn|million|billion|thousand)\b)?"
    rf"|\b\d+(?:[.,:]\d+)*(?:\s?(?:{_UNIT}))?"
    rf"|\b(?:{_NUMBER_WORDS})\b(?:[\s-]+(?:{_UNIT}))?"
    r"|\b(?:doubled|tripled|quadrupled|halved)\b",
    re.IGNORECASE,
)
_ALWAYS_MEASURABLE = re.compile(
    r"^[$£€]|%$|percent$|per\s?cent$|pp$|percentage points?$|\dx$|^(?:doubled|tripled|quadrupled|halved)$",
    re.IGNORECASE,
)
_HAS_UNIT = re.compile(rf"(?:{_UNIT})$", re.IGNORECASE)
_CHANGE = re.compile(
    r"\b(?:reduc\w*|increas\w*|sav\w*|cut|cuts|grew|grow\w*|improv\w*|drop\w*|fell|rose|rais\w*|lower\w*|"
    r"shorten\w*|faster|slower|fewer|less|more|higher|from|down|up|by|within|ahead|early|earlier|"
    r"deliver\w*|launch\w*|ship\w*|hit|reach\w*|achiev\w*|result\w*|outcome|boost\w*|gain\w*)\b",
    re.IGNORECASE,
)
_CLOCK = re.compile(r"\d+:\d+")
_SENTENCE = re.compile(r"(?:[^.!?;\n]|(?<=\d)\.(?=\d))+")


def _figures(answer: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(every figure as written, the measurable results among them), each at most `MAX_FIGURES`."""
    figures: list[str] = []
    measurable: list[str] = []
    for sentence in _SENTENCE.finditer(answer):
        text = sentence.group()
        change = _CHANGE.search(text) is not None
        for m in _FIGURE.finditer(text):
            figure = " ".join(m.group().split())
            if _CLOCK.fullmatch(figure):  # "1:1", "9:30": a meeting or a time of day, not a figure
                continue
            if figure not in figures and len(figures) < MAX_FIGURES:
                figures.append(figure)
            is_measurable = _ALWAYS_MEASURABLE.search(figure) or (change and _HAS_UNIT.search(figure))
            if is_measurable and figure not in measurable and len(measurable) < MAX_FIGURES:
                measurable.append(figure)
        if len(figures) >= MAX_FIGURES and len(measurable) >= MAX_FIGURES:
            break
    return tuple(figures), tuple(measurable)


# --- length -----------------------------------------------------------------------------


def _length(words: int) -> Length:
    if words == 0:
        return Length(0, LengthVerdict.EMPTY, "The answer is empty.", 0)
    if words < TOO_SHORT_BELOW:
        return Length(
            words,
            LengthVerdict.TOO_SHORT,
            f"{words} {'word' if words == 1 else 'words'}: too short to show much; aim for {GOOD_FROM} to {GOOD_UP_TO}.",
            0,
        )
    if words < GOOD_FROM:
        return Length(
            words, LengthVerdict.SHORT, f"{words} words: a little short; aim for {GOOD_FROM} or more.", 3
        )
    if words <= GOOD_UP_TO:
        return Length(
            words, LengthVerdict.GOOD, f"{words} words: a good length (about two to three minutes spoken).", 5
        )
    if words <= LONG_OVER:
        return Length(
            words, LengthVerdict.FULL, f"{words} words: full; keep it under {GOOD_UP_TO} if you can.", 5
        )
    return Length(
        words, LengthVerdict.LONG, f"{words} words: long; interviewers lose the thread past {LONG_OVER}.", 2
    )


# --- rubric evidence ----------------------------------------------------------------------

REUSED_FACTOR = 0.8
"""What a sentence is worth for a second (third...) point after it showed an earlier one: one sentence
rarely shows several things an interviewer listens for."""


def _quote(sentence: Sentence) -> str:
    text = sentence.text
    return text if len(text) <= QUOTE_CHARS else text[: QUOTE_CHARS - 1].rstrip() + "…"


def _signal_hits(model: PointModel, analysed: Analysed) -> dict[int, tuple[float, str]]:
    """Per sentence index: the strongest signal matched there with no negated word, and the signal."""
    hits: dict[int, tuple[float, str]] = {}
    tokens = analysed.text.tokens
    by_first = {s.first: s for s in analysed.sentences}
    starts = sorted(by_first)
    for signal, strength in model.signals:
        for first, last in analysed.text.find_all(signal):
            at = max((s for s in starts if s <= first), default=None)
            if at is None:
                continue
            sentence = by_first[at]
            if (
                last - sentence.first >= len(sentence.tokens)
                or tokens[last].sentence != tokens[first].sentence
            ):
                continue
            if any(n - sentence.first in sentence.negated for n in range(first, last + 1)):
                continue
            if strength > hits.get(sentence.index, (0.0, ""))[0]:
                hits[sentence.index] = (strength, signal)
    return hits


def _check_point(model: PointModel, analysed: Analysed, used: dict[int, int] | None = None) -> RubricCheck:
    """The point checked against every sentence; `used` counts how many earlier points each sentence
    already showed, and each use makes it worth `REUSED_FACTOR` times less here."""
    used = {} if used is None else used
    point = model.point
    if not analysed.sentences:
        return RubricCheck(point.name, point.shows, False, None, None, "The answer is empty.")
    hits = _signal_hits(model, analysed)
    best: tuple[float, Sentence | None, str | None] = (0.0, None, None)
    against: str | None = None
    for sentence in analysed.sentences:
        keys = sentence.plain_keys
        overlap = sum(w for k, w in model.concept.items() if k in keys)
        o = min(1.0, overlap / OVERLAP_FULL)
        sig, signal = hits.get(sentence.index, (0.0, None))
        evidence = min(1.0, max(o, sig) + 0.35 * min(o, sig))
        if not sentence.substantive:
            evidence *= NOT_SUBSTANTIVE_FACTOR
        elif sentence.generic:
            evidence *= GENERIC_FACTOR
        if sentence.bad_cue is not None or (sentence.negated and not sentence.reflective):
            all_keys = {t.key for t in sentence.tokens}
            full = min(1.0, sum(w for k, w in model.concept.items() if k in all_keys) / OVERLAP_FULL)
            if sentence.bad_cue is not None:
                if full >= 0.4 and against is None:
                    against = _quote(sentence)
                continue
            if full >= COVERED_FROM and evidence < COVERED_FROM / 2 and against is None:
                against = _quote(sentence)
        evidence *= REUSED_FACTOR ** used.get(sentence.index, 0)
        if evidence > best[0]:
            best = (evidence, sentence, signal if sig >= o else None)
    strength, shown, signal = best
    covered = strength >= COVERED_FROM and shown is not None
    if covered and shown is not None:
        used[shown.index] = used.get(shown.index, 0) + 1
        reason = f"“{_quote(shown)}” shows it."
        return RubricCheck(point.name, point.shows, True, signal, _quote(shown), reason, strength, against)
    if against is not None:
        reason = f"“{against}” says the opposite of what interviewers look for."
    elif strength >= COVERED_FROM / 2 and shown is not None:
        reason = "Touched on, but not shown: say what you did and what came of it."
    else:
        reason = "Not in the answer yet."
    return RubricCheck(point.name, point.shows, False, None, None, reason, strength, against)


# --- specifics and length -----------------------------------------------------------------


def _specifics(analysed: Analysed) -> float:
    outcome = sum(s.outcome_figures for s in analysed.sentences if s.bad_cue is None)
    figures = sum(s.figures for s in analysed.sentences if s.substantive)
    return (
        0.35 * min(outcome, 4) / 4
        + 0.15 * min(figures, 6) / 6
        + 0.2 * min(analysed.proper_names, 5) / 5
        + 0.3 * min(analysed.first_person_actions, 5) / 5
    )


def _length_share(words: int) -> float:
    if words <= 30:
        return 0.0
    if words < 200:
        return (words - 30) / 170
    if words <= 450:
        return 1.0
    return 0.8


def _measurable(analysed: Analysed) -> tuple[tuple[str, ...], tuple[str, ...]]:
    text = " ".join(s.text + "." for s in analysed.sentences if s.substantive)
    figures, measurable = _figures(text)
    outcome_text = " ".join(
        s.text + "." for s in analysed.sentences if s.outcome_figures and s.bad_cue is None
    )
    _, tied = _figures(outcome_text)
    return figures, tuple(m for m in measurable if m in tied)


# --- next steps -------------------------------------------------------------------------


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text[:2] != text[:2].upper() else text


def good_answer_line(point: RubricPoint) -> str:
    """One line of what a good answer does for this point, from its "shows"."""
    return f"A good answer {_lower_first(point.shows)}"


def _next_steps(
    prompt: PracticePrompt,
    rubric: tuple[RubricCheck, ...],
    structure: tuple[StructurePart, ...],
    measurable: tuple[str, ...],
    length: Length,
    relevant: Relevance,
    substance: float,
    bad: tuple[str, ...],
) -> tuple[str, ...]:
    steps: list[str] = []
    if length.verdict is LengthVerdict.EMPTY:
        steps.append(f"Write an answer of {GOOD_FROM} to {GOOD_UP_TO} words to this question.")
    elif not relevant.on_topic:
        steps.append(
            f"Answer this question: “{prompt.question}” Your answer reads as if it were about something else; "
            "keep the story, but make it about what is asked."
        )
    elif substance < SUBSTANCE_MIN_SHARE:
        steps.append(
            "Write sentences, not a list of terms: what happened, what you did, and what changed because of it."
        )
    elif not relevant.names_core:
        steps.append(
            f"Make it plainly about what is asked, “{prompt.question}” {relevant.reason} "
            "Say it in your own words early on."
        )
    for quote in bad[:1]:
        steps.append(
            f"Rethink “{quote}”: interviewers hear that as a warning sign. Say what you did, or would now do, instead."
        )
    points_allowed = MAX_RUBRIC_STEPS - (1 if steps else 0)
    for check in [c for c in rubric if not c.covered][: max(points_allowed, 0)]:
        point = next(p for p in prompt.rubric if p.name == check.name)
        steps.append(f"Show “{check.name}”: a good answer {_lower_first(point.shows)}")
    shape: list[str] = []
    if length.verdict in (LengthVerdict.TOO_SHORT, LengthVerdict.SHORT):
        shape.append(
            f"Give it more room, {GOOD_FROM} to {GOOD_UP_TO} words: "
            + (
                "one real story from start to finish."
                if prompt.kind is PracticeKind.BEHAVIOURAL
                else "your approach step by step."
            )
        )
    elif length.verdict is LengthVerdict.LONG:
        shape.append(f"Trim it to under {GOOD_UP_TO} words: keep one story and its result.")
    missing = [p for p in structure if not p.found]
    if missing:
        part = next(p for p in PARTS_BY_KIND[prompt.kind] if p.name == missing[0].name)
        shape.append(part.step)
    if not measurable:
        shape.append(
            "Add a measurable result: what changed, by how much (“cut the release time from 3 weeks to 4 days”)."
            if prompt.kind is PracticeKind.BEHAVIOURAL
            else "Put numbers on it that tie to an outcome: a target, a date or a size (“cut errors by half in 6 weeks”)."
        )
    steps.extend(shape[: MAX_NEXT_STEPS - len(steps)])
    for text in _polish(prompt):
        if len(steps) >= 2:
            break
        if text not in steps:
            steps.append(text)
    return tuple(steps[:MAX_NEXT_STEPS])


def _polish(prompt: PracticePrompt) -> tuple[str, ...]:
    """Steps for an answer with little or nothing missing: practise it as it will be heard."""
    return (
        f"Try this tip: {prompt.tips[0]}",
        "Say it out loud in under three minutes, then prepare for the likely follow-up: "
        "“what would you do differently?”",
    )


def band(score: int, is_answer: bool = True) -> Band:
    if not is_answer:
        return Band.NOT_AN_ANSWER
    if score >= STRONG_FROM:
        return Band.STRONG
    if score >= SOLID_FROM:
        return Band.SOLID
    return Band.NEEDS_WORK


def calibrated(raw: float) -> float:
    """The parts' sum on the interviewers' scale (see `STRETCH`)."""
    return raw if raw <= STRETCH_FROM else STRETCH_FROM + (raw - STRETCH_FROM) * STRETCH


def short_answer_cap(words: int) -> float:
    return SHORT_ANSWER_CAP + 0.5 * max(0, min(words, TOO_SHORT_BELOW) - 30)


# --- assess -----------------------------------------------------------------------------


def assess(prompt: PracticePrompt, answer: str, others: Sequence[PracticePrompt] = ()) -> Feedback:
    """Feedback on `answer` to `prompt`; never raises, whatever the text.

    `others`: the other practice prompts, so that an answer to one of them is recognised as
    off topic here (the Slack app and the CLI pass the whole knowledge base's).

    The score, 0 to 100, adds four parts:

    - rubric: 50 × the mean of each point's evidence (its best sentence, 0 to 1, counted
      fully from `COVERED_FROM`);
    - specifics: 20 × numbers tied to an outcome, other numbers, names, and first-person actions;
    - structure: 15 × the share of the kind's parts found in real sentences (labels do not count);
    - length: 15 × 0 up to 30 words, rising to 1 at 200, 1 up to 450, 0.8 beyond.

    Then the caps: `OFF_TOPIC_CAP` off topic, `LIST_CAP` for a list of terms, `BAD_PRACTICE_CAP`
    for two or more sentences of bad practice (one costs `ONE_BAD_PRACTICE_PENALTY`),
    `short_answer_cap` under `TOO_SHORT_BELOW` words, 0 when empty.
    """
    analysed = analyse(answer)
    empty = analysed.words == 0
    length = _length(analysed.words)
    relevant = relevance(prompt, analysed, others)
    used: dict[int, int] = {}
    rubric = tuple(_check_point(model, analysed, used) for model in models(prompt))
    plain = analysed.labels == 0 and all(s.substantive for s in analysed.sentences)
    prose = (
        analysed.text
        if plain
        else AnswerText(" ".join(s.text + "." for s in analysed.sentences if s.substantive))
    )
    star = tuple(_detect(part, prose) for part in STAR)
    parts = PARTS_BY_KIND[prompt.kind]
    structure = star if parts is STAR else tuple(_detect(part, prose) for part in parts)
    figures, measurable = _measurable(analysed) if not empty else ((), ())
    bad = tuple(_quote(s) for s in analysed.sentences if s.bad_cue is not None)

    coverage = sum(min(1.0, c.strength / COVERED_FROM) for c in rubric) / len(rubric)
    rubric_points = RUBRIC_WEIGHT * coverage
    specifics_points = SPECIFICS_WEIGHT * _specifics(analysed)
    structure_points = STRUCTURE_WEIGHT * sum(p.found for p in structure) / len(structure)
    length_points = LENGTH_WEIGHT * _length_share(analysed.words)
    raw = (rubric_points + specifics_points + structure_points + length_points) * relevant.factor

    raw = calibrated(raw)

    caps: list[tuple[float, str]] = []
    if empty:
        caps.append((0, "the answer is empty"))
    if not relevant.on_topic:
        caps.append(
            (
                OFF_TOPIC_CAP * min(1.0, 0.5 + relevant.similarity / 0.16),
                "it is not an answer to this question",
            )
        )
    if analysed.substantive_share < SUBSTANCE_MIN_SHARE:
        caps.append(
            (LIST_CAP * analysed.substantive_share / SUBSTANCE_MIN_SHARE, "it is a list, not sentences")
        )
    if len(bad) >= 2:
        caps.append((BAD_PRACTICE_CAP, "it describes practices interviewers mark down"))
    elif len(bad) == 1:
        raw -= ONE_BAD_PRACTICE_PENALTY
        if len(bad) / len(analysed.sentences) >= BAD_PRACTICE_SHARE:
            caps.append((ONE_BAD_PRACTICE_CAP, "what it describes is a practice interviewers mark down"))
    if analysed.words < TOO_SHORT_BELOW:
        caps.append((short_answer_cap(analysed.words), "it is too short to show much"))
    total = raw
    cap: tuple[float, str] | None = min(caps) if caps else None
    if cap is not None and cap[0] < raw:
        total = cap[0]
    else:
        cap = None
    score = max(0, min(100, round(total)))
    is_answer = not empty and relevant.on_topic and analysed.substantive_share >= SUBSTANCE_MIN_SHARE
    if not is_answer and not empty:  # nothing counts as shown in what is not an answer to this question
        why = (
            "Not credited: the answer is not about this question."
            if not relevant.on_topic
            else "Not credited: the answer is a list, not sentences."
        )
        rubric = tuple(replace(c, covered=False, signal=None, evidence=None, reason=why) for c in rubric)
    breakdown = ScoreBreakdown(
        round(rubric_points, 1),
        round(specifics_points, 1),
        round(structure_points, 1),
        round(length_points, 1),
        round(cap[0]) if cap else None,
        cap[1] if cap else None,
        score,
    )
    steps = _next_steps(
        prompt, rubric, structure, measurable, length, relevant, analysed.substantive_share, bad
    )
    return Feedback(
        prompt_id=prompt.id,
        kind=prompt.kind,
        score=score,
        band=band(score, is_answer),
        breakdown=breakdown,
        relevance=relevant,
        rubric=rubric,
        structure=structure,
        star=star,
        figures=figures,
        measurable=measurable,
        length=length,
        substance=analysed.substantive_share,
        bad_practice=bad,
        next_steps=steps,
    )
