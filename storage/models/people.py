"""Workspaces, reps, accounts and their contacts, and who opted out."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import Column, Index, String, UniqueConstraint
from sqlmodel import Field, SQLModel

from storage.models.base import ts
from storage.types import Money


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
    created_at: datetime = ts()
    uninstalled_at: datetime | None = ts(nullable=True)


class RepProfile(SQLModel, table=True):
    """The name a rep signs survey messages with (`/pulse brand me <name>`)."""

    team_id: str = Field(primary_key=True, max_length=32)
    user_id: str = Field(primary_key=True, max_length=32)
    display_name: str = Field(max_length=100)
    updated_at: datetime = ts()


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
    created_at: datetime = ts()
    updated_at: datetime = ts()


class OwnerChange(SQLModel, table=True):
    """One change of an account's owner, kept as history."""

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(max_length=32)
    account_id: int = Field(foreign_key="account.id", index=True, ondelete="CASCADE")
    old_owner_id: str | None = Field(default=None, max_length=32)
    new_owner_id: str = Field(max_length=32)
    changed_by: str = Field(max_length=64)
    changed_at: datetime = ts()


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
    created_at: datetime = ts()


class Suppression(SQLModel, table=True):
    """An e-mail address that opted out of surveys; honoured across every account of the workspace."""

    team_id: str = Field(primary_key=True, max_length=32)
    email: str = Field(primary_key=True, max_length=320)
    source: str = Field(default="survey", max_length=32)
    created_at: datetime = ts()
