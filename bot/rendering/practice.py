"""Block Kit for daily interview practice: the prompt, its tips, the answer modal, the
feedback, and the progress shown on App Home.

Pure functions of core results. Every text from the knowledge base or from a user goes
through `escape` (mrkdwn) or into a plain_text object, and through the builders of
`bot.rendering.blocks`, so no prompt and no answer can break a message or ping a channel.
"""

from __future__ import annotations

from typing import Any

from slack_sdk.models.blocks import Block, InputBlock, PlainTextInputElement, PlainTextObject
from slack_sdk.models.views import View

from bot.core.knowledge import KnowledgeBase
from bot.core.models import PracticeKind, PracticePrompt
from bot.core.practice.feedback import Feedback, LengthVerdict, RubricCheck, StructurePart
from bot.core.practice.progress import Progress
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


def answer_modal(prompt: PracticePrompt, private_metadata: str) -> dict[str, Any]:
    """The view for views.open: the question and a text box for the answer.

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
            context([f"{kind} · {prompt.difficulty.value}"]),
            InputBlock(
                block_id=action_ids.PRACTICE_ANSWER_BLOCK,
                label=PlainTextObject(text="Your answer"),
                element=PlainTextInputElement(
                    action_id=action_ids.PRACTICE_ANSWER_INPUT,
                    multiline=True,
                    min_length=1,
                    max_length=ANSWER_MAX_LENGTH,
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


def _verdict(score: int) -> str:
    if score >= 80:
        return ":star2: A strong answer."
    if score >= 60:
        return ":+1: A good answer, with room to grow."
    if score >= 40:
        return ":seedling: Getting there."
    return ":hammer_and_wrench: Needs work."


def _same(a: str, b: str) -> bool:
    return " ".join(a.lower().split()) == " ".join(b.lower().split())


def _rubric_line(check: RubricCheck) -> str:
    name = f"*{escape(check.name)}*"
    if check.covered and check.evidence is not None:
        via = (
            ""
            if check.signal is None or _same(check.signal, check.evidence)
            else f" (signals “{escape(check.signal)}”)"
        )
        return f"{COVERED} {name}: you wrote {quote(check.evidence)}{via}"
    return f"{MISSED} {name}: not covered yet. _Looked for:_ {escape(check.shows)}"


def _part_line(part: StructurePart) -> str:
    if part.found and part.evidence is not None:
        return f"{COVERED} *{escape(part.name)}*: {quote(part.evidence)}"
    return f"{MISSED} *{escape(part.name)}*: missing ({escape(part.hint)})"


def _number(value: float) -> str:
    return f"{value:.0f}" if float(value).is_integer() else f"{value:.1f}"


def _figures_line(feedback: Feedback) -> str:
    if feedback.measurable:
        shown = ", ".join(f"“{escape(m)}”" for m in feedback.measurable)
        return f"{COVERED} *Measurable result*: {shown}"
    if feedback.figures:
        shown = ", ".join(f"“{escape(f)}”" for f in feedback.figures)
        return f"{MISSED} *Measurable result*: figures ({shown}) but none that shows what changed"
    return f"{MISSED} *Measurable result*: no numbers yet"


def _length_line(feedback: Feedback) -> str:
    good = feedback.length.verdict in (LengthVerdict.GOOD, LengthVerdict.FULL)
    return f"{COVERED if good else MISSED} *Length*: {escape(feedback.length.reason)}"


def render_feedback(kb: KnowledgeBase, prompt: PracticePrompt, feedback: Feedback) -> Message:
    """The feedback on one answer, privately: score, rubric, structure, next steps, and how the score was reached."""
    score = feedback.breakdown
    covered = len(feedback.covered_points)
    structure_title = "Structure (STAR)" if prompt.kind is PracticeKind.BEHAVIOURAL else "Structure"
    breakdown = (
        f"Score: rubric {_number(score.rubric)}/70 + structure {_number(score.structure)}/15 "
        f"+ numbers {_number(score.numbers)}/10 + length {_number(score.length)}/5"
    )
    if score.cap is not None:
        breakdown += f", capped at {score.cap} for an answer this short"
    breakdown += f" = *{score.total}*."
    steps = "\n".join(f"{n}. {escape(step)}" for n, step in enumerate(feedback.next_steps, 1))
    blocks = [
        header(f"Your practice feedback: {score.total}/100"),
        section(f"*{escape(prompt.question)}*\n{_verdict(score.total)}"),
        context([practice_meta(kb, prompt)]),
        section(
            f"*What interviewers look for: {covered} of {len(feedback.rubric)} covered*\n"
            + "\n".join(_rubric_line(c) for c in feedback.rubric)
        ),
        section(
            f"*{structure_title}*\n"
            + "\n".join(
                [
                    *(_part_line(p) for p in feedback.structure),
                    _figures_line(feedback),
                    _length_line(feedback),
                ]
            )
        ),
        section(f"*Next steps*\n{steps}") if steps else None,
        context(
            [
                breakdown,
                "Scored by matching your words against this question's rubric: "
                "the same answer always gets the same feedback.",
            ]
        ),
        _prompt_buttons(prompt, again=True),
    ]
    return message(f"Your practice feedback: {score.total}/100 for “{prompt.question}”", blocks)


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
