"""Property: whatever JSON values Slack-shaped requests carry in whatever field, the server answers
without a 5xx, without a traceback, without a crashed listener, and stays up.

Each example is a real request of a kind Slack sends (a slash command, an event envelope of each
event the app handles, a button click, a modal submission), signed, with one to three fields
anywhere in it replaced by arbitrary JSON. The example count is small for CI; for a long run:

    FUZZ_EXAMPLES=3000 python -m pytest tests/slack/test_fuzz.py   (or benchmarks/fuzz_server.py)
"""

from __future__ import annotations

import contextlib
import copy
import json
import os
import urllib.request
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlencode

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.slack.conftest import Harness
from tests.support.fake_slack import block_actions, direct_message, event_envelope, mention, view_submission

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "60"))
RESPONSE_URL = "http://127.0.0.1:9/fuzz"  # a closed port: nothing is ever delivered there

COMMAND = {"token": "t", "team_id": "T0TEST01", "channel_id": "C0CHAN01", "channel_name": "general",
           "user_id": "U0USER01", "command": "/role-diff", "text": "program product", "api_app_id": "A0APP001",
           "response_url": RESPONSE_URL, "trigger_id": "1.2.3"}  # fmt: skip
MODAL = {"callback_id": "practice_answer_modal", "private_metadata": '{"prompt":"x","channel":null}'}
TEMPLATES: dict[str, tuple[str, dict[str, Any]]] = {
    "command": ("form", COMMAND),
    "practice": ("form", {**COMMAND, "command": "/role-practice", "text": "subscribe 9am"}),
    "mention": ("json", event_envelope(mention("tpm vs pgm", "C0CHAN01", "1700000000.000100"), "EvFuzz1")),
    "dm": (
        "json",
        event_envelope(direct_message("what is a program", "D0DM0001", "1700000000.1"), "EvFuzz2"),
    ),
    "home": (
        "json",
        event_envelope({"type": "app_home_opened", "user": "U0USER01", "tab": "home"}, "EvFuzz3"),
    ),
    "button": ("payload", block_actions("answer_target", "faq:what-is-a-program", RESPONSE_URL)),
    "practice-button": ("payload", block_actions("practice_tips", "x", RESPONSE_URL)),
    "submission": (
        "payload",
        view_submission(MODAL, {"practice_answer_block": {"practice_answer_input": "a"}}),
    ),
}

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3)
    ),
    max_leaves=8,
)


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    """Every place in a request where a value sits."""
    if isinstance(value, dict):
        for key, child in value.items():
            yield (*prefix, key)
            yield from _paths(child, (*prefix, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield (*prefix, index)
            yield from _paths(child, (*prefix, index))


def _replace(data: Any, path: tuple[Any, ...], value: Any) -> None:
    for step in path[:-1]:
        data = data[step]
    data[path[-1]] = value


@st.composite
def requests(draw: st.DrawFn) -> tuple[str, str]:
    kind = draw(st.sampled_from(sorted(TEMPLATES)))
    encoding, template = TEMPLATES[kind]
    body = copy.deepcopy(template)
    paths = list(_paths(body))
    for path in draw(st.lists(st.sampled_from(paths), min_size=1, max_size=3, unique=True)):
        with contextlib.suppress(KeyError, IndexError, TypeError):  # an earlier change removed the place
            _replace(body, path, draw(json_values))
    if encoding == "json":
        return json.dumps(body), "application/json"
    if encoding == "payload":
        return urlencode({"payload": json.dumps(body)}), "application/x-www-form-urlencoded"
    flat = {k: v if isinstance(v, str) else json.dumps(v) for k, v in body.items() if isinstance(k, str)}
    return urlencode(flat), "application/x-www-form-urlencoded"


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(request=requests())
def test_no_request_of_any_shape_breaks_the_server(slack: Harness, request: tuple[str, str]) -> None:
    body, content_type = request
    logged_before = len(slack.served.logs.getvalue())
    reply = slack.send.post(body, content_type)
    assert reply.status < 500, (reply.status, body)
    assert "Traceback" not in reply.body and 'File "' not in reply.body
    slack.idle()
    logged = slack.served.logs.getvalue()[logged_before:]
    assert "a listener failed" not in logged and "failed to handle" not in logged, body
    assert not [c for c in slack.fake.calls if "Traceback" in c.raw]
    with urllib.request.urlopen(slack.served.base_url + "/health", timeout=5) as health:
        assert health.status == 200
