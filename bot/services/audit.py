"""The audit trail: every change use case records who changed what, when, and what it was before and after."""

from __future__ import annotations

import csv
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from enum import Enum
from typing import Any, TextIO

from sqlmodel import Session

from bot.services import exports
from storage.models import AuditEvent
from storage.queries import audit as audit_queries

PAGE = 10
MAX_PAGE = 50


def _plain(value: Any) -> Any:
    """Returns a JSON-ready copy of a before/after value (times as ISO text, enums as their value)."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [_plain(v) for v in value]
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    return value


def record(
    session: Session,
    *,
    team_id: str,
    actor: str,
    action: str,
    subject_type: str,
    subject_id: str | int,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
    now: datetime,
) -> AuditEvent:
    """Records one change in the same transaction as the change itself, so neither exists without the other."""
    return audit_queries.add_event(
        session,
        team_id=team_id,
        actor=actor or "unknown",
        action=action,
        subject_type=subject_type,
        subject_id=str(subject_id),
        before=_plain(before) if before is not None else None,
        after=_plain(after) if after is not None else None,
        now=now,
    )


@dataclass(frozen=True, slots=True)
class AuditPage:
    """One page of the trail, newest first, and how many older events follow it."""

    events: tuple[AuditEvent, ...]
    more: int


def recent(session: Session, *, team_id: str, limit: int = PAGE, offset: int = 0) -> AuditPage:
    """Returns the newest events of a workspace (at most MAX_PAGE) and the count of the rest."""
    limit = max(1, min(limit, MAX_PAGE))
    events = tuple(audit_queries.page(session, team_id=team_id, limit=limit, offset=offset))
    total = audit_queries.count(session, team_id=team_id)
    return AuditPage(events, max(0, total - offset - len(events)))


def first_time(session: Session, *, key: str, team_id: str, now: datetime) -> bool:
    """Tells whether a Slack request (by its trigger id) is seen for the first time; a replay gets False."""
    return audit_queries.claim_request(session, key=key, team_id=team_id, now=now)


CSV_COLUMNS = ("at", "actor", "action", "subject_type", "subject_id", "before", "after")


def _cell(value: object) -> str:
    """Returns a CSV cell a spreadsheet shows as text, never evaluates (every cell is also quoted)."""
    text = "" if value is None else value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return exports.safe_cell(text)


def write_csv(session: Session, *, team_id: str, out: TextIO, progress: Callable[[], None] | None = None) -> int:
    """Writes a workspace's audit trail as CSV, oldest first; returns how many events."""
    writer = csv.writer(out, quoting=csv.QUOTE_ALL)
    writer.writerow(CSV_COLUMNS)
    count = 0
    for event in audit_queries.stream(session, team_id=team_id):
        writer.writerow(
            [
                event.at.isoformat(),
                _cell(event.actor),
                _cell(event.action),
                _cell(event.subject_type),
                _cell(event.subject_id),
                _cell(event.before),
                _cell(event.after),
            ]
        )
        count += 1
        if progress is not None:
            progress()
    return count
