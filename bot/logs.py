"""Logging set-up: plain text for people, JSON lines for collectors, each line tagged with its request id."""

from __future__ import annotations

import contextvars
import itertools
import json
import logging
import os
import re
import secrets
import sys
import uuid
from datetime import UTC, datetime

from bot.config import Settings

request_id: contextvars.ContextVar[str | None] = contextvars.ContextVar("request_id", default=None)
_SANE_ID = re.compile(r"^[A-Za-z0-9._-]{6,64}$")
# What must never reach a log line: e-mail addresses, Slack tokens, survey link tokens, URL passwords.
_REDACTIONS = (
    (re.compile(r"[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+"), "<email>"),
    (re.compile(r"\bxox[a-z]-[A-Za-z0-9-]+"), "xox*-<redacted>"),
    (re.compile(r"\bxapp-[A-Za-z0-9-]+"), "xapp-<redacted>"),
    (re.compile(r"/p/[A-Za-z0-9_-]{16,}"), "/p/<token>"),
    (re.compile(r"(://[^:/@\s]+):[^@/\s]+@"), r"\1:<redacted>@"),
)


def redact(text: str) -> str:
    """Removes personal data and secrets from a log line."""
    for pattern, replacement in _REDACTIONS:
        text = pattern.sub(replacement, text)
    return text


class _Ids:
    """Request ids unique across processes without a system call each: a random prefix per process and a count."""

    def __init__(self) -> None:
        self.pid = -1
        self.prefix = ""
        self.count = itertools.count()

    def next(self) -> str:
        """Returns a fresh 16-character id."""
        if self.pid != os.getpid():  # a forked worker gets its own prefix
            self.pid, self.prefix, self.count = os.getpid(), secrets.token_hex(4), itertools.count()
        return f"{self.prefix}{next(self.count) & 0xFFFFFFFF:08x}"


_ids = _Ids()


def new_request_id(offered: str | None = None) -> str:
    """Returns the caller's X-Request-ID when it is sane, else a fresh one."""
    return offered if offered and _SANE_ID.match(offered) else _ids.next()


def reference() -> str:
    """Returns the id a user can quote in a support request: the current request's, or a new one."""
    return request_id.get() or uuid.uuid4().hex[:8]


class RequestIdFilter(logging.Filter):
    """Adds the current request id (or '-') to every record."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id.get() or "-"
        return True


class JsonFormatter(logging.Formatter):
    """Formats each record as one JSON object per line, redacted."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": redact(record.getMessage()),
            "request_id": getattr(record, "request_id", "-"),
        }
        if record.exc_info:
            entry["exception"] = redact(self.formatException(record.exc_info))
        return json.dumps(entry, ensure_ascii=False)


class TextFormatter(logging.Formatter):
    """Formats a record as one readable line (tracebacks after it), redacted."""

    def format(self, record: logging.LogRecord) -> str:
        return redact(super().format(record))


def configure_logging(settings: Settings) -> None:
    """Sends logs to stderr in the configured format and level."""
    handler = logging.StreamHandler(sys.stderr)
    handler.addFilter(RequestIdFilter())
    if settings.log_format == "json":
        handler.setFormatter(JsonFormatter())
    else:
        handler.setFormatter(TextFormatter("%(asctime)s %(levelname)-7s [%(request_id)s] %(name)s: %(message)s"))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(settings.log_level)
    # Libraries log whole payloads (customer comments, notes) at debug level: they stay at warnings, always.
    for noisy in (
        "alembic",
        "apscheduler",
        "slack_bolt",
        "slack_sdk",
        "httpx",
        "httpcore",
        "uvicorn.access",
        "mail.log",
    ):
        logging.getLogger(noisy).setLevel(logging.WARNING)
