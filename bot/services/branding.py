"""Who customers see asking: the workspace's company, logo and colour, and each rep's own name."""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime

from sqlmodel import Session

from bot.core.branding import Brand, SetBrand
from bot.services import audit
from storage.models import RepProfile, Workspace
from storage.queries import accounts as account_queries


def set_brand(db: Session, *, team_id: str, user_id: str, change: SetBrand, now: datetime) -> Brand:
    """Applies one validated branding change (`me` is the user's own name); returns the branding now in force."""
    workspace = account_queries.ensure_workspace(db, team_id=team_id, now=now)
    before = get_brand(db, team_id=team_id, rep_id=user_id)
    if change.reset:
        workspace.brand_name = workspace.brand_logo_url = workspace.brand_accent = None
    elif change.field == "name":
        workspace.brand_name = change.value
    elif change.field == "logo":
        workspace.brand_logo_url = change.value
    elif change.field == "accent":
        workspace.brand_accent = change.value
    elif change.field == "me":
        profile = db.get(RepProfile, (team_id, user_id))
        if change.value is None:
            if profile is not None:
                db.delete(profile)
        else:
            profile = profile or RepProfile(team_id=team_id, user_id=user_id, display_name=change.value)
            profile.display_name, profile.updated_at = change.value, now
            db.add(profile)
    db.add(workspace)
    db.flush()
    after = get_brand(db, team_id=team_id, rep_id=user_id)
    audit.record(
        db,
        team_id=team_id,
        actor=user_id,
        action="brand.reset" if change.reset else f"brand.{change.field}",
        subject_type="workspace",
        subject_id=team_id,
        before=asdict(before),
        after=asdict(after),
        now=now,
    )
    return after


def get_brand(db: Session, *, team_id: str, rep_id: str | None) -> Brand:
    """Returns the workspace's branding, signed with the rep's name when the rep set one."""
    workspace = db.get(Workspace, team_id)
    profile = db.get(RepProfile, (team_id, rep_id)) if rep_id else None
    return Brand(
        company=(workspace.brand_name or "") if workspace else "",
        logo_url=(workspace.brand_logo_url or "") if workspace else "",
        accent=(workspace.brand_accent or "") if workspace else "",
        rep_name=profile.display_name if profile else "",
    )
