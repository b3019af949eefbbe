"""Bolt listeners, one module per kind of request (as in slack-samples/bolt-python-starter-template).

Each listener is a module-level function of a few lines: it turns the typed request into a
call of a use case (bot/usecases) and the outcome into a reply. `register_listeners` lists
them in the order Bolt tries them, the most frequent requests first (each listener Bolt
tries before the one that matches costs a few microseconds on every ack).
"""

from __future__ import annotations

import re

from slack_bolt import App

from bot.rendering import action_ids
from bot.rendering.commands import PRACTICE_COMMAND, ROLE_DIFF_COMMAND
from bot.slack.listeners import actions, commands, events, views
from bot.slack.listeners.work import acknowledge, after_ack
from bot.slack.services import Services


def register_listeners(app: App, services: Services) -> None:
    app.command(ROLE_DIFF_COMMAND)(after_ack(services, commands.role_diff))
    app.event("app_mention")(after_ack(services, events.answer_mention))
    app.event("message")(after_ack(services, events.answer_direct_message))
    app.command(PRACTICE_COMMAND)(after_ack(services, commands.role_practice))
    app.event("app_home_opened")(after_ack(services, events.publish_home))
    app.action(actions.action_pattern(*actions.ROUTES))(after_ack(services, actions.route))
    app.action(actions.action_pattern(*actions.URGENT))(after_ack(services, actions.route, urgent=True))
    app.view(action_ids.PRACTICE_MODAL)(after_ack(services, views.give_feedback, check=views.check_answer))
    app.view(action_ids.FEEDBACK_MODAL)(after_ack(services, views.feedback_comment))
    # Any other button (an old message's, a link button's) is acknowledged, so Slack shows no error.
    app.action(re.compile(".*"))(acknowledge)
