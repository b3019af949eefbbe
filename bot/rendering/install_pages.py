"""The web pages of installing the app from a link: the install page a workspace admin sees first,
and the pages after Slack sends them back (installed, or what went wrong and what to do).

Pure functions returning whole HTML documents; every value put in one is HTML-escaped. The
scopes listed here are the contract with the manifests (tests/slack/test_manifest.py).
"""

from __future__ import annotations

from html import escape

BOT_SCOPES: dict[str, str] = {
    "app_mentions:read": "to see the messages that mention @Rolebot, and answer them in a thread",
    "chat:write": "to post answers, comparisons you share, the daily practice question and private feedback",
    "commands": "for the slash commands /role-diff and /role-practice",
    "im:history": "to read the direct messages people send the bot, and answer them",
    "users:read": "to read a subscriber's time zone, the default for /role-practice subscribe",
}
"""Every scope the bot asks for, and why (the manifests list the same)."""

DELETED_AFTER_DAYS = 30

_STYLE = """
body { font-family: -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; max-width: 42rem;
       margin: 2rem auto; padding: 0 1rem; line-height: 1.5; color: #1d1c1d; }
h1 { font-size: 1.6rem; } code { background: #f4f4f4; padding: 0 .2rem; }
.add { display: inline-block; margin: 1rem 0; }
.problem { border-left: 4px solid #e01e5a; padding-left: 1rem; }
.done { border-left: 4px solid #2eb67d; padding-left: 1rem; }
"""


def _page(title: str, body: str) -> str:
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)}</title><style>{_STYLE}</style></head>"
        f"<body>{body}</body></html>\n"
    )


def install_page(authorize_url: str) -> str:
    """What the bot does, the scopes it asks for and why, what it stores and for how long, and
    Slack's "Add to Slack" button leading to `authorize_url`."""
    scopes = "".join(
        f"<li><code>{escape(scope)}</code>: {escape(why)}</li>" for scope, why in BOT_SCOPES.items()
    )
    url = escape(authorize_url, quote=True)
    return _page(
        "Add Rolebot to Slack",
        "<h1>Add Rolebot to your Slack workspace</h1>"
        "<p>Rolebot explains what separates project, product, program, technical program and "
        "technical project management, and coaches people for TPM interviews. Compare two roles "
        "privately with <code>/role-diff</code> and share the comparison with your channel; mention "
        "the bot or send it a direct message with a question; with <code>/role-practice</code> a "
        "channel gets an interview practice question every day, answered privately with feedback.</p>"
        "<h2>What it asks Slack for</h2>"
        f'<ul id="scopes">{scopes}</ul>'
        "<h2>What it stores, and for how long</h2>"
        "<ul><li>Your workspace's bot token, so it can answer (until the app is uninstalled).</li>"
        "<li>Practice subscriptions (channel, time, time zone, days, who set it up) and which "
        "questions each channel had.</li>"
        "<li>Practice scores: who answered which question and the score, not the answer's text.</li>"
        "<li>Slack's event ids for two hours, so nothing is answered twice.</li></ul>"
        "<p>Questions and answers by mention or direct message are not stored. When the app is "
        f"uninstalled, its token is deleted at once and everything else {DELETED_AFTER_DAYS} days "
        "later (installing it again before then keeps it). An administrator can have a workspace's "
        "or a person's data deleted at once.</p>"
        f'<a class="add" id="add-to-slack" href="{url}"><img alt="Add to Slack" height="40" width="139" '
        'src="https://platform.slack-edge.com/img/add_to_slack.png" '
        'srcset="https://platform.slack-edge.com/img/add_to_slack.png 1x, '
        'https://platform.slack-edge.com/img/add_to_slack@2x.png 2x"></a>',
    )


def installed_page(team_name: str | None, app_url: str | None) -> str:
    """After a successful install: where to go next."""
    where = escape(team_name) if team_name else "your workspace"
    link = f'<p><a id="open-slack" href="{escape(app_url, quote=True)}">Open Slack</a></p>' if app_url else ""
    return _page(
        "Rolebot is installed",
        f'<div class="done" id="result" data-outcome="installed"><h1>Rolebot is installed in {where}</h1>'
        "<p>Try <code>/role-diff program product</code> in any channel, send the bot a direct message, "
        "or run <code>/role-practice subscribe 9:30 weekdays</code> in a channel for a daily question "
        "(invite the bot there first).</p></div>" + link,
    )


_FAILURES = {
    "access_denied": (
        "You did not allow Rolebot",
        "Nothing was installed. To install it after all, start again and choose <b>Allow</b>.",
    ),
    "invalid_state": (
        "This install link has expired",
        "Install links work once, for ten minutes. Start again from the install page.",
    ),
    "invalid_browser": (
        "This install was started in another browser",
        "Start again from the install page, in the browser you finish in.",
    ),
}
_OTHER_FAILURE = (
    "Rolebot could not be installed",
    "Slack did not complete the install. Start again from the install page; if it fails again, "
    "ask the app's operator to check its logs.",
)


def failure_page(reason: str, install_path: str) -> str:
    """After a failed install: what happened (denied, expired, …) and what to do."""
    title, advice = _FAILURES.get(reason, _OTHER_FAILURE)
    again = escape(install_path, quote=True)
    return _page(
        title,
        f'<div class="problem" id="result" data-outcome="{escape(reason, quote=True)}"><h1>{title}</h1>'
        f'<p>{advice}</p></div><p><a id="start-again" href="{again}">Start again</a></p>',
    )
