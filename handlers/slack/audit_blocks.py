"""Renders the audit trail for `/pulse audit`: one line per change, newest first, with what follows."""

from __future__ import annotations

import json
from typing import Any

from bot.services.audit import AuditPage
from handlers.slack.blocks import Reply, context, ephemeral, section
from handlers.slack.text import escape, mention, truncate

VALUE_LIMIT = 120


def _value(value: Any) -> str:
    """Shows a before/after value compactly, as inert text."""
    if value is None:
        return "—"
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)
    return f"`{escape(truncate(text, VALUE_LIMIT)).replace('`', 'ˋ')}`"


def audit_reply(page: AuditPage, *, offset: int) -> Reply:
    """The newest events, each with who, what, when and before → after; "+N more" when older ones follow."""
    if not page.events:
        return ephemeral("No changes recorded yet.", [section(":ledger: No changes recorded yet.")])
    lines = []
    for event in page.events:
        when = f"{event.at:%Y-%m-%d %H:%M} UTC"
        lines.append(
            f"• {when} · {mention(event.actor)} · *{escape(event.action)}* "
            f"{escape(event.subject_type)} {escape(truncate(event.subject_id, 40))}: "
            f"{_value(event.before)} → {_value(event.after)}"
        )
    blocks = [section(":ledger: *Audit trail*, newest first")]
    chunk: list[str] = []
    for line in lines:
        if sum(len(x) + 1 for x in chunk) + len(line) > 2900:
            blocks.append(section("\n".join(chunk)))
            chunk = []
        chunk.append(line)
    blocks.append(section("\n".join(chunk)))
    if page.more:
        page_number = offset // len(page.events) + 2
        blocks.append(
            context(f"+{page.more} more · `/pulse audit {len(page.events)} {page_number}` shows the next page")
        )
    return ephemeral(f"Audit trail: {len(page.events)} changes", blocks)
