"""A workspace's branding on the survey pages: the header's values, the accent's style, and the CSP they need."""

from __future__ import annotations

import base64
import hashlib
from typing import Any
from urllib.parse import urlsplit

from bot.core import branding
from bot.core.branding import Brand
from bot.core.catalog import Words


def brand_values(brand: Brand, w: Words) -> dict[str, Any]:
    """Returns the template values and CSP additions that show who is asking; empty for an unbranded workspace."""
    values: dict[str, Any] = {"company": brand.company, "logo_url": "", "sent_by": "", "brand_style": ""}
    if brand.sender:
        values["sent_by"] = w.gettext("Sent by {sender}", sender=brand.sender)
    if brand.logo_url:
        # Stored values were validated on the way in; checked again, as the database is not the only writer.
        try:
            values["logo_url"] = branding.clean_logo_url(brand.logo_url)
            parts = urlsplit(values["logo_url"])
            values["csp_img"] = f"https://{parts.netloc}"
        except branding.BrandError:
            values["logo_url"] = ""
    if brand.accent and branding.HEX_RE.match(brand.accent):
        style = accent_style(brand.accent)
        values["brand_style"] = style
        digest = base64.b64encode(hashlib.sha256(style.encode()).digest()).decode()
        values["csp_style"] = f"'sha256-{digest}'"
    return values


def accent_style(accent: str) -> str:
    """Returns the style block that paints buttons and the chosen answer in the accent, readable either way."""
    on_accent = branding.readable_on(accent)
    # Links sit on white: the accent colours them only where it keeps 4.5:1 (WCAG AA).
    link = accent if branding.contrast(accent, "#ffffff") >= 4.5 else branding.NEUTRAL_ACCENT
    return (
        "@media not (prefers-color-scheme: dark) { :root { "
        f"--accent: {accent}; --on-accent: {on_accent}; --link: {link}; }} }}"
    )
