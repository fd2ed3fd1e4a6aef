"""Reads survey-response files from elsewhere: which column is what, scores as answers, and answer times.

Two formats, told apart by the header (columns compared after `normalise_column`, so "Response Timestamp" is
`response_timestamp`):

- Pulse, as `pulse export responses` writes it: response_id, answered_at, account, contact_email, contact_name,
  interaction_kind, answer (yes/unsure/no), comment, label_override (a rep's correction), asked_at (or sent_at);
  the rest is ignored. A row with an empty answer and an asked_at is a pulse sent and never answered: silence.
- Delighted: its CSV export is documented nowhere we can reach, so this is a best reading from its API's data
  model and the export headers its users describe. id: response_id, id; e-mail: email, person_email,
  email_address, customer_email; name: name, person_name, full_name, customer_name; score: score, rating,
  nps_score; comment: comment, comments, feedback; time: response_timestamp, created_at, created, timestamp,
  response_date, date; survey type: survey_type, type. Person properties and additional questions are more
  columns; one of them may name the account.

The account column is the one asked for, else the first of account, company, company_name, organization,
organisation, account_name, customer. Times may be ISO 8601, "YYYY-MM-DD HH:MM:SS -0700" or Unix seconds (or
milliseconds); a time without a zone is UTC.

Scores to answers: NPS and eNPS 9-10 Yes, 7-8 Not sure, 0-6 No; CSAT, 5-star and smileys 4-5 Yes, 3 Not sure,
1-2 No; CES (1-7) 5-7 Yes, 4 Not sure, 1-3 No; thumbs 1 Yes, 0 No. Rows that name no survey type take the
file's: NPS when any of them scores above 5 (or 0, which only NPS has), else CSAT.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum

from bot.core.survey import Answer
from bot.core.tables import HeaderError, Row, normalise_column

ACCOUNT_COLUMNS = ("account", "company", "company_name", "organization", "organisation", "account_name", "customer")
# Where Pulse's export puts an apostrophe so a spreadsheet runs no formula (bot.services.exports): wherever a
# cell could start before =, +, -, @, tab or CR.
_DEFUSED = re.compile(r"(^|[,;\t|\r\n])'(?=[=+\-@\t\r])")
_TIME_FORMATS = ("%Y-%m-%d %H:%M:%S %z", "%Y-%m-%d %H:%M %z", "%Y/%m/%d %H:%M:%S %z")
_UNIX_TIME = re.compile(r"\d{9,13}(\.\d+)?")
_PULSE_ANSWERS = {"yes": Answer.YES, "unsure": Answer.UNSURE, "not sure": Answer.UNSURE, "no": Answer.NO}
# Everyone's personal address shares these domains, so a contact there says nothing about the account.
PUBLIC_MAIL_DOMAINS = frozenset(
    "gmail.com googlemail.com outlook.com hotmail.com hotmail.co.uk live.com msn.com yahoo.com yahoo.co.uk "  # noqa: SIM905
    "ymail.com icloud.com me.com mac.com aol.com proton.me protonmail.com gmx.de gmx.net web.de mail.com "
    "yandex.ru qq.com 163.com".split()
)


class BadValue(ValueError):
    """A cell whose value cannot be read; the message says which and why."""


class Format(StrEnum):
    """The file formats `pulse import responses` reads."""

    AUTO = "auto"
    PULSE = "pulse"
    DELIGHTED = "delighted"


# Each role's column names, most likely first.
_ROLES: dict[Format, dict[str, tuple[str, ...]]] = {
    Format.PULSE: {
        "time": ("answered_at",),
        "answer": ("answer",),
        "id": ("response_id",),
        "email": ("contact_email",),
        "name": ("contact_name",),
        "comment": ("comment",),
        "kind": ("interaction_kind",),
        "label": ("label_override",),
        "language": ("language",),
        "asked": ("asked_at", "sent_at"),
    },
    Format.DELIGHTED: {
        "time": ("response_timestamp", "created_at", "created", "timestamp", "response_date", "date"),
        "score": ("score", "rating", "nps_score"),
        "id": ("response_id", "id"),
        "email": ("email", "person_email", "email_address", "e_mail", "customer_email", "contact_email"),
        "name": ("name", "person_name", "full_name", "customer_name", "contact_name"),
        "comment": ("comment", "comments", "feedback"),
        "type": ("survey_type", "type"),
        "language": ("language", "locale", "contact_language"),
    },
}
_REQUIRED = {Format.PULSE: ("time", "answer"), Format.DELIGHTED: ("time", "score")}


@dataclass(frozen=True, slots=True)
class Layout:
    """A file's format and which of its columns plays which role (time, score or answer, e-mail, account...)."""

    format: Format
    columns: dict[str, str]

    def cell(self, row: Row, role: str) -> str:
        """Returns a row's text in a role, undoing the apostrophe a Pulse export puts before formula-like text."""
        text = row.get(self.columns[role]) if role in self.columns else ""
        return _DEFUSED.sub(r"\1", text) if "'" in text else text


def read_layout(header: Sequence[str], *, requested: Format = Format.AUTO, account_column: str | None = None) -> Layout:
    """Tells a file's format from its header and finds its columns; raises HeaderError naming what is missing."""
    columns, found = set(header), "; found: " + ", ".join(header)
    fmt = requested
    if fmt is Format.AUTO:
        fmt = Format.PULSE if {"response_id", "answered_at", "answer"} <= columns else Format.DELIGHTED
    roles = {role: name for role, names in _ROLES[fmt].items() if (name := _first(names, columns))}
    missing = [" or ".join(_ROLES[fmt][role][:2]) for role in _REQUIRED[fmt] if role not in roles]
    if missing and requested is Format.AUTO:
        raise HeaderError(
            "neither a Pulse export (response_id, answered_at, answer) nor a Delighted one (score)" + found
        )
    if missing:
        raise HeaderError(f"missing column(s) of a {fmt.value} export: " + ", ".join(missing) + found)
    if account_column:
        roles["account"] = normalise_column(account_column)
        if roles["account"] not in columns:
            raise HeaderError(f"no column '{account_column}' to read accounts from" + found)
    elif account := _first(ACCOUNT_COLUMNS, columns):
        roles["account"] = account
    if "email" not in roles and "account" not in roles:
        raise HeaderError("an e-mail or an account column is needed to place the responses" + found)
    return Layout(fmt, roles)


def _first(names: Sequence[str], columns: set[str]) -> str | None:
    """Returns the first of the names the file has as a column."""
    return next((name for name in names if name in columns), None)


@dataclass(frozen=True, slots=True)
class Scale:
    """A survey type's score range and where its answers turn from No to Not sure to Yes."""

    title: str
    low: int
    high: int
    unsure_from: int
    yes_from: int

    def answer(self, text: str) -> Answer:
        """Returns the answer a score stands for; raises BadValue for blanks and scores off the scale."""
        value = _number(text)
        if value is None or value != int(value):
            raise BadValue(f"score '{text[:20]}' is not a whole number" if text else "the score is empty")
        if not self.low <= value <= self.high:
            raise BadValue(f"score {int(value)} is outside {self.title}'s {self.low}-{self.high}")
        if value >= self.yes_from:
            return Answer.YES
        return Answer.UNSURE if value >= self.unsure_from else Answer.NO

    def describe(self) -> str:
        """Returns the mapping in words, e.g. 'NPS (0-10): 9-10 Yes, 7-8 Not sure, 0-6 No'."""
        parts = [f"{_span(self.yes_from, self.high)} Yes"]
        if self.unsure_from < self.yes_from:
            parts.append(f"{_span(self.unsure_from, self.yes_from - 1)} Not sure")
        parts.append(f"{_span(self.low, self.unsure_from - 1)} No")
        return f"{self.title} ({self.low}-{self.high}): " + ", ".join(parts)


SCALES = {
    "nps": Scale("NPS", 0, 10, 7, 9),
    "csat": Scale("CSAT", 1, 5, 3, 4),
    "ces": Scale("CES", 1, 7, 4, 5),
    "thumbs": Scale("thumbs", 0, 1, 1, 1),
}
_SURVEY_TYPES = {
    **dict.fromkeys(("nps", "enps", "netpromoterscore"), "nps"),
    **dict.fromkeys(("csat", "customersatisfaction", "5star", "fivestar", "stars", "smileys", "smiley"), "csat"),
    **dict.fromkeys(("ces", "ces2", "ces20", "customereffortscore"), "ces"),
    **dict.fromkeys(("thumbs", "thumbsupdown"), "thumbs"),
}


def survey_type(text: str) -> str | None:
    """Returns the scale (a SCALES key) of a survey type's name ('NPS', '5-star', 'Smileys'); None when blank."""
    if not text:
        return None
    key = _SURVEY_TYPES.get(re.sub(r"[^a-z0-9]", "", text.lower()))
    if key is None:
        raise BadValue(
            f"survey type '{text[:40]}' has no yes/no reading (NPS, eNPS, CSAT, CES, 5-star, smileys, thumbs)"
        )
    return key


def infer_survey_type(scores: Iterable[str]) -> str:
    """Returns the scale of scores whose survey type is not given: NPS if any is above 5 or 0, else CSAT."""
    numbers = [_number(score) for score in scores]
    return "nps" if any(n is not None and (n > 5 or n == 0) for n in numbers) else "csat"


def pulse_answer(text: str) -> Answer:
    """Returns the answer a Pulse export wrote (yes, unsure, no, or the label 'Not sure')."""
    answer = _PULSE_ANSWERS.get(text.lower())
    if answer is None:
        raise BadValue(f"answer '{text[:40]}' is not yes, unsure or no")
    return answer


def parse_time(text: str, *, now: datetime) -> datetime:
    """Returns an answer's time in UTC; raises BadValue for blanks, unreadable text and times after `now`."""
    if not text:
        raise BadValue("the answer time is empty")
    try:
        at = _read_time(text)
    except (OverflowError, OSError, ValueError):
        raise BadValue(f"the answer time '{text[:40]}' is outside the calendar Pulse can store") from None
    if at is None:
        raise BadValue(f"'{text[:40]}' is not a time (ISO 8601, YYYY-MM-DD HH:MM:SS -0700, or Unix seconds)")
    if at > now:
        raise BadValue(f"the answer time {at:%Y-%m-%d %H:%M} UTC is in the future")
    return at


def _read_time(text: str) -> datetime | None:
    """Reads ISO 8601, 'YYYY-MM-DD HH:MM:SS -0700' and Unix seconds (or milliseconds); None when unreadable."""
    if _UNIX_TIME.fullmatch(text):
        seconds = float(text)
        return datetime.fromtimestamp(seconds / 1000 if seconds >= 1e11 else seconds, UTC)
    if text.upper().endswith((" UTC", " GMT")):
        text = text[:-4]
    parsed: datetime | None = None
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        for pattern in _TIME_FORMATS:
            try:
                parsed = datetime.strptime(text, pattern)  # noqa: DTZ007 - every pattern carries %z
                break
            except ValueError:
                continue
    if parsed is None:
        return None
    # Without a zone the time is taken as UTC, the zone Delighted's API and Pulse's export both write.
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)


def _number(text: str) -> float | None:
    """Returns a number written in a cell, or None."""
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def _span(low: int, high: int) -> str:
    """Writes a score range, or one score."""
    return str(low) if low == high else f"{low}-{high}"
