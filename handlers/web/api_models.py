"""The API's bodies as pydantic models: they validate requests, render answers and generate the OpenAPI schemas."""

from __future__ import annotations

import unicodedata
from datetime import UTC, datetime, timedelta
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
)
from pydantic.config import JsonDict
from pydantic_core import PydanticCustomError

from bot.core import emails
from bot.core.commands import MAX_ACCOUNT_NAME, MAX_NOTE, account_name_too_long
from bot.core.i18n import parse_language
from bot.core.kinds import Kind

FUTURE_TOLERANCE = timedelta(minutes=5)
EARLIEST = datetime(1970, 1, 1, tzinfo=UTC)
SLACK_USER_RE = r"^[UW][A-Z0-9]{2,31}$"
DATE_TIME: JsonDict = {"format": "date-time"}


def _contact_email(value: str) -> str:
    """Normalises the address with the one normaliser; the error reads as pydantic's e-mail errors do."""
    try:
        return emails.normalize_email(value)
    except emails.InvalidEmail as error:
        raise PydanticCustomError(
            "value_error", "value is not a valid email address: {reason}", {"reason": str(error)}
        ) from None


ContactEmail = Annotated[
    str,
    Field(
        max_length=emails.MAX_EMAIL,
        json_schema_extra={"format": "email"},
        description="The customer contact's e-mail address; the contact is added to the account on first use.",
    ),
    AfterValidator(_contact_email),
]


class InteractionRequest(BaseModel):
    """The JSON body of POST /api/interactions."""

    model_config = ConfigDict(extra="forbid", strict=True, str_strip_whitespace=True, frozen=True)

    account: str = Field(
        min_length=1,
        max_length=MAX_ACCOUNT_NAME,
        # Documented only: stripping and min_length already refuse a blank name, with their own message.
        json_schema_extra={"pattern": r"\S"},
        description="The account's name, matched as in Slack: exactly, then ignoring case and spacing, then as the "
        "unique prefix of one account's name. No control characters.",
    )
    contact_email: ContactEmail
    contact_name: str = Field(
        default="", max_length=200, description="The contact's name, kept when the contact is new."
    )
    kind: Kind = Field(default=Kind.OTHER, description="The kind of interaction.")
    note: str = Field(
        default="",
        max_length=MAX_NOTE,
        description="What happened; shown on the account's timeline. "
        "No control characters other than tabs and line breaks.",
    )
    survey: bool = Field(
        default=True, description="false: log it without asking the contact (e.g. when back-filling history)."
    )
    occurred_at: AwareDatetime | None = Field(
        default=None,
        description="When it happened, ISO 8601 with a UTC offset (e.g. `2025-03-14T15:09:26+01:00`); not more than "
        "5 minutes in the future. Default: now. The pulse is planned from the time of logging.",
    )
    rep: str | None = Field(
        default=None,
        pattern=SLACK_USER_RE,
        description="The Slack user id of the rep who had the interaction. Default: the account's owner. Required "
        "with `create_account`, where the rep becomes the new account's owner.",
    )
    create_account: bool = Field(
        default=False,
        description="true: create the account, owned by `rep`, when no account matches. "
        "false: an unknown account is a 404.",
    )
    language: str | None = Field(
        default=None,
        max_length=20,
        description="The contact's language for surveys and reminders: en, de, fr or es (a region such as de-AT is "
        "read as de). Omitted or null keeps the stored one; a contact without one gets the workspace's language.",
        examples=["de"],
    )

    @field_validator("language")
    @classmethod
    def _supported_language(cls, value: str | None) -> str | None:
        return parse_language(value)

    @field_validator("account")
    @classmethod
    def _short_key(cls, value: str) -> str:
        if account_name_too_long(value):
            raise ValueError(f"must be at most {MAX_ACCOUNT_NAME} characters, also once case-folded")
        return value

    @field_validator("account", "contact_name")
    @classmethod
    def _one_line(cls, value: str) -> str:
        if any(unicodedata.category(char) == "Cc" for char in value):
            raise ValueError("must not contain control characters")
        return value

    @field_validator("note")
    @classmethod
    def _printable_note(cls, value: str) -> str:
        if any(unicodedata.category(char) == "Cc" and char not in "\t\n\r" for char in value):
            raise ValueError("must not contain control characters other than tabs and line breaks")
        return value

    @field_validator("occurred_at")
    @classmethod
    def _in_range(cls, value: datetime | None, info: ValidationInfo) -> datetime | None:
        if value is None:
            return None
        try:
            moment = value.astimezone(UTC)
        except (OverflowError, ValueError):
            raise ValueError("is out of range") from None
        now: datetime = (info.context or {})["now"]
        if moment > now + FUTURE_TOLERANCE:
            raise ValueError("must not be more than 5 minutes in the future")
        if moment < EARLIEST:
            raise ValueError("must not be before 1970")
        return moment


class _Out(BaseModel):
    """An answer body: exactly these fields."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class AccountRef(_Out):
    """An account, by id and name."""

    id: int
    name: str


class PulsePlan(_Out):
    """The pulse planned when the interaction was logged."""

    state: Literal["scheduled", "skipped"]
    due_at: str | None = Field(json_schema_extra=DATE_TIME, description="When the question goes out (scheduled only).")
    skip_reason: str | None = Field(description="Why the contact is not asked (skipped only), e.g. `asked 3 days ago`.")


class Interaction(_Out):
    """A logged interaction, with the pulse planned for it."""

    id: int = Field(description="The interaction's id.")
    account: AccountRef
    contact_email: str | None = Field(description="null only if the contact was erased since.")
    kind: Kind
    occurred_at: str = Field(json_schema_extra=DATE_TIME, description="In UTC.")
    rep: str = Field(description="The Slack user id of the rep.")
    survey: bool
    pulse: PulsePlan


ErrorCode = Literal[
    "missing_api_key",
    "invalid_api_key",
    "invalid_idempotency_key",
    "malformed_json",
    "unsupported_media_type",
    "payload_too_large",
    "invalid_request",
    "account_not_found",
    "account_ambiguous",
    "conflict",
    "database_unavailable",
    "internal_error",
    "idempotency_key_reused",
]


class FieldError(_Out):
    """One wrong field of a request."""

    field: str = Field(description="The field, e.g. `contact_email`; `body` for the body as a whole.")
    message: str


class ErrorDetail(_Out):
    """What went wrong: a stable code, a message, and what helps to fix it."""

    code: ErrorCode
    message: str
    details: list[FieldError] = Field(default_factory=list)
    candidates: list[AccountRef] = Field(default_factory=list)
    reference: str = Field(default="", description="Quote it when reporting a 500.")


class Error(_Out):
    """Every error answer: `{"error": {...}}`."""

    error: ErrorDetail
