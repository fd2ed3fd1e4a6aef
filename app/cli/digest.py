"""`pulse demo` and `pulse digest`: today's digest in the terminal, as JSON, or posted to a channel."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from app.cli.support import TeamOption, console, escape, out
from app.cli.support import choose_team as _team
from app.cli.support import fail as _fail
from app.cli.support import open_runtime as _runtime
from app.cli.support import read_settings as _settings
from app.cli.support import redact as _redact

if TYPE_CHECKING:
    from bot.core.digest import Digest
    from bot.runtime import Runtime


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


def digest(
    channel: Annotated[str | None, typer.Option(help="Post now to this channel id (its subscription's scope).")] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Print the digest here instead of posting it.")] = False,
    output: Annotated[
        str, typer.Option("--format", help="text, or json: the full ranked list for scripts (schema in README).")
    ] = "text",
    team: TeamOption = None,
) -> None:
    """Builds today's digest and posts it to a channel now (once a day), or prints it in the terminal (or as JSON)."""
    from app import terminal
    from bot.services import digests, people
    from handlers.slack import installations

    if output not in ("text", "json"):
        console.print(f"[red]--format must be text or json, not {escape(output)}.[/]")
        raise typer.Exit(2)
    settings = _settings()
    runtime = _runtime(settings)
    posting = channel is not None and not dry_run and output == "text"
    with runtime.reader() as db:
        team_id = _team(settings, db, team, use_slack=channel is not None and not dry_run)
    if posting:
        assert channel is not None
        _post(runtime, team_id=team_id, channel=channel)
        return
    with runtime.transaction() as db:
        owner_ids = _channel_scope(db, team_id=team_id, channel=channel)
        built = digests.build(
            db,
            team_id=team_id,
            owner_ids=owner_ids,
            now=runtime.now(),
            config=runtime.classify_config,
            cap=settings.pulse_digest_cap,
            max_entries=1_000_000 if output == "json" else 200,
        )
        if output == "json":
            _print_digest_json(built)
            return
        gateway = installations.gateway(runtime, for_terminal=True)
        owners = [e.owner_id for e in (*built.at_risk, *built.growth)]
        lookup = gateway.display_names(team_id) if gateway is not None else None
        names = people.display_names(db, team_id=team_id, user_ids=owners, now=runtime.now(), lookup=lookup)
    terminal.print_digest(out, built, names=names)


def _channel_scope(db: object, *, team_id: str, channel: str | None) -> tuple[str, ...]:
    """Returns the owners a channel's subscription covers (everyone's when it has none)."""
    from bot.services import subscriptions

    sub = subscriptions.get_for_channel(db, team_id=team_id, channel_id=channel) if channel else None  # type: ignore[arg-type]
    return tuple(sub.owner_ids) if sub else ()


def _post(runtime: Runtime, *, team_id: str, channel: str) -> None:
    """Posts today's digest to the channel through the clock's poster, unless today's is already there."""
    import os
    import socket

    from bot.services import digest_now
    from bot.services.ports import DeliveryError
    from handlers.slack import installations
    from handlers.slack.digest_poster import SlackDigestPoster
    from handlers.slack.pictures import PicturePoster

    gateway = installations.gateway(runtime, for_terminal=True)
    if gateway is None:
        _fail("Slack is not connected (set SLACK_BOT_TOKEN): use --dry-run to print the digest instead.")
    try:
        done = digest_now.post_now(
            runtime.transaction,
            PicturePoster(SlackDigestPoster(gateway, runtime.settings.portfolio_url), runtime),
            team_id=team_id,
            channel_id=channel,
            clock=runtime.now,
            worker=f"cli:{socket.gethostname()}:{os.getpid()}",
            config=runtime.classify_config,
            cap=runtime.settings.pulse_digest_cap,
        )
    except DeliveryError as error:
        _fail(f"Slack did not take the digest: {error}.")
    if done.outcome is digest_now.Outcome.POSTED:
        console.print(f"Posted the digest to {channel} (message {done.message_ts}).")
    elif done.outcome is digest_now.Outcome.ALREADY:
        console.print(
            f"The digest of {done.local_date} is already in {channel} (message {done.message_ts}): not posted again."
        )
    else:
        console.print(
            f"The digest of {done.local_date} is being posted to {channel} by the clock right now: not posted again."
        )


def _print_digest_json(built: Digest) -> None:
    """Writes the digest as one JSON document on standard output (the stable schema in the README)."""

    from bot.core import digest_json

    out.file.write(digest_json.dumps(built) + "\n")
