"""The gap log's storage: what is kept, retention deletion by the clock, purge, and contexts that expire;
against SQLite and (with TEST_DATABASE_URL) PostgreSQL."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.core.knowledge import KnowledgeBase
from bot.scheduler.clock import run_forever
from bot.storage.gaps import SavedContext, asker_key
from bot.storage.store import Store
from tests.db_helpers import FakeClock, FakeSender, utc

NOW = utc(2026, 6, 1, 12)


def log(store: Store, question: str, days_ago: float, team: str = "T1", user: str = "U1") -> int:
    return store.gaps.record(
        team_id=team, user_id=user, question=question, outcome="not_sure", confidence=0.3,
        suggested=["faq:a", "faq:b"], channel_id="C1", reply_ts=f"{1700000000 + days_ago:.6f}",
        now=NOW - timedelta(days=days_ago),
    )  # fmt: skip


def test_nobody_is_named_only_counted(store: Store) -> None:
    log(store, "q one", 1, user="U0ALICE")
    log(store, "q two", 1, user="U0ALICE")
    log(store, "q three", 1, user="U0BOB")
    found = store.gaps.entries()
    assert len({g.asker for g in found}) == 2
    assert all("U0ALICE" not in g.asker and "U0BOB" not in g.asker for g in found)
    assert asker_key("T1", "U0ALICE") != asker_key("T2", "U0ALICE"), (
        "keys differ from one workspace to another"
    )


def test_the_clock_deletes_what_is_older_than_the_retention(migrated_url: str, kb: KnowledgeBase) -> None:
    store = Store.open(migrated_url, gap_retention_days=30)
    try:
        log(store, "old", 31)
        kept = log(store, "recent", 29)
        store.gaps.vote(
            team_id="T1", user_id="U1", target="faq:a", helpful=True, now=NOW - timedelta(days=40)
        )
        store.gaps.vote(
            team_id="T1", user_id="U1", target="faq:b", helpful=False, now=NOW - timedelta(days=2)
        )
        store.contexts.save(
            "T1", "C1", "1.1", SavedContext("faq:a", (), None, ()), NOW - timedelta(minutes=1)
        )
        store.contexts.save(
            "T1", "C1", "2.2", SavedContext("faq:b", (), None, ()), NOW + timedelta(minutes=5)
        )
        store.gaps.tally("T1", True, now=NOW - timedelta(days=40))
        store.gaps.tally("T1", False, now=NOW - timedelta(days=1))
        store.gaps.tally("T1", True, now=NOW - timedelta(days=1))
        assert store.gaps.tallied("T1", NOW - timedelta(days=50)) == (3, 2)
        run_forever(store, FakeSender(), kb, clock=FakeClock(NOW), handle_signals=False, max_ticks=1)
        assert [g.id for g in store.gaps.entries()] == [kept]
        assert store.gaps.tallied("T1", NOW - timedelta(days=50)) == (2, 1)
        assert set(store.gaps.votes()) == {"faq:b"}
        assert store.contexts.get("T1", "C1", "1.1", NOW) is None
        assert store.contexts.get("T1", "C1", "2.2", NOW) is not None
    finally:
        store.close()


def test_purge_deletes_at_once_one_team_or_all(store: Store) -> None:
    log(store, "a", 1, team="T1")
    log(store, "b", 1, team="T2")
    store.gaps.vote(team_id="T2", user_id="U1", target="faq:a", helpful=True)
    assert store.gaps.purge("T1") == 1
    assert [g.team_id for g in store.gaps.entries()] == ["T2"]
    assert store.gaps.purge() == 2
    assert store.gaps.entries() == [] and store.gaps.votes() == {}


def test_an_expired_context_is_not_read_and_a_newer_one_replaces_it(store: Store) -> None:
    store.contexts.save(
        "T1", "D1", "", SavedContext("faq:a", ("tpm",), "tools", ()), NOW + timedelta(minutes=30)
    )
    assert store.contexts.get("T1", "D1", "", NOW) == SavedContext("faq:a", ("tpm",), "tools", ())
    assert store.contexts.get("T1", "D1", "", NOW + timedelta(minutes=31)) is None
    assert store.contexts.get("T2", "D1", "", NOW) is None, "another workspace's conversation is its own"
    store.contexts.save(
        "T1", "D1", "", SavedContext("compare:a|b", ("a", "b"), None, ()), NOW + timedelta(hours=1)
    )
    assert store.contexts.get("T1", "D1", "", NOW + timedelta(minutes=31)) == SavedContext(
        "compare:a|b", ("a", "b"), None, ()
    )


def test_a_comment_only_goes_on_the_persons_own_unhelpful_entry(store: Store) -> None:
    asked = log(store, "a", 1)
    down = store.gaps.record(team_id="T1", user_id="U1", question="q", outcome="unhelpful", confidence=1.0)
    assert not store.gaps.comment("T1", asked, "no", "U1")
    assert not store.gaps.comment("T2", down, "no", "U1")
    assert not store.gaps.comment("T1", down, "no", "U2"), "only on the person's own entry"
    assert store.gaps.comment("T1", down, "the pay bands", "U1")
    assert {g.id: g.comment for g in store.gaps.entries()} == {asked: None, down: "the pay bands"}


def test_a_second_thumbs_down_on_one_answer_finds_the_first_entry(store: Store) -> None:
    down = store.gaps.record(team_id="T1", user_id="U1", question="q", outcome="unhelpful", confidence=1.0,
                             target="faq:x", reply_ts="1.1")  # fmt: skip
    assert store.gaps.unhelpful_id("T1", "U1", "faq:x", "1.1") == down
    assert store.gaps.unhelpful_id("T1", "U2", "faq:x", "1.1") is None, "another person's is their own"
    assert store.gaps.unhelpful_id("T2", "U1", "faq:x", "1.1") is None
    assert store.gaps.unhelpful_id("T1", "U1", "faq:x", "2.2") is None


def test_housekeeping_runs_hourly_in_the_clock_loop_not_every_minute(
    store: Store, kb: KnowledgeBase, monkeypatch: pytest.MonkeyPatch
) -> None:
    runs: list[object] = []
    monkeypatch.setattr(store.gaps, "prune", lambda now=None: runs.append(now) or 0)
    run_forever(store, FakeSender(), kb, clock=FakeClock(NOW), handle_signals=False, max_ticks=62)
    assert len(runs) == 2, "at start, then an hour later"
