"""No prompt repeats in a channel until it has had them all; new prompts join, removed ones are ignored."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from bot.core.practice.rotation import Pick, Shown, next_prompt


def run(channel: str, prompts: list[str], days: int, history: list[Shown] | None = None) -> list[Shown]:
    history = list(history or [])
    for _ in range(days):
        pick = next_prompt(channel, prompts, history)
        assert pick is not None
        history.append(Shown(pick.prompt_id, pick.cycle))
    return history


def test_every_prompt_once_before_any_repeats() -> None:
    prompts = [f"p{n}" for n in range(7)]
    history = run("T1/C1", prompts, 21)
    for cycle in range(3):
        chunk = [s.prompt_id for s in history[cycle * 7 : cycle * 7 + 7]]
        assert sorted(chunk) == prompts
        assert {s.cycle for s in history[cycle * 7 : cycle * 7 + 7]} == {cycle}


def test_deterministic_given_the_history_and_different_per_channel() -> None:
    prompts = [f"p{n}" for n in range(10)]
    assert run("T1/C1", prompts, 15) == run("T1/C1", prompts, 15)
    assert [s.prompt_id for s in run("T1/C1", prompts, 10)] != [
        s.prompt_id for s in run("T1/C2", prompts, 10)
    ]


def test_a_prompt_added_later_joins_the_current_cycle() -> None:
    history = run("T1/C1", ["a", "b", "c"], 2)
    history = run("T1/C1", ["a", "b", "c", "new"], 2, history)
    assert sorted(s.prompt_id for s in history) == ["a", "b", "c", "new"]
    assert {s.cycle for s in history} == {0}


def test_removed_prompts_are_ignored() -> None:
    history = [Shown("gone", 0), Shown("a", 0)]
    assert next_prompt("T1/C1", ["a", "b"], history) == Pick("b", 0)
    # with "b" shown too, every prompt that still exists was used: a new cycle starts
    assert next_prompt("T1/C1", ["a", "b"], [*history, Shown("b", 0)]).cycle == 1


def test_the_new_cycle_does_not_start_with_the_last_prompt() -> None:
    for channel in (f"T1/C{n}" for n in range(50)):
        history = run(channel, ["a", "b", "c"], 3)
        following = next_prompt(channel, ["a", "b", "c"], history)
        assert following.prompt_id != history[-1].prompt_id and following.cycle == 1


def test_one_prompt_and_no_prompts() -> None:
    assert [s.prompt_id for s in run("T1/C1", ["only"], 3)] == ["only"] * 3
    assert next_prompt("T1/C1", [], []) is None


@given(
    prompts=st.lists(st.sampled_from("abcdefghij"), min_size=1, max_size=10, unique=True),
    days=st.integers(1, 40),
)
def test_no_repeat_within_any_window_of_all_prompts(prompts: list[str], days: int) -> None:
    shown = [s.prompt_id for s in run("T9/C9", prompts, days)]
    for start in range(0, len(shown), len(prompts)):
        window = shown[start : start + len(prompts)]
        assert len(window) == len(set(window))
