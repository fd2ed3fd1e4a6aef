"""Scores comments with a workspace's learned adjustment, and learns it from its reps' label corrections."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session

from bot.core import sentiment, sentiment_learning
from storage.queries import sentiment as sentiment_queries


def score_comment(db: Session, *, team_id: str, comment: str, language: str | None = None) -> sentiment.Sentiment:
    """Scores one comment with the adjustments of the features it contains (one small query)."""
    evidence = sentiment.read(comment, language=language)
    if evidence is None:
        return sentiment.score_evidence(None)
    adjustment = sentiment_queries.get_adjustments(db, team_id=team_id, features=set(evidence.features.names))
    return sentiment.score_evidence(evidence, adjustment)


def learn_correction(db: Session, *, team_id: str, comment: str, label: str, now: datetime) -> int:
    """Teaches the workspace's adjustment a rep's label for a comment; returns how many features changed."""
    evidence = sentiment.read(comment)
    if evidence is None:
        return 0
    current = sentiment_queries.get_adjustments(db, team_id=team_id, features=set(evidence.features.names))
    changed = sentiment_learning.update(evidence, label, current)
    sentiment_queries.set_adjustments(db, team_id=team_id, deltas=changed, now=now)
    return len(changed)


def team_adjustment(db: Session, *, team_id: str) -> dict[str, float]:
    """Returns everything a workspace has learned, for re-scoring its history."""
    return sentiment_queries.get_adjustments(db, team_id=team_id)
