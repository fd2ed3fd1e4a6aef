"""What every `pulse` command shares: lazy consoles, one-line failures, settings, the database, the workspace.

Importing this module costs nothing but typer's import: everything heavy is imported where it is used.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn, cast

import typer

if TYPE_CHECKING:
    from rich.console import Console

    from bot.config import Settings
    from bot.core.tables import Decoded
    from bot.runtime import Runtime


class _LazyConsole:
    """A rich Console built on first use, so that `pulse --help` does not pay for it."""

    def __init__(self, **options: Any) -> None:
        self._options = options
        self._console: Console | None = None

    def __getattr__(self, name: str) -> Any:
        if self._console is None:
            from rich.console import Console

            self._console = Console(**self._options)
        return getattr(self._console, name)


TeamOption = Annotated[
    str | None,
    typer.Option("--team", help="Slack team id to act on (default: SLACK_TEAM_ID or the only one)."),
]

console = cast("Console", _LazyConsole(stderr=True, highlight=False, soft_wrap=True))
out = cast("Console", _LazyConsole(highlight=False, soft_wrap=True))


def escape(text: str) -> str:
    """Escapes rich markup in text that comes from files, users or errors."""
    from rich.markup import escape as rich_escape

    return rich_escape(text)


def fail(message: str, code: int = 2) -> NoReturn:
    """Ends the command with one red line on stderr and a non-zero exit."""
    console.print(f"[red]{escape(message)}[/]")
    raise typer.Exit(code)


def read_settings(*, process: bool = False, **overrides: object) -> Settings:
    """Reads the environment once and sets up logging (a one-off command reports Slack's failures itself)."""
    import logging

    from bot.config import load_settings
    from bot.logs import configure_logging

    settings = load_settings(**{k: v for k, v in overrides.items() if v is not None})
    configure_logging(settings)
    if not process:
        logging.getLogger("slack_sdk").setLevel(logging.CRITICAL)
    return settings


def redact(url: str) -> str:
    """Hides the password in a database URL."""
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


def open_runtime(settings: Settings, *, upgrade: bool = False) -> Runtime:
    """Opens the database for a command: a fresh one gets Pulse's tables; an outdated one is upgraded when asked,
    else refused (run `pulse migrate`)."""
    from bot.runtime import build_runtime
    from storage import migrate as migrations

    runtime = build_runtime(settings)
    if upgrade:
        migrations.upgrade(runtime.engine)
    elif migrations.create_if_empty(runtime.engine):
        console.print(f"Created Pulse's tables in {redact(settings.database_url)}.")
    return runtime


def read_csv(file: Path) -> Decoded:
    """Reads a CSV file in whatever encoding and delimiter it was written with, or exits saying why not."""
    from bot.core.tables import NotText, decode_csv

    try:
        decoded = decode_csv(file.read_bytes())
    except OSError as error:
        fail(f"{file}: cannot read it ({error.strerror or error}).")
    except NotText as error:
        fail(f"{file}: not a CSV file: {error}.")
    notes = [f"as {decoded.encoding}"] if decoded.encoding not in ("utf-8", "utf-8 with a BOM") else []
    if decoded.delimiter != ",":
        notes.append("semicolon-separated with decimal commas" if decoded.decimal_comma else "tab-separated")
    if notes:
        console.print(f"Reading {escape(str(file))} " + ", ".join(notes) + ".")
    return decoded


def choose_team(
    settings: Settings, db: object, explicit: str | None, *, creating: bool = False, use_slack: bool = True
) -> str:
    """Resolves the workspace the command acts on, or exits saying how to choose one; says when it is a new one."""
    from app import workspace
    from storage.queries import accounts as account_queries

    try:
        team_id = workspace.resolve_team(settings, db, explicit, creating=creating, use_slack=use_slack)  # type: ignore[arg-type]
    except workspace.TeamUnknown as error:
        fail(str(error))
    if creating and team_id not in account_queries.list_workspace_ids(db):  # type: ignore[arg-type]
        console.print(f"Workspace {team_id} is new in this database: this import is its first data.")
    return team_id
