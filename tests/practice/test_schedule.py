"""Schedules: reading what people type, and when a prompt is due, across real DST changes."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.core.practice.schedule import (
    EVERY_DAY,
    WEEKDAYS,
    Days,
    ParseError,
    Schedule,
    due_local_date,
    find_zone,
    next_run,
    parse_subscribe,
    parse_time,
)
from tests.db_helpers import utc

# --- parsing ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("9", time(9)), ("9am", time(9)), ("9 am", time(9)), ("9:30pm", time(21, 30)), ("09:00", time(9)),
        ("21:15", time(21, 15)), ("12am", time(0)), ("12pm", time(12)), ("noon", time(12)), ("0:05", time(0, 5)),
    ],
)  # fmt: skip
def test_times_people_write(typed: str, expected: time) -> None:
    parsed = parse_subscribe(typed, "UTC")
    assert isinstance(parsed, Schedule) and parsed.at == expected


def test_defaults_are_nine_the_subscribers_zone_and_weekdays() -> None:
    assert parse_subscribe("", "Europe/Paris") == Schedule(time(9), "Europe/Paris", WEEKDAYS)
    assert parse_subscribe("subscribe", None) == Schedule(time(9), "UTC", WEEKDAYS)
    assert parse_subscribe("", "Not/AZone") == Schedule(time(9), "UTC", WEEKDAYS)


def test_every_part_in_any_order() -> None:
    expected = Schedule(time(9), "Europe/London", frozenset({0, 2, 4}))
    assert parse_subscribe("9am Europe/London mon,wed,fri", "UTC") == expected
    assert parse_subscribe("mon, wed, fri europe/london 09:00", "UTC") == expected
    assert parse_subscribe("subscribe Monday Wednesday Friday 9 am London", "UTC") == expected
    assert parse_subscribe("daily 7:45 UTC", "Asia/Tokyo") == Schedule(time(7, 45), "UTC", EVERY_DAY)
    assert parse_subscribe("weekdays", "UTC").kind is Days.WEEKDAYS
    assert parse_subscribe("tue-thu", "UTC").days == frozenset({1, 2, 3})
    assert parse_subscribe("new york", "UTC").zone == "America/New_York"


@pytest.mark.parametrize(
    ("typed", "zone"),
    [("PST", "America/Los_Angeles"), ("utc", "UTC"), ("GMT", "GMT"), ("EST", "America/New_York"),
     ("cet", "Europe/Berlin"), ("JST", "Asia/Tokyo"), ("berlin", "Europe/Berlin"), ("asia/kolkata", "Asia/Kolkata")],
)  # fmt: skip
def test_zone_abbreviations_and_cities_when_unambiguous(typed: str, zone: str) -> None:
    assert find_zone(typed).zone == zone


def test_an_ambiguous_abbreviation_asks_for_the_place() -> None:
    error = parse_subscribe("9am CST", "UTC")
    assert isinstance(error, ParseError)
    assert "several time zones" in error.message and "America/Chicago" in error.suggestions
    assert "Asia/Shanghai" in error.suggestions


@pytest.mark.parametrize(
    ("typed", "says", "suggests"),
    [
        ("25:00", "hours go from 0 to 23; e.g. 09:00 or 9am", ()),
        ("9:75", "minutes go from 00 to 59", ()),
        ("13pm", "with am/pm, hours go from 1 to 12; e.g. 1pm or 13:00", ()),
        ("Europ/London", "I don't know the time zone `Europ/London`", ("Europe/London",)),
        ("9am wendesday", "I don't know the day `wendesday`", ("Wednesday",)),
        ("thrusday", "I don't know the day", ("Thursday",)),
        ("9am 10am", "Give one time", ()),
        ("gibberish", "use a place name like Europe/London", ()),
    ],
)
def test_bad_input_gets_a_clear_message_with_suggestions(typed: str, says: str, suggests: tuple) -> None:
    error = parse_subscribe(typed, "UTC")
    assert isinstance(error, ParseError), error
    assert says in error.message
    assert error.suggestions[: len(suggests)] == suggests
    assert "/role-practice subscribe [time] [time zone]" in error.text  # the right form, always
    if suggests:
        assert f"Did you mean `{suggests[0]}`" in error.text


def test_parse_time_rejects_what_is_not_a_time() -> None:
    assert isinstance(parse_time("nine"), ParseError)
    assert isinstance(parse_time("24:00"), ParseError)


def test_schedule_descriptions_and_masks() -> None:
    schedule = Schedule(time(9), "Europe/London", frozenset({0, 2, 4}))
    assert schedule.describe() == "09:00 Europe/London, Mon, Wed, Fri"
    assert schedule.days_mask == 0b10101
    assert Schedule.days_from_mask(schedule.days_mask) == schedule.days
    assert Schedule(days=EVERY_DAY).days_text() == "daily"
    with pytest.raises(ValueError):
        Schedule(zone="Mars/Olympus")
    with pytest.raises(ValueError):
        Schedule(days=frozenset())


# --- when a prompt is due ----------------------------------------------------------------------


def simulate(schedule: Schedule, start: datetime, end: datetime, step_minutes: int = 1) -> list[datetime]:
    """A clock ticking every `step_minutes`: the instants at which a prompt went out."""
    sent: list[datetime] = []
    last: date | None = None
    now = start
    while now < end:
        day = due_local_date(schedule, now, last)
        if day is not None:
            sent.append(now)
            last = day
        now += timedelta(minutes=step_minutes)
    return sent


@pytest.mark.parametrize(
    ("zone", "change_day"),
    [
        ("America/New_York", date(2024, 3, 10)),  # spring forward: EST → EDT
        ("America/New_York", date(2024, 11, 3)),  # fall back: EDT → EST
        ("Europe/Berlin", date(2024, 3, 31)),  # CET → CEST
        ("Europe/Berlin", date(2024, 10, 27)),  # CEST → CET
    ],
)
def test_nine_local_on_both_sides_of_a_dst_change(zone: str, change_day: date) -> None:
    schedule = Schedule(time(9), zone, EVERY_DAY)
    tz = ZoneInfo(zone)
    start = datetime.combine(change_day - timedelta(days=2), time(0), tz)
    sent = simulate(schedule, start, start + timedelta(days=5))
    local = [moment.astimezone(tz) for moment in sent]
    assert [moment.date() for moment in local] == [change_day + timedelta(days=d) for d in range(-2, 3)]
    assert {(moment.hour, moment.minute) for moment in local} == {(9, 0)}
    offsets = {moment.utcoffset() for moment in local}
    assert len(offsets) == 2  # the change really was crossed: 09:00 local moved in UTC


def test_a_time_skipped_by_spring_forward_is_due_when_the_clocks_jump() -> None:
    """02:30 does not exist in New York on 2024-03-10 (02:00 EST → 03:00 EDT): due at 03:00 EDT."""
    schedule = Schedule(time(2, 30), "America/New_York", EVERY_DAY)
    assert schedule.occurrence(date(2024, 3, 10)) == utc(2024, 3, 10, 7)  # 03:00 EDT
    assert schedule.occurrence(date(2024, 3, 11)) == utc(2024, 3, 11, 6, 30)  # 02:30 EDT
    sent = simulate(schedule, utc(2024, 3, 9, 5), utc(2024, 3, 12, 5))
    assert sent == [utc(2024, 3, 9, 7, 30), utc(2024, 3, 10, 7), utc(2024, 3, 11, 6, 30)]
    berlin = Schedule(time(2, 30), "Europe/Berlin", EVERY_DAY)
    assert berlin.occurrence(date(2024, 3, 31)) == utc(2024, 3, 31, 1)  # 03:00 CEST


def test_a_time_that_happens_twice_fires_once_at_the_first() -> None:
    """01:30 happens twice in New York on 2024-11-03 (EDT, then EST an hour later)."""
    schedule = Schedule(time(1, 30), "America/New_York", EVERY_DAY)
    assert schedule.occurrence(date(2024, 11, 3)) == utc(2024, 11, 3, 5, 30)  # 01:30 EDT
    sent = simulate(schedule, utc(2024, 11, 3, 4), utc(2024, 11, 3, 12))
    assert sent == [utc(2024, 11, 3, 5, 30)]
    berlin = Schedule(time(2, 30), "Europe/Berlin", EVERY_DAY)
    assert simulate(berlin, utc(2024, 10, 26, 22), utc(2024, 10, 27, 6)) == [utc(2024, 10, 27, 0, 30)]


def test_a_missed_tick_is_caught_up_the_same_local_day_never_the_next() -> None:
    schedule = Schedule(time(9), "Europe/London", EVERY_DAY)
    yesterday, today = date(2024, 3, 4), date(2024, 3, 5)
    assert due_local_date(schedule, utc(2024, 3, 5, 8, 59), yesterday) is None
    assert due_local_date(schedule, utc(2024, 3, 5, 9), yesterday) == today
    assert due_local_date(schedule, utc(2024, 3, 5, 14), yesterday) == today  # down at 09:00, back at 14:00
    assert due_local_date(schedule, utc(2024, 3, 5, 23, 59), None) == today
    assert due_local_date(schedule, utc(2024, 3, 5, 14), today) is None  # already sent today
    # down all of the 5th: on the 6th before 09:00 nothing is due (the 5th's prompt is gone)
    assert due_local_date(schedule, utc(2024, 3, 6, 8), date(2024, 3, 4)) is None


def test_weekdays_are_the_channels_not_utcs() -> None:
    auckland = Schedule(time(9), "Pacific/Auckland", WEEKDAYS)  # UTC+13 in March
    # Monday 09:00 in Auckland is still Sunday in UTC: due
    assert due_local_date(auckland, utc(2024, 3, 3, 20), None) == date(2024, 3, 4)
    # Saturday 09:00 in Auckland is Friday in UTC: not due
    assert due_local_date(auckland, utc(2024, 3, 8, 20), None) is None
    la = Schedule(time(18), "America/Los_Angeles", WEEKDAYS)
    # Friday 18:00 in Los Angeles is Saturday 02:00 UTC: due, for Friday
    assert due_local_date(la, utc(2024, 3, 9, 2), None) == date(2024, 3, 8)


def test_next_run_for_status() -> None:
    weekdays = Schedule(time(9), "Europe/London", WEEKDAYS)
    assert next_run(weekdays, utc(2024, 3, 1, 8)) == utc(2024, 3, 1, 9)  # Friday, before 09:00
    assert next_run(weekdays, utc(2024, 3, 1, 9)) == utc(2024, 3, 4, 9)  # strictly after: Monday
    new_york = Schedule(time(9), "America/New_York", EVERY_DAY)
    assert next_run(new_york, utc(2024, 3, 9, 15)) == utc(2024, 3, 10, 13)  # 09:00 EDT after the change
    # Samoa skipped 2011-12-30 entirely: the next 09:00 after the 29th is on the 31st
    apia = Schedule(time(9), "Pacific/Apia", EVERY_DAY)
    after = next_run(apia, datetime(2011, 12, 29, 10, tzinfo=ZoneInfo("Pacific/Apia")))
    assert after.astimezone(ZoneInfo("Pacific/Apia")).date() == date(2011, 12, 31)


def test_due_needs_aware_datetimes() -> None:
    with pytest.raises(ValueError):
        due_local_date(Schedule(), datetime(2024, 3, 1, 9), None)


ZONES = ["UTC", "America/New_York", "Europe/Berlin", "Australia/Lord_Howe", "Asia/Kolkata", "America/St_Johns",
         "Pacific/Chatham", "America/Santiago", "Europe/London", "Africa/Casablanca"]  # fmt: skip


@given(
    zone=st.sampled_from(ZONES),
    at=st.times().map(lambda t: t.replace(second=0, microsecond=0)),
    days=st.frozensets(st.integers(0, 6), min_size=1),
    after=st.datetimes(min_value=datetime(2020, 1, 1), max_value=datetime(2030, 1, 1)),
)
def test_next_run_is_due_at_its_own_instant_and_not_before(
    zone: str, at: time, days: frozenset[int], after: datetime
) -> None:
    schedule = Schedule(at, zone, days)
    after = after.replace(tzinfo=ZoneInfo("UTC"))
    upcoming = next_run(schedule, after)
    assert upcoming > after
    local = upcoming.astimezone(schedule.tz)
    assert schedule.runs_on(local.date())
    assert local.time() >= at  # the time itself, or where the clocks jumped past it
    assert due_local_date(schedule, upcoming, None) == local.date()
    before = upcoming - timedelta(seconds=1)
    if before.astimezone(schedule.tz).date() == local.date():
        assert due_local_date(schedule, before, None) is None
