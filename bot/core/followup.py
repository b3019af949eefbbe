"""Reading a follow-up with what the bot last answered in the conversation.

After "tpm vs pgm", "what about tools?" means the tools of those two roles; after an answer
about a TPM's skills, "and for product managers?" means a product manager's skills; "the other
one" after a clarifying question means the reading not chosen; "i meant project managers" corrects
the role; "explain it like I'm 5" asks for the same answer again; an ambiguous "pm" means the reading
the conversation is about. What is remembered of the previous turn is a `Turn`: the answer's target
key, its roles and its aspect (never any text), the aspect read from the question it answered where
the answer itself has none (a comparison asked about tools, a FAQ entry on one aspect).

`FollowUps.resolve` is a pure function of (message, previous turn): it returns what to answer,
either a question to put to the engine or a target key to answer directly. A message that
names what it asks about in full ("what does a product manager own?") is a new question, and
is returned unchanged.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.core.answers import (
    INTERVIEW_WORDS,
    Answer,
    AspectAnswer,
    Clarification,
    ComparisonAnswer,
    FaqAnswer,
    NotSure,
    PracticeAnswer,
    ProfileAnswer,
    answered,
    social_kind,
)
from bot.core.kinds import TargetKey, TargetKind, comparison_text
from bot.core.knowledge import KnowledgeBase
from bot.core.matching.analyze import Analyzer, is_generic, strip_slack
from bot.core.names import Ambiguous, Resolved
from bot.core.text import fold, words


@dataclass(frozen=True)
class Turn:
    """What a conversation's last answer was about, kept between messages."""

    target: str | None
    roles: tuple[str, ...] = ()
    aspect: str | None = None
    options: tuple[str, ...] = ()
    """The choices a clarifying question offered, in order, for "the other one"."""


@dataclass(frozen=True)
class FollowUp:
    """What to answer: `question` (as typed, or rewritten with the context), or `target` directly."""

    question: str
    target: str | None = None
    followed: bool = False
    """True when the previous turn changed what is answered."""


MAX_FOLLOW_UP_WORDS = 12
_MORE = re.compile(
    r"^(ok |okay |and |so |please |pls |now |cool |great |thanks |hmm |can you |could you )*(tell me more|more|more please|more details?|details|go on|"
    r"elaborate|say more|keep going|explain( that| it| more| further)?|expand( on that| on it)?|"
    r"(can|could) you (elaborate|expand|explain)|what else|anything else|more info|more on that|"
    r"tell me (more )?about (it|that|this|them|the role|that role)|go deeper)\b"
)
_WHY = re.compile(r"^(and |but |so )?(why|how come|whys that|why is that|why so|reason)\b")
_ORDINAL = re.compile(
    r"\b(the )?(other|second|2nd|first|1st|latter|former|last|third|3rd)( one| option| reading| choice)?\b"
)
_LEAD = re.compile(
    r"^(ok |okay |cool |thanks |great |right |hmm |and |also |then |but )*"
    r"(and|what about|how about|what of|same for|same question for|for|also for|then for|and for|"
    r"what if|in terms of|regarding|re|now for|ok what about|versus|vs|compared to|compared with)\b"
)
_REFERS = re.compile(
    r"\b(that|it|this|they|them|those|these|its|their|theirs|he|she|his|her|the role|that role|this role|"
    r"that job|the job|same|each|both|either|(the|those|these) two|(become|becoming|be|as) one)\b"
)
_CORRECTION = re.compile(
    r"^(no |nope |sorry |oh |ah |oops |well )*(i mean|i meant|i was asking about|i was asking|i asked about|"
    r"actually|rather|not that one|not that|instead)\b"
)
"""A correction of the reading ("i meant technical project manager"): the same question, another role."""
_AGAIN = re.compile(
    r"\b(like (i am|im) (5|five)|eli5|simpler|simply|simple terms|plain (english|words|terms)|laymans? terms|"
    r"in one line|one liner|summary|summari[sz]e|tl dr|tldr|short version|shorter|dumb it down|in a nutshell)\b"
)
"""Asked again in other words ("explain it like i'm 5"): the bot has one wording, the same answer again."""
_WHICH = re.compile(r"^(so |and |ok |okay |then )*which (one|of (the|them|those|these)( two)?|role)\b")
"""'which one ... the program level?' after an answer on two roles: the role it names."""
_FILLER = frozenset(
    {"one", "same", "question", "then", "now", "also", "too", "ok", "okay", "pls", "pleas"}
    | {"project", "product", "program", "programm"}
)
"""Stems a follow-up naming a role carries without asking anything more ("the same for tpms then", a bare
"project" for the project manager)."""
_ASKS = re.compile(
    r"^(how|what|whats|who|whos|why|when|where|which|does|do|did|is|are|can|should|would|will)\b"
)
"""A message whose rest (after "and", "what about") opens a question of its own: "and who covers …?"."""
_TOO = re.compile(r"\b(too|as well|also|either)\W*$")
"""'… for project managers too?': the same question, asked of another role."""
_INTERVIEW = re.compile(rf"\b(?:{INTERVIEW_WORDS})\b")
"""The interview words the engine's interview asks use: "panel" and "loop" alone are everyday words too."""
_DIFFER = re.compile(r"\b(differ|differs|different|difference|compare|compared|vs|versus|unlike|contrast)\b")


def turn_of(answer: Answer) -> Turn:
    """What to remember of an answer (no text)."""
    target = answered(answer)
    key = None if target is None else str(target)
    match answer:
        case ComparisonAnswer(comparison=comparison):
            return Turn(key, (comparison.left.id, comparison.right.id))
        case AspectAnswer(role=role, aspect=aspect):
            return Turn(key, (role.id,), aspect.id)
        case ProfileAnswer(profile=profile):
            return Turn(key, (profile.role.id,))
        case FaqAnswer(entry=entry):
            return Turn(key, tuple(entry.roles))
        case PracticeAnswer(prompt=prompt):
            return Turn(key, tuple(prompt.roles))
        case Clarification(alternatives=alternatives):
            options = tuple(s.target for s in alternatives)
            aspects = {o.ids[1] for o in options if o.kind is TargetKind.ASPECT}
            one_aspect = len(aspects) == 1 and all(o.kind is TargetKind.ASPECT for o in options)
            # "which role do you mean?" about one aspect keeps the aspect
            return Turn(None, (), aspects.pop() if one_aspect else None, tuple(map(str, options)))
        case _:
            return Turn(None)


def _replace_aspect(turn: Turn, aspect: str | None) -> Turn:
    return Turn(turn.target, turn.roles, aspect, turn.options)


def turn_of_target(key: str) -> Turn:
    """What to remember of a target answered directly (a button, "the other one")."""
    parsed = TargetKey.parse(key)
    if parsed is None:
        return Turn(key)
    match parsed.kind:
        case TargetKind.COMPARE:
            return Turn(key, parsed.ids)
        case TargetKind.ASPECT:
            return Turn(key, (parsed.ids[0],), parsed.ids[1])
        case TargetKind.PROFILE:
            return Turn(key, parsed.ids)
        case _:
            return Turn(key)


_ONE_OF = re.compile(
    r"\b(program|project|product)( one| version| side| role| level| equivalent| kind| type| ones)\b"
)
"""A bare discipline word that names a role ("the program one"); elsewhere ("how many projects",
"cross-project dependencies") it names the work, and only a message that is little more than the word
("and project?") means the role by it."""
_TECHNICAL = {"program-manager": "technical-program-manager", "project-manager": "technical-project-manager"}


def _counterpart(role: str, previous: Turn) -> str:
    """A bare "program"/"project" ("and the program one?") in a conversation about the technical roles
    means the technical one."""
    technical = _TECHNICAL.get(role)
    if (
        technical is not None
        and technical not in previous.roles  # "the program side" after a TPM answer: the plain role
        and previous.roles
        and set(previous.roles) <= set(_TECHNICAL.values())
    ):
        return technical
    return role


def _kind(key: str) -> TargetKind | None:
    parsed = TargetKey.parse(key)
    return None if parsed is None else parsed.kind


class FollowUps:
    """Built once with the knowledge and the engine's analyzer; `resolve` keeps no state."""

    def __init__(self, kb: KnowledgeBase, analyzer: Analyzer) -> None:
        self.kb = kb
        self.analyzer = analyzer
        self._cue_aspect: dict[str, str] = {}
        self._phrases: list[tuple[re.Pattern[str], str]] = []
        for aspect in kb.aspects:
            for cue in aspect.cues:
                self._cue_aspect.setdefault(cue.lower(), aspect.id)
            for phrase in (aspect.label, *aspect.asked_as):
                said = " ".join(words(phrase))
                if said and len(said.split()) >= 1:
                    self._phrases.append((re.compile(rf"\b{re.escape(said)}\b"), aspect.id))
        self._phrases.sort(key=lambda p: -len(p[0].pattern))
        self._label = {aspect.id: aspect.label.lower() for aspect in kb.aspects}
        self._cue_stem: dict[str, str] = {}  # "delivers" asks what "deliverables" does: the same stem
        for cue, aspect_id in self._cue_aspect.items():
            for term in analyzer.analyze(cue).terms:
                if not term.startswith("@"):
                    self._cue_stem.setdefault(term, aspect_id)

    def aspect_in(self, plain: str) -> str | None:
        """The aspect a message asks about by its cue words or phrasings, if one."""
        found = self.aspects_in(plain)
        return found[0] if found else None

    def aspects_in(self, plain: str) -> list[str]:
        """Every aspect a message asks about ("scope and time horizon"), cue words first."""
        said = " ".join(words(plain))
        found = [self._cue_aspect[word] for word in said.split() if word in self._cue_aspect]
        found += [aspect for pattern, aspect in self._phrases if pattern.search(said)]
        found += [self._cue_stem[t] for t in self.analyzer.analyze(plain).terms if t in self._cue_stem]
        return list(dict.fromkeys(found))

    def turn(self, answer: Answer) -> Turn:
        """What to remember of an answer, with the aspect its question asked: a comparison asked about
        tools ("what about tools?") keeps it for "and for a product manager?"; an answer on one aspect
        to a question naming two keeps none, so the next role gets its whole profile; a FAQ entry keeps
        the one aspect its question asks about, if it asks about one."""
        turn = turn_of(answer)
        match answer:
            case ComparisonAnswer():
                return _replace_aspect(turn, self.aspect_in(answer.question))
            case AspectAnswer() if len(self.aspects_in(answer.question)) > 1:
                return _replace_aspect(turn, None)
            case FaqAnswer(entry=entry):  # "what tools do project managers use?" then "same for tpms?"
                asks = self.aspects_in(entry.question)
                return _replace_aspect(turn, asks[0] if len(asks) == 1 else None)
        return turn

    def resolve(self, message: str, previous: Turn | None) -> FollowUp:
        plain = " ".join(strip_slack(message).split())
        asked = FollowUp(plain)
        if previous is None or not plain:
            return asked
        if not self._short_follow_up(plain):
            return asked  # "thanks, that helps" refers to the answer but asks nothing of it
        folded = " ".join(words(plain))
        read = self._read_alias(plain, previous)
        if read == plain:
            return self._resolve(plain, folded, previous)
        found = self._resolve(read, " ".join(words(read)), previous)
        return found if found.followed else FollowUp(read, None, True)

    def _read_alias(self, plain: str, previous: Turn) -> str:
        """ "pm" read as the one of its meanings the conversation is about: after an answer on a TPM and
        the project managers under them, "who covers the pm work?" means project managers."""
        for mention in self.analyzer.analyze(plain).mentions:
            if not isinstance(mention, Ambiguous):
                continue
            meant = [r for r in mention.options if r.id in previous.roles]
            if len(meant) == 1:
                typed = re.compile(rf"\b{re.escape(mention.typed)}\b", re.IGNORECASE)
                plain = typed.sub(meant[0].name.lower(), plain, count=1)
        return plain

    def _asks_more(self, folded: str) -> bool:
        """True when a message asks more than "the same, about this role": after its lead ("and for",
        "i meant") it opens a question of its own or says two things besides the role."""
        rest = _CORRECTION.sub("", _LEAD.sub("", folded)).strip()
        if _ASKS.match(rest):
            return True
        terms = self.analyzer.analyze(rest).terms if rest else ()
        return len([t for t in terms if not t.startswith("@") and t not in _FILLER]) >= 2

    def _resolve(self, plain: str, folded: str, previous: Turn) -> FollowUp:
        asked = FollowUp(plain)
        analysis = self.analyzer.analyze(plain)
        one_of = _ONE_OF.search(folded)
        roles = list(
            dict.fromkeys(
                _counterpart(m.role.id, previous) if bare and one_of else m.role.id
                for m, bare in zip(analysis.mentions, analysis.bare, strict=True)
                if isinstance(m, Resolved) and (not bare or one_of or len(folded.split()) <= 4)
            )
        )
        unclear = len(analysis.mentions) > len([m for m in analysis.mentions if isinstance(m, Resolved)])
        aspect = self.aspect_in(plain)
        size = len(folded.split())

        if previous.options and not unclear and size <= 6:
            picked = (
                self._for_roles(roles, previous) if roles else self._pick(folded, previous.options, previous)
            )
            if picked is not None:
                return FollowUp(plain, picked, True)
        if not previous.options and not roles and len(previous.roles) >= 2 and size <= 6:
            role = self._pick(folded, previous.roles, None)  # "the first one" after an answer on two roles
            if role is not None:
                return FollowUp(plain, self._about_role(role, previous), True)
        if not roles and not unclear and aspect is None:
            if _AGAIN.search(folded) and previous.target is not None and size <= 8:
                return FollowUp(plain, previous.target, True)
            if _MORE.match(folded) or _WHY.match(folded):
                found = self._more(previous, why=bool(_WHY.match(folded)))
                if found is not None:
                    return FollowUp(plain, found, True)
        if len(roles) == 1 and roles[0] in previous.roles and aspect is None and _MORE.match(folded):
            return FollowUp(plain, str(TargetKey.profile(roles[0])), True)  # "go deeper on the tpm"
        if unclear:  # "and for a pm?": the engine asks which PM, about the aspect just answered
            if previous.aspect is not None and aspect is None and not self._asks_more(folded):
                return FollowUp(f"{plain} ({self._label[previous.aspect]})", None, True)
            return asked
        if _DIFFER.search(folded) and len(roles) == 1 and previous.roles:
            if roles[0] not in previous.roles:
                return FollowUp(plain, comparison_text(previous.roles[0], roles[0]), True)
            if len(previous.roles) == 2:
                # "vs a technical project manager?" after the FAQ on both roles' deliverables: that answer
                if previous.aspect is not None and previous.target is not None and size <= 6:
                    return FollowUp(plain, previous.target, True)
                return asked
        refers = bool(_REFERS.search(folded))
        leads = bool(_LEAD.match(folded) or _CORRECTION.match(folded) or _WHICH.match(folded) or refers)
        leads = leads or size <= 4 or bool(_TOO.search(folded))
        if not leads:
            return asked
        if aspect is None and len(roles) == 2 and previous.aspect is not None and refers:
            return FollowUp(plain, comparison_text(roles[0], roles[1]), True)  # "what do both … use?"
        if not roles and previous.aspect is not None and _INTERVIEW.search(folded):
            # "how do i bring that up in an interview" after the tools of a role: showing that aspect
            return FollowUp(f"how do i show my {self._label[previous.aspect]} in an interview", None, True)
        if aspect is not None and not roles:
            if len(previous.roles) == 1:
                return FollowUp(plain, str(TargetKey.aspect(previous.roles[0], aspect)), True)
            if len(previous.roles) == 2:
                return FollowUp(plain, comparison_text(previous.roles[0], previous.roles[1]), True)
            return asked
        if len(roles) == 1 and aspect is None:
            return self._other_role(plain, folded, roles[0], previous) or asked
        if not roles and aspect is None and previous.roles and refers:
            return FollowUp(self._with_roles(plain, previous.roles, " and "), None, True)
        if not roles and len(previous.roles) == 2 and _WHICH.match(folded):
            return FollowUp(
                self._with_roles(plain, previous.roles, " or "), None, True
            )  # "which one deals with …?"
        return asked

    def in_context(self, message: str, previous: Turn | None) -> str | None:
        """The message with the roles the conversation is about ("what do they report on? (technical program
        manager)"), to ask again when the engine could not place it alone. None when the message names a role,
        is long or small talk, or says nothing of its own: a word the knowledge uses that is not one of
        English's commonest ("report", not "what time is it?"), since a role's name added to a vague message
        makes it look like a confident question about that role."""
        plain = " ".join(strip_slack(message).split())
        if previous is None or not previous.roles or not self._short_follow_up(plain):
            return None
        analysis = self.analyzer.analyze(plain)
        stems = self.analyzer.vocabulary.stems
        says_something = any(
            not t.startswith("@") and t in stems and not is_generic(t) for t in analysis.terms
        )
        if analysis.mentions or not says_something:
            return None
        return self._with_roles(plain, previous.roles, " and ")

    def guessed(self, answer: Answer, previous: Turn | None) -> bool:
        """True when an answer to a follow-up read alone is a guess the conversation can improve: not sure,
        a question back, or an entry about none of the roles the conversation is about."""
        if previous is None or not previous.roles:
            return False
        if isinstance(answer, NotSure | Clarification):
            return True
        key = answered(answer)
        about = self.roles_of(str(key)) if key is not None else ()
        return bool(about) and set(about).isdisjoint(previous.roles)

    def placed(self, alone: Answer, again: Answer, previous: Turn | None) -> bool:
        """True when the answer asked again with the conversation's roles is one the engine already weighed for
        the message alone (among its candidates), or the same aspect for one of the conversation's roles: the
        roles then chose between readings the message had, rather than made up a new one."""
        key = answered(again)
        if key is None or self.guessed(again, previous):
            return False
        if key in {candidate for candidate, _ in alone.considered}:
            return True
        before, after = TargetKey.parse(str(answered(alone) or "")), TargetKey.parse(str(key))
        return (
            before is not None
            and after is not None
            and before.kind is after.kind is TargetKind.ASPECT
            and before.ids[1] == after.ids[1]
        )

    def _short_follow_up(self, plain: str) -> bool:
        """Short enough to lean on what came before, and not small talk ("thanks, that helps")."""
        folded = " ".join(words(plain))
        return (
            bool(folded) and len(folded.split()) <= MAX_FOLLOW_UP_WORDS and social_kind(fold(plain)) is None
        )

    def _with_roles(self, plain: str, roles: tuple[str, ...], joined: str) -> str:
        names = joined.join(self.kb.roles[r].name.lower() for r in roles[:2] if r in self.kb.roles)
        return f"{plain} ({names})" if names else plain

    def roles_of(self, key: str) -> tuple[str, ...]:
        """The roles a target key is about."""
        parsed = TargetKey.parse(key)
        if parsed is None:
            return ()
        match parsed.kind:
            case TargetKind.COMPARE:
                return parsed.ids
            case TargetKind.ASPECT | TargetKind.PROFILE:
                return parsed.ids[:1]
            case TargetKind.FAQ if parsed.id in self.kb.faq:
                return tuple(self.kb.faq[parsed.id].roles)
            case TargetKind.PRACTICE if parsed.id in self.kb.practice:
                return tuple(self.kb.practice[parsed.id].roles)
        return ()

    def _for_roles(self, roles: list[str], previous: Turn) -> str | None:
        """A reply to "which one did you mean?" that names the reading ("product", "the project one")."""
        fitting = [o for o in previous.options if set(roles) <= set(self.roles_of(o))]
        if len(fitting) > 1:
            exact = [o for o in fitting if set(self.roles_of(o)) == set(roles)]
            fitting = exact or fitting
        return fitting[0] if len(fitting) == 1 or (fitting and previous.target is None) else None

    def _about_role(self, role: str, previous: Turn) -> str:
        key = TargetKey.aspect(role, previous.aspect) if previous.aspect else TargetKey.profile(role)
        return str(key)

    def _pick(self, folded: str, options: tuple[str, ...], previous: Turn | None) -> str | None:
        """The option an ordinal names ("the other one", "the second"), if it names one."""
        found = _ORDINAL.search(folded)
        if found is None or len(folded.split()) > 6:
            return None
        which = found.group(2)
        if which in ("other", "latter", "last", "second", "2nd"):
            if which == "other" and previous and previous.target in options and len(options) == 2:
                return next(o for o in options if o != previous.target)
            index = len(options) - 1 if which in ("latter", "last") else 1
        elif which in ("third", "3rd"):
            index = 2
        else:
            index = 0
        return options[index] if index < len(options) else None

    def _more(self, previous: Turn, why: bool) -> str | None:
        """ "tell me more": the whole role after one aspect of it, the first role after a FAQ entry;
        "why?": the same entry again (its answer gives the reasons)."""
        target = previous.target
        if target is None:
            return previous.options[0] if previous.options else None
        if why:
            return target
        if _kind(target) in (TargetKind.ASPECT, TargetKind.FAQ, TargetKind.PRACTICE) and previous.roles:
            return str(TargetKey.profile(previous.roles[0]))
        return target

    def _other_role(self, plain: str, folded: str, role: str, previous: Turn) -> FollowUp | None:
        """ "and for product managers?": the same question about another role. A message asking more
        than the role ("and how does a pm prioritise?") is a question of its own."""
        if role in previous.roles:
            if len(previous.roles) > 1 and (_WHICH.match(folded) or not self._asks_more(folded)):
                # "and a tech project manager's?" after an answer on two roles; "project" after "pm stands for…"
                return FollowUp(plain, self._about_role(role, previous), True)
            return None
        if previous.aspect is not None:
            return FollowUp(plain, str(TargetKey.aspect(role, previous.aspect)), True)
        target = TargetKey.parse(previous.target or "")
        kind = None if target is None else target.kind
        if kind in (TargetKind.PROFILE, TargetKind.ASPECT):  # an aspect answer to a question on several
            return FollowUp(plain, str(TargetKey.profile(role)), True)
        if kind is TargetKind.COMPARE and role not in previous.roles:
            return FollowUp(plain, comparison_text(previous.roles[0], role), True)
        if target is not None and kind is TargetKind.FAQ and target.id in self.kb.faq:
            entry = self.kb.faq[target.id]
            return FollowUp(self._about(entry.question, previous.roles, role), None, True)
        return None

    def _about(self, question: str, old_roles: tuple[str, ...], role: str) -> str:
        """A FAQ question asked again about another role: the old role's names replaced, else added."""
        new_name = self.kb.roles[role].name.lower()
        rewritten = question
        for old in old_roles:
            names = sorted((self.kb.roles[old].name, *self.kb.roles[old].aliases), key=len, reverse=True)
            for name in names:
                rewritten = re.sub(rf"\b{re.escape(name)}s?\b", new_name, rewritten, flags=re.IGNORECASE)
        if fold(rewritten) == fold(question):
            rewritten = f"{question.rstrip(' ?')} for a {new_name}?"
        return rewritten
