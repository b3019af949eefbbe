"""Block Kit for role comparisons, profiles, the role list, help and "which one?" questions."""

from __future__ import annotations

from collections.abc import Sequence

from bot.core.compare import Comparison, Profile
from bot.core.models import AspectText, Role
from bot.core.role_query import (
    Clarify,
    ComparisonResult,
    HelpRequest,
    ProfileResult,
    RoleList,
    RoleQuery,
)
from bot.rendering import action_ids
from bot.rendering.blocks import Message, actions, button, context, divider, header, message, section
from bot.rendering.commands import ROLE_DIFF_COMMAND
from bot.rendering.mrkdwn import bullets, escape

OWN_GUIDANCE = "†"
OWN_GUIDANCE_NOTE = f"{OWN_GUIDANCE} our own guidance: no source article covers this."


def aspect_mrkdwn(text: AspectText) -> str:
    body = escape(text.summary)
    if text.points:
        body += "\n" + bullets([escape(p) for p in text.points])
    return body if text.from_source else f"{body} {OWN_GUIDANCE}"


def _notes(notes: Sequence[str]) -> list[str]:
    return [f":information_source: {escape(n)}" for n in notes]


def _sources(titles: Sequence[str], any_unsourced: bool) -> list[str]:
    parts = [f"*Sources:* {escape(' · '.join(titles))}"] if titles else []
    return parts + ([OWN_GUIDANCE_NOTE] if any_unsourced else [])


def render_comparison(comparison: Comparison, notes: Sequence[str] = ()) -> Message:
    left, right = comparison.left, comparison.right
    unsourced = not comparison.key_difference_sourced or any(
        not (row.left.from_source and row.right.from_source) for row in comparison.rows
    )
    key = escape(comparison.key_difference) + (
        "" if comparison.key_difference_sourced else f" {OWN_GUIDANCE}"
    )
    blocks = [
        header(f"{left.name} vs {right.name}"),
        section(f"*The key difference:* {key}"),
        context(_notes(notes)),
        section("", [f"*{escape(r.name)}*\n_{escape(r.summary)}_" for r in (left, right)]),
        divider(),
        *(
            section(f"*{escape(row.aspect.label)}*", [aspect_mrkdwn(row.left), aspect_mrkdwn(row.right)])
            for row in comparison.rows
        ),
        context(_sources(comparison.sources, unsourced)),
    ]
    return message(f"{left.name} vs {right.name}: {comparison.key_difference}", blocks)


def render_profile(profile: Profile, notes: Sequence[str] = ()) -> Message:
    role = profile.role
    unsourced = any(not text.from_source for _, text in profile.rows)
    blocks = [
        header(role.name),
        section(f"_{escape(role.summary)}_"),
        context(_notes(notes)),
        *(section(f"*{escape(aspect.label)}*\n{aspect_mrkdwn(text)}") for aspect, text in profile.rows),
        context(_sources(profile.sources, unsourced)),
    ]
    return message(f"{role.name}: {role.summary}", blocks)


def _role_line(role: Role) -> str:
    aliases = f" (also: {escape(', '.join(role.aliases))})" if role.aliases else ""
    return f"*{escape(role.name)}*{aliases}\n{escape(role.summary)}"


def render_role_list(roles: Sequence[Role]) -> Message:
    blocks = [header("The roles I know"), *(section(_role_line(r)) for r in roles)]
    return message("The roles I know: " + ", ".join(r.name for r in roles), blocks)


def render_help(roles: Sequence[Role], command: str = ROLE_DIFF_COMMAND) -> Message:
    examples = "\n".join(
        f"• `{command} {example}`: {what}"
        for example, what in (
            ("program product", "program manager and product manager side by side"),
            ("tpm vs technical project", "technical program vs technical project manager"),
            ("tpm", "one role on its own"),
            ("roles", "every role I know, with the names I understand"),
        )
    )
    names = ", ".join(escape(r.name) for r in roles)
    blocks = [
        header("Role guide: how to use me"),
        section(f"*Compare two roles, or look at one:*\n{examples}"),
        section(
            "*Ask me anything* about these roles or TPM interviews: mention me in a channel or send me a "
            "direct message, for example _“what does a TPM do day to day?”_"
        ),
        section(
            "*Follow up* on an answer: in its thread, mention me again (_“@rolebot what about tools?”_); in a "
            "direct message, just write it within half an hour. I read it with what I last answered."
        ),
        context([f"Roles: {names}. Abbreviations like PM, TPM and PgM work; I ask when they are ambiguous."]),
    ]
    return message(f"How to use {command}: {command} program product", blocks)


def render_clarify(clarify: Clarify) -> Message:
    buttons = [button(c.label, action_ids.ROLE_DIFF_CHOICE, c.query) for c in clarify.choices]
    blocks = [
        section(f":thinking_face: {escape(clarify.question)}"),
        actions(buttons),
        context(_notes(clarify.notes)),
    ]
    return message(clarify.question, blocks)


def render_role_query(result: RoleQuery, roles: Sequence[Role], command: str = ROLE_DIFF_COMMAND) -> Message:
    """The one entry point front ends need for a role-diff request."""
    match result:
        case ComparisonResult(comparison, notes):
            return render_comparison(comparison, notes)
        case ProfileResult(profile, notes):
            return render_profile(profile, notes)
        case RoleList(listed):
            return render_role_list(listed)
        case Clarify():
            return render_clarify(result)
        case HelpRequest():
            return render_help(roles, command)
    raise TypeError(f"unexpected role query result {result!r}")
