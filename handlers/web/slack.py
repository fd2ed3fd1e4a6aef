"""POST /slack/events: the sync Bolt app, dispatched off the event loop, one committed session per request."""

from __future__ import annotations

import json
import logging
from collections.abc import Sequence
from concurrent.futures import Executor
from typing import Any

from slack_bolt import App, BoltRequest, BoltResponse
from slack_bolt.adapter.starlette.handler import to_starlette_response
from slack_bolt.request.internals import parse_body
from slack_sdk.signature import SignatureVerifier
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from bot.logs import reference as reference_id
from bot.runtime import Runtime
from handlers.slack.errors import failure_response, is_busy
from handlers.slack.scope import Deferred, RequestScope
from handlers.web.threads import WorkThreads

logger = logging.getLogger("pulse.web.slack")

NOT_CONFIGURED = {
    "ok": False,
    "error": "slack_not_configured",
    "hint": "Set SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET (see README: Create the Slack app), then restart.",
}


class SlackEvents:
    """The ASGI endpoint Slack posts commands, interactions, options and events to."""

    def __init__(self, bolt: App | None, runtime: Runtime, executor: Executor, threads: WorkThreads) -> None:
        self.bolt = bolt
        self.runtime = runtime
        self.executor = executor
        self.threads = threads

    async def endpoint(self, request: Request) -> Response:
        """Reads the body (bounded by the app's body limit), dispatches it in a worker thread, and acknowledges."""
        if self.bolt is None:
            return JSONResponse(NOT_CONFIGURED, status_code=503)
        body = await request.body()
        timestamp = request.headers.get("x-slack-request-timestamp")
        if timestamp is not None and not (timestamp.isascii() and timestamp.isdigit() and len(timestamp) <= 12):
            return JSONResponse({"ok": False, "error": "invalid_timestamp"}, status_code=401)
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            return JSONResponse({"ok": False, "error": "invalid_body"}, status_code=400)
        headers: dict[str, str | Sequence[str]] = {}
        for key in request.headers:
            headers[key] = request.headers.getlist(key)
        dispatched = await self.threads.run(self.dispatch, text, headers)
        return to_starlette_response(dispatched)

    async def install(self, request: Request) -> Response:
        """GET /slack/install: Bolt's "Add to Slack" page (404 unless Pulse installs through OAuth)."""
        return await self._oauth(request, callback=False)

    async def oauth_redirect(self, request: Request) -> Response:
        """GET /slack/oauth_redirect: Slack sends the installer back here; Bolt checks the state and stores it."""
        return await self._oauth(request, callback=True)

    async def _oauth(self, request: Request, *, callback: bool) -> Response:
        flow = self.bolt.oauth_flow if self.bolt is not None else None
        if flow is None:
            return JSONResponse({"ok": False, "error": "oauth_not_configured"}, status_code=404)
        headers: dict[str, str | Sequence[str]] = {key: request.headers.getlist(key) for key in request.headers}
        bolt_request = BoltRequest(body="", query=request.url.query, headers=headers)
        handle = flow.handle_callback if callback else flow.handle_installation
        return to_starlette_response(await self.threads.run(handle, bolt_request))

    def _signed(self, body: str, headers: dict[str, str | Sequence[str]]) -> bool:
        """Tells whether a body carries a valid, fresh Slack signature."""
        secret = self.runtime.settings.slack_signing_secret
        if secret is None:
            return False
        flat = {k.lower(): (v if isinstance(v, str) else (v[0] if v else "")) for k, v in headers.items()}
        return SignatureVerifier(secret.get_secret_value()).is_valid_request(body, flat)

    def dispatch(self, body: str, headers: dict[str, str | Sequence[str]]) -> BoltResponse:
        """Runs Bolt with a fresh scope, commits, then hands deferred Slack calls to the executor."""
        assert self.bolt is not None
        scope = RequestScope(
            db=self.runtime.sessions(), open_reader=self.runtime.readers if self.runtime.readers else None
        )
        try:
            if not isinstance(_parsed(body, headers), dict):
                # A JSON array, string or null where Slack always sends an object: refused before Bolt, which
                # would fail on it. Unsigned, it is refused as such.
                status = 400 if self._signed(body, headers) else 401
                return BoltResponse(status=status, body=json.dumps({"ok": False, "error": "invalid_body"}))
            try:
                bolt_request = BoltRequest(
                    body=body, headers=headers, context={"scope": scope, "runtime": self.runtime}
                )
            except ValueError:
                return BoltResponse(status=400, body=json.dumps({"ok": False, "error": "invalid_body"}))
            response = self.bolt.dispatch(bolt_request)
            if scope.failed or response.status >= 400:
                scope.db.rollback()
                calls = scope.on_failure
            else:
                scope.db.commit()
                calls = scope.deferred
        except Exception as error:
            scope.db.rollback()
            reference = reference_id()
            logger.warning("could not commit a Slack request (ref %s): %s", reference, error)
            response = failure_response(_safe_parse(body, headers), reference, busy=is_busy(error))
            calls = []
        finally:
            scope.close()
        for call in calls:
            self.executor.submit(_run_deferred, call)
        return response


def body_too_large(request: Request, max_bytes: int) -> Response:
    """The Slack endpoint's reply to a body over its limit (handlers/web/body_limit.py)."""
    return JSONResponse({"ok": False, "error": "body_too_large"}, status_code=413)


def _parsed(body: str, headers: dict[str, str | Sequence[str]]) -> object:
    """Parses a Slack body as Bolt will (None when it cannot be parsed at all)."""
    raw = headers.get("content-type")
    content_type = raw if isinstance(raw, str) or raw is None else (raw[0] if raw else None)
    try:
        return parse_body(body, content_type)
    except ValueError:
        return {}


def _safe_parse(body: str, headers: dict[str, str | Sequence[str]]) -> dict[str, Any]:
    """Parses a Slack body for the error path, where a malformed one must not raise again."""
    parsed = _parsed(body, headers)
    return parsed if isinstance(parsed, dict) else {}


def _run_deferred(call: Deferred) -> None:
    """Runs one deferred Slack call; a failure is logged, never raised into the executor."""
    try:
        call()
    except Exception:
        logger.exception("a deferred Slack call failed")
