"""`pulse import accounts|responses`: CSV files into a workspace, owners looked up in Slack before the transaction."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from app.cli.support import TeamOption, console, escape
from app.cli.support import choose_team as _team
from app.cli.support import fail as _fail
from app.cli.support import open_runtime as _runtime
from app.cli.support import read_csv as _read_csv
from app.cli.support import read_settings as _settings

if TYPE_CHECKING:
    from bot.runtime import Runtime
    from bot.services.imports import OwnerResolver

import_app = typer.Typer(help="Import data from CSV files.", no_args_is_help=True, rich_markup_mode=None)


@import_app.command("accounts")
def import_accounts(
    file: Annotated[Path, typer.Argument(exists=True, dir_okay=False, readable=True, help="CSV file to import.")],
    team: TeamOption = None,
) -> None:
    """Imports accounts from CSV: name,owner,billed,forecast,contact_name,contact_email,language (twice = update)."""
    import io

    from app.progress import Progress, track
    from bot.core.tables import HeaderError, read_rows
    from bot.services import imports

    settings = _settings()
    decoded = _read_csv(file)
    try:
        rows = list(
            read_rows(
                io.StringIO(decoded.text, newline=""),
                required=imports.REQUIRED_ACCOUNT_COLUMNS,
                delimiter=decoded.delimiter,
            )
        )
    except HeaderError as error:
        _fail(f"{file}:1: {error}")
    runtime = _runtime(settings)
    with runtime.reader() as db:
        team_id = _team(settings, db, team, creating=True)
    # Slack look-ups happen before the transaction, so a slow or rate-limited Slack never blocks other commands.
    with Progress("Looking up owners", total=len(rows)) as progress:
        resolver = imports.resolve_owners(track(rows, progress), _owner_resolver(runtime, team_id))
    with Progress("Importing accounts", total=len(rows)) as progress, runtime.transaction() as db:
        report = imports.import_accounts(
            db,
            team_id=team_id,
            rows=track(rows, progress),
            resolve_owner=resolver,
            now=runtime.now(),
            decimal_comma=decoded.decimal_comma,
        )
    for problem in report.errors:
        console.print(f"[red]{escape(str(file))}:{problem.line}:[/] {escape(problem.message)}")
    console.print(
        f"Accounts: {report.created} created, {report.updated} updated, {report.unchanged} unchanged; "
        f"{report.contacts_added} contacts added; {len(report.errors)} rows rejected (workspace {team_id})."
    )
    if report.errors:
        raise typer.Exit(1)


@import_app.command("responses")
def import_responses(
    file: Annotated[Path, typer.Argument(exists=True, dir_okay=False, readable=True, help="CSV file to import.")],
    file_format: Annotated[str, typer.Option("--format", help="auto, pulse (a Pulse export) or delighted.")] = "auto",
    account_column: Annotated[
        str | None, typer.Option("--account-column", help="Column naming the account (default: account, company…).")
    ] = None,
    create_accounts: Annotated[
        bool, typer.Option("--create-accounts", help="Create accounts the account column names (needs --owner).")
    ] = False,
    owner: Annotated[
        str | None, typer.Option("--owner", help="Owner of created accounts: a Slack user id, or their e-mail.")
    ] = None,
    team: TeamOption = None,
) -> None:
    """Imports past survey responses (a Pulse export, or Delighted's CSV export) into account histories."""
    import io

    from app.progress import Progress, track
    from bot.core import response_formats
    from bot.core.tables import HeaderError, read_table
    from bot.services import imports, response_imports

    if file_format not in tuple(response_formats.Format):
        _fail(f"--format must be auto, pulse or delighted, not {file_format}.")
    settings = _settings()
    decoded = _read_csv(file)
    candidate = (owner or "").strip().lstrip("@")
    owner_id = candidate if imports.SLACK_USER_ID.match(candidate) else None
    if create_accounts and owner_id is None and "@" not in candidate:
        _fail("--create-accounts needs --owner: a Slack user id like U012AB3CD, or their e-mail.")
    try:
        header, rows = read_table(io.StringIO(decoded.text, newline=""), delimiter=decoded.delimiter)
        layout = response_formats.read_layout(
            header, requested=response_formats.Format(file_format), account_column=account_column
        )
    except HeaderError as error:
        _fail(f"{file}:1: {error}")
    runtime = _runtime(settings)
    with runtime.reader() as db:
        team_id = _team(settings, db, team, creating=True)
    if create_accounts and owner_id is None:
        try:
            owner_id = _owner_resolver(runtime, team_id)(candidate.lower())
        except imports.OwnerLookupFailed as error:
            _fail(f"Could not look up --owner {candidate}: {error}.")
        if owner_id is None:
            _fail("--create-accounts needs --owner: a Slack user id like U012AB3CD, or their e-mail.")
    owner_id = owner_id if create_accounts else None
    with Progress("Importing responses") as progress, runtime.transaction() as db:
        report = response_imports.import_responses(
            db, team_id=team_id, layout=layout, rows=track(rows, progress), now=runtime.now(), owner_id=owner_id
        )
    for problem in report.rejected:
        console.print(f"[red]{escape(str(file))}:{problem.line}:[/] {escape(problem.message)}")
    for note in report.scoring_notes():
        console.print(escape(note))
    console.print(
        f"Responses ({layout.format.value}): {report.imported} imported"
        + (f" ({report.unanswered} of them pulses never answered)" if report.unanswered else "")
        + f", {report.already_imported} already imported; "
        f"{report.accounts_created} accounts created, {report.contacts_added} contacts added; "
        f"{len(report.rejected)} rows rejected."
    )
    if report.unmatched and "account" in layout.columns and not create_accounts:
        console.print("Rows naming an unknown account can create it: add --create-accounts --owner U….")
    if report.rejected:
        raise typer.Exit(1)


def _owner_resolver(runtime: Runtime, team_id: str) -> OwnerResolver:
    """Returns the workspace's e-mail to Slack user lookup, through the Slack gateway (nobody found without Slack)."""
    from app import workspace
    from handlers.slack import installations

    return workspace.owner_resolver(installations.gateway(runtime, for_terminal=True), team_id)
