"""Chart links: signed claims come back whole; forged, tampered, malformed or expired tokens do not."""

from __future__ import annotations

import base64
import json
from datetime import UTC, datetime, timedelta

import pytest

from bot.core import chart_tokens
from bot.core.chart_tokens import ChartClaims, TokenExpired, TokenInvalid

NOW = datetime(2026, 12, 2, 9, 0, tzinfo=UTC)
KEY = chart_tokens.derive_key("a server secret")
LATER = int((NOW + timedelta(days=1)).timestamp())


def test_signed_claims_come_back_whole() -> None:
    claims = ChartClaims("matrix", "T0PULSE01", LATER, ("U1", "U2"), None, "de", own=True)
    token = chart_tokens.sign(claims, KEY)
    assert chart_tokens.verify(token, KEY, now=NOW) == claims
    history = ChartClaims("history", "T0PULSE01", LATER, account_id=42)
    assert chart_tokens.verify(chart_tokens.sign(history, KEY), KEY, now=NOW) == history
    assert token.isascii() and "/" not in token and len(token) < 200


def test_an_expired_token_says_so_and_a_forged_one_is_invalid() -> None:
    claims = ChartClaims("matrix", "T0PULSE01", LATER)
    token = chart_tokens.sign(claims, KEY)
    with pytest.raises(TokenExpired):
        chart_tokens.verify(token, KEY, now=NOW + timedelta(days=2))
    with pytest.raises(TokenInvalid):
        chart_tokens.verify(token, chart_tokens.derive_key("another secret"), now=NOW)
    # Another workspace's scope under the same signature is refused.
    payload, signature = token.split(".")
    body = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    body["t"] = "T0OTHER01"
    forged = base64.urlsafe_b64encode(json.dumps(body).encode()).rstrip(b"=").decode()
    with pytest.raises(TokenInvalid):
        chart_tokens.verify(f"{forged}.{signature}", KEY, now=NOW)


@pytest.mark.parametrize(
    "token", ["", ".", "abc", "a.b.c", "é.é", "x" * 5000, "bm90IGpzb24.AAAA", "AAAA.AAAAAAAAAAAAAAAAAAAAAAAA"]
)
def test_malformed_tokens_are_invalid(token: str) -> None:
    with pytest.raises(TokenInvalid):
        chart_tokens.verify(token, KEY, now=NOW)


@pytest.mark.parametrize(
    "body", [[], "x", {"k": "pie", "t": "T", "e": 1}, {"k": "matrix", "t": 1, "e": 1}, {"k": "matrix"}]
)
def test_signed_but_senseless_payloads_are_invalid(body: object) -> None:
    payload = base64.urlsafe_b64encode(json.dumps(body).encode()).rstrip(b"=").decode()
    token = f"{payload}.{chart_tokens._signature(payload, KEY)}"
    with pytest.raises(TokenInvalid):
        chart_tokens.verify(token, KEY, now=NOW)
