"""The `pulse` console script: run the processes, migrate, import and export, score text."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.markup import escape

from bot.config import Settings, load_settings
from bot.core.tables import HeaderError, read_rows
from bot.logs import configure_logging
from bot.services import imports

if TYPE_CHECKING:
    from bot.core.digest import Digest

app = typer.Typer(help="Pulse: which customers are about to walk away, and why.", no_args_is_help=True)
import_app = typer.Typer(help="Import data from CSV files.", no_args_is_help=True)
app.add_typer(import_app, name="import")
export_app = typer.Typer(help="Export data as CSV files.", no_args_is_help=True)
app.add_typer(export_app, name="export")

console = Console(stderr=True, highlight=False, soft_wrap=True)
out = Console(highlight=False, soft_wrap=True)

TeamOption = Annotated[
    str | None,
    typer.Option("--team", help="Slack team id to act on (default: SLACK_TEAM_ID or the only one)."),
]


def _settings(**overrides: object) -> Settings:
    """Reads the environment once and sets up logging."""
    settings = load_settings(**{k: v for k, v in overrides.items() if v is not None})
    configure_logging(settings)
    return settings


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


def _redact(url: str) -> str:
    """Hides the password in a database URL."""
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


@app.command()
def serve(
    port: Annotated[int | None, typer.Option(help="Port to listen on (default: PORT or 3000).")] = None,
    host: Annotated[str | None, typer.Option(help="Interface to bind (default: 127.0.0.1).")] = None,
) -> None:
    """Runs the web app and the clock in one process, migrating the database first (the embedded default)."""
    from bot import processes

    settings = _settings(port=port, host=host)
    _announce(settings)
    processes.run_web(settings, with_clock=True)


@app.command()
def web(
    port: Annotated[int | None, typer.Option(help="Port to listen on (default: PORT or 3000).")] = None,
    host: Annotated[str | None, typer.Option(help="Interface to bind (default: 127.0.0.1).")] = None,
    workers: Annotated[int | None, typer.Option(help="Worker processes (default: WEB_CONCURRENCY or 1).")] = None,
) -> None:
    """Runs only the web app (Slack endpoint, survey pages, health check)."""
    from bot import processes

    settings = _settings(port=port, host=host, web_concurrency=workers)
    _announce(settings)
    _run_or_explain(lambda: processes.run_web(settings, with_clock=False))


@app.command()
def clock() -> None:
    """Runs only the scheduled work (pulses, reminders, digests). Run exactly one, or several on PostgreSQL."""
    from bot import processes

    settings = _settings()
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
    """Imports accounts from CSV: name,owner,billed,forecast,contact_name,contact_email (twice = update)."""
    from bot import workspace
    from bot.runtime import build_runtime

    settings = _settings()
    runtime = build_runtime(settings)
    resolver = workspace.owner_resolver(settings)
    with file.open(encoding="utf-8-sig", newline="") as handle, runtime.transaction() as db:
        team_id = _team(settings, db, team)
        try:
            rows = read_rows(handle, required=imports.REQUIRED_ACCOUNT_COLUMNS)
            report = imports.import_accounts(db, team_id=team_id, rows=rows, resolve_owner=resolver, now=runtime.now())
        except HeaderError as error:
            console.print(f"[red]{escape(str(file))}:1: {escape(str(error))}[/]")
            raise typer.Exit(2) from None
    for problem in report.errors:
        console.print(f"[red]{escape(str(file))}:{problem.line}:[/] {escape(problem.message)}")
    console.print(
        f"Accounts: {report.created} created, {report.updated} updated, {report.unchanged} unchanged; "
        f"{report.contacts_added} contacts added; {len(report.errors)} rows rejected."
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
    from bot import workspace
    from bot.core import response_formats
    from bot.core.tables import read_table
    from bot.runtime import build_runtime
    from bot.services import response_imports

    if file_format not in tuple(response_formats.Format):
        console.print(f"[red]--format must be auto, pulse or delighted, not {escape(file_format)}.[/]")
        raise typer.Exit(2)
    settings = _settings()
    owner_id = None
    if create_accounts:
        candidate = (owner or "").strip().lstrip("@")
        owner_id = candidate if imports.SLACK_USER_ID.match(candidate) else None
        if owner_id is None and "@" in candidate:
            owner_id = workspace.owner_resolver(settings)(candidate.lower())
        if owner_id is None:
            console.print("[red]--create-accounts needs --owner: a Slack user id like U012AB3CD, or their e-mail.[/]")
            raise typer.Exit(2)
    runtime = build_runtime(settings)
    with file.open(encoding="utf-8-sig", newline="") as handle, runtime.transaction() as db:
        team_id = _team(settings, db, team)
        try:
            header, rows = read_table(handle)
            layout = response_formats.read_layout(
                header, requested=response_formats.Format(file_format), account_column=account_column
            )
            report = response_imports.import_responses(
                db, team_id=team_id, layout=layout, rows=rows, now=runtime.now(), owner_id=owner_id
            )
        except HeaderError as error:
            console.print(f"[red]{escape(str(file))}:1: {escape(str(error))}[/]")
            raise typer.Exit(2) from None
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
    from bot.runtime import build_runtime
    from bot.services import exports

    settings = _settings()
    runtime = build_runtime(settings)
    with runtime.transaction() as db:
        team_id = _team(settings, db, team)
        if file == "-":
            count = exports.write_responses_csv(db, team_id=team_id, out=sys.stdout)
        else:
            with open(file, "w", encoding="utf-8", newline="") as handle:
                count = exports.write_responses_csv(db, team_id=team_id, out=handle)
    console.print(f"Exported {count} responses of workspace {team_id}.")


@app.command()
def demo(
    team: Annotated[str, typer.Option("--team", help="Workspace id to seed (default: a separate demo workspace).")] = (
        "T0DEMO000"
    ),
) -> None:
    """Seeds a realistic sample portfolio into the configured database and prints today's digest."""
    from bot import terminal
    from bot.processes import prepare
    from bot.services import demo as demo_service
    from bot.services import digests
    from bot.services.demo_data import REPS

    settings = _settings()
    runtime = prepare(settings, auto_migrate=True)
    with runtime.transaction() as db:
        report = demo_service.seed(db, now=runtime.now(), team_id=team)
    with runtime.transaction() as db:
        digest = digests.build(
            db, team_id=team, now=runtime.now(), config=runtime.classify_config, cap=settings.pulse_digest_cap
        )
    if report.interactions:
        console.print(
            f"Seeded {report.accounts} sample accounts with {report.interactions} interactions and "
            f"{report.responses} answers into {_redact(settings.database_url)} (workspace {team})."
        )
    terminal.print_digest(out, digest, names={k: f"@{v}" for k, v in REPS.items()})


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
    from bot import terminal
    from bot.runtime import build_runtime
    from bot.services import digests, subscriptions
    from handlers.slack import directory

    if output not in ("text", "json"):
        console.print(f"[red]--format must be text or json, not {escape(output)}.[/]")
        raise typer.Exit(2)
    settings = _settings()
    runtime = build_runtime(settings)
    with runtime.transaction() as db:
        team_id = _team(settings, db, team)
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
    if output == "json":
        _print_digest_json(built)
        return
    if dry_run or channel is None:
        terminal.print_digest(out, built)
        return
    try:
        ts = directory.post_digest_now(settings, channel=channel, digest=built)
    except directory.SlackUnavailable as error:
        console.print(f"[red]{escape(str(error))}[/]")
        raise typer.Exit(2) from None
    console.print(f"Posted the digest to {channel} (message {ts}).")


def _print_digest_json(built: Digest) -> None:
    """Writes the digest as one JSON document on standard output (the stable schema in the README)."""
    import json

    from bot.core import digest_json

    out.file.write(json.dumps(digest_json.document(built), ensure_ascii=False, indent=2) + "\n")


@app.command()
def score() -> None:
    """Scores one text per line from standard input; writes one JSON object per line (polarity, label, cues)."""
    import json

    from bot.core.sentiment import score_text

    for line in sys.stdin:
        result = score_text(line.rstrip("\n"))
        out.file.write(
            json.dumps(
                {"polarity": round(result.polarity, 4), "label": result.label, "cues": list(result.cues)},
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
    from bot.core.sentiment import SCORER_VERSION
    from bot.runtime import build_runtime
    from bot.services import responses

    settings = _settings()
    runtime = build_runtime(settings)
    with runtime.transaction() as db:
        count = responses.rescore_all(db, now=runtime.now(), only_outdated=not all_responses)
    console.print(f"Re-scored {count} responses with {SCORER_VERSION}.")


@app.command()
def erase(
    email: Annotated[str, typer.Option("--email", help="The person's e-mail address.")],
    team: Annotated[str | None, typer.Option("--team", help="Only this workspace (default: every workspace).")] = None,
    yes: Annotated[bool, typer.Option("--yes", help="Do not ask for confirmation.")] = False,
) -> None:
    """Erases a contact's personal data and comments everywhere, keeping anonymous answers and scores."""
    from bot.runtime import build_runtime
    from bot.services import privacy

    if not yes and not typer.confirm(f"Erase {email}'s personal data and comments? This cannot be undone"):
        raise typer.Exit(1)
    settings = _settings()
    runtime = build_runtime(settings)
    with runtime.transaction() as db:
        report = privacy.erase_contact(db, email=email, now=runtime.now(), team_id=team)
    console.print(
        f"Erased {report.contacts} contact records, {report.responses} comments, {report.interactions} notes and "
        f"{report.pulses} survey links; {report.accounts} accounts' figures recomputed."
    )


def _team(settings: Settings, db: object, explicit: str | None) -> str:
    """Resolves the workspace the command acts on, or exits saying how to choose one."""
    from bot import workspace

    try:
        return workspace.resolve_team(settings, db, explicit)  # type: ignore[arg-type]
    except workspace.TeamUnknown as error:
        console.print(f"[red]{escape(str(error))}[/]")
        raise typer.Exit(2) from None


def _run_or_explain(run: Callable[[], None]) -> None:
    """Runs a process, turning a known start-up problem into one clear line instead of a traceback."""
    from bot.processes import NotMigrated

    try:
        run()
    except NotMigrated as error:
        console.print(f"[red]{escape(str(error))}[/]")
        raise typer.Exit(2) from None


def main() -> None:
    """Entry point of the `pulse` console script."""
    app(prog_name="pulse")


if __name__ == "__main__":
    main()
