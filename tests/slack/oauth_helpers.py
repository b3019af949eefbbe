"""Installing from a link, for tests: settings, a browser that keeps cookies, and an install
through the install page and Slack's redirect (the fake Slack answers oauth.v2.access)."""

from __future__ import annotations

import re
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from html import unescape
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

from bot.settings import Settings
from bot.slack.app import create_app
from bot.slack.asgi import SlackHttpApp
from tests.slack.conftest import SIGNING_SECRET, Harness, Served, serving
from tests.support.fake_slack import FakeSlack, Grant, SlackRequests

CLIENT_ID = "1111111111.2222222222"
CLIENT_SECRET = "0123456789abcdef0123456789abcdef"
TEAM_A, TEAM_B = "T0AAAAAA1", "T0BBBBBB1"
TOKEN_A = "xoxb-1000-2000-AAAAtokenForTeamA"
TOKEN_B = "xoxb-3000-4000-BBBBtokenForTeamB"
CHANNEL, USER = "C0SAMEID1", "U0SAMEID1"
"""The same channel and user ids in both workspaces: ids are only unique within one."""


def oauth_settings(fake: FakeSlack, database_url: str) -> Settings:
    return Settings(
        _env_file=None,
        slack_client_id=CLIENT_ID,
        slack_client_secret=CLIENT_SECRET,
        slack_signing_secret=SIGNING_SECRET,
        slack_api_url=fake.api_url,
        database_url=database_url,
        rolebot_store_answer_text=False,
        log_level="DEBUG",
    )


@dataclass
class Page:
    status: int
    html: str
    headers: dict[str, str]


class Browser:
    """A plain HTTP client that keeps cookies. Bolt's state cookie is `Secure` (production is HTTPS),
    so it is kept by hand here, where the app is served over plain HTTP on loopback."""

    def __init__(self, base_url: str) -> None:
        self.base_url = base_url
        self.cookies: dict[str, str] = {}

    def get(self, path: str) -> Page:
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())} if self.cookies else {}
        request = urllib.request.Request(self.base_url + path, headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                page = Page(
                    response.status,
                    response.read().decode(),
                    {k.lower(): v for k, v in response.headers.items()},
                )
        except urllib.error.HTTPError as error:
            page = Page(error.code, error.read().decode(), {k.lower(): v for k, v in error.headers.items()})
        cookie = page.headers.get("set-cookie")
        if cookie:
            name, _, value = cookie.split(";", 1)[0].partition("=")
            self.cookies[name.strip()] = value.strip()
        return page


@dataclass
class OAuthApp:
    served: Served
    fake: FakeSlack
    base_url: str

    def requests(self, team: str) -> SlackRequests:
        return SlackRequests(self.base_url, SIGNING_SECRET, team=team)

    def harness(self, team: str) -> Harness:
        """The workspace's view of the app, for the helpers written for one workspace."""
        return Harness(self.served, self.fake, self.requests(team))

    @property
    def store(self) -> Any:
        return self.served.wsgi.services.store


def oauth_served(served: Served, fake: FakeSlack, db_url: str) -> Iterator[OAuthApp]:
    """An app installed from a link (no SLACK_BOT_TOKEN) on its own database; no workspace yet."""
    served.idle()
    services = served.wsgi.services
    app = create_app(oauth_settings(fake, db_url), services.kb, engine=services.engine)
    with serving(SlackHttpApp(app, SIGNING_SECRET, api_url=fake.api_url), served.logs) as mine:
        fake.reset()
        fake.client_secret = CLIENT_SECRET
        try:
            yield OAuthApp(mine, fake, mine.base_url)
        finally:
            fake.client_secret = None


def authorize_link(page: Page) -> str:
    found = re.search(r'id="add-to-slack" href="([^"]+)"', page.html)
    assert found, "the install page has an Add to Slack button"
    return unescape(found.group(1))


def install(app: OAuthApp, code: str, grant: Grant) -> Page:
    """An admin opens the install page, presses Add to Slack, allows, and Slack sends them back."""
    browser = Browser(app.base_url)
    page = browser.get("/slack/install")
    assert page.status == 200 and "text/html" in page.headers["content-type"]
    query = parse_qs(urlsplit(authorize_link(page)).query)
    app.fake.grant(code, grant)
    return browser.get("/slack/oauth_redirect?" + urlencode({"code": code, "state": query["state"][0]}))
