"""Readable terminal output for role-diff results: the CLI's counterpart of the Block Kit builders."""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Sequence

from rich import box
from rich.console import Console, Group, RenderableType
from rich.table import Table
from rich.text import Text

from bot.core.compare import Comparison, Profile
from bot.core.models import AmbiguousAlias, AspectText, Role
from bot.core.role_query import Clarify, ComparisonResult, HelpRequest, ProfileResult, RoleList, RoleQuery

OWN = "†"


def aspect_text(text: AspectText) -> str:
    body = text.summary + "".join(f"\n• {p}" for p in text.points)
    return body if text.from_source else f"{body} {OWN}"


def footer(notes: Sequence[str], sources: Sequence[str], unsourced: bool) -> list[RenderableType]:
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
        table.add_row(row.aspect.label, aspect_text(row.left), aspect_text(row.right))
    unsourced = not c.key_difference_sourced or any(
        not (r.left.from_source and r.right.from_source) for r in c.rows
    )
    key = c.key_difference + ("" if c.key_difference_sourced else f" {OWN}")
    return Group(
        Text(f"{c.left.name} vs {c.right.name}", style="bold underline"),
        Text.assemble(("The key difference: ", "bold"), key),
        table,
        *footer(notes, c.sources, unsourced),
    )


def profile_view(p: Profile, notes: Sequence[str]) -> RenderableType:
    table = Table(box=box.SIMPLE_HEAVY, show_lines=True, show_header=False, expand=True)
    table.add_column("Aspect", style="bold", ratio=1, min_width=16)
    table.add_column("", ratio=4)
    for aspect, text in p.rows:
        table.add_row(aspect.label, aspect_text(text))
    unsourced = any(not t.from_source for _, t in p.rows)
    return Group(
        Text(p.role.name, style="bold underline"),
        Text(p.role.summary, style="italic"),
        table,
        *footer(notes, p.sources, unsourced),
    )


def roles_view(roles: Sequence[Role], abbreviations: Sequence[AmbiguousAlias] = ()) -> RenderableType:
    """Every role with its names, and the abbreviations that can mean it (tpm, pgm: "usually", or "asks")."""
    table = Table(box=box.SIMPLE_HEAVY, expand=True)
    table.add_column("Role", style="bold")
    table.add_column("Also called")
    table.add_column("In one line")
    for role in roles:
        short = [
            f"{a.alias} ({'usually' if a.usual == role.id else 'or ' + _others(a, role.id)})"
            for a in abbreviations
            if role.id in a.roles
        ]
        table.add_row(role.name, ", ".join([*role.aliases, *short]), role.summary)
    return table


def _others(alias: AmbiguousAlias, role_id: str) -> str:
    return ", ".join(r.replace("-", " ") for r in alias.roles if r != role_id)


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


PIPED_WIDTH = 120
"""Columns when no terminal can be found at all (output to a file, under cron)."""


def console(stderr: bool = False) -> Console:
    """A console that wraps tables to the terminal; piped (`| less`), to the terminal the pipe is read
    in ($COLUMNS, else the width of stderr's or stdin's terminal), else to a readable width."""
    probe = Console(stderr=stderr)
    return probe if probe.is_terminal else Console(stderr=stderr, width=terminal_width())


def terminal_width() -> int:
    columns = shutil.get_terminal_size(fallback=(0, 0)).columns  # $COLUMNS, else stdout's terminal
    if columns > 0:
        return columns
    for stream in (sys.stderr, sys.stdin):
        try:
            return os.get_terminal_size(stream.fileno()).columns
        except (OSError, ValueError, AttributeError):
            continue
    return PIPED_WIDTH
