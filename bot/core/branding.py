"""Who asks the customer: a workspace's company name, logo and accent colour, validated as untrusted input."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

MAX_NAME = 100
MAX_LOGO_URL = 500
HEX_RE = re.compile(r"^#[0-9a-fA-F]{6}$")
_URL_UNSAFE = re.compile(r"[\s<>\"'`\\\x00-\x1f\x7f]")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")
NEUTRAL_ACCENT = "#1f4e79"


@dataclass(frozen=True, slots=True)
class Brand:
    """What a survey message and page show of the sender; every field may be empty."""

    company: str = ""
    logo_url: str = ""
    accent: str = ""
    rep_name: str = ""

    @property
    def sender(self) -> str:
        """Returns "Maria Lopez, Acme", "Acme" or "Maria Lopez": who the customer reads as asking."""
        return ", ".join(part for part in (self.rep_name, self.company) if part)


class BrandError(ValueError):
    """A branding value that cannot be used; the message says why, for the admin."""


def clean_name(raw: str, *, what: str = "The company name") -> str:
    """Returns a name on one line without control characters, or raises BrandError."""
    name = " ".join(_CONTROL.sub("", raw).split())
    if not name:
        raise BrandError(f"{what} is empty.")
    if len(name) > MAX_NAME:
        raise BrandError(f"{what} is {len(name)} characters long; the limit is {MAX_NAME}.")
    return name


def clean_logo_url(raw: str) -> str:
    """Returns an https URL fit for an <img src>, or raises BrandError."""
    url = raw.strip().strip("<>")
    parts = urlsplit(url)
    if parts.scheme != "https" or not parts.hostname or parts.username or parts.password:
        raise BrandError("The logo must be an https:// address of an image, without a user name or password.")
    if len(url) > MAX_LOGO_URL or _URL_UNSAFE.search(url):
        raise BrandError(f"The logo address must be one URL of at most {MAX_LOGO_URL} characters, without spaces.")
    return url


def clean_accent(raw: str) -> str:
    """Returns a #rrggbb colour in lower case, or raises BrandError."""
    colour = raw.strip().lower()
    if not colour.startswith("#"):
        colour = "#" + colour
    if not HEX_RE.match(colour):
        raise BrandError("The accent colour must be a hex colour like `#0b5cad`.")
    return colour


def readable_on(accent: str) -> str:
    """Returns black or white, whichever reads better on the accent colour."""
    return "#000000" if contrast(accent, "#000000") >= contrast(accent, "#ffffff") else "#ffffff"


def contrast(first: str, second: str) -> float:
    """Returns the WCAG contrast ratio of two #rrggbb colours."""
    a, b = _luminance(first), _luminance(second)
    return (max(a, b) + 0.05) / (min(a, b) + 0.05)


def _luminance(colour: str) -> float:
    """Returns a #rrggbb colour's WCAG relative luminance."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


BRAND_FIELDS = ("name", "logo", "accent", "me")
_ALIASES = {"company": "name", "color": "accent", "colour": "accent", "rep": "me", "signature": "me"}
CLEAR_WORDS = ("none", "clear", "off", "-")


@dataclass(frozen=True, slots=True)
class SetBrand:
    """`/pulse brand [field value | field none | reset]`: show (field None), change, or clear branding.

    `me` is the invoking rep's own name; the other fields are the workspace's, for admins.
    """

    field: str | None
    value: str | None = None
    reset: bool = False


def parse_brand(text: str) -> SetBrand:
    """Parses the words after `/pulse brand`; values are validated here, so a bad one never reaches storage."""
    head, _, rest = text.strip().partition(" ")
    word = _ALIASES.get(head.lower(), head.lower())
    rest = rest.strip()
    if not word:
        return SetBrand(None)
    if word in ("reset", "default"):
        return SetBrand(None, reset=True)
    if word not in BRAND_FIELDS:
        raise BrandError(f"`{head[:30]}` is not something I can brand. Use name, logo, accent or me.")
    if not rest:
        raise BrandError(f"Give the new {word}, or `none` to remove it.")
    if rest.lower() in CLEAR_WORDS:
        return SetBrand(word, None)
    if word == "logo":
        return SetBrand(word, clean_logo_url(rest))
    if word == "accent":
        return SetBrand(word, clean_accent(rest))
    return SetBrand(word, clean_name(rest, what="The name" if word == "me" else "The company name"))
