"""Readable terminal output for answers to questions: the CLI's counterpart of bot.rendering.answers."""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Group, RenderableType
from rich.text import Text

from bot.cli.terminal import HELP, aspect_text, comparison_view, footer, profile_view
from bot.core.answers import Answer, Intent, Suggestion
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


def answer_view(kb: KnowledgeBase, answer: Answer, explain: bool = False) -> RenderableType:
    parts: list[RenderableType] = []
    if answer.comparison is not None:
        parts.append(comparison_view(answer.comparison, answer.notes))
    elif answer.profile is not None:
        parts.append(profile_view(answer.profile, answer.notes))
    elif answer.intent is Intent.CLARIFY:
        parts.append(Text(answer.ask_back or "Which one did you mean?", style="yellow"))
        parts += [Text(f"ℹ {n}", style="cyan") for n in answer.notes]
    elif answer.faq is not None:
        parts += [Text(answer.faq.question, style="bold"), Text(answer.faq.answer.strip())]
        parts += footer(answer.notes, kb.source_titles(answer.faq.source), not answer.faq.source)
    elif answer.prompt is not None:
        p = answer.prompt
        parts += [Text(p.question, style="bold"), Text(f"{p.kind.value} · {p.difficulty.value}", style="dim")]
        parts += [Text("What interviewers look for:", style="bold")]
        parts += [Text(f"  • {r.name}: {r.shows}") for r in p.rubric]
        parts += [Text("Tips:", style="bold"), *(Text(f"  • {t}") for t in p.tips)]
        parts += footer(answer.notes, kb.source_titles(p.source), not p.source)
    elif answer.aspect is not None:
        a = answer.aspect
        parts += [Text(f"{a.aspect.label}: {a.role.name}", style="bold"), Text(aspect_text(a.text))]
        parts += footer(answer.notes, kb.source_titles(a.text.source), not a.text.from_source)
    elif answer.intent is Intent.HELP:
        parts.append(
            Text(
                "Ask me about project, product, program and technical program/project management, "
                'or TPM interviews, e.g. rolebot ask "what does a TPM do?"\n\n' + HELP
            )
        )
    elif answer.intent is Intent.SOCIAL:
        parts.append(
            Text(social_reply(answer).removeprefix(":wave: ").removeprefix(":slightly_smiling_face: "))
        )
    elif answer.intent is Intent.TASK:
        parts.append(Text(TASK_REPLY, style="yellow"))
    elif answer.intent is Intent.NOT_SURE:
        parts.append(Text("I'm not sure I have a good answer to that. Is it one of these?", style="yellow"))
    else:
        parts.append(
            Text(
                "That's outside what I know. I cover project, product, program, technical program and "
                "technical project management, and TPM interviews.",
                style="yellow",
            )
        )
    title = "" if answer.intent in (Intent.NOT_SURE, Intent.CLARIFY) else "Did you mean:"
    parts += _numbered(title, answer.alternatives, 1)
    parts += _numbered("Related:", answer.related, 1 + len(answer.alternatives))
    if explain:
        parts.append(
            Text(
                f"intent={answer.intent.value} target={answer.target} confidence={answer.confidence:.3f}",
                style="magenta",
            )
        )
        parts += [Text(f"  {score:.3f}  {key}", style="magenta") for key, score in answer.considered]
    return Group(*parts)
