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
from bot.rendering.install_pages import BOT_SCOPES
from bot.slack.app import create_app
from bot.slack.asgi import EVENTS_PATH
from bot.slack.install import REDIRECT_PATH
from bot.storage.migrate import upgrade
from tests.slack.conftest import sqlite_url, test_settings
from tests.slack.oauth_helpers import oauth_settings
from tests.support.fake_slack import FakeSlack

MANIFEST = Path(__file__).resolve().parents[2] / "manifest.yml"
SOCKET_MANIFEST = MANIFEST.parent / "manifest.socket.yml"
EVENT_SCOPES = {"app_mention": "app_mentions:read", "message.im": "im:history", "app_home_opened": None,
                "app_uninstalled": None, "tokens_revoked": None}  # fmt: skip
INSTALL_EVENTS = {"app_uninstalled", "tokens_revoked"}
"""Handled when installed from a link (SLACK_CLIENT_ID): the HTTP manifest subscribes to them."""
METHOD_SCOPES = {"users.info": "users:read"}
"""Web API methods the app calls that need a scope of their own (chat.* need chat:write, views.* none)."""


@pytest.fixture(scope="module", params=[MANIFEST, SOCKET_MANIFEST], ids=["http", "socket"])
def manifest(request: pytest.FixtureRequest) -> dict[str, Any]:
    return yaml.safe_load(request.param.read_text())


def test_the_socket_mode_manifest_has_nothing_to_edit() -> None:
    text = SOCKET_MANIFEST.read_text()
    assert "YOUR-APP" not in text and "https://" not in text.split("features:")[1]
    socket = yaml.safe_load(text)
    assert socket["settings"]["socket_mode_enabled"] is True
    http = yaml.safe_load(MANIFEST.read_text())
    assert http["settings"]["socket_mode_enabled"] is False
    for key in ("display_information", "oauth_config"):  # the same app, but for the redirect URL
        assert {k: v for k, v in socket[key].items()} == {
            k: v for k, v in http[key].items() if k != "redirect_urls"
        }


def test_the_http_manifest_has_the_oauth_redirect_and_five_urls_on_one_host() -> None:
    text = MANIFEST.read_text()
    urls = re.findall(r"https://YOUR-APP\.herokuapp\.com(/\S*)", text.split("features:")[1])
    assert sorted(urls) == sorted([EVENTS_PATH] * 4 + [REDIRECT_PATH])
    assert yaml.safe_load(text)["oauth_config"]["redirect_urls"] == [
        f"https://YOUR-APP.herokuapp.com{REDIRECT_PATH}"
    ]


def test_the_scopes_are_those_the_install_page_explains(manifest: dict[str, Any]) -> None:
    assert manifest["oauth_config"]["scopes"]["bot"] == list(BOT_SCOPES)


@pytest.fixture(scope="module")
def registered(
    fake: FakeSlack, kb: KnowledgeBase, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, list[Any]]:
    """What create_app registers, recorded by wrapping Bolt's own registration methods."""
    seen: dict[str, list[Any]] = {"command": [], "event": [], "action": [], "view": []}
    originals = {kind: getattr(App, kind) for kind in seen}

    def recorder(kind: str) -> Any:
        def record(self: App, key: Any, *args: Any, **kwargs: Any) -> Any:
            seen[kind].append(key)
            return originals[kind](self, key, *args, **kwargs)

        return record

    with pytest.MonkeyPatch.context() as patch:
        for kind in seen:
            patch.setattr(App, kind, recorder(kind))
        app = create_app(test_settings(fake, database_url=sqlite_url(tmp_path_factory.mktemp("db"))), kb)
        before = {kind: len(keys) for kind, keys in seen.items()}
        url = sqlite_url(tmp_path_factory.mktemp("db"))
        upgrade(url)
        installed = create_app(oauth_settings(fake, url), kb, engine=app.services.engine)  # type: ignore[attr-defined]
    # The OAuth app registers the same listeners, then its own: those are kept apart.
    seen["oauth_event"] = seen["event"][2 * before["event"] :]
    for kind, count in before.items():
        del seen[kind][count:]
    for done in (app, installed):
        done.services.executor.shutdown(wait=True)  # type: ignore[attr-defined]
        done.services.store.close()  # type: ignore[attr-defined]
    return seen


def test_commands_agree(manifest: dict[str, Any], registered: dict[str, list[Any]]) -> None:
    commands = manifest["features"]["slash_commands"]
    assert [c["command"] for c in commands] == registered["command"] == ["/role-diff", "/role-practice"]
    for command in commands:
        assert command["usage_hint"] and command["description"]
        assert len(command["description"]) <= 100 and len(command["usage_hint"]) <= 100
        assert manifest["settings"]["socket_mode_enabled"] or command["url"].endswith(EVENTS_PATH)
    [practice] = [c for c in commands if c["command"] == "/role-practice"]
    for word in ("subscribe", "status", "unsubscribe", "now", "help"):
        assert word in practice["usage_hint"]


def test_events_agree(manifest: dict[str, Any], registered: dict[str, list[Any]]) -> None:
    subscribed = manifest["settings"]["event_subscriptions"]["bot_events"]
    single = [e for e in subscribed if e not in INSTALL_EVENTS]
    assert {e.split(".")[0] for e in single} == set(registered["event"])
    assert set(single) == {"app_mention", "message.im", "app_home_opened"}
    if not manifest["settings"]["socket_mode_enabled"]:
        assert set(subscribed) >= INSTALL_EVENTS
        assert set(registered["oauth_event"]) == INSTALL_EVENTS
        assert manifest["settings"]["event_subscriptions"]["request_url"].endswith(EVENTS_PATH)


def test_interactivity_agrees(manifest: dict[str, Any], registered: dict[str, list[Any]]) -> None:
    interactivity = manifest["settings"]["interactivity"]
    assert interactivity["is_enabled"] is True
    assert manifest["settings"]["socket_mode_enabled"] or interactivity["request_url"].endswith(EVENTS_PATH)
    *handled, catch_all = registered["action"]
    assert catch_all.pattern == ".*", "unknown buttons are acked last, so Slack shows no error"
    buttons = (
        action_ids.ROLE_DIFF_CHOICE, action_ids.ANSWER_TARGET, action_ids.SHARE_IN_CHANNEL,
        action_ids.PRACTICE_TIPS, action_ids.PRACTICE_ANSWER, action_ids.PRACTICE_ANOTHER, action_ids.PRACTICE_TRY_AGAIN,
        action_ids.ANSWER_HELPFUL, action_ids.ANSWER_UNHELPFUL,
    )  # fmt: skip
    for action_id in buttons:
        for sent in (action_id, f"{action_id}:3"):  # blocks.actions() suffixes repeated ids
            assert any(re.match(p, sent) for p in handled), sent
    assert registered["view"] == [action_ids.PRACTICE_MODAL, action_ids.FEEDBACK_MODAL], "modals are handled"


def test_scopes_are_the_least_that_work(manifest: dict[str, Any]) -> None:
    scopes = set(manifest["oauth_config"]["scopes"]["bot"])
    needed = {"chat:write", "commands", *METHOD_SCOPES.values()} | {
        s for e in manifest["settings"]["event_subscriptions"]["bot_events"] if (s := EVENT_SCOPES[e])
    }
    assert scopes == needed


def test_every_scoped_method_the_app_calls_is_listed() -> None:
    """A Web API method that needs a scope of its own is in METHOD_SCOPES, so its scope is required above."""
    source = "\n".join(p.read_text() for p in (MANIFEST.parent / "bot" / "slack").rglob("*.py"))
    called = set(re.findall(r'"((?:users|conversations|channels|team|reactions|files)\.[a-zA-Z]+)"', source))
    assert called <= set(METHOD_SCOPES), called - set(METHOD_SCOPES)


def test_home_and_messages_tabs_are_on(manifest: dict[str, Any]) -> None:
    home = manifest["features"]["app_home"]
    assert (
        home["home_tab_enabled"]
        and home["messages_tab_enabled"]
        and not home["messages_tab_read_only_enabled"]
    )
