"""Sign in with Slack for the portfolio pages: /portfolio/login, the callback, sign-out, and who is visiting."""

from __future__ import annotations

import logging
import threading
from datetime import timedelta
from urllib.parse import urlencode

from sqlalchemy.exc import DBAPIError, OperationalError
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from bot.core import catalog
from bot.runtime import Runtime
from bot.services import web_sessions
from bot.services.web_sessions import SignedIn
from handlers.slack import gateway
from handlers.web import portfolio_words
from handlers.web.pages import render
from handlers.web.slack_signin import SignInRefused, SlackOpenId
from handlers.web.survey import cross_site
from handlers.web.threads import WorkThreads
from storage.db import DatabaseUnavailable

logger = logging.getLogger("pulse.web.signin")

SESSION_COOKIE = "pulse_session"
LOGIN_COOKIE = "pulse_signin"
CALLBACK = "/portfolio/callback"
LOGIN = "/portfolio/login"


class SignIn:
    """Signs members of a workspace that installed Pulse in with Slack, and tells who holds a session cookie."""

    def __init__(self, runtime: Runtime, threads: WorkThreads, openid: SlackOpenId | None = None) -> None:
        self.runtime, self.threads = runtime, threads
        self.openid = openid or SlackOpenId(runtime.settings)
        self.secure = runtime.settings.base_url.startswith("https://")
        self._single_team = runtime.settings.slack_team_id
        self._team_lock = threading.Lock()

    @property
    def redirect_uri(self) -> str:
        """Where Slack sends the browser back to (it must be listed in the Slack app's redirect URLs)."""
        return self.runtime.settings.base_url + CALLBACK

    async def login(self, request: Request) -> Response:
        """Starts signing in: remembers a state and a nonce for this browser, then sends it to Slack."""
        if not self.openid.configured:
            return refusal_page(request, "unavailable", 503)

        def start() -> web_sessions.LoginStart:
            with self.runtime.transaction() as db:
                return web_sessions.start_login(db, return_to=request.query_params.get("next"), now=self.runtime.now())

        try:
            started = await self.threads.run(start)
        except DatabaseUnavailable:
            return refusal_page(request, "busy", 503)
        target = self.openid.authorize_url(state=started.state, nonce=started.nonce, redirect_uri=self.redirect_uri)
        response = RedirectResponse(target, status_code=303, headers={"Cache-Control": "no-store"})
        ttl = int(web_sessions.LOGIN_TTL.total_seconds())
        self._cookie(response, LOGIN_COOKIE, started.browser_token, max_age=ttl, path="/portfolio")
        return response

    async def callback(self, request: Request) -> Response:
        """Finishes signing in: this browser's state, Slack's id_token for its nonce, a workspace with Pulse."""
        params = request.query_params
        if not self.openid.configured:
            return refusal_page(request, "unavailable", 503)
        now = self.runtime.now()

        def finish() -> web_sessions.PendingLogin | None:
            with self.runtime.transaction() as db:
                return web_sessions.finish_login(
                    db, browser_token=request.cookies.get(LOGIN_COOKIE), state=params.get("state"), now=now
                )

        try:
            pending = await self.threads.run(finish)
        except DatabaseUnavailable:
            return refusal_page(request, "busy", 503)
        code = params.get("code")
        if pending is None or not code or params.get("error"):
            logger.info("sign-in refused: unknown or used state, or Slack said %s", params.get("error", "")[:40])
            return self._forget_login(refusal_page(request, "failed", 403))
        try:
            identity = await self.threads.run(
                lambda: self.openid.identify(code=code, redirect_uri=self.redirect_uri, nonce=pending.nonce, now=now)
            )
        except SignInRefused as refused:
            logger.warning("sign-in refused: %s", refused.reason)
            return self._forget_login(refusal_page(request, "failed", 403))
        single_team = await self.threads.run(self.single_team)

        def admit() -> tuple[str, SignedIn] | None:
            with self.runtime.transaction() as db:
                if not web_sessions.admitted(
                    db, team_id=identity.team_id, client_id=self.openid.client_id, single_team=single_team
                ):
                    return None
                hours = self.runtime.settings.portfolio_session_hours
                return web_sessions.open_session(
                    db,
                    team_id=identity.team_id,
                    user_id=identity.user_id,
                    name=identity.name,
                    now=now,
                    lifetime=timedelta(hours=hours),
                )

        try:
            opened = await self.threads.run(admit)
        except DatabaseUnavailable:
            return refusal_page(request, "busy", 503)
        if opened is None:
            logger.info("sign-in refused: workspace %s has not installed Pulse", identity.team_id[:32])
            return self._forget_login(refusal_page(request, "not_installed", 403))
        token, signed = opened
        response = RedirectResponse(pending.return_to, status_code=303, headers={"Cache-Control": "no-store"})
        max_age = int((signed.expires_at - now).total_seconds())
        self._cookie(response, SESSION_COOKIE, token, max_age=max_age, path="/")
        return self._forget_login(response)

    async def logout(self, request: Request) -> Response:
        """Signs out (a POST from Pulse's own page): the session ends on the server and its cookie goes."""
        if cross_site(request, self.runtime.settings.base_url):
            return refusal_page(request, "refused", 403)
        token = request.cookies.get(SESSION_COOKIE)

        def end() -> None:
            with self.runtime.transaction() as db:
                web_sessions.sign_out(db, token=token)

        try:
            await self.threads.run(end)
        except DatabaseUnavailable:
            return refusal_page(request, "busy", 503)
        response = refusal_page(request, "signed_out", 200)
        response.delete_cookie(SESSION_COOKIE, path="/", secure=self.secure, httponly=True, samesite="lax")
        return response

    async def visitor(self, request: Request) -> SignedIn | None:
        """Returns who the session cookie signs in, if the session is live and the workspace still has Pulse."""
        token = request.cookies.get(SESSION_COOKIE)
        if not token:
            return None
        single_team = await self.threads.run(self.single_team)

        def look() -> SignedIn | None:
            reader = self.runtime.reader()
            try:
                signed = web_sessions.current(reader, token=token, now=self.runtime.now())
                if signed is None or not web_sessions.admitted(
                    reader, team_id=signed.team_id, client_id=self.openid.client_id, single_team=single_team
                ):
                    return None
                return signed
            except (OperationalError, DBAPIError) as error:
                raise DatabaseUnavailable(str(error.orig)) from error
            finally:
                reader.close()

        return await self.threads.run(look)

    def single_team(self) -> str | None:
        """Returns the workspace of the bot token (SLACK_TEAM_ID, else Slack's auth.test, asked once), if any."""
        if self._single_team is not None or self.runtime.settings.slack_bot_token is None:
            return self._single_team
        with self._team_lock:
            if self._single_team is None:
                try:
                    self._single_team = gateway.token_team_id(self.runtime.settings)
                except gateway.SlackUnavailable as error:
                    logger.warning("could not tell the bot token's workspace: %s", error)
        return self._single_team

    def sign_in_redirect(self, request: Request) -> Response:
        """Sends a visitor who is not signed in to sign in, to come back where they were."""
        here = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        target = f"{LOGIN}?{urlencode({'next': web_sessions.safe_return(here)})}"
        return RedirectResponse(target, status_code=303, headers={"Cache-Control": "no-store"})

    def _cookie(self, response: Response, name: str, value: str, *, max_age: int, path: str) -> None:
        response.set_cookie(name, value, max_age=max_age, path=path, secure=self.secure, httponly=True, samesite="lax")

    def _forget_login(self, response: Response) -> Response:
        response.delete_cookie(LOGIN_COOKIE, path="/portfolio", secure=self.secure, httponly=True, samesite="lax")
        return response


def refusal_page(request: Request, reason: str, status: int) -> Response:
    """Renders a short page that turns a visitor away (or says they signed out), with a sign-in button."""
    w = catalog.words(catalog.browser_language(request.headers.get("accept-language")))
    heading, body = portfolio_words.refusal(w, reason)
    return render(
        request,
        "portfolio_message.html",
        status_code=status,
        lang=w.language,
        heading=heading,
        body=body,
        sign_in=portfolio_words.sign_in(w) if reason != "unavailable" else "",
    )
