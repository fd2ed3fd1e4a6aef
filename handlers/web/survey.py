"""The survey pages under /p/{token}: GET shows (never records), POST answers, /tap holds a tap, /optout stops."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from datetime import datetime
from typing import TypeVar
from urllib.parse import urlsplit

from sqlalchemy.exc import DBAPIError, OperationalError
from starlette.requests import Request
from starlette.responses import Response

from bot.core import survey
from bot.core.branding import Brand
from bot.core.catalog import DEFAULT, accepted_language, browser_language, words
from bot.core.i18n import answer_labels, default_question, language_or_default
from bot.runtime import Runtime
from bot.services import responses, taps
from handlers.web import survey_words
from handlers.web.branding import brand_values
from handlers.web.pages import render
from handlers.web.ratelimit import MissLimiter
from handlers.web.threads import WorkThreads
from storage.db import DatabaseUnavailable

logger = logging.getLogger("pulse.web.survey")

_Found = TypeVar("_Found")
TOKEN_RE = re.compile(r"^[A-Za-z0-9_-]{16,128}$")


class SurveyPages:
    """The customer-facing pages; every unknown, expired or used token gets the same friendly page."""

    def __init__(self, runtime: Runtime, threads: WorkThreads, limiter: MissLimiter | None = None) -> None:
        self.runtime, self.threads = runtime, threads
        self.limiter = limiter or MissLimiter()

    async def show(self, request: Request) -> Response:
        """Shows the question, with the answer from an e-mail's one-tap link chosen but not yet sent."""
        token = request.path_params["token"]
        # A valid link always opens: it is looked up (a cheap read, no write lock) before the limiter is asked,
        # so guessers sharing an address with real customers (a NAT, a PaaS router) lock out only themselves.
        try:
            state = await self._open(token) if TOKEN_RE.match(token) else None
        except DatabaseUnavailable:
            return _message(request, "busy", 503, lang=browser_language(request.headers.get("accept-language")))
        if state is None:
            return await self._closed(request, token)
        tapped = request.query_params.get("a")
        selected = tapped or (state.answer.value if state.answer else None)
        # The page sends the tap back from the browser (static/tap.js); this GET itself records nothing.
        tap = tapped if tapped in survey.Answer.__members__.values() and tapped != state.answer else None
        return self._form(request, token, state, selected=selected, comment=state.comment, tap=tap)

    async def tap(self, request: Request) -> Response:
        """Holds the answer a message's link chose, sent by the page's script; it counts after the hold."""
        token = request.path_params["token"]
        lang = browser_language(request.headers.get("accept-language"))
        if cross_site(request, self.runtime.settings.base_url):
            return _message(request, "refused", 403, lang=lang)
        if not self.limiter.allowed(_client(request)):
            return _message(request, "slow_down", 429, lang=lang)
        form = await request.form(max_files=0, max_fields=5, max_part_size=1024)
        raw_answer = str(form.get("answer") or "")
        if not TOKEN_RE.match(token) or raw_answer not in survey.Answer.__members__.values():
            return self._gone(request)

        def hold() -> taps.Tapped | None:
            with self.runtime.transaction() as db:
                return taps.record_tap(
                    db,
                    token=token,
                    answer=survey.Answer(raw_answer),
                    user_agent=request.headers.get("user-agent"),
                    language=accepted_language(request.headers.get("accept-language")),
                    now=self.runtime.now(),
                    policy=self.runtime.policy,
                )

        try:
            tapped = await self.threads.run(hold)
        except DatabaseUnavailable:
            return _message(request, "busy", 503, lang=lang)
        if tapped is None:
            return self._gone(request)
        # Held or discarded look the same from outside: a scanner learns nothing from the reply.
        return Response(status_code=204, headers={"Cache-Control": "no-store"})

    async def submit(self, request: Request) -> Response:
        """Records the answer posted by the form; errors re-show the form with what the customer typed."""
        token = request.path_params["token"]
        lang = browser_language(request.headers.get("accept-language"))
        if cross_site(request, self.runtime.settings.base_url):
            return _message(request, "refused", 403, lang=lang)
        form = await request.form(max_files=0, max_fields=10)
        raw_answer, comment = str(form.get("answer") or ""), str(form.get("comment") or "")
        if not TOKEN_RE.match(token):
            return self._gone(request)
        # The link is checked with a read first: an unknown or used one never waits for the write lock.
        state: responses.SurveyState | None = None
        try:
            state = await self._open(token)
            if state is None:
                return self._gone(request)
            if raw_answer not in survey.Answer.__members__.values():
                return self._form(
                    request, token, state, selected=None, comment=comment, error="choose_answer", status=422
                )
            try:
                language = accepted_language(request.headers.get("accept-language"))
                recorded = await self.threads.run(self._record, token, survey.Answer(raw_answer), comment, language)
            except responses.CommentTooLong as too_long:
                state = await self._open(token)
                if state is None:
                    return self._gone(request)
                return self._form(
                    request,
                    token,
                    state,
                    selected=raw_answer,
                    comment=comment,
                    error="too_long",
                    status=422,
                    length=too_long.length,
                )
        except DatabaseUnavailable:
            logger.warning("database unavailable while recording an answer")
            return self._form(request, token, state, selected=raw_answer, comment=comment, error="busy", status=503)
        if recorded is None:
            return self._gone(request)
        return self._thanks(request, token, recorded)

    async def optout_show(self, request: Request) -> Response:
        """Asks to confirm the opt-out with one button (a GET must not change anything)."""
        token = request.path_params["token"]
        lang = browser_language(request.headers.get("accept-language"))
        try:
            email = await self._email(token) if TOKEN_RE.match(token) else None
        except DatabaseUnavailable:
            return _message(request, "busy", 503, lang=lang)
        if email is None:
            return self._gone(request)
        w = words(lang)
        body = w.gettext("We will not ask {email} for feedback again.", email=email)
        return render(request, "optout.html", lang=lang, _=w.gettext, action=f"/p/{token}/optout", body=body)

    async def optout_submit(self, request: Request) -> Response:
        """Opts the address out: the confirm button, or a mail client's RFC 8058 one-click POST."""
        token = request.path_params["token"]
        lang = browser_language(request.headers.get("accept-language"))
        if cross_site(request, self.runtime.settings.base_url):
            return _message(request, "refused", 403, lang=lang)
        try:
            # An unknown link is turned away by a read, before it could wait for the write lock.
            known = await self._email(token) if TOKEN_RE.match(token) else None
            email = await self.threads.run(self._opt_out, token) if known is not None else None
        except DatabaseUnavailable:
            logger.warning("database unavailable while opting out")
            return _message(request, "busy", 503, lang=lang)
        if email is None:
            return self._gone(request)
        return _message(request, "optout_done", 200, lang=lang)

    # -- the work, in worker threads --------------------------------------------------------------------

    async def _open(self, token: str) -> responses.SurveyState | None:
        return await self._read(responses.open_survey, token)

    async def _read(self, query: Callable[..., _Found], token: str) -> _Found:
        """Runs a survey lookup on the read-only session, in a worker thread."""

        def read() -> _Found:
            reader = self.runtime.reader()
            try:
                return query(reader, token=token, now=self.runtime.now(), policy=self.runtime.policy)
            except (OperationalError, DBAPIError) as error:
                raise DatabaseUnavailable(str(error.orig)) from error
            finally:
                reader.close()

        return await self.threads.run(read)

    def _record(
        self, token: str, answer: survey.Answer, comment: str, language: str | None
    ) -> responses.Recorded | None:
        with self.runtime.transaction() as db:
            return responses.record_answer(
                db,
                token=token,
                answer=answer,
                comment=comment,
                now=self.runtime.now(),
                policy=self.runtime.policy,
                language=language,
            )

    async def _closed(self, request: Request, token: str) -> Response:
        """Explains a closed survey in its own words (answered for good, or expired); unknown links get `gone`."""
        try:
            closed = await self._read(responses.closed_survey, token)
        except DatabaseUnavailable:
            return _message(request, "busy", 503, lang=_page_language(request))
        if closed is None:
            return self._gone(request)
        lang = _page_language(request, closed.language, closed.workspace_language)
        w = words(lang)
        answer = answer_labels(w)[closed.answer.value] if closed.answer else ""
        body = survey_words.short_pages(w)[closed.reason][1].format(answer=answer)
        return _message(request, closed.reason, 404, lang=lang, brand=closed.brand, body=body)

    async def _email(self, token: str) -> str | None:
        def find() -> str | None:
            reader = self.runtime.reader()
            try:
                return responses.email_for_token(reader, token=token)
            except (OperationalError, DBAPIError) as error:
                raise DatabaseUnavailable(str(error.orig)) from error
            finally:
                reader.close()

        return await self.threads.run(find)

    def _opt_out(self, token: str) -> str | None:
        with self.runtime.transaction() as db:
            return responses.opt_out(db, token=token, now=self.runtime.now())

    # -- rendering ----------------------------------------------------------------------------------------

    def _gone(self, request: Request) -> Response:
        """An unknown, expired or used link: counted against the client, who is slowed down past the limit."""
        lang = browser_language(request.headers.get("accept-language"))
        client = _client(request)
        if not self.limiter.allowed(client):
            return _message(request, "slow_down", 429, lang=lang)
        self.limiter.miss(client)
        return _message(request, "gone", 404, lang=lang)

    def _form(
        self,
        request: Request,
        token: str,
        state: responses.SurveyState | None,
        *,
        selected: str | None,
        comment: str,
        error: str | None = None,
        status: int = 200,
        length: int = 0,
        tap: str | None = None,
    ) -> Response:
        lang = _page_language(request, state.language, state.workspace_language) if state else _page_language(request)
        w = words(lang)
        labels = answer_labels(w)
        messages = {
            "choose_answer": w.gettext("Please choose Yes, Not sure or No."),
            "too_long": w.gettext(
                "Your comment is {length} characters long; please keep it under {limit}.",
                length=length,
                limit=survey.MAX_COMMENT,
            ),
            "busy": ". ".join(survey_words.short_pages(w)["busy"]),
        }
        return render(
            request,
            "survey.html",
            status_code=status,
            lang=lang,
            _=w.gettext,
            question=(state.question if state else None) or default_question(lang),
            answers=list(labels.items()),
            selected=selected if selected in survey.Answer.__members__.values() else None,
            comment=comment,
            error=messages.get(error or ""),
            error_field={"choose_answer": "answer", "too_long": "comment"}.get(error or ""),
            limit=survey.MAX_COMMENT,
            hint=w.gettext("Up to {limit} characters.", limit=survey.MAX_COMMENT),
            action=f"/p/{token}",
            optout_url=f"/p/{token}/optout",
            editing=state is not None and state.answer is not None,
            tap=tap,
            tap_saved=survey_words.tap_saved(w, labels[tap]) if tap else "",
            **brand_values(state.brand if state else Brand(), w),
        )

    def _thanks(self, request: Request, token: str, recorded: responses.Recorded) -> Response:
        lang = _page_language(request, recorded.state.language, recorded.state.workspace_language)
        w = words(lang)
        until: datetime = recorded.first_answered_at + self.runtime.policy.edit_window
        return render(
            request,
            "thanks.html",
            lang=lang,
            _=w.gettext,
            thanks=w.gettext("We received your answer: {answer}.", answer=answer_labels(w)[recorded.answer.value]),
            edit_note=w.gettext(
                "Changed your mind? You can update your answer until {until}.",
                until=until.isoformat(" ", "minutes")[:16] + " UTC",
            ),
            edit_url=f"/p/{token}",
            **brand_values(recorded.state.brand, w),
        )


def _message(
    request: Request, key: str, status: int, *, lang: str, brand: Brand | None = None, body: str | None = None
) -> Response:
    """Renders one of the short pages: gone, closed, slow down, refused, opted out."""
    w = words(lang)
    heading, text = survey_words.short_pages(w)[key]
    return render(
        request,
        "message.html",
        status_code=status,
        lang=lang,
        heading=heading,
        body=body if body is not None else text,
        **brand_values(brand or Brand(), w),
    )


def form_too_large(request: Request, max_bytes: int) -> Response:
    """The survey's reply to a form over its limit (handlers/web/body_limit.py): the kind "refused" page."""
    return _message(request, "refused", 413, lang=browser_language(request.headers.get("accept-language")))


def _page_language(request: Request, contact: str | None = None, workspace: str | None = None) -> str:
    """Picks the page's language: the contact's, else the browser's, else the workspace's, else English."""
    if contact:
        return language_or_default(contact)
    return accepted_language(request.headers.get("accept-language")) or language_or_default(workspace or DEFAULT)


def _client(request: Request) -> str:
    """Returns the client's address (uvicorn resolves trusted proxy headers before this)."""
    return request.client.host if request.client else "unknown"


def cross_site(request: Request, base_url: str) -> bool:
    """Tells a form posted from another site, by Sec-Fetch-Site where the browser sends it, else by Origin."""
    site = request.headers.get("sec-fetch-site")
    if site is not None:
        return site not in ("same-origin", "none")
    origin = request.headers.get("origin")
    if origin is None or origin == "null":
        # Old browsers and mail clients' one-click unsubscribe send neither; the token is the secret then.
        return False
    return origin not in {_origin(base_url), f"{request.url.scheme}://{request.headers.get('host', '')}"}


def _origin(url: str) -> str:
    """Returns scheme://host[:port] of a URL."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"
