"""Feedback on a practice answer: deterministic, explainable, and free of Slack.

`assess(prompt, answer)` checks an answer against the prompt's rubric and against the shape
interviewers expect, and says why for every verdict:

- **Rubric.** A point is covered when one of its signals occurs in the answer, matched
  tolerantly (see `bot.core.practice.phrases`); the evidence is the signal and the words of
  the answer that matched it.
- **Structure.** Behavioural answers are checked for the four parts of STAR (situation,
  task, action, result); program-sense and scenario answers for a plan's parts (clarify the
  goal, steps in order, risks, stakeholders); role-distinction answers for a contrast, a
  concrete example and a takeaway. STAR is detected for every answer, but only the parts
  listed for the prompt's kind count towards the score.
- **Numbers.** Figures in the answer, and measurable results among them: a percentage, an
  amount of money, a multiple ("3x", "doubled"), or a quantity with a unit (weeks, hours,
  users...) in a sentence that says what changed ("reduced", "saved", "grew"...).
- **Length.** Under 60 words is too short, under 120 short, 120 to 400 good, up to 500
  full, over 500 long.

The score is explained by `ScoreBreakdown`; see `assess` for the formula. The same answer always
gets the same feedback: nothing here depends on time, randomness or set order.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import StrEnum

from bot.core.models import PracticeKind, PracticePrompt, RubricPoint
from bot.core.practice.phrases import AnswerText, Match

RUBRIC_WEIGHT = 70
STRUCTURE_WEIGHT = 15
NUMBERS_WEIGHT = 10
LENGTH_WEIGHT = 5
SHORT_ANSWER_CAP = 50
"""The best score an answer under `TOO_SHORT_BELOW` words can get: it cannot show enough."""

TOO_SHORT_BELOW = 60
GOOD_FROM = 120
GOOD_UP_TO = 400
LONG_OVER = 500
MAX_NEXT_STEPS = 3
MAX_RUBRIC_STEPS = 2
"""Missing rubric points among the next steps, when a structure or numbers step is also due."""
MAX_FIGURES = 6


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
    """What the length adds to the score, out of `LENGTH_WEIGHT`."""


@dataclass(frozen=True)
class RubricCheck:
    """One rubric point of the prompt, covered or not, and why."""

    name: str
    shows: str
    covered: bool
    signal: str | None
    """The signal that matched, as the rubric writes it."""
    evidence: str | None
    """The words of the answer that matched the signal, as written there."""
    reason: str


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
    structure: float
    numbers: float
    length: float
    cap: int | None
    """Set when a cap applied (a very short answer); the total is then at most this."""
    total: int


@dataclass(frozen=True)
class Feedback:
    prompt_id: str
    kind: PracticeKind
    score: int
    """0 to 100: what storage keeps and progress averages."""
    breakdown: ScoreBreakdown
    rubric: tuple[RubricCheck, ...]
    structure: tuple[StructurePart, ...]
    """The parts that count for this prompt's kind (STAR for behavioural prompts)."""
    star: tuple[StructurePart, ...]
    """Situation, task, action, result: detected for every answer."""
    figures: tuple[str, ...]
    """Numbers in the answer, as written ("12", "three weeks", "40%")."""
    measurable: tuple[str, ...]
    """Measurable results among them ("cut release time by 40%" gives "40%")."""
    length: Length
    next_steps: tuple[str, ...]
    covered_points: tuple[str, ...] = field(init=False)
    """Names of the rubric points covered: what storage keeps, rather than the answer's text."""
    missed_points: tuple[str, ...] = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "covered_points", tuple(c.name for c in self.rubric if c.covered))
        object.__setattr__(self, "missed_points", tuple(c.name for c in self.rubric if not c.covered))


# --- structure cues ---------------------------------------------------------------------


@dataclass(frozen=True)
class _Part:
    name: str
    hint: str
    cues: tuple[str, ...]
    step: str
    """The next step that asks for this part."""


SITUATION = _Part(
    "Situation",
    "the context: where you were, the team, what was at stake",
    (
        "at my last", "at my previous", "in my last role", "in my previous role", "at the time",
        "we were", "i was working", "while i was", "context", "situation", "background",
        "last year", "years ago", "our team", "the project was", "the program was", "when",
    ),
    "Open with the situation in a sentence or two: where you were, the team, and what was at stake.",
)  # fmt: skip
TASK = _Part(
    "Task",
    "what you were responsible for, the goal you had to reach",
    (
        "my job was", "i was responsible", "responsible for", "my role was", "my role", "my task",
        "i was asked to", "i needed to", "i had to", "we needed to", "we had to", "the challenge was",
        "the goal was", "goal", "objective", "target", "mandate", "i owned",
    ),
    "Say what your own task was: what you were responsible for and the goal you had to reach.",
)  # fmt: skip
ACTION = _Part(
    "Action",
    "what you yourself did, in the first person",
    (
        "i decided", "i set up", "i led", "i organized", "i proposed", "i built", "i ran", "i created",
        "i wrote", "i met", "i worked with", "i started", "i introduced", "i negotiated", "i escalated",
        "i drove", "i would", "id start", "my first step", "i will",
    ),
    "Put your own actions in the first person (“I set up…”, “I decided…”) rather than “we”.",
)  # fmt: skip
RESULT = _Part(
    "Result",
    "how it ended: the outcome, ideally with a number",
    (
        "as a result", "in the end", "ended up", "outcome", "resulted", "the result", "result",
        "reduced", "increased", "saved", "launched", "shipped", "delivered", "improved", "grew",
        "cut", "on time", "which meant", "led to",
    ),
    "Finish with the result: what changed because of what you did, and by how much.",
)  # fmt: skip
STAR = (SITUATION, TASK, ACTION, RESULT)

CLARIFY = _Part(
    "Clarify the goal",
    "the goal, constraints and assumptions, pinned down before the plan",
    (
        "clarify", "clarifying", "i would ask", "id ask", "first ask", "assumption", "assume", "goal",
        "objective", "constraint", "success criteria", "success looks like", "understand why", "scope",
    ),
    "Start by clarifying: the goal, the constraints and your assumptions, before the plan.",
)  # fmt: skip
STEPS = _Part(
    "Steps in order",
    "a sequence the listener can follow: first, then, finally; or phases",
    ("phase", "step", "stage", "wave", "milestone", "first", "then", "next", "after that", "finally",
     "second", "third", "lastly", "afterwards"),
    "Lay the answer out in order (first, then, finally) or in named phases the listener can follow.",
)  # fmt: skip
RISKS = _Part(
    "Risks",
    "what could go wrong and how you would catch or contain it",
    ("risk", "mitigate", "mitigation", "contingency", "rollback", "roll back", "fallback", "what could go wrong",
     "plan b", "buffer", "worst case"),
    "Name the biggest risk and how you would catch it early or contain it.",
)  # fmt: skip
STAKEHOLDERS = _Part(
    "Stakeholders",
    "who needs to know or decide, and how you keep them informed",
    ("stakeholder", "communicate", "communication", "update", "leadership", "sponsor", "executive",
     "status", "align", "customers", "business owners"),
    "Say who needs to know or decide, and how you would keep them informed.",
)  # fmt: skip
PLAN = (CLARIFY, STEPS, RISKS, STAKEHOLDERS)

CONTRAST = _Part(
    "Contrast",
    "the two sides set against each other",
    ("whereas", "while", "versus", "in contrast", "on the other hand", "unlike", "differ", "difference",
     "compared", "instead"),
    "Set the two sides against each other explicitly (“whereas…”, “on the other hand…”).",
)  # fmt: skip
EXAMPLE = _Part(
    "Concrete example",
    "a real case from your own work",
    ("for example", "for instance", "eg", "in my last role", "at my last", "in my experience", "i led",
     "i managed", "when i", "in my current role"),
    "Back it with a concrete example from your own work (“In my last role, I…”).",
)  # fmt: skip
TAKEAWAY = _Part(
    "Takeaway",
    "a one-line summary the interviewer can remember",
    ("in short", "in summary", "to sum up", "overall", "ultimately", "bottom line", "the key difference",
     "the main difference", "that is why", "thats why", "which is why", "in a nutshell", "simply put"),
    "Close with a one-line takeaway (“In short, …”) the interviewer can remember.",
)  # fmt: skip
DISTINCTION = (CONTRAST, EXAMPLE, TAKEAWAY)

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


# --- rubric -----------------------------------------------------------------------------


def _check_point(point: RubricPoint, text: AnswerText, empty: bool) -> RubricCheck:
    if not empty:
        for signal in point.signals:
            found = text.find(signal)
            if found is not None:
                return RubricCheck(
                    point.name, point.shows, True, signal, found.found,
                    f"You wrote “{found.found}”, which signals “{signal}”.",
                )  # fmt: skip
    listed = ", ".join(f"“{s}”" for s in point.signals[:4])
    why = "The answer is empty." if empty else f"None of its signals appear, such as {listed}."
    return RubricCheck(point.name, point.shows, False, None, None, why)


# --- next steps -------------------------------------------------------------------------


def _rubric_step(check: RubricCheck, point: RubricPoint) -> str:
    examples = " or ".join(f"“{s}”" for s in point.signals[:2])
    return (
        f"Cover “{check.name}”: interviewers look for someone who {_lower_first(check.shows)} "
        f"For example, talk about {examples}."
    )


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text[:2] != text[:2].upper() else text


def _next_steps(
    prompt: PracticePrompt,
    rubric: tuple[RubricCheck, ...],
    structure: tuple[StructurePart, ...],
    figures: tuple[str, ...],
    measurable: tuple[str, ...],
    length: Length,
) -> tuple[str, ...]:
    """Two or three steps, the ones that would raise the score most first.

    Each candidate carries the points it would add; ties keep this order: length, rubric points
    (in rubric order), structure, numbers. At most two rubric steps are taken while any other
    step is due, so a weak answer hears about its shape as well as its content.
    """
    candidates: list[tuple[float, int, str, str]] = []  # (gain, order, kind, text)
    order = 0

    def add(gain: float, kind: str, text: str) -> None:
        nonlocal order
        candidates.append((gain, order, kind, text))
        order += 1

    if length.verdict in (LengthVerdict.EMPTY, LengthVerdict.TOO_SHORT):
        add(
            100,
            "length",
            f"Write a fuller answer, {GOOD_FROM} to {GOOD_UP_TO} words: "
            + ("tell one real story from start to finish." if prompt.kind is PracticeKind.BEHAVIOURAL
               else "walk through your approach step by step."),
        )  # fmt: skip
    missed = [c for c in rubric if not c.covered]
    for check in missed:
        point = next(p for p in prompt.rubric if p.name == check.name)
        add(RUBRIC_WEIGHT / len(rubric), "rubric", _rubric_step(check, point))
    missing_parts = [p for p in structure if not p.found]
    if missing_parts:
        part = next(p for p in PARTS_BY_KIND[prompt.kind] if p.name == missing_parts[0].name)
        text = part.step
        if len(missing_parts) > 1:
            others = ", ".join(p.name.lower() for p in missing_parts[1:])
            text += f" Also missing: {others}."
        add(STRUCTURE_WEIGHT * len(missing_parts) / len(structure), "structure", text)
    if not measurable:
        gain = NUMBERS_WEIGHT if not figures else NUMBERS_WEIGHT / 2
        if prompt.kind is PracticeKind.BEHAVIOURAL:
            text = "Add a measurable result: how much time or money did it save, or what changed by how much?"
        else:
            text = "Put numbers on it: a target, a date or a size (“cut errors by half”, “within 6 weeks”)."
        add(gain, "numbers", text)
    if length.verdict is LengthVerdict.LONG:
        add(
            LENGTH_WEIGHT - length.points,
            "length",
            f"Trim to under {GOOD_UP_TO} words: keep one story and the result.",
        )
    elif length.verdict is LengthVerdict.SHORT:
        add(LENGTH_WEIGHT - length.points, "length", f"Add detail to reach about {GOOD_FROM} words or more.")

    ranked = sorted(candidates, key=lambda c: (-c[0], c[1]))
    others_due = any(kind != "rubric" for _, _, kind, _ in ranked)
    steps: list[str] = []
    rubric_taken = 0
    for _gain, _order, kind, text in ranked:
        if kind == "rubric" and others_due and rubric_taken >= MAX_RUBRIC_STEPS:
            continue
        steps.append(text)
        rubric_taken += kind == "rubric"
        if len(steps) == MAX_NEXT_STEPS:
            break
    for text in _polish(prompt):
        if len(steps) >= 2:
            break
        if text not in steps:
            steps.append(text)
    return tuple(steps)


def _polish(prompt: PracticePrompt) -> tuple[str, ...]:
    """Steps for an answer with little or nothing missing: practise it as it will be heard."""
    return (
        f"Try this tip: {prompt.tips[0]}",
        "Say it out loud in under three minutes, then prepare for the likely follow-up: "
        "“what would you do differently?”",
    )


# --- assess -----------------------------------------------------------------------------


def assess(prompt: PracticePrompt, answer: str) -> Feedback:
    """Feedback on `answer` to `prompt`; never raises, whatever the text.

    The score, 0 to 100, adds four parts:

    - rubric: 70 × (rubric points covered ÷ rubric points);
    - structure: 15 × (structure parts found ÷ parts counted for the prompt's kind: STAR for
      behavioural prompts, clarify/steps/risks/stakeholders for program-sense and scenario
      prompts, contrast/example/takeaway for role-distinction prompts);
    - numbers: 10 for a measurable result, 5 for figures without one, 0 for none;
    - length: 5 for 120 to 500 words, 3 for 60 to 119, 2 for over 500, 0 under 60.

    The sum is rounded to the nearest whole number; an answer under 60 words scores at most
    50, and an empty one 0.
    """
    text = AnswerText(answer)
    empty = text.word_count == 0
    length = _length(text.word_count)
    rubric = tuple(_check_point(point, text, empty) for point in prompt.rubric)
    star = tuple(_detect(part, text) for part in STAR)
    parts = PARTS_BY_KIND[prompt.kind]
    structure = star if parts is STAR else tuple(_detect(part, text) for part in parts)
    figures, measurable = _figures(answer) if not empty else ((), ())

    covered = sum(c.covered for c in rubric)
    rubric_points = RUBRIC_WEIGHT * covered / len(rubric)
    structure_points = STRUCTURE_WEIGHT * sum(p.found for p in structure) / len(structure)
    numbers_points = NUMBERS_WEIGHT if measurable else NUMBERS_WEIGHT / 2 if figures else 0
    raw = rubric_points + structure_points + numbers_points + length.points
    cap = SHORT_ANSWER_CAP if length.verdict is LengthVerdict.TOO_SHORT else 0 if empty else None
    total = round(raw) if cap is None else min(round(raw), cap)
    breakdown = ScoreBreakdown(
        round(rubric_points, 1), round(structure_points, 1), float(numbers_points), float(length.points),
        cap if cap is not None and raw > cap else None, max(0, min(100, total)),
    )  # fmt: skip
    steps = _next_steps(prompt, rubric, structure, figures, measurable, length)
    return Feedback(
        prompt.id,
        prompt.kind,
        breakdown.total,
        breakdown,
        rubric,
        structure,
        star,
        figures,
        measurable,
        length,
        steps,
    )
