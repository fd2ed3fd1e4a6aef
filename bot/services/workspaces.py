"""Workspace-wide settings and lifecycle: the question asked, and what an uninstall stops."""

from __future__ import annotations

from collections.abc import Callable
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
    return _set(db, team_id=team_id, name="question", value=question, now=now, actor=actor, clean=_clean_question)


def _clean_question(question: str | None) -> str | None:
    """Folds a question's white space, or raises QuestionError when it is empty or too long."""
    if question is None:
        return None
    question = " ".join(question.split())
    if not question:
        raise QuestionError("The question is empty.")
    if len(question) > MAX_QUESTION:
        raise QuestionError(f"Questions are at most {MAX_QUESTION} characters.")
    return question


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
    return _set(db, team_id=team_id, name="language", value=language, now=now, actor=actor)


def _set(
    db: Session,
    *,
    team_id: str,
    name: str,
    value: str | None,
    now: datetime,
    actor: str,
    clean: Callable[[str | None], str | None] = lambda value: value,
) -> Workspace:
    """Sets one workspace-wide setting (checked by `clean`); the audit trail keeps it before and after."""
    workspace = account_queries.ensure_workspace(db, team_id=team_id, now=now)
    value = clean(value)
    before = getattr(workspace, name)
    setattr(workspace, name, value)
    db.add(workspace)
    audit.record(
        db,
        team_id=team_id,
        actor=actor,
        action=f"{name}.set",
        subject_type="workspace",
        subject_id=team_id,
        before={name: before},
        after={name: value},
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
