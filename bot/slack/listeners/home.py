"""App Home: the introduction, the same for everyone, with the user's own practice progress on top;
published when they open the Home tab."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import App
from slack_sdk import WebClient
from sqlalchemy.exc import SQLAlchemyError

from bot.rendering.home import render_home
from bot.rendering.practice import render_progress
from bot.slack.client import publish_home
from bot.slack.listeners.work import after_ack
from bot.slack.services import Services

log = logging.getLogger("bot.slack.home")


def register(app: App, services: Services) -> None:
    def home_view(team: str, user: str, client: WebClient) -> dict[str, Any]:
        """The view with the user's progress (streaks counted in their Slack time zone); without it
        if the database cannot be read."""
        try:
            progress = services.store.answers.progress(team, user, services.user_zones.get(client, user))
        except SQLAlchemyError:
            log.exception("could not read practice progress; App Home shown without it")
            return services.home_view
        blocks = render_progress(
            progress, command=services.practice_command, keeps_answers=services.keeps_answers
        )
        return render_home(services.kb, services.command, blocks, services.practice_command)

    def publish(body: dict[str, Any], client: WebClient) -> None:
        event = body["event"]
        if event.get("tab", "home") != "home" or not event.get("user"):
            return  # the Messages tab needs nothing from us
        team = str(body.get("team_id") or event.get("team") or "")
        publish_home(client, user_id=event["user"], view=home_view(team, event["user"], client))

    app.event("app_home_opened")(after_ack(services, publish))
