"""App Home: the same introduction for everyone, published when they open the Home tab."""

from __future__ import annotations

from typing import Any

from slack_bolt import App
from slack_sdk import WebClient

from bot.slack.client import publish_home
from bot.slack.listeners.work import after_ack
from bot.slack.services import Services


def register(app: App, services: Services) -> None:
    def publish(body: dict[str, Any], client: WebClient) -> None:
        event = body["event"]
        if event.get("tab", "home") != "home" or not event.get("user"):
            return  # the Messages tab needs nothing from us
        publish_home(client, user_id=event["user"], view=services.home_view)

    app.event("app_home_opened")(after_ack(services, publish))
