"""Alerts, the outbox, digest subscriptions and runs, API keys, learning, the audit trail and Slack's tables."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
from slack_sdk.oauth.state_store.sqlalchemy import SQLAlchemyOAuthStateStore
from sqlalchemy import JSON, Column, Index, UniqueConstraint, text
from sqlmodel import Field, SQLModel

from bot.core import states
from storage.models.base import ts


class Alert(SQLModel, table=True):
    """An owner's alert about an account; at most one not resolved per account and cause."""

    __table_args__ = (
        Index(
            "uq_alert_open_per_cause",
            "account_id",
            "cause",
            unique=True,
            sqlite_where=text(f"state != '{states.AlertState.RESOLVED}'"),
            postgresql_where=text(f"state != '{states.AlertState.RESOLVED}'"),
        ),
        Index("ix_alert_team_state", "team_id", "state"),
    )

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(max_length=32)
    account_id: int = Field(foreign_key="account.id", ondelete="CASCADE")
    cause: str = Field(max_length=24)
    state: str = Field(default=states.AlertState.OPEN, max_length=16)
    response_id: int | None = Field(default=None, foreign_key="response.id", ondelete="SET NULL")
    occurrences: int = 1
    opened_at: datetime = ts()
    last_seen_at: datetime = ts()
    acknowledged_by: str | None = Field(default=None, max_length=32)
    acknowledged_at: datetime | None = ts(nullable=True)
    snoozed_until: datetime | None = ts(nullable=True)
    snoozed_by: str | None = Field(default=None, max_length=32)
    resolved_by: str | None = Field(default=None, max_length=32)
    resolved_at: datetime | None = ts(nullable=True)
    dm_channel: str | None = Field(default=None, max_length=32)
    dm_ts: str | None = Field(default=None, max_length=32)


class Outbox(SQLModel, table=True):
    """A Slack message to send once, after the transaction that decided it committed (alerts, notices)."""

    __table_args__ = (
        UniqueConstraint("team_id", "dedupe_key", name="uq_outbox_dedupe"),
        Index("ix_outbox_due", "state", "next_attempt_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(max_length=32)
    kind: str = Field(max_length=32)
    dedupe_key: str = Field(max_length=200)
    payload: dict[str, Any] = Field(sa_column=Column(JSON, nullable=False))
    state: str = Field(default=states.OutboxState.PENDING, max_length=16)
    attempts: int = 0
    next_attempt_at: datetime = ts()
    lease_until: datetime | None = ts(nullable=True)
    lease_owner: str | None = Field(default=None, max_length=64)
    last_error: str | None = Field(default=None, max_length=500)
    created_at: datetime = ts()
    sent_at: datetime | None = ts(nullable=True)


class Subscription(SQLModel, table=True):
    """A channel's daily digest: when (local time and zone), for whom (scope), and when it runs next."""

    __table_args__ = (
        UniqueConstraint("team_id", "channel_id", name="uq_subscription_channel"),
        Index("ix_subscription_due", "active", "next_run_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(max_length=32)
    channel_id: str = Field(max_length=32)
    local_time: str = Field(default="09:00", max_length=5)
    timezone: str = Field(default="UTC", max_length=64)
    timezone_pending: bool = False
    owner_ids: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    quiet: str = Field(default="all_clear", max_length=16)
    active: bool = True
    created_by: str = Field(max_length=32)
    created_at: datetime = ts()
    next_run_at: datetime = ts()
    lease_until: datetime | None = ts(nullable=True)
    lease_owner: str | None = Field(default=None, max_length=64)


class DigestRun(SQLModel, table=True):
    """One subscription's digest for one local day: the row's uniqueness is what makes it post once."""

    __table_args__ = (UniqueConstraint("subscription_id", "local_date", name="uq_digest_run_day"),)

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(max_length=32)
    subscription_id: int = Field(foreign_key="subscription.id", ondelete="CASCADE")
    local_date: str = Field(max_length=10)
    state: str = Field(default=states.DigestRunState.POSTING, max_length=16)
    channel_id: str = Field(max_length=32)
    message_ts: str | None = Field(default=None, max_length=32)
    thread_posted: int = 0
    thread_total: int = 0
    attempts: int = 0
    last_error: str | None = Field(default=None, max_length=500)
    created_at: datetime = ts()
    posted_at: datetime | None = ts(nullable=True)


class ApiKey(SQLModel, table=True):
    """A workspace's key for POST /api/interactions; only its SHA-256 is kept, its prefix for recognising it."""

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(max_length=32, index=True)
    key_hash: str = Field(max_length=64, unique=True)
    prefix: str = Field(max_length=16)
    created_by: str = Field(max_length=32)
    created_at: datetime = ts()
    last_used_at: datetime | None = ts(nullable=True)
    revoked_at: datetime | None = ts(nullable=True)


class SentimentAdjustment(SQLModel, table=True):
    """A workspace's learned change to one sentiment feature's weight, from its reps' label corrections."""

    team_id: str = Field(primary_key=True, max_length=32)
    feature: str = Field(primary_key=True, max_length=200)
    delta: float = 0.0
    updated_at: datetime = ts()


# Slack installations and OAuth state, in the tables slack_sdk's SQLAlchemy stores read and write
# (see storage.slack_tables); declared here so migrations and the schema check cover them.
SLACK_INSTALLATIONS = "slack_installations"
SLACK_BOTS = "slack_bots"
SLACK_OAUTH_STATES = "slack_oauth_states"
SQLAlchemyInstallationStore.build_installations_table(SQLModel.metadata, SLACK_INSTALLATIONS)
SQLAlchemyInstallationStore.build_bots_table(SQLModel.metadata, SLACK_BOTS)
SQLAlchemyOAuthStateStore.build_oauth_states_table(SQLModel.metadata, SLACK_OAUTH_STATES)


class AuditEvent(SQLModel, table=True):
    """One change someone made (who, what, when, before and after); written by `bot.services.audit` only."""

    __tablename__ = "audit_events"
    __table_args__ = (Index("ix_audit_events_team_at", "team_id", "at"),)

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(max_length=32)
    at: datetime = ts()
    actor: str = Field(max_length=64)
    action: str = Field(max_length=64)
    subject_type: str = Field(max_length=32)
    subject_id: str = Field(max_length=200)
    before: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    after: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON, nullable=True))


class HandledRequest(SQLModel, table=True):
    """A Slack request already acted on (by its trigger id), so a replayed one is not acted on twice."""

    __tablename__ = "handled_requests"

    key: str = Field(primary_key=True, max_length=200)
    team_id: str = Field(max_length=32)
    at: datetime = ts()
    fingerprint: str = Field(default="", max_length=64)
