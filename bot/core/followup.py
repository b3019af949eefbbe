"""Reading a follow-up with what the bot last answered in the conversation.

After "tpm vs pgm", "what about tools?" means the tools of those two roles; after an answer
about a TPM's skills, "and for product managers?" means a product manager's skills; "the other
one" after a clarifying question means the reading not chosen. What is remembered of the
previous turn is a `Turn`: the answer's target key, its roles and its aspect (never any text).

`FollowUps.resolve` is a pure function of (message, previous turn): it returns what to answer,
either a question to put to the engine or a target key to answer directly. A message that
names what it asks about in full ("what does a product manager own?") is a new question, and
is returned unchanged.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.core.answers import Answer, Intent
from bot.core.knowledge import KnowledgeBase
from bot.core.matching.analyze import Analyzer, strip_slack
from bot.core.names import Resolved
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
    r"^(ok |okay |and |so |please |pls )?(tell me more|more|more please|more details?|details|go on|"
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
    r"that job|the job|same|each|both|either)\b"
)
_DIFFER = re.compile(r"\b(differ|differs|different|difference|compare|compared|vs|versus|unlike|contrast)\b")


def turn_of(answer: Answer) -> Turn:
    """What to remember of an answer (no text)."""
    options = tuple(s.target for s in answer.alternatives) if answer.intent is Intent.CLARIFY else ()
    target = answer.target if answer.target not in (None, "clarify", "out_of_scope", "task") else None
    roles: tuple[str, ...] = ()
    aspect: str | None = None
    if answer.comparison is not None:
        roles = (answer.comparison.left.id, answer.comparison.right.id)
    elif answer.aspect is not None:
        roles, aspect = (answer.aspect.role.id,), answer.aspect.aspect.id
    elif answer.profile is not None:
        roles = (answer.profile.role.id,)
    elif answer.faq is not None:
        roles = tuple(answer.faq.roles)
    elif answer.prompt is not None:
        roles = tuple(answer.prompt.roles)
    elif options:
        kinds = {o.split(":")[0] for o in options}
        aspects = {o.rsplit(":", 1)[1] for o in options if o.startswith("aspect:")}
        if kinds == {"aspect"} and len(aspects) == 1:
            aspect = aspects.pop()  # "which role do you mean?" about one aspect
    return Turn(target, roles, aspect, options)


def turn_of_target(key: str) -> Turn:
    """What to remember of a target answered directly (a button, "the other one")."""
    kind, _, rest = key.partition(":")
    if kind == "compare":
        return Turn(key, tuple(rest.split("|")))
    if kind == "aspect":
        role, _, aspect = rest.partition(":")
        return Turn(key, (role,), aspect)
    if kind == "profile":
        return Turn(key, (rest,))
    return Turn(key)


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

    def aspect_in(self, plain: str) -> str | None:
        """The aspect a message asks about by its cue words or phrasings, if one."""
        said = " ".join(words(plain))
        for word in said.split():
            if word in self._cue_aspect:
                return self._cue_aspect[word]
        for pattern, aspect in self._phrases:
            if pattern.search(said):
                return aspect
        return None

    def resolve(self, message: str, previous: Turn | None) -> FollowUp:
        plain = " ".join(strip_slack(message).split())
        asked = FollowUp(plain)
        if previous is None or not plain:
            return asked
        folded = " ".join(words(plain))
        if not folded or len(folded.split()) > MAX_FOLLOW_UP_WORDS:
            return asked
        analysis = self.analyzer.analyze(plain)
        roles = list(dict.fromkeys(m.role.id for m in analysis.mentions if isinstance(m, Resolved)))
        unclear = len(analysis.mentions) > len([m for m in analysis.mentions if isinstance(m, Resolved)])
        aspect = self.aspect_in(plain)

        if previous.options and not unclear and len(folded.split()) <= 6:
            picked = (
                self._for_roles(roles, previous) if roles else self._pick(folded, previous.options, previous)
            )
            if picked is not None:
                return FollowUp(plain, picked, True)
        if not previous.options and not roles and len(previous.roles) >= 2 and len(folded.split()) <= 6:
            role = self._pick(folded, previous.roles, None)  # "the first one" after an answer on two roles
            if role is not None:
                return FollowUp(plain, self._about_role(role, previous), True)
        if not roles and not unclear and aspect is None and (_MORE.match(folded) or _WHY.match(folded)):
            found = self._more(previous, why=bool(_WHY.match(folded)))
            if found is not None:
                return FollowUp(plain, found, True)
        if unclear:
            return asked  # "and for a pm?": the engine asks which PM
        if _DIFFER.search(folded) and len(roles) == 1 and previous.roles:
            if roles[0] not in previous.roles:
                return FollowUp(plain, f"compare:{previous.roles[0]}|{roles[0]}", True)
            if len(previous.roles) == 2:
                return asked
        leads = bool(_LEAD.match(folded) or _REFERS.search(folded)) or len(folded.split()) <= 4
        if not leads:
            return asked
        if aspect is not None and not roles:
            if len(previous.roles) == 1:
                return FollowUp(plain, f"aspect:{previous.roles[0]}:{aspect}", True)
            if len(previous.roles) == 2:
                return FollowUp(plain, f"compare:{previous.roles[0]}|{previous.roles[1]}", True)
            return asked
        if len(roles) == 1 and aspect is None:
            return self._other_role(plain, roles[0], previous) or asked
        if not roles and aspect is None and len(previous.roles) == 1 and _REFERS.search(folded):
            name = self.kb.roles[previous.roles[0]].name.lower()
            return FollowUp(f"{plain} ({name})", None, True)
        return asked

    def roles_of(self, key: str) -> tuple[str, ...]:
        """The roles a target key is about."""
        kind, _, rest = key.partition(":")
        if kind == "compare":
            return tuple(rest.split("|"))
        if kind in ("aspect", "profile"):
            return (rest.split(":")[0],)
        if kind == "faq" and rest in self.kb.faq:
            return tuple(self.kb.faq[rest].roles)
        if kind == "practice" and rest in self.kb.practice:
            return tuple(self.kb.practice[rest].roles)
        return ()

    def _for_roles(self, roles: list[str], previous: Turn) -> str | None:
        """A reply to "which one did you mean?" that names the reading ("product", "the project one")."""
        fitting = [o for o in previous.options if set(roles) <= set(self.roles_of(o))]
        if len(fitting) > 1:
            exact = [o for o in fitting if set(self.roles_of(o)) == set(roles)]
            fitting = exact or fitting
        return fitting[0] if len(fitting) == 1 or (fitting and previous.target is None) else None

    def _about_role(self, role: str, previous: Turn) -> str:
        return f"aspect:{role}:{previous.aspect}" if previous.aspect else f"profile:{role}"

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
        if target.startswith(("aspect:", "faq:", "practice:")) and previous.roles:
            return f"profile:{previous.roles[0]}"
        return target

    def _other_role(self, plain: str, role: str, previous: Turn) -> FollowUp | None:
        """ "and for product managers?": the same question about another role."""
        if role in previous.roles and len(previous.roles) == 1:
            return None
        if role in previous.roles and len(plain.split()) <= 4:
            return FollowUp(plain, self._about_role(role, previous), True)  # "project" after "pm stands for…"
        if previous.aspect is not None:
            return FollowUp(plain, f"aspect:{role}:{previous.aspect}", True)
        target = previous.target or ""
        if target.startswith("profile:"):
            return FollowUp(plain, f"profile:{role}", True)
        if target.startswith("compare:") and role not in previous.roles:
            return FollowUp(plain, f"compare:{previous.roles[0]}|{role}", True)
        if target.startswith("faq:") and target[4:] in self.kb.faq:
            entry = self.kb.faq[target[4:]]
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
