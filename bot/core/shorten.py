"""Shortening untrusted text for one line of a message, a caption or a chart label."""

from __future__ import annotations


def one_line(text: str, limit: int) -> str:
    """Puts untrusted text on one line and shortens it, reading only a bounded window of it."""
    window = text[: limit * 8 + 8]
    flat = " ".join(window.split())
    if len(flat) <= limit and len(window) == len(text):
        return flat
    return flat[: limit - 1].rstrip() + "…"
