"""Pulses of imported history: recorded as they happened in another system (answered, or expired unanswered)."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session

from bot.core import states
from storage.models import Pulse
from storage.queries import pulses as pulse_queries
from storage.rows import InteractionRow, PulseRow


def record(
    db: Session, *, interaction: InteractionRow, email: str, at: datetime, answered: bool, channel: str, now: datetime
) -> PulseRow:
    """Adds the interaction's pulse as sent at `at`: answered then, or expired then with no answer."""
    pulse = pulse_queries.add_pulse(
        db,
        Pulse(
            team_id=interaction.team_id,
            account_id=interaction.account_id,
            contact_id=interaction.contact_id,
            interaction_id=interaction.id,
            rep_id=interaction.rep_id,
            email=email,
            state=states.PulseState.ANSWERED if answered else states.PulseState.EXPIRED,
            channel=channel,
            asked_at=at,
            due_at=at,
            sent_at=at,
            answered_at=at if answered else None,
            expires_at=None if answered else at,
            created_at=now,
        ),
    )
    assert pulse.id is not None
    return PulseRow(pulse.id, pulse.state, pulse.email, pulse.due_at, None)
