"""GET /healthz: is the database answering, and is Slack configured."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse

from bot.runtime import Runtime
from handlers.web.threads import WorkThreads
from storage import db


class Health:
    """Answers 200 when the database answers a query, 503 when it does not."""

    def __init__(self, runtime: Runtime, threads: WorkThreads) -> None:
        self.runtime, self.threads = runtime, threads

    async def endpoint(self, request: Request) -> JSONResponse:
        """Checks the database in a worker thread and reports."""
        slack = "configured" if self.runtime.settings.slack_configured else "not configured"
        try:
            await self.threads.run(self._check)
        except db.DatabaseUnavailable:
            return JSONResponse({"status": "unavailable", "database": "unreachable", "slack": slack}, status_code=503)
        return JSONResponse({"status": "ok", "database": "ok", "slack": slack})

    def _check(self) -> None:
        """Asks the database through a reader: on SQLite it never queues behind whoever is writing."""
        session = self.runtime.reader()
        try:
            db.check_session(session)
        finally:
            session.close()
