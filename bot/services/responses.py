"""The customer's side: opening a survey link, answering (or changing the answer), opting out."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import update
from sqlmodel import Session, col, select

from bot.core import survey, triggers
from bot.core.sentiment import SCORER_VERSION, score_text
from bot.services import alerts, stats
from bot.services.pulses import hash_token
from storage.models import Account, Contact, Pulse, Response, Suppression, Workspace
from storage.queries import pulses as pulse_queries


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


class CommentTooLong(ValueError):
    """The comment is over the length limit; nothing was saved."""

    def __init__(self, length: int) -> None:
        super().__init__(f"comment is {length} characters")
        self.length = length


@dataclass(frozen=True, slots=True)
class Recorded:
    """An answer that was saved; `changed` is true when it replaced an earlier answer."""

    state: SurveyState
    response: Response
    changed: bool


def open_survey(db: Session, *, token: str, now: datetime, policy: survey.SurveyPolicy) -> SurveyState | None:
    """Returns the survey a token opens, or None when the token is unknown, expired or already used."""
    pulse = pulse_queries.get_by_token_hash(db, token_hash=hash_token(token))
    if pulse is None:
        return None
    response = pulse_queries.get_response(db, pulse_id=pulse.id or 0)
    return _state(db, pulse, response, now=now, policy=policy)


def _state(
    db: Session, pulse: Pulse, response: Response | None, *, now: datetime, policy: survey.SurveyPolicy
) -> SurveyState | None:
    """Returns the survey's state if it can still be answered (or its answer changed)."""
    assert pulse.id is not None
    if pulse.state in survey.OPEN_STATES and (pulse.expires_at is None or now < pulse.expires_at):
        editable_until = None
    elif pulse.state == survey.PulseState.ANSWERED and response is not None:
        editable_until = response.created_at + policy.edit_window
        if now >= editable_until:
            return None
    else:
        return None
    contact = db.get(Contact, pulse.contact_id) if pulse.contact_id else None
    workspace = db.get(Workspace, pulse.team_id)
    return SurveyState(
        pulse_id=pulse.id,
        email=pulse.email,
        language=contact.language if contact else None,
        question=workspace.question if workspace else None,
        answer=survey.Answer(response.answer) if response else None,
        comment=response.comment if response else "",
        editable_until=editable_until,
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
) -> Recorded | None:
    """Saves the customer's answer and scores its comment; None when the link is no longer open.

    A second submission within the edit window replaces the first instead of adding another response.
    With `slack_user_id`, only the contact the pulse was sent to in Slack may answer; `keep_comment` keeps
    an earlier comment (a button answer carries none).
    """
    text = survey.clean_comment(comment)
    if len(text) > survey.MAX_COMMENT:
        raise CommentTooLong(len(text))
    pulse = pulse_queries.get_by_token_hash(db, token_hash=hash_token(token), for_update=True)
    if pulse is None or pulse.id is None:
        return None
    if slack_user_id is not None:
        contact = db.get(Contact, pulse.contact_id) if pulse.contact_id else None
        if contact is None or contact.slack_user_id != slack_user_id:
            return None
    response = pulse_queries.get_response(db, pulse_id=pulse.id)
    state = _state(db, pulse, response, now=now, policy=policy)
    if state is None:
        return None
    changed = response is not None
    if response is None:
        response = Response(
            team_id=pulse.team_id,
            pulse_id=pulse.id,
            account_id=pulse.account_id,
            contact_id=pulse.contact_id,
            answer=answer.value,
            created_at=now,
            updated_at=now,
        )
    score_response(response, answer=answer, comment=response.comment if keep_comment and changed else text)
    response.channel, response.updated_at = channel, now
    pulse.state, pulse.next_action_at = survey.PulseState.ANSWERED, None
    pulse.answered_at = pulse.answered_at or now
    db.add_all([response, pulse])
    db.flush()
    react(db, response=response, now=now)
    return Recorded(state=state, response=response, changed=changed)


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
    alerts.raise_alerts(db, account=account, response=response, causes=causes, now=now)


def score_response(response: Response, *, answer: survey.Answer, comment: str) -> None:
    """Sets a response's answer, comment, sentiment and experience score (a rep's label correction wins)."""
    sentiment = score_text(comment) if comment else None
    response.answer, response.comment = answer.value, comment
    response.polarity = sentiment.polarity if sentiment else None
    response.subjectivity = sentiment.subjectivity if sentiment else None
    response.label = sentiment.label if sentiment else "unknown"
    response.cues = list(sentiment.cues) if sentiment else []
    response.scorer_version = SCORER_VERSION
    response.experience = survey.score_experience(answer, effective_polarity(response))


def effective_polarity(response: Response) -> float | None:
    """Returns the comment polarity the experience score uses: the scorer's, unless a rep corrected the label."""
    label = response.label_override or response.label
    polarity = response.polarity
    if label == "unknown":
        return None
    if response.label_override is None or polarity is None:
        return polarity
    nominal = {"positive": 0.5, "negative": -0.5, "neutral": 0.0}[label]
    agrees = (label == "positive" and polarity > 0) or (label == "negative" and polarity < 0)
    return polarity if agrees else nominal


def opt_out(db: Session, *, token: str, now: datetime, source: str = "survey") -> str | None:
    """Stops surveys to the token's address in its workspace, cancelling scheduled ones; returns the address."""
    pulse = pulse_queries.get_by_token_hash(db, token_hash=hash_token(token))
    if pulse is None or not pulse.email:
        return None
    if db.get(Suppression, (pulse.team_id, pulse.email)) is None:
        db.add(Suppression(team_id=pulse.team_id, email=pulse.email, source=source, created_at=now))
    db.execute(
        update(Pulse)
        .where(
            col(Pulse.team_id) == pulse.team_id,
            col(Pulse.email) == pulse.email,
            col(Pulse.state) == survey.PulseState.SCHEDULED,
        )
        .values(
            state=survey.PulseState.SKIPPED,
            skip_reason=survey.describe_skip(survey.SkipReason.OPTED_OUT, now=now, last_asked_at=None),
            next_action_at=None,
            asked_at=None,
        )
    )
    db.flush()
    return pulse.email


def email_for_token(db: Session, *, token: str) -> str | None:
    """Returns the address a token was sent to (for the opt-out confirmation), or None."""
    pulse = pulse_queries.get_by_token_hash(db, token_hash=hash_token(token))
    return pulse.email if pulse is not None and pulse.email else None


CORRECTABLE_LABELS = ("positive", "neutral", "negative")


def correct_label(
    db: Session, *, team_id: str, response_id: int, label: str, user_id: str, now: datetime
) -> Response | None:
    """Records a rep's sentiment label for a comment; the experience score and aggregates follow it."""
    response = db.get(Response, response_id)
    if response is None or response.team_id != team_id or label not in CORRECTABLE_LABELS:
        return None
    response.label_override, response.override_by, response.override_at = label, user_id, now
    response.experience = survey.score_experience(survey.Answer(response.answer), effective_polarity(response))
    response.updated_at = now
    db.add(response)
    db.flush()
    account = db.get(Account, response.account_id)
    assert account is not None and account.id is not None
    stats.refresh(db, account_id=account.id, team_id=account.team_id, now=now)
    return response


def rescore_all(db: Session, *, now: datetime, only_outdated: bool = True) -> int:
    """Re-scores stored comments with the current scorer (corrections stay) and refreshes the aggregates."""
    touched: set[tuple[int, str]] = set()
    count = 0
    for response in db.exec(select(Response).order_by(col(Response.id))):
        if only_outdated and response.scorer_version == SCORER_VERSION:
            continue
        score_response(response, answer=survey.Answer(response.answer), comment=response.comment)
        db.add(response)
        touched.add((response.account_id, response.team_id))
        count += 1
    db.flush()
    for account_id, team_id in touched:
        stats.refresh(db, account_id=account_id, team_id=team_id, now=now)
    return count
