"""The `pulse` console script: run the processes, migrate, import and export, score text.

Start-up stays fast: this module imports only typer; everything heavy is imported by the command that uses it.
Every failure ends in main(), the one error boundary: one line on stderr and a non-zero exit, never a traceback.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from app.cli_support import choose_team as _team
from app.cli_support import console, escape, out
from app.cli_support import fail as _fail
from app.cli_support import open_runtime as _runtime
from app.cli_support import read_csv as _read_csv
from app.cli_support import read_settings as _settings
from app.cli_support import redact as _redact

if TYPE_CHECKING:
    from bot.config import Settings
    from bot.core.digest import Digest

app = typer.Typer(
    help="Pulse: which customers are about to walk away, and why.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    # Plain help: rich's help formatter imports a Markdown parser and tracebacks, a second of start-up.
    rich_markup_mode=None,
)
import_app = typer.Typer(help="Import data from CSV files.", no_args_is_help=True, rich_markup_mode=None)
app.add_typer(import_app, name="import")
export_app = typer.Typer(help="Export data as CSV files.", no_args_is_help=True, rich_markup_mode=None)
app.add_typer(export_app, name="export")

TeamOption = Annotated[
    str | None,
    typer.Option("--team", help="Slack team id to act on (default: SLACK_TEAM_ID or the only one)."),
]


def _announce(settings: Settings) -> None:
    """Says where Pulse listens and what is (not yet) connected."""
    console.print(f"[bold]Pulse[/] on {settings.base_url}  (listening on {settings.host}:{settings.port})")
    console.print(f"Database: {_redact(settings.database_url)}")
    if settings.slack_configured:
        console.print(f"Slack: connected through {settings.slack_api_url}")
    else:
        console.print(
            "[yellow]Slack is not connected.[/] Set SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET "
            "(README: Create the Slack app) and restart. The health check and survey pages work meanwhile."
        )


@app.command()
def serve(
    port: Annotated[int | None, typer.Option(help="Port to listen on (default: PORT or 3000).")] = None,
    host: Annotated[str | None, typer.Option(help="Interface to bind (default: 127.0.0.1).")] = None,
) -> None:
    """Runs the web app and the clock in one process, migrating the database first (the embedded default)."""
    from app import processes

    settings = _settings(process=True, port=port, host=host)
    _announce(settings)
    processes.run_web(settings, with_clock=True)


@app.command()
def web(
    port: Annotated[int | None, typer.Option(help="Port to listen on (default: PORT or 3000).")] = None,
    host: Annotated[str | None, typer.Option(help="Interface to bind (default: 127.0.0.1).")] = None,
    workers: Annotated[int | None, typer.Option(help="Worker processes (default: WEB_CONCURRENCY or 1).")] = None,
) -> None:
    """Runs only the web app (Slack endpoint, survey pages, health check)."""
    from app import processes

    settings = _settings(process=True, port=port, host=host, web_concurrency=workers)
    _announce(settings)
    _run_or_explain(lambda: processes.run_web(settings, with_clock=False))


@app.command()
def clock() -> None:
    """Runs only the scheduled work (pulses, reminders, digests). Run exactly one, or several on PostgreSQL."""
    from app import processes

    settings = _settings(process=True)
    _run_or_explain(lambda: processes.run_clock(settings))


@app.command()
def migrate() -> None:
    """Brings the database schema up to date (the Procfile's release step)."""
    from bot.runtime import build_runtime
    from storage import migrate as migrations

    settings = _settings()
    path = settings.sqlite_path()
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
    migrations.upgrade(build_runtime(settings).engine)
    console.print(f"Database {_redact(settings.database_url)} is up to date.")


@import_app.command("accounts")
def import_accounts(
    file: Annotated[Path, typer.Argument(exists=True, dir_okay=False, readable=True, help="CSV file to import.")],
    team: TeamOption = None,
) -> None:
    """Imports accounts from CSV: name,owner,billed,forecast,contact_name,contact_email,language (twice = update)."""
    import io

    from app import workspace
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
        resolver = imports.resolve_owners(track(rows, progress), workspace.owner_resolver(settings))
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

    from app import workspace
    from app.progress import Progress, track
    from bot.core import response_formats
    from bot.core.tables import HeaderError, read_table
    from bot.services import imports, response_imports

    if file_format not in tuple(response_formats.Format):
        _fail(f"--format must be auto, pulse or delighted, not {file_format}.")
    settings = _settings()
    decoded = _read_csv(file)
    owner_id = None
    if create_accounts:
        candidate = (owner or "").strip().lstrip("@")
        owner_id = candidate if imports.SLACK_USER_ID.match(candidate) else None
        if owner_id is None and "@" in candidate:
            try:
                owner_id = workspace.owner_resolver(settings)(candidate.lower())
            except imports.OwnerLookupFailed as error:
                _fail(f"Could not look up --owner {candidate}: {error}.")
        if owner_id is None:
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


@export_app.command("responses")
def export_responses(
    file: Annotated[str, typer.Argument(help="CSV file to write, or - for standard output.")],
    team: TeamOption = None,
) -> None:
    """Writes every response with its account, contact, interaction and scores."""
    from bot.services import exports

    _export(file, team, exports.write_responses_csv, "responses")


@export_app.command("audit")
def export_audit(
    file: Annotated[str, typer.Argument(help="CSV file to write, or - for standard output.")],
    team: TeamOption = None,
) -> None:
    """Writes the audit trail: who changed what and when, with the values before and after."""
    from bot.services import audit

    _export(file, team, audit.write_csv, "audit events")


def _export(file: str, team: str | None, write: Callable[..., int], noun: str) -> None:
    """Runs one CSV export of a workspace into a file (or standard output) and says how many rows."""
    from app.progress import Progress

    settings = _settings()
    runtime = _runtime(settings)
    with runtime.reader() as db:
        team_id = _team(settings, db, team)
    try:
        handle = sys.stdout if file == "-" else open(file, "w", encoding="utf-8", newline="")  # noqa: SIM115
    except OSError as error:
        _fail(f"Cannot write {file}: {error.strerror or error}.")
    with Progress(f"Exporting {noun}") as progress, handle, runtime.transaction() as db:
        count = write(db, team_id=team_id, out=handle, progress=progress.advance)
    console.print(f"Exported {count} {noun} of workspace {team_id}.")


@app.command()
def demo(
    team: Annotated[str, typer.Option("--team", help="Workspace id to seed (default: a separate demo workspace).")] = (
        "T0DEMO000"
    ),
) -> None:
    """Seeds a realistic sample portfolio into the configured database and prints today's digest."""
    from app import terminal
    from app.progress import Progress
    from bot.core.survey import survey_links
    from bot.services import demo as demo_service
    from bot.services import digests
    from bot.services.demo_data import COMPANIES, REPS

    settings = _settings()
    runtime = _runtime(settings, upgrade=True)
    with Progress("Seeding sample accounts", total=len(COMPANIES)) as progress, runtime.transaction() as db:
        report = demo_service.seed(
            db, now=runtime.now(), team_id=team, progress=lambda done: progress.advance(done - progress.done)
        )
    with runtime.transaction() as db:
        digest = digests.build(
            db, team_id=team, now=runtime.now(), config=runtime.classify_config, cap=settings.pulse_digest_cap
        )
        token = demo_service.sample_survey_token(db, team_id=team, now=runtime.now())
    if report.interactions:
        console.print(
            f"Seeded {report.accounts} sample accounts with {report.interactions} interactions and "
            f"{report.responses} answers into {_redact(settings.database_url)} (workspace {team})."
        )
    terminal.print_digest(out, digest, names={k: f"@{v}" for k, v in REPS.items()})
    if token is not None:
        link = survey_links(settings.base_url, token).page
        out.print(f"Answer a sample survey as a customer would (once Pulse runs): {link}", soft_wrap=True)


@app.command()
def digest(
    channel: Annotated[str | None, typer.Option(help="Post now to this channel id (its subscription's scope).")] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Print the digest here instead of posting it.")] = False,
    output: Annotated[
        str, typer.Option("--format", help="text, or json: the full ranked list for scripts (schema in README).")
    ] = "text",
    team: TeamOption = None,
) -> None:
    """Builds today's digest and posts it to a channel now, or prints it in the terminal (or as JSON)."""
    from app import terminal
    from bot.services import digests, people, subscriptions
    from handlers.slack import directory

    if output not in ("text", "json"):
        console.print(f"[red]--format must be text or json, not {escape(output)}.[/]")
        raise typer.Exit(2)
    settings = _settings()
    runtime = _runtime(settings)
    names: dict[str, str] = {}
    with runtime.transaction() as db:
        team_id = _team(settings, db, team, use_slack=channel is not None and not dry_run)
        sub = subscriptions.get_for_channel(db, team_id=team_id, channel_id=channel) if channel else None
        built = digests.build(
            db,
            team_id=team_id,
            owner_ids=tuple(sub.owner_ids) if sub else (),
            now=runtime.now(),
            config=runtime.classify_config,
            cap=settings.pulse_digest_cap,
            max_entries=1_000_000 if output == "json" else 200,
        )
        if output != "json" and (dry_run or channel is None):
            client = directory.client_for(settings)
            owners = [e.owner_id for e in (*built.at_risk, *built.growth)]
            lookup = directory.display_name_lookup(client) if client else None
            names = people.display_names(db, team_id=team_id, user_ids=owners, now=runtime.now(), lookup=lookup)
    if output == "json":
        _print_digest_json(built)
        return
    if dry_run or channel is None:
        terminal.print_digest(out, built, names=names)
        return
    try:
        ts = directory.post_digest_now(settings, channel=channel, digest=built)
    except directory.SlackUnavailable as error:
        console.print(f"[red]{escape(str(error))}[/]")
        raise typer.Exit(2) from None
    console.print(f"Posted the digest to {channel} (message {ts}).")


def _print_digest_json(built: Digest) -> None:
    """Writes the digest as one JSON document on standard output (the stable schema in the README)."""
    from bot.core import digest_json

    out.file.write(digest_json.dumps(built) + "\n")


@app.command()
def score(
    language: Annotated[
        str | None, typer.Option("--language", help="The writers' language (en, de, fr, es) when a text doesn't tell.")
    ] = None,
) -> None:
    """Scores one text per line from standard input; writes one JSON object per line (polarity, label, cues)."""
    import json

    from bot.core.sentiment import score_text

    for line in sys.stdin:
        result = score_text(line.rstrip("\n"), language=language)
        out.file.write(
            json.dumps(
                {
                    "polarity": round(result.polarity, 4),
                    "label": result.label,
                    "cues": list(result.cues),
                    "language": result.language or None,
                },
                ensure_ascii=False,
            )
            + "\n"
        )


@app.command()
def rescore(
    all_responses: Annotated[
        bool, typer.Option("--all", help="Re-score every response, not only outdated ones.")
    ] = False,
) -> None:
    """Re-scores stored comments with the current sentiment scorer (rep corrections stay) and refreshes aggregates."""
    from app.progress import Progress
    from bot.core.sentiment import SCORER_VERSION
    from bot.services import responses

    settings = _settings()
    runtime = _runtime(settings)
    with Progress("Re-scoring responses") as progress, runtime.transaction() as db:
        count = responses.rescore_all(db, now=runtime.now(), only_outdated=not all_responses, progress=progress.advance)
    console.print(f"Re-scored {count} responses with {SCORER_VERSION}.")


@app.command()
def erase(
    email: Annotated[str, typer.Option("--email", help="The person's e-mail address.")],
    team: Annotated[str | None, typer.Option("--team", help="Only this workspace (default: every workspace).")] = None,
    yes: Annotated[bool, typer.Option("--yes", help="Do not ask for confirmation.")] = False,
) -> None:
    """Erases a contact's personal data and comments everywhere, keeping anonymous answers and scores."""
    from bot.services import privacy
    from storage import db as storage_db

    if not yes and not typer.confirm(f"Erase {email}'s personal data and comments? This cannot be undone"):
        raise typer.Exit(1)
    settings = _settings()
    runtime = _runtime(settings)
    if team is not None:
        with runtime.reader() as db:
            _team(settings, db, team)
    with runtime.transaction() as db:
        report = privacy.erase_contact(db, email=email, now=runtime.now(), team_id=team, actor="cli:erase")
    console.print(
        f"Erased {report.contacts} contact records, {report.responses} comments, {report.interactions} notes, "
        f"{report.pulses} survey links and {report.pending} waiting logs; "
        f"{report.accounts} accounts' figures recomputed."
    )
    if not storage_db.checkpoint(runtime.engine):
        console.print("The database's write-ahead log is busy; erased data leaves it at the next checkpoint.")
        raise typer.Exit(1)


def _run_or_explain(run: Callable[[], None]) -> None:
    """Runs a process, turning a known start-up problem into one clear line instead of a traceback."""
    from storage.migrate import NotMigrated

    try:
        run()
    except NotMigrated as error:
        _fail(str(error))


def main() -> None:
    """Entry point of the `pulse` console script, and its one error boundary: one line and an exit code per failure."""
    try:
        app(prog_name="pulse")
    except KeyboardInterrupt:
        console.print("Interrupted.")
        sys.exit(130)
    except Exception as error:
        if os.environ.get("PULSE_DEBUG"):
            raise
        from app.cli_errors import explain

        message, code = explain(error)
        console.print(f"[red]{escape(message)}[/]")
        sys.exit(code)


if __name__ == "__main__":
    main()
