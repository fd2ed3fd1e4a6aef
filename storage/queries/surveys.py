"""The survey page's queries: a token's pulse with its answer, and saving an answer. Hand-written, hot path."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session

from storage.sql import Sql


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


_SURVEY_BY_HASH = (
    "SELECT p.id, p.team_id, p.account_id, p.contact_id, p.state, p.email, p.expires_at, p.answered_at, "
    "r.id, r.answer, r.comment, r.label_override, r.created_at, c.language, c.slack_user_id, w.question, "
    "w.language, w.brand_name, w.brand_logo_url, w.brand_accent, rp.display_name "
    "FROM pulsetoken t JOIN pulse p ON p.id = t.pulse_id "
    "LEFT JOIN response r ON r.pulse_id = p.id LEFT JOIN contact c ON c.id = p.contact_id "
    "LEFT JOIN workspace w ON w.team_id = p.team_id "
    "LEFT JOIN repprofile rp ON rp.team_id = p.team_id AND rp.user_id = p.rep_id WHERE t.token_hash = :hash"
)
_LOCK_BY_HASH = (
    "SELECT p.id FROM pulsetoken t JOIN pulse p ON p.id = t.pulse_id WHERE t.token_hash = :hash FOR UPDATE OF p"
)


def by_token(session: Session, *, token_hash: str, for_update: bool = False) -> TokenSurvey | None:
    """Returns the survey behind a token's hash, locking its pulse for an answer when asked."""
    sql = Sql(session)
    if for_update and sql.postgres:
        # Lock first, read after: a statement that waited for the lock would see the pulse as the other
        # answer left it but the response as it was before (none), and call a just-answered link dead.
        sql.row(_LOCK_BY_HASH, hash=token_hash)
    row = sql.row(_SURVEY_BY_HASH, hash=token_hash)
    if row is None:
        return None
    return TokenSurvey(
        pulse_id=int(row[0]),
        team_id=row[1],
        account_id=int(row[2]),
        contact_id=row[3],
        state=row[4],
        email=row[5],
        expires_at=sql.read_time(row[6]),
        answered_at=sql.read_time(row[7]),
        response_id=row[8],
        answer=row[9],
        comment=row[10] or "",
        label_override=row[11],
        answered_first_at=sql.read_time(row[12]),
        language=row[13],
        slack_user_id=row[14],
        question=row[15],
        workspace_language=row[16],
        brand_name=row[17],
        brand_logo_url=row[18],
        brand_accent=row[19],
        rep_name=row[20],
    )


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


def save_answer(
    session: Session, *, found: TokenSurvey, scores: Scores, channel: str, now: datetime
) -> tuple[int, datetime]:
    """Inserts the pulse's response (or replaces it), marks the pulse answered; returns its id and first time."""
    sql = Sql(session)
    values = {
        "answer": scores.answer,
        "comment": scores.comment,
        "polarity": scores.polarity,
        "subjectivity": scores.subjectivity,
        "label": scores.label,
        "cues": sql.json(scores.cues),
        "version": scores.scorer_version,
        "experience": scores.experience,
        "override": scores.label_override,
        "channel": channel,
        "now": sql.time(now),
    }
    if found.response_id is None:
        row = sql.row(
            "INSERT INTO response (team_id, pulse_id, account_id, contact_id, answer, comment, polarity, "
            "subjectivity, label, cues, scorer_version, experience, label_override, channel, created_at, updated_at) "
            "VALUES (:team, :pulse, :account, :contact, :answer, :comment, :polarity, :subjectivity, :label, :cues, "
            ":version, :experience, :override, :channel, :now, :now) RETURNING id",
            team=found.team_id,
            pulse=found.pulse_id,
            account=found.account_id,
            contact=found.contact_id,
            **values,
        )
        assert row is not None
        response_id, first = int(row[0]), now
    else:
        # A changed answer is reacted to again.
        sql.run(
            "UPDATE response SET answer = :answer, comment = :comment, polarity = :polarity, "
            "subjectivity = :subjectivity, label = :label, cues = :cues, scorer_version = :version, "
            "experience = :experience, channel = :channel, updated_at = :now, reacted_at = NULL, "
            "label_override = :override WHERE id = :id",
            id=found.response_id,
            **values,
        )
        response_id, first = found.response_id, found.answered_first_at or now
    sql.run(
        "UPDATE pulse SET state = 'answered', next_action_at = NULL, answered_at = COALESCE(answered_at, :now) "
        "WHERE id = :id",
        id=found.pulse_id,
        now=sql.time(now),
    )
    return response_id, first
