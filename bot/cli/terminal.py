"""Readable terminal output for role-diff results: the CLI's counterpart of the Block Kit builders."""

from __future__ import annotations

from collections.abc import Sequence

from rich import box
from rich.console import Console, Group, RenderableType
from rich.table import Table
from rich.text import Text

from bot.core.answers import Answer, Intent, Suggestion
from bot.core.compare import Comparison, Profile
from bot.core.knowledge import KnowledgeBase
from bot.core.models import AspectText, Role
from bot.core.role_query import Clarify, ComparisonResult, HelpRequest, ProfileResult, RoleList, RoleQuery

OWN = "†"


def _aspect(text: AspectText) -> str:
    body = text.summary + "".join(f"\n• {p}" for p in text.points)
    return body if text.from_source else f"{body} {OWN}"


def _footer(notes: Sequence[str], sources: Sequence[str], unsourced: bool) -> list[RenderableType]:
    parts: list[RenderableType] = [Text(f"ℹ {n}", style="cyan") for n in notes]
    if sources:
        parts.append(Text("Sources: " + " · ".join(sources), style="dim"))
    if unsourced:
        parts.append(Text(f"{OWN} our own guidance: no source article covers this.", style="dim"))
    return parts


def comparison_view(c: Comparison, notes: Sequence[str]) -> RenderableType:
    table = Table(box=box.SIMPLE_HEAVY, show_lines=True, expand=True)
    table.add_column("Aspect", style="bold", ratio=1, min_width=16)
    table.add_column(c.left.name, ratio=3)
    table.add_column(c.right.name, ratio=3)
    table.add_row("In one line", c.left.summary, c.right.summary)
    for row in c.rows:
        table.add_row(row.aspect.label, _aspect(row.left), _aspect(row.right))
    unsourced = not c.key_difference_sourced or any(
        not (r.left.from_source and r.right.from_source) for r in c.rows
    )
    key = c.key_difference + ("" if c.key_difference_sourced else f" {OWN}")
    return Group(
        Text(f"{c.left.name} vs {c.right.name}", style="bold underline"),
        Text.assemble(("The key difference: ", "bold"), key),
        table,
        *_footer(notes, c.sources, unsourced),
    )


def profile_view(p: Profile, notes: Sequence[str]) -> RenderableType:
    table = Table(box=box.SIMPLE_HEAVY, show_lines=True, show_header=False, expand=True)
    table.add_column("Aspect", style="bold", ratio=1, min_width=16)
    table.add_column("", ratio=4)
    for aspect, text in p.rows:
        table.add_row(aspect.label, _aspect(text))
    unsourced = any(not t.from_source for _, t in p.rows)
    return Group(
        Text(p.role.name, style="bold underline"),
        Text(p.role.summary, style="italic"),
        table,
        *_footer(notes, p.sources, unsourced),
    )


def roles_view(roles: Sequence[Role]) -> RenderableType:
    table = Table(box=box.SIMPLE_HEAVY, expand=True)
    table.add_column("Role", style="bold")
    table.add_column("Also called")
    table.add_column("In one line")
    for role in roles:
        table.add_row(role.name, ", ".join(role.aliases), role.summary)
    return table


def clarify_view(c: Clarify, command: str) -> RenderableType:
    lines = [Text(c.question, style="yellow")]
    lines += [Text(f"  rolebot {command} {choice.query}    # {choice.label}") for choice in c.choices]
    lines += [Text(f"ℹ {n}", style="cyan") for n in c.notes]
    return Group(*lines)


HELP = """Compare two roles or look at one:
  rolebot diff program product      program manager and product manager side by side
  rolebot diff tpm "tech project"   technical program vs technical project manager
  rolebot profile tpm               one role on its own
  rolebot roles                     every role, with the names it answers to
Add --json to get the Block Kit message the Slack app sends."""


def role_query_view(result: RoleQuery, command: str) -> RenderableType:
    match result:
        case ComparisonResult(comparison, notes):
            return comparison_view(comparison, notes)
        case ProfileResult(profile, notes):
            return profile_view(profile, notes)
        case RoleList(roles):
            return roles_view(roles)
        case Clarify():
            return clarify_view(result, command)
        case HelpRequest():
            return Text(HELP)
    raise TypeError(f"unexpected role query result {result!r}")


def console(stderr: bool = False) -> Console:
    """A console that wraps tables to the terminal, or to a readable width when piped."""
    probe = Console(stderr=stderr)
    return probe if probe.is_terminal else Console(stderr=stderr, width=120)


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
        parts += _footer(answer.notes, kb.source_titles(answer.faq.source), not answer.faq.source)
    elif answer.prompt is not None:
        p = answer.prompt
        parts += [Text(p.question, style="bold"), Text(f"{p.kind.value} · {p.difficulty.value}", style="dim")]
        parts += [Text("What interviewers look for:", style="bold")]
        parts += [Text(f"  • {r.name}: {r.shows}") for r in p.rubric]
        parts += [Text("Tips:", style="bold"), *(Text(f"  • {t}") for t in p.tips)]
        parts += _footer(answer.notes, kb.source_titles(p.source), not p.source)
    elif answer.aspect is not None:
        a = answer.aspect
        parts += [Text(f"{a.aspect.label}: {a.role.name}", style="bold"), Text(_aspect(a.text))]
        parts += _footer(answer.notes, kb.source_titles(a.text.source), not a.text.from_source)
    elif answer.intent is Intent.HELP:
        parts.append(
            Text(
                "Ask me about project, product, program and technical program/project management, "
                'or TPM interviews, e.g. rolebot ask "what does a TPM do?"\n\n' + HELP
            )
        )
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
