"""HTML pages: the template environment, the landing page, and the kind error pages."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.templating import Jinja2Templates

from bot.core.catalog import Words, browser_language, words
from bot.logs import reference as reference_id

logger = logging.getLogger("pulse.web")

# Autoescaped, and loaded once: templates ship with the code, so there is no need to stat them on every render.
templates = Jinja2Templates(
    env=jinja2.Environment(
        loader=jinja2.FileSystemLoader(Path(__file__).with_name("templates")), autoescape=True, auto_reload=False
    )
)

CSP = (
    "default-src 'none'; style-src 'self'{style}; img-src 'self'{img}; script-src 'self'; connect-src 'self'; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CSP.format(style="", img=""),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
}


def render(
    request: Request, name: str, status_code: int = 200, *, csp_style: str = "", csp_img: str = "", **values: Any
) -> HTMLResponse:
    """Renders a template (autoescaped) with the security headers every page carries.

    `csp_style` and `csp_img` add one style hash and one image origin to the policy (a workspace's branding).
    """
    response = templates.TemplateResponse(request, name, values, status_code=status_code)
    response.headers.update(SECURITY_HEADERS)
    if csp_style or csp_img:
        response.headers["Content-Security-Policy"] = CSP.format(
            style=f" {csp_style}" if csp_style else "", img=f" {csp_img}" if csp_img else ""
        )
    response.headers["Cache-Control"] = "no-store"
    return response


def reader_words(request: Request) -> Words:
    """Returns the catalog in the browser's language (Accept-Language), English when none of ours fits."""
    return words(browser_language(request.headers.get("accept-language")))


# Placeholders a sentence can fill with a word in a tag; the word is escaped like the sentence around it.
TAGGED = {"code": Markup("<code>{}</code>"), "em": Markup("<em>{}</em>"), "q": Markup("<q>{}</q>")}


def with_markup(text: str, **tagged: tuple[str, str]) -> Markup:
    """Fills a translated sentence's placeholders with words in a tag (`code`, `em`, `q`), everything escaped."""
    return Markup.escape(text).format(**{name: TAGGED[tag].format(word) for name, (tag, word) in tagged.items()})


async def home(request: Request) -> Response:
    """A landing page that says what Pulse is and whether Slack is connected, in the browser's language."""
    runtime = request.app.state.runtime
    w = reader_words(request)
    intro = w.gettext(
        "Pulse asks your customers one question after every interaction, {question}, "
        "and tells your team in Slack which accounts need someone today."
    )
    connected = w.gettext("Slack is connected. Use {command} in your workspace.")
    missing = w.gettext(
        "Slack is not connected yet. Set {bot_setting} and {signing_setting} (see the README, {section}) and restart."
    )
    return render(
        request,
        "home.html",
        lang=w.language,
        slack_configured=runtime.settings.slack_configured,
        intro=with_markup(intro, question=("q", w.gettext("Would you buy from us again?"))),
        connected=with_markup(connected, command=("code", "/pulse help")),
        missing=with_markup(
            missing,
            bot_setting=("code", "SLACK_BOT_TOKEN"),
            signing_setting=("code", "SLACK_SIGNING_SECRET"),
            section=("em", "Create the Slack app"),  # the README's heading, which is in English
        ),
    )


API_ERRORS = {404: ("not_found", "There is no such endpoint."), 405: ("method_not_allowed", "Not with this method.")}


async def http_error(request: Request, exc: Exception) -> Response:
    """Renders 404s and other HTTP errors as a short page, or as the API's JSON error under /api/."""
    status = exc.status_code if isinstance(exc, HTTPException) else 500
    if request.url.path.startswith("/api/"):
        code, message = API_ERRORS.get(status, ("error", "The request was not understood."))
        headers = {"Cache-Control": "no-store", **(getattr(exc, "headers", None) or {})}
        return JSONResponse({"error": {"code": code, "message": message}}, status_code=status, headers=headers)
    return error_page(request, status, reference=None)


async def server_error(request: Request, exc: Exception) -> Response:
    """Logs an unhandled error with a reference and shows a kind page without a traceback."""
    reference = reference_id()
    logger.error("unhandled error on %s (ref %s)", request.url.path, reference, exc_info=exc)
    return error_page(request, 500, reference=reference)


def error_page(request: Request, status: int, *, reference: str | None) -> HTMLResponse:
    """Renders the kind error page in the browser's language: not found, or something went wrong."""
    w = reader_words(request)
    return render(
        request, "error.html", status_code=status, lang=w.language, _=w.gettext, status=status, reference=reference
    )


async def client_gone(request: Request, exc: Exception) -> Response:
    """A client that hung up mid-request (or was cut off by the read deadline): nothing to log, nobody to tell."""
    return Response(status_code=400)
