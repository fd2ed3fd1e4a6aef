"""Workspace-wide settings and lifecycle: the question asked, and what an uninstall stops."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session

from bot.services import audit, subscriptions
from storage.models import Workspace
from storage.queries import accounts as account_queries

MAX_QUESTION = 200


class QuestionError(ValueError):
    """A question that cannot be asked (empty or too long)."""


def set_question(db: Session, *, team_id: str, question: str | None, now: datetime, actor: str = "cli") -> Workspace:
    """Sets the question this workspace asks its customers; None restores "Would you buy from us again?"."""
    workspace = account_queries.ensure_workspace(db, team_id=team_id, now=now)
    before = workspace.question
    if question is not None:
        question = " ".join(question.split())
        if not question:
            raise QuestionError("The question is empty.")
        if len(question) > MAX_QUESTION:
            raise QuestionError(f"Questions are at most {MAX_QUESTION} characters.")
    workspace.question = question
    db.add(workspace)
    audit.record(
        db,
        team_id=team_id,
        actor=actor,
        action="question.set",
        subject_type="workspace",
        subject_id=team_id,
        before={"question": before},
        after={"question": question},
        now=now,
    )
    return workspace


def get_question(db: Session, *, team_id: str) -> str | None:
    """Returns the workspace's own question, or None when it asks the default one."""
    workspace = db.get(Workspace, team_id)
    return workspace.question if workspace else None


def get_language(db: Session, *, team_id: str) -> str | None:
    """Returns the language the workspace reads Pulse in (None: English)."""
    workspace = db.get(Workspace, team_id)
    return workspace.language if workspace else None


def set_language(db: Session, *, team_id: str, language: str, now: datetime, actor: str = "") -> Workspace:
    """Sets the language Pulse speaks to reps in this workspace (and its default for contacts)."""
    workspace = account_queries.ensure_workspace(db, team_id=team_id, now=now)
    before = workspace.language
    workspace.language = language
    db.add(workspace)
    audit.record(
        db,
        team_id=team_id,
        actor=actor,
        action="language.set",
        subject_type="workspace",
        subject_id=team_id,
        before={"language": before},
        after={"language": language},
        now=now,
    )
    return workspace


def forget_workspace(db: Session, *, team_id: str, now: datetime) -> None:
    """Marks a workspace uninstalled and stops its digests; its data stays for a reinstall or an export."""
    workspace = db.get(Workspace, team_id)
    if workspace is not None:
        workspace.uninstalled_at = now
        db.add(workspace)
    for sub in subscriptions.list_for(db, team_id=team_id):
        subscriptions.unsubscribe(db, team_id=team_id, channel_id=sub.channel_id)


def mark_installed(db: Session, *, team_id: str, name: str, now: datetime) -> None:
    """Records (again) that Pulse is installed in a workspace."""
    workspace = account_queries.ensure_workspace(db, team_id=team_id, now=now, name=name)
    workspace.uninstalled_at = None
    if name:
        workspace.name = name
    db.add(workspace)
