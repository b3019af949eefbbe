"""The practice clock: each subscribed channel gets one prompt per local day, at its local time.

`tick(now, store, sender, kb)` is one pass; `run_forever` calls it at the start of every
minute until SIGTERM. `rolebot clock --once` is one tick, for cron-style schedulers.

How the promises are kept:

* **Once per local day, also with several clocks or a restart.** A prompt is sent only
  after its (subscription, local date) row was inserted into `deliveries`; the unique
  constraint lets exactly one clock insert it. The claim is committed *before* the message
  goes to Slack, and a claim is never sent twice: if a clock dies between claiming and
  recording the result, nobody knows whether Slack got the message, so after a grace period
  (`CLAIM_GRACE`) the claim is marked 'unknown' and logged — "missed a day rather than risk a
  duplicate". Claims that were never attempted (SIGTERM, a rate limit that did not clear)
  are given back and sent at the next tick.
* **Catch-up the same day.** A subscription stays due until its prompt for *today* (in its
  zone) is claimed, so a clock that was down at 09:00 sends at its next tick that day; the
  day after, only that day's prompt is due (bot.core.practice.schedule.due_local_date).
* **Local time and weekdays** are computed in the channel's zone with zoneinfo.
* **Rotation:** no repeat until the channel had every prompt (bot.core.practice.rotation).
* **Rate limits** are waited out (`sleep` is injectable); **a channel gone** (bot removed,
  archived, deleted) pauses its subscription with a log line instead of failing every day.
"""

from __future__ import annotations

import logging
import signal
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any, Protocol

from bot.core.knowledge import KnowledgeBase
from bot.core.practice.rotation import next_prompt
from bot.core.practice.schedule import due_local_date, next_run
from bot.scheduler.sender import ChannelGone, RateLimited, Sender, SendFailed, TeamSenders, TokenInvalid
from bot.storage.clock_store import Claim, DueSubscription, Outcomes
from bot.storage.store import Store
from bot.storage.workspaces import TOKEN_REVOKED

log = logging.getLogger("bot.scheduler.clock")

CLAIM_GRACE = timedelta(minutes=15)
"""How long a claim may stay unfinished before it is taken for a crash and marked 'unknown'."""
BATCH_SIZE = 100
"""Subscriptions claimed, sent and recorded together: a crash loses at most this many days."""
MAX_RATE_LIMIT_WAITS = 5
"""Waits per message; after that the claim is given back to the next tick."""
MAX_RATE_LIMIT_WAIT_S = 120.0
"""A Retry-After longer than this is not waited: the claim is given back to a later tick. A batch
also stops waiting after a third of CLAIM_GRACE, so none of its claims looks abandoned to another clock."""
MISSED_A_DAY = "missed a day rather than risk a duplicate"


@dataclass
class TickReport:
    now: datetime
    looked_at: int = 0
    """Subscriptions whose next_due_at had come."""
    due: int = 0
    """Of those, with a prompt due now."""
    claimed: int = 0
    """Due prompts this clock claimed."""
    taken: int = 0
    """Due prompts another clock had already claimed."""
    sent: int = 0
    paused: int = 0
    failed: int = 0
    unknown: int = 0
    released: int = 0
    """Claims given back unsent, for the next tick."""
    expired: int = 0
    """Claims a stopped clock left behind, marked 'unknown'."""
    rate_limit_waits: int = 0
    workspaces_paused: int = 0
    """Workspaces whose token was revoked or invalid: all their subscriptions paused."""
    purged: int = 0
    """Uninstalled workspaces whose data was deleted this tick (their time was up)."""
    seconds: float = 0.0

    def fields(self) -> dict[str, Any]:
        found = asdict(self)
        found["now"] = self.now.isoformat()
        found["seconds"] = round(self.seconds, 3)
        return found

    @property
    def busy(self) -> bool:
        return any((self.looked_at, self.expired, self.purged))

    @property
    def all_failed(self) -> bool:
        """Prompts were due and none went out: what `rolebot clock --once` exits non-zero for."""
        return self.claimed > 0 and self.sent == 0


def tick(
    now_utc: datetime,
    store: Store,
    sender: Sender | TeamSenders,
    kb: KnowledgeBase,
    *,
    sleep: Callable[[float], object] = time.sleep,
    stop: threading.Event | None = None,
    batch_size: int = BATCH_SIZE,
    grace: timedelta = CLAIM_GRACE,
    monotonic: Callable[[], float] = time.monotonic,
) -> TickReport:
    """Send every prompt due at `now_utc`. Set `stop` to finish early: unsent claims are given back.

    `sender` posts for one workspace (single-token mode), or is a `TeamSenders` giving each
    workspace's own. A workspace whose token fails is paused as a whole, with one log line."""
    if now_utc.tzinfo is None:
        raise ValueError("now_utc must be an aware datetime")
    now = now_utc.astimezone(UTC)
    report = TickReport(now=now)
    started = monotonic()
    for expired in store.clock.expire_claims(now, grace):
        report.expired += 1
        log.warning(
            f"a clock stopped while sending this prompt, so it is unknown whether Slack got it; {MISSED_A_DAY}",
            extra={
                "fields": {
                    "subscription": expired.subscription_id,
                    "channel": expired.channel_id,
                    "local_date": expired.local_date.isoformat(),
                    "prompt": expired.prompt_id,
                }
            },
        )
    store.events.prune(now)
    for team in store.workspaces.purge_due(now):
        report.purged += 1
        log.info("deleted the data of a workspace that uninstalled the app", extra={"fields": {"team": team}})
    candidates = store.clock.due(now)
    report.looked_at = len(candidates)
    run = _Run(now, store, sender, kb, report, sleep, stop, started, monotonic, grace.total_seconds() / 3)
    for start in range(0, len(candidates), max(1, batch_size)):
        if run.stopping():
            break
        run.batch(candidates[start : start + batch_size])
    report.seconds = monotonic() - started
    if report.busy:
        log.info("tick", extra={"fields": report.fields()})
    return report


@dataclass(frozen=True)
class Planned:
    """A prompt a tick would send: where, for which local day, and which question."""

    team_id: str
    channel_id: str
    local_date: date
    prompt_id: str


def preview(now_utc: datetime, store: Store, kb: KnowledgeBase) -> list[Planned]:
    """What a tick at `now_utc` would send, without claiming or sending anything (nothing is used up)."""
    now = now_utc.astimezone(UTC)
    planned: list[tuple[DueSubscription, date]] = []
    for sub in store.clock.due(now):
        try:
            day = due_local_date(sub.schedule(), now, sub.last_local_date)
        except ValueError:
            continue  # an unknown zone: the real tick pauses it
        if day is not None and kb.practice:
            planned.append((sub, day))
    history = store.clock.history(sub.id for sub, _ in planned)
    found = []
    for sub, day in planned:
        pick = next_prompt(sub.channel_key, kb.practice, history.get(sub.id, ()))
        if pick is not None:
            found.append(Planned(sub.team_id, sub.channel_id, day, pick.prompt_id))
    return found


@dataclass
class _Run:
    now: datetime
    store: Store
    sender: Sender | TeamSenders
    kb: KnowledgeBase
    report: TickReport
    sleep: Callable[[float], object]
    stop: threading.Event | None
    started: float
    monotonic: Callable[[], float]
    wait_budget: float
    """Seconds a batch may spend waiting out rate limits: well inside the claims' grace period."""
    warned_empty: bool = False
    waited: float = 0.0
    bad_teams: set[str] = field(default_factory=set)
    """Workspaces whose token failed in this tick: their other prompts are not tried."""

    def sender_for(self, team_id: str) -> Sender:
        for_team = getattr(self.sender, "for_team", None)
        return for_team(team_id) if for_team is not None else self.sender  # type: ignore[return-value]

    def stopping(self) -> bool:
        return self.stop is not None and self.stop.is_set()

    def batch(self, batch: Sequence[DueSubscription]) -> None:
        self.waited = 0.0
        advance: dict[int, datetime | None] = {}
        due = []
        outcomes = Outcomes.empty()
        for sub in batch:
            try:
                schedule = sub.schedule()
            except ValueError:
                reason = f"unknown time zone {sub.timezone}"
                outcomes.paused.append((sub.id, reason))
                self.report.paused += 1
                log.warning("paused a subscription: " + reason, extra={"fields": _about(sub)})
                continue
            day = due_local_date(schedule, self.now, sub.last_local_date)
            if day is not None and not self.kb.practice:
                if not self.warned_empty:
                    log.error("no practice prompts in the knowledge base: nothing to send")
                    self.warned_empty = True
                continue  # stays due: sent once prompts exist again
            if day is not None:
                due.append((sub, day))
            advance[sub.id] = next_run(schedule, self.now)
        history = self.store.clock.history(sub.id for sub, _ in due)
        claims = []
        for sub, day in due:
            pick = next_prompt(sub.channel_key, self.kb.practice, history.get(sub.id, ()))
            assert pick is not None
            claims.append(Claim(sub, day, pick.prompt_id, pick.cycle))
        won = self.store.clock.claim(self.now, claims, advance)
        self.report.due += len(claims)
        self.report.claimed += len(won)
        self.report.taken += len(claims) - len(won)
        mine = [c for c in claims if c.subscription.id in won]
        attempted: set[int] = set()
        try:
            for claim in mine:
                if self.stopping():
                    break
                attempted.add(claim.subscription.id)
                self.send(claim, won[claim.subscription.id], outcomes)
        finally:
            for claim in mine:
                if claim.subscription.id not in attempted:
                    outcomes.released.append((won[claim.subscription.id], claim.subscription.id))
                    self.report.released += 1
            self.store.clock.finish(self.now, outcomes)
            for team in sorted(self.bad_teams):
                self.store.workspaces.pause_all(team, TOKEN_REVOKED, self.now)

    def send(self, claim: Claim, delivery_id: int, outcomes: Outcomes) -> None:
        sub = claim.subscription
        fields = {**_about(sub), "local_date": claim.local_date.isoformat(), "prompt": claim.prompt_id}
        prompt = self.kb.practice[claim.prompt_id]
        waits = 0
        while True:
            try:
                if sub.team_id in self.bad_teams:
                    raise TokenInvalid("already failed in this tick")
                ts = self.sender_for(sub.team_id).send_prompt(sub.channel_id, prompt)
            except RateLimited as limited:
                wait = max(limited.retry_after, 0.0)
                if (
                    waits >= MAX_RATE_LIMIT_WAITS
                    or wait > MAX_RATE_LIMIT_WAIT_S
                    or self.waited + wait > self.wait_budget
                    or self.stopping()
                ):
                    outcomes.released.append((delivery_id, sub.id))
                    self.report.released += 1
                    log.warning("still rate limited; the next tick tries again", extra={"fields": fields})
                    return
                waits += 1
                self.report.rate_limit_waits += 1
                log.info("rate limited; waiting", extra={"fields": {**fields, "retry_after": wait}})
                self.sleep(wait)
                self.waited += wait
                if self.stopping():  # a stop signal cut the wait short: give it back unsent
                    outcomes.released.append((delivery_id, sub.id))
                    self.report.released += 1
                    return
                continue
            except TokenInvalid as invalid:
                outcomes.released.append((delivery_id, sub.id))  # nothing posted: sent once reinstalled
                outcomes.paused.append((sub.id, TOKEN_REVOKED))
                self.report.paused += 1
                if sub.team_id not in self.bad_teams:
                    self.bad_teams.add(sub.team_id)
                    self.report.workspaces_paused += 1
                    log.warning(
                        "paused every subscription of a workspace: its bot token was revoked or is invalid; "
                        "they resume when the app is installed there again",
                        extra={"fields": {"team": sub.team_id, "reason": invalid.reason}},
                    )
                return
            except ChannelGone as gone:
                outcomes.failed.append((delivery_id, gone.reason))
                outcomes.paused.append((sub.id, f"the bot cannot post in the channel ({gone.reason})"))
                self.report.paused += 1
                log.warning(
                    "paused a subscription: the bot cannot post in the channel any more; it resumes when "
                    "someone runs /role-practice subscribe there again",
                    extra={"fields": {**fields, "reason": gone.reason}},
                )
                return
            except SendFailed as failed:
                if failed.maybe_delivered:
                    outcomes.unknown.append((delivery_id, failed.reason))
                    self.report.unknown += 1
                    log.error(
                        f"sending failed and Slack may have got the prompt; {MISSED_A_DAY}",
                        extra={"fields": {**fields, "reason": failed.reason}},
                    )
                else:
                    outcomes.failed.append((delivery_id, failed.reason))
                    self.report.failed += 1
                    log.error(
                        "Slack refused the prompt; none is sent to this channel today",
                        extra={"fields": {**fields, "reason": failed.reason}},
                    )
                return
            except Exception as error:  # a bug in a sender: treat as maybe delivered, go on with the rest
                outcomes.unknown.append((delivery_id, f"{type(error).__name__}: {error}"))
                self.report.unknown += 1
                log.exception(f"sending failed unexpectedly; {MISSED_A_DAY}", extra={"fields": fields})
                return
            sent_at = self.now + timedelta(seconds=self.monotonic() - self.started)
            outcomes.sent.append((delivery_id, ts, sent_at))
            self.report.sent += 1
            log.info("sent a practice prompt", extra={"fields": {**fields, "ts": ts}})
            return


def _about(sub: DueSubscription) -> dict[str, Any]:
    return {"subscription": sub.id, "team": sub.team_id, "channel": sub.channel_id}


# --- the loop -----------------------------------------------------------------------------------


class Clock(Protocol):
    def now(self) -> datetime: ...

    def sleep(self, seconds: float) -> None: ...


class SystemClock:
    """The wall clock; `sleep` returns early when `stop` is set."""

    def __init__(self, stop: threading.Event) -> None:
        self.stop = stop

    def now(self) -> datetime:
        return datetime.now(UTC)

    def sleep(self, seconds: float) -> None:
        self.stop.wait(max(0.0, seconds))


START_OF_MINUTE_MARGIN_S = 0.2
"""Wake this long after the minute starts, so a slightly early wake-up still sees the new minute."""


def seconds_to_next_minute(now: datetime) -> float:
    boundary = now.replace(second=0, microsecond=0) + timedelta(minutes=1)
    return (boundary - now).total_seconds() + START_OF_MINUTE_MARGIN_S


@contextmanager
def _stop_on_signals(stop: threading.Event) -> Iterator[None]:
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def handler(signum: int, _frame: object) -> None:
        log.info("stopping after the message being sent", extra={"fields": {"signal": signum}})
        stop.set()

    previous = {sig: signal.signal(sig, handler) for sig in (signal.SIGTERM, signal.SIGINT)}
    try:
        yield
    finally:
        for sig, old in previous.items():
            signal.signal(sig, old)


HOUSEKEEPING_EVERY = timedelta(hours=1)


def housekeeping(now_utc: datetime, store: Store) -> int:
    """Delete the gap log, the votes and the question counts past ROLEBOT_GAP_RETENTION_DAYS,
    expired conversation contexts and expired install-link states. Hourly is plenty (the retention is in days), so it is kept out
    of the minute's tick; returns how many rows went."""
    gone = store.gaps.prune(now_utc.astimezone(UTC)) + store.workspaces.prune_install_states(now_utc)
    if gone:
        log.info("housekeeping", extra={"fields": {"deleted": gone}})
    return gone


def run_forever(
    store: Store,
    sender: Sender,
    kb: KnowledgeBase,
    *,
    clock: Clock | None = None,
    stop: threading.Event | None = None,
    handle_signals: bool = True,
    max_ticks: int | None = None,
) -> None:
    """Tick at the start of every minute until SIGTERM/SIGINT (or `stop`, or `max_ticks`).

    A signal lets the message being sent finish, gives the rest of the batch back (the next
    clock sends them), and returns. A failing tick (the database is down) is logged and
    retried the next minute."""
    stop = stop or threading.Event()
    clock = clock or SystemClock(stop)
    ticks = 0
    kept_at: datetime | None = None
    with _stop_on_signals(stop) if handle_signals else _nothing():
        log.info("clock started")
        while not stop.is_set():
            try:
                now = clock.now()
                if kept_at is None or now - kept_at >= HOUSEKEEPING_EVERY:
                    housekeeping(now, store)
                    kept_at = now
                tick(now, store, sender, kb, sleep=clock.sleep, stop=stop)
            except Exception:
                log.exception("the tick failed; trying again next minute")
            ticks += 1
            if max_ticks is not None and ticks >= max_ticks:
                break
            if not stop.is_set():
                clock.sleep(seconds_to_next_minute(clock.now()))
        log.info("clock stopped")


@contextmanager
def _nothing() -> Iterator[None]:
    yield
