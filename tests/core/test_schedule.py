"""Daily schedules across time zones and daylight-saving changes; missed days are not replayed."""

from datetime import UTC, date, datetime, timedelta

import pytest

from bot.core.schedule import ScheduleError, due_day, next_run, parse_local_time, zone

BERLIN = "Europe/Berlin"


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def test_local_times_are_read_as_people_write_them():
    assert [parse_local_time(t) for t in ("9:00", "09.30", "8h15", "23:59")] == ["09:00", "09:30", "08:15", "23:59"]
    for bad in ("25:00", "9", "noon", "9:60"):
        with pytest.raises(ScheduleError):
            parse_local_time(bad)
    with pytest.raises(ScheduleError, match="not a time zone"):
        zone("Mars/Olympus")


def test_next_run_keeps_the_local_wall_time_across_daylight_saving_changes():
    # Spring forward: 09:00 Berlin is 08:00 UTC on Saturday, 07:00 UTC on Sunday 29 March 2026.
    assert next_run("09:00", BERLIN, after=utc(2026, 3, 28, 7, 0)) == utc(2026, 3, 28, 8, 0)
    assert next_run("09:00", BERLIN, after=utc(2026, 3, 28, 8, 0)) == utc(2026, 3, 29, 7, 0)
    # Fall back on 25 October 2026.
    assert next_run("09:00", BERLIN, after=utc(2026, 10, 24, 8, 0)) == utc(2026, 10, 25, 8, 0)
    # A time inside the spring-forward gap happens just after it, once.
    assert next_run("02:30", BERLIN, after=utc(2026, 3, 28, 23, 0)) == utc(2026, 3, 29, 1, 30)
    # An ambiguous fall-back time happens once (the first of the two).
    assert next_run("02:30", BERLIN, after=utc(2026, 10, 24, 23, 0)) == utc(2026, 10, 25, 0, 30)


def test_a_due_run_posts_for_today_even_late_and_never_for_a_missed_day():
    nine = utc(2026, 11, 23, 8, 0)  # 09:00 in Berlin
    assert due_day("09:00", BERLIN, scheduled_at=nine, now=nine) == date(2026, 11, 23)
    assert due_day("09:00", BERLIN, scheduled_at=nine, now=nine + timedelta(hours=5)) == date(2026, 11, 23)
    assert due_day("09:00", BERLIN, scheduled_at=nine, now=nine - timedelta(minutes=1)) is None
    three_days_later_early = nine + timedelta(days=3, hours=-2)
    assert due_day("09:00", BERLIN, scheduled_at=nine, now=three_days_later_early) is None
    three_days_later = nine + timedelta(days=3, hours=1)
    assert due_day("09:00", BERLIN, scheduled_at=nine, now=three_days_later) == date(2026, 11, 26)
