"""The App Home tab: what the bot does, your practice progress, the roles at a glance, example
questions and commands."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from slack_sdk.models.blocks import Block

from bot.core.gaps import TeamWeek
from bot.core.knowledge import KnowledgeBase
from bot.rendering.blocks import context, divider, header, section
from bot.rendering.commands import PRACTICE_COMMAND, ROLE_DIFF_COMMAND
from bot.rendering.mrkdwn import bullets, escape, fit

MAX_HOME_BLOCKS = 100
EXAMPLE_QUESTIONS = 4
COMMANDS = (
    ("/role-diff program product", "two roles side by side, aspect by aspect"),
    ("/role-diff tpm", "everything about one role"),
    ("/role-diff roles", "every role and the names it answers to"),
    ("/role-diff help", "how to use the command"),
)
PRACTICE_COMMANDS = (
    ("/role-practice now", "an interview practice question just for you, with feedback on your answer"),
    ("/role-practice subscribe 9:30 Europe/Berlin weekdays", "a practice question in a channel every day"),
    ("/role-practice help", "everything about daily practice"),
)


def _role(role: Any) -> str:
    aliases = f"\n_Also:_ {escape(', '.join(role.aliases))}" if role.aliases else ""
    return f"*{escape(role.name)}*: {escape(role.summary)}{aliases}"


def render_home(
    kb: KnowledgeBase,
    command: str = ROLE_DIFF_COMMAND,
    practice: Sequence[Block] = (),
    practice_command: str = PRACTICE_COMMAND,
) -> dict[str, Any]:
    """The view for views.publish. `practice` is the user's own progress (render_progress), shown
    near the top; without it the view is the same for every user."""
    questions = [f"“{escape(fit(e.question, 150))}”" for e in list(kb.faq.values())[:EXAMPLE_QUESTIONS]]
    commands = [f"`{escape(c.replace(ROLE_DIFF_COMMAND, command))}`: {escape(what)}" for c, what in COMMANDS]
    commands += [
        f"`{escape(c.replace(PRACTICE_COMMAND, practice_command))}`: {escape(what)}"
        for c, what in PRACTICE_COMMANDS
    ]
    blocks = [
        header("Role guide"),
        section(
            "I explain what separates *project*, *product*, *program*, *technical program* and "
            "*technical project* management, and help you prepare for TPM interviews. "
            "Every answer comes from a knowledge base that cites its sources."
        ),
        divider(),
        *practice,
        divider() if practice else None,
        header("The roles at a glance"),
        *(section(_role(r)) for r in kb.roles.values()),
        divider(),
        header("Ask me"),
        section(
            "Mention me in a channel (I answer in a thread) or send me a direct message in the "
            "*Messages* tab, for example:\n" + bullets(questions or ["“what does a TPM do?”"])
        ),
        header("Commands"),
        section(bullets(commands)),
        context(
            [
                f"Only you see what `{escape(command)}` answers, until you press *Share in channel*. "
                "Practice answers and their feedback are private too."
            ]
        ),
    ]
    kept = [b.to_dict() for b in blocks if b is not None]
    return {"type": "home", "blocks": kept[:MAX_HOME_BLOCKS]}


def _share(rate: float | None) -> str:
    return "none yet" if rate is None else f"{round(rate * 100)}%"


def render_admin(week: TeamWeek) -> list[Block]:
    """The admins' section (ROLEBOT_ADMINS only): the team's week, the largest gaps and how to export them."""
    gaps = [
        f"“{escape(fit(g.example, 150))}”: asked {g.asked} time(s) by {g.people} {'person' if g.people == 1 else 'people'}"
        for g in week.gaps
    ]
    blocks = [
        header("Your team this week (admins only)"),
        section(
            "",
            [
                f"*Questions*\n{week.asked}",
                f"*Answered from the knowledge*\n{_share(week.answered_share)}",
                f"*Helpful rate*\n{_share(week.helpful_rate)}",
            ],
        ),
        section(f"*Largest gaps*\n{bullets(gaps)}" if gaps else "*Largest gaps*\nNone this week."),
        context([f"Export them as team knowledge: `{escape(week.export_command)}`"]),
    ]
    return [b for b in blocks if b is not None]
