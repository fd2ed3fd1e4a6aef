"""A real SMTP server (aiosmtpd) that keeps what it receives, and can refuse for a while."""

from __future__ import annotations

import email
import email.policy
import threading
import time
from email.message import EmailMessage
from typing import Any

from aiosmtpd.controller import Controller

from tests.support.server import free_port


class Mailbox:
    """The aiosmtpd handler: stores every accepted message, parsed."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []
        self.refuse_with: str | None = None
        self.before_accept: Any = None  # called with each message before it is accepted (a slow server)
        self._lock = threading.Condition()

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        if self.refuse_with:
            return self.refuse_with
        if self.before_accept is not None:
            self.before_accept()
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        assert isinstance(message, EmailMessage)
        with self._lock:
            self.messages.append(message)
            self._lock.notify_all()
        return "250 Message accepted for delivery"

    def wait_for(self, count: int, timeout: float = 10.0) -> list[EmailMessage]:
        """Waits until `count` messages arrived."""
        deadline = time.monotonic() + timeout
        with self._lock:
            while len(self.messages) < count:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise AssertionError(f"{len(self.messages)} messages arrived, expected {count}")
                self._lock.wait(remaining)
            return list(self.messages)


class SmtpServer:
    """Starts and stops an SMTP server on a free port."""

    def __init__(self, port: int | None = None, mailbox: Mailbox | None = None) -> None:
        self.mailbox = mailbox or Mailbox()
        self.port = port or free_port()
        self.controller = Controller(self.mailbox, hostname="127.0.0.1", port=self.port)

    @property
    def url(self) -> str:
        """Returns the SMTP_URL for this server."""
        return f"smtp://127.0.0.1:{self.port}"

    def start(self) -> SmtpServer:
        """Starts accepting mail."""
        self.controller.start()
        self.running = True
        return self

    def stop(self) -> None:
        """Stops the server (connections are then refused); stopping twice is harmless."""
        if getattr(self, "running", False):
            self.controller.stop()
            self.running = False
