"""The one-tap rule: which answers tapped in a message count, and which were a link scanner's.

A GET never records anything. The page a tap opens sends the tap back from the browser's script; the tap is
held for the policy's `tap_hold` (PULSE_TAP_HOLD_SECONDS, two minutes by default). Taps on different answers
of one pulse within BURST of each other are a scanner opening every link, and all of them are discarded; so
is a tap whose User-Agent names a known scanner or is missing. A tap that outlives its hold without such a
conflict counts, exactly as if the form had been sent (of several, the latest); the form's own button (a
person's POST) counts at once and discards any tap still held.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from pathlib import Path

MAX_AGENT = 500
# Taps on different answers this close together are one machine opening every link, never a person.
BURST = timedelta(seconds=30)


class DiscardReason(StrEnum):
    """Why a tap did not count."""

    CONFLICT = "conflict"
    SCANNER_AGENT = "scanner_agent"
    SUPERSEDED = "superseded"


@dataclass(frozen=True, slots=True)
class HeldTap:
    """A tap still held, as the rule sees it."""

    tap_id: int
    pulse_id: int
    answer: str
    token_hash: str
    language: str | None
    created_at: datetime
    hold_until: datetime


@dataclass(frozen=True, slots=True)
class Verdict:
    """What to do with the held taps of one pulse: count one (and drop the rest), discard some, or wait."""

    count: HeldTap | None
    discard: tuple[tuple[HeldTap, DiscardReason], ...]


def judge(
    held: list[HeldTap],
    *,
    now: datetime,
    others: tuple[tuple[str, datetime], ...] = (),
    burst: timedelta = BURST,
) -> Verdict:
    """Decides one pulse's held taps: those in a burst of different answers are discarded; the rest wait.

    `others` are the pulse's other taps (answer, time) already settled, discarded ones too, so a scanner's
    third link conflicts with the first two after they were dropped. Of the taps that survive, the latest
    counts once its hold is over (a person who changed their mind a minute later meant the second answer).
    """
    if not held:
        return Verdict(None, ())
    seen = [(tap.answer, tap.created_at) for tap in held] + list(others)
    conflicted = [tap for tap in held if any(a != tap.answer and abs(at - tap.created_at) <= burst for a, at in seen)]
    discard = [(tap, DiscardReason.CONFLICT) for tap in conflicted]
    survivors = [tap for tap in held if tap not in conflicted]
    if not survivors:
        return Verdict(None, tuple(discard))
    latest = max(survivors, key=lambda tap: (tap.created_at, tap.tap_id))
    if now < latest.hold_until:
        return Verdict(None, tuple(discard))
    repeats = [(tap, DiscardReason.SUPERSEDED) for tap in survivors if tap is not latest]
    return Verdict(latest, tuple(discard + repeats))


def is_scanner_agent(user_agent: str | None) -> bool:
    """Tells a User-Agent that a mail gateway or link checker sends (or none at all)."""
    agent = (user_agent or "").lower()[:MAX_AGENT]
    return not agent.strip() or any(part in agent for part in _scanner_agents())


@functools.cache
def _scanner_agents() -> tuple[str, ...]:
    """Reads the known scanner User-Agent substrings from their data file."""
    text = (Path(__file__).parent / "data" / "scanner_agents.txt").read_text(encoding="utf-8")
    return tuple(line.strip().lower() for line in text.splitlines() if line.strip() and not line.startswith("#"))
