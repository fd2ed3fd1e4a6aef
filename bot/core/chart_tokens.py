"""Signed, expiring tokens for chart links: what to draw (scope, language) and until when, HMAC-signed.

A token is `<payload>.<signature>`, both base64url: the payload is compact JSON, the signature the first 18
bytes of HMAC-SHA256 over it with a key derived from a server secret. Anyone holding a link sees that one
picture until it expires; nobody can make a link for another scope without the secret.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
from dataclasses import dataclass
from datetime import datetime

MAX_TOKEN = 4096
SIGNATURE_BYTES = 18
KINDS = ("matrix", "history")


class TokenInvalid(ValueError):
    """The token was not made with this server's key, or is malformed."""


class TokenExpired(ValueError):
    """The token is genuine but its time is up."""


@dataclass(frozen=True, slots=True)
class ChartClaims:
    """What a link may show: a matrix of a scope (all, some owners, the viewer's own) or one account's history."""

    kind: str
    team_id: str
    expires_at: int
    owner_ids: tuple[str, ...] = ()
    account_id: int | None = None
    language: str | None = None
    own: bool = False

    def cache_key(self) -> tuple[object, ...]:
        """Identifies the picture the claims ask for, whatever the expiry."""
        return (self.kind, self.team_id, self.owner_ids, self.account_id, self.language, self.own)


def derive_key(secret: str) -> bytes:
    """Derives the chart-link key from a server secret, so the secret itself never signs anything else of ours."""
    return hmac.new(secret.encode("utf-8"), b"pulse/chart-links/v1", hashlib.sha256).digest()


def sign(claims: ChartClaims, key: bytes) -> str:
    """Returns the token carrying the claims."""
    body: dict[str, object] = {"k": claims.kind, "t": claims.team_id, "e": claims.expires_at}
    if claims.owner_ids:
        body["o"] = list(claims.owner_ids)
    if claims.account_id is not None:
        body["a"] = claims.account_id
    if claims.language:
        body["l"] = claims.language
    if claims.own:
        body["y"] = 1
    payload = _b64(json.dumps(body, separators=(",", ":"), ensure_ascii=True).encode("ascii"))
    return f"{payload}.{_signature(payload, key)}"


def verify(token: str, key: bytes, *, now: datetime) -> ChartClaims:
    """Returns the token's claims; TokenInvalid when it is forged or malformed, TokenExpired when its time is up."""
    if len(token) > MAX_TOKEN or token.count(".") != 1 or not token.isascii():
        raise TokenInvalid("malformed")
    payload, signature = token.split(".")
    if not hmac.compare_digest(signature, _signature(payload, key)):
        raise TokenInvalid("bad signature")
    try:
        body = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
        claims = _claims(body)
    except (binascii.Error, ValueError, TypeError, KeyError) as error:
        raise TokenInvalid("bad payload") from error
    if claims.expires_at <= now.timestamp():
        raise TokenExpired("expired")
    return claims


def _claims(body: dict[str, object]) -> ChartClaims:
    """Reads the claims from a signed payload, checking every type."""
    kind, team, expires = body["k"], body["t"], body["e"]
    owners = body.get("o", [])
    account, language = body.get("a"), body.get("l")
    if kind not in KINDS or not isinstance(team, str) or not isinstance(expires, int):
        raise ValueError("bad claims")
    if not isinstance(owners, list) or not all(isinstance(o, str) for o in owners):
        raise ValueError("bad owners")
    if account is not None and not isinstance(account, int):
        raise ValueError("bad account")
    if language is not None and not isinstance(language, str):
        raise ValueError("bad language")
    return ChartClaims(str(kind), team, expires, tuple(owners), account, language, bool(body.get("y")))


def _signature(payload: str, key: bytes) -> str:
    """Signs a payload."""
    return _b64(hmac.new(key, payload.encode("ascii"), hashlib.sha256).digest()[:SIGNATURE_BYTES])


def _b64(data: bytes) -> str:
    """Encodes bytes as unpadded base64url."""
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")
