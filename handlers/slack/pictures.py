"""Pictures in Slack: signed links to the charts Pulse serves, their image blocks, and the digest's matrix."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta

from sqlmodel import Session

from bot.config import Settings
from bot.core import chart_tokens
from bot.core.catalog import Words, words
from bot.core.digest import Digest, Picture
from bot.core.history import history_alt_text
from bot.core.matrix import MatrixView, alt_text
from bot.runtime import Runtime
from bot.services import pictures
from bot.services.subscriptions import Poster, PostRequest

# A digest stays in its channel: its picture is served for a month. Home and history are redrawn when opened.
DIGEST_TTL = timedelta(days=31)
VIEW_TTL = timedelta(days=7)
MAX_URL = 3000


class ChartLinks:
    """Makes signed, expiring links to chart images, when Pulse has a public URL and a secret to sign with."""

    def __init__(self, settings: Settings) -> None:
        secret = settings.link_secret
        self.base = (settings.public_url or "").rstrip("/")
        self.key = chart_tokens.derive_key(secret) if secret else None

    @property
    def enabled(self) -> bool:
        """Says whether Slack can be shown charts: Slack fetches them from PUBLIC_URL, so it must be set."""
        return bool(self.base) and self.key is not None

    def matrix_url(
        self,
        *,
        team_id: str,
        owner_ids: Sequence[str] = (),
        language: str | None,
        now: datetime,
        own: bool = False,
        ttl: timedelta = DIGEST_TTL,
    ) -> str | None:
        """Returns the link to the portfolio matrix of a scope, or None when charts cannot be served."""
        claims = chart_tokens.ChartClaims(
            "matrix", team_id, int((now + ttl).timestamp()), tuple(owner_ids), None, language, own
        )
        return self._url(claims)

    def history_url(
        self, *, team_id: str, account_id: int, language: str | None, now: datetime, ttl: timedelta = VIEW_TTL
    ) -> str | None:
        """Returns the link to one account's satisfaction over time, or None when charts cannot be served."""
        claims = chart_tokens.ChartClaims("history", team_id, int((now + ttl).timestamp()), (), account_id, language)
        return self._url(claims)

    def _url(self, claims: chart_tokens.ChartClaims) -> str | None:
        """Signs the claims into a link under PUBLIC_URL."""
        if not self.enabled or self.key is None:
            return None
        url = f"{self.base}/charts/{chart_tokens.sign(claims, self.key)}.png"
        # Slack takes image URLs up to 3,000 characters: a scope of hundreds of owners stays text.
        return url if len(url) <= MAX_URL else None


def matrix_picture(
    db: Session,
    links: ChartLinks,
    *,
    team_id: str,
    owner_ids: Sequence[str],
    runtime: Runtime,
    now: datetime,
    w: Words,
    own: bool = False,
    scope_label: str | None = None,
    ttl: timedelta = DIGEST_TTL,
) -> Picture | None:
    """The matrix of a scope as a picture with its alt text, or None when charts cannot be served."""
    url = links.matrix_url(team_id=team_id, owner_ids=owner_ids, language=w.language, now=now, own=own, ttl=ttl)
    if url is None:
        return None
    view = pictures.matrix_view(
        db, team_id=team_id, owner_ids=owner_ids, config=runtime.classify_config, now=now, scope_label=scope_label
    )
    return Picture(url, alt_text(view, w))


def own_matrix(
    links: ChartLinks, view: MatrixView | None, *, team_id: str, user_id: str, now: datetime, w: Words
) -> Picture | None:
    """A rep's own matrix (App Home) as a picture, from the view the Home service built; None without one."""
    url = links.matrix_url(team_id=team_id, owner_ids=(user_id,), language=w.language, now=now, own=True, ttl=VIEW_TTL)
    return None if url is None or view is None else Picture(url, alt_text(view, w))


def history_picture(
    db: Session, links: ChartLinks, *, team_id: str, account_id: int, runtime: Runtime, now: datetime, w: Words
) -> Picture | None:
    """One account's satisfaction over time as a picture with its alt text, or None when charts cannot be served."""
    url = links.history_url(team_id=team_id, account_id=account_id, language=w.language, now=now)
    if url is None:
        return None
    view = pictures.history_view(db, team_id=team_id, account_id=account_id, now=now, config=runtime.classify_config)
    return Picture(url, history_alt_text(view, w))


class PicturePoster:
    """Wraps the digest poster: the digest carries its scope's matrix before it is posted (when PUBLIC_URL is set)."""

    def __init__(self, inner: Poster, runtime: Runtime, links: ChartLinks | None = None) -> None:
        self.inner = inner
        self.runtime = runtime
        self.links = links or ChartLinks(runtime.settings)

    def post(self, request: PostRequest, digest: Digest, progress: Callable[[str, int, int], None]) -> bool:
        """Adds the picture to the digest, then posts it as the wrapped poster does."""
        if self.links.enabled and digest.picture is None:
            session = self.runtime.reader()
            try:
                picture = matrix_picture(
                    session,
                    self.links,
                    team_id=request.team_id,
                    owner_ids=request.owner_ids,
                    runtime=self.runtime,
                    now=digest.generated_at,
                    w=words(request.language),
                    scope_label=digest.scope_label,
                )
            finally:
                session.close()
            digest = dataclasses.replace(digest, picture=picture)
        return self.inner.post(request, digest, progress)
