"""What the gap log keeps of a question: no people, channels, links or e-mail addresses."""

from __future__ import annotations

import pytest

from bot.core.redact import redact, without_bot_mention


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("<@U0ABC123> what is a tpm", "[someone] what is a tpm"),
        ("ask <@U0ABC123|sam> about <#C0CHAN|general>", "ask [someone] about [a channel]"),
        ("<!here> who owns the roadmap", "[a group] who owns the roadmap"),
        ("<!subteam^S0123|pm-team> career path?", "[a group] career path?"),
        ("see <https://wiki.example.com/tpm|our wiki> first", "see [a link] first"),
        ("see https://wiki.example.com/x?y=1 and www.example.org", "see [a link] and [a link]"),
        ("mail jane.doe+pm@example.co.uk please", "mail [an e-mail address] please"),
        ("<mailto:jo@example.com|jo@example.com> hi", "[a link] hi"),
        ("is @sam a tpm", "is [someone] a tpm"),
        ("plain question about pmp", "plain question about pmp"),
    ],
)
def test_redaction(typed: str, kept: str) -> None:
    assert redact(typed) == kept


def test_nothing_of_the_original_identifiers_is_left() -> None:
    typed = "<@U0SECRET1> <#C0SECRET2|secret-project> https://secret.example.com boss@secret.example.com"
    kept = redact(typed)
    assert "SECRET" not in kept.upper() and "@" not in kept


def test_the_bots_own_mention_is_dropped_from_the_front() -> None:
    assert without_bot_mention(redact("<@U0BOT> what about tools?")) == "what about tools?"


def test_control_characters_go_so_a_terminal_shows_the_text_as_text() -> None:
    assert redact("what is\x1b[2J a tpm\x07\x9b?") == "what is [2J a tpm ?"
