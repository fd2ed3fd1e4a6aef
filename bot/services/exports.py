"""Exports for spreadsheets and other tools: every response with its account, contact and interaction.

Pulses sent and never answered follow the responses as rows with an empty answer and answered_at and their
asked_at, so `pulse import responses` brings the silence back too.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable, Iterator
from typing import TextIO

from sqlmodel import Session

from bot.core.survey import experience_percent
from storage.queries import responses as response_queries

RESPONSE_COLUMNS = (
    "response_id",
    "answered_at",
    "updated_at",
    "account",
    "account_owner",
    "contact_email",
    "contact_name",
    "interaction_id",
    "interaction_kind",
    "interaction_at",
    "interaction_rep",
    "asked_at",
    "channel",
    "answer",
    "comment",
    "polarity",
    "subjectivity",
    "label",
    "scorer_label",
    "label_override",
    "cues",
    "experience",
    "experience_0_100",
    "scorer_version",
    "language",
)
# A spreadsheet runs a cell that starts with one of these as a formula (OWASP: CSV injection). A spreadsheet that
# splits on another separator (a semicolon, a tab) can start a cell in the middle of a value, so every start counts.
_FORMULA_AT_CELL_START = re.compile(r"(^|[,;\t|\r\n])(?=[=+\-@\t\r])")


def safe_cell(text: str) -> str:
    """Defuses spreadsheet formulas: an apostrophe before =, +, -, @, tab or CR wherever a cell could start."""
    return _FORMULA_AT_CELL_START.sub(lambda match: match.group(1) + "'", text)


def response_rows(db: Session, *, team_id: str) -> Iterator[dict[str, object]]:
    """Yields one flat row per response, in the export's column order."""
    for response, account, contact, pulse, interaction in response_queries.iter_for_export(db, team_id=team_id):
        yield {
            "response_id": response.id,
            "answered_at": response.created_at.isoformat(),
            "updated_at": response.updated_at.isoformat(),
            "account": safe_cell(account.name),
            "account_owner": account.owner_id,
            "contact_email": safe_cell(contact.email) if contact else "",
            "contact_name": safe_cell(contact.name) if contact else "",
            "interaction_id": interaction.id if interaction else "",
            "interaction_kind": interaction.kind if interaction else "",
            "interaction_at": interaction.occurred_at.isoformat() if interaction else "",
            "interaction_rep": interaction.rep_id if interaction else "",
            "asked_at": pulse.sent_at.isoformat() if pulse and pulse.sent_at else "",
            "channel": response.channel,
            "answer": response.answer,
            "comment": safe_cell(response.comment),
            "polarity": "" if response.polarity is None else round(response.polarity, 4),
            "subjectivity": "" if response.subjectivity is None else round(response.subjectivity, 4),
            "label": response.label_override or response.label,
            "scorer_label": response.label,
            "label_override": response.label_override or "",
            "cues": safe_cell("; ".join(response.cues)),
            "experience": round(response.experience, 4),
            "experience_0_100": experience_percent(response.experience),
            "scorer_version": response.scorer_version,
            "language": (contact.language or "") if contact else "",
        }


def unanswered_rows(db: Session, *, team_id: str) -> Iterator[dict[str, object]]:
    """Yields one row per pulse sent and never answered: no response id, answer or time of answer."""
    for pulse, account, contact, interaction in response_queries.iter_unanswered_for_export(db, team_id=team_id):
        row: dict[str, object] = dict.fromkeys(RESPONSE_COLUMNS, "")
        assert pulse.sent_at is not None
        row.update(
            account=safe_cell(account.name),
            account_owner=account.owner_id,
            contact_email=safe_cell(contact.email) if contact else safe_cell(pulse.email),
            contact_name=safe_cell(contact.name) if contact else "",
            interaction_id=interaction.id if interaction else "",
            interaction_kind=interaction.kind if interaction else "",
            interaction_at=interaction.occurred_at.isoformat() if interaction else "",
            interaction_rep=interaction.rep_id if interaction else "",
            asked_at=pulse.sent_at.isoformat(),
            channel=pulse.channel or "",
        )
        yield row


def write_responses_csv(db: Session, *, team_id: str, out: TextIO, progress: Callable[[], None] | None = None) -> int:
    """Writes the responses export as CSV, then the pulses never answered; returns how many rows were written."""
    writer = csv.DictWriter(out, fieldnames=RESPONSE_COLUMNS)
    writer.writeheader()
    count = 0
    for row in response_rows(db, team_id=team_id):
        writer.writerow({key: safe_cell(value) if isinstance(value, str) else value for key, value in row.items()})
        count += 1
        if progress is not None:
            progress()
    for row in unanswered_rows(db, team_id=team_id):
        writer.writerow(row)
        count += 1
        if progress is not None:
            progress()
    return count
