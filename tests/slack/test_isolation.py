"""Two workspaces installed from a link, using the same channel and user ids: nothing one does reads or
changes the other's data, and each one's messages go out with its own token. Driven over HTTP as
Slack drives the app."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import select

from bot.core.knowledge import KnowledgeBase
from bot.storage.models import PracticeAnswer, Subscription
from tests.slack.oauth_helpers import CHANNEL, TEAM_A, TEAM_B, TOKEN_A, TOKEN_B, USER, OAuthApp, install
from tests.slack.test_practice import answer_for, feedback_call, open_modal, run, submit
from tests.support.fake_slack import Grant


def both(app: OAuthApp) -> None:
    install(app, "code-a", Grant(TEAM_A, TOKEN_A, "Team A"))
    install(app, "code-b", Grant(TEAM_B, TOKEN_B, "Team B"))
    app.fake.reset()
    app.fake.client_secret = None


def home(app: OAuthApp, team: str) -> str:
    h = app.harness(team)
    h.send.event(
        {"type": "app_home_opened", "user": USER, "channel": "D0HOME", "tab": "home", "event_ts": "1.2"}
    )
    [call] = h.fake.wait_for(lambda c: c.method == "views.publish")
    h.fake.calls.remove(call)
    assert call.token == (TOKEN_A if team == TEAM_A else TOKEN_B)
    return json.dumps(call.body["view"], ensure_ascii=False)


def said(body: dict[str, Any]) -> str:
    return json.dumps(body, ensure_ascii=False)


def test_subscriptions_with_the_same_channel_id_are_each_workspaces_own(oauth_app: OAuthApp) -> None:
    both(oauth_app)
    a, b = oauth_app.harness(TEAM_A), oauth_app.harness(TEAM_B)
    oauth_app.fake.zones[(TOKEN_A, USER)] = "Asia/Tokyo"
    oauth_app.fake.zones[(TOKEN_B, USER)] = "Europe/Berlin"
    assert "Asia/Tokyo" in said(run(a, "subscribe", "sub-a", channel=CHANNEL, user=USER))
    assert "Europe/Berlin" in said(run(b, "subscribe", "sub-b", channel=CHANNEL, user=USER))
    zone_calls = oauth_app.fake.find(lambda c: c.method == "users.info")
    assert sorted(c.token or "" for c in zone_calls) == sorted([TOKEN_A, TOKEN_B])  # one per workspace
    assert "practice is off in this channel" in said(
        run(a, "unsubscribe", "unsub-a", channel=CHANNEL, user=USER)
    )
    status_a = said(run(a, "status", "status-a", channel=CHANNEL, user=USER))
    status_b = said(run(b, "status", "status-b", channel=CHANNEL, user=USER))
    assert (
        "Daily practice here: 09:00 Europe/Berlin" in status_b
        and "This channel has no daily practice" in status_a
    )
    with oauth_app.store.engine.connect() as connection:
        rows = {(r.team_id, r.active) for r in connection.execute(select(Subscription))}
    assert rows == {(TEAM_A, False), (TEAM_B, True)}


def test_a_practice_answer_counts_only_in_its_own_workspace(oauth_app: OAuthApp, kb: KnowledgeBase) -> None:
    both(oauth_app)
    a = oauth_app.harness(TEAM_A)
    prompt = next(p for p in kb.practice.values() if len(p.rubric) >= 2)
    submit(a, open_modal(a, prompt.id, channel=CHANNEL, user=USER), answer_for(prompt), user=USER)
    feedback = feedback_call(a)
    assert feedback.token == TOKEN_A
    with oauth_app.store.engine.connect() as connection:
        assert [(r.team_id, r.user_id) for r in connection.execute(select(PracticeAnswer))] == [
            (TEAM_A, USER)
        ]
    assert "*Questions answered*\\n1" in home(oauth_app, TEAM_A)
    assert "You haven't answered a practice question yet" in home(oauth_app, TEAM_B)


def test_every_call_carries_the_token_of_the_workspace_it_is_for(oauth_app: OAuthApp) -> None:
    both(oauth_app)
    for team in (TEAM_A, TEAM_B, TEAM_A):
        home(oauth_app, team)
    oauth_app.served.idle()
    with_token = [c for c in oauth_app.fake.calls if c.token]
    assert with_token and {c.token for c in with_token} <= {TOKEN_A, TOKEN_B}
