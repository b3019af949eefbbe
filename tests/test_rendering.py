"""Block Kit rendering: every message fits Slack's limits and untrusted text arrives harmless."""

from __future__ import annotations

import itertools
import json
import re
from typing import Any

import pytest

from bot.core.compare import compare, profile
from bot.core.knowledge import KnowledgeBase
from bot.core.models import Difference
from bot.core.names import RoleResolver
from bot.core.role_query import Choice, Clarify, ComparisonResult, HelpRequest, RoleList, interpret
from bot.rendering import action_ids
from bot.rendering.mrkdwn import ELLIPSIS, escape, fit
from bot.rendering.roles import (
    OWN_GUIDANCE,
    render_clarify,
    render_comparison,
    render_help,
    render_profile,
    render_role_list,
    render_role_query,
)
from tests.knowledge_helpers import ROLE_IDS, aspect_text, make_aspects, make_kb, make_role
from tests.slack_limits import assert_mrkdwn_escaped, assert_within_slack_limits, mrkdwn_texts

EVIL = "Ping <!channel> & <https://evil.example|click> now, @here and <@U123> too."
BROKEN_ESCAPE = re.compile(r"&(?!(?:amp|lt|gt);)")


def texts_of(block: dict[str, Any]) -> list[str]:
    return [block["text"]["text"]] if block.get("text") else []


# --- the shipped knowledge --------------------------------------------------------------


@pytest.mark.parametrize(("left", "right"), list(itertools.permutations(ROLE_IDS, 2)))
def test_every_comparison_fits_slack(kb: KnowledgeBase, left: str, right: str) -> None:
    comparison = compare(kb, left, right)
    payload = render_comparison(comparison, ["a note"]).payload()
    assert_within_slack_limits(payload)
    assert_mrkdwn_escaped(payload)
    blocks = payload["blocks"]
    assert blocks[0]["type"] == "header"
    assert blocks[0]["text"]["text"] == f"{kb.roles[left].name} vs {kb.roles[right].name}"
    assert blocks[1]["text"]["text"].startswith("*The key difference:* ")
    assert escape(kb.difference(left, right).summary) in blocks[1]["text"]["text"]
    labels = [
        b["text"]["text"] for b in blocks if b["type"] == "section" and b.get("fields") and b.get("text")
    ]
    assert labels == [f"*{escape(a.label)}*" for a in kb.aspects]
    assert any("a note" in t for t in mrkdwn_texts(payload))


@pytest.mark.parametrize("role_id", ROLE_IDS)
def test_every_profile_fits_slack(kb: KnowledgeBase, role_id: str) -> None:
    payload = render_profile(profile(kb, role_id)).payload()
    assert_within_slack_limits(payload)
    assert_mrkdwn_escaped(payload)
    assert payload["blocks"][0]["text"]["text"] == kb.roles[role_id].name
    assert len(payload["blocks"]) >= len(kb.aspects) + 2


def test_help_and_role_list_fit_slack(kb: KnowledgeBase) -> None:
    roles = tuple(kb.roles.values())
    for message in (render_help(roles), render_help(roles, "/rd"), render_role_list(roles)):
        assert_within_slack_limits(message.payload())
        assert_mrkdwn_escaped(message.payload())
    listed = json.dumps(render_role_list(roles).payload())
    assert all(r.name in listed for r in roles)
    assert "/rd program product" in json.dumps(render_help(roles, "/rd").payload())


@pytest.mark.parametrize("text", ["pm", "pm tpm", "banana", "tech pm vs product", "xyz abc"])
def test_clarify_fits_slack_and_buttons_carry_the_queries(
    kb: KnowledgeBase, resolver: RoleResolver, text: str
) -> None:
    clarify = interpret(kb, resolver, text)
    assert isinstance(clarify, Clarify)
    payload = render_clarify(clarify).payload()
    assert_within_slack_limits(payload)
    assert_mrkdwn_escaped(payload)
    (actions,) = [b for b in payload["blocks"] if b["type"] == "actions"]
    assert [e["value"] for e in actions["elements"]] == [c.query for c in clarify.choices]
    assert [e["text"]["text"] for e in actions["elements"]] == [c.label for c in clarify.choices]
    assert all(e["action_id"].startswith(action_ids.ROLE_DIFF_CHOICE) for e in actions["elements"])


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("program product", ComparisonResult),
        ("tpm", None),
        ("roles", RoleList),
        ("help", HelpRequest),
        ("pm", Clarify),
        ("program product project", ComparisonResult),
    ],
)
def test_render_role_query_fits_slack(kb: KnowledgeBase, resolver: RoleResolver, text: str, kind) -> None:
    result = interpret(kb, resolver, text)
    if kind is not None:
        assert isinstance(result, kind)
    payload = render_role_query(result, tuple(kb.roles.values())).payload()
    assert_within_slack_limits(payload)
    assert_mrkdwn_escaped(payload)
    for note in getattr(result, "notes", ()):
        assert any(escape(note) in t for t in mrkdwn_texts(payload)), note


def test_render_role_query_rejects_unknown_results(kb: KnowledgeBase) -> None:
    with pytest.raises(TypeError):
        render_role_query("not a result", tuple(kb.roles.values()))  # type: ignore[arg-type]


# --- untrusted text ---------------------------------------------------------------------


def evil_kb() -> KnowledgeBase:
    aspects = make_aspects(3)
    evil_text = aspect_text(EVIL, [EVIL, "Plans & goals"], source="none")
    evil = make_role("evil-role", aspects, summary=EVIL, text=evil_text, aliases=["<!here>", "a&b"])
    plain = make_role("plain-role", aspects)
    diff = Difference(roles=("evil-role", "plain-role"), summary=EVIL, source="none")
    return make_kb([evil, plain], aspects, [diff])


def evil_messages() -> dict[str, Any]:
    kb = evil_kb()
    roles = tuple(kb.roles.values())
    clarify = Clarify(question=EVIL, choices=(Choice("Evil role", "evil-role"),), notes=(EVIL,))
    return {
        "comparison": render_comparison(compare(kb, "evil-role", "plain-role"), [EVIL]),
        "comparison-without-difference": render_comparison(
            compare(make_kb(roles, kb.aspects), "evil-role", "plain-role")
        ),
        "profile": render_profile(profile(kb, "evil-role"), [EVIL]),
        "role-list": render_role_list(roles),
        "clarify": render_clarify(clarify),
    }


@pytest.mark.parametrize("name", list(evil_messages()))
def test_untrusted_text_is_escaped_in_blocks(name: str) -> None:
    payload = evil_messages()[name].payload()
    assert_within_slack_limits(payload)
    assert_mrkdwn_escaped(payload)
    blocks = json.dumps(payload["blocks"], ensure_ascii=False)
    assert "&lt;!channel&gt;" in blocks
    assert "&amp;" in blocks
    assert "&lt;https://evil.example|click&gt;" in blocks
    assert "@here" not in blocks, "a plain @here must be broken so it notifies nobody"


@pytest.mark.parametrize("name", list(evil_messages()))
def test_untrusted_text_is_escaped_everywhere_in_the_payload(name: str) -> None:
    """The top-level `text` is mrkdwn too (Slack uses it for notifications), so it must be escaped."""
    dumped = json.dumps(evil_messages()[name].payload(), ensure_ascii=False)
    for raw in ("<!", "<http", "<@"):
        assert raw not in dumped, f"raw {raw!r} in the payload: {dumped[:300]}"


# --- fit() ------------------------------------------------------------------------------


def test_fit_leaves_short_text_alone() -> None:
    assert fit("short", 5) == "short"
    assert fit("", 10) == ""


def test_fit_trims_at_a_word_boundary() -> None:
    assert fit("alpha beta gamma delta", 13) == "alpha beta…"
    assert fit("alpha beta,  gamma", 14) == "alpha beta…", "trailing punctuation and blanks go"
    assert fit("alpha\nbeta gamma", 12) == "alpha\nbeta…"


@pytest.mark.parametrize("limit", range(2, 60))
def test_fit_never_exceeds_the_limit(limit: int) -> None:
    text = escape("Plans & goals <for> the whole & entire program, with words") * 3
    trimmed = fit(text, limit)
    assert len(trimmed) <= limit
    assert trimmed.endswith(ELLIPSIS)


def test_fit_never_cuts_inside_an_escape() -> None:
    text = escape("Plans & goals & more words <here> to be cut off")
    broken = {}
    for limit in range(2, len(text)):
        trimmed = fit(text, limit)
        if BROKEN_ESCAPE.search(trimmed):
            broken[limit] = trimmed
    assert broken == {}, "fit() left a broken escape behind"


@pytest.mark.parametrize(
    ("text", "limit"),
    [
        ("a" * 20 + "&amp;" + "b" * 20, 26),
        ("a" * 20 + "&lt;" + "b" * 20, 25),
        ("a" * 20 + "&amp;" + "b" * 20, 24),
        ("Tom &amp; Jerry and friends", 12),
    ],
    ids=["amp-at-the-cut", "lt-at-the-cut", "amp-past-the-cut", "amp-before-a-space"],
)
def test_fit_keeps_or_drops_a_whole_escape(text: str, limit: int) -> None:
    trimmed = fit(text, limit)
    assert BROKEN_ESCAPE.search(trimmed) is None, trimmed
    assert len(trimmed) <= limit


# --- big knowledge ----------------------------------------------------------------------


def test_sixty_aspects_stay_within_fifty_blocks() -> None:
    aspects = make_aspects(60)
    kb = make_kb([make_role("aa", aspects), make_role("bb", aspects)], aspects)
    for message in (render_comparison(compare(kb, "aa", "bb"), ["note"]), render_profile(profile(kb, "aa"))):
        payload = message.payload()
        assert_within_slack_limits(payload)
        assert len(payload["blocks"]) == 50
        last = payload["blocks"][-1]
        assert last["type"] == "context"
        assert "left out" in last["elements"][0]["text"]


def test_sixty_roles_in_the_list_stay_within_fifty_blocks() -> None:
    aspects = make_aspects(1)
    roles = [make_role(f"role-{n}", aspects) for n in range(60)]
    payload = render_role_list(roles).payload()
    assert_within_slack_limits(payload)
    assert len(payload["blocks"]) == 50


def test_thirty_long_choices_fit_one_actions_block() -> None:
    choices = tuple(Choice(f"Choice {n} " + "very long label " * 10, f"query {n} " * 300) for n in range(30))
    payload = render_clarify(Clarify("Which one? " + "why " * 2000, choices)).payload()
    assert_within_slack_limits(payload)


def long_text(n_chars: int) -> str:
    words = (f"word{n}" for n in itertools.count())
    text = ""
    while len(text) < n_chars:
        text += next(words) + " "
    return text.strip()


def assert_trimmed_at_a_word(trimmed: str, full: str, limit: int) -> None:
    assert len(trimmed) <= limit
    assert trimmed.endswith(ELLIPSIS), trimmed[-40:]
    kept = trimmed[: -len(ELLIPSIS)]
    assert full.startswith(kept)
    assert full[len(kept)] in " \n", f"cut mid-word: ...{kept[-20:]!r} + {full[len(kept) :][:10]!r}"


def test_a_ten_thousand_character_aspect_is_trimmed_at_a_word() -> None:
    big = long_text(10_000)
    aspects = make_aspects(2)
    huge = make_role("aa", aspects, text=aspect_text(big))
    kb = make_kb([huge, make_role("bb", aspects)], aspects)

    profile_payload = render_profile(profile(kb, "aa")).payload()
    assert_within_slack_limits(profile_payload)
    section = profile_payload["blocks"][2]
    assert section["text"]["text"].startswith("*Aspect 1*\n")
    assert_trimmed_at_a_word(section["text"]["text"], "*Aspect 1*\n" + big, 3000)

    comparison_payload = render_comparison(compare(kb, "aa", "bb")).payload()
    assert_within_slack_limits(comparison_payload)
    fields = [b["fields"] for b in comparison_payload["blocks"] if b.get("fields") and b.get("text")]
    assert_trimmed_at_a_word(fields[0][0]["text"], big, 2000)


def test_a_very_long_role_name_fits_the_header() -> None:
    aspects = make_aspects(1)
    long_name = long_text(400)
    kb = make_kb([make_role("aa", aspects, name=long_name), make_role("bb", aspects)], aspects)
    for message in (render_comparison(compare(kb, "aa", "bb")), render_profile(profile(kb, "aa"))):
        payload = message.payload()
        assert_within_slack_limits(payload)
        assert payload["blocks"][0]["text"]["text"].endswith(ELLIPSIS)


# --- sources ----------------------------------------------------------------------------


def test_own_guidance_is_marked_and_explained() -> None:
    aspects = make_aspects(2)
    kb = make_kb(
        [make_role("aa", aspects, text=aspect_text("Ours.", source="none")), make_role("bb", aspects)],
        aspects,
    )
    payload = render_profile(profile(kb, "aa")).payload()
    texts = list(mrkdwn_texts(payload))
    assert any(t.endswith(f"Ours. {OWN_GUIDANCE}") for t in texts)
    assert any("our own guidance" in t for t in texts)
    assert not any("*Sources:*" in t for t in texts)


def test_sources_are_listed_once_each(kb: KnowledgeBase) -> None:
    payload = render_comparison(compare(kb, "program-manager", "product-manager")).payload()
    (sources,) = [t for t in mrkdwn_texts(payload) if t.startswith("*Sources:*")]
    titles = sources.removeprefix("*Sources:* ").split(" · ")
    assert len(titles) == len(set(titles)) >= 1
    assert set(titles) <= {escape(s.title) for s in kb.sources.values()}


def test_a_feedback_value_that_is_not_ours_is_refused_not_raised() -> None:
    from bot.rendering.feedback import feedback_value, read_feedback_value

    assert read_feedback_value(feedback_value("faq:x", "why?")) == ("faq:x", "why?")
    for hostile in ("[" * 5000 + "]" * 5000, "[" * 1900, "x" * 3000, "{}", '{"t": 3}', "", "null"):
        assert read_feedback_value(hostile) is None
