"""Renders the audit trail for `/pulse audit`: one line per change, newest first, with what follows."""

from __future__ import annotations

import json
from typing import Any

from bot.core.catalog import Words, words
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


def audit_reply(page: AuditPage, *, offset: int, w: Words | None = None) -> Reply:
    """The newest events, each with who, what, when and before → after; "+N more" when older ones follow."""
    w = w or words(None)
    if not page.events:
        empty = w.gettext("No changes recorded yet.")
        return ephemeral(empty, [section(f":ledger: {empty}")])
    lines = []
    for event in page.events:
        when = f"{event.at:%Y-%m-%d %H:%M} UTC"
        lines.append(
            f"• {when} · {mention(event.actor)} · *{escape(event.action)}* "
            f"{escape(event.subject_type)} {escape(truncate(event.subject_id, 40))}: "
            f"{_value(event.before)} → {_value(event.after)}"
        )
    blocks = [section(":ledger: " + w.gettext("*Audit trail*, newest first"))]
    chunk: list[str] = []
    for line in lines:
        if sum(len(x) + 1 for x in chunk) + len(line) > 2900:
            blocks.append(section("\n".join(chunk)))
            chunk = []
        chunk.append(line)
    blocks.append(section("\n".join(chunk)))
    if page.more:
        page_number = offset // len(page.events) + 2
        more = w.ngettext(
            "+{count} more · {command} shows the next page",
            "+{count} more · {command} shows the next page",
            page.more,
            command=f"`/pulse audit {len(page.events)} {page_number}`",
        )
        blocks.append(context(more))
    title = w.ngettext("Audit trail: {count} change", "Audit trail: {count} changes", len(page.events))
    return ephemeral(title, blocks)
