"""Reads survey e-mails: their parts and the links they carry."""

from __future__ import annotations

import re
from email.message import EmailMessage

LINK_RE = re.compile(r"https?://[^\s\"'<>]+/p/[A-Za-z0-9_-]+(?:/optout|\?a=(?:yes|unsure|no))?")


def text_part(message: EmailMessage) -> str:
    """Returns the plain-text body."""
    part = message.get_body(preferencelist=("plain",))
    assert part is not None
    return str(part.get_content())


def html_part(message: EmailMessage) -> str:
    """Returns the HTML body."""
    part = message.get_body(preferencelist=("html",))
    assert part is not None
    return str(part.get_content())


def survey_links(message: EmailMessage) -> dict[str, str]:
    """Returns the links of a survey e-mail by role: yes, unsure, no, page, optout."""
    found: dict[str, str] = {}
    for url in LINK_RE.findall(text_part(message)):
        if url.endswith("/optout"):
            found["optout"] = url
        elif "?a=" in url:
            found[url.rsplit("=", 1)[1]] = url
        else:
            found["page"] = url
    return found


def token_of(url: str) -> str:
    """Returns the token inside a survey link."""
    match = re.search(r"/p/([A-Za-z0-9_-]+)", url)
    assert match is not None
    return match.group(1)
