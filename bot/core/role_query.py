"""What someone means by "program product", "pm vs tpm" or "prodcut": the role-diff request.

Shared by `/role-diff` and `rolebot diff|profile`, so both read names the same way and
both ask, rather than guess, when a name is ambiguous or unknown.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bot.core.compare import Comparison, Profile, compare, profile
from bot.core.knowledge import KnowledgeBase
from bot.core.models import Role
from bot.core.names import Ambiguous, Resolved, RoleResolver, Unknown
from bot.core.text import words

_HELP_WORDS = frozenset({"help", "usage", "h", "how"})
_LIST_WORDS = frozenset({"roles", "list", "all"})


@dataclass(frozen=True)
class HelpRequest:
    pass


@dataclass(frozen=True)
class RoleList:
    roles: tuple[Role, ...]


@dataclass(frozen=True)
class ComparisonResult:
    comparison: Comparison
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class ProfileResult:
    profile: Profile
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Choice:
    label: str
    query: str
    """The request text that, sent again, gives this choice's answer."""


@dataclass(frozen=True)
class Clarify:
    """A question back to the user, with choices that finish the request when picked."""

    question: str
    choices: tuple[Choice, ...]
    notes: tuple[str, ...] = ()


RoleQuery = HelpRequest | RoleList | ComparisonResult | ProfileResult | Clarify


def interpret(kb: KnowledgeBase, resolver: RoleResolver, text: str) -> RoleQuery:
    """Read a role-diff request; never raises, whatever the text."""
    typed = words(text)
    if not typed or (len(typed) == 1 and typed[0] in _HELP_WORDS) or typed[0] == "help":
        return HelpRequest()
    if len(typed) == 1 and typed[0] in _LIST_WORDS:
        return RoleList(tuple(kb.roles.values()))

    scan = resolver.scan(text)
    mentions: list[Resolved | Ambiguous | Unknown] = list(scan.mentions)
    notes: list[str] = []
    if scan.leftovers:
        rest = resolver.resolve(" ".join(scan.leftovers))
        if len(mentions) >= 2:
            pass  # two roles are named; the other words are just how the request was phrased
        elif isinstance(rest, Resolved | Ambiguous) or rest.suggestions or not mentions:
            mentions.append(rest)
        else:
            notes.append(f"I left out “{' '.join(scan.leftovers)}”: it is not a role I know.")

    if not mentions:
        return clarify(kb, Unknown(text.strip()), mentions, notes)
    for mention in mentions:
        if isinstance(mention, Ambiguous | Unknown):
            return clarify(kb, mention, mentions, notes)
    resolved = [m for m in mentions if isinstance(m, Resolved)]
    notes = list(dict.fromkeys([*notes, *reading_notes(resolved)]))

    distinct = list({m.role.id: m for m in resolved}.values())
    if len(distinct) > 2:
        shown = " and ".join(m.role.name for m in distinct[:2])
        notes.append(f"I compare two roles at a time, so this shows {shown}.")
    if len(distinct) >= 2:
        return ComparisonResult(compare(kb, distinct[0].role.id, distinct[1].role.id), tuple(notes))
    if len(resolved) > 1:
        notes.append(f"Both names mean {distinct[0].role.name}, so here is that role on its own.")
    return ProfileResult(profile(kb, distinct[0].role.id), tuple(notes))


def reading_notes(resolved: Sequence[Resolved]) -> list[str]:
    """Say openly how a typo or an ambiguous abbreviation was read, so nobody is misled silently."""
    notes = []
    for m in resolved:
        if m.assumed is not None:
            others = ", ".join(r for r in m.assumed.roles if r != m.role.id)
            notes.append(
                f"I read “{m.typed}” as {m.role.name}. {m.assumed.note} "
                f"For the other reading, ask for `{others.replace('-', ' ')}`."
            )
        elif m.corrected:
            notes.append(f"I read “{m.typed}” as {m.role.name}.")
    return notes


def clarify(
    kb: KnowledgeBase, unclear: Ambiguous | Unknown, mentions: Sequence[object], notes: Sequence[str] = ()
) -> Clarify:
    """Ask which role was meant; each choice keeps the other role already named, if any."""
    others = [m.role for m in mentions if isinstance(m, Resolved)][:1]
    if isinstance(unclear, Ambiguous):
        names = " or ".join(r.name.lower() for r in unclear.options)
        question = f"“{unclear.typed}” can mean {names}. Which one did you mean? {unclear.alias.note}"
        options = unclear.options
    else:
        options = unclear.suggestions or tuple(kb.roles.values())
        hint = "Did you mean one of these?" if unclear.suggestions else "These are the roles I know:"
        question = f"I don't know a role called “{unclear.typed}”. {hint}"
    choices = []
    for option in options:
        picked = [option, *(r for r in others if r.id != option.id)]
        label = " vs ".join(r.name for r in picked)
        choices.append(Choice(label, " ".join(r.id for r in picked)))
    return Clarify(question, tuple(choices), tuple(notes))
