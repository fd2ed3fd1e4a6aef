"""One body limit for the web app: over its route's limit, a body gets 413 in its surface's shape, chunked or not."""

from __future__ import annotations

import re
from collections.abc import Iterator

import httpx
import pytest

from tests.support.slack_messages import visible_text

KEY_RE = re.compile(r"pk_[A-Za-z0-9_-]{43}")
TOKEN = "x" * 43
FIELD = b"answer=yes"
# Past each limit in app/web.py (64 KB API, 512 KB Slack, 32 KB survey form), by a margin that still fits in socket
# buffers, so the client finishes sending before it reads the early reply.
SURFACES = {
    "api": ("/api/interactions", 64 * 1024, "application/json"),
    "slack": ("/slack/events", 512 * 1024, "application/x-www-form-urlencoded"),
    "survey": (f"/p/{TOKEN}", 32 * 1024, "application/x-www-form-urlencoded"),
    "tap": (f"/p/{TOKEN}/tap", 32 * 1024, "application/x-www-form-urlencoded"),
}


def _chunks(total: int, size: int = 8 * 1024) -> Iterator[bytes]:
    """Yields a form of `total` bytes in chunks (so httpx sends it chunked, without a Content-Length).

    The filler is empty fields ("&"), which no form parser counts as a field or a field's size: only the body
    limit can stop it.
    """
    yield FIELD
    for start in range(len(FIELD), total, size):
        yield b"&" * min(size, total - start)


@pytest.fixture
def key(slack, standin) -> str:
    """A key created the way an admin does: `/pulse api-key` in Slack."""
    standin.add_admin("UREP0001")
    [found] = set(KEY_RE.findall(visible_text(slack.command("api-key").json())))
    return found


def _check_refusal(surface: str, reply: httpx.Response, max_bytes: int) -> None:
    """Asserts the 413 each surface answered with before the limit became one table."""
    assert reply.status_code == 413, (surface, reply.status_code, reply.text[:200])
    if surface == "api":
        assert reply.json() == {
            "error": {"code": "payload_too_large", "message": f"The body is over {max_bytes // 1024} KB."}
        }
        assert reply.headers["cache-control"] == "no-store"
    elif surface == "slack":
        assert reply.json() == {"ok": False, "error": "body_too_large"}
    else:
        assert reply.headers["content-type"].startswith("text/html")
        assert "Dieses Formular kann von hier nicht gesendet werden" in reply.text  # the kind page, in German
        assert reply.headers["cache-control"] == "no-store" and "content-security-policy" in reply.headers
    assert reply.headers["x-request-id"]


@pytest.mark.parametrize("surface", SURFACES)
@pytest.mark.parametrize("chunked", [True, False], ids=["chunked", "declared"])
def test_a_body_over_the_limit_gets_413_in_the_surface_s_own_shape(pulse_url, key, surface, chunked):
    path, max_bytes, content_type = SURFACES[surface]
    headers = {"Content-Type": content_type, "Authorization": f"Bearer {key}", "Accept-Language": "de-DE,de;q=0.9"}
    size = max_bytes + 32 * 1024
    content: Iterator[bytes] | bytes = _chunks(size) if chunked else b"".join(_chunks(size))
    with httpx.Client(base_url=pulse_url, timeout=10) as client:
        request = client.build_request("POST", path, content=content, headers=headers)
        assert ("content-length" in request.headers) != chunked
        assert (request.headers.get("transfer-encoding") == "chunked") == chunked
        _check_refusal(surface, client.send(request), max_bytes)


@pytest.mark.parametrize("surface", SURFACES)
def test_a_body_at_the_limit_is_read_and_handled_by_the_route(pulse_url, key, surface):
    path, max_bytes, content_type = SURFACES[surface]
    headers = {"Content-Type": content_type, "Authorization": f"Bearer {key}"}
    body = b"".join(_chunks(max_bytes))
    assert len(body) == max_bytes
    reply = httpx.post(pulse_url + path, content=iter([body]), headers=headers, timeout=10)
    # Past the limit's check: the route itself answers (bad JSON, an unsigned Slack request, an unknown link).
    assert reply.status_code == {"api": 400, "slack": 401, "survey": 404, "tap": 404}[surface], reply.text[:200]


def test_a_request_the_route_refuses_before_reading_keeps_its_own_answer(pulse_url):
    oversized = b"x" * (128 * 1024)
    unauthenticated = httpx.post(
        pulse_url + "/api/interactions", content=oversized, headers={"Content-Type": "application/json"}
    )
    cross_site = httpx.post(
        pulse_url + f"/p/{TOKEN}",
        content=oversized,
        headers={"Origin": "https://evil.example", "Content-Type": "application/x-www-form-urlencoded"},
    )
    assert (unauthenticated.status_code, cross_site.status_code) == (401, 403)
