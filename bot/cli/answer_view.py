"""Readable terminal output for answers to questions: the CLI's counterpart of bot.rendering.answers."""

from __future__ import annotations

from collections.abc import Sequence
from typing import assert_never

from rich.console import Group, RenderableType
from rich.text import Text

from bot.cli.terminal import HELP, aspect_text, comparison_view, footer, profile_view
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
    Suggestion,
    TaskDeclined,
)
from bot.core.knowledge import KnowledgeBase
from bot.rendering.answers import TASK_REPLY, social_reply


def _numbered(title: str, suggestions: Sequence[Suggestion], start: int) -> list[RenderableType]:
    if not suggestions:
        return []
    lines: list[RenderableType] = [Text(title, style="bold")] if title else []
    lines += [Text(f"  [{start + n}] {s.label}") for n, s in enumerate(suggestions)]
    return lines


def offered(answer: Answer) -> list[Suggestion]:
    """The suggestions an answer offers, in the order answer_view numbers them."""
    return [*answer.alternatives, *answer.related]


def _body(kb: KnowledgeBase, answer: Answer) -> list[RenderableType]:
    parts: list[RenderableType] = []
    match answer:
        case ComparisonAnswer():
            parts.append(comparison_view(answer.comparison, answer.notes))
        case ProfileAnswer():
            parts.append(profile_view(answer.profile, answer.notes))
        case Clarification():
            parts.append(Text(answer.ask_back or "Which one did you mean?", style="yellow"))
            parts += [Text(f"ℹ {n}", style="cyan") for n in answer.notes]
        case FaqAnswer(entry=entry):
            parts += [Text(entry.question, style="bold"), Text(entry.answer.strip())]
            parts += footer(answer.notes, kb.source_titles(entry.source), not entry.source)
        case PracticeAnswer(prompt=p):
            parts += [
                Text(p.question, style="bold"),
                Text(f"{p.kind.value} · {p.difficulty.value}", style="dim"),
            ]
            parts += [Text("What interviewers look for:", style="bold")]
            parts += [Text(f"  • {r.name}: {r.shows}") for r in p.rubric]
            parts += [Text("Tips:", style="bold"), *(Text(f"  • {t}") for t in p.tips)]
            parts += footer(answer.notes, kb.source_titles(p.source), not p.source)
        case AspectAnswer():
            parts += [
                Text(f"{answer.aspect.label}: {answer.role.name}", style="bold"),
                Text(aspect_text(answer.text)),
            ]
            parts += footer(answer.notes, kb.source_titles(answer.text.source), not answer.text.from_source)
        case HelpAnswer():
            parts.append(
                Text(
                    "Ask me about project, product, program and technical program/project management, "
                    'or TPM interviews, e.g. rolebot ask "what does a TPM do?"\n\n' + HELP
                )
            )
        case Social():
            parts.append(
                Text(social_reply(answer).removeprefix(":wave: ").removeprefix(":slightly_smiling_face: "))
            )
        case TaskDeclined():
            parts.append(Text(TASK_REPLY, style="yellow"))
        case NotSure():
            parts.append(
                Text("I'm not sure I have a good answer to that. Is it one of these?", style="yellow")
            )
        case OutOfScope():
            parts.append(
                Text(
                    "That's outside what I know. I cover project, product, program, technical program and "
                    "technical project management, and TPM interviews.",
                    style="yellow",
                )
            )
        case _:  # a new kind of answer: the type checker names it here
            assert_never(answer)
    return parts


def _explained_target(answer: Answer) -> str | None:
    """The target `--explain` prints: the key answered with, or what kind of reply it was."""
    match answer:
        case FaqAnswer() | PracticeAnswer() | ProfileAnswer() | AspectAnswer() | ComparisonAnswer():
            return str(answer.target)
        case Social():
            return answer.kind.value
        case TaskDeclined():
            return "task"
        case HelpAnswer():
            return "help"
        case Clarification():
            return "clarify"
        case OutOfScope():
            return "out_of_scope"
        case NotSure():
            return None
        case _:
            assert_never(answer)


def answer_view(kb: KnowledgeBase, answer: Answer, explain: bool = False) -> RenderableType:
    parts = _body(kb, answer)
    title = "" if isinstance(answer, NotSure | Clarification) else "Did you mean:"
    parts += _numbered(title, answer.alternatives, 1)
    parts += _numbered("Related:", answer.related, 1 + len(answer.alternatives))
    if explain:
        parts.append(
            Text(
                f"intent={answer.intent.value} target={_explained_target(answer)} "
                f"confidence={answer.confidence:.3f}",
                style="magenta",
            )
        )
        parts += [Text(f"  {score:.3f}  {key}", style="magenta") for key, score in answer.considered]
    return Group(*parts)
