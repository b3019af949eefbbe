"""Slash commands: `/role-diff` (a private comparison or profile) and `/role-practice`."""

from __future__ import annotations

from bot.slack.incoming import SlashCommand
from bot.slack.listeners.work import asker_of_command
from bot.slack.port import RequestSlack
from bot.slack.services import Services


def role_diff(command: SlashCommand, slack: RequestSlack, services: Services) -> None:
    reply = services.diffs.reply(command.text)
    slack.reply(reply.payload)


def role_practice(command: SlashCommand, slack: RequestSlack, services: Services) -> None:
    slack.reply(services.practice.command(command.text, asker_of_command(command), slack))
