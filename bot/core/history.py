"""An account's satisfaction over time as a value: the level after each answer, the answer, the comment's mood."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from bot.core import catalog, experience
from bot.core.catalog import phrase
from bot.core.matrix import percent

ANSWER_WORDS = {"yes": phrase("Yes"), "unsure": phrase("Not sure"), "no": phrase("No")}
LABEL_WORDS = {"positive": phrase("positive"), "negative": phrase("negative"), "neutral": phrase("neutral")}


@dataclass(frozen=True, slots=True)
class HistoryPoint:
    """One answer: when, the satisfaction level it left (0-100), the answer, and its comment's sentiment label."""

    at: datetime
    satisfaction: float
    answer: str
    label: str | None


@dataclass(frozen=True, slots=True)
class HistoryView:
    """One account's answers over time, with the satisfaction cut-offs (0-100) drawn as lines."""

    account_id: int
    name: str
    points: tuple[HistoryPoint, ...]
    satisfaction_low: float
    satisfaction_high: float
    as_of: datetime


def build_history(
    account_id: int,
    name: str,
    responses: Sequence[experience.ScoredResponse],
    *,
    commented: frozenset[int] = frozenset(),
    satisfaction_low: float,
    satisfaction_high: float,
    now: datetime,
) -> HistoryView:
    """Replays the answers in time order; each point is the satisfaction as the digest read it after that answer.

    `commented` holds the ids of responses with a comment: only those carry a sentiment label.
    """
    ordered = sorted(responses, key=lambda r: (r.at, r.response_id))
    points = []
    for index, response in enumerate(ordered):
        level = experience.weighted_mean(
            ordered[: index + 1], experience.HALF_LIFE, answer_half_life=experience.ANSWER_HALF_LIFE
        )
        label = response.label if response.response_id in commented and response.label in LABEL_WORDS else None
        points.append(HistoryPoint(response.at, percent(level or 0.0), response.answer, label))
    return HistoryView(
        account_id=account_id,
        name=name,
        points=tuple(points),
        satisfaction_low=percent(satisfaction_low),
        satisfaction_high=percent(satisfaction_high),
        as_of=now,
    )


def history_alt_text(view: HistoryView, w: catalog.Words | None = None) -> str:
    """Says what the history chart shows: how many answers, of which kinds, and where satisfaction stands."""
    w = w or catalog.words(None)
    name = " ".join(view.name[:200].split())[:80]
    if not view.points:
        return w.gettext("Satisfaction over time for {name}: no answers yet.", name=name)
    answers = {key: sum(1 for p in view.points if p.answer == key) for key in ANSWER_WORDS}
    first, last = view.points[0], view.points[-1]
    return w.ngettext(
        "Satisfaction over time for {name}: {count} answer from {start} to {end} ({yes} Yes, {unsure} Not sure, "
        "{no} No); now {level}/100.",
        "Satisfaction over time for {name}: {count} answers from {start} to {end} ({yes} Yes, {unsure} Not sure, "
        "{no} No); now {level}/100.",
        len(view.points),
        name=name,
        start=f"{first.at:%Y-%m-%d}",
        end=f"{last.at:%Y-%m-%d}",
        yes=answers["yes"],
        unsure=answers["unsure"],
        no=answers["no"],
        level=round(last.satisfaction),
    )
