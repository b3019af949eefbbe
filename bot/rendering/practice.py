"""Block Kit for daily interview practice: the prompt, its tips, the answer modal, the
feedback, and the progress shown on App Home.

Pure functions of core results. Every text from the knowledge base or from a user goes
through `escape` (mrkdwn) or into a plain_text object, and through the builders of
`bot.rendering.blocks`, so no prompt and no answer can break a message or ping a channel.
"""

from __future__ import annotations

import base64
import binascii
import json
import zlib
from typing import Any

from slack_sdk.models.blocks import Block, InputBlock, PlainTextInputElement, PlainTextObject
from slack_sdk.models.views import View

from bot.core.knowledge import KnowledgeBase
from bot.core.models import PracticeKind, PracticePrompt
from bot.core.practice.feedback import (
    LENGTH_WEIGHT,
    RUBRIC_WEIGHT,
    SPECIFICS_WEIGHT,
    STRUCTURE_WEIGHT,
    Band,
    Feedback,
    RubricCheck,
    good_answer_line,
)
from bot.core.practice.progress import Progress, trend
from bot.rendering import action_ids
from bot.rendering.answers import practice_meta, render_practice
from bot.rendering.blocks import Message, actions, button, context, header, message, section
from bot.rendering.commands import PRACTICE_COMMAND
from bot.rendering.mrkdwn import bullets, escape, fit, quote

MODAL_TITLE = "Interview practice"
MODAL_SUBMIT = "Get feedback"
MODAL_CLOSE = "Cancel"
ANSWER_MAX_LENGTH = 3000
"""Slack's limit for a plain_text_input, and so the longest answer the modal accepts."""
PLACEHOLDER_MAX = 150
PROMPT_ACTIONS_BLOCK = "practice_actions"
MOST_MISSED_SHOWN = 5

COVERED = ":white_check_mark:"
MISSED = ":x:"

_PLACEHOLDERS = {
    PracticeKind.BEHAVIOURAL: "One real story: the situation, your task, what you did, and the result in numbers.",
    PracticeKind.PROGRAM_SENSE: "Clarify the goal, then your plan step by step: phases, risks, stakeholders.",
    PracticeKind.SCENARIO: "What you would do first, then next: risks, who you would tell, how you would measure it.",
    PracticeKind.ROLE_DISTINCTION: "Set the two sides against each other, then back it with an example of your own.",
}


def _prompt_buttons(prompt: PracticePrompt, *, tips: bool = True, again: bool = False) -> Block | None:
    answer_label = "Answer again" if again else "Answer privately"
    buttons = [
        *([button("Show tips", action_ids.PRACTICE_TIPS, prompt.id)] if tips else []),
        button(answer_label, action_ids.PRACTICE_ANSWER, prompt.id, primary=True),
        button("Another question", action_ids.PRACTICE_ANOTHER, prompt.id),
    ]
    return actions(buttons, block_id=PROMPT_ACTIONS_BLOCK)


def render_prompt(kb: KnowledgeBase, prompt: PracticePrompt, *, for_channel: bool) -> Message:
    """The practice question with its role(s), kind and difficulty, and the three buttons.

    `for_channel`: the daily post in a subscribed channel; otherwise a question sent to one
    person privately (`/role-practice now`, "Another question").
    """
    if for_channel:
        intro = ":calendar: *Today's interview practice question*"
        invite = (
            "Think it over, then press *Answer privately*: only you see your answer and its feedback, "
            "within seconds."
        )
    else:
        intro = ":dart: *A practice question, just for you*"
        invite = "Take a few minutes, then press *Answer privately* to get feedback on your answer."
    blocks = [
        context([intro]),
        header(prompt.question),
        context([practice_meta(kb, prompt)]),
        section(invite),
        _prompt_buttons(prompt),
    ]
    return message(f"Interview practice: {prompt.question}", blocks)


def render_tips(kb: KnowledgeBase, prompt: PracticePrompt) -> Message:
    """What interviewers look for in an answer to this prompt, and tips; privately."""
    blocks = [*render_practice(kb, prompt), _prompt_buttons(prompt, tips=False)]
    return message(f"Tips for: {prompt.question}", blocks)


def answer_modal(prompt: PracticePrompt, private_metadata: str, answer: str | None = None) -> dict[str, Any]:
    """The view for views.open: the question and a text box for the answer, holding `answer`
    when one is given (Try again).

    `private_metadata` comes back with the submission (at most 3,000 characters; a longer one
    raises `SlackObjectFormationError`). The answer is in
    `state.values[PRACTICE_ANSWER_BLOCK][PRACTICE_ANSWER_INPUT].value`.
    """
    kind = prompt.kind.value.replace("-", " ").capitalize()
    view = View(
        type="modal",
        callback_id=action_ids.PRACTICE_MODAL,
        title=PlainTextObject(text=MODAL_TITLE),
        submit=PlainTextObject(text=MODAL_SUBMIT),
        close=PlainTextObject(text=MODAL_CLOSE),
        private_metadata=private_metadata,
        blocks=[
            section(f"*{escape(prompt.question)}*"),
            *[b for b in [context([f"{kind} · {prompt.difficulty.value}"])] if b is not None],
            InputBlock(
                block_id=action_ids.PRACTICE_ANSWER_BLOCK,
                label=PlainTextObject(text="Your answer"),
                element=PlainTextInputElement(
                    action_id=action_ids.PRACTICE_ANSWER_INPUT,
                    multiline=True,
                    min_length=1,
                    max_length=ANSWER_MAX_LENGTH,
                    initial_value=answer[:ANSWER_MAX_LENGTH] if answer else None,
                    placeholder=PlainTextObject(text=fit(_PLACEHOLDERS[prompt.kind], PLACEHOLDER_MAX)),
                ),
                hint=PlainTextObject(
                    text="Only you see your answer and its feedback. Aim for 120 to 400 words, "
                    "about two to three minutes spoken."
                ),
            ),
        ],
    )
    return view.to_dict()


# --- feedback -----------------------------------------------------------------------------


BUTTON_VALUE_MAX = 2000
"""Slack's limit for a button's value."""
_BAND_EMOJI = {
    Band.STRONG: ":star2:",
    Band.SOLID: ":+1:",
    Band.NEEDS_WORK: ":seedling:",
    Band.NOT_AN_ANSWER: ":compass:",
}
AGAINST = ":warning:"


def try_again_value(prompt_id: str, channel: str | None, answer: str) -> str:
    """What the Try again button carries: the prompt, where it was asked, and the answer's text,
    compressed when it would not fit in a button (an answer too long even so is cut at a word)."""

    def encode(text: str) -> str:
        data = json.dumps(
            {"p": prompt_id, "c": channel, "t": text}, separators=(",", ":"), ensure_ascii=False
        )
        if len(data) + 2 <= BUTTON_VALUE_MAX:
            return "j:" + data
        return "z:" + base64.b85encode(zlib.compress(data.encode("utf-8"), 9)).decode("ascii")

    value = encode(answer)
    if len(value) <= BUTTON_VALUE_MAX:
        return value
    low, high = 0, len(answer)
    while low < high:  # the longest start of the answer that fits
        mid = (low + high + 1) // 2
        if len(encode(answer[:mid])) <= BUTTON_VALUE_MAX:
            low = mid
        else:
            high = mid - 1
    cut = answer[:low]
    cut = cut[: cut.rfind(" ")] if " " in cut else cut
    return encode(cut)


def read_try_again(value: str) -> tuple[str, str | None, str] | None:
    """(prompt id, channel or None, answer) from a Try again button; None unless well formed."""
    try:
        if value.startswith("j:"):
            data = json.loads(value[2:])
        elif value.startswith("z:"):
            data = json.loads(zlib.decompress(base64.b85decode(value[2:])).decode("utf-8"))
        else:
            return None
    except (ValueError, zlib.error, binascii.Error, UnicodeDecodeError):
        return None
    if not isinstance(data, dict):
        return None
    prompt, channel, text = data.get("p"), data.get("c"), data.get("t")
    if (
        not isinstance(prompt, str)
        or not isinstance(text, str)
        or not (channel is None or isinstance(channel, str))
    ):
        return None
    return prompt, channel, text


def band_line(feedback: Feedback) -> str:
    return f"{_BAND_EMOJI[feedback.band]} *{feedback.score}/100: {feedback.band.value}*"


def _rubric_line(check: RubricCheck, prompt: PracticePrompt) -> str:
    name = f"*{escape(check.name)}*"
    if check.covered and check.evidence is not None:
        return f"{COVERED} {name}: you said {quote(check.evidence)}"
    point = next((p for p in prompt.rubric if p.name == check.name), None)
    good = good_answer_line(point) if point is not None else check.shows
    line = f"{MISSED} {name}: missing. {escape(good)}"
    if check.against is not None:
        line += f"\n{AGAINST} You said {quote(check.against)}, which reads as the opposite."
    return line


def _intro(feedback: Feedback) -> str | None:
    if feedback.length.words == 0:
        return "The answer is empty."
    if not feedback.relevance.on_topic:
        return (
            "This reads like an answer to a different question. It may be a good story, but interviewers "
            "score what was asked, so it can't earn much here yet."
        )
    if feedback.substance < 0.5:
        return "This is mostly a list of terms. Interviewers look for what you did and what came of it, in sentences."
    if feedback.bad_practice:
        return "Some of this describes practices interviewers see as warning signs (marked below)."
    return None


def render_feedback(
    kb: KnowledgeBase,
    prompt: PracticePrompt,
    feedback: Feedback,
    *,
    answer: str = "",
    channel: str | None = None,
) -> Message:
    """The feedback on one answer, privately: the score and its band, each rubric point covered
    (with the words of the answer that show it) or missing (with what a good answer says), two or
    three next steps, and a Try again button that reopens the answer window with `answer` in it."""
    score = feedback.breakdown
    covered = len(feedback.covered_points)
    steps = "\n".join(f"{n}. {escape(step)}" for n, step in enumerate(feedback.next_steps, 1))
    intro = _intro(feedback)
    warnings = [f"{AGAINST} {quote(q)}" for q in feedback.bad_practice[:3]]
    how = (
        f"Score: rubric {_number(score.rubric)}/{RUBRIC_WEIGHT} + specifics {_number(score.specifics)}/"
        f"{SPECIFICS_WEIGHT} + structure {_number(score.structure)}/{STRUCTURE_WEIGHT} "
        f"+ length {_number(score.length)}/{LENGTH_WEIGHT}"
    )
    if score.cap is not None:
        how += f", capped at {score.cap} because {score.cap_reason}"
    how += f" = *{score.total}*."
    blocks = [
        header(f"Your practice feedback: {score.total}/100, {feedback.band.value}"),
        section(
            f"*{escape(prompt.question)}*\n{band_line(feedback)}" + (f"\n{escape(intro)}" if intro else "")
        ),
        context([practice_meta(kb, prompt)]),
        section(
            f"*What interviewers look for: {covered} of {len(feedback.rubric)} shown*\n"
            + "\n".join(_rubric_line(c, prompt) for c in feedback.rubric)
        ),
        section("*Warning signs*\n" + "\n".join(warnings)) if warnings else None,
        section(f"*Next steps*\n{steps}") if steps else None,
        context(
            [
                how,
                "Judged on what your sentences show, the same way every time. Press *Try again* to edit "
                "your answer and see the score move.",
            ]
        ),
        actions(
            [
                button(
                    "Try again",
                    action_ids.PRACTICE_TRY_AGAIN,
                    try_again_value(prompt.id, channel, answer),
                    primary=True,
                ),
                button("Show tips", action_ids.PRACTICE_TIPS, prompt.id),
                button("Another question", action_ids.PRACTICE_ANOTHER, prompt.id),
            ],
            block_id=PROMPT_ACTIONS_BLOCK,
        ),
    ]
    return message(
        f"Your practice feedback: {score.total}/100 ({feedback.band.value}) for “{prompt.question}”", blocks
    )


def _number(value: float) -> str:
    return f"{value:.0f}" if float(value).is_integer() else f"{value:.1f}"


# --- App Home -----------------------------------------------------------------------------


def _days(n: int) -> str:
    return f"{n} day" if n == 1 else f"{n} days"


def render_progress(
    progress: Progress, *, command: str = PRACTICE_COMMAND, keeps_answers: bool = False
) -> list[Block]:
    """Blocks for App Home: answers, streak, average score and the points most often missed.

    `keeps_answers` says whether the deployment stores the text of answers, so the privacy
    note tells the truth.
    """
    blocks: list[Block | None] = [header("Your interview practice")]
    if progress.answered <= 0:
        blocks.append(
            section(
                "You haven't answered a practice question yet. Type "
                f"`{escape(command)} now` for one, or press *Answer privately* on a daily question."
            )
        )
    else:
        average = "–" if progress.average_score is None else f"{progress.average_score:.0f}/100"
        streak = _days(max(progress.streak_days, 0))
        if progress.streak_days >= 3:
            streak += " :fire:"
        blocks.append(
            section(
                "",
                [
                    f"*Questions answered*\n{progress.answered}",
                    f"*Current streak*\n{streak}",
                    f"*Average score*\n{average}",
                ],
            )
        )
        shown = trend(progress.recent_scores)
        if shown is not None:
            blocks.append(section(f"*Your recent scores*\n{escape(shown)}"))
        missed = [(name, count) for name, count in progress.most_missed if count > 0][:MOST_MISSED_SHOWN]
        if missed:
            lines = bullets([f"*{escape(name)}*: missed {count}×" for name, count in missed])
            blocks.append(section(f"*Most often missed*\n{lines}"))
        else:
            blocks.append(section("*Most often missed*\nNothing yet: you've covered every point so far."))
    kept = (
        "The bot keeps your answers, scores and which points you covered."
        if keeps_answers
        else "The bot keeps your scores and which points you covered, not the text of your answers."
    )
    blocks.append(context([f"Practise any time with `{escape(command)} now`. {kept}"]))
    return [b for b in blocks if b is not None]
