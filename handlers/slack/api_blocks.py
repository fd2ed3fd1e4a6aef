"""Block Kit renderers for `/pulse api-key`: the new key shown once, the key list, the revocation."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime

from handlers.slack.blocks import Reply, context, ephemeral, section
from handlers.slack.text import mention
from storage.models import ApiKey

LIST_LIMIT = 20
EXAMPLE_BODY = {
    "account": "Acme Corp",
    "contact_email": "jane@acme.com",
    "kind": "support",
    "note": "Ticket 4711 closed",
}


def api_key_created_reply(key: str, *, base_url: str) -> Reply:
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
    return ephemeral(
        "Your new Pulse API key (shown only once).",
        [
            section(
                ":key: Your new API key, shown *only this once*:\n"
                f"`{key}`\n"
                ":lock: Keep it secret; anyone with it can log interactions in this workspace."
            ),
            section(f"Log an interaction from a CRM or help desk:\n```{curl}```"),
            context(
                f"The API is described at {base_url}/api/openapi.json · "
                "`/pulse api-key list` shows the keys · `/pulse api-key revoke` stops them all."
            ),
        ],
    )


def api_keys_reply(keys: Sequence[ApiKey]) -> Reply:
    """Lists the workspace's keys by prefix: who made them, when, when last used, whether revoked."""
    if not keys:
        return ephemeral("No API keys yet.", [section("This workspace has no API keys. `/pulse api-key` creates one.")])
    active = sum(1 for key in keys if key.revoked_at is None)
    lines = [_key_line(key) for key in keys[:LIST_LIMIT]]
    if len(keys) > LIST_LIMIT:
        lines.append(f"_…and {len(keys) - LIST_LIMIT} older keys._")
    summary = f"{active} active API key{'s' if active != 1 else ''}, {len(keys) - active} revoked."
    return ephemeral(summary, [section("\n".join(lines)), context(summary)])


def api_keys_revoked_reply(count: int) -> Reply:
    """Confirms that the workspace's keys stopped working (or that there were none)."""
    if count == 0:
        return ephemeral("No active API keys.", [section("This workspace has no active API keys to revoke.")])
    text = (
        f"Revoked {count} API key{'s' if count != 1 else ''}; requests with {'them' if count != 1 else 'it'} now fail."
    )
    return ephemeral(text, [section(f":no_entry: {text} `/pulse api-key` creates a new one.")])


def _key_line(key: ApiKey) -> str:
    """One key: its prefix, creator and dates."""
    used = f"last used {_date(key.last_used_at)}" if key.last_used_at else "never used"
    line = f"• `{key.prefix}…` · created {_date(key.created_at)} by {mention(key.created_by)} · {used}"
    if key.revoked_at is not None:
        line += f" · :no_entry: revoked {_date(key.revoked_at)}"
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
