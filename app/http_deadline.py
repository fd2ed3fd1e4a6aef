"""HTTP read deadlines for uvicorn: a request's headers and body must arrive within a few seconds.

Uvicorn closes idle keep-alive connections, but not a connection that never sends a request or sends one
slowly (slowloris): hundreds of those stay open. These protocol classes start a deadline when a connection
opens or a request begins, and close the connection if the request has not fully arrived by then.
"""

from __future__ import annotations

import asyncio
from typing import Any

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

try:
    from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol
except ImportError:  # pragma: no cover - httptools is optional
    HttpToolsProtocol = None  # type: ignore[assignment, misc]

DEFAULT_SECONDS = 15.0


class _Deadline:
    """The timer shared by both parsers' protocols."""

    request_timeout = DEFAULT_SECONDS
    transport: asyncio.Transport
    loop: asyncio.AbstractEventLoop
    _deadline: asyncio.TimerHandle | None = None

    def _arm(self) -> None:
        if self._deadline is None:
            self._deadline = self.loop.call_later(self.request_timeout, self._expire)

    def _disarm(self) -> None:
        if self._deadline is not None:
            self._deadline.cancel()
            self._deadline = None

    def _expire(self) -> None:
        self._deadline = None
        if not self.transport.is_closing():
            self.transport.close()


class DeadlineH11Protocol(_Deadline, H11Protocol):
    """h11: the deadline runs from the first byte of a request (or the connection) to its last."""

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._arm()

    def data_received(self, data: bytes) -> None:
        if self.conn.their_state is h11.IDLE:
            self._arm()
        super().data_received(data)
        if self.conn.their_state in (h11.DONE, h11.MUST_CLOSE, h11.CLOSED, h11.ERROR):
            self._disarm()

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)


if HttpToolsProtocol is not None:

    class DeadlineHttpToolsProtocol(_Deadline, HttpToolsProtocol):
        """httptools: the deadline runs from the connection or a request's first byte to its last byte."""

        def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
            super().connection_made(transport)
            self._arm()

        def on_message_begin(self) -> None:
            super().on_message_begin()
            self._arm()

        def on_message_complete(self) -> None:
            self._disarm()
            super().on_message_complete()

        def connection_lost(self, exc: Exception | None) -> None:
            self._disarm()
            super().connection_lost(exc)


def configure(seconds: float) -> None:
    """Sets the deadline (REQUEST_TIMEOUT_SECONDS) for every connection this process serves."""
    _Deadline.request_timeout = seconds


def protocol() -> type[Any]:
    """Returns the protocol class uvicorn should use: httptools when installed, else h11."""
    if HttpToolsProtocol is not None:
        return DeadlineHttpToolsProtocol
    return DeadlineH11Protocol
