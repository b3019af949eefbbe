"""Bolt listeners, one module per kind of request (as in slack-samples/bolt-python-starter-template).

Each listener is a module-level function of a few lines: it turns the typed request into a
call of a use case (bot/usecases) and the outcome into a reply. The order of registration
is the order Bolt tries them in: the most frequent requests first.
"""

from __future__ import annotations

from slack_bolt import App

from bot.slack.listeners import actions, commands, events, views
from bot.slack.services import Services


def register_listeners(app: App, services: Services) -> None:
    commands.register(app, services)
    events.register(app, services)
    views.register(app, services)
    actions.register(app, services)  # last: it ends with a catch-all for unknown buttons
