"""Who is signed in to the portfolio pages with Slack, and the sign-ins under way."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel

from storage.models.base import ts


class WebLogin(SQLModel, table=True):
    """A "Sign in with Slack" under way: the state and nonce sent to Slack, kept by the hash of the browser's cookie."""

    __tablename__ = "web_logins"

    browser_hash: str = Field(primary_key=True, max_length=64)
    state: str = Field(max_length=64)
    nonce: str = Field(max_length=64)
    return_to: str = Field(default="/portfolio", max_length=500)
    created_at: datetime = ts()
    expires_at: datetime = ts(index=True)


class WebSession(SQLModel, table=True):
    """Someone signed in to the portfolio pages with Slack, kept by their session cookie's hash until it expires."""

    __tablename__ = "web_sessions"

    token_hash: str = Field(primary_key=True, max_length=64)
    team_id: str = Field(max_length=32)
    user_id: str = Field(max_length=32)
    name: str = Field(default="", max_length=200)
    created_at: datetime = ts()
    expires_at: datetime = ts(index=True)
