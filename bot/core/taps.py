"""The one-tap rule: which answers tapped in a message count, and which were a link scanner's.

A GET never records anything. The page a tap opens sends the tap back from the browser's script; the tap is
held for the policy's `tap_hold` (PULSE_TAP_HOLD_SECONDS, two minutes by default). Taps on two different
answers of one pulse while held are a scanner opening every link, and all of them are discarded; so is a tap
whose User-Agent names a known scanner or is missing.
A tap that outlives its hold without a conflicting tap counts, exactly as if the form had been sent; the form's
own button (a person's POST) counts at once and discards any tap still held.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from pathlib import Path

MAX_AGENT = 500


class TapState(StrEnum):
    """Where a tap is: held, counted as the answer, or discarded."""

    HELD = "held"
    COUNTED = "counted"
    DISCARDED = "discarded"


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


def judge(taps: list[HeldTap], *, now: datetime, nearby: frozenset[str] = frozenset()) -> Verdict:
    """Decides one pulse's held taps: conflicting answers are all discarded; a lone one counts after its hold.

    `nearby` holds the answers of the pulse's other taps within a hold of these (already discarded ones too),
    so a scanner's third link conflicts with the first two even after they were dropped.
    """
    if not taps:
        return Verdict(None, ())
    if len({tap.answer for tap in taps} | nearby) > 1:
        return Verdict(None, tuple((tap, DiscardReason.CONFLICT) for tap in taps))
    latest = max(taps, key=lambda tap: (tap.hold_until, tap.tap_id))
    if now < latest.hold_until:
        return Verdict(None, ())
    repeats = tuple((tap, DiscardReason.SUPERSEDED) for tap in taps if tap is not latest)
    return Verdict(latest, repeats)


def is_scanner_agent(user_agent: str | None) -> bool:
    """Tells a User-Agent that a mail gateway or link checker sends (or none at all)."""
    agent = (user_agent or "").lower()[:MAX_AGENT]
    return not agent.strip() or any(part in agent for part in _scanner_agents())


@functools.cache
def _scanner_agents() -> tuple[str, ...]:
    """Reads the known scanner User-Agent substrings from their data file."""
    text = (Path(__file__).parent / "data" / "scanner_agents.txt").read_text(encoding="utf-8")
    return tuple(line.strip().lower() for line in text.splitlines() if line.strip() and not line.startswith("#"))
