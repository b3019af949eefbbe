"""The install page and the pages after Slack's redirect, in a real browser: headless Chromium (Debian's
`chromium` and `chromium-driver`) driven by Selenium. The "Add to Slack" button must lead to Slack's
authorize URL with our client id, our scopes and the state the browser holds in its cookie; the
result pages must say what happened. Skipped, with the reason, only where Chromium is not installed."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest

from bot.rendering.install_pages import BOT_SCOPES
from tests.slack.oauth_helpers import CLIENT_ID, TEAM_A, TOKEN_A, OAuthApp
from tests.support.fake_slack import Grant

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")
if not (CHROMIUM and CHROMEDRIVER):
    pytest.skip(
        "headless Chromium is not installed (apt-get install chromium chromium-driver)",
        allow_module_level=True,
    )
webdriver = pytest.importorskip(
    "selenium.webdriver", reason="selenium is not installed (pip install -e '.[test]')"
)
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

CLOSED_PORT = 9
"""slack.com resolves here in the browser: clicking through never leaves the machine."""


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in (
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run",
        "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
        f"--user-data-dir={tmp_path_factory.mktemp('chromium')}",
        f"--host-resolver-rules=MAP slack.com 127.0.0.1:{CLOSED_PORT}, MAP *.slack-edge.com 127.0.0.1:{CLOSED_PORT}",
    ):  # fmt: skip
        options.add_argument(flag)
    driver = webdriver.Chrome(options=options, service=webdriver.ChromeService(executable_path=CHROMEDRIVER))
    driver.set_page_load_timeout(20)
    try:
        yield driver
    finally:
        driver.quit()


def heading(driver: Any) -> str:
    return str(driver.find_element(By.TAG_NAME, "h1").text)


def test_add_to_slack_leads_to_slacks_authorize_url_with_our_client_id_scopes_and_state(
    browser: Any, oauth_app: OAuthApp
) -> None:
    browser.delete_all_cookies()
    browser.get(oauth_app.base_url + "/slack/install")
    assert browser.title == "Add Rolebot to Slack"
    assert heading(browser) == "Add Rolebot to your Slack workspace"
    listed = [item.text for item in browser.find_elements(By.CSS_SELECTOR, "#scopes li")]
    assert [line.split(":", 1)[0] for line in listed] == [s.split(":")[0] for s in BOT_SCOPES]
    assert all(why in text for text, why in zip(listed, BOT_SCOPES.values(), strict=True))
    page = browser.find_element(By.TAG_NAME, "body").text
    assert "What it stores, and for how long" in page and "30 days" in page
    button = browser.find_element(By.ID, "add-to-slack")
    assert button.is_displayed()
    cookie = browser.get_cookie("slack-app-oauth-state")
    assert cookie is not None and cookie["httpOnly"]
    button.click()
    WebDriverWait(browser, 10).until(lambda d: "slack.com" in d.current_url)
    went = urlsplit(browser.current_url)
    assert (went.scheme, went.netloc, went.path) == ("https", "slack.com", "/oauth/v2/authorize")
    query = parse_qs(went.query)
    assert query["client_id"] == [CLIENT_ID]
    assert query["scope"][0].split(",") == list(BOT_SCOPES)
    assert query["state"] == [cookie["value"]]

    # Slack sends the admin back with a code: the browser's cookie matches the state, and it is installed.
    oauth_app.fake.grant("code-browser", Grant(TEAM_A, TOKEN_A, "Team A"))
    back = {"code": "code-browser", "state": query["state"][0]}
    browser.get(oauth_app.base_url + "/slack/oauth_redirect?" + urlencode(back))
    assert heading(browser) == "Rolebot is installed in Team A"
    assert "/role-diff program product" in browser.find_element(By.TAG_NAME, "body").text
    assert oauth_app.store.workspaces.bot_tokens(CLIENT_ID) == {TEAM_A: TOKEN_A}

    # The same link again: expired, and the page says what to do; "Start again" gives a fresh state.
    browser.get(oauth_app.base_url + "/slack/oauth_redirect?" + urlencode(back))
    assert heading(browser) == "This install link has expired"
    browser.find_element(By.ID, "start-again").click()
    WebDriverWait(browser, 10).until(lambda d: d.current_url.endswith("/slack/install"))
    fresh = browser.get_cookie("slack-app-oauth-state")
    assert fresh is not None and fresh["value"] != query["state"][0]


def test_a_denied_install_says_nothing_was_installed_and_how_to_start_again(
    browser: Any, oauth_app: OAuthApp
) -> None:
    browser.delete_all_cookies()
    browser.get(oauth_app.base_url + "/slack/install")
    state = browser.get_cookie("slack-app-oauth-state")["value"]
    browser.get(
        oauth_app.base_url + "/slack/oauth_redirect?" + urlencode({"error": "access_denied", "state": state})
    )
    assert heading(browser) == "You did not allow Rolebot"
    assert "Nothing was installed" in browser.find_element(By.TAG_NAME, "body").text
    assert browser.find_element(By.ID, "start-again").get_attribute("href").endswith("/slack/install")
    assert oauth_app.store.workspaces.bot_tokens(CLIENT_ID) == {}


def test_the_pages_escape_what_comes_in_the_url(browser: Any, oauth_app: OAuthApp) -> None:
    browser.get(
        oauth_app.base_url + "/slack/oauth_redirect?" + urlencode({"error": '"><script>alert(1)</script>'})
    )
    assert heading(browser) == "Rolebot could not be installed"
    assert not browser.find_elements(By.TAG_NAME, "script")
