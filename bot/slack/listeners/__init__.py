"""Bolt listeners, one module per kind of request (as in slack-samples/bolt-python-starter-template)."""

from __future__ import annotations

from slack_bolt import App

from bot.slack.listeners import actions, commands, events, home, practice
from bot.slack.services import Services


def register_listeners(app: App, services: Services) -> None:
    commands.register(app, services)
    practice.register(app, services)
    events.register(app, services)
    home.register(app, services)
    actions.register(app, services)  # last: it ends with a catch-all for unknown buttons
