"""Daily schedules in a local time zone: the next run, and which local day a due run posts for."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

LOCAL_TIME = re.compile(r"^([01]?\d|2[0-3])[:.h]([0-5]\d)$")


class ScheduleError(ValueError):
    """A time of day or a time zone that cannot be scheduled."""


def parse_local_time(text: str) -> str:
    """Normalises '9:00', '09.00' or '9h00' to 'HH:MM'; raises ScheduleError otherwise."""
    match = LOCAL_TIME.match(text.strip().lower())
    if match is None:
        raise ScheduleError(f"'{text[:20]}' is not a time of day like 09:00")
    return f"{int(match.group(1)):02d}:{match.group(2)}"


def zone(name: str) -> ZoneInfo:
    """Returns the IANA time zone, or raises ScheduleError naming the bad one."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ScheduleError(
            f"'{name[:40]}' is not a time zone I know (try Europe/Berlin or America/New_York)"
        ) from None


def at_local(day: date, local_time: str, tz: str) -> datetime:
    """Returns, in UTC, the moment a local wall time happens on a local day.

    A time skipped by a spring-forward change happens just after the gap; a time that happens twice when
    clocks fall back happens the first time.
    """
    hours, minutes = (int(part) for part in local_time.split(":"))
    return datetime.combine(day, time(hours, minutes), tzinfo=zone(tz)).astimezone(UTC)


def local_day(moment: datetime, tz: str) -> date:
    """Returns the calendar day it is in the zone at that moment."""
    return moment.astimezone(zone(tz)).date()


def next_run(local_time: str, tz: str, *, after: datetime) -> datetime:
    """Returns the first occurrence of the local time strictly after `after`."""
    day = local_day(after, tz)
    for offset in range(3):
        candidate = at_local(day + timedelta(days=offset), local_time, tz)
        if candidate > after:
            return candidate
    raise AssertionError("a daily time always occurs within three days")  # pragma: no cover


def due_day(local_time: str, tz: str, *, scheduled_at: datetime, now: datetime) -> date | None:
    """Returns the local day a due run posts for: today (late if need be), never a missed earlier day.

    None means the scheduled day has passed and today's time has not come yet: wait for it.
    """
    if scheduled_at > now:
        return None
    today = local_day(now, tz)
    if local_day(scheduled_at, tz) == today:
        return today
    return today if at_local(today, local_time, tz) <= now else None
