"""The web app's one request-body limit: a byte count per path prefix, enforced as the body is read.

A declared Content-Length over the limit is refused at the first read, and a chunked body (no Content-Length)
is counted chunk by chunk and refused the moment it passes the limit, so no handler ever holds more. The check
waits for the handler's first read, so what a handler answers before reading (a bad key, a cross-site form,
too many attempts) still comes first. Each surface keeps its own reply: JSON for the API and Slack, a page for
people.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send


@dataclass(frozen=True, slots=True)
class BodyLimit:
    """The most bytes a request body under `prefix` may have, and the surface's reply to one that has more."""

    prefix: str
    max_bytes: int
    refuse: Callable[[Request, int], Response]


class BodyTooLarge(BaseException):
    """Ends a request whose body passed its limit.

    A BaseException, like asyncio's CancelledError: a handler's `except Exception` safety net (which answers
    500) must not catch it, as the request is not failing, it is being refused by the middleware.
    """


class BodyLimitMiddleware:
    """Bounds request bodies by the longest matching prefix in the table; paths no prefix matches are not read."""

    def __init__(self, app: ASGIApp, limits: Sequence[BodyLimit]) -> None:
        self.app = app
        self.limits = sorted(limits, key=lambda limit: len(limit.prefix), reverse=True)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope["path"] if scope["type"] == "http" else ""
        limit = next((lim for lim in self.limits if path.startswith(lim.prefix)), None)
        if limit is None:
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers") or []).get(b"content-length")
        received = 0
        started = False

        async def bounded_receive() -> Message:
            nonlocal received
            if declared is not None and (not declared.isdigit() or int(declared) > limit.max_bytes):
                raise BodyTooLarge
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit.max_bytes:
                    raise BodyTooLarge
            return message

        async def tracked_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, bounded_receive, tracked_send)
        except BodyTooLarge:
            if started:
                raise
            await limit.refuse(Request(scope), limit.max_bytes)(scope, receive, send)
