"""Modal submissions: the practice answer window, checked while Slack waits, then feedback."""

from __future__ import annotations

import logging
from typing import Any

from bot.rendering import action_ids
from bot.slack.incoming import ViewSubmission
from bot.slack.listeners.work import asker_of_view
from bot.slack.port import RequestSlack
from bot.slack.services import Services

log = logging.getLogger("bot.slack.practice")


def _answer(submission: ViewSubmission) -> str:
    return submission.view.input_value(action_ids.PRACTICE_ANSWER_BLOCK, action_ids.PRACTICE_ANSWER_INPUT)


def check_answer(submission: ViewSubmission, services: Services) -> dict[str, Any] | None:
    """The window's errors (shown in it, the text kept), or None to close it and give feedback."""
    problem = services.practice.answer_problem(submission.view.private_metadata, _answer(submission))
    if problem is None:
        return None
    return {"response_action": "errors", "errors": {action_ids.PRACTICE_ANSWER_BLOCK: problem}}


def give_feedback(submission: ViewSubmission, slack: RequestSlack, services: Services) -> None:
    asker = asker_of_view(submission)
    given = services.practice.give_feedback(
        submission.view.private_metadata, _answer(submission), asker, slack
    )
    if given is not None:
        fields = {
            "prompt": given.prompt_id,
            "score": given.score,
            "saved": given.saved,
            "error": given.sent.error,
        }
        log.info("practice feedback", extra={"fields": {k: v for k, v in fields.items() if v is not None}})


def feedback_comment(submission: ViewSubmission, slack: RequestSlack, services: Services) -> None:
    """ "What were you looking for?" after a 👎: kept on that entry of the gap log (the window closes)."""
    text = submission.view.input_value(action_ids.FEEDBACK_COMMENT_BLOCK, action_ids.FEEDBACK_COMMENT_INPUT)
    kept = services.asking.comment(submission.view.private_metadata, text, asker_of_view(submission))
    log.info("feedback comment", extra={"fields": {"kept": kept}})
