"""Baseline apps for the HTTP benchmarks, as uvicorn factories; Slack settings come from the environment."""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from slack_bolt import Ack, App, BoltRequest  # noqa: E402
from slack_bolt.adapter.starlette import SlackRequestHandler  # noqa: E402
from slack_bolt.adapter.starlette.handler import to_starlette_response  # noqa: E402
from slack_sdk import WebClient  # noqa: E402
from starlette.applications import Starlette  # noqa: E402
from starlette.concurrency import run_in_threadpool  # noqa: E402
from starlette.requests import Request  # noqa: E402
from starlette.responses import HTMLResponse, JSONResponse, PlainTextResponse, Response  # noqa: E402
from starlette.routing import Route  # noqa: E402

ACK = {"response_type": "ephemeral", "text": "Logged a call with jane@acme.com at Acme Corp."}
FORM_PAGE = (
    "<!doctype html><html lang=en><head><meta charset=utf-8><title>Would you buy from us again?</title></head>"
    "<body><main><h1>Would you buy from us again?</h1><form method=post>"
    "<label><input type=radio name=answer value=yes> Yes</label>"
    "<label><input type=radio name=answer value=unsure> Not sure</label>"
    "<label><input type=radio name=answer value=no> No</label>"
    "<textarea name=comment maxlength=2000></textarea><button>Send</button></form></main></body></html>"
)
THANKS_PAGE = (
    "<!doctype html><html lang=en><head><meta charset=utf-8><title>Thank you</title></head>"
    "<body><main><h1>Thank you</h1><p>We received your answer: {answer}.</p></main></body></html>"
)


async def healthz(_: Request) -> Response:
    """Answers the harness's readiness probe."""
    return PlainTextResponse("ok")


async def bare_ack(request: Request) -> Response:
    """Reads the body and returns a small JSON acknowledgement, as Pulse's ack is: the stack's limit."""
    await request.body()
    return JSONResponse(ACK)


def bare_starlette() -> Starlette:
    """A bare Starlette app whose POST /slack/events only reads the body and acks."""
    return Starlette(routes=[Route("/healthz", healthz), Route("/slack/events", bare_ack, methods=["POST"])])


def _acking_bolt(*, process_before_response: bool) -> App:
    """A Bolt app whose only listener acks /pulse; client and checks set up as Pulse sets up its own."""
    client = WebClient(
        token=os.environ["SLACK_BOT_TOKEN"], base_url=os.environ.get("SLACK_API_URL", "https://slack.com/api/")
    )
    app = App(
        client=client,
        signing_secret=os.environ["SLACK_SIGNING_SECRET"],
        process_before_response=process_before_response,
        token_verification_enabled=False,
        raise_error_for_unhandled_request=False,
    )

    def ack_pulse(ack: Ack) -> None:
        ack(text=ACK["text"], response_type=ACK["response_type"])

    app.command("/pulse")(ack_pulse)
    return app


def bolt_adapter() -> Starlette:
    """Bolt as its docs show it: process_before_response=False on Bolt's own Starlette adapter."""
    handler = SlackRequestHandler(_acking_bolt(process_before_response=False))

    async def events(request: Request) -> Response:
        return await handler.handle(request)

    return Starlette(routes=[Route("/healthz", healthz), Route("/slack/events", events, methods=["POST"])])


def bolt_threadpool() -> Starlette:
    """The same Bolt app with process_before_response=True, dispatched in Starlette's thread pool."""
    bolt = _acking_bolt(process_before_response=True)

    async def events(request: Request) -> Response:
        body = (await request.body()).decode("utf-8")
        headers = {key: request.headers.getlist(key) for key in request.headers}
        bolt_request = BoltRequest(body=body, headers=headers)  # type: ignore[arg-type]
        return to_starlette_response(await run_in_threadpool(bolt.dispatch, bolt_request))

    return Starlette(routes=[Route("/healthz", healthz), Route("/slack/events", events, methods=["POST"])])


async def form_show(_: Request) -> Response:
    """Shows a static survey form."""
    return HTMLResponse(FORM_PAGE)


async def form_submit(request: Request) -> Response:
    """Parses the posted form and thanks the sender; stores nothing."""
    form = await request.form(max_files=0, max_fields=10)
    return HTMLResponse(THANKS_PAGE.format(answer=str(form.get("answer") or "")))


def bare_survey() -> Starlette:
    """A bare Starlette GET/POST form endpoint at /p/{token}: the survey pages' limit."""
    return Starlette(
        routes=[
            Route("/healthz", healthz),
            Route("/p/{token}", form_show, methods=["GET"]),
            Route("/p/{token}", form_submit, methods=["POST"]),
        ]
    )


BASELINES: dict[str, tuple[str, str]] = {
    "bare Starlette": ("bench.baselines:bare_starlette", "Starlette endpoint that reads the body and returns JSON"),
    "Bolt adapter": ("bench.baselines:bolt_adapter", "bare Bolt, process_before_response=False, Bolt's adapter"),
    "Bolt thread pool": ("bench.baselines:bolt_threadpool", "bare Bolt, process_before_response=True, thread pool"),
}
SURVEY_BASELINE = "bench.baselines:bare_survey"
