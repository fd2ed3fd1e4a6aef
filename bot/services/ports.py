"""The ports services own: what a use case needs from a delivery channel, and how delivery fails."""

from __future__ import annotations


class DeliveryError(Exception):
    """A message could not be delivered (by e-mail, Slack or any other channel).

    DeliveryError
    ├── TemporaryDeliveryError   unreachable, busy, rate-limited or refused for now: send it again later
    └── PermanentDeliveryError   refused for good: an unusable address, a closed channel: do not retry
    """

    def __init__(self, message: str, *, code: int | None = None) -> None:
        super().__init__(message)
        self.code = code


class TemporaryDeliveryError(DeliveryError):
    """Sending again later may work; `retry_after` is the server's own hint in seconds, when it gave one."""

    def __init__(self, message: str, *, code: int | None = None, retry_after: float | None = None) -> None:
        super().__init__(message, code=code)
        self.retry_after = retry_after


class PermanentDeliveryError(DeliveryError):
    """The server refused this message or recipient for good."""
