"""When a channel gets its practice prompt: a local time, an IANA time zone and the days of the week.

Pure functions over `zoneinfo`; no database, no Slack.

* `parse_subscribe` reads what people type after `/role-practice subscribe`
  (`9am Europe/London mon,wed,fri`, in any order, every part optional) and answers a
  `Schedule` or a `ParseError` that says what is wrong, the right form, and suggestions.
* `due_local_date` says whether a prompt is due now, and for which local date: the
  scheduled time has been reached *today* in the channel's zone, today is one of its days,
  and nothing was sent for today yet. A clock that was down at 09:00 therefore still sends
  at 14:00 the same day, but never sends yesterday's prompt today.
* `next_run` is the next scheduled instant, for `status`.

Daylight saving: the time is local wall-clock time, so 09:00 stays 09:00 on both sides of a
change. Two edge cases only matter for times between about 00:30 and 03:00:
  - a time that does not exist that day (02:30 on a spring-forward day in New York) is due at
    the first instant the clock shows a later time, the moment the clocks jump (03:00);
  - a time that happens twice (01:30 on a fall-back day) is due at its first occurrence, and
    only once, since one prompt per local date is ever sent.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from functools import cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from rapidfuzz import fuzz, process

from bot.core.text import word_table

DEFAULT_TIME = time(9, 0)
DEFAULT_ZONE = "UTC"
USAGE = "/role-practice subscribe [time] [time zone] [weekdays|daily|mon,wed,fri]"
EXAMPLE = "/role-practice subscribe 9am Europe/London weekdays"

DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
WEEKDAYS = frozenset(range(5))
EVERY_DAY = frozenset(range(7))


class Days(StrEnum):
    WEEKDAYS = "weekdays"
    DAILY = "daily"
    CUSTOM = "custom"


@dataclass(frozen=True)
class Schedule:
    """A local time of day in an IANA zone, on some days of the week (0 = Monday … 6 = Sunday)."""

    at: time = DEFAULT_TIME
    zone: str = DEFAULT_ZONE
    days: frozenset[int] = WEEKDAYS

    def __post_init__(self) -> None:
        if self.at.tzinfo is not None:
            raise ValueError("the time of day must be local (no tzinfo)")
        object.__setattr__(self, "at", self.at.replace(second=0, microsecond=0))
        object.__setattr__(self, "days", frozenset(self.days))
        if not self.days or not self.days <= EVERY_DAY:
            raise ValueError(f"days must be a non-empty set of 0..6, not {sorted(self.days)}")
        _zone(self.zone)  # raises ValueError for an unknown zone

    @property
    def tz(self) -> ZoneInfo:
        return _zone(self.zone)

    @property
    def kind(self) -> Days:
        if self.days == WEEKDAYS:
            return Days.WEEKDAYS
        return Days.DAILY if self.days == EVERY_DAY else Days.CUSTOM

    @property
    def days_mask(self) -> int:
        """The days as a bit mask, Monday = 1 … Sunday = 64 (how the database keeps them)."""
        return sum(1 << d for d in self.days)

    @staticmethod
    def days_from_mask(mask: int) -> frozenset[int]:
        return frozenset(d for d in range(7) if mask & (1 << d))

    def days_text(self) -> str:
        """ "weekdays", "daily", or the days in order: "Mon, Wed, Fri"."""
        if self.kind is not Days.CUSTOM:
            return self.kind.value
        return ", ".join(DAY_NAMES[d][:3] for d in sorted(self.days))

    def describe(self) -> str:
        """ "09:00 Europe/London, weekdays" — the form `parse_subscribe` reads back."""
        return f"{self.at:%H:%M} {self.zone}, {self.days_text()}"

    def runs_on(self, local_date: date) -> bool:
        return local_date.weekday() in self.days

    def occurrence(self, local_date: date) -> datetime:
        """The UTC instant of this schedule's time on that local date (whether or not it runs that day)."""
        return local_instant(local_date, self.at, self.tz)


def local_instant(day: date, at: time, tz: ZoneInfo) -> datetime:
    """The UTC instant the wall clock in `tz` shows `at` on `day`, first occurrence if twice;
    for a time skipped by a spring-forward change, the instant the clocks jump past it."""
    wall = datetime.combine(day, at)
    first = wall.replace(tzinfo=tz, fold=0)
    if first.astimezone(UTC).astimezone(tz).replace(tzinfo=None) == wall:
        return first.astimezone(UTC)
    # Skipped: fold=1 reads it with the offset after the change (an instant before the gap),
    # fold=0 with the offset before it (an instant after). The jump lies between them; find the
    # first instant whose wall time is at or past `at`.
    low = wall.replace(tzinfo=tz, fold=1).astimezone(UTC)
    high = first.astimezone(UTC)
    if low > high:
        low, high = high, low
    while high - low > timedelta(seconds=1):
        middle = low + (high - low) / 2
        if middle.astimezone(tz).replace(tzinfo=None) >= wall:
            high = middle
        else:
            low = middle
    return high.replace(microsecond=0)


def due_local_date(schedule: Schedule, now_utc: datetime, last_sent_local_date: date | None) -> date | None:
    """The local date whose prompt is due at `now_utc`, or None.

    Due means: in the schedule's zone, today is one of its days, its time has been reached
    today, and nothing was sent (or claimed) for today yet. Only *today* is ever due, so a
    clock that was down all of yesterday sends today's prompt today, not yesterday's.
    """
    now_utc = _aware(now_utc)
    today = now_utc.astimezone(schedule.tz).date()
    if not schedule.runs_on(today):
        return None
    if last_sent_local_date is not None and last_sent_local_date >= today:
        return None
    if now_utc < schedule.occurrence(today):
        return None
    return today


def next_run(schedule: Schedule, after_utc: datetime) -> datetime:
    """The first scheduled instant strictly after `after_utc`, in UTC (show it in `schedule.tz`)."""
    after_utc = _aware(after_utc)
    start = after_utc.astimezone(schedule.tz).date() - timedelta(days=1)
    for offset in range(16):  # a week, plus room for a zone that skipped a whole day
        day = start + timedelta(days=offset)
        if schedule.runs_on(day):
            instant = schedule.occurrence(day)
            if instant > after_utc:
                return instant
    raise AssertionError(f"no run found after {after_utc} for {schedule}")  # pragma: no cover


def _aware(moment: datetime) -> datetime:
    if moment.tzinfo is None:
        raise ValueError("pass an aware datetime (UTC)")
    return moment.astimezone(UTC)


# --- time zones ---------------------------------------------------------------------------


@cache
def _zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        raise ValueError(f"unknown time zone {name!r}") from None


_NOT_ZONES = frozenset({"localtime", "posixrules", "Factory", "posix", "right"})

_ZONES = word_table(
    """
    utc=UTC z=UTC zulu=UTC gmt=GMT pst=America/Los_Angeles pdt=America/Los_Angeles
    pt=America/Los_Angeles mdt=America/Denver mt=America/Denver mst=America/Denver,America/Phoenix
    cdt=America/Chicago ct=America/Chicago cst=America/Chicago,Asia/Shanghai,America/Havana
    est=America/New_York edt=America/New_York et=America/New_York akst=America/Anchorage
    akdt=America/Anchorage hst=Pacific/Honolulu ast=America/Halifax,Asia/Riyadh adt=America/Halifax
    nst=America/St_Johns ndt=America/St_Johns bst=Europe/London,Asia/Dhaka
    ist=Asia/Kolkata,Europe/Dublin,Asia/Jerusalem wet=Europe/Lisbon west=Europe/Lisbon cet=Europe/Berlin
    cest=Europe/Berlin eet=Europe/Athens eest=Europe/Athens msk=Europe/Moscow sast=Africa/Johannesburg
    wat=Africa/Lagos eat=Africa/Nairobi gst=Asia/Dubai,Atlantic/South_Georgia pkt=Asia/Karachi
    npt=Asia/Kathmandu wib=Asia/Jakarta ict=Asia/Bangkok sgt=Asia/Singapore hkt=Asia/Hong_Kong
    pht=Asia/Manila jst=Asia/Tokyo kst=Asia/Seoul awst=Australia/Perth acst=Australia/Adelaide
    acdt=Australia/Adelaide aest=Australia/Sydney,Australia/Brisbane aedt=Australia/Sydney
    nzst=Pacific/Auckland nzdt=Pacific/Auckland brt=America/Sao_Paulo art=America/Argentina/Buenos_Aires
    """
)
"""Time zone abbreviations and the zones they name; several zones, comma-separated, when it is ambiguous."""
ABBREVIATIONS: dict[str, str | tuple[str, ...]] = {
    abbreviation: tuple(zones.split(",")) if "," in zones else zones for abbreviation, zones in _ZONES.items()
}


@cache
def _zone_names() -> dict[str, str]:
    """Lower-cased IANA name → its spelling, for case-insensitive lookups and suggestions."""
    return {n.lower(): n for n in sorted(available_timezones()) if n not in _NOT_ZONES}


@cache
def _cities() -> dict[str, str]:
    """ "london" → "Europe/London", for city names that belong to exactly one canonical zone."""
    found: dict[str, list[str]] = {}
    for name in _zone_names().values():
        if "/" in name and not name.startswith(("Etc/", "SystemV/", "US/")):
            found.setdefault(name.rsplit("/", 1)[1].lower(), []).append(name)
    return {city: names[0] for city, names in found.items() if len(names) == 1}


@dataclass(frozen=True)
class ZoneLookup:
    zone: str | None
    suggestions: tuple[str, ...] = ()


def find_zone(text: str) -> ZoneLookup:
    """An IANA zone for what a person typed (any case; an unambiguous abbreviation or city), or
    suggestions. "Europ/London" → suggests Europe/London; "CST" → several readings to pick from."""
    key = text.strip().lower().replace(" ", "_")
    if not key:
        return ZoneLookup(None)
    if key in ABBREVIATIONS:
        found = ABBREVIATIONS[key]
        return ZoneLookup(found) if isinstance(found, str) else ZoneLookup(None, found)
    names = _zone_names()
    if key in names:
        return ZoneLookup(names[key])
    if key in _cities():
        return ZoneLookup(_cities()[key])
    matches = process.extract(key, list(names), scorer=fuzz.ratio, limit=3, score_cutoff=75)
    city_matches = process.extract(key, list(_cities()), scorer=fuzz.ratio, limit=3, score_cutoff=80)
    ranked = sorted(
        [(score, names[m]) for m, score, _ in matches] + [(s, _cities()[m]) for m, s, _ in city_matches],
        key=lambda pair: (-pair[0], pair[1]),
    )
    suggestions: dict[str, None] = {}
    for _, name in ranked:
        suggestions.setdefault(name)
    return ZoneLookup(None, tuple(suggestions)[:3])


# --- parsing what people type ---------------------------------------------------------------


@dataclass(frozen=True)
class ParseError:
    """What is wrong with a subscribe request, in one sentence, with suggestions and the right form."""

    message: str
    suggestions: tuple[str, ...] = ()
    usage: str = USAGE
    example: str = EXAMPLE

    @property
    def text(self) -> str:
        parts = [self.message]
        if self.suggestions:
            parts.append("Did you mean " + " or ".join(f"`{s}`" for s in self.suggestions) + "?")
        parts.append(f"The form is `{self.usage}`, e.g. `{self.example}`.")
        return " ".join(parts)

    def __str__(self) -> str:
        return self.text


_TIME = re.compile(r"^(\d{1,2})(?:[:.h](\d{2}))?\s*(am|pm|a\.m\.|p\.m\.|a|p)?$")


def _day_keys() -> dict[str, int]:
    keys: dict[str, int] = {}
    for number, name in enumerate(DAY_NAMES):
        low = name.lower()
        keys.update({low: number, low + "s": number, low[:3]: number})
    return keys | {"tues": 1, "weds": 2, "thur": 3, "thurs": 3}


_DAY_KEYS = _day_keys()
_DAY_SETS: dict[str, frozenset[int]] = {
    word: days
    for days, listed in (
        (WEEKDAYS, "weekdays weekday workdays workday"),
        (EVERY_DAY, "daily everyday every_day all"),
        (frozenset({5, 6}), "weekends weekend"),
    )
    for word in listed.split()
}


def parse_time(text: str) -> time | ParseError:
    """9, 9am, 9:30pm, 09:00, 21:15, noon, midnight."""
    raw = text.strip().lower().replace(" ", "")
    if raw in ("noon", "midday"):
        return time(12, 0)
    if raw == "midnight":
        return time(0, 0)
    match = _TIME.match(raw)
    if not match:
        return ParseError(f"I can't read `{text}` as a time; write it like 09:00, 9am or 21:15.")
    hour, minute = int(match.group(1)), int(match.group(2) or 0)
    suffix = (match.group(3) or "").replace(".", "")[:1]
    if minute > 59:
        return ParseError(f"`{text}` is not a time: minutes go from 00 to 59; e.g. 9:30 or 9:30am.")
    if suffix:
        if not 1 <= hour <= 12:
            fix = f"{hour - 12}{suffix}m or {hour:02d}:{minute:02d}" if 12 < hour < 24 else "9am or 09:00"
            return ParseError(f"`{text}` is not a time: with am/pm, hours go from 1 to 12; e.g. {fix}.")
        hour = hour % 12 + (12 if suffix == "p" else 0)
    elif hour > 23:
        return ParseError(f"`{text}` is not a time: hours go from 0 to 23; e.g. 09:00 or 9am.")
    return time(hour, minute)


def _day_key(token: str) -> str:
    return token.strip().lower().rstrip(".")


def _days_of(token: str) -> frozenset[int] | None:
    """A day word or a range ("mon-fri"), or None when the token is not about days."""
    key = _day_key(token)
    if key in _DAY_SETS:
        return _DAY_SETS[key]
    if key in _DAY_KEYS:
        return frozenset({_DAY_KEYS[key]})
    if "-" in key:
        first, _, last = key.partition("-")
        if first in _DAY_KEYS and last in _DAY_KEYS:
            a, b = _DAY_KEYS[first], _DAY_KEYS[last]
            return frozenset((a + i) % 7 for i in range((b - a) % 7 + 1))
    return None


def _looks_like_time(token: str) -> bool:
    return bool(re.match(r"^\d", token)) or token.lower() in ("noon", "midday", "midnight")


def _day_suggestion(token: str) -> str | None:
    key = _day_key(token)
    if len(key) < 3 or "/" in key or any(ch.isdigit() for ch in key):
        return None
    words = [*(n.lower() for n in DAY_NAMES), "weekdays", "daily", "weekends"]
    best = process.extractOne(key, words, scorer=fuzz.ratio, score_cutoff=70)
    if best is None:
        return None
    word = best[0]
    return word.capitalize() if word in (n.lower() for n in DAY_NAMES) else word


def parse_subscribe(text: str, default_zone: str | None = None) -> Schedule | ParseError:
    """Read `[time] [time zone] [weekdays|daily|mon,wed,fri]`, parts in any order, each optional.

    Defaults: 09:00, `default_zone` (the subscriber's Slack time zone; UTC if it is missing
    or unknown), weekdays. A leading "subscribe" is ignored.
    """
    tokens = [t for t in re.split(r"[\s,;]+", text.strip()) if t]
    if tokens and tokens[0].lower() == "subscribe":
        tokens = tokens[1:]
    at: time | None = None
    zone: str | None = None
    days: set[int] = set()
    leftovers: list[str] = []
    i = 0
    while i < len(tokens):
        token = tokens[i]
        nxt = tokens[i + 1].lower() if i + 1 < len(tokens) else ""
        if _looks_like_time(token):
            if nxt in ("am", "pm", "a.m.", "p.m."):
                token, i = token + nxt, i + 1
            parsed = parse_time(token)
            if isinstance(parsed, ParseError):
                return parsed
            if at is not None:
                return ParseError(f"Give one time, not both {at:%H:%M} and `{token}`.")
            at = parsed
        elif (found := _days_of(token)) is not None:
            days |= found
        else:
            leftovers.append(token)
        i += 1
    if leftovers:
        result = _zone_from(leftovers)
        if isinstance(result, ParseError):
            return result
        zone = result
    if zone is None:
        zone = default_zone if default_zone and _valid_zone(default_zone) else DEFAULT_ZONE
    return Schedule(at=at or DEFAULT_TIME, zone=zone, days=frozenset(days) or WEEKDAYS)


def _valid_zone(name: str) -> bool:
    try:
        _zone(name)
    except ValueError:
        return False
    return True


def _zone_from(words: list[str]) -> str | ParseError:
    """The zone among the words left over; several words may be one city ("new york")."""
    joined = "_".join(words)
    whole = find_zone(joined)
    if whole.zone:
        return whole.zone
    if len(words) == 1:
        word = words[0]
        day = _day_suggestion(word)
        if day and not whole.suggestions:
            return ParseError(f"I don't know the day `{word}`.", (day,))
        if day:
            return ParseError(
                f"I don't know `{word}` as a day or a time zone.", (day, *whole.suggestions[:2])
            )
        if whole.suggestions:
            many = ABBREVIATIONS.get(word.lower())
            if isinstance(many, tuple):
                return ParseError(f"`{word}` can mean several time zones; name the place.", whole.suggestions)
            return ParseError(f"I don't know the time zone `{word}`.", whole.suggestions)
        return ParseError(
            f"I don't know the time zone `{word}`; use a place name like Europe/London or "
            "America/New_York, so daylight saving is followed."
        )
    for word in words:  # several unknown words: report the first one on its own
        if not find_zone(word).zone and _days_of(word) is None:
            return _zone_from([word])
    return ParseError(f"Give one time zone, not {' and '.join(f'`{w}`' for w in words)}.")
