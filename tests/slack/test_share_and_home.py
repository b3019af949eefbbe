"""The share credit and button, and App Home, within Slack limits and escaped."""

from __future__ import annotations

import json

from bot.core.knowledge import KnowledgeBase
from bot.core.names import RoleResolver
from bot.core.role_query import interpret
from bot.rendering.home import render_home
from bot.rendering.roles import render_role_query
from bot.rendering.share import share_value, shared_by, with_share_button
from tests.slack_limits import assert_mrkdwn_escaped, assert_within_slack_limits


def test_share_credit_only_names_a_valid_user_id(kb: KnowledgeBase, resolver: RoleResolver) -> None:
    result = interpret(kb, resolver, "program product")
    message = render_role_query(result, tuple(kb.roles.values()))
    assert share_value(result) == "program-manager product-manager"
    shared = shared_by(message, "U0123ABC").payload()
    assert "Shared by <@U0123ABC>" in json.dumps(shared)
    assert_within_slack_limits(shared)
    for forged in ("U1> <!channel", "<!here>", "", None, "C0123ABC", "u0123abc"):
        payload = shared_by(message, forged).payload()
        assert "<@" not in json.dumps(payload) and "Shared by someone" in json.dumps(payload)
        assert_mrkdwn_escaped(payload)
    assert share_value(interpret(kb, resolver, "help")) is None
    assert share_value(interpret(kb, resolver, "pm")) is None


def test_share_button_keeps_within_the_block_limit(kb: KnowledgeBase, resolver: RoleResolver) -> None:
    message = render_role_query(interpret(kb, resolver, "tpm"), tuple(kb.roles.values()))
    crowded = type(message)(message.text, message.blocks * 10)
    shared = with_share_button(crowded, "x").payload()
    assert len(shared["blocks"]) == 50 and shared["blocks"][-1]["type"] == "actions"


def test_home_view_within_limits_and_escaped(kb: KnowledgeBase) -> None:
    view = render_home(kb)
    assert view["type"] == "home" and len(view["blocks"]) <= 100
    payload = {"text": "home", "blocks": view["blocks"]}
    assert_within_slack_limits(payload)
    assert_mrkdwn_escaped(payload)
