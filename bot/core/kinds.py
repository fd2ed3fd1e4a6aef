"""The kinds of interaction a rep can log: the one enum every surface, service and table uses."""

from __future__ import annotations

from enum import StrEnum


class Kind(StrEnum):
    """The kinds of interaction a rep can log."""

    CALL = "call"
    MEETING = "meeting"
    EMAIL = "email"
    CHAT = "chat"
    VISIT = "visit"
    SUPPORT = "support"
    DELIVERY = "delivery"
    OTHER = "other"


def kind_or_other(raw: str) -> Kind:
    """Returns the kind a word names exactly, or `other` for anything else."""
    try:
        return Kind(raw)
    except ValueError:
        return Kind.OTHER
