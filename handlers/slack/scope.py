"""The per-request scope Slack listeners receive: the session, and work to run once it has committed."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from sqlmodel import Session

Deferred = Callable[[], object]


@dataclass
class RequestScope:
    """Holds the request's sessions; deferred calls (Slack API calls) run only after a successful commit.

    `db` is the request's transaction, committed at the end; `read` answers lookups without joining it (on
    SQLite it never queues behind writers), and is the same session when the database needs no such split.
    """

    db: Session
    deferred: list[Deferred] = field(default_factory=list)
    on_failure: list[Deferred] = field(default_factory=list)
    failed: bool = False
    open_reader: Callable[[], Session] | None = None
    _reader: Session | None = None

    @property
    def read(self) -> Session:
        """Returns the read-only session, opened on first use."""
        if self.open_reader is None:
            return self.db
        if self._reader is None:
            self._reader = self.open_reader()
        return self._reader

    def close(self) -> None:
        """Closes the sessions."""
        if self._reader is not None:
            self._reader.close()
        self.db.close()

    def defer(self, call: Deferred) -> None:
        """Runs `call` off the request path after the session commits, so Slack hears back first."""
        self.deferred.append(call)

    def fail(self, notify: Deferred | None = None) -> None:
        """Marks the request failed: the session rolls back and only `notify` runs afterwards."""
        self.failed = True
        self.deferred.clear()
        if notify is not None:
            self.on_failure.append(notify)
