"""The answer engine: a question as typed in Slack in, the best answer (or an honest "not sure") out.

Routing is deliberately simple and explainable: two roles and a "what's the difference"
cue make a comparison; an ambiguous abbreviation that decides the answer makes a
question back; everything else is a search over FAQ entries, practice prompts, role
profiles and single aspects of a role, answered only when the match is convincing.
A confident wrong answer is worse than "I'm not sure", so the thresholds lean that way.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum
from pathlib import Path
from typing import ClassVar

from bot.core.compare import Comparison, Profile, compare, profile
from bot.core.kinds import TargetKey, TargetKind, asked_order
from bot.core.knowledge import KnowledgeBase
from bot.core.matching.analyze import (
    Analysis,
    Analyzer,
    after_pivot,
    asking_part,
    is_generic,
    questions_asked,
    role_term,
    strip_slack,
)
from bot.core.matching.index import Hit, Target, rank
from bot.core.matching.scorer import Scorer, Thresholds, index_scorer
from bot.core.models import Aspect, AspectText, FaqEntry, PracticePrompt, Role
from bot.core.names import Ambiguous, Resolved, RoleResolver
from bot.core.role_query import reading_notes
from bot.core.text import fold


class Intent(StrEnum):
    COMPARE = "compare"
    PROFILE = "profile"
    FAQ = "faq"
    PRACTICE = "practice"
    HELP = "help"
    SOCIAL = "social"
    """ "thanks!", "hi": a short friendly reply, neither the help text nor an answer."""
    TASK = "task"
    """ "draft a status update for me": declined, saying what the bot can do instead."""
    CLARIFY = "clarify"
    NOT_SURE = "not_sure"
    OUT_OF_SCOPE = "out_of_scope"


STRONG_CUES = frozenset(
    [
        "difference",
        "versus",
        "compare",
        "compared",
        "comparison",
        "contrast",
        "distinguish",
        "differ",
        "apart",
        "unlike",
    ]
)
"""Words that ask how two roles differ; "difference" also stands for diff, vs and the like (see SYNONYMS)."""
WEAK_CUES = frozenset(["or", "between", "same", "similar", "better", "which", "choose", "pick", "instead"])
STRONG_COMPARE, WEAK_COMPARE, BARE_COMPARE = 0.8, 0.5, 0.7
"""How sure a two-role message is a comparison: with a clear cue, a weak one, or nothing but the roles.
A search hit scoring higher wins instead ("who owns the budget, the pgm or the project managers?")."""
_HELP = re.compile(
    r"^\W{0,8}(help|hi|hello|hey|yo|hiya|howdy|good (morning|afternoon|evening)|thanks|thank you)"
    r"( (there|all|everyone|folks|team|bot|rolebot))?\W*$"
    r"|\b(what|how) (can|could|do|should) (you|u) (help|do|know|answer)\b|\bwhat (can|should|do) i ask\b"
    r"|\b(can|could) (you|u) help\b"
    r"|^\W{0,8}(hi|hey|hello)?\W{0,8}what do (you|u) (do|know)\W*$|\bwhat (are|r) (you|u)( for)?\W*$"
    r"|what (sort|kind|type)s? of (stuff|things|questions) (can|do|should) (you|u|i)\b"
    r"|how (do|can|should|am) (i|we) (supposed to )?use|\bwho (are|r) (you|u)\W*$"
    r"|^\W*(commands?|usage|menu)\W*$|\bbot\b|\brolebot\b|how does this (thing|work)|can i ask (it|you|u)"
    r"|things (you|u) can (answer|anwser|answr|do)|topics (you|u) (cover|know)"
)
GREETING_WORDS = frozenset(
    "hi hey hello yo hiya howdy morning afternoon evening greetings sup going doing weekend holidays".split()
)
THANKS_WORDS = frozenset(
    """thanks thank thx ty tysm cheers ta appreciate appreciated ok okay cool great nice awesome perfect
    lovely super sweet gotcha noted understood bye goodbye cya later lol haha helps helped helpful
    useful excellent wonderful amazing fab best rock rocks legend genius brilliant sounds smart clever nvm
    nevermind figured ha hah""".split()
)
_SOCIAL_FILLER = frozenset(
    """there all everyone folks team bot rolebot good you u so very much a lot ton again heaps mate for the
    that this your help answer info it got makes sense see ya was is i oh ah sure yes yep yup no worries
    fair enough really really youre ur are re ever how hows going doing its whats up sup today pretty out
    mind got honestly seriously literally totally such most in here workspace slack channel thats
    week day night trip was your""".split()
)
_SOCIAL_MAX_WORDS = 8


class SocialKind(StrEnum):
    GREETING = "greeting"
    THANKS = "social"
    IDENTITY = "identity"
    """ "are you a bot or a real person?": an honest answer, not the help text."""


_IDENTITY = re.compile(
    r"^\W*(hey |hi |so |wait |lol |ok )*(are|r) (you|u|ya) (a |an )?(real |actual |actually a |just a )?"
    r"(person|human|bot|robot|ai|machine|chatbot|chatgpt|gpt|llm|language model)\b"
    r"|\bwho (built|made|created|wrote|trained|programmed) (you|u|this bot)\b"
    r"|\bwhat (model|llm|ai|language model) (are|r) (you|u)\b|\b(are|r) (you|u) (running|built) on\b"
)


def social_kind(folded: str) -> SocialKind | None:
    """A greeting ("hi there"), thanks ("thanks, that helps!"), a question about the bot itself ("are you
    a real person?"), or None for anything that asks about the roles."""
    found = re.findall(r"[a-z]+", folded.replace("'", ""))
    if not found or len(found) > _SOCIAL_MAX_WORDS:
        return None  # "are you a bot? also, what does a tpm do": a question, answered as one
    if _IDENTITY.search(folded):
        return SocialKind.IDENTITY
    if not set(found) <= GREETING_WORDS | THANKS_WORDS | _SOCIAL_FILLER:
        return None
    if set(found) & THANKS_WORDS:
        return SocialKind.THANKS
    return SocialKind.GREETING if set(found) & GREETING_WORDS else None


_TASK = re.compile(
    r"^\W*((can|could|would|will) (you|u) (please |pls )?(help me |quickly )?|pls |please |hey |help me |"
    r"i need (you|u) to |i want (you|u) to |go and |just )?"
    r"(draft|compose|summari[sz]e|rewrite|proofread|reword|generate|reserve|convert (this|these|my|our|the) |(pull|put) together (a|an|the|my|our|some) (\w+ )?(status|report|deck|slides?|update|summary|doc)\b(?!.*\b(what|how|which)\b)|make (me |us )?(a |an |some |the |\d+ |a few )?"
    r"(slides?|deck|presentation|doc|document|spreadsheet|chart|gantt|ticket|list|report|plan|summary|copy)|"
    r"make slides|prepare (a|an|the|my|our) (status|report|deck|slides?|agenda|email|summary|presentation)|"
    r"run (a|the|our) (retro|standup|meeting)|organi[sz]e (a|the|our) (meeting|call|retro|offsite)|"
    r"add|schedule|reschedule|postpone|(move|push|shift) (my|our|the|this) (\S+ )?(sync|meeting|call|1:1|1-1|standup|retro|review|demo|session)\b|set|remind|book|create|send|cancel|invite|pm me|dm me|email|call|order|buy|reset|open|file|"
    r"submit|approve|assign|ping|forward|share|upload|download|install|fix|update|delete|translate|write|"
    r"draw|play|turn|find me|get me|give me a (joke|poem|recipe)|tell (me |us )?a (joke|poem)|(write |a |an )?(haiku|poem|limerick|sonnet|song|rap)s? (about|on|for)|tell (me |us )?a story(?! about a time))\b"
    r"|\b(write|draft|create|make|prepare|book|send|schedule) (\w+ ){0,4}for (me|us)\b"
    r"|[.!?;,] (can|could|would) (you|u) (please |pls )?(pull together|put together|draft|write up|send|schedule|"
    r"book|summari[sz]e|prepare (a|an|the|my|our))\b"
)
"""Requests for the bot to do something ("schedule a mock interview with Sarah"): it only answers."""
OFF_TOPIC = frozenset(
    """salary salaries compensation wage wages bonus equity stock stocks bitcoin crypto rsu rsus weather password passwords
    wifi lunch dinner breakfast food beer wine snack snacks taxi uber expense expenses reimbursement vacation pto payroll invoice invoices
    laptop printer vpn parking dress attire outfit earn earns earnings income price prices fee fees pay pays paying""".split()
)
"""Subjects the knowledge base never covers, however close to the roles they come ("TPM salary in
Seattle"): a message about one of them is declined rather than answered with the nearest role fact."""
COMPANIES = frozenset(
    "google googles meta facebook amazon amazons apple netflix microsofts azure uber airbnb".split()
)
"""Named employers: the knowledge is about the roles, never about one company's pay, hiring, levels or
interview loop. Declined unless the company only frames a question about the roles (see `_FRAMING`)."""
MICROSOFT_THE_COMPANY = (
    r"\bmicrosoft\b(?! (project|teams|planner|excel|office|365|word|visio|azure|devops|outlook|loop|whiteboard|"
    r"forms|lists|to do|todo|sharepoint|onenote|powerpoint)\b)"
)
"""Microsoft the employer ("does microsoft still call its pms program managers"), not one of its tools."""
_FRAMING = frozenset("same style like similar difference differ versus".split())
_ORG_FACTS = re.compile(
    r"^\W*who('s|s| is| are| runs| leads| owns) (the|our|my) (\w+ ){1,3}(on|for|of|in) (project|team|our|my|the)\b"
    r"|\bhow many (\w+ ){1,3}do we have\b"
    r"|^\W*(which|what) (?!(role|roles|one|kind|type)\b)(\w+ ){0,2}(owns|runs|leads|is running|is leading|is on) "
    r"(the|our|this) (\w+ ){1,3}(here|now)\W*$"
    r"|\b(is|are) (?!(tpms?|pms?|pgms?|program|project|product|technical|they|you|we)\b)(\w+ ){1,2}"
    r"(hiring|recruiting)\b(?! managers?\b)"
    r"|\b(our|my) (\w+'?s? ){0,2}(sprint )?velocity\b|\b(this|last|current|next) sprint\b"
    r"|^\W*(what's|whats|what is) the (status|eta|progress) of (project |the |our )?"
    r"(?!(a|an|each|every|my|your|program|programs|project|projects|product|products|management)\b)[a-z]+\b"
    r"|^\W*(is|are) (the|our) (\w+ ){1,3}(launch|release|migration|rollout|project|program|cutover) "
    r"(still )?(on track|late|delayed|behind|red|green|amber|slipping)\b"
    r"|^\W*is [a-z]+ still (our|my) (\w+ )?(tpm|pm|pgm|manager|lead|boss|director|program manager|project manager|product manager)\b"
    r"|^\W*(is|does|did|has) (?!(anyone|everyone|someone|somebody|anybody|nobody|everybody|each|every|one|it|this|"
    r"that|there|he|she|they|qa|design|security|testing|engineering|product|marketing|sales|ops|devops|legal|data|"
    r"ux|ui|support|finance|research)\b)[a-z]+ (on|in|from) (the|our|my) (\w+ ){0,2}team\b"
    r".*\b(a|an)\b (\w+ )?(manager|pm|tpm|pgm|lead)\b"
    r"|\bwho (first )?(invented|coined)\b|\bwho came up with the (\w+ ){0,3}(term|name|title|idea|concept|method|chart|framework)\b"
    r"|\bwhen (was|were) (\w+ ){1,4}(invented|coined)\b"
    r"|\b(best|good|favou?rite|which|what) (coffee|tea|snacks?|drinks?|pizza|beer|wine)\b"
    r"|\b(get|gets|getting|is|are|be) paid\b|\bpaid (more|less|better|worse)\b"
    r"|\bhow many (\w+ ){1,3}(are |is )?(there )?(are |is )?in (the )?(us|usa|uk|world|america|europe|country|city)\b"
)
"""Facts about one organisation's people and data ("who is the PM on project X", "our velocity this
sprint"), pay ("do TPMs get paid more") or trivia ("how many gas stations are in the US", "who invented the
gantt chart", "best coffee for a pm"): the bot cannot know them."""
INTERVIEW_CUES = frozenset(
    ["interview", "interviewer", "interviews", "answer", "answering", "asked", "loop", "screen", "mock"]
)
"""A two-role message that is about answering an interview question is rarely a plain comparison."""
FIT_CUES = frozenset(
    "suit suits suited fit fits enjoy enjoys enjoyed love loves personality prefer prefers cut".split()
)
"""Nor is one that asks which role suits a person ("which of X or Y suits someone who enjoys planning")."""
_NOT_CONTENT = frozenset(
    {"project", "product", "program", "programm", "differ", "versus", "compar", "between"}
)
"""Stems that say nothing beyond "compare these roles" (the bare role words and the cues themselves)."""
_HELP_MAX_WORDS = 12
"""Help is asked in a few words; a longer message that says "what do you do" is a scenario question."""


@dataclass(frozen=True)
class Suggestion:
    """A question the bot can answer, offered as a button; `target` is what answer_target() takes."""

    label: str
    target: TargetKey


@dataclass(frozen=True, kw_only=True)
class _Reply:
    """What every answer carries besides its own result."""

    question: str
    confidence: float = 0.0
    alternatives: tuple[Suggestion, ...] = ()
    related: tuple[Suggestion, ...] = ()
    notes: tuple[str, ...] = ()
    considered: tuple[tuple[TargetKey, float], ...] = field(default=(), compare=False)
    """The best-scoring targets, for `rolebot ask --explain`."""


@dataclass(frozen=True)
class FaqAnswer(_Reply):
    intent: ClassVar[Intent] = Intent.FAQ
    target: TargetKey
    entry: FaqEntry


@dataclass(frozen=True)
class PracticeAnswer(_Reply):
    intent: ClassVar[Intent] = Intent.PRACTICE
    target: TargetKey
    prompt: PracticePrompt


@dataclass(frozen=True)
class ProfileAnswer(_Reply):
    intent: ClassVar[Intent] = Intent.PROFILE
    target: TargetKey
    profile: Profile


@dataclass(frozen=True)
class AspectAnswer(_Reply):
    """One aspect of one role ("tools: project manager")."""

    intent: ClassVar[Intent] = Intent.PROFILE
    target: TargetKey
    role: Role
    aspect: Aspect
    text: AspectText


@dataclass(frozen=True)
class ComparisonAnswer(_Reply):
    intent: ClassVar[Intent] = Intent.COMPARE
    target: TargetKey
    comparison: Comparison


@dataclass(frozen=True)
class Clarification(_Reply):
    """A question back to the user; the alternatives are the possible readings."""

    intent: ClassVar[Intent] = Intent.CLARIFY
    ask_back: str
    in_short: tuple[tuple[str, str], ...] = ()
    """(role name, its short answer) for each reading of an ambiguous "PM", so a person who does not
    pick a button still has both answers (the sources ask for the ambiguity to be handled openly)."""


@dataclass(frozen=True)
class NotSure(_Reply):
    """No convincing match: the alternatives are the nearest ones."""

    intent: ClassVar[Intent] = Intent.NOT_SURE


@dataclass(frozen=True)
class OutOfScope(_Reply):
    intent: ClassVar[Intent] = Intent.OUT_OF_SCOPE


@dataclass(frozen=True)
class HelpAnswer(_Reply):
    intent: ClassVar[Intent] = Intent.HELP


@dataclass(frozen=True)
class Social(_Reply):
    """ "hi" (a greeting), "thanks!" or "are you a bot?": a short friendly reply."""

    intent: ClassVar[Intent] = Intent.SOCIAL
    kind: SocialKind

    @property
    def greeting(self) -> bool:
        return self.kind is SocialKind.GREETING


@dataclass(frozen=True)
class TaskDeclined(_Reply):
    intent: ClassVar[Intent] = Intent.TASK


Answer = (
    FaqAnswer
    | PracticeAnswer
    | ProfileAnswer
    | AspectAnswer
    | ComparisonAnswer
    | Clarification
    | NotSure
    | OutOfScope
    | HelpAnswer
    | Social
    | TaskDeclined
)
"""Every reply the engine gives; renderers and views `match` on it."""


def answered(answer: Answer) -> TargetKey | None:
    """The target an answer answers with, or None when it answers with none (a decline, help…)."""
    match answer:
        case FaqAnswer() | PracticeAnswer() | ProfileAnswer() | AspectAnswer() | ComparisonAnswer():
            return answer.target
        case _:
            return None


def build_targets(kb: KnowledgeBase) -> list[Target]:
    """Everything answerable, with the phrasings people use to ask for it."""
    targets = [
        Target(TargetKey.faq(e.id), TargetKind.FAQ, e.question, e.phrasings, e.roles, e.answer)
        for e in kb.faq.values()
    ]
    targets += [
        Target(
            TargetKey.practice(p.id), TargetKind.PRACTICE, p.question, p.phrasings, p.roles, " ".join(p.tips)
        )
        for p in kb.practice.values()
    ]
    for role in kb.roles.values():
        name = role.name.lower()
        targets.append(
            Target(
                TargetKey.profile(role.id),
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
                    TargetKey.aspect(role.id, aspect.id),
                    TargetKind.ASPECT,
                    f"{aspect.label}: {role.name}",
                    tuple(f"{a} {name}" for a in asked),
                    (role.id,),
                    role.aspects[aspect.id].summary,
                )
            )
    return targets


def ask_cues(kb: KnowledgeBase) -> list[str]:
    """The words that carry a question: each aspect's cue words, from the knowledge, and the words that
    ask which role suits someone. (Comparison cues need no weight: two roles and "vs" route by themselves.)"""
    return [*(cue for aspect in kb.aspects for cue in aspect.cues), *sorted(FIT_CUES)]


class AnswerEngine:
    """Built once at start-up (the index is the costly part), then answers any number of questions."""

    def __init__(
        self, kb: KnowledgeBase, index_cache: Path | None = None, scorer: Scorer | None = None
    ) -> None:
        """`scorer`: how candidates are found and scored, by default the index over `build_targets(kb)`;
        `index_cache`: a folder where that index is kept, keyed by the knowledge's content, so a later
        start-up (another web worker, a restart) loads it instead of building it again."""
        self.kb = kb
        self.resolver = RoleResolver(kb)
        targets = build_targets(kb)
        self.scorer = scorer or index_scorer(targets, self.resolver, ask_cues(kb), index_cache)
        self.thresholds = self.scorer.thresholds
        self._targets = {t.key: t for t in targets}
        self._pair_faq: dict[frozenset[str], list[FaqEntry]] = {}
        for entry in kb.faq.values():  # FAQ entries about exactly two roles, offered after their comparison
            if len(set(entry.roles)) == 2:
                self._pair_faq.setdefault(frozenset(entry.roles), []).append(entry)

    @property
    def analyzer(self) -> Analyzer:
        return self.scorer.analyzer

    # --- the one public question ---------------------------------------------------------

    def answer(self, question: str) -> Answer:
        plain = read_part(" ".join(strip_slack(question).split()))
        plain = after_pivot(plain) or plain  # what came before "unrelated:" is not read, roles included
        folded = fold(plain)
        social = social_kind(folded)
        if social is not None:
            return Social(question=question, confidence=1.0, kind=social)
        if _TASK.search(folded):
            return TaskDeclined(question=question)
        if len(plain.split()) <= _HELP_MAX_WORDS and _HELP.search(folded):
            return HelpAnswer(question=question, confidence=1.0)
        analysis = self.analyzer.analyze(plain)
        if off_topic(folded, analysis):
            return OutOfScope(question=question)
        ambiguous = next((m for m in analysis.mentions if isinstance(m, Ambiguous)), None)
        named_ids = {m.role.id for m in analysis.mentions if isinstance(m, Resolved)}
        if ambiguous is not None and self._reading_given(analysis, ambiguous, named_ids):
            ambiguous = None
        readings = self._readings(analysis, ambiguous)
        hits = readings[0] if len(readings) == 1 else _merge(readings)
        best = hits[0] if hits else None

        wanted = self._comparison_asked(analysis, ambiguous, best)
        if wanted is not None:
            if ambiguous is not None:
                return self._ask_which(question, analysis, ambiguous, wanted[:1])
            return self._comparison(question, analysis, wanted[0], wanted[1])
        if ambiguous is not None and best is not None and self._depends_on_reading(best, ambiguous):
            return self._ask_which(question, analysis, ambiguous, [], readings)
        return self._search(question, analysis, hits, ambiguous)

    @staticmethod
    def _reading_given(analysis: Analysis, unclear: Ambiguous, named_ids: set[str]) -> bool:
        """The message itself says which "PM" it means: it names both readings ("does PM mean product or
        project manager?"), or names one and asks no comparison ("informal pm stuff for my squad… moving
        into project management"), where the PM is that role, or a role close to it."""
        options = {r.id for r in unclear.options}
        if options <= named_ids:
            return True
        return len(options & named_ids) == 1 and not set(analysis.words) & STRONG_CUES

    def _comparison_asked(
        self, analysis: Analysis, ambiguous: Ambiguous | None, best: Hit | None
    ) -> list[str] | None:
        """The roles to compare, if the message asks for a comparison rather than for an entry.

        Two roles and a cue ("vs", "difference", "or") make a comparison likely; how likely is
        weighed against the best search hit, which wins when it is about exactly these roles and
        the topic asked ("who owns the budget, the pgm or the project managers?")."""
        cues = set(analysis.words)
        counted = [  # a bare "project" names the role only where roles are being compared
            m
            for m, bare in zip(analysis.mentions, analysis.bare, strict=True)
            if isinstance(m, Resolved) and (not bare or cues & (STRONG_CUES | WEAK_CUES))
        ]
        distinct = list(dict.fromkeys(m.role.id for m in counted))
        named = len(distinct) + (ambiguous is not None)
        if named < 2:
            return None
        content = [t for t in analysis.terms if not t.startswith("@") and t not in _NOT_CONTENT]
        if not content and named == 2:
            return distinct  # nothing but two roles and a cue: "tpm vs pgm?"
        if cues & STRONG_CUES:
            likely = STRONG_COMPARE
        elif cues & WEAK_CUES:
            likely = WEAK_COMPARE
        else:
            likely = BARE_COMPARE if not content else 0.0
        # less likely with a third role, or when it is about answering an interview or fitting a person
        likely = likely - (0.25 if named > 2 else 0.0) - (0.2 if cues & INTERVIEW_CUES else 0.0)
        likely -= 0.3 if cues & FIT_CUES else 0.0
        if best is None:
            return distinct if likely > 0 else None
        pair = set(distinct[:2])
        telling = [t for t in best.matched.intersection(content) if not is_generic(t) or t in INTERVIEW_CUES]
        on_topic = bool(telling) or (analysis.practice_cue and best.target.kind is TargetKind.PRACTICE)
        if on_topic and set(best.target.roles) >= pair and best.score >= self.thresholds.answer:
            return None
        # A better-scoring entry about other roles ("product vs program" for "project vs program?") never
        # stands in for the comparison asked.
        elsewhere = not pair <= set(best.target.roles) and bool(set(best.target.roles) - set(distinct))
        # "success as a program mgr vs a project mgr": one role's aspect answers half of what was asked
        one_sided = (
            named == 2
            and bool(cues & STRONG_CUES)
            and best.target.kind in (TargetKind.ASPECT, TargetKind.PROFILE)
        )
        if likely > 0 and (best.score <= likely or set(best.target.roles) == pair or elsewhere or one_sided):
            return distinct
        return None

    # --- answering a known target (buttons, suggestions) ----------------------------------

    def answer_target(self, key: TargetKey | str, question: str | None = None) -> Answer | None:
        """The answer for a target key such as "faq:what-is-a-tpm" or "compare:a|b" (a button's value
        is parsed here); None if malformed or unknown."""
        parsed = TargetKey.parse(key) if isinstance(key, str) else key
        if parsed is None:
            return None
        target = self._targets.get(parsed)
        question = question or (target.title if target else str(parsed))
        if parsed.kind is TargetKind.COMPARE:
            left, right = asked_order(key)
            if left in self.kb.roles and right in self.kb.roles and left != right:
                return self._comparison(question, None, left, right)
            return None
        return None if target is None else self._from_hit(question, Hit(target, 1.0, question))

    # --- routes --------------------------------------------------------------------------

    def _comparison(self, question: str, analysis: Analysis | None, left: str, right: str) -> Answer:
        resolved = [m for m in analysis.mentions if isinstance(m, Resolved)] if analysis else []
        related = [
            Suggestion(e.question, TargetKey.faq(e.id))
            for e in self._pair_faq.get(frozenset((left, right)), ())
        ]
        return ComparisonAnswer(
            TargetKey.compare(left, right),
            compare(self.kb, left, right),
            question=question,
            confidence=0.9,
            related=tuple(related[:3]),
            notes=tuple(reading_notes(resolved)),
        )

    def _ask_which(
        self,
        question: str,
        analysis: Analysis,
        unclear: Ambiguous,
        others: list[str],
        readings: list[list[Hit]] | None = None,
    ) -> Answer:
        """Ask which role an ambiguous "PM" means, offering each reading's answer as a button."""
        names = " or ".join(r.name.lower() for r in unclear.options)
        ask = f"“{shown_alias(unclear)}” can mean {names}. Which one did you mean? {unclear.alias.note}"
        choices = []
        for n, option in enumerate(unclear.options):
            if others and others[0] != option.id:
                label = f"{option.name} vs {self.kb.roles[others[0]].name.lower()}"
                choices.append(Suggestion(label, TargetKey.compare(option.id, others[0])))
            elif readings and readings[n]:
                choices.append(
                    Suggestion(f"{option.name}: {readings[n][0].target.title}", readings[n][0].target.key)
                )
            else:
                choices.append(Suggestion(option.name, TargetKey.profile(option.id)))
        notes = reading_notes([m for m in analysis.mentions if isinstance(m, Resolved)])
        return Clarification(
            question=question,
            ask_back=ask,
            alternatives=unique(choices),
            notes=tuple(notes),
            in_short=self._in_short(unclear, others or named_roles(analysis), readings),
        )

    def _in_short(
        self, unclear: Ambiguous, others: list[str], readings: list[list[Hit]] | None
    ) -> tuple[tuple[str, str], ...]:
        """Each reading's short answer. Where each reading found the same aspect ("pm certifications?"),
        that aspect for every role asked about; else, where other roles are named too (a comparison, "is
        a PM more senior than a TPM?"), every role's one-line summary; else the entry each reading found,
        in short. Nothing where a reading found a practice prompt, whose answer is no line."""
        roles = [*unclear.options, *(self.kb.roles[o] for o in others if o in self.kb.roles)]
        best = [r[0] for r in readings or () if r]
        aspects = {h.target.key.ids[-1] for h in best if h.target.kind is TargetKind.ASPECT}
        if (
            len(best) == len(unclear.options)
            and len(aspects) == 1
            and len(aspects) == len({h.target.kind for h in best})
        ):
            (aspect_id,) = aspects
            lines = [(r.name, _short_aspect(r.aspects[aspect_id])) for r in roles if aspect_id in r.aspects]
            return tuple(dict.fromkeys(lines))
        if others:
            return tuple(dict.fromkeys((r.name, r.summary) for r in roles))
        found: dict[str, str] = {}
        for option, hit in zip(unclear.options, best, strict=False):
            if hit.target.kind is TargetKind.FAQ:
                found.setdefault(first_part(self.kb.faq[hit.target.key.id].answer), option.name)
            elif hit.target.kind is TargetKind.ASPECT:
                role_id, aspect_id = hit.target.key.ids
                found.setdefault(_short_aspect(self.kb.roles[role_id].aspects[aspect_id]), option.name)
            else:
                return ()
        return (
            tuple((name, text) for text, name in found.items()) if len(best) == len(unclear.options) else ()
        )

    def _depends_on_reading(self, best: Hit, unclear: Ambiguous) -> bool:
        """True when the best answer is about one reading of "PM" only, so answering would be a guess."""
        about = {r.id for r in unclear.options} & set(best.target.roles)
        return best.score >= self.thresholds.suggest and len(about) == 1

    def _search(
        self, question: str, analysis: Analysis, hits: list[Hit], ambiguous: Ambiguous | None
    ) -> Answer:
        limits = self.thresholds
        considered = tuple((h.target.key, round(h.score, 3)) for h in hits)
        if not hits or hits[0].score < limits.suggest:
            has_domain = bool(analysis.mentions) or any(self.scorer.known(t) for t in analysis.terms)
            suggestions = unique(self._suggest(h) for h in hits[:3] if h.score >= limits.suggest / 2)
            if has_domain and suggestions:
                return NotSure(
                    question=question,
                    confidence=_score(hits),
                    alternatives=suggestions,
                    considered=considered,
                )
            return OutOfScope(question=question, confidence=_score(hits), considered=considered)
        hits = covering_first(hits, named_roles(analysis))
        first = kind_first(analysis.text, hits, limits)
        decided = first is not None
        hits = first or hits
        best = hits[0]
        if not decided and not self._ask_understood(analysis, best):
            return NotSure(
                question=question,
                confidence=best.score,
                alternatives=unique(self._suggest(h) for h in hits[:3]),
                considered=considered,
            )
        sure = (
            decided
            or best.score >= limits.answer
            or clear_lead(hits, limits)
            or self._understood(analysis, best)
            or long_ask_lead(analysis, hits, limits)
        )
        roleless_aspect = (  # "what about tools?": a short follow-up naming no role
            not analysis.mentions and best.target.kind is TargetKind.ASPECT and len(analysis.terms) <= 3
        )
        if sure and roleless_aspect and best.matched & self.scorer.cue_terms:
            return self._ask_role(question, best, considered)
        others = unique((self._suggest(h) for h in hits[1:] if h.score >= limits.suggest), [best.target.key])
        others = others[:3]
        if not sure:
            alternatives = unique((self._suggest(best), *others))[:3]
            return NotSure(
                question=question, confidence=best.score, alternatives=alternatives, considered=considered
            )
        answer = self._from_hit(question, best)
        related = unique(answer.related, [best.target.key, *(s.target for s in others)])
        notes = list(answer.notes)
        if ambiguous is not None and best.target.roles:
            readings = " or ".join(r.name.lower() for r in ambiguous.options)
            notes.append(f"“{shown_alias(ambiguous)}” can mean {readings}; this answer covers both.")
        notes += reading_notes([m for m in analysis.mentions if isinstance(m, Resolved) and m.corrected])
        return replace(
            answer, alternatives=others, related=related, notes=tuple(notes), considered=considered
        )

    def _ask_understood(self, analysis: Analysis, best: Hit) -> bool:
        """False when the best match shares little but a role with what is asked, and the ask has words
        the knowledge never uses: "a birthday gift for my product manager", "tpm hours". Answering the
        role's nearest entry would be a confident wrong answer; it is a "not sure" instead."""
        asked_part = questions_asked(analysis.text)
        terms = self.analyzer.analyze(asked_part).terms if asked_part else analysis.terms
        asked = [t for t in dict.fromkeys(terms) if not t.startswith("@") and t not in analysis.background]
        said = [t for t in dict.fromkeys(analysis.terms) if not t.startswith("@")]
        if not analysis.mentions and 0 < len(said) <= 2 and all(map(is_generic, said)):
            return False  # "are you sure?": a word or two of English's commonest, no role
        unknown = [t for t in asked if not self.scorer.known(t)]
        shared = [t for t in best.matched.intersection(asked) if not is_generic(t)]
        return len(unknown) < ASK_UNKNOWN or bool(shared)

    def _understood(self, analysis: Analysis, best: Hit) -> bool:
        """The ask is plain (the best match shares the cue word that carries it, "kpis", "skills") and about
        the roles asked for: a loosely worded rest need not make it a "not sure"."""
        asked = {m.role.id for m in analysis.mentions if isinstance(m, Resolved)}
        on_roles = asked <= set(best.target.roles) if asked else best.target.kind is not TargetKind.ASPECT
        cued = bool(best.matched & self.scorer.cue_terms)
        return best.score >= self.thresholds.cued_answer and on_roles and cued

    def _ask_role(self, question: str, best: Hit, considered: tuple[tuple[TargetKey, float], ...]) -> Answer:
        """ "what about tools?" with no role named (and no thread to take one from): the answer differs
        from role to role, so ask which, one button per role, rather than answer for one picked at random."""
        aspect_id = best.target.key.ids[-1]
        aspect = next(a for a in self.kb.aspects if a.id == aspect_id)
        choices = tuple(
            Suggestion(f"{aspect.label}: {role.name}", TargetKey.aspect(role.id, aspect.id))
            for role in self.kb.roles.values()
        )
        ask = f"Which role do you mean? The answer about {aspect.label.lower()} differs from one role to the next."
        return Clarification(question=question, ask_back=ask, alternatives=choices, considered=considered)

    def _readings(self, analysis: Analysis, ambiguous: Ambiguous | None) -> list[list[Hit]]:
        """Search once, or once per reading of an ambiguous "PM" (each with that role's term added)."""
        if ambiguous is None:
            return [self.scorer.search(analysis, limit=6)]
        return [
            self.scorer.search(replace(analysis, terms=(*analysis.terms, role_term(option.id))), limit=6)
            for option in ambiguous.options
        ]

    def _from_hit(self, question: str, hit: Hit) -> Answer:
        key = hit.target.key
        match key.kind:
            case TargetKind.FAQ:
                entry = self.kb.faq[key.id]
                related = tuple(Suggestion(self.kb.faq[r].question, TargetKey.faq(r)) for r in entry.related)
                return FaqAnswer(key, entry, question=question, confidence=hit.score, related=related)
            case TargetKind.PRACTICE:
                prompt = self.kb.practice[key.id]
                similar = [
                    p
                    for p in self.kb.practice.values()
                    if p.kind == prompt.kind and p.id != prompt.id and set(p.roles) & set(prompt.roles)
                ]
                related = tuple(Suggestion(p.question, TargetKey.practice(p.id)) for p in similar[:2])
                return PracticeAnswer(key, prompt, question=question, confidence=hit.score, related=related)
            case TargetKind.PROFILE:
                return ProfileAnswer(
                    key,
                    profile(self.kb, key.id),
                    question=question,
                    confidence=hit.score,
                    related=self._compare_with(key.id),
                )
            case TargetKind.ASPECT:
                role_id, aspect_id = key.ids
                role = self.kb.roles[role_id]
                aspect = next(a for a in self.kb.aspects if a.id == aspect_id)
                whole = Suggestion(
                    f"Everything about the {role.name.lower()} role", TargetKey.profile(role_id)
                )
                return AspectAnswer(
                    key,
                    role,
                    aspect,
                    role.aspects[aspect_id],
                    question=question,
                    confidence=hit.score,
                    related=(whole, *self._compare_with(role_id)[:2]),
                )
            case TargetKind.COMPARE:
                return self._comparison(question, None, *key.ids[:2])

    def _compare_with(self, role_id: str) -> tuple[Suggestion, ...]:
        name = self.kb.roles[role_id].name
        return tuple(
            Suggestion(f"{name} vs {other.name.lower()}", TargetKey.compare(role_id, other.id))
            for other in self.kb.roles.values()
            if other.id != role_id
        )

    def _suggest(self, hit: Hit) -> Suggestion:
        return Suggestion(hit.target.title, hit.target.key)


def shown_alias(unclear: Ambiguous) -> str:
    """The abbreviation as the knowledge writes it ("PM"), never the words around it as typed ("pm a")."""
    alias = unclear.alias.alias
    return alias.upper() if alias.isalpha() and len(alias) <= 4 else alias


def unique(suggestions: Iterable[Suggestion], shown: Iterable[TargetKey] = ()) -> tuple[Suggestion, ...]:
    """Suggestions without repeats: one button per target and per label, none for what is shown already."""
    seen_targets, seen_labels, kept = set(shown), set[str](), []
    for suggestion in suggestions:
        label = fold(suggestion.label).strip(" ?.!")
        if suggestion.target in seen_targets or label in seen_labels:
            continue
        seen_targets.add(suggestion.target)
        seen_labels.add(label)
        kept.append(suggestion)
    return tuple(kept)


def named_roles(analysis: Analysis) -> list[str]:
    """The roles a message names plainly (not as a bare "project"), in order, once each."""
    resolved = [
        m.role.id
        for m, bare in zip(analysis.mentions, analysis.bare, strict=True)
        if isinstance(m, Resolved) and not bare
    ]
    return list(dict.fromkeys(resolved))


def _short_aspect(text: AspectText) -> str:
    return " ".join((text.summary, *text.points[:3]))


def first_part(text: str, limit: int = 320) -> str:
    """An entry's answer in short: its first paragraph, cut after the last full sentence that fits."""
    para = text.strip().split("\n")[0].strip()
    if len(para) <= limit:
        return para
    cut = max(para.rfind(". ", 0, limit), para.rfind("; ", 0, limit))
    return para[: cut + 1] if cut > 0 else para[:limit].rsplit(" ", 1)[0] + "…"


def off_topic(folded: str, analysis: Analysis) -> bool:
    """True for a subject the knowledge never covers, however many role words the message has. In a long
    message only the part that asks counts: "…a cooler title and a higher salary. What's the argument
    against that?" asks about the roles, the salary is what someone else claimed."""
    ask = asking_part(folded)
    if ask is not None:
        folded = fold(ask)
    words = set(analysis.words) if ask is None else set(re.findall(r"[a-z]+", folded))
    if OFF_TOPIC & words or _ORG_FACTS.search(folded):
        return True
    named = set(re.findall(r"[a-z]+", folded)) & COMPANIES
    if re.search(MICROSOFT_THE_COMPANY, folded):
        named.add("microsoft")
    return bool(named) and not words & _FRAMING


READ_CHARS = 2_000
"""How much of a message is read: its start and its end, where people put the question. No question needs
more, and reading all of a 40,000-character paste would hold a worker for seconds."""


def read_part(plain: str) -> str:
    if len(plain) <= READ_CHARS:
        return plain
    half = READ_CHARS // 2
    return f"{plain[:half].rsplit(' ', 1)[0]} … {plain[-half:].split(' ', 1)[-1]}"


_FIT_ASK = re.compile(
    r"\b(suits?|fits?|right for|better for|best for|is me|for me|better shot|cut out for)\b"
    r"|\bshould i ((be|become) (a|an)|aim|go for|pick|choose|try for)\b|\bwhich (role|one|path|track|job)s? (is|would|should|do)\b"
)
_FIRST_PERSON = re.compile(r"\b(i|im|i'm|me|my|someone|somebody)\b")
INTERVIEW_WORDS = r"interviews?|onsite|phone screen"
"""The words that make an ask about an interview; "loop", "panel" and "screen" alone are everyday words too
("the steering panel")."""
_SHOW_VERBS = (
    r"show|demonstrate|prove|talk about|mention|bring (?:it |that |this |them )?up|frame|present|highlight|"
    r"position|pitch|describe|explain|say"
)
_SHOW_ASK = re.compile(
    rf"\b(?:{_SHOW_VERBS})\b.{{0,60}}\b(?:{INTERVIEW_WORDS})\b"
    rf"|\b(?:{INTERVIEW_WORDS})\b.{{0,40}}\bhow (?:do|should|can|would) i (?:{_SHOW_VERBS})\b"
)
_INTERVIEW_TITLE = re.compile(r"\binterviews?\b")


@dataclass(frozen=True)
class AskKind:
    """A kind of ask whose entries the words of the message match less well than what they are about: which
    role suits the asker ("I love detail: which role is me?"), how to show something in an interview ("how do
    I bring up my tools in an interview?"). The asker's traits, or the subject, match entries about them; the
    entry that answers the ask is the one whose own question is of the same kind."""

    asks: Callable[[str, str], bool]
    """Of the sentence that asks and the whole message, folded: "…i love the architecture side. which of
    those would fit better?" asks which fits, and the first person is in the background."""
    titled: re.Pattern[str]


ASK_KINDS = (
    AskKind(lambda asked, whole: bool(_FIT_ASK.search(asked) and _FIRST_PERSON.search(whole)), _FIT_ASK),
    AskKind(lambda asked, whole: bool(_SHOW_ASK.search(asked)), _INTERVIEW_TITLE),
)
KIND_GAP = 0.15
"""How far behind the best hit an entry of the kind asked may be and still go first."""


def kind_first(text: str, hits: list[Hit], limits: Thresholds) -> list[Hit] | None:
    """The hits with the best entry of the kind the message asks (see `AskKind`) first, when one is among the
    leading three and not far behind; None when the message asks no such kind or no such entry leads. Such
    an entry is answered from the suggestion score on: the words that would make it score higher are the
    ones the asker spends on their traits or their subject. In a long message only the sentence that asks
    counts: the background may mention an interview in passing."""
    whole = fold(text)
    asked = fold(asking_part(text) or text)
    for kind in ASK_KINDS:
        if not kind.asks(asked, whole):
            continue
        fitting = next(
            (
                h
                for h in hits[:3]
                if h.score >= max(limits.suggest, hits[0].score - KIND_GAP)
                and kind.titled.search(fold(h.target.title))
            ),
            None,
        )
        if fitting is not None:
            return [fitting, *(h for h in hits if h is not fitting)]
    return None


def _merge(readings: list[list[Hit]]) -> list[Hit]:
    merged: dict[TargetKey, Hit] = {}
    for hits in readings:
        for hit in hits:
            if hit.target.key not in merged or merged[hit.target.key].score < hit.score:
                merged[hit.target.key] = hit
    return sorted(merged.values(), key=rank)[:6]


ASK_UNKNOWN = 2
"""An ask with this many words the knowledge never uses, none of its words shared by the best match, is
about something else than that match, however well the roles fit."""


COVERING_MARGIN = 0.06


def covering_first(hits: list[Hit], asked: Sequence[str]) -> list[Hit]:
    """With two or more roles asked about, an entry about all of them goes first when it is about as good
    as the best ("how do the two differ in time horizon?": the FAQ on both, not one role's aspect)."""
    if len(asked) < 2 or not hits or set(asked) <= set(hits[0].target.roles):
        return hits
    covering = next(
        (
            h
            for h in hits[1:]
            if hits[0].score - h.score <= COVERING_MARGIN and set(asked) <= set(h.target.roles)
        ),
        None,
    )
    return hits if covering is None else [covering, *(h for h in hits if h is not covering)]


def agrees(best: Hit, other: Hit) -> bool:
    """Whether `other` says a part of what `best` says: the same asked aspect (a telling word both share,
    not one of English's commonest) of some of its roles, neither a practice question ("TPM KPIs" as the FAQ on both technical roles
    and as the TPM's own aspect). Such a runner-up is no rival: answering the best loses nothing."""
    if TargetKind.PRACTICE in (best.target.kind, other.target.kind) or not other.target.roles:
        return False
    shared = {t for t in best.matched & other.matched if not t.startswith("@") and not is_generic(t)}
    return bool(shared) and set(other.target.roles) <= set(best.target.roles)


def rival_score(hits: Sequence[Hit]) -> float:
    """The score of the best match that would answer something else than the first."""
    return next((h.score for h in hits[1:] if not agrees(hits[0], h)), 0.0)


def clear_lead(hits: Sequence[Hit], limits: Thresholds) -> bool:
    """A match below the answer score is still answered when it is well clear of its rivals: the
    question is loosely put, not ambiguous. Two close candidates are offered as a choice instead."""
    if not hits or hits[0].score < limits.lead:
        return False
    return hits[0].score - rival_score(hits) >= limits.lead_margin


def long_ask_lead(analysis: Analysis, hits: Sequence[Hit], limits: Thresholds) -> bool:
    """A long message whose best match still leads clearly: its score is low because the asker's
    situation is words no entry has, not because two entries fit."""
    if not analysis.background or not hits or hits[0].score < limits.long_lead:
        return False
    return hits[0].score - rival_score(hits) >= limits.long_margin


def _score(hits: list[Hit]) -> float:
    return hits[0].score if hits else 0.0
