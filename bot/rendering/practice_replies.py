"""The replies of `/role-practice`: help, subscribe, unsubscribe, status, and what went wrong.

Pure functions; every text a person typed goes through `escape`. The questions themselves,
their tips, the answer modal and the feedback are in bot/rendering/practice.py.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from bot.core.practice.command import UnknownCommand
from bot.core.practice.schedule import ParseError, Schedule
from bot.rendering.blocks import Message, context, header, message, section
from bot.rendering.commands import PRACTICE_COMMAND
from bot.rendering.mrkdwn import bullets, escape, user_mention
from bot.rendering.notices import NOT_A_MEMBER, error_code

if TYPE_CHECKING:
    from bot.core.practice.subscription import SubscriptionStatus

INVITE = "/invite @Rolebot"
SUBSCRIBE_EXAMPLE = "subscribe 9:30 Europe/Berlin weekdays"


def _cmd(command: str, rest: str = "") -> str:
    return f"`{escape(f'{command} {rest}'.strip())}`"


def _usage_lines(command: str) -> list[str]:
    return [
        f"{_cmd(command, 'subscribe [time] [time zone] [weekdays|daily|mon,wed,fri]')}: a question in "
        "this channel every day at that local time. Defaults: 09:00, your Slack time zone, weekdays. "
        f"For example {_cmd(command, SUBSCRIBE_EXAMPLE)} or {_cmd(command, 'subscribe 8am daily')}.",
        f"{_cmd(command, 'status')}: when this channel's next question comes.",
        f"{_cmd(command, 'unsubscribe')}: stop the daily question in this channel.",
        f"{_cmd(command, 'now')}: a question just for you, right away.",
        f"{_cmd(command, 'help')}: this help.",
    ]


def _privacy(keeps_answers: bool) -> str:
    kept = (
        "The bot keeps your answers, their scores and which points you covered."
        if keeps_answers
        else "The bot keeps scores and which points you covered, not the text of your answers."
    )
    return f"Only you see your answers and their feedback. {kept}"


def practice_help(command: str = PRACTICE_COMMAND, keeps_answers: bool = False) -> Message:
    text = f"Daily interview practice: how to use {command}"
    return message(
        text,
        [
            header("Daily interview practice: how to use me"),
            section(
                "A channel gets an interview practice question every day at the time it chose. "
                "Press *Answer privately* on it and you get feedback within seconds: which points "
                "interviewers look for you covered, your structure, a score and next steps."
            ),
            section(bullets(_usage_lines(command))),
            context([f"Invite me to a channel first (`{INVITE}`). {_privacy(keeps_answers)}"]),
        ],
    )


def unknown_command(unknown: UnknownCommand, command: str = PRACTICE_COMMAND) -> Message:
    said = f"I don't know {_cmd(command, unknown.word)}."
    plain = f"I don't know {command} {unknown.word}."  # the notification text: escaped by message()
    if unknown.suggested:
        said += f" Did you mean {_cmd(command, unknown.suggested)}?"
        plain += f" Did you mean {command} {unknown.suggested}?"
    return message(plain, [section(f":thinking_face: {said}"), section(bullets(_usage_lines(command)))])


def bad_schedule(error: ParseError) -> Message:
    """What is wrong with a subscribe request, the right form and suggestions (from the parser)."""
    said = f"I couldn't set that up. {error.text}"
    return message(said, [section(f":warning: {escape(said)}"), context(["Nothing was changed."])])


def channels_only(command: str = PRACTICE_COMMAND) -> Message:
    said = (
        "Daily practice is for channels: run "
        f"{_cmd(command, SUBSCRIBE_EXAMPLE)} in the channel that should get a question every day "
        f"(invite me there first with `{INVITE}`). Here, {_cmd(command, 'now')} gives you a question "
        "just for you."
    )
    return message(said, [section(f":information_source: {said}")])


def cannot_post_here(error: str, command: str = PRACTICE_COMMAND, args: str = "") -> Message:
    """Subscribing where the bot cannot post: how to fix it; nothing was kept. `args`: what was typed
    after `subscribe`, to repeat."""
    again = _cmd(command, f"subscribe {args}".strip())
    if error in NOT_A_MEMBER:
        why = (
            "I'm not a member of this channel, so I can't post its daily question. "
            f"Invite me with `{INVITE}`, then run {again} again."
        )
    elif error == "is_archived":
        why = "This channel is archived, so nothing can be posted in it. Pick a channel in use."
    else:
        code = error_code(error)
        why = (
            f"Slack didn't let me post in this channel (`{code}`). If I'm not a member, invite me "
            f"with `{INVITE}`, then run {again} again."
        )
    said = f"I couldn't set up daily practice here. {why}"
    return message(said, [section(f":warning: {said}"), context(["Nothing was set up."])])


def _by(user_id: str | None) -> str:
    mention = user_mention(user_id)
    return f" Set up by {mention}." if mention else ""


def channel_announcement(schedule: Schedule, user_id: str | None, command: str = PRACTICE_COMMAND) -> Message:
    """The short public note posted when a channel subscribes (it also shows the bot can post here)."""
    when = f"*{schedule.at:%H:%M}* ({escape(schedule.zone)}), {escape(schedule.days_text())}"
    said = (
        f"Daily practice is on here: an interview question at {when}. Answers and feedback are "
        f"private.{_by(user_id)} {_cmd(command, 'unsubscribe')} stops it."
    )
    return message(f"Daily practice is on here: {schedule.describe()}", [section(f":calendar: {said}")])


def when(moment: datetime, now: datetime) -> str:
    """ "today at 09:30", "tomorrow at 09:30", "Monday 9 March at 09:30": in `moment`'s own zone."""
    return f"{_day(moment.date(), now.astimezone(moment.tzinfo).date())} at {moment:%H:%M}"


def _day(day: date, today: date) -> str:
    """ "today", "tomorrow", "yesterday", or "Monday 9 March" (with the year if it is not this year's)."""
    names = {0: "today", 1: "tomorrow", -1: "yesterday"}
    if (day - today).days in names:
        return names[(day - today).days]
    return f"{day:%A} {day.day} {day:%B}" + ("" if day.year == today.year else f" {day.year}")


def subscribed(
    status: SubscriptionStatus, now: datetime, *, zone_from_profile: bool, command: str = PRACTICE_COMMAND
) -> Message:
    schedule = status.schedule
    lines = [f":white_check_mark: Daily practice is on in this channel: *{escape(schedule.describe())}*."]
    if status.next_run_local is not None:
        lines.append(
            f"The first question comes {when(status.next_run_local, now)} ({escape(schedule.zone)})."
        )
    notes = []
    if zone_from_profile:
        notes.append(
            f"{escape(schedule.zone)} is your Slack time zone; to use another, name it: "
            f"{_cmd(command, 'subscribe 9:30 Europe/Berlin')}."
        )
    notes.append(
        f"{_cmd(command, 'status')} shows when the next one comes; {_cmd(command, 'unsubscribe')} stops it."
    )
    text = " ".join(lines)
    return message(text, [section("\n".join(lines)), context([" ".join(notes)])])


def unsubscribed(was_subscribed: bool, command: str = PRACTICE_COMMAND) -> Message:
    if was_subscribed:
        said = (
            "Daily practice is off in this channel: no more questions here. "
            f"{_cmd(command, 'subscribe')} starts it again."
        )
    else:
        said = f"This channel has no daily practice, so there was nothing to stop. {_cmd(command, 'help')} shows how to start it."
    return message(said, [section(f":white_check_mark: {said}" if was_subscribed else said)])


def practice_status(
    status: SubscriptionStatus | None, now: datetime, command: str = PRACTICE_COMMAND
) -> Message:
    """When the channel's next question comes, in the channel's zone; or that it has none."""
    if status is None:
        said = (
            "This channel has no daily practice. Start it with "
            f"{_cmd(command, SUBSCRIBE_EXAMPLE)} (every part optional)."
        )
        return message(said, [section(said)])
    schedule = status.schedule
    lines = [f"Daily practice here: *{escape(schedule.describe())}*.{_by(status.created_by)}"]
    plain = f"Daily practice here: {schedule.describe()}."
    if status.paused:
        plain += " It is paused."
        reason = escape(status.paused_reason or "Slack refused the last question")
        lines.append(
            f":double_vertical_bar: It is *paused*: {reason}. Invite me back if I was removed "
            f"(`{INVITE}`), then run {_cmd(command, 'subscribe')} here again to resume."
        )
    elif status.next_run_local is not None:
        next_one = f"{when(status.next_run_local, now)} ({schedule.zone})"
        lines.append(f":calendar: The next question comes *{escape(next_one)}*.")
        plain += f" The next question comes {next_one}."
    if status.last_sent is not None:
        last = _day(status.last_sent, now.astimezone(schedule.tz).date())
        lines.append(f"The last one was posted {last}.")
    return message(plain, [section("\n".join(lines))])


def no_prompts() -> Message:
    said = "There are no practice questions in the knowledge base yet, so I have none to give you."
    return message(said, [section(f":shrug: {said}")])


QUESTION_GONE = (
    "This question was changed or removed since you opened it, so I can't give feedback on it. "
    "Copy your answer if you want to keep it, then try /role-practice now for another question."
)
"""Shown in the modal when its question is no longer in the knowledge base."""
QUESTION_UNKNOWN = (
    "I can't tell which question this answer is for. Copy your answer, close this window and press "
    "Answer privately on the question again."
)
"""Shown in the modal when what it carries about its question is missing or damaged."""

NOT_SAVED = "I couldn't add this answer to your progress just now; the feedback itself is complete."
