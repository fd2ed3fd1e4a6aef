"""GET /healthz: is the database answering, and is Slack configured."""

from __future__ import annotations

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse

from bot.runtime import Runtime
from storage import db


class Health:
    """Answers 200 when the database answers a query, 503 when it does not."""

    def __init__(self, runtime: Runtime) -> None:
        self.runtime = runtime

    async def endpoint(self, request: Request) -> JSONResponse:
        """Checks the database in a worker thread and reports."""
        slack = "configured" if self.runtime.settings.slack_configured else "not configured"
        try:
            await run_in_threadpool(db.check_database, self.runtime.engine)
        except db.DatabaseUnavailable:
            return JSONResponse({"status": "unavailable", "database": "unreachable", "slack": slack}, status_code=503)
        return JSONResponse({"status": "ok", "database": "ok", "slack": slack})
