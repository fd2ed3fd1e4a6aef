"""SQLModel tables. Every row belongs to one Slack workspace (team_id), so multi-workspace needs no migration."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
from slack_sdk.oauth.state_store.sqlalchemy import SQLAlchemyOAuthStateStore
from sqlalchemy import JSON, Column, Index, String, UniqueConstraint, text
from sqlmodel import Field, SQLModel

from storage.types import Money, UTCDateTime


def utcnow() -> datetime:
    """Returns the current time, aware, in UTC."""
    return datetime.now(UTC)


def _ts(*, nullable: bool = False, index: bool = False) -> Any:
    """Declares an aware UTC timestamp column."""
    return Field(default=None, sa_column=Column(UTCDateTime(), nullable=nullable, index=index))


class Workspace(SQLModel, table=True):
    """A Slack workspace Pulse serves; created on first contact. Used by services and the CLI."""

    team_id: str = Field(primary_key=True, max_length=32)
    name: str = Field(default="", max_length=200)
    question: str | None = Field(default=None, max_length=200)
    language: str | None = Field(default=None, max_length=8)
    # Who the customer sees asking: untrusted text, escaped wherever shown; the logo is an https URL.
    brand_name: str | None = Field(default=None, max_length=100)
    brand_logo_url: str | None = Field(default=None, max_length=500)
    brand_accent: str | None = Field(default=None, max_length=7)
    created_at: datetime = _ts()
    uninstalled_at: datetime | None = _ts(nullable=True)


class RepProfile(SQLModel, table=True):
    """The name a rep signs survey messages with (`/pulse brand me <name>`)."""

    team_id: str = Field(primary_key=True, max_length=32)
    user_id: str = Field(primary_key=True, max_length=32)
    display_name: str = Field(max_length=100)
    updated_at: datetime = _ts()


class Account(SQLModel, table=True):
    """A customer account: revenue figures and exactly one owning rep."""

    __table_args__ = (UniqueConstraint("team_id", "name_key", name="uq_account_team_name"),)

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(max_length=32)
    name: str = Field(max_length=200)
    # Byte-order collation on PostgreSQL, as SQLite has by default, so prefix searches are index range scans.
    name_key: str = Field(
        sa_column=Column(String(200).with_variant(String(200, collation="C"), "postgresql"), nullable=False)
    )
    owner_id: str = Field(max_length=32, index=True)
    billed: Decimal = Field(default=Decimal("0.00"), sa_column=Column(Money(), nullable=False))
    forecast: Decimal = Field(default=Decimal("0.00"), sa_column=Column(Money(), nullable=False))
    created_at: datetime = _ts()
    updated_at: datetime = _ts()


class OwnerChange(SQLModel, table=True):
    """One change of an account's owner, kept as history."""

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(max_length=32)
    account_id: int = Field(foreign_key="account.id", index=True, ondelete="CASCADE")
    old_owner_id: str | None = Field(default=None, max_length=32)
    new_owner_id: str = Field(max_length=32)
    changed_by: str = Field(max_length=64)
    changed_at: datetime = _ts()


class Contact(SQLModel, table=True):
    """A person at a customer account whom Pulse may survey."""

    __table_args__ = (
        UniqueConstraint("account_id", "email", name="uq_contact_account_email"),
        Index("ix_contact_team_email", "team_id", "email"),
    )

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(max_length=32)
    account_id: int = Field(foreign_key="account.id", index=True, ondelete="CASCADE")
    email: str = Field(max_length=320)
    name: str = Field(default="", max_length=200)
    slack_user_id: str | None = Field(default=None, max_length=32)
    language: str | None = Field(default=None, max_length=8)
    created_at: datetime = _ts()


class Suppression(SQLModel, table=True):
    """An e-mail address that opted out of surveys; honoured across every account of the workspace."""

    team_id: str = Field(primary_key=True, max_length=32)
    email: str = Field(primary_key=True, max_length=320)
    source: str = Field(default="survey", max_length=32)
    created_at: datetime = _ts()


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
    occurred_at: datetime = _ts()
    created_at: datetime = _ts()
    # What logging it added, so an undo can take exactly that back.
    created_account: bool = False
    created_contact: bool = False
    edited_at: datetime | None = _ts(nullable=True)
    # Deleted interactions stay (a sent pulse and its answer still point at them) but no list shows them.
    deleted_at: datetime | None = _ts(nullable=True)
    deleted_by: str | None = Field(default=None, max_length=32)


class UserName(SQLModel, table=True):
    """A Slack user's display name as users.info last said it, so surfaces show names instead of ids."""

    team_id: str = Field(primary_key=True, max_length=32)
    user_id: str = Field(primary_key=True, max_length=32)
    name: str = Field(max_length=200)
    fetched_at: datetime = _ts()


class PendingLog(SQLModel, table=True):
    """A /pulse log that waits for the rep to pick or create its account."""

    id: str = Field(primary_key=True, max_length=40)
    team_id: str = Field(max_length=32)
    user_id: str = Field(max_length=32)
    payload: dict[str, Any] = Field(sa_column=Column(JSON, nullable=False))
    created_at: datetime = _ts()


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
    asked_at: datetime | None = _ts(nullable=True)
    due_at: datetime = _ts()
    next_action_at: datetime | None = _ts(nullable=True)
    sent_at: datetime | None = _ts(nullable=True)
    reminded_at: datetime | None = _ts(nullable=True)
    expires_at: datetime | None = _ts(nullable=True)
    answered_at: datetime | None = _ts(nullable=True)
    attempts: int = 0
    lease_until: datetime | None = _ts(nullable=True)
    lease_owner: str | None = Field(default=None, max_length=64)
    last_error: str | None = Field(default=None, max_length=500)
    created_at: datetime = _ts()


class PulseToken(SQLModel, table=True):
    """The SHA-256 of a survey link's token; a pulse keeps one per message sent, all valid until it expires."""

    token_hash: str = Field(primary_key=True, max_length=64)
    pulse_id: int = Field(foreign_key="pulse.id", index=True, ondelete="CASCADE")
    created_at: datetime = _ts()


class SurveyTap(SQLModel, table=True):
    """An answer tapped in a message, held a short while before it counts (see README, one tap)."""

    __table_args__ = (Index("ix_surveytap_held", "state", "hold_until"),)

    id: int | None = Field(default=None, primary_key=True)
    pulse_id: int = Field(foreign_key="pulse.id", index=True, ondelete="CASCADE")
    token_hash: str = Field(max_length=64)
    answer: str = Field(max_length=8)
    state: str = Field(default="held", max_length=16)
    reason: str | None = Field(default=None, max_length=32)
    language: str | None = Field(default=None, max_length=8)
    hold_until: datetime = _ts()
    created_at: datetime = _ts()


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
    override_at: datetime | None = _ts(nullable=True)
    channel: str = Field(default="web", max_length=16)
    source_id: str | None = Field(default=None, max_length=200)
    # Set once the account's aggregates and alerts have caught up with this answer (done off the request path).
    reacted_at: datetime | None = _ts(nullable=True)
    created_at: datetime = _ts()
    updated_at: datetime = _ts()


class AccountStats(SQLModel, table=True):
    """Per-account aggregates kept current on every response and pulse event, so digests never scan responses."""

    account_id: int = Field(primary_key=True, foreign_key="account.id", ondelete="CASCADE")
    team_id: str = Field(max_length=32, index=True)
    responses: int = 0
    satisfaction: float | None = None
    baseline: float | None = None
    previous_satisfaction: float | None = None
    last_response_at: datetime | None = _ts(nullable=True)
    last_no_at: datetime | None = _ts(nullable=True)
    recent_scores: list[float] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    telling_response_id: int | None = Field(default=None, foreign_key="response.id", ondelete="SET NULL")
    pulses_sent: int = 0
    pulses_answered: int = 0
    unanswered_streak: int = 0
    refreshed_at: datetime = _ts()


class Alert(SQLModel, table=True):
    """An owner's alert about an account; at most one not resolved per account and cause."""

    __table_args__ = (
        Index(
            "uq_alert_open_per_cause",
            "account_id",
            "cause",
            unique=True,
            sqlite_where=text("state != 'resolved'"),
            postgresql_where=text("state != 'resolved'"),
        ),
        Index("ix_alert_team_state", "team_id", "state"),
    )

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(max_length=32)
    account_id: int = Field(foreign_key="account.id", ondelete="CASCADE")
    cause: str = Field(max_length=24)
    state: str = Field(default="open", max_length=16)
    response_id: int | None = Field(default=None, foreign_key="response.id", ondelete="SET NULL")
    occurrences: int = 1
    opened_at: datetime = _ts()
    last_seen_at: datetime = _ts()
    acknowledged_by: str | None = Field(default=None, max_length=32)
    acknowledged_at: datetime | None = _ts(nullable=True)
    snoozed_until: datetime | None = _ts(nullable=True)
    snoozed_by: str | None = Field(default=None, max_length=32)
    resolved_by: str | None = Field(default=None, max_length=32)
    resolved_at: datetime | None = _ts(nullable=True)
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
    state: str = Field(default="pending", max_length=16)
    attempts: int = 0
    next_attempt_at: datetime = _ts()
    lease_until: datetime | None = _ts(nullable=True)
    lease_owner: str | None = Field(default=None, max_length=64)
    last_error: str | None = Field(default=None, max_length=500)
    created_at: datetime = _ts()
    sent_at: datetime | None = _ts(nullable=True)


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
    created_at: datetime = _ts()
    next_run_at: datetime = _ts()
    lease_until: datetime | None = _ts(nullable=True)
    lease_owner: str | None = Field(default=None, max_length=64)


class DigestRun(SQLModel, table=True):
    """One subscription's digest for one local day: the row's uniqueness is what makes it post once."""

    __table_args__ = (UniqueConstraint("subscription_id", "local_date", name="uq_digest_run_day"),)

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(max_length=32)
    subscription_id: int = Field(foreign_key="subscription.id", ondelete="CASCADE")
    local_date: str = Field(max_length=10)
    state: str = Field(default="posting", max_length=16)
    channel_id: str = Field(max_length=32)
    message_ts: str | None = Field(default=None, max_length=32)
    thread_posted: int = 0
    thread_total: int = 0
    attempts: int = 0
    last_error: str | None = Field(default=None, max_length=500)
    created_at: datetime = _ts()
    posted_at: datetime | None = _ts(nullable=True)


class ApiKey(SQLModel, table=True):
    """A workspace's key for POST /api/interactions; only its SHA-256 is kept, its prefix for recognising it."""

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(max_length=32, index=True)
    key_hash: str = Field(max_length=64, unique=True)
    prefix: str = Field(max_length=16)
    created_by: str = Field(max_length=32)
    created_at: datetime = _ts()
    last_used_at: datetime | None = _ts(nullable=True)
    revoked_at: datetime | None = _ts(nullable=True)


class SentimentAdjustment(SQLModel, table=True):
    """A workspace's learned change to one sentiment feature's weight, from its reps' label corrections."""

    team_id: str = Field(primary_key=True, max_length=32)
    feature: str = Field(primary_key=True, max_length=200)
    delta: float = 0.0
    updated_at: datetime = _ts()


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
    at: datetime = _ts()
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
    at: datetime = _ts()
    fingerprint: str = Field(default="", max_length=64)


class WebLogin(SQLModel, table=True):
    """A "Sign in with Slack" under way: the state and nonce sent to Slack, kept by the hash of the browser's cookie."""

    __tablename__ = "web_logins"

    browser_hash: str = Field(primary_key=True, max_length=64)
    state: str = Field(max_length=64)
    nonce: str = Field(max_length=64)
    return_to: str = Field(default="/portfolio", max_length=500)
    created_at: datetime = _ts()
    expires_at: datetime = _ts(index=True)


class WebSession(SQLModel, table=True):
    """Someone signed in to the portfolio pages with Slack, kept by their session cookie's hash until it expires."""

    __tablename__ = "web_sessions"

    token_hash: str = Field(primary_key=True, max_length=64)
    team_id: str = Field(max_length=32)
    user_id: str = Field(max_length=32)
    name: str = Field(default="", max_length=200)
    created_at: datetime = _ts()
    expires_at: datetime = _ts(index=True)
