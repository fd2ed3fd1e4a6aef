"""The survey page's queries: a token's pulse with its answer, and saving an answer. Hand-written, hot path."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import bindparam, func, insert, select, update
from sqlmodel import Session

from bot.core.states import PulseState
from storage import statements
from storage.models import Contact, Pulse, PulseToken, RepProfile, Response, Workspace


@dataclass(frozen=True, slots=True)
class TokenSurvey:
    """What a survey link leads to: its pulse, its answer so far, the contact's language, the question."""

    pulse_id: int
    team_id: str
    account_id: int
    contact_id: int | None
    state: str
    email: str
    expires_at: datetime | None
    answered_at: datetime | None
    response_id: int | None
    answer: str | None
    comment: str
    label_override: str | None
    answered_first_at: datetime | None
    language: str | None
    slack_user_id: str | None
    question: str | None
    workspace_language: str | None = None
    brand_name: str | None = None
    brand_logo_url: str | None = None
    brand_accent: str | None = None
    rep_name: str | None = None


_TOKENS = statements.table(PulseToken)
_PULSES = statements.table(Pulse)
_RESPONSES = statements.table(Response)
_CONTACTS = statements.table(Contact)
_WORKSPACES = statements.table(Workspace)
_PROFILES = statements.table(RepProfile)
_TOKEN_PULSE = _TOKENS.join(_PULSES, _PULSES.c.id == _TOKENS.c.pulse_id)
_BY_HASH = _TOKENS.c.token_hash == bindparam("token_hash")
_SURVEY_BY_HASH = (
    select(
        _PULSES.c.id.label("pulse_id"),
        _PULSES.c.team_id,
        _PULSES.c.account_id,
        _PULSES.c.contact_id,
        _PULSES.c.state,
        _PULSES.c.email,
        _PULSES.c.expires_at,
        _PULSES.c.answered_at,
        _RESPONSES.c.id.label("response_id"),
        _RESPONSES.c.answer,
        _RESPONSES.c.comment,
        _RESPONSES.c.label_override,
        _RESPONSES.c.created_at.label("answered_first_at"),
        _CONTACTS.c.language,
        _CONTACTS.c.slack_user_id,
        _WORKSPACES.c.question,
        _WORKSPACES.c.language.label("workspace_language"),
        _WORKSPACES.c.brand_name,
        _WORKSPACES.c.brand_logo_url,
        _WORKSPACES.c.brand_accent,
        _PROFILES.c.display_name.label("rep_name"),
    )
    .select_from(
        _TOKEN_PULSE.outerjoin(_RESPONSES, _RESPONSES.c.pulse_id == _PULSES.c.id)
        .outerjoin(_CONTACTS, _CONTACTS.c.id == _PULSES.c.contact_id)
        .outerjoin(_WORKSPACES, _WORKSPACES.c.team_id == _PULSES.c.team_id)
        .outerjoin(_PROFILES, (_PROFILES.c.team_id == _PULSES.c.team_id) & (_PROFILES.c.user_id == _PULSES.c.rep_id))
    )
    .where(_BY_HASH)
)
_LOCK_BY_HASH = select(_PULSES.c.id).select_from(_TOKEN_PULSE).where(_BY_HASH).with_for_update(of=_PULSES)


def by_token(session: Session, *, token_hash: str, for_update: bool = False) -> TokenSurvey | None:
    """Returns the survey behind a token's hash, locking its pulse for an answer when asked."""
    connection = statements.connection(session)
    params = {"token_hash": token_hash}
    if for_update and connection.dialect.name == "postgresql":
        # Lock first, read after: a statement that waited for the lock would see the pulse as the other
        # answer left it but the response as it was before (none), and call a just-answered link dead.
        connection.execute(_LOCK_BY_HASH, params)
    row = connection.execute(_SURVEY_BY_HASH, params).first()
    if row is None:
        return None
    found = row._mapping
    return TokenSurvey(**{**found, "comment": found["comment"] or ""})


@dataclass(frozen=True, slots=True)
class Scores:
    """A response's answer, comment and the scores derived from them (and the correction that still applies)."""

    answer: str
    comment: str
    polarity: float | None
    subjectivity: float | None
    label: str
    cues: list[str]
    scorer_version: str
    experience: float
    label_override: str | None


_ADD_RESPONSE = insert(_RESPONSES).returning(_RESPONSES.c.id)
_REPLACE_RESPONSE = update(_RESPONSES).where(_RESPONSES.c.id == bindparam("response_id"))
_MARK_ANSWERED = (
    update(_PULSES)
    .where(_PULSES.c.id == bindparam("pulse_id"))
    .values(
        state=PulseState.ANSWERED,
        next_action_at=None,
        answered_at=func.coalesce(_PULSES.c.answered_at, bindparam("now", type_=_PULSES.c.answered_at.type)),
    )
)


def save_answer(
    session: Session, *, found: TokenSurvey, scores: Scores, channel: str, now: datetime
) -> tuple[int, datetime]:
    """Inserts the pulse's response (or replaces it), marks the pulse answered; returns its id and first time."""
    values = {
        "answer": scores.answer,
        "comment": scores.comment,
        "polarity": scores.polarity,
        "subjectivity": scores.subjectivity,
        "label": scores.label,
        "cues": scores.cues,
        "scorer_version": scores.scorer_version,
        "experience": scores.experience,
        "label_override": scores.label_override,
        "channel": channel,
        "updated_at": now,
    }
    connection = statements.connection(session)
    if found.response_id is None:
        added = connection.execute(
            _ADD_RESPONSE,
            {
                "team_id": found.team_id,
                "pulse_id": found.pulse_id,
                "account_id": found.account_id,
                "contact_id": found.contact_id,
                "created_at": now,
                **values,
            },
        ).one()
        response_id, first = int(added.id), now
    else:
        # A changed answer is reacted to again.
        connection.execute(_REPLACE_RESPONSE, {"response_id": found.response_id, "reacted_at": None, **values})
        response_id, first = found.response_id, found.answered_first_at or now
    connection.execute(_MARK_ANSWERED, {"pulse_id": found.pulse_id, "now": now})
    return response_id, first
