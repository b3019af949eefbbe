"""The App Home tab: what the bot does, the roles at a glance, example questions and commands."""

from __future__ import annotations

from typing import Any

from bot.core.knowledge import KnowledgeBase
from bot.rendering.blocks import context, divider, header, section
from bot.rendering.mrkdwn import bullets, escape, fit

MAX_HOME_BLOCKS = 100
EXAMPLE_QUESTIONS = 4
COMMANDS = (
    ("/role-diff program product", "two roles side by side, aspect by aspect"),
    ("/role-diff tpm", "everything about one role"),
    ("/role-diff roles", "every role and the names it answers to"),
    ("/role-diff help", "how to use the command"),
)


def _role(role: Any) -> str:
    aliases = f"\n_Also:_ {escape(', '.join(role.aliases))}" if role.aliases else ""
    return f"*{escape(role.name)}*: {escape(role.summary)}{aliases}"


def render_home(kb: KnowledgeBase, command: str = "/role-diff") -> dict[str, Any]:
    """The view for views.publish; the same for every user, so it is built once."""
    questions = [f"“{escape(fit(e.question, 150))}”" for e in list(kb.faq.values())[:EXAMPLE_QUESTIONS]]
    commands = [f"`{escape(c.replace('/role-diff', command))}`: {escape(what)}" for c, what in COMMANDS]
    blocks = [
        header("Role guide"),
        section(
            "I explain what separates *project*, *product*, *program*, *technical program* and "
            "*technical project* management, and help you prepare for TPM interviews. "
            "Every answer comes from a knowledge base that cites its sources."
        ),
        divider(),
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
        context(["Only you see what `/role-diff` answers, until you press *Share in channel*."]),
    ]
    kept = [b.to_dict() for b in blocks if b is not None]
    return {"type": "home", "blocks": kept[:MAX_HOME_BLOCKS]}
