"""`pulse export responses|audit`: a workspace's data as CSV, to a file or standard output."""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable
from typing import Annotated

import typer

from app.cli.support import TeamOption, console
from app.cli.support import choose_team as _team
from app.cli.support import fail as _fail
from app.cli.support import open_runtime as _runtime
from app.cli.support import read_settings as _settings

export_app = typer.Typer(help="Export data as CSV files.", no_args_is_help=True, rich_markup_mode=None)


FileArgument = Annotated[str, typer.Argument(help="CSV file to write, or - for standard output.")]


def _export_command(module: str, function: str, noun: str, summary: str) -> Callable[..., None]:
    """Builds one `pulse export` command: the writer is imported only when the command runs."""

    def command(file: FileArgument, team: TeamOption = None) -> None:
        _export(file, team, getattr(importlib.import_module(module), function), noun)

    command.__doc__ = summary
    return command


export_app.command("responses")(
    _export_command(
        "bot.services.exports",
        "write_responses_csv",
        "responses",
        "Writes every response with its account, contact, interaction and scores.",
    )
)
export_app.command("audit")(
    _export_command(
        "bot.services.audit",
        "write_csv",
        "audit events",
        "Writes the audit trail: who changed what and when, with the values before and after.",
    )
)


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
