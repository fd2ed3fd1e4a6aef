"""GET /charts/<token>.png: the chart a signed, expiring link asks for, drawn on request, briefly cached."""

from __future__ import annotations

import logging
import threading
import time
from collections import OrderedDict

from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from bot.core import chart_tokens
from bot.core.catalog import words
from bot.runtime import Runtime
from bot.services import home, pictures
from handlers.charts import render_history, render_matrix
from handlers.web.threads import WorkThreads

logger = logging.getLogger("pulse.web.charts")

CACHE_ENTRIES = 32
CACHE_SECONDS = 300.0
GONE = (
    "<!doctype html><title>Pulse</title><h1>This chart has expired</h1>"
    "<p>Chart links last a while, then stop. Today's digest and your App Home carry a fresh one.</p>"
)
MISSING = "<!doctype html><title>Pulse</title><h1>Chart not found</h1><p>There is no chart at this address.</p>"


class PictureCache:
    """The last few pictures drawn, each kept a few minutes: Slack and browsers fetch the same link in bursts."""

    def __init__(self, entries: int = CACHE_ENTRIES, seconds: float = CACHE_SECONDS) -> None:
        self.entries, self.seconds = entries, seconds
        self._items: OrderedDict[tuple[object, ...], tuple[float, bytes]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: tuple[object, ...]) -> bytes | None:
        """Returns a fresh picture, or None."""
        with self._lock:
            found = self._items.get(key)
            if found is None or found[0] < time.monotonic():
                self._items.pop(key, None)
                return None
            self._items.move_to_end(key)
            return found[1]

    def put(self, key: tuple[object, ...], body: bytes) -> None:
        """Keeps a picture, forgetting the oldest beyond the limit."""
        with self._lock:
            self._items[key] = (time.monotonic() + self.seconds, body)
            self._items.move_to_end(key)
            while len(self._items) > self.entries:
                self._items.popitem(last=False)


class ChartImages:
    """Serves chart links: 404 for a forged or malformed link, 410 for an expired one, the PNG otherwise."""

    def __init__(self, runtime: Runtime, threads: WorkThreads, cache: PictureCache | None = None) -> None:
        self.runtime, self.threads = runtime, threads
        self.cache = cache or PictureCache()
        secret = runtime.settings.link_secret
        self.key = chart_tokens.derive_key(secret) if secret else None

    async def png(self, request: Request) -> Response:
        """Checks the link, then draws (or reuses) its picture in a worker thread."""
        token = str(request.path_params.get("token", ""))
        if self.key is None:
            return HTMLResponse(MISSING, status_code=404)
        try:
            claims = chart_tokens.verify(token, self.key, now=self.runtime.now())
        except chart_tokens.TokenExpired:
            return HTMLResponse(GONE, status_code=410, headers={"Cache-Control": "no-store"})
        except chart_tokens.TokenInvalid:
            return HTMLResponse(MISSING, status_code=404, headers={"Cache-Control": "no-store"})
        body = self.cache.get(claims.cache_key())
        if body is None:
            body = await self.threads.run(self.draw, claims)
            self.cache.put(claims.cache_key(), body)
        headers = {"Cache-Control": f"private, max-age={int(CACHE_SECONDS)}", "X-Content-Type-Options": "nosniff"}
        return Response(body, media_type="image/png", headers=headers)

    def draw(self, claims: chart_tokens.ChartClaims) -> bytes:
        """Builds the picture's value from the database (through a reader) and renders it."""
        w = words(claims.language)
        now = self.runtime.now()
        session = self.runtime.reader()
        try:
            if claims.kind == "history" and claims.account_id is not None:
                history = pictures.history_view(
                    session,
                    team_id=claims.team_id,
                    account_id=claims.account_id,
                    now=now,
                    config=self.runtime.classify_config,
                )
                return render_history(history, w=w)
            view = pictures.matrix_view(
                session,
                team_id=claims.team_id,
                owner_ids=claims.owner_ids,
                config=self.runtime.classify_config,
                now=now,
                scope_label=home.OWN if claims.own else None,
            )
        finally:
            session.close()
        return render_matrix(view, w=w)
