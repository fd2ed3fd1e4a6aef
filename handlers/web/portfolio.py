"""The portfolio pages for signed-in members: the table and matrix, its CSV, and one account's story."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from slack_sdk import WebClient
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlmodel import Session
from starlette.requests import Request
from starlette.responses import Response

from bot.core import catalog, portfolio_table
from bot.core.history import HistoryView, history_alt_text
from bot.core.matrix import MatrixView, alt_text
from bot.core.signals import ClassifyConfig
from bot.runtime import Runtime
from bot.services import portfolio_web, workspaces
from bot.services.web_sessions import SignedIn
from handlers.charts import render_history, render_matrix
from handlers.slack import gateway, members
from handlers.slack.installations import installation_store
from handlers.web import portfolio_view, portfolio_words
from handlers.web.pages import render
from handlers.web.signin import SignIn, refusal_page
from handlers.web.threads import WorkThreads
from storage.db import DatabaseUnavailable

_Found = TypeVar("_Found")
CHART_WIDTH = 1000
PRIVATE = {"Cache-Control": "private, no-store", "X-Content-Type-Options": "nosniff"}


class PortfolioPages:
    """Every route under /portfolio that shows data; each turns away a visitor who is not signed in."""

    def __init__(self, runtime: Runtime, threads: WorkThreads, signin: SignIn) -> None:
        self.runtime, self.threads, self.signin = runtime, threads, signin
        self.clients = gateway.TeamClients(runtime.settings, store=installation_store(runtime))

    async def show(self, request: Request) -> Response:
        """The portfolio: the matrix, then the table with filters, sort links and a CSV link."""
        query = _query(request)
        served = await self._serve(request, lambda db, who: (self._page(db, who, query), self._matrix(db, who, query)))
        if isinstance(served, Response):
            return served
        visitor, (page, view), w = served
        values = portfolio_view.table_values(page, w)
        return _portfolio_page(
            request,
            "portfolio.html",
            w,
            visitor,
            matrix_url="/portfolio/matrix.png" + (f"?{values['matrix_params']}" if values["matrix_params"] else ""),
            matrix_alt=alt_text(view, w),
            **values,
        )

    async def matrix_png(self, request: Request) -> Response:
        """The matrix of the accounts the table lists (same owner and class filters), as a PNG."""
        query = _query(request)
        return await self._png(
            request,
            lambda db, who: self._matrix(db, who, query),
            lambda view, w: render_matrix(view, w=w, width=CHART_WIDTH),
        )

    async def history_png(self, request: Request) -> Response:
        """One account's satisfaction over time, each answer marked, as a PNG."""
        account_id = int(request.path_params["account_id"])
        return await self._png(
            request,
            lambda db, who: self._history(db, who.team_id, account_id),
            lambda view, w: render_history(view, w=w, width=CHART_WIDTH),
        )

    async def export(self, request: Request) -> Response:
        """The table as CSV: exactly the rows and cells the page shows for the same parameters."""
        query = _query(request)
        served = await self._serve(request, lambda db, who: self._page(db, who, query))
        if isinstance(served, Response):
            return served
        _, page, w = served
        day = f"{page.digest.generated_at:%Y-%m-%d}"
        return Response(
            "\ufeff" + portfolio_web.table_csv(page, w),
            media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": f'attachment; filename="pulse-portfolio-{day}.csv"', **PRIVATE},
        )

    async def account(self, request: Request) -> Response:
        """One account: its class and reasons, figures, contacts, and its timeline of answers and comments."""
        account_id = int(request.path_params["account_id"])

        def read(db: Session, visitor: SignedIn) -> tuple[portfolio_web.AccountPage | None, HistoryView | None]:
            team_id, now, config = visitor.team_id, self.runtime.now(), self._config
            return (
                portfolio_web.account_page(db, team_id=team_id, account_id=account_id, now=now, config=config),
                portfolio_web.history(db, team_id=team_id, account_id=account_id, now=now, config=config),
            )

        served = await self._serve(request, read, account_id=account_id)
        if isinstance(served, Response):
            return served
        visitor, (found, history), w = served
        if found is None or history is None:
            return render(
                request, "error.html", status_code=404, lang=w.language, _=w.gettext, status=404, reference=None
            )
        return _portfolio_page(
            request,
            "portfolio_account.html",
            w,
            visitor,
            history_url=f"/portfolio/accounts/{account_id}/history.png",
            history_alt=history_alt_text(history, w),
            **portfolio_view.account_values(found, w, now=self.runtime.now()),
        )

    @property
    def _config(self) -> ClassifyConfig:
        return self.runtime.classify_config

    def _matrix(self, db: Session, visitor: SignedIn, query: portfolio_table.TableQuery) -> MatrixView:
        return portfolio_web.matrix(
            db, team_id=visitor.team_id, query=query, now=self.runtime.now(), config=self._config
        )

    def _page(self, db: Session, visitor: SignedIn, query: portfolio_table.TableQuery) -> portfolio_web.PortfolioPage:
        return portfolio_web.portfolio_page(
            db,
            team_id=visitor.team_id,
            query=query,
            now=self.runtime.now(),
            config=self.runtime.classify_config,
        )

    def _history(self, db: Session, team_id: str, account_id: int) -> HistoryView | None:
        return portfolio_web.history(
            db, team_id=team_id, account_id=account_id, now=self.runtime.now(), config=self._config
        )

    async def _png(
        self,
        request: Request,
        read: Callable[[Session, SignedIn], _Found | None],
        draw: Callable[[_Found, catalog.Words], bytes],
    ) -> Response:
        """Draws what `read` found as a private PNG in a worker thread; 404 when it found nothing."""
        served = await self._serve(request, read)
        if isinstance(served, Response):
            return served
        _, view, w = served
        if view is None:
            return Response(status_code=404, headers=PRIVATE)
        body = await self.threads.run(lambda: draw(view, w))
        return Response(body, media_type="image/png", headers=PRIVATE)

    async def _serve(
        self, request: Request, read: Callable[[Session, SignedIn], _Found], account_id: int | None = None
    ) -> Response | tuple[SignedIn, _Found, catalog.Words]:
        """Reads what a page shows for the signed-in visitor, in their workspace's (else their browser's) words.

        Returns the response that turns the visitor away instead: to sign in, or busy when the database is down.
        """
        try:
            visitor = await self.signin.visitor(request)
            if visitor is None:
                return self.signin.sign_in_redirect(request)
            found, language = await self._work(visitor, lambda db: read(db, visitor), account_id=account_id)
        except DatabaseUnavailable:
            return refusal_page(request, "busy", 503)
        w = catalog.words(language or catalog.browser_language(request.headers.get("accept-language")))
        return visitor, found, w

    async def _work(
        self, visitor: SignedIn, call: Callable[[Session], _Found], account_id: int | None = None
    ) -> tuple[_Found, str | None]:
        """Runs a use case on a read-only session in a worker thread; returns it and the workspace's language.

        Owners' names missing from the directory are asked of Slack first, outside any transaction.
        """

        def work() -> tuple[_Found, str | None]:
            team_id = visitor.team_id
            due = self._read(
                lambda db: portfolio_web.stale_names(db, team_id=team_id, now=self.runtime.now(), account_id=account_id)
            )
            client = self._client(team_id) if due else None
            if client is not None:
                lookup = members.display_name_lookup(client)
                found = {user_id: name for user_id in due if (name := lookup(user_id))}
                if found:
                    with self.runtime.transaction() as db:
                        portfolio_web.save_names(db, team_id=team_id, names=found, now=self.runtime.now())
            return self._read(lambda db: (call(db), workspaces.get_language(db, team_id=team_id)))

        return await self.threads.run(work)

    def _client(self, team_id: str) -> WebClient | None:
        """Returns a Slack client for the workspace: its OAuth install's, else the bot token's for its workspace."""
        client = self.clients.client_for(team_id) if self.clients.available else None
        if client is None and team_id == self.signin.single_team():
            token = self.runtime.settings.slack_bot_token
            client = gateway.api_client(self.runtime.settings, token.get_secret_value()) if token else None
        return client

    def _read(self, call: Callable[[Session], _Found]) -> _Found:
        """Runs a read on the read-only session (on SQLite it never waits behind writers)."""
        reader = self.runtime.reader()
        try:
            return call(reader)
        except (OperationalError, DBAPIError) as error:
            raise DatabaseUnavailable(str(error.orig)) from error
        finally:
            reader.close()


def _portfolio_page(request: Request, template: str, w: catalog.Words, visitor: SignedIn, **values: Any) -> Response:
    """Renders a portfolio page with what every one shows: its words in the reader's language and who is signed in."""
    return render(request, template, lang=w.language, w=portfolio_words.page_words(w), visitor=visitor.name, **values)


def _query(request: Request) -> portfolio_table.TableQuery:
    """Reads the table's filters and sort from the URL."""
    params = request.query_params
    return portfolio_table.parse_query(params.get("owner"), params.get("class"), params.get("sort"), params.get("dir"))
