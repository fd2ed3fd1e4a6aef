"""Keeps each account's aggregates current: recomputed from its own history on every response and pulse event."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlmodel import Session

from bot.core import experience
from bot.core.states import PulseState
from storage.models import AccountStats, Response
from storage.queries import stats as stats_queries

HISTORY = timedelta(days=730)
STALE_AFTER = timedelta(days=1)
# What a delivered pulse says of its contact: answered, expired unanswered, or (still open) nothing yet.
OUTCOMES = {PulseState.ANSWERED: True, PulseState.EXPIRED: False}


def scored(response: Response) -> experience.ScoredResponse:
    """Reads a stored response as the summary needs it, with a rep's label correction applied."""
    assert response.id is not None
    return experience.ScoredResponse(
        response_id=response.id,
        at=response.created_at,
        answer=response.answer,
        experience=response.experience,
        label=response.label_override or response.label,
        polarity=response.polarity,
    )


def refresh(db: Session, *, account_id: int, team_id: str, now: datetime) -> experience.AccountExperience:
    """Recomputes one account's aggregates from its last two years of responses and pulses, and stores them."""
    responses = [scored(r) for r in stats_queries.scored_responses(db, account_id=account_id, since=now - HISTORY)]
    sent, answered = stats_queries.pulse_counts(db, account_id=account_id, since=now - experience.RATE_WINDOW)
    counts = experience.PulseCounts(
        sent=sent, answered=answered, unanswered_streak=stats_queries.unanswered_streak(db, account_id=account_id)
    )
    summary = experience.summarize(responses, counts, now=now)
    pulses = stats_queries.contact_pulses(db, account_id=account_id)
    quiet = experience.quiet_contact([(contact, OUTCOMES.get(PulseState(state))) for contact, state in pulses])
    stats_queries.save_stats(
        db,
        AccountStats(
            account_id=account_id,
            team_id=team_id,
            responses=summary.responses,
            satisfaction=summary.satisfaction,
            baseline=summary.baseline,
            previous_satisfaction=summary.previous_satisfaction,
            last_response_at=summary.last_response_at,
            last_no_at=summary.last_no_at,
            recent_scores=list(summary.recent_scores),
            telling_response_id=summary.telling_response_id,
            pulses_sent=summary.pulses_sent,
            pulses_answered=summary.pulses_answered,
            unanswered_streak=summary.unanswered_streak,
            quiet_contact_id=None if quiet is None else quiet.contact_id,
            quiet_contact_streak=0 if quiet is None else quiet.streak,
            quiet_contact_answered=0 if quiet is None else quiet.answered,
            quiet_contact_asked=0 if quiet is None else quiet.asked,
            refreshed_at=now,
        ),
    )
    return summary


def note_sent(db: Session, *, account_id: int, team_id: str, now: datetime) -> None:
    """Counts a pulse that just reached a contact: all a first send changes (a reminder changes nothing)."""
    if not stats_queries.add_sent(db, account_id=account_id):
        refresh(db, account_id=account_id, team_id=team_id, now=now)


def refresh_stale(db: Session, *, now: datetime, limit: int = 500) -> int:
    """Refreshes the aggregates that are oldest, so windows like '180 days' keep moving on quiet accounts."""
    stale = stats_queries.stale_accounts(db, before=now - STALE_AFTER, limit=limit)
    for account_id, team_id in stale:
        refresh(db, account_id=account_id, team_id=team_id, now=now)
    return len(stale)
