"""The `pulse` console script: run the processes, migrate, import and export, score text.

Start-up stays fast: the command modules import only typer; everything heavy is imported by the command that uses it.
Every failure ends in main(), the one error boundary: one line on stderr and a non-zero exit, never a traceback.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated

import typer

from app.cli import digest, maintenance
from app.cli.exports import export_app
from app.cli.imports import import_app
from app.cli.support import console, escape
from app.cli.support import fail as _fail
from app.cli.support import read_settings as _settings
from app.cli.support import redact as _redact

if TYPE_CHECKING:
    from bot.config import Settings

app = typer.Typer(
    help="Pulse: which customers are about to walk away, and why.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    # Plain help: rich's help formatter imports a Markdown parser and tracebacks, a second of start-up.
    rich_markup_mode=None,
)
app.add_typer(import_app, name="import")
app.add_typer(export_app, name="export")


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
    migrations.upgrade(build_runtime(settings).engine)
    console.print(f"Database {_redact(settings.database_url)} is up to date.")


for command in (digest.demo, digest.digest, maintenance.score, maintenance.rescore, maintenance.erase):
    app.command()(command)


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
        from app.cli.errors import explain

        message, code = explain(error)
        console.print(f"[red]{escape(message)}[/]")
        sys.exit(code)


if __name__ == "__main__":
    main()
