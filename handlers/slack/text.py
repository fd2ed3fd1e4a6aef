"""Slack's text formats: reading what Slack sends, and making untrusted text inert in mrkdwn."""

from __future__ import annotations

import re

_LINK = re.compile(r"<([^<>|]*)(?:\|([^<>]*))?>")
# Slack parses mentions, broadcasts and links only inside <...>; escaping these three makes text inert.
_MARKUP = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})
# A style marker at a word's edge (or any backtick, which styles anywhere).
_STYLE = re.compile(r"`|(?<!\w)[*_~]|[*_~](?!\w)")


def unescape_command_text(text: str) -> str:
    """Turns Slack's escaped command text into plain text; mentions stay as `<@U123>` and `<#C123>`."""

    def replace(match: re.Match[str]) -> str:
        target, label = match.group(1), match.group(2)
        if target.startswith(("@", "#C", "#G")):
            return f"<{target}>"
        if target.startswith("mailto:"):
            return target[len("mailto:") :]
        if target.startswith(("#", "!")):
            return label or target
        return label if label is not None else target

    plain = _LINK.sub(replace, text)
    return plain.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def escape(text: str) -> str:
    """Escapes untrusted text for mrkdwn: no mentions, links, broadcasts or styling can come from it.

    mrkdwn has no escape for `*`, `_`, `~` and backticks; a zero-width space on both sides of one that could
    open or close a style stops Slack from pairing it. Inside a word (`john_doe@acme.com`) they cannot style,
    so they stay as typed.
    """
    return _STYLE.sub(lambda m: f"\u200b{m.group(0)}\u200b", text.translate(_MARKUP))


def escape_entities(text: str) -> str:
    """Escapes only `&`, `<` and `>`: for text Pulse formats itself that quotes what the reader just typed."""
    return text.translate(_MARKUP)


def quote(text: str, limit: int = 280) -> str:
    """Renders untrusted text as an escaped, shortened, single-paragraph quotation."""
    flat = " ".join(text.split())
    if len(flat) > limit:
        flat = flat[: limit - 1].rstrip() + "…"
    return f"“{escape(flat)}”"


def truncate(text: str, limit: int) -> str:
    """Shortens plain text to at most `limit` characters, marking the cut."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def mention(user_id: str) -> str:
    """Returns a Slack mention of a user id Pulse itself stored (never customer text)."""
    return f"<@{user_id}>" if re.fullmatch(r"[UW][A-Z0-9]{2,}", user_id) else escape(user_id)
