"""The answer engine: a question as typed in Slack in, the best answer (or an honest "not sure") out.

Routing is deliberately simple and explainable: two roles and a "what's the difference"
cue make a comparison; an ambiguous abbreviation that decides the answer makes a
question back; everything else is a search over FAQ entries, practice prompts, role
profiles and single aspects of a role, answered only when the match is convincing.
A confident wrong answer is worse than "I'm not sure", so the thresholds lean that way.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import StrEnum

from bot.core.compare import Comparison, Profile, compare, profile
from bot.core.knowledge import KnowledgeBase
from bot.core.matching.analyze import Analysis, Analyzer, role_term, strip_slack
from bot.core.matching.index import Hit, SearchIndex, Target, TargetKind
from bot.core.models import Aspect, AspectText, FaqEntry, PracticePrompt, Role
from bot.core.names import Ambiguous, Resolved, RoleResolver
from bot.core.role_query import Clarify, clarify, reading_notes
from bot.core.text import fold


class Intent(StrEnum):
    COMPARE = "compare"
    PROFILE = "profile"
    FAQ = "faq"
    PRACTICE = "practice"
    HELP = "help"
    CLARIFY = "clarify"
    NOT_SURE = "not_sure"
    OUT_OF_SCOPE = "out_of_scope"


ANSWER_SCORE = 0.5
"""A match at or above this is answered; calibrated on tests/eval so wrong answers stay rare."""
SUGGEST_SCORE = 0.25
"""Below the answer score but above this, the match is offered as "did you mean"."""
COMPARE_CUES = frozenset(
    """difference versus vs v compare compared comparison contrast distinguish differ different diff
    between or same similar better which choose pick instead apart unlike""".split()
)
_HELP = re.compile(
    r"^\W*(help|hi|hello|hey|yo|hiya|howdy|sup|good (morning|afternoon|evening)|thanks|thank you)\W*$"
    r"|what (can|do) (you|u) (do|know)|how (do|can|should) (i|we) use (you|this|the bot|it)"
    r"|what are (you|u)( for)?\W*$|who are (you|u)|^\W*(commands?|usage|menu)\W*$|what (is|does) this bot",
)


@dataclass(frozen=True)
class Suggestion:
    """A question the bot can answer, offered as a button; `target` is what answer_target() takes."""

    label: str
    target: str


@dataclass(frozen=True)
class AspectAnswer:
    role: Role
    aspect: Aspect
    text: AspectText


@dataclass(frozen=True)
class Answer:
    question: str
    intent: Intent
    confidence: float
    target: str | None = None
    faq: FaqEntry | None = None
    prompt: PracticePrompt | None = None
    comparison: Comparison | None = None
    profile: Profile | None = None
    aspect: AspectAnswer | None = None
    clarify: Clarify | None = None
    alternatives: tuple[Suggestion, ...] = ()
    related: tuple[Suggestion, ...] = ()
    notes: tuple[str, ...] = ()
    considered: tuple[tuple[str, float], ...] = field(default=(), compare=False)
    """The best-scoring targets, for `rolebot ask --explain`."""


def build_targets(kb: KnowledgeBase) -> list[Target]:
    """Everything answerable, with the phrasings people use to ask for it."""
    targets = [
        Target(f"faq:{e.id}", TargetKind.FAQ, e.question, e.phrasings, e.roles, e.answer)
        for e in kb.faq.values()
    ]
    targets += [
        Target(f"practice:{p.id}", TargetKind.PRACTICE, p.question, p.phrasings, p.roles, " ".join(p.tips))
        for p in kb.practice.values()
    ]
    for role in kb.roles.values():
        name = role.name.lower()
        targets.append(
            Target(
                f"profile:{role.id}",
                TargetKind.PROFILE,
                f"What is a {name}?",
                (name, f"what does a {name} do", f"{name} role overview", f"describe the {name} job"),
                (role.id,),
                role.summary,
            )
        )
        for aspect in kb.aspects:
            asked = (aspect.label, *aspect.asked_as)
            targets.append(
                Target(
                    f"aspect:{role.id}:{aspect.id}",
                    TargetKind.ASPECT,
                    f"{aspect.label}: {role.name}",
                    tuple(f"{a} {name}" for a in asked),
                    (role.id,),
                    role.aspects[aspect.id].summary,
                )
            )
    return targets


class AnswerEngine:
    """Built once at start-up (the index is the costly part), then answers any number of questions."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self.resolver = RoleResolver(kb)
        self.analyzer = Analyzer(self.resolver)
        self.index = SearchIndex(build_targets(kb), self.analyzer)
        self._titles = {t.key: t.title for t in self.index.targets}

    # --- the one public question ---------------------------------------------------------

    def answer(self, question: str) -> Answer:
        plain = " ".join(strip_slack(question).split())
        if _HELP.search(fold(plain)):
            return Answer(question, Intent.HELP, 1.0, "help")
        analysis = self.analyzer.analyze(plain)
        roles = [m for m, bare in zip(analysis.mentions, analysis.bare, strict=True) if not bare]
        ambiguous = [m for m in analysis.mentions if isinstance(m, Ambiguous)]
        distinct = list(dict.fromkeys(m.role.id for m in analysis.mentions if isinstance(m, Resolved)))
        cue = any(w in COMPARE_CUES for w in analysis.words)
        content = [t for t in analysis.terms if not t.startswith("@")]

        if len(analysis.mentions) >= 2 and (cue or not content) and (len(distinct) >= 2 or ambiguous):
            if ambiguous:
                return self._clarify(question, ambiguous[0], analysis)
            return self._comparison(question, analysis, distinct[0], distinct[1])
        if ambiguous and len(roles) == 1 and len(content) <= 1:
            return self._clarify(question, ambiguous[0], analysis)
        return self._search(question, analysis, ambiguous[0] if ambiguous else None)

    # --- answering a known target (buttons, suggestions) ----------------------------------

    def answer_target(self, key: str, question: str | None = None) -> Answer | None:
        """The answer for a target key such as "faq:what-is-a-tpm" or "compare:a|b"; None if unknown."""
        kind, _, rest = key.partition(":")
        question = question or self._titles.get(key, key)
        if kind == "compare":
            left, _, right = rest.partition("|")
            if left in self.kb.roles and right in self.kb.roles and left != right:
                return self._comparison(question, None, left, right)
            return None
        if key not in self._titles:
            return None
        return self._from_hit(
            question, Hit(next(t for t in self.index.targets if t.key == key), 1.0, question)
        )

    # --- routes --------------------------------------------------------------------------

    def _comparison(self, question: str, analysis: Analysis | None, left: str, right: str) -> Answer:
        resolved = [m for m in analysis.mentions if isinstance(m, Resolved)] if analysis else []
        related = [
            Suggestion(e.question, f"faq:{e.id}")
            for e in self.kb.faq.values()
            if left in e.roles and right in e.roles and len(e.roles) == 2
        ]
        return Answer(
            question,
            Intent.COMPARE,
            0.9,
            f"compare:{'|'.join(sorted((left, right)))}",
            comparison=compare(self.kb, left, right),
            related=tuple(related[:3]),
            notes=tuple(reading_notes(resolved)),
        )

    def _clarify(self, question: str, unclear: Ambiguous, analysis: Analysis) -> Answer:
        notes = reading_notes([m for m in analysis.mentions if isinstance(m, Resolved)])
        asked = clarify(self.kb, unclear, analysis.mentions, notes)
        return Answer(question, Intent.CLARIFY, 0.0, "clarify", clarify=asked, notes=asked.notes)

    def _search(self, question: str, analysis: Analysis, ambiguous: Ambiguous | None) -> Answer:
        hits = self._hits(analysis, ambiguous)
        considered = tuple((h.target.key, round(h.score, 3)) for h in hits)
        if not hits or hits[0].score < SUGGEST_SCORE:
            has_domain = bool(analysis.mentions) or any(self.index.known(t) for t in analysis.terms)
            suggestions = tuple(self._suggest(h) for h in hits[:3] if h.score >= SUGGEST_SCORE / 2)
            if has_domain and suggestions:
                return Answer(
                    question, Intent.NOT_SURE, _score(hits), alternatives=suggestions, considered=considered
                )
            return Answer(question, Intent.OUT_OF_SCOPE, _score(hits), "out_of_scope", considered=considered)
        best = hits[0]
        others = tuple(self._suggest(h) for h in hits[1:4] if h.score >= SUGGEST_SCORE)
        if best.score < ANSWER_SCORE:
            alternatives = (self._suggest(best), *others)[:3]
            return Answer(
                question, Intent.NOT_SURE, best.score, alternatives=alternatives, considered=considered
            )
        answer = self._from_hit(question, best)
        notes = list(answer.notes)
        if ambiguous is not None:
            readings = " or ".join(r.name.lower() for r in ambiguous.options)
            about = [r.name.lower() for r in ambiguous.options if r.id in best.target.roles]
            if about:
                notes.append(f"“{ambiguous.typed}” can mean {readings}; this answer is about the {about[0]}.")
        notes += reading_notes([m for m in analysis.mentions if isinstance(m, Resolved) and m.corrected])
        return Answer(
            **{**answer.__dict__, "alternatives": others, "notes": tuple(notes), "considered": considered}
        )

    def _hits(self, analysis: Analysis, ambiguous: Ambiguous | None) -> list[Hit]:
        """Search; an ambiguous "PM" is searched in each reading and the readings' hits merged."""
        if ambiguous is None:
            return self.index.search(analysis, limit=6)
        merged: dict[str, Hit] = {}
        for option in ambiguous.options:
            terms = (*analysis.terms, role_term(option.id))
            for hit in self.index.search(Analysis(terms, (), (), analysis.words), limit=6):
                if hit.target.key not in merged or merged[hit.target.key].score < hit.score:
                    merged[hit.target.key] = hit
        return sorted(merged.values(), key=lambda h: -h.score)[:6]

    def _from_hit(self, question: str, hit: Hit) -> Answer:
        kind, _, ident = hit.target.key.partition(":")
        if kind == "faq":
            entry = self.kb.faq[ident]
            related = tuple(Suggestion(self.kb.faq[r].question, f"faq:{r}") for r in entry.related)
            return Answer(question, Intent.FAQ, hit.score, hit.target.key, faq=entry, related=related)
        if kind == "practice":
            prompt = self.kb.practice[ident]
            similar = [
                p for p in self.kb.practice.values() if p.kind == prompt.kind and p.id != prompt.id
                and set(p.roles) & set(prompt.roles)
            ]  # fmt: skip
            related = tuple(Suggestion(p.question, f"practice:{p.id}") for p in similar[:2])
            return Answer(
                question, Intent.PRACTICE, hit.score, hit.target.key, prompt=prompt, related=related
            )
        if kind == "profile":
            return Answer(
                question, Intent.PROFILE, hit.score, hit.target.key, profile=profile(self.kb, ident),
                related=self._compare_with(ident),
            )  # fmt: skip
        role_id, _, aspect_id = ident.partition(":")
        role = self.kb.roles[role_id]
        aspect = next(a for a in self.kb.aspects if a.id == aspect_id)
        return Answer(
            question, Intent.PROFILE, hit.score, hit.target.key,
            aspect=AspectAnswer(role, aspect, role.aspects[aspect_id]),
            related=(Suggestion(f"Everything about the {role.name.lower()} role", f"profile:{role_id}"),
                     *self._compare_with(role_id)[:2]),
        )  # fmt: skip

    def _compare_with(self, role_id: str) -> tuple[Suggestion, ...]:
        name = self.kb.roles[role_id].name
        return tuple(
            Suggestion(f"{name} vs {other.name.lower()}", f"compare:{'|'.join(sorted((role_id, other.id)))}")
            for other in self.kb.roles.values()
            if other.id != role_id
        )

    def _suggest(self, hit: Hit) -> Suggestion:
        return Suggestion(hit.target.title, hit.target.key)


def _score(hits: list[Hit]) -> float:
    return hits[0].score if hits else 0.0
