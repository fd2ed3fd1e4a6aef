"""Which workspace a command-line run acts on, and how it resolves people."""

from __future__ import annotations

from sqlmodel import Session

from bot.config import Settings
from bot.services.demo import DEMO_TEAM
from bot.services.imports import OwnerResolver
from handlers.slack import directory
from storage.queries import accounts as account_queries


class TeamUnknown(LookupError):
    """The workspace to act on could not be determined."""


def resolve_team(settings: Settings, db: Session, explicit: str | None) -> str:
    """Returns --team, else SLACK_TEAM_ID, else the bot token's workspace, else the only one in the database."""
    if explicit:
        return explicit
    if settings.slack_team_id:
        return settings.slack_team_id
    from_token = directory.token_team_id(settings)
    if from_token:
        return from_token
    known = account_queries.list_workspace_ids(db)
    real = [team for team in known if team != DEMO_TEAM]
    if len(real) == 1 or (not real and len(known) == 1):
        return (real or known)[0]
    known = real or known
    if not known:
        raise TeamUnknown("No workspace yet: pass --team T0123ABCD (your Slack team id), or set SLACK_BOT_TOKEN.")
    raise TeamUnknown("Several workspaces share this database: pass --team with one of " + ", ".join(known) + ".")


def owner_resolver(settings: Settings) -> OwnerResolver:
    """Returns a function from e-mail to Slack user id; without a bot token every lookup finds nobody."""
    client = directory.client_for(settings)
    if client is None:
        return lambda _email: None
    return directory.SlackDirectory(client).user_id_for_email
