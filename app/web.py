"""The one ASGI app: every web route in one table, the Slack endpoint, and its lifespan."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from slack_bolt import App
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import ClientDisconnect
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from bot.runtime import Runtime
from handlers.web import pages
from handlers.web.api import InteractionsApi, payload_too_large
from handlers.web.body_limit import BodyLimit, BodyLimitMiddleware
from handlers.web.charts import ChartImages
from handlers.web.health import Health
from handlers.web.portfolio import PortfolioPages
from handlers.web.request_ids import RequestIdMiddleware
from handlers.web.signin import SignIn
from handlers.web.slack import SlackEvents, body_too_large
from handlers.web.survey import SurveyPages, form_too_large
from handlers.web.threads import WorkThreads

STATIC = Path(pages.__file__).with_name("static")
# The one table of request-body limits, by path prefix; each surface answers a larger body in its own shape.
BODY_LIMITS = (
    BodyLimit("/api/", 64 * 1024, payload_too_large),
    # Slack's largest payloads (a full modal's state) are a few tens of kilobytes.
    BodyLimit("/slack/", 512 * 1024, body_too_large),
    BodyLimit("/p/", 32 * 1024, form_too_large),
)


def create_web_app(runtime: Runtime, bolt: App | None) -> Starlette:
    """Builds the Starlette app around a runtime and an optional Bolt app (None without Slack credentials)."""
    deferred = ThreadPoolExecutor(max_workers=8, thread_name_prefix="pulse-deferred")

    @contextlib.asynccontextmanager
    async def lifespan(_: Starlette) -> AsyncIterator[None]:
        yield
        # Let in-flight Slack calls (modal opens, confirmations) finish before the process exits.
        deferred.shutdown(wait=True)

    threads = WorkThreads(runtime.settings.web_threads)
    survey = SurveyPages(runtime, threads)
    api = InteractionsApi(runtime, threads)
    slack = SlackEvents(bolt, runtime, deferred, threads)
    signin = SignIn(runtime, threads)
    portfolio = PortfolioPages(runtime, threads, signin)
    charts = ChartImages(runtime, threads)
    routes = [
        Route("/", pages.home, methods=["GET", "HEAD"]),
        Route("/p/{token}", survey.show, methods=["GET", "HEAD"]),
        Route("/p/{token}", survey.submit, methods=["POST"]),
        Route("/p/{token}/tap", survey.tap, methods=["POST"]),
        Route("/p/{token}/optout", survey.optout_show, methods=["GET", "HEAD"]),
        Route("/p/{token}/optout", survey.optout_submit, methods=["POST"]),
        Route("/portfolio", portfolio.show, methods=["GET", "HEAD"]),
        Route("/portfolio.csv", portfolio.export, methods=["GET"]),
        Route("/portfolio/matrix.png", portfolio.matrix_png, methods=["GET", "HEAD"]),
        Route("/portfolio/accounts/{account_id:int}", portfolio.account, methods=["GET", "HEAD"]),
        Route("/portfolio/accounts/{account_id:int}/history.png", portfolio.history_png, methods=["GET", "HEAD"]),
        Route("/portfolio/login", signin.login, methods=["GET"]),
        Route("/portfolio/callback", signin.callback, methods=["GET"]),
        Route("/portfolio/logout", signin.logout, methods=["POST"]),
        Route("/charts/{token}.png", charts.png, methods=["GET", "HEAD"]),
        Route("/healthz", Health(runtime, threads).endpoint, methods=["GET", "HEAD"]),
        Route("/api/interactions", api.log_interaction, methods=["POST"]),
        Route("/api/openapi.json", api.openapi, methods=["GET", "HEAD"]),
        Route("/slack/events", slack.endpoint, methods=["POST"]),
        Route("/slack/install", slack.install, methods=["GET"]),
        Route("/slack/oauth_redirect", slack.oauth_redirect, methods=["GET"]),
        Mount("/static", StaticFiles(directory=STATIC), name="static"),
    ]
    app = Starlette(
        routes=routes,
        middleware=[Middleware(RequestIdMiddleware), Middleware(BodyLimitMiddleware, limits=BODY_LIMITS)],
        lifespan=lifespan,
        exception_handlers={
            404: pages.http_error,
            405: pages.http_error,
            500: pages.server_error,
            ClientDisconnect: pages.client_gone,
        },
    )
    app.state.runtime = runtime
    return app
