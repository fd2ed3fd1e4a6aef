"""What every table module shares: the current time and an aware UTC timestamp column."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Column
from sqlmodel import Field

from storage.types import UTCDateTime


def utcnow() -> datetime:
    """Returns the current time, aware, in UTC."""
    return datetime.now(UTC)


def ts(*, nullable: bool = False, index: bool = False) -> Any:
    """Declares an aware UTC timestamp column."""
    return Field(default=None, sa_column=Column(UTCDateTime(), nullable=nullable, index=index))
