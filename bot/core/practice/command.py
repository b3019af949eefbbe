"""What people type after `/role-practice`, read into an action; and the small rules around it.

Pure functions: no Slack, no database. The Slack listener (bot/slack/listeners/practice.py)
turns each result into replies.

* `parse_command("subscribe 9:30 Europe/Berlin weekdays")` → `PracticeCommand(SUBSCRIBE, "9:30
  Europe/Berlin weekdays")`; the arguments are read by `schedule.parse_subscribe`. Nothing
  typed, or `help`, is help; an unknown word is `UnknownCommand`, with a suggestion for a typo.
* `answer_problem(text)`: why an answer is too short to assess, or None.
* `pick_prompt(ids, exclude=…)`: a practice question for one person, never the one they
  just had.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from rapidfuzz import fuzz, process

MIN_ANSWER_WORDS = 10
"""Fewer words than this is not an answer to give feedback on (the modal asks for more)."""


class Action(StrEnum):
    SUBSCRIBE = "subscribe"
    UNSUBSCRIBE = "unsubscribe"
    STATUS = "status"
    NOW = "now"
    HELP = "help"


_SAID = {
    Action.SUBSCRIBE: "subscribe sub start schedule",
    Action.UNSUBSCRIBE: "unsubscribe unsub stop",
    Action.STATUS: "status when next",
    Action.NOW: "now question practice one",
    Action.HELP: "help usage ?",
}
"""Each action and the words that ask for it."""
_WORDS: dict[str, Action] = {word: action for action, said in _SAID.items() for word in said.split()}


@dataclass(frozen=True)
class PracticeCommand:
    action: Action
    args: str = ""
    """What follows the action word, as typed (for subscribe: the schedule)."""


@dataclass(frozen=True)
class UnknownCommand:
    word: str
    """The first word typed, which is not an action."""
    suggestion: Action | None = None
    """The action it most looks like (a typo), if any."""
    rest: str = ""
    """What follows the word, to repeat in the suggested command."""

    @property
    def suggested(self) -> str | None:
        """The command as it was probably meant: "subscribe 9:30 Europe/Berlin" for "subscibe 9:30 …"."""
        if self.suggestion is None:
            return None
        if self.word[:1].isdigit():  # a time straight after the command: the action was left out
            return f"{self.suggestion.value} {self.word} {self.rest}".strip()
        return f"{self.suggestion.value} {self.rest}".strip()


def parse_command(text: str) -> PracticeCommand | UnknownCommand:
    """The action and its arguments; an empty text is help."""
    stripped = text.strip()
    if not stripped:
        return PracticeCommand(Action.HELP)
    word, rest = [*stripped.split(maxsplit=1), ""][:2]
    key = word.lower().lstrip("-")
    if key in _WORDS:
        return PracticeCommand(_WORDS[key], rest.strip())
    if key[:1].isdigit():
        return UnknownCommand(word, Action.SUBSCRIBE, rest.strip())
    best = process.extractOne(key, [a.value for a in Action], scorer=fuzz.ratio, score_cutoff=70)
    return UnknownCommand(word, Action(best[0]) if best else None, rest.strip())


def answer_problem(text: str | None) -> str | None:
    """Why an answer cannot be assessed (empty, or too short to say anything about), or None."""
    words = len(re.findall(r"\w+", text or ""))
    if words == 0:
        return "Write your answer here first: it's empty."
    if words < MIN_ANSWER_WORDS:
        return (
            f"That's {words} word{'s' if words != 1 else ''}: write at least {MIN_ANSWER_WORDS} "
            "(a few sentences) so there is something to give feedback on."
        )
    return None


def pick_prompt(
    prompt_ids: Iterable[str], exclude: str | None = None, rng: random.Random | None = None
) -> str | None:
    """A prompt at random for one person, never `exclude` (the one they were shown) while
    another exists; None when there are no prompts."""
    ids = sorted(set(prompt_ids))
    others = [i for i in ids if i != exclude] or ids
    if not others:
        return None
    return (rng or random).choice(others)
