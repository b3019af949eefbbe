"""manifest.yml and the registered listeners agree: every command, event and button Slack is told
about is handled, and nothing is handled that Slack would never send."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from slack_bolt import App

from bot.core.knowledge import KnowledgeBase
from bot.rendering import action_ids
from bot.slack.app import create_app
from bot.web import EVENTS_PATH
from tests.slack.conftest import test_settings
from tests.slack.fakes import FakeSlack

MANIFEST = Path(__file__).resolve().parents[2] / "manifest.yml"
EVENT_SCOPES = {"app_mention": "app_mentions:read", "message.im": "im:history", "app_home_opened": None}


@pytest.fixture(scope="module")
def manifest() -> dict[str, Any]:
    return yaml.safe_load(MANIFEST.read_text())


@pytest.fixture(scope="module")
def registered(fake: FakeSlack, kb: KnowledgeBase) -> dict[str, list[Any]]:
    """What create_app registers, recorded by wrapping Bolt's own registration methods."""
    seen: dict[str, list[Any]] = {"command": [], "event": [], "action": []}
    originals = {kind: getattr(App, kind) for kind in seen}

    def recorder(kind: str) -> Any:
        def record(self: App, key: Any, *args: Any, **kwargs: Any) -> Any:
            seen[kind].append(key)
            return originals[kind](self, key, *args, **kwargs)

        return record

    with pytest.MonkeyPatch.context() as patch:
        for kind in seen:
            patch.setattr(App, kind, recorder(kind))
        app = create_app(test_settings(fake), kb)
    app.services.executor.shutdown(wait=True)  # type: ignore[attr-defined]
    return seen


def test_commands_agree(manifest: dict[str, Any], registered: dict[str, list[Any]]) -> None:
    commands = manifest["features"]["slash_commands"]
    assert [c["command"] for c in commands] == registered["command"] == ["/role-diff"]
    for command in commands:
        assert command["usage_hint"] and command["description"]
        assert command["url"].endswith(EVENTS_PATH)


def test_events_agree(manifest: dict[str, Any], registered: dict[str, list[Any]]) -> None:
    subscribed = manifest["settings"]["event_subscriptions"]["bot_events"]
    assert {e.split(".")[0] for e in subscribed} == set(registered["event"])
    assert set(subscribed) == {"app_mention", "message.im", "app_home_opened"}
    assert manifest["settings"]["event_subscriptions"]["request_url"].endswith(EVENTS_PATH)


def test_interactivity_agrees(manifest: dict[str, Any], registered: dict[str, list[Any]]) -> None:
    interactivity = manifest["settings"]["interactivity"]
    assert interactivity["is_enabled"] is True and interactivity["request_url"].endswith(EVENTS_PATH)
    *handled, catch_all = registered["action"]
    assert catch_all.pattern == ".*", "unknown buttons are acked last, so Slack shows no error"
    for action_id in (action_ids.ROLE_DIFF_CHOICE, action_ids.ANSWER_TARGET, action_ids.SHARE_IN_CHANNEL):
        for sent in (action_id, f"{action_id}:3"):  # blocks.actions() suffixes repeated ids
            assert any(re.match(p, sent) for p in handled), sent


def test_scopes_are_the_least_that_work(manifest: dict[str, Any]) -> None:
    scopes = set(manifest["oauth_config"]["scopes"]["bot"])
    needed = {"chat:write", "commands"} | {
        s for e in manifest["settings"]["event_subscriptions"]["bot_events"] if (s := EVENT_SCOPES[e])
    }
    assert scopes == needed


def test_home_and_messages_tabs_are_on(manifest: dict[str, Any]) -> None:
    home = manifest["features"]["app_home"]
    assert (
        home["home_tab_enabled"]
        and home["messages_tab_enabled"]
        and not home["messages_tab_read_only_enabled"]
    )
