"""The per-request scope Slack listeners receive: the session, and work to run once it has committed."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from sqlmodel import Session

Deferred = Callable[[], object]


@dataclass
class RequestScope:
    """Holds the request's session; deferred calls (Slack API calls) run only after a successful commit."""

    db: Session
    deferred: list[Deferred] = field(default_factory=list)
    on_failure: list[Deferred] = field(default_factory=list)
    failed: bool = False

    def defer(self, call: Deferred) -> None:
        """Runs `call` off the request path after the session commits, so Slack hears back first."""
        self.deferred.append(call)

    def fail(self, notify: Deferred | None = None) -> None:
        """Marks the request failed: the session rolls back and only `notify` runs afterwards."""
        self.failed = True
        self.deferred.clear()
        if notify is not None:
            self.on_failure.append(notify)
