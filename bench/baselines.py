"""Baseline apps for the HTTP benchmarks, as uvicorn factories; Slack settings come from the environment."""

from __future__ import annotations

import os

from slack_bolt import Ack, App, BoltRequest
from slack_bolt.adapter.starlette import SlackRequestHandler
from slack_bolt.adapter.starlette.handler import to_starlette_response
from slack_sdk import WebClient
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, PlainTextResponse, Response
from starlette.routing import Route

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


_FLOOR_FORM = """<!doctype html><html lang=en><head><meta charset=utf-8><title>{{ question }}</title></head>
<body><main><h1>{{ question }}</h1><p>{{ account }}</p><form method=post>
{% for value, label in answers %}<label><input type=radio name=answer value="{{ value }}"
{% if value == selected %}checked{% endif %}> {{ label }}</label>{% endfor %}
<textarea name=comment maxlength=2000>{{ comment }}</textarea><button>Send</button></form></main></body></html>"""
_FLOOR_THANKS = """<!doctype html><html lang=en><head><meta charset=utf-8><title>Thank you</title></head>
<body><main><h1>Thank you</h1><p>We received your answer: {{ answer }}.</p></main></body></html>"""
_FLOOR_ANSWERS = (("yes", "Yes"), ("unsure", "Not sure"), ("no", "No"))


def create_floor_database(path: str, tokens: list[str]) -> None:
    """Creates the page floor's SQLite file: one row per survey token hash, as Pulse stores tokens."""
    import hashlib
    import sqlite3

    with sqlite3.connect(path) as db:
        db.execute("PRAGMA journal_mode=WAL")
        db.execute(
            "CREATE TABLE survey (token_hash TEXT PRIMARY KEY, question TEXT, account TEXT, answer TEXT, comment TEXT)"
        )
        db.executemany(
            "INSERT INTO survey VALUES (?, 'Would you buy from us again?', ?, NULL, '')",
            [(hashlib.sha256(t.encode()).hexdigest(), f"Account {n % 200}") for n, t in enumerate(tokens)],
        )


def survey_floor() -> Starlette:
    """The least a real survey page does: hash the token, one SQLite lookup (or update) in a thread, a template.

    No rate limiting, no request ids, no languages, no edit window, no scoring: the floor under Pulse's pages.
    """
    import hashlib
    import sqlite3
    import threading

    from jinja2 import Environment

    path = os.environ["PULSE_FLOOR_DB"]
    env = Environment(autoescape=True, auto_reload=False)
    form_page, thanks_page = env.from_string(_FLOOR_FORM), env.from_string(_FLOOR_THANKS)
    local = threading.local()

    def connection() -> sqlite3.Connection:
        if getattr(local, "db", None) is None:
            local.db = sqlite3.connect(path, isolation_level=None, timeout=5)
            local.db.execute("PRAGMA synchronous=NORMAL")
        return local.db

    def find(token: str) -> tuple[str, str, str | None, str] | None:
        key = hashlib.sha256(token.encode()).hexdigest()
        return (
            connection()
            .execute("SELECT question, account, answer, comment FROM survey WHERE token_hash = ?", (key,))
            .fetchone()
        )

    def answer(token: str, value: str, comment: str) -> bool:
        key = hashlib.sha256(token.encode()).hexdigest()
        db = connection()
        db.execute("BEGIN IMMEDIATE")
        try:
            changed = db.execute(
                "UPDATE survey SET answer = ?, comment = ? WHERE token_hash = ?", (value, comment, key)
            ).rowcount
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise
        return bool(changed)

    async def show(request: Request) -> Response:
        found = await run_in_threadpool(find, request.path_params["token"])
        if found is None:
            return HTMLResponse("<h1>This link is no longer open</h1>", status_code=404)
        question, account, selected, comment = found
        return HTMLResponse(
            form_page.render(
                question=question, account=account, answers=_FLOOR_ANSWERS, selected=selected, comment=comment
            )
        )

    async def submit(request: Request) -> Response:
        form = await request.form(max_files=0, max_fields=10)
        value, comment = str(form.get("answer") or ""), str(form.get("comment") or "")
        if not await run_in_threadpool(answer, request.path_params["token"], value, comment):
            return HTMLResponse("<h1>This link is no longer open</h1>", status_code=404)
        return HTMLResponse(thanks_page.render(answer=dict(_FLOOR_ANSWERS).get(value, value)))

    return Starlette(
        routes=[
            Route("/healthz", healthz),
            Route("/p/{token}", show, methods=["GET"]),
            Route("/p/{token}", submit, methods=["POST"]),
        ]
    )


BASELINES: dict[str, tuple[str, str]] = {
    "bare Starlette": ("bench.baselines:bare_starlette", "Starlette endpoint that reads the body and returns JSON"),
    "Bolt adapter": ("bench.baselines:bolt_adapter", "bare Bolt, process_before_response=False, Bolt's adapter"),
    "Bolt thread pool": ("bench.baselines:bolt_threadpool", "bare Bolt, process_before_response=True, thread pool"),
}
SURVEY_BASELINE = "bench.baselines:bare_survey"
SURVEY_FLOOR = "bench.baselines:survey_floor"
