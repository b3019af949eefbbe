"""Installing from a link in many workspaces, end to end over HTTP: the install page, Slack's redirect
(the fake Slack answers oauth.v2.access), two workspaces using the app with their own tokens and the
same channel and user ids, and one of them uninstalling."""

from __future__ import annotations

import json
import logging
import urllib.error
import urllib.request
from datetime import UTC, datetime, time, timedelta
from html import unescape
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from sqlalchemy import func, select, update

from bot.core.practice.schedule import WEEKDAYS, Schedule
from bot.rendering.install_pages import BOT_SCOPES
from bot.slack.app import create_app
from bot.slack.asgi import SlackHttpApp
from bot.slack.install import _FLOW_LOG
from bot.storage.models import BOTS_TABLE, OAUTH_STATES_TABLE, Base, Subscription
from tests.slack.conftest import SIGNING_SECRET, serving
from tests.slack.oauth_helpers import (
    CHANNEL,
    CLIENT_ID,
    TEAM_A,
    TEAM_B,
    TOKEN_A,
    TOKEN_B,
    USER,
    Browser,
    OAuthApp,
    authorize_link,
    install,
    oauth_settings,
)
from tests.support.fake_slack import Grant, event_envelope, mention


def test_the_install_page_says_what_the_bot_does_asks_and_keeps(oauth_app: OAuthApp) -> None:
    page = Browser(oauth_app.base_url).get("/slack/install")
    assert page.status == 200
    link = urlsplit(authorize_link(page))
    assert (link.scheme, link.netloc, link.path) == ("https", "slack.com", "/oauth/v2/authorize")
    query = parse_qs(link.query)
    assert query["client_id"] == [CLIENT_ID]
    assert query["scope"][0].split(",") == list(BOT_SCOPES)
    assert len(query["state"][0]) >= 32
    for scope, why in BOT_SCOPES.items():
        assert scope in page.html and why in unescape(page.html)
    assert "30 days" in page.html and "not stored" in page.html
    assert "slack-app-oauth-state" in page.headers.get("set-cookie", "")


def test_two_workspaces_install_use_their_own_tokens_and_one_uninstalls(oauth_app: OAuthApp) -> None:
    fake = oauth_app.fake
    done = install(oauth_app, "code-a", Grant(TEAM_A, TOKEN_A, "Team A"))
    assert done.status == 200 and 'data-outcome="installed"' in done.html and "Team A" in done.html
    assert install(oauth_app, "code-b", Grant(TEAM_B, TOKEN_B, "Team B")).status == 200
    [exchange, _] = fake.find(lambda c: c.method == "oauth.v2.access")
    assert exchange.body["code"] == "code-a" and exchange.token is None  # client credentials, not a token

    # Both workspaces ask, from the same channel id: each answer goes out with its own workspace's token.
    for team, ts in ((TEAM_A, "1700000100.000001"), (TEAM_B, "1700000100.000002")):
        assert oauth_app.requests(team).event(mention("what is a tpm", CHANNEL, ts, user=USER)).status == 200
    posts = fake.wait_for(lambda c: c.method == "chat.postMessage", count=2)
    assert {p.token for p in posts} == {TOKEN_A, TOKEN_B}
    assert {p.body["thread_ts"]: p.token for p in posts} == {
        "1700000100.000001": TOKEN_A,
        "1700000100.000002": TOKEN_B,
    }

    # Workspace A uninstalls: its token is gone, it is no longer answered; B still is.
    store = oauth_app.store
    store.subscriptions.subscribe(TEAM_A, CHANNEL, _nine(), USER)
    store.subscriptions.subscribe(TEAM_B, CHANNEL, _nine(), USER)
    fake.reset()
    assert oauth_app.requests(TEAM_A).event({"type": "app_uninstalled"}).status == 200
    oauth_app.served.idle()
    assert set(store.workspaces.bot_tokens(CLIENT_ID)) == {TEAM_B}
    assert store.workspaces.removal(TEAM_A) is not None and store.workspaces.removal(TEAM_B) is None
    assert store.subscriptions.status(TEAM_A, CHANNEL).paused  # type: ignore[union-attr]
    assert not store.subscriptions.status(TEAM_B, CHANNEL).paused  # type: ignore[union-attr]
    oauth_app.requests(TEAM_A).event(mention("what is a tpm", CHANNEL, "1700000200.000001"))
    oauth_app.requests(TEAM_B).event(mention("what is a tpm", CHANNEL, "1700000200.000002"))
    [post] = fake.wait_for(lambda c: c.method == "chat.postMessage")
    oauth_app.served.idle()
    assert post.token == TOKEN_B and len(fake.find(lambda c: c.method == "chat.postMessage")) == 1

    # Installing A again keeps its data and resumes what the uninstall paused.
    assert install(oauth_app, "code-a2", Grant(TEAM_A, TOKEN_A + "x", "Team A")).status == 200
    assert store.workspaces.removal(TEAM_A) is None
    assert not store.subscriptions.status(TEAM_A, CHANNEL).paused  # type: ignore[union-attr]


def test_an_org_wide_install_is_kept_under_its_enterprise(oauth_app: OAuthApp) -> None:
    grant = Grant(None, "xoxb-5000-6000-ORGtokenForGrid", enterprise_id="E0ORG0001", org_wide=True)
    assert 'data-outcome="installed"' in install(oauth_app, "code-org", grant).html
    bots = Base.metadata.tables[BOTS_TABLE]
    with oauth_app.store.engine.connect() as connection:
        row = connection.execute(
            select(bots.c.enterprise_id, bots.c.team_id, bots.c.is_enterprise_install)
        ).one()
    assert tuple(row) == ("E0ORG0001", None, True)
    # A workspace of the org is answered with the org's token.
    requests = oauth_app.requests("T0INORG01")
    body = {"type": "app_mention", "user": USER, "text": "<@UBOT0001> what is a tpm", "ts": "1.000001",
            "channel": CHANNEL, "event_ts": "1.000001"}  # fmt: skip
    envelope = event_envelope(body, requests.unique("Ev"), "T0INORG01")
    envelope["enterprise_id"] = "E0ORG0001"
    envelope["authorizations"] = [
        {"enterprise_id": "E0ORG0001", "team_id": None, "is_bot": True, "is_enterprise_install": True}
    ]
    assert requests.post(json.dumps(envelope), "application/json").status == 200
    [post] = oauth_app.fake.wait_for(lambda c: c.method == "chat.postMessage")
    assert post.token == grant.token
    # The clock will find that workspace's token through its org; a workspace of no install, none.
    assert oauth_app.store.workspaces.bot_token(CLIENT_ID, "T0INORG01") == grant.token
    assert oauth_app.store.workspaces.bot_token(CLIENT_ID, "T0INORG01") == grant.token
    assert oauth_app.store.workspaces.bot_token(CLIENT_ID, "T0ELSEWHERE") is None
    # The org uninstalls: the token goes, and the workspace it answered for is set for deletion.
    gone = event_envelope({"type": "app_uninstalled"}, requests.unique("Ev"), "T0INORG01")
    gone["enterprise_id"] = "E0ORG0001"
    gone["authorizations"] = envelope["authorizations"]
    assert requests.post(json.dumps(gone), "application/json").status == 200
    oauth_app.served.idle()
    assert oauth_app.store.workspaces.bot_token(CLIENT_ID, "T0INORG01") is None
    assert oauth_app.store.workspaces.removal("T0INORG01") is not None


@pytest.mark.parametrize(
    ("case", "outcome", "advice"),
    [
        ("denied", "access_denied", "choose <b>Allow</b>"),
        ("expired", "invalid_state", "Install links work once, for ten minutes"),
        ("used twice", "invalid_state", "Install links work once, for ten minutes"),
        ("another browser", "invalid_browser", "in the browser you finish in"),
    ],
)
def test_a_denied_or_expired_install_says_what_to_do(
    oauth_app: OAuthApp, case: str, outcome: str, advice: str
) -> None:
    browser = Browser(oauth_app.base_url)
    state = parse_qs(urlsplit(authorize_link(browser.get("/slack/install"))).query)["state"][0]
    query = {"code": "code-x", "state": state}
    if case == "denied":
        query = {"error": "access_denied", "state": state}
    elif case == "expired":
        states = Base.metadata.tables[OAUTH_STATES_TABLE]
        with oauth_app.store.engine.begin() as connection:
            connection.execute(update(states).values(expire_at=datetime(2000, 1, 1)))
    elif case == "used twice":
        oauth_app.fake.grant("code-x", Grant(TEAM_A, TOKEN_A))
        assert 'data-outcome="installed"' in browser.get("/slack/oauth_redirect?" + urlencode(query)).html
        oauth_app.fake.reset()
    elif case == "another browser":
        browser = Browser(oauth_app.base_url)
    page = browser.get("/slack/oauth_redirect?" + urlencode(query))
    assert page.status in (200, 400) and "text/html" in page.headers["content-type"]
    assert f'data-outcome="{outcome}"' in page.html and advice in page.html
    assert 'href="/slack/install"' in page.html
    assert not oauth_app.fake.find(lambda c: c.method == "oauth.v2.access")


def test_a_code_slack_refuses_is_a_failure_page_and_stores_nothing(oauth_app: OAuthApp) -> None:
    browser = Browser(oauth_app.base_url)
    state = parse_qs(urlsplit(authorize_link(browser.get("/slack/install"))).query)["state"][0]
    page = browser.get("/slack/oauth_redirect?" + urlencode({"code": "unknown", "state": state}))
    assert page.status == 400 and 'data-outcome="invalid_code"' in page.html
    assert oauth_app.store.workspaces.bot_tokens(CLIENT_ID) == {}
    assert "unknown" not in oauth_app.served.logs.getvalue()  # the code is a secret: never logged


def test_only_a_get_installs_a_head_neither_issues_a_state_nor_spends_a_code(oauth_app: OAuthApp) -> None:
    browser = Browser(oauth_app.base_url)
    for path in ("/slack/install", "/slack/oauth_redirect?code=c0de&state=s"):
        request = urllib.request.Request(oauth_app.base_url + path, method="HEAD")
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(request, timeout=10)
        assert refused.value.code == 405 and refused.value.headers["allow"] == "GET"
    assert browser.get("/slack/install").status == 200


def test_install_states_past_their_time_are_pruned(oauth_app: OAuthApp) -> None:
    for _ in range(3):
        Browser(oauth_app.base_url).get("/slack/install")
    workspaces = oauth_app.store.workspaces
    assert workspaces.prune_install_states() == 0, "ten minutes are not over"
    assert workspaces.prune_install_states(datetime.now(UTC) + timedelta(minutes=11)) == 3


def test_bolts_oauth_lines_that_name_the_code_keep_only_that_a_step_failed() -> None:
    record = logging.LogRecord(
        "slack_bolt.oauth.without_code",
        logging.WARNING,
        __file__,
        1,
        "Failed to fetch oauth.v2.access result with code: %s - error: %s",
        ("s3cr3t-code", "boom"),
        None,
    )  # a line as Bolt writes it
    assert _FLOW_LOG.filter(record) and "s3cr3t-code" not in record.getMessage()
    assert "failed" in record.getMessage()


def test_single_token_mode_has_no_install_pages(slack: Any) -> None:
    page = Browser(slack.served.base_url).get("/slack/install")
    assert page.status == 404 and "SLACK_CLIENT_ID" in page.html


def test_tokens_revoked_pauses_the_workspace_and_deletes_its_bot_token(oauth_app: OAuthApp) -> None:
    install(oauth_app, "code-a", Grant(TEAM_A, TOKEN_A))
    install(oauth_app, "code-b", Grant(TEAM_B, TOKEN_B))
    store = oauth_app.store
    store.subscriptions.subscribe(TEAM_A, CHANNEL, _nine(), USER)
    store.subscriptions.subscribe(TEAM_B, CHANNEL, _nine(), USER)
    event = {"type": "tokens_revoked", "tokens": {"bot": ["UBOT0001"], "oauth": []}}
    assert oauth_app.requests(TEAM_A).event(event).status == 200
    oauth_app.served.idle()
    assert set(store.workspaces.bot_tokens(CLIENT_ID)) == {TEAM_B}
    assert store.subscriptions.status(TEAM_A, CHANNEL).paused  # type: ignore[union-attr]
    assert not store.subscriptions.status(TEAM_B, CHANNEL).paused  # type: ignore[union-attr]
    with store.engine.connect() as connection:
        assert connection.execute(select(func.count()).select_from(Subscription)).scalar() == 2


def _nine() -> Schedule:
    return Schedule(time(9), "UTC", WEEKDAYS)


def test_slack_unreachable_at_the_redirect_is_a_page_that_says_try_again(
    served: Any, fake: Any, db_url: str
) -> None:
    settings = oauth_settings(fake, db_url).model_copy(update={"slack_api_url": "http://127.0.0.1:9/api/"})
    app = create_app(settings, served.wsgi.services.kb, engine=served.wsgi.services.engine)
    with serving(SlackHttpApp(app, SIGNING_SECRET, api_url=settings.slack_api_url), served.logs) as mine:
        browser = Browser(mine.base_url)
        state = parse_qs(urlsplit(authorize_link(browser.get("/slack/install"))).query)["state"][0]
        page = browser.get("/slack/oauth_redirect?" + urlencode({"code": "c", "state": state}))
    assert page.status == 503 and 'data-outcome="unavailable"' in page.html
    assert "Start again from the install page" in page.html and "Traceback" not in page.html
