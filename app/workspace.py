"""Which workspace a command-line run acts on, and how it resolves people."""

from __future__ import annotations

from sqlmodel import Session

from bot.config import Settings
from bot.services.demo import DEMO_TEAM
from bot.services.imports import OwnerLookupFailed, OwnerResolver
from bot.services.ports import DeliveryError
from handlers.slack import gateway as slack_gateway
from storage.queries import accounts as account_queries


class TeamUnknown(LookupError):
    """The workspace to act on could not be determined."""


def resolve_team(
    settings: Settings, db: Session, explicit: str | None, *, use_slack: bool = True, creating: bool = False
) -> str:
    """Returns --team, else SLACK_TEAM_ID, else the bot token's workspace, else the only real one in the database.

    A workspace named but absent from the database is refused unless the command creates it (imports); an
    import never falls back to the demo workspace on its own."""
    known = account_queries.list_workspace_ids(db)
    chosen = explicit or settings.slack_team_id or (slack_gateway.token_team_id(settings) if use_slack else None)
    if chosen:
        if creating or chosen in known:
            return chosen
        where = f"; it has {', '.join(known)}" if known else " (it has none yet)"
        raise TeamUnknown(f"Workspace {chosen} has no data in this database{where}: nothing to do.")
    real = [team for team in known if team != DEMO_TEAM]
    if len(real) == 1:
        return real[0]
    if real:
        raise TeamUnknown("Several workspaces share this database: pass --team with one of " + ", ".join(real) + ".")
    if known and not creating:
        return DEMO_TEAM
    if known:
        raise TeamUnknown(
            f"This database holds only the demo workspace ({DEMO_TEAM}, from `pulse demo`). To import your own data, "
            f"pass --team T0123ABCD (your Slack team id) or set SLACK_BOT_TOKEN; --team {DEMO_TEAM} adds to the demo."
        )
    raise TeamUnknown("No workspace yet: pass --team T0123ABCD (your Slack team id), or set SLACK_BOT_TOKEN.")


def owner_resolver(gateway: slack_gateway.SlackGateway | None, team_id: str) -> OwnerResolver:
    """Returns a function from e-mail to Slack user id in the workspace; without Slack every lookup finds nobody."""
    if gateway is None:
        return lambda _email: None
    reachable = gateway

    def resolve(email: str) -> str | None:
        try:
            user = reachable.user_by_email(team_id, email)
        except DeliveryError as error:
            raise OwnerLookupFailed(str(error)) from None
        return str(user["id"]) if user is not None else None

    return resolve
