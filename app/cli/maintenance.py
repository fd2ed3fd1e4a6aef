"""`pulse score|rescore|erase`: sentiment from standard input, re-scoring stored comments, erasing a person."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from app.cli.support import choose_team as _team
from app.cli.support import console, out
from app.cli.support import open_runtime as _runtime
from app.cli.support import read_settings as _settings


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
