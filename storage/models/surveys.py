"""Interactions, the pulses that follow them, their answers and the per-account aggregates."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column, Index, UniqueConstraint, text
from sqlmodel import Field, SQLModel

from bot.core import states
from storage.models.base import ts


class Interaction(SQLModel, table=True):
    """A logged contact between a rep and a customer; the trigger for a pulse."""

    __table_args__ = (
        UniqueConstraint("team_id", "idempotency_key", name="uq_interaction_idempotency"),
        Index("ix_interaction_account_time", "account_id", "occurred_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(max_length=32)
    account_id: int = Field(foreign_key="account.id", ondelete="CASCADE")
    contact_id: int | None = Field(default=None, foreign_key="contact.id", ondelete="SET NULL")
    rep_id: str = Field(max_length=32)
    kind: str = Field(max_length=16)
    note: str = Field(default="", max_length=3000)
    survey: bool = True
    source: str = Field(default="slash", max_length=16)
    idempotency_key: str = Field(max_length=200)
    occurred_at: datetime = ts()
    created_at: datetime = ts()
    # What logging it added, so an undo can take exactly that back.
    created_account: bool = False
    created_contact: bool = False
    edited_at: datetime | None = ts(nullable=True)
    # Deleted interactions stay (a sent pulse and its answer still point at them) but no list shows them.
    deleted_at: datetime | None = ts(nullable=True)
    deleted_by: str | None = Field(default=None, max_length=32)


class UserName(SQLModel, table=True):
    """A Slack user's display name as users.info last said it, so surfaces show names instead of ids."""

    team_id: str = Field(primary_key=True, max_length=32)
    user_id: str = Field(primary_key=True, max_length=32)
    name: str = Field(max_length=200)
    fetched_at: datetime = ts()


class PendingLog(SQLModel, table=True):
    """A /pulse log that waits for the rep to pick or create its account."""

    id: str = Field(primary_key=True, max_length=40)
    team_id: str = Field(max_length=32)
    user_id: str = Field(max_length=32)
    payload: dict[str, Any] = Field(sa_column=Column(JSON, nullable=False))
    created_at: datetime = ts()


class Pulse(SQLModel, table=True):
    """The one-question survey that follows an interaction; `next_action_at` is when the clock acts on it next."""

    __table_args__ = (
        Index("ix_pulse_due", "state", "next_action_at"),
        Index("ix_pulse_team_email_asked", "team_id", "email", "asked_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(max_length=32)
    account_id: int = Field(foreign_key="account.id", index=True, ondelete="CASCADE")
    contact_id: int | None = Field(default=None, foreign_key="contact.id", ondelete="SET NULL")
    interaction_id: int = Field(foreign_key="interaction.id", unique=True, ondelete="CASCADE")
    rep_id: str = Field(max_length=32)
    email: str = Field(default="", max_length=320)
    state: str = Field(max_length=16)
    skip_reason: str | None = Field(default=None, max_length=200)
    channel: str | None = Field(default=None, max_length=16)
    asked_at: datetime | None = ts(nullable=True)
    due_at: datetime = ts()
    next_action_at: datetime | None = ts(nullable=True)
    sent_at: datetime | None = ts(nullable=True)
    reminded_at: datetime | None = ts(nullable=True)
    expires_at: datetime | None = ts(nullable=True)
    answered_at: datetime | None = ts(nullable=True)
    attempts: int = 0
    lease_until: datetime | None = ts(nullable=True)
    lease_owner: str | None = Field(default=None, max_length=64)
    last_error: str | None = Field(default=None, max_length=500)
    created_at: datetime = ts()


class PulseToken(SQLModel, table=True):
    """The SHA-256 of a survey link's token; a pulse keeps one per message sent, all valid until it expires."""

    token_hash: str = Field(primary_key=True, max_length=64)
    pulse_id: int = Field(foreign_key="pulse.id", index=True, ondelete="CASCADE")
    created_at: datetime = ts()


class SurveyTap(SQLModel, table=True):
    """An answer tapped in a message, held a short while before it counts (see README, one tap)."""

    __table_args__ = (Index("ix_surveytap_held", "state", "hold_until"),)

    id: int | None = Field(default=None, primary_key=True)
    pulse_id: int = Field(foreign_key="pulse.id", index=True, ondelete="CASCADE")
    token_hash: str = Field(max_length=64)
    answer: str = Field(max_length=8)
    state: str = Field(default=states.TapState.HELD, max_length=16)
    reason: str | None = Field(default=None, max_length=32)
    language: str | None = Field(default=None, max_length=8)
    hold_until: datetime = ts()
    created_at: datetime = ts()


class Response(SQLModel, table=True):
    """A customer's answer to a pulse, its comment and the scores derived from them."""

    __table_args__ = (
        Index("ix_response_account_time", "account_id", "created_at"),
        UniqueConstraint("team_id", "source_id", name="uq_response_source"),
        Index(
            "ix_response_unreacted",
            "updated_at",
            sqlite_where=text("reacted_at IS NULL"),
            postgresql_where=text("reacted_at IS NULL"),
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(max_length=32)
    pulse_id: int | None = Field(default=None, foreign_key="pulse.id", unique=True, ondelete="SET NULL")
    account_id: int = Field(foreign_key="account.id", ondelete="CASCADE")
    contact_id: int | None = Field(default=None, foreign_key="contact.id", ondelete="SET NULL")
    answer: str = Field(max_length=8)
    comment: str = Field(default="", max_length=2000)
    polarity: float | None = None
    subjectivity: float | None = None
    label: str = Field(default="unknown", max_length=16)
    cues: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    scorer_version: str = Field(default="", max_length=32)
    experience: float = 0.0
    label_override: str | None = Field(default=None, max_length=16)
    override_by: str | None = Field(default=None, max_length=32)
    override_at: datetime | None = ts(nullable=True)
    channel: str = Field(default="web", max_length=16)
    source_id: str | None = Field(default=None, max_length=200)
    # Set once the account's aggregates and alerts have caught up with this answer (done off the request path).
    reacted_at: datetime | None = ts(nullable=True)
    created_at: datetime = ts()
    updated_at: datetime = ts()


class AccountStats(SQLModel, table=True):
    """Per-account aggregates kept current on every response and pulse event, so digests never scan responses."""

    account_id: int = Field(primary_key=True, foreign_key="account.id", ondelete="CASCADE")
    team_id: str = Field(max_length=32, index=True)
    responses: int = 0
    satisfaction: float | None = None
    baseline: float | None = None
    previous_satisfaction: float | None = None
    last_response_at: datetime | None = ts(nullable=True)
    last_no_at: datetime | None = ts(nullable=True)
    recent_scores: list[float] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    telling_response_id: int | None = Field(default=None, foreign_key="response.id", ondelete="SET NULL")
    pulses_sent: int = 0
    pulses_answered: int = 0
    unanswered_streak: int = 0
    # The contact who used to answer and stopped (experience.quiet_contact): who, their streak and record before it.
    quiet_contact_id: int | None = Field(default=None, foreign_key="contact.id", ondelete="SET NULL")
    quiet_contact_streak: int = 0
    quiet_contact_answered: int = 0
    quiet_contact_asked: int = 0
    refreshed_at: datetime = ts()
