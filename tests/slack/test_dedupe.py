"""Re-sent events: the in-memory and database de-duplicators."""

from __future__ import annotations

from sqlalchemy.exc import OperationalError

from bot.slack.dedupe import DatabaseEventDeduper, MemoryEventDeduper


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


class BrokenEvents:
    def __init__(self) -> None:
        self.calls: list[str] = []

    def first_time(self, event_id: str) -> bool:
        self.calls.append(event_id)
        raise OperationalError("INSERT", {}, Exception("the database is down"))

    def release(self, event_id: str) -> None:
        raise OperationalError("DELETE", {}, Exception("the database is down"))


def test_deduper_claims_once_until_expiry() -> None:
    clock = Clock()
    dedupe = MemoryEventDeduper(ttl=60, clock=clock)
    assert dedupe.claim("Ev1") and not dedupe.claim("Ev1") and dedupe.claim("Ev2")
    clock.now = 61
    assert dedupe.claim("Ev1"), "after the retry window the id is forgotten"
    dedupe.release("Ev1")
    assert dedupe.claim("Ev1"), "a released claim lets Slack's retry through"


def test_deduper_is_bounded() -> None:
    dedupe = MemoryEventDeduper(ttl=60, max_entries=3, clock=Clock())
    for n in range(10):
        assert dedupe.claim(f"Ev{n}")
    assert len(dedupe) == 3 and not dedupe.claim("Ev9")


def test_database_deduper_answers_when_the_database_is_down_but_once_per_process() -> None:
    events = BrokenEvents()
    dedupe = DatabaseEventDeduper(events, serialize=True)
    assert dedupe.claim("Ev1") and events.calls == [], "no query before the ack"
    assert dedupe.confirm("Ev1"), "a question is answered rather than dropped"
    assert not dedupe.claim("Ev1") and events.calls == ["Ev1"], "a retry to the same process costs no query"
    dedupe.release("Ev1")  # logged, not raised
    assert dedupe.claim("Ev1")
