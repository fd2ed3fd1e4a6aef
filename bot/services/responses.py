"""The customer's side: opening a survey link, answering (or changing the answer), opting out."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from sqlmodel import Session

from bot.core import states, survey, triggers
from bot.core.branding import Brand
from bot.core.sentiment import SCORER_VERSION, Sentiment, score_text
from bot.services import alerts, audit, scoring, stats
from bot.services.pulses import hash_token
from storage.models import Account, Response, Suppression
from storage.queries import pulses as pulse_queries
from storage.queries import responses as response_queries
from storage.queries import surveys as survey_queries
from storage.queries import taps as tap_queries


@dataclass(frozen=True, slots=True)
class SurveyState:
    """An open survey as its page shows it: whose it is, the question, and any answer given so far."""

    pulse_id: int
    email: str
    language: str | None
    question: str | None
    answer: survey.Answer | None
    comment: str
    editable_until: datetime | None
    brand: Brand = field(default_factory=Brand)
    workspace_language: str | None = None


class CommentTooLong(ValueError):
    """The comment is over the length limit; nothing was saved."""

    def __init__(self, length: int) -> None:
        super().__init__(f"comment is {length} characters")
        self.length = length


@dataclass(frozen=True, slots=True)
class Recorded:
    """An answer that was saved; `changed` is true when it replaced an earlier answer."""

    state: SurveyState
    response_id: int
    answer: survey.Answer
    first_answered_at: datetime
    changed: bool


def open_survey(db: Session, *, token: str, now: datetime, policy: survey.SurveyPolicy) -> SurveyState | None:
    """Returns the survey a token opens, or None when the token is unknown, expired or already used."""
    found = survey_queries.by_token(db, token_hash=hash_token(token))
    return _state(found, now=now, policy=policy) if found is not None else None


@dataclass(frozen=True, slots=True)
class ClosedSurvey:
    """A survey whose link works no more, as its page explains it: answered for good, or expired."""

    reason: str
    answer: survey.Answer | None
    language: str | None
    workspace_language: str | None
    brand: Brand


def closed_survey(db: Session, *, token: str, now: datetime, policy: survey.SurveyPolicy) -> ClosedSurvey | None:
    """Returns why a known token's survey is closed, or None when the token is unknown or still open."""
    found = survey_queries.by_token(db, token_hash=hash_token(token))
    if found is None or _state(found, now=now, policy=policy) is not None:
        return None
    return ClosedSurvey(
        reason="edit_closed" if found.answer else "expired",
        answer=survey.Answer(found.answer) if found.answer else None,
        language=found.language,
        workspace_language=found.workspace_language,
        brand=_brand(found),
    )


def _brand(found: survey_queries.TokenSurvey) -> Brand:
    """Returns the branding the survey's workspace and rep set."""
    return Brand(
        company=found.brand_name or "",
        logo_url=found.brand_logo_url or "",
        accent=found.brand_accent or "",
        rep_name=found.rep_name or "",
    )


def _state(found: survey_queries.TokenSurvey, *, now: datetime, policy: survey.SurveyPolicy) -> SurveyState | None:
    """Returns the survey's state if it can still be answered (or its answer changed)."""
    if found.state in states.OPEN_STATES and (found.expires_at is None or now < found.expires_at):
        editable_until = None
    elif found.state == states.PulseState.ANSWERED and found.answered_first_at is not None:
        editable_until = found.answered_first_at + policy.edit_window
        if now >= editable_until:
            return None
    else:
        return None
    return SurveyState(
        pulse_id=found.pulse_id,
        email=found.email,
        language=found.language,
        question=found.question,
        answer=survey.Answer(found.answer) if found.answer else None,
        comment=found.comment,
        editable_until=editable_until,
        brand=_brand(found),
        workspace_language=found.workspace_language,
    )


def record_answer(
    db: Session,
    *,
    token: str,
    answer: survey.Answer,
    comment: str,
    now: datetime,
    policy: survey.SurveyPolicy,
    channel: str = "web",
    slack_user_id: str | None = None,
    keep_comment: bool = False,
    token_hash: str | None = None,
    language: str | None = None,
) -> Recorded | None:
    """Saves the customer's answer and scores its comment; None when the link is no longer open.

    A second submission within the edit window replaces the first instead of adding another response.
    With `slack_user_id`, only the contact the pulse was sent to in Slack may answer; `keep_comment` keeps
    an earlier comment (a button answer carries none); `token_hash` stands in for a token only its hash
    is known of (a held tap); `language`, the page's, is remembered for a contact without one. Taps still
    held for the pulse are discarded: this answer is the person's.
    The aggregates and alerts follow a moment later, off the customer's request (`react_to_answers`).
    """
    text = survey.clean_comment(comment)
    if len(text) > survey.MAX_COMMENT:
        raise CommentTooLong(len(text))
    found = survey_queries.by_token(db, token_hash=token_hash or hash_token(token), for_update=True)
    if found is None:
        return None
    if slack_user_id is not None and found.slack_user_id != slack_user_id:
        return None
    state = _state(found, now=now, policy=policy)
    if state is None:
        return None
    changed = found.response_id is not None
    if keep_comment and changed:
        text = found.comment
    # A rep's correction of the label stays only as long as the words it judged.
    override = found.label_override if changed and text == found.comment else None
    scored = scoring.score_comment(db, team_id=found.team_id, comment=text, language=found.language) if text else None
    scores = scores_for(answer, text, label_override=override, scored=scored)
    response_id, first = survey_queries.save_answer(db, found=found, scores=scores, channel=channel, now=now)
    tap_queries.discard_held(db, pulse_id=found.pulse_id, reason="superseded")
    if language and found.language is None:
        tap_queries.remember_language(db, pulse_id=found.pulse_id, language=language)
    return Recorded(state, response_id, answer, first, changed)


def scores_for(
    answer: survey.Answer, comment: str, *, label_override: str | None = None, scored: Sentiment | None = None
) -> survey_queries.Scores:
    """Scores a comment (unless already scored) and combines it with the answer (a rep's label correction wins)."""
    sentiment = scored or (score_text(comment) if comment else None)
    polarity = sentiment.polarity if sentiment else None
    label = sentiment.label if sentiment else "unknown"
    effective = _effective(polarity, label, label_override)
    return survey_queries.Scores(
        answer=answer.value,
        comment=comment,
        polarity=polarity,
        subjectivity=sentiment.subjectivity if sentiment else None,
        label=label,
        cues=list(sentiment.cues) if sentiment else [],
        scorer_version=SCORER_VERSION,
        experience=survey.score_experience(answer, effective),
        label_override=label_override,
    )


def score_response(response: Response, *, answer: survey.Answer, comment: str, scored: Sentiment | None = None) -> None:
    """Sets a stored response's answer, comment, sentiment and experience score (a rep's correction wins)."""
    scores = scores_for(answer, comment, label_override=response.label_override, scored=scored)
    response.answer, response.comment = scores.answer, scores.comment
    response.polarity, response.subjectivity = scores.polarity, scores.subjectivity
    response.label, response.cues = scores.label, scores.cues
    response.scorer_version, response.experience = scores.scorer_version, scores.experience


def effective_polarity(response: Response) -> float | None:
    """Returns the comment polarity the experience score uses: the scorer's, unless a rep corrected the label."""
    return _effective(response.polarity, response.label, response.label_override)


def _effective(polarity: float | None, label: str, label_override: str | None) -> float | None:
    """A corrected label that disagrees with the scorer's polarity counts at a nominal strength."""
    effective_label = label_override or label
    if effective_label == "unknown":
        return None
    if label_override is None or polarity is None:
        return polarity
    nominal = {"positive": 0.5, "negative": -0.5, "neutral": 0.0}[effective_label]
    agrees = (effective_label == "positive" and polarity > 0) or (effective_label == "negative" and polarity < 0)
    return polarity if agrees else nominal


def react_to_answers(db: Session, *, now: datetime, limit: int = 100) -> int:
    """Brings aggregates and alerts up to date with answers saved since the last run; returns how many."""
    pending = response_queries.claim_unreacted(db, limit=limit)
    # Accounts in one order everywhere: two clocks reacting at once then wait for each other, never deadlock.
    for response in sorted(pending, key=lambda r: (r.account_id, r.id or 0)):
        react(db, response=response, now=now)
        response.reacted_at = now
        db.add(response)
    db.flush()
    return len(pending)


def react(db: Session, *, response: Response, now: datetime) -> None:
    """Brings the account's aggregates up to date and alerts its owner when the response calls for it."""
    account = db.get(Account, response.account_id)
    assert account is not None and account.id is not None
    summary = stats.refresh(db, account_id=account.id, team_id=account.team_id, now=now)
    causes = triggers.triggered(
        answer=survey.Answer(response.answer),
        label=response.label_override or response.label,
        polarity=effective_polarity(response),
        after=summary,
    )
    # An edited answer (No, then Yes) closes what the first one raised, then raises what the latest one calls for.
    alerts.supersede(db, response=response, causes=causes, now=now)
    alerts.raise_alerts(db, account=account, response=response, causes=causes, now=now)


def opt_out(db: Session, *, token: str, now: datetime, source: str = "survey") -> str | None:
    """Stops surveys to the token's address in its workspace, cancelling scheduled ones; returns the address."""
    pulse = survey_queries.by_token(db, token_hash=hash_token(token))
    if pulse is None or not pulse.email:
        return None
    if db.get(Suppression, (pulse.team_id, pulse.email)) is None:
        db.add(Suppression(team_id=pulse.team_id, email=pulse.email, source=source, created_at=now))
    pulse_queries.skip_scheduled(
        db,
        team_id=pulse.team_id,
        email=pulse.email,
        skip_reason=survey.describe_skip(survey.SkipReason.OPTED_OUT, now=now, last_asked_at=None),
    )
    db.flush()
    return pulse.email


def email_for_token(db: Session, *, token: str) -> str | None:
    """Returns the address a token was sent to (for the opt-out confirmation), or None."""
    pulse = survey_queries.by_token(db, token_hash=hash_token(token))
    return pulse.email if pulse is not None and pulse.email else None


CORRECTABLE_LABELS = ("positive", "neutral", "negative")


def owners_of(db: Session, *, team_id: str, response_id: int) -> tuple[str, ...]:
    """Returns who owns the account a response belongs to (they may correct its label without being an admin)."""
    response = db.get(Response, response_id)
    account = db.get(Account, response.account_id) if response is not None and response.team_id == team_id else None
    return (account.owner_id,) if account is not None and account.owner_id else ()


def correct_label(
    db: Session, *, team_id: str, response_id: int, label: str, user_id: str, now: datetime
) -> Response | None:
    """Records a rep's sentiment label for a comment; the experience score and aggregates follow it."""
    response = db.get(Response, response_id)
    if response is None or response.team_id != team_id or label not in CORRECTABLE_LABELS:
        return None
    before = response.label_override or response.label
    response.label_override, response.override_by, response.override_at = label, user_id, now
    audit.record(
        db,
        team_id=team_id,
        actor=user_id,
        action="response.correct_label",
        subject_type="response",
        subject_id=response_id,
        before={"label": before},
        after={"label": label},
        now=now,
    )
    if response.comment:
        # The correction also teaches the workspace's scorer, for the comments that come after it.
        scoring.learn_correction(db, team_id=team_id, comment=response.comment, label=label, now=now)
    response.experience = survey.score_experience(survey.Answer(response.answer), effective_polarity(response))
    response.updated_at = now
    db.add(response)
    db.flush()
    account = db.get(Account, response.account_id)
    assert account is not None and account.id is not None
    summary = stats.refresh(db, account_id=account.id, team_id=account.team_id, now=now)
    causes = triggers.triggered(
        answer=survey.Answer(response.answer), label=label, polarity=effective_polarity(response), after=summary
    )
    alerts.supersede(db, response=response, causes=causes, now=now)
    return response


def rescore_all(
    db: Session, *, now: datetime, only_outdated: bool = True, progress: Callable[[], None] | None = None
) -> int:
    """Re-scores stored comments with the current scorer and each workspace's learned adjustment.

    Rep corrections stay. Without `only_outdated` every comment is re-scored; with it, those scored by an
    older scorer, and every comment of a workspace that has learned from corrections.
    """
    touched: set[tuple[int, str]] = set()
    learned: dict[str, dict[str, float]] = {}
    count = 0
    for response in response_queries.list_all(db):
        if response.team_id not in learned:
            learned[response.team_id] = scoring.team_adjustment(db, team_id=response.team_id)
        adjustment = learned[response.team_id]
        if only_outdated and response.scorer_version == SCORER_VERSION and not adjustment:
            continue
        scored = score_text(response.comment, adjustment=adjustment) if response.comment else None
        score_response(response, answer=survey.Answer(response.answer), comment=response.comment, scored=scored)
        db.add(response)
        touched.add((response.account_id, response.team_id))
        count += 1
        if progress is not None:
            progress()
    db.flush()
    for account_id, team_id in touched:
        stats.refresh(db, account_id=account_id, team_id=team_id, now=now)
    return count
