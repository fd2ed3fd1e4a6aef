"""The `/pulse digest` subcommands: subscribe a channel, list, unsubscribe and preview."""

from __future__ import annotations

from bot.core import schedule
from bot.core.catalog import phrase
from bot.core.commands import Command, DigestPreview, DigestScope, DigestSubscribe, DigestUnsubscribe, UsageError
from bot.services import digests, subscriptions
from handlers.slack import blocks, digest_blocks
from handlers.slack.invocation import Invocation, require_admin


def _owners(scope: DigestScope, inv: Invocation) -> tuple[str, ...]:
    return (inv.user_id,) if scope.mine else scope.owner_ids


def _require_own_scope(inv: Invocation, owners: tuple[str, ...], doing: str) -> None:
    """Members may use digests of their own accounts; the whole portfolio or others' need an admin."""
    if not owners or set(owners) != {inv.user_id}:
        require_admin(inv, doing)


def subscribe(parsed: Command, inv: Invocation) -> blocks.Reply:
    """`/pulse digest subscribe`: posts a digest of the chosen accounts to a channel on a schedule."""
    assert isinstance(parsed, DigestSubscribe)
    channel = parsed.channel_id or inv.channel_id
    if not channel:
        raise UsageError(phrase("Name the channel, e.g. `#sales`."), "digest")
    _require_own_scope(
        inv, _owners(parsed.scope, inv), phrase("subscribe a channel to the whole portfolio or to other reps' accounts")
    )
    try:
        sub = subscriptions.subscribe(
            inv.scope.db,
            team_id=inv.team_id,
            channel_id=channel,
            user_id=inv.user_id,
            now=inv.now,
            local_time=parsed.local_time or "09:00",
            timezone=parsed.timezone,
            owner_ids=_owners(parsed.scope, inv),
            quiet="skip" if parsed.quiet else "all_clear",
        )
    except schedule.ScheduleError as error:
        raise UsageError(str(error), "digest") from None
    if sub.timezone_pending:
        inv.scope.defer(lambda: _adopt_timezone(inv, sub.id or 0))
    return blocks.subscribed_reply(sub, inv.w)


def _adopt_timezone(inv: Invocation, subscription_id: int) -> None:
    """Looks up the subscriber's Slack time zone (after the reply) and schedules the digest in it."""
    tz = str(inv.client.users_info(user=inv.user_id)["user"].get("tz") or "UTC")
    with inv.runtime.transaction() as db:
        subscriptions.set_timezone(db, subscription_id=subscription_id, timezone=tz, now=inv.runtime.now())


def list_subscriptions(_: Command, inv: Invocation) -> blocks.Reply:
    """`/pulse digest list`: the workspace's digest subscriptions."""
    return blocks.subscriptions_reply(subscriptions.list_for(inv.scope.read, team_id=inv.team_id), inv.w)


def unsubscribe(parsed: Command, inv: Invocation) -> blocks.Reply:
    """`/pulse digest unsubscribe`: stops a channel's digest."""
    assert isinstance(parsed, DigestUnsubscribe)
    channel = parsed.channel_id or inv.channel_id or ""
    current = subscriptions.get_for_channel(inv.scope.db, team_id=inv.team_id, channel_id=channel)
    if current is not None:
        _require_own_scope(
            inv, tuple(current.owner_ids), phrase("stop a digest of the whole portfolio or of other reps")
        )
    stopped = subscriptions.unsubscribe(
        inv.scope.db, team_id=inv.team_id, channel_id=channel, actor=inv.user_id, now=inv.now
    )
    return blocks.unsubscribed_reply(channel, stopped, inv.w)


def preview(parsed: Command, inv: Invocation) -> blocks.Reply:
    """`/pulse digest preview`: shows the digest now, only to whoever asked."""
    assert isinstance(parsed, DigestPreview)
    owners = _owners(parsed.scope, inv)
    if not owners:
        sub = subscriptions.get_for_channel(
            inv.scope.db, team_id=inv.team_id, channel_id=parsed.channel_id or inv.channel_id or ""
        )
        owners = tuple(sub.owner_ids) if sub else ()
    _require_own_scope(inv, owners, phrase("preview the whole portfolio's digest or other reps' accounts"))
    digest = digests.build(
        inv.scope.read,
        team_id=inv.team_id,
        owner_ids=owners,
        now=inv.now,
        config=inv.runtime.classify_config,
        cap=inv.runtime.settings.pulse_digest_cap,
    )
    message = digest_blocks.digest_message(digest, w=inv.w, portfolio_url=inv.runtime.settings.portfolio_url)
    assert message is not None
    return {"response_type": "ephemeral", **message}
