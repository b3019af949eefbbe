"""Reading answers in tests: the target key an answer answers with, as the text a button carries."""

from __future__ import annotations

from bot.core.answers import Answer, AnswerEngine, answered
from bot.core.matching.index import SearchIndex
from bot.core.matching.scorer import IndexScorer


def target_text(answer: Answer) -> str:
    """ "faq:what-is-a-tpm" for an answer from that entry; "" for a decline, help, a question back."""
    found = answered(answer)
    return "" if found is None else str(found)


def index_of(engine: AnswerEngine) -> SearchIndex:
    """The search index behind an engine built with the default scorer."""
    assert isinstance(engine.scorer, IndexScorer)
    return engine.scorer.index
