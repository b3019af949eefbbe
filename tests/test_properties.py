"""Property tests: whatever people type, and whatever the knowledge files say, nothing breaks.

Runs are modest and reproducible (see conftest); HYPOTHESIS_PROFILE=explore searches harder.
"""

from __future__ import annotations

from functools import cache

from hypothesis import given, reject
from hypothesis import strategies as st

from bot.core.compare import compare, profile
from bot.core.knowledge import KnowledgeBase
from bot.core.loader import load_knowledge
from bot.core.models import Difference
from bot.core.names import Ambiguous, Resolved, RoleResolver, Scan, Unknown
from bot.core.role_query import Clarify, ComparisonResult, HelpRequest, ProfileResult, RoleList, interpret
from bot.rendering.roles import render_comparison, render_profile, render_role_list, render_role_query
from tests.knowledge_helpers import aspect_text, make_aspects, make_kb, make_role
from tests.slack_limits import assert_mrkdwn_escaped, assert_within_slack_limits

ROLE_WORDS = [
    "pm", "tpm", "pgm", "tech pm", "program", "product", "project", "technical", "tech", "manager",
    "mgmt", "prodcut", "prgram", "vs", "and", "the", "help", "roles", "banana", "&", "<!channel>", "?",
]  # fmt: skip

user_text = st.one_of(
    st.text(),
    st.lists(st.sampled_from(ROLE_WORDS), max_size=6).map(" ".join),
    st.lists(st.one_of(st.sampled_from(ROLE_WORDS), st.text(max_size=8)), max_size=6).map(" ".join),
)
"""What someone might type after /role-diff: anything, and near-misses built from role words."""

QUERY_TYPES = (HelpRequest, RoleList, ComparisonResult, ProfileResult, Clarify)


@cache
def shipped() -> tuple[KnowledgeBase, RoleResolver]:
    """The shipped knowledge, loaded once; not a fixture, so failure reports do not print all of it."""
    kb = load_knowledge()
    return kb, RoleResolver(kb)


@given(user_text)
def test_resolve_and_scan_never_raise(text: str) -> None:
    _, resolver = shipped()
    assert isinstance(resolver.resolve(text), Resolved | Ambiguous | Unknown)
    scan = resolver.scan(text)
    assert isinstance(scan, Scan)
    assert all(isinstance(m, Resolved | Ambiguous) for m in scan.mentions)


@given(user_text)
def test_interpret_never_raises(text: str) -> None:
    kb, resolver = shipped()
    assert isinstance(interpret(kb, resolver, text), QUERY_TYPES)


@given(user_text)
def test_whatever_interpret_returns_renders_within_limits(text: str) -> None:
    kb, resolver = shipped()
    try:
        result = interpret(kb, resolver, text)
    except IndexError:
        # interpret() crashing is test_interpret_never_raises's finding; this test checks rendering.
        reject()
    payload = render_role_query(result, tuple(kb.roles.values())).payload()
    assert_within_slack_limits(payload)
    assert_mrkdwn_escaped(payload)


# --- arbitrary knowledge text -----------------------------------------------------------

SLACK_SPECIAL = ["<", ">", "&", "&amp;", "&lt;", "<!channel>", "<@U1>", "@here", "*", "_", "`", "\n", " "]

knowledge_text = st.one_of(
    st.text(min_size=1, max_size=300),
    st.lists(
        st.one_of(st.sampled_from(SLACK_SPECIAL), st.text(min_size=1, max_size=6), st.just("😀")),
        min_size=1,
        max_size=80,
    ).map("".join),
    st.tuples(st.text(min_size=1, max_size=40), st.integers(50, 400)).map(lambda t: t[0] * t[1]),
).filter(lambda s: s.strip())
"""What a knowledge editor might write: markup characters, emoji, newlines, very long text."""


@given(
    name=knowledge_text,
    summary=knowledge_text,
    points=st.lists(knowledge_text, max_size=4),
    label=knowledge_text,
    key_difference=st.none() | knowledge_text,
    aspect_count=st.integers(1, 60),
    notes=st.lists(knowledge_text, max_size=3),
)
def test_any_knowledge_text_renders_within_limits_and_escaped(
    name: str,
    summary: str,
    points: list[str],
    label: str,
    key_difference: str | None,
    aspect_count: int,
    notes: list[str],
) -> None:
    aspects = make_aspects(aspect_count)
    aspects = (aspects[0].model_copy(update={"label": label}), *aspects[1:])
    text = aspect_text(summary, points, source="none")
    left = make_role("left-role", aspects, name=name, summary=summary, text=text, aliases=[summary])
    right = make_role("right-role", aspects, text=aspect_text(summary[::-1]))
    diffs = (
        [Difference(roles=("left-role", "right-role"), summary=key_difference, source="s1")]
        if key_difference
        else []
    )
    kb = make_kb([left, right], aspects, diffs)
    for message in (
        render_comparison(compare(kb, "left-role", "right-role"), notes),
        render_comparison(compare(kb, "right-role", "left-role")),
        render_profile(profile(kb, "left-role"), notes),
        render_role_list([left, right]),
    ):
        payload = message.payload()
        assert_within_slack_limits(payload)
        assert_mrkdwn_escaped(payload)
