"""Reads what Pulse sent to Slack: the visible text of messages, modals and their buttons."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any


def walk_texts(node: Any) -> Iterator[str]:
    """Yields every text string inside a Block Kit structure."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "text" and isinstance(value, str):
                yield value
            else:
                yield from walk_texts(value)
    elif isinstance(node, list):
        for item in node:
            yield from walk_texts(item)


def visible_text(message: dict[str, Any]) -> str:
    """Returns the blocks' text (or the fallback text when there are no blocks), joined by newlines."""
    if message.get("blocks"):
        return "\n".join(walk_texts(message["blocks"]))
    return str(message.get("text", ""))


def buttons(message: dict[str, Any]) -> list[dict[str, Any]]:
    """Returns every button element in a message's blocks."""
    found = []
    for block in message.get("blocks") or []:
        for element in block.get("elements") or []:
            if element.get("type") == "button":
                found.append(element)
        accessory = block.get("accessory")
        if accessory and accessory.get("type") == "button":
            found.append(accessory)
    return found


def button(message: dict[str, Any], starts_with: str) -> dict[str, Any]:
    """Returns the one button whose action id starts with the given prefix."""
    matches = [b for b in buttons(message) if str(b["action_id"]).startswith(starts_with)]
    assert len(matches) == 1, f"expected one button {starts_with!r}, found {[b['action_id'] for b in buttons(message)]}"
    return matches[0]
