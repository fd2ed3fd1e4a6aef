"""Queries of the portfolio pages' Sign in with Slack: logins under way, sessions, installed workspaces. No commits."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select
from sqlmodel import Session, SQLModel, col

from storage import statements
from storage.models import SLACK_BOTS, Account, Interaction, WebLogin, WebSession, Workspace


def add_login(session: Session, login: WebLogin) -> None:
    """Stores a sign-in under way."""
    statements.inserted(session, login)


def take_login(session: Session, *, browser_hash: str, now: datetime) -> WebLogin | None:
    """Removes and returns the browser's sign-in under way, if it has not expired (each one is used once)."""
    login = session.get(WebLogin, browser_hash)
    if login is None:
        return None
    session.delete(login)
    session.flush()
    return login if login.expires_at > now else None


def add_session(session: Session, web_session: WebSession) -> None:
    """Stores a new session."""
    statements.inserted(session, web_session)


def live_session(session: Session, *, token_hash: str, now: datetime) -> WebSession | None:
    """Returns the session with this cookie hash unless it has expired."""
    found = session.get(WebSession, token_hash)
    return found if found is not None and found.expires_at > now else None


def end_session(session: Session, *, token_hash: str) -> None:
    """Deletes a session (signing out)."""
    session.execute(delete(WebSession).where(col(WebSession.token_hash) == token_hash))


def forget_expired(session: Session, *, now: datetime) -> int:
    """Deletes expired sessions and sign-ins under way; returns how many went."""
    gone = 0
    for table in (WebSession, WebLogin):
        result = session.execute(delete(table).where(col(table.expires_at) <= now))
        gone += int(getattr(result, "rowcount", 0) or 0)
    return gone


def workspace_active(session: Session, *, team_id: str) -> bool:
    """Tells whether the database knows this workspace and it has not uninstalled Pulse."""
    workspace = session.get(Workspace, team_id)
    return workspace is not None and workspace.uninstalled_at is None


def uninstalled(session: Session, *, team_id: str) -> bool:
    """Tells whether the workspace removed Pulse (and has not installed it again)."""
    workspace = session.get(Workspace, team_id)
    return workspace is not None and workspace.uninstalled_at is not None


def has_bot(session: Session, *, team_id: str, client_id: str) -> bool:
    """Tells whether the app (by its client id) holds a bot installation in this workspace."""
    bots = SQLModel.metadata.tables[SLACK_BOTS]
    found = session.execute(
        select(bots.c.id).where(bots.c.client_id == client_id, bots.c.team_id == team_id).limit(1)
    ).first()
    return found is not None


def owner_ids(session: Session, *, team_id: str) -> list[str]:
    """Returns the Slack ids of everyone who owns one of the workspace's accounts."""
    rows = session.execute(
        select(col(Account.owner_id)).where(col(Account.team_id) == team_id).distinct().order_by(col(Account.owner_id))
    )
    return [str(row[0]) for row in rows]


def rep_ids(session: Session, *, team_id: str, account_id: int) -> list[str]:
    """Returns the Slack ids of the reps who logged interactions with one of the workspace's accounts."""
    rows = session.execute(
        select(col(Interaction.rep_id))
        .where(col(Interaction.team_id) == team_id, col(Interaction.account_id) == account_id)
        .distinct()
        .order_by(col(Interaction.rep_id))
    )
    return [str(row[0]) for row in rows]
