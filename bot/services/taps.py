"""One tap in a survey message: hold the tapped answer, drop what scanners tapped, count what a person did."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from sqlmodel import Session

from bot.core import states, survey, taps
from bot.services import responses
from bot.services.pulses import hash_token
from storage.queries import surveys as survey_queries
from storage.queries import taps as tap_queries


@dataclass(frozen=True, slots=True)
class Tapped:
    """What became of a tap: held (counts after the hold unless contradicted), or discarded at once."""

    outcome: Literal["held", "discarded"]
    state: responses.SurveyState


def record_tap(
    db: Session,
    *,
    token: str,
    answer: survey.Answer,
    user_agent: str | None,
    language: str | None,
    now: datetime,
    policy: survey.SurveyPolicy,
) -> Tapped | None:
    """Holds a tapped answer; None when the link no longer opens a survey."""
    token_hash = hash_token(token)
    found = survey_queries.by_token(db, token_hash=token_hash, for_update=True)
    state = responses.open_survey(db, token=token, now=now, policy=policy) if found is not None else None
    if found is None or state is None:
        return None
    scanner = taps.is_scanner_agent(user_agent)
    tap_queries.add_tap(
        db,
        pulse_id=found.pulse_id,
        token_hash=token_hash,
        answer=answer.value,
        language=language,
        state=states.TapState.DISCARDED if scanner else states.TapState.HELD,
        reason=taps.DiscardReason.SCANNER_AGENT if scanner else None,
        hold_until=now + policy.tap_hold,
        now=now,
    )
    if scanner:
        return Tapped("discarded", state)
    # Contradicting taps are discarded at once, so nothing they said can reach an alert.
    verdict = _judge(db, found.pulse_id, now=now, policy=policy)
    _settle(db, verdict)
    return Tapped("discarded" if verdict.discard and verdict.count is None else "held", state)


def count_due_taps(db: Session, *, now: datetime, policy: survey.SurveyPolicy) -> int:
    """Counts the taps whose hold is over and that nothing contradicted; returns how many became answers."""
    counted = 0
    for pulse_id in tap_queries.pulses_with_due_taps(db, now=now):
        # The pulse first, as the survey page locks it: then a second clock finds these taps settled.
        tap_queries.lock_pulse(db, pulse_id=pulse_id)
        verdict = _judge(db, pulse_id, now=now, policy=policy)
        _settle(db, verdict)
        tap = verdict.count
        if tap is None:
            continue
        recorded = responses.record_answer(
            db,
            token="",
            token_hash=tap.token_hash,
            answer=survey.Answer(tap.answer),
            comment="",
            now=now,
            policy=policy,
            channel="email",
            keep_comment=True,
            language=tap.language,
        )
        if recorded is None:
            tap_queries.settle(db, tap_ids=[tap.tap_id], state=states.TapState.DISCARDED, reason="closed")
            continue
        counted += 1
    db.flush()
    return counted


def _judge(db: Session, pulse_id: int, *, now: datetime, policy: survey.SurveyPolicy) -> taps.Verdict:
    """Judges a pulse's held taps against every tap of it within a hold of them."""
    held = _held(db, pulse_id)
    if not held:
        return taps.Verdict(None, ())
    since = min(tap.created_at for tap in held) - taps.BURST
    others = tuple(tap_queries.settled_since(db, pulse_id=pulse_id, since=since))
    return taps.judge(held, now=now, others=others)


def _held(db: Session, pulse_id: int) -> list[taps.HeldTap]:
    """Returns a pulse's held taps as the rule sees them."""
    return [
        taps.HeldTap(
            tap_id=int(tap.id or 0),
            pulse_id=tap.pulse_id,
            answer=tap.answer,
            token_hash=tap.token_hash,
            language=tap.language,
            created_at=tap.created_at,
            hold_until=tap.hold_until,
        )
        for tap in tap_queries.held_for(db, pulse_id=pulse_id)
    ]


def _settle(db: Session, verdict: taps.Verdict) -> None:
    """Applies a verdict: the counted tap first, so recording its answer does not discard it."""
    if verdict.count is not None:
        tap_queries.settle(db, tap_ids=[verdict.count.tap_id], state=states.TapState.COUNTED, reason=None)
    for reason in taps.DiscardReason:
        ids = [tap.tap_id for tap, why in verdict.discard if why is reason]
        tap_queries.settle(db, tap_ids=ids, state=states.TapState.DISCARDED, reason=reason.value)
