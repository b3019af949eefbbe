"""Block Kit for the answer engine's answers: FAQ answers, interview guidance, "not sure" and the rest."""

from __future__ import annotations

from collections.abc import Sequence
from typing import assert_never

from slack_sdk.models.blocks import Block

from bot.core.answers import (
    Answer,
    AspectAnswer,
    Clarification,
    ComparisonAnswer,
    FaqAnswer,
    HelpAnswer,
    NotSure,
    OutOfScope,
    PracticeAnswer,
    ProfileAnswer,
    Social,
    SocialKind,
    Suggestion,
    TaskDeclined,
)
from bot.core.knowledge import KnowledgeBase
from bot.core.models import FaqEntry, PracticePrompt, Role
from bot.rendering import action_ids
from bot.rendering.blocks import Message, actions, button, context, header, message, section
from bot.rendering.mrkdwn import bullets, escape
from bot.rendering.roles import (
    OWN_GUIDANCE_NOTE,
    aspect_mrkdwn,
    render_comparison,
    render_help,
)
from bot.rendering.roles import render_profile as render_role_profile

EXAMPLES = (
    "`/role-diff program product`",
    "“what does a TPM do?”",
    "“how do I show program management skills in an interview?”",
    "“how would you manage a data center migration?”",
)


def answer_mrkdwn(text: str) -> str:
    """Knowledge answers use "- " for bullets; Slack's mrkdwn has no lists, so draw them."""
    lines = [escape(line.rstrip()) for line in text.strip().splitlines()]
    return "\n".join(f"• {line[2:]}" if line.startswith("- ") else line for line in lines)


def _source_line(kb: KnowledgeBase, refs: Sequence[str]) -> str:
    titles = kb.source_titles(refs)
    return f"*Source:* {escape(' · '.join(titles))}" if titles else OWN_GUIDANCE_NOTE


def _buttons(title: str, suggestions: Sequence[Suggestion]) -> list[Block | None]:
    if not suggestions:
        return []
    return [
        context([title]),
        actions(_choices(suggestions)),
    ]


def _choices(suggestions: Sequence[Suggestion]) -> list:
    """One button per suggestion, its value the target key as text (read back by TargetKey.parse)."""
    return [button(s.label, action_ids.ANSWER_TARGET, str(s.target)) for s in suggestions]


def _notes(notes: Sequence[str]) -> Block | None:
    return context([f":information_source: {escape(n)}" for n in notes])


def render_faq(kb: KnowledgeBase, entry: FaqEntry) -> list[Block | None]:
    return [
        section(f"*{escape(entry.question)}*\n{answer_mrkdwn(entry.answer)}"),
        context([_source_line(kb, entry.source)]),
    ]


def practice_meta(kb: KnowledgeBase, prompt: PracticePrompt) -> str:
    """ "Behavioural · medium · Technical program manager, Program manager": escaped mrkdwn."""
    roles = ", ".join(kb.roles[r].name for r in prompt.roles if r in kb.roles)
    kind = prompt.kind.value.replace("-", " ").capitalize()
    return " · ".join(part for part in (kind, prompt.difficulty.value, escape(roles)) if part)


def render_practice(kb: KnowledgeBase, prompt: PracticePrompt) -> list[Block | None]:
    looks_for = bullets([f"*{escape(p.name)}*: {escape(p.shows)}" for p in prompt.rubric])
    return [
        header(prompt.question),
        context([practice_meta(kb, prompt)]),
        section(f"*What interviewers look for*\n{looks_for}"),
        section(f"*Tips*\n{bullets([escape(t) for t in prompt.tips])}"),
        context([_source_line(kb, prompt.source)]),
    ]


def render_aspect(kb: KnowledgeBase, found: AspectAnswer) -> list[Block | None]:
    return [
        section(f"*{escape(found.aspect.label)}: {escape(found.role.name)}*\n{aspect_mrkdwn(found.text)}"),
        context([_source_line(kb, found.text.source)]),
    ]


def render_not_sure(answer: NotSure) -> list[Block | None]:
    return [
        section(
            ":thinking_face: I'm not sure I have a good answer to that. "
            "Is it one of these? If not, try asking in other words."
        ),
        actions(_choices(answer.alternatives)),
    ]


def render_ask_back(answer: Clarification) -> Message:
    """An ambiguous abbreviation decides the answer: ask, with one button per reading."""
    question = answer.ask_back or "Which one did you mean?"
    blocks = [
        section(f":thinking_face: {escape(question)}"),
        *_in_short(answer.in_short),
        actions(_choices(answer.alternatives)),
        _notes(answer.notes),
    ]
    return message(question, blocks)


def _in_short(lines: tuple[tuple[str, str], ...]) -> list[Block | None]:
    """Both readings answered in a line each, under the question back."""
    if not lines:
        return []
    shown = "\n".join(f"• *{escape(name)}*: {escape(text)}" for name, text in lines)
    return [section(f"In short, for each reading:\n{shown}")]


def render_out_of_scope() -> list[Block | None]:
    return [
        section(
            "That's outside what I know, sorry. I can explain project, product, program, technical program "
            "and technical project management, and help you prepare for TPM interviews."
        ),
        context(["Try " + ", ".join(EXAMPLES)]),
    ]


SOCIAL_REPLY = (
    ":slightly_smiling_face: You're welcome! Ask me anything else about project, product, program and "
    "technical program or project management, or TPM interviews."
)
GREETING_REPLY = (
    ":wave: Hi! Ask me about project, product, program and technical program or project management, or "
    "TPM interviews: for example “what does a TPM do?”. Say `help` to see everything I can do."
)
TASK_REPLY = (
    "I can't do that for you: I only answer questions. I can explain project, product, program, technical "
    "program and technical project management, compare two roles, and help you practise for TPM interviews."
)


IDENTITY_REPLY = (
    ":robot_face: I'm a bot, not a person: I answer from a knowledge base about project, product, program "
    "and technical program or project management, and TPM interviews. Say `help` to see everything I can do."
)


def social_reply(answer: Social) -> str:
    """A short reply to "thanks!", "hi" or "are you a bot?"."""
    match answer.kind:
        case SocialKind.GREETING:
            return GREETING_REPLY
        case SocialKind.IDENTITY:
            return IDENTITY_REPLY
        case SocialKind.THANKS:
            return SOCIAL_REPLY
    assert_never(answer.kind)


def render_answer(kb: KnowledgeBase, answer: Answer, roles: Sequence[Role] | None = None) -> Message:
    """The message for any answer; texts from users and knowledge are escaped on the way in."""
    roles = tuple(kb.roles.values()) if roles is None else roles
    body: list[Block | None]
    match answer:
        case ComparisonAnswer():
            base = render_comparison(answer.comparison, answer.notes)
            return message(base.text, [*base.blocks, *_buttons("Related questions:", answer.related)])
        case Clarification():
            return render_ask_back(answer)
        case HelpAnswer():
            return render_help(roles)
        case Social():
            text = social_reply(answer)
            return message(text, [section(text)])
        case TaskDeclined():
            return message(TASK_REPLY, [section(TASK_REPLY), context(["Try " + ", ".join(EXAMPLES)])])
        case ProfileAnswer():
            base = render_role_profile(answer.profile, answer.notes)
            return message(base.text, [*base.blocks, *_buttons("Compare with:", answer.related[:5])])
        case NotSure():
            return message(
                "I'm not sure I have a good answer to that.", [*render_not_sure(answer), _notes(answer.notes)]
            )
        case OutOfScope():
            return message("That's outside what I know.", render_out_of_scope())
        case FaqAnswer():
            body, fallback = render_faq(kb, answer.entry), answer.entry.answer
        case PracticeAnswer():
            body, fallback = render_practice(kb, answer.prompt), answer.prompt.question
        case AspectAnswer():
            body, fallback = render_aspect(kb, answer), answer.text.summary
        case _:  # a new kind of answer: the type checker names it here
            assert_never(answer)
    blocks = [
        *body,
        _notes(answer.notes),
        *_buttons("Did you mean:", answer.alternatives),
        *_buttons("Related questions:", answer.related),
    ]
    return message(fallback, blocks)
