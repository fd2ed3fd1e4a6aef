"""The one contact e-mail normaliser: every surface that takes an address checks and normalises it here."""

from __future__ import annotations

from email_validator import EmailNotValidError, validate_email

# RFC 5321: a path is at most 256 octets with its brackets, so an address at most 254; a local part at most 64.
MAX_EMAIL = 254
MAX_LOCAL_PART = 64


class InvalidEmail(ValueError):
    """An address no message could be sent to; the text says why."""


def normalize_email(raw: str) -> str:
    """Returns the address in the one form contacts are stored under (validated, lower-cased); raises InvalidEmail.

    Syntax only: whether the domain receives mail is never looked up, so this stays pure and fast.
    """
    try:
        return validate_email(raw, check_deliverability=False).normalized.lower()
    except EmailNotValidError as error:
        raise InvalidEmail(str(error)) from None


def too_long(email: str) -> bool:
    """Tells whether an address (or its local part) is over RFC 5321's limits in octets."""
    return len(email.encode()) > MAX_EMAIL or len(email.partition("@")[0].encode()) > MAX_LOCAL_PART
