"""What the one-tap tests share: a sent survey's links, and what the clock does after a hold."""

from __future__ import annotations

from sqlmodel import select

from app import jobs
from bot.services import accounts
from storage.models import Alert, Outbox, Response, SurveyTap
from tests.support.mail import survey_links

BROWSER_AGENT = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36"


def send_survey(runtime, slack, clock, clock_jobs, smtp, *, email: str = "jane@acme.com") -> dict[str, str]:
    """Creates Acme Corp, logs a call with `email` and lets the clock send the survey; returns its links."""
    with runtime.transaction() as db:
        accounts.create_account(db, team_id="T0PULSE01", name="Acme Corp", owner_id="UOWNER001", now=runtime.now())
    slack.command(f"log Acme Corp {email} call")
    clock.advance(minutes=31)
    jobs.advance_pulses(clock_jobs)
    return survey_links(smtp.mailbox.wait_for(1)[-1])


def after_the_hold(clock, clock_jobs, *, seconds: float = 121) -> int:
    """Moves past the hold and runs what the clock runs: count taps, react, send alert DMs; returns DMs sent."""
    clock.advance(seconds=seconds)
    jobs.count_held_taps(clock_jobs.runtime)
    jobs.react_to_answers(clock_jobs.runtime)
    return jobs.deliver_outbox(clock_jobs).sent


def rows(runtime, model) -> list:
    """Returns every row of a table."""
    with runtime.transaction() as db:
        return list(db.exec(select(model)))


def nothing_recorded(runtime) -> bool:
    """Tells that no answer, alert or outbox message exists."""
    return rows(runtime, Response) == [] and rows(runtime, Alert) == [] and rows(runtime, Outbox) == []


def tap_states(runtime) -> list[tuple[str, str, str | None]]:
    """Returns each tap's answer, state and reason, in order."""
    return [(t.answer, t.state, t.reason) for t in sorted(rows(runtime, SurveyTap), key=lambda t: t.id)]
