"""Block Kit renderers for `/pulse api-key`: the new key shown once, the key list, the revocation."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime

from bot.core import phrases
from bot.core.catalog import Words
from handlers.slack.blocks import ENGLISH, Reply, context, ephemeral, section
from handlers.slack.text import mention
from storage.models import ApiKey

LIST_LIMIT = 20
EXAMPLE_BODY = {
    "account": "Acme Corp",
    "contact_email": "jane@acme.com",
    "kind": "support",
    "note": "Ticket 4711 closed",
}


def api_key_created_reply(key: str, *, base_url: str, w: Words = ENGLISH) -> Reply:
    """Shows a new key once, with a curl example and where the API is described."""
    curl = "\n".join(
        (
            f"curl -X POST {base_url}/api/interactions \\",
            f'  -H "Authorization: Bearer {key}" \\',
            '  -H "Content-Type: application/json" \\',
            '  -H "Idempotency-Key: ticket-4711" \\',
            f"  -d '{json.dumps(EXAMPLE_BODY)}'",
        )
    )
    shown = w.gettext("Your new API key, shown *only this once*:")
    secret = w.gettext("Keep it secret; anyone with it can log interactions in this workspace.")
    how = w.gettext("Log an interaction from a CRM or help desk:")
    where = w.gettext("The API is described at {url}", url=f"{base_url}/api/openapi.json")
    where += " · " + w.gettext("`/pulse api-key list` shows the keys · `/pulse api-key revoke` stops them all.")
    return ephemeral(
        w.gettext("Your new Pulse API key (shown only once)."),
        [
            section(f":key: {shown}\n`{key}`\n:lock: {secret}"),
            section(f"{how}\n```{curl}```"),
            context(where),
        ],
    )


def api_keys_reply(keys: Sequence[ApiKey], w: Words = ENGLISH) -> Reply:
    """Lists the workspace's keys by prefix: who made them, when, when last used, whether revoked."""
    if not keys:
        text = w.gettext("This workspace has no API keys. `/pulse api-key` creates one.")
        return ephemeral(text, [section(text)])
    active = sum(1 for key in keys if key.revoked_at is None)
    lines = [_key_line(key, w) for key in keys[:LIST_LIMIT]]
    if len(keys) > LIST_LIMIT:
        lines.append("_" + phrases.more(w, len(keys) - LIST_LIMIT) + "_")
    summary = (
        w.ngettext("{count} active API key", "{count} active API keys", active)
        + ", "
        + w.ngettext("{count} revoked.", "{count} revoked.", len(keys) - active)
    )
    return ephemeral(summary, [section("\n".join(lines)), context(summary)])


def api_keys_revoked_reply(count: int, w: Words = ENGLISH) -> Reply:
    """Confirms that the workspace's keys stopped working (or that there were none)."""
    if count == 0:
        text = w.gettext("This workspace has no active API keys to revoke.")
        return ephemeral(text, [section(text)])
    text = w.ngettext(
        "Revoked {count} API key; requests with it now fail.",
        "Revoked {count} API keys; requests with them now fail.",
        count,
    )
    return ephemeral(text, [section(f":no_entry: {text} " + w.gettext("`/pulse api-key` creates a new one."))])


def _key_line(key: ApiKey, w: Words) -> str:
    """One key: its prefix, creator and dates."""
    used = w.gettext("last used {day}", day=_date(key.last_used_at)) if key.last_used_at else w.gettext("never used")
    created = w.gettext("created {day} by {rep}", day=_date(key.created_at), rep=mention(key.created_by))
    line = f"• `{key.prefix}…` · {created} · {used}"
    if key.revoked_at is not None:
        line += " · :no_entry: " + w.gettext("revoked {day}", day=_date(key.revoked_at))
    return line


def _date(moment: datetime) -> str:
    """A date Slack shows in the reader's time zone, with a UTC fallback."""
    return f"<!date^{int(moment.timestamp())}^{{date_short}}|{moment:%Y-%m-%d}>"


def api_key_replayed_reply() -> Reply:
    """Says a repeated request made no second key (the first answer showed the key)."""
    return ephemeral(
        "This request was already answered; no second key was made.",
        [
            section(
                ":repeat: This request was already answered, so no second key was made. `/pulse api-key list`"
                " shows the workspace's keys."
            )
        ],
    )
