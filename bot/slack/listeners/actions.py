"""Buttons: "did you mean" choices, suggestions on answers, "Share in channel", and the buttons on a
practice question. Each answers in place or privately, through the click's response_url."""

from __future__ import annotations

import re
from collections.abc import Callable

from bot.rendering import action_ids
from bot.slack.incoming import BlockActions
from bot.slack.port import RequestSlack
from bot.slack.services import Services
from bot.usecases.ports import Asker


def choose_role(click: BlockActions, slack: RequestSlack, services: Services) -> None:
    """A "did you mean" choice finishes the role-diff request it belongs to (only a private answer is shared)."""
    reply = services.diffs.reply((click.action.value or "").strip(), shareable=click.is_ephemeral)
    slack.replace_original(reply.payload)


def asker_of_click(click: BlockActions) -> Asker:
    team = click.team.id if click.team else (click.user.team_id or "")
    channel = click.channel_id
    return Asker(team, click.user.id, channel, bool(channel and channel.startswith("D")), click.enterprise_id)


def answer_suggestion(click: BlockActions, slack: RequestSlack, services: Services) -> None:
    """Answers in place, records the choice on a logged question, and becomes the thread's context."""
    label = click.action.text.text if click.action.text else None
    asker = asker_of_click(click)
    services.asking.pick(click.action.value or "", label, asker, slack, click.message_ts, click.thread_ts)


def _vote(click: BlockActions, slack: RequestSlack, services: Services, helpful: bool) -> None:
    asker = asker_of_click(click)
    blocks = click.message.blocks if click.message else None
    in_place = click.is_ephemeral or asker.in_direct_message  # only this person sees the message
    services.asking.vote(
        click.action.value or "",
        helpful,
        asker,
        slack,
        message_ts=click.message_ts,
        blocks=blocks,
        in_place=in_place,
    )


def helpful(click: BlockActions, slack: RequestSlack, services: Services) -> None:
    _vote(click, slack, services, True)


def unhelpful(click: BlockActions, slack: RequestSlack, services: Services) -> None:
    _vote(click, slack, services, False)


def share_in_channel(click: BlockActions, slack: RequestSlack, services: Services) -> None:
    problem = services.diffs.share(click.action.value or "", click.user.id, click.channel_id, slack)
    if problem is not None:
        slack.notice(problem)


def show_tips(click: BlockActions, slack: RequestSlack, services: Services) -> None:
    slack.notice(services.practice.tips(click.action.value or ""))


def another_question(click: BlockActions, slack: RequestSlack, services: Services) -> None:
    slack.notice(services.practice.another(click.action.value or ""))


def answer_privately(click: BlockActions, slack: RequestSlack, services: Services) -> None:
    problem = services.practice.open_answer_window(click.action.value or "", click.channel_id, slack)
    if problem is not None:
        slack.notice(problem)


def try_again(click: BlockActions, slack: RequestSlack, services: Services) -> None:
    problem = services.practice.try_again(click.action.value or "", click.channel_id, slack)
    if problem is not None:
        slack.notice(problem)


ROUTES: dict[str, Callable[[BlockActions, RequestSlack, Services], None]] = {
    action_ids.ROLE_DIFF_CHOICE: choose_role,
    action_ids.ANSWER_TARGET: answer_suggestion,
    action_ids.SHARE_IN_CHANNEL: share_in_channel,
    action_ids.PRACTICE_TIPS: show_tips,
    action_ids.PRACTICE_ANOTHER: another_question,
    action_ids.ANSWER_HELPFUL: helpful,
}
URGENT = {
    action_ids.PRACTICE_ANSWER: answer_privately,
    action_ids.PRACTICE_TRY_AGAIN: try_again,
    action_ids.ANSWER_UNHELPFUL: unhelpful,
}
"""Clicks whose work must not wait for a lull in the acks: a modal opens within three seconds or never."""


def action_pattern(*action_ids: str) -> re.Pattern[str]:
    """Any of these ids; blocks.actions() suffixes repeated ids in one block with ":n"."""
    names = "|".join(re.escape(a) for a in action_ids)
    return re.compile(rf"^(?:{names})(?::\d+)?$")


def _base(action_id: str) -> str:
    return action_id.split(":", 1)[0]


_ALL = {**ROUTES, **URGENT}


def route(click: BlockActions, slack: RequestSlack, services: Services) -> None:
    _ALL[_base(click.action.action_id)](click, slack, services)
