"""The command line's error boundary: what went wrong, in one line a person can act on, and the exit code."""

from __future__ import annotations

import os

UNEXPECTED = 1
BAD_INPUT = 2


def explain(error: BaseException) -> tuple[str, int]:
    """Turns any error a command raised into one line and an exit code (2: fix the input or setup; 1: a bug)."""
    from pydantic import ValidationError
    from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError, OperationalError

    from app.workspace import TeamUnknown
    from handlers.slack.gateway import UNREACHABLE, SlackUnavailable
    from storage.migrate import NotMigrated

    if isinstance(error, NotMigrated | TeamUnknown | SlackUnavailable):
        return str(error), BAD_INPUT
    if isinstance(error, ValidationError):
        first = error.errors()[0]
        where = ".".join(str(part) for part in first.get("loc", ())).upper() or "settings"
        return f"Configuration: {where}: {first.get('msg', 'invalid')}.", BAD_INPUT
    if isinstance(error, ArgumentError | NoSuchModuleError):
        return f"DATABASE_URL is not a database URL Pulse can use ({error}).", BAD_INPUT
    if isinstance(error, OperationalError) and "no such table" in str(error.orig):
        return "The database has no Pulse tables: run `pulse migrate` first.", BAD_INPUT
    if isinstance(error, DBAPIError):
        reason = str(error.orig).strip().splitlines()[0] if error.orig else type(error).__name__
        return f"The database did not answer: {reason}. Check DATABASE_URL.", BAD_INPUT
    if isinstance(error, UnicodeError):
        return f"A file is not text in a known encoding ({error}).", BAD_INPUT
    if isinstance(error, OverflowError):
        return f"A date or number is out of range ({error}).", BAD_INPUT
    if isinstance(error, OSError) and error.filename is not None:
        return f"{error.filename}: {error.strerror or error}.", BAD_INPUT
    if isinstance(error, UNREACHABLE):
        return f"A connection failed: {getattr(error, 'strerror', None) or error}.", BAD_INPUT
    hint = "" if os.environ.get("PULSE_DEBUG") else " (PULSE_DEBUG=1 shows where)"
    return f"Unexpected error: {type(error).__name__}: {error}{hint}", UNEXPECTED
