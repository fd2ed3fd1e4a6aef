"""The one error path for Slack requests: log the traceback with a reference, tell the user kindly."""

from __future__ import annotations

import json
import logging
from typing import Any

from slack_bolt import BoltResponse
from sqlalchemy.exc import OperationalError

from bot.logs import reference as reference_id
from handlers.slack import blocks
from storage.db import DatabaseUnavailable

logger = logging.getLogger("pulse.slack")


def is_busy(error: BaseException) -> bool:
    """Tells whether an error means the database was unavailable or locked (worth a retry)."""
    return isinstance(error, DatabaseUnavailable | OperationalError)


def failure_response(body: dict[str, Any], reference: str, *, busy: bool) -> BoltResponse:
    """Returns the acknowledgement that tells the user, in the form the payload type expects."""
    kind = body.get("type")
    if kind == "view_submission":
        payload: dict[str, Any] = {
            "response_action": "update",
            "view": blocks.error_view(reference, busy=busy),
        }
    elif kind == "block_suggestion":
        payload = {"options": []}
    elif kind in ("block_actions", "view_closed", "event_callback", "shortcut", "message_action"):
        return BoltResponse(status=200, body="")
    else:
        payload = blocks.error_reply(reference, busy=busy)
    return BoltResponse(status=200, body=json.dumps(payload), headers={"content-type": "application/json"})


def handle_error(error: Exception, body: dict[str, Any], context: dict[str, Any]) -> BoltResponse:
    """Logs an unhandled listener error and acknowledges with a short message and a reference."""
    reference = reference_id()
    busy = is_busy(error)
    if busy:
        logger.warning("database unavailable (ref %s): %s", reference, error)
    else:
        logger.exception("listener failed (ref %s)", reference, exc_info=error)
    scope = context.get("scope")
    respond = context.get("respond")
    if scope is not None:
        notify = None
        if body.get("type") == "block_actions" and respond is not None:
            reply = blocks.error_reply(reference, busy=busy)
            notify = lambda: respond(replace_original=False, **reply)  # noqa: E731
        scope.fail(notify)
    return failure_response(body, reference, busy=busy)
