"""Practice messages: every shipped prompt renders within Slack's limits, and untrusted text arrives harmless."""

from __future__ import annotations

import json
from typing import Any

import pytest
from slack_sdk.errors import SlackObjectFormationError
from slack_sdk.models.views import View

from bot.core.knowledge import KnowledgeBase
from bot.core.models import Difficulty, PracticeKind, PracticePrompt, RubricPoint
from bot.core.practice.feedback import assess
from bot.core.practice.progress import Progress, trend
from bot.rendering import action_ids
from bot.rendering.blocks import message
from bot.rendering.practice import (
    ANSWER_MAX_LENGTH,
    BUTTON_VALUE_MAX,
    answer_modal,
    read_try_again,
    render_feedback,
    render_progress,
    render_prompt,
    render_tips,
    try_again_value,
)
from tests.slack_limits import assert_mrkdwn_escaped, assert_within_slack_limits, mrkdwn_texts

EVIL = "Ping <!channel> & <https://evil.example|click> now, @here and <@U123> too."


def good_answer(prompt: PracticePrompt) -> str:
    """An answer built from the prompt's own rubric: one signal per point, in a STAR frame, with numbers."""
    said = " ".join(f"I made sure of {point.signals[0]}." for point in prompt.rubric)
    return (
        "At my last company we were three months from a launch with four teams. "
        "My job was to get it out safely. I decided to act early. "
        f"{said} As a result we launched on time and cut support tickets by 35%. " + "We kept going. " * 20
    )


def payload_of(kb: KnowledgeBase, prompt: PracticePrompt, answer: str) -> dict[str, Any]:
    return render_feedback(kb, prompt, assess(prompt, answer)).payload()


def check(payload: dict[str, Any]) -> None:
    assert_within_slack_limits(payload)
    assert_mrkdwn_escaped(payload)


def buttons(payload: dict[str, Any]) -> dict[str, str]:
    found = {}
    for block in payload["blocks"]:
        if block["type"] == "actions":
            found.update({e["action_id"]: e["value"] for e in block["elements"]})
    return found


def make_prompt(**changes: Any) -> PracticePrompt:
    fields: dict[str, Any] = {
        "id": "synthetic",
        "question": "How would you do the synthetic thing?",
        "kind": PracticeKind.PROGRAM_SENSE,
        "difficulty": Difficulty.HARD,
        "roles": ("program-manager",),
        "rubric": (
            RubricPoint(
                name="Shared goal", shows="Ties the work to a shared goal.", signals=("shared goal",)
            ),
            RubricPoint(name="Risks", shows="Names the risks.", signals=("risk",)),
        ),
        "tips": ("Be concrete.",),
        "source": "none",
    }
    fields.update(changes)
    return PracticePrompt(**fields)


# --- every shipped prompt ---------------------------------------------------------------


def test_there_are_prompts_to_render(kb: KnowledgeBase) -> None:
    assert len(kb.practice) >= 10


def test_every_prompt_renders_within_slack_limits(kb: KnowledgeBase) -> None:
    for prompt in kb.practice.values():
        for for_channel in (True, False):
            payload = render_prompt(kb, prompt, for_channel=for_channel).payload()
            check(payload)
            assert payload["blocks"][1] == {
                "type": "header",
                "text": {"type": "plain_text", "text": prompt.question, "emoji": True},
            }
            assert buttons(payload) == {
                action_ids.PRACTICE_TIPS: prompt.id,
                action_ids.PRACTICE_ANSWER: prompt.id,
                action_ids.PRACTICE_ANOTHER: prompt.id,
            }
            meta = " ".join(mrkdwn_texts(payload))
            assert prompt.difficulty.value in meta
            assert kb.roles[prompt.roles[0]].name in meta


def test_channel_and_private_prompts_say_where_they_are(kb: KnowledgeBase) -> None:
    prompt = next(iter(kb.practice.values()))
    channel = json.dumps(render_prompt(kb, prompt, for_channel=True).payload())
    private = json.dumps(render_prompt(kb, prompt, for_channel=False).payload())
    assert "Today's interview practice question" in channel
    assert "just for you" in private


def test_every_prompt_has_tips_within_slack_limits(kb: KnowledgeBase) -> None:
    for prompt in kb.practice.values():
        payload = render_tips(kb, prompt).payload()
        check(payload)
        text = " ".join(mrkdwn_texts(payload))
        assert "What interviewers look for" in text
        assert all(point.name.replace("&", "&amp;") in text for point in prompt.rubric)
        assert buttons(payload) == {
            action_ids.PRACTICE_ANSWER: prompt.id,
            action_ids.PRACTICE_ANOTHER: prompt.id,
        }


@pytest.mark.parametrize("answer_kind", ["empty", "good"])
def test_every_prompt_renders_feedback_within_slack_limits(kb: KnowledgeBase, answer_kind: str) -> None:
    for prompt in kb.practice.values():
        answer = "" if answer_kind == "empty" else good_answer(prompt)
        feedback = assess(prompt, answer)
        payload = render_feedback(kb, prompt, feedback).payload()
        check(payload)
        text = " ".join(mrkdwn_texts(payload))
        assert payload["blocks"][0]["text"]["text"] == (
            f"Your practice feedback: {feedback.score}/100, {feedback.band.value}"
        )
        assert f"= *{feedback.score}*" in text
        assert text.count(":white_check_mark:") >= len(feedback.covered_points)
        assert "Next steps" in text
        if answer_kind == "good":
            assert feedback.score > 0, (prompt.id, feedback.missed_points)
        else:
            assert feedback.score == 0
        again = read_try_again(buttons(payload)[action_ids.PRACTICE_TRY_AGAIN])
        assert again is not None and again[0] == prompt.id


def test_feedback_shows_evidence_and_what_was_missing(kb: KnowledgeBase) -> None:
    prompt = kb.practice["tell-me-about-a-failure"]
    answer = "That was my mistake, and I learned a lot. " + "It was a hard time for the team. " * 20
    text = "\n".join(mrkdwn_texts(payload_of(kb, prompt, answer)))
    assert (
        ":white_check_mark: *Real, owned failure*: you said “That was my mistake, and I learned a lot”"
        in text
    )
    assert ":x: *Concrete impact*: missing. A good answer states plainly what the failure cost" in text
    assert "*Next steps*" in text


def test_feedback_for_a_huge_rubric_stays_within_limits(kb: KnowledgeBase) -> None:
    long = "word " * 600
    rubric = tuple(
        RubricPoint(name=f"Point {n} {long}"[:200], shows=long, signals=(f"signal{n}", "risk"))
        for n in range(12)
    )
    prompt = make_prompt(question="Q " + long, rubric=rubric, tips=(long,) * 8)
    answer = "risk " * 10_000 + "cut by 30% " * 500
    check(render_feedback(kb, prompt, assess(prompt, answer)).payload())
    check(render_feedback(kb, prompt, assess(prompt, "")).payload())
    check(render_prompt(kb, prompt, for_channel=True).payload())
    check(render_tips(kb, prompt).payload())


# --- escaping ---------------------------------------------------------------------------


def test_user_text_in_feedback_evidence_is_escaped(kb: KnowledgeBase) -> None:
    prompt = make_prompt()
    answer = "We agreed a shared <!channel> goal, and I named each risk <@U123> & @here."
    feedback = assess(prompt, answer)
    assert feedback.rubric[0].evidence is not None and "shared <!channel> goal" in feedback.rubric[0].evidence
    payload = render_feedback(kb, prompt, feedback).payload()
    check(payload)
    texts = " ".join(mrkdwn_texts(payload))
    assert "<!channel>" not in texts and "<@U123>" not in texts
    assert "shared &lt;!channel&gt; goal" in texts


def test_try_again_carries_the_answer_even_a_long_one() -> None:
    for answer in ("Short answer.", "A sentence with words. " * 130, "é" * 2999, "x" * 3000):
        value = try_again_value("tell-me-about-a-failure", "C123", answer)
        assert len(value) <= BUTTON_VALUE_MAX
        found = read_try_again(value)
        assert found is not None
        prompt, channel, text = found
        assert (prompt, channel) == ("tell-me-about-a-failure", "C123")
        assert answer.startswith(text) and len(text) >= min(len(answer), 1000)
    assert read_try_again("nonsense") is None
    assert read_try_again("z:!!!") is None


def test_the_answer_modal_can_hold_the_answer_again(kb: KnowledgeBase) -> None:
    prompt = kb.practice["tell-me-about-a-failure"]
    view = answer_modal(prompt, "{}", "My earlier answer.")
    element = view["blocks"][-1]["element"]
    assert element["initial_value"] == "My earlier answer."
    assert "initial_value" not in answer_modal(prompt, "{}")["blocks"][-1]["element"]


def test_knowledge_text_is_escaped_everywhere(kb: KnowledgeBase) -> None:
    rubric = (
        RubricPoint(name=f"Point {EVIL}", shows=EVIL, signals=("channel",)),
        RubricPoint(name="Other", shows=EVIL, signals=(EVIL,)),
    )
    prompt = make_prompt(question=EVIL, rubric=rubric, tips=(EVIL,))
    for msg in (
        render_prompt(kb, prompt, for_channel=True),
        render_tips(kb, prompt),
        render_feedback(kb, prompt, assess(prompt, EVIL)),
        render_feedback(kb, prompt, assess(prompt, "")),
    ):
        payload = msg.payload()
        check(payload)
        assert all("<!channel>" not in t for t in mrkdwn_texts(payload))  # plain_text is never parsed
        assert "<!channel>" not in payload["text"]


# --- the modal ----------------------------------------------------------------------------


def test_answer_modal_is_a_valid_view(kb: KnowledgeBase) -> None:
    for prompt in kb.practice.values():
        view = answer_modal(prompt, private_metadata=f'{{"prompt": "{prompt.id}"}}')
        assert View(**view).to_dict() == view  # round-trips through slack_sdk's validation
        assert view["type"] == "modal"
        assert view["callback_id"] == action_ids.PRACTICE_MODAL
        assert 1 <= len(view["title"]["text"]) <= 24
        assert view["submit"]["text"] == "Get feedback"
        assert view["private_metadata"] == f'{{"prompt": "{prompt.id}"}}'
        assert prompt.question.replace("&", "&amp;") in json.dumps(view)
        inputs = [b for b in view["blocks"] if b["type"] == "input"]
        assert len(inputs) == 1
        block = inputs[0]
        assert block["block_id"] == action_ids.PRACTICE_ANSWER_BLOCK
        element = block["element"]
        assert element["type"] == "plain_text_input"
        assert element["action_id"] == action_ids.PRACTICE_ANSWER_INPUT
        assert element["multiline"] is True
        assert element["min_length"] == 1
        assert element["max_length"] == ANSWER_MAX_LENGTH <= 3000
        assert len(element["placeholder"]["text"]) <= 150


def test_answer_modal_escapes_the_question_and_rejects_oversized_metadata() -> None:
    view = answer_modal(make_prompt(question=EVIL), "m")
    assert "<!channel>" not in json.dumps(view)
    with pytest.raises(SlackObjectFormationError):
        answer_modal(make_prompt(), "x" * 3001)


def test_action_ids_are_distinct() -> None:
    ids = [
        action_ids.PRACTICE_TIPS,
        action_ids.PRACTICE_ANSWER,
        action_ids.PRACTICE_ANOTHER,
        action_ids.ROLE_DIFF_CHOICE,
        action_ids.SHARE_IN_CHANNEL,
        action_ids.ANSWER_TARGET,
    ]
    assert len(set(ids)) == len(ids)


# --- App Home progress --------------------------------------------------------------------


def progress_payload(progress: Progress, **kwargs: Any) -> dict[str, Any]:
    blocks = render_progress(progress, **kwargs)
    assert all(b is not None for b in blocks)
    return message("progress", blocks).payload()


def test_progress_before_any_answer() -> None:
    payload = progress_payload(Progress(answered=0, streak_days=0, average_score=None, most_missed=()))
    check(payload)
    text = " ".join(mrkdwn_texts(payload))
    assert "haven't answered" in text
    assert "`/role-practice now`" in text
    assert "not the text of your answers" in text


def test_progress_with_answers() -> None:
    progress = Progress(
        answered=12,
        streak_days=4,
        average_score=71.6,
        most_missed=(("Stakeholder map", 5), ("Concrete impact <!channel>", 3), ("Never", 0)),
    )
    payload = progress_payload(progress, command="/rp", keeps_answers=True)
    check(payload)
    text = " ".join(mrkdwn_texts(payload))
    assert "*Questions answered*\n12" in text
    assert "*Current streak*\n4 days :fire:" in text
    assert "*Average score*\n72/100" in text
    assert "*Stakeholder map*: missed 5×" in text
    assert "Concrete impact &lt;!channel&gt;" in text
    assert "Never" not in text
    assert "`/rp now`" in text
    assert "keeps your answers" in text


def test_progress_shows_the_trend_of_recent_scores() -> None:
    progress = Progress(answered=4, streak_days=2, average_score=60, recent_scores=(42, 55, 61, 78))
    payload = progress_payload(progress)
    check(payload)
    text = " ".join(mrkdwn_texts(payload))
    assert "*Your recent scores*" in text
    assert "42 → 55 → 61 → 78: up 36 since the first of these" in text
    assert trend((42,)) is None, "one score is no trend"
    assert trend((80, 60)).endswith("down 20 since the first of these")


def test_progress_with_many_missed_points_and_no_average() -> None:
    progress = Progress(
        answered=1,
        streak_days=1,
        average_score=None,
        most_missed=tuple((f"P{n} " * 100, n + 1) for n in range(40)),
    )
    payload = progress_payload(progress)
    check(payload)
    text = " ".join(mrkdwn_texts(payload))
    assert "*Current streak*\n1 day" in text
    assert "*Average score*\n–" in text
    assert text.count("missed ") == 5
