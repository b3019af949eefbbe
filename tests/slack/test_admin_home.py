"""App Home for ROLEBOT_ADMINS: the team's week under their own progress; nobody else sees any of it."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

from tests.slack.conftest import Harness, Served, serve_app
from tests.slack.test_commands import posted_in
from tests.slack.test_events import ask
from tests.support.fake_slack import FakeSlack, direct_message, mention

ADMIN = "U0ADMIN01"
SECRET_QUESTION = "product manager parking spots"


@pytest.fixture
def admin_app(served: Served, fake: FakeSlack, db_url: str) -> Iterator[Harness]:
    served.idle()
    with serve_app(served, fake, db_url, rolebot_admins=f"{ADMIN}, U0ADMIN02") as harness:
        fake.reset()
        yield harness


def home_of(harness: Harness, user: str) -> str:
    event = {"type": "app_home_opened", "user": user, "channel": "D0HOMEAD", "tab": "home",
             "event_ts": "1700004000.000100"}  # fmt: skip
    ask(harness, event)
    [call] = harness.fake.wait_for(lambda c: c.method == "views.publish" and c.body.get("user_id") == user)
    assert len(call.body["view"]["blocks"]) <= 100
    return json.dumps(call.body["view"])


def test_admins_see_the_week_and_the_largest_gaps_and_others_see_none_of_it(admin_app: Harness) -> None:
    ask(admin_app, mention(SECRET_QUESTION, "C0ADMIN01", "1700004001.000100", user="U0ASKER01"))
    ask(admin_app, mention(SECRET_QUESTION + "?", "C0ADMIN01", "1700004002.000100", user="U0ASKER02"))
    ask(admin_app, direct_message("what does a tpm do", "D0ADMIN02", "1700004003.000100"))
    admin_app.fake.wait_for(posted_in("C0ADMIN01"), count=2)
    admin_app.fake.wait_for(posted_in("D0ADMIN02"))
    admin_app.idle()

    shown = home_of(admin_app, ADMIN)
    assert "Your team this week (admins only)" in shown
    assert "*Questions*\\n3" in shown and "33%" in shown, "three questions, one answered"
    assert SECRET_QUESTION in shown and "asked 2 time(s) by 2 people" in shown
    assert "rolebot gaps --since 7d --team T0TEST01 --export gaps.yaml" in shown

    for user in ("U0ASKER01", "U0NOBODY1"):
        theirs = home_of(admin_app, user)
        assert "admins only" not in theirs and SECRET_QUESTION not in theirs and "rolebot gaps" not in theirs
