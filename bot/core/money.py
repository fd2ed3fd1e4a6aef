"""Reads revenue figures as people type them: currency symbols, thousands separators, k and M suffixes."""

from __future__ import annotations

import re

_SUFFIX = {"k": 1_000.0, "m": 1_000_000.0, "mm": 1_000_000.0, "bn": 1_000_000_000.0, "b": 1_000_000_000.0}
_CLEAN = re.compile(r"^(?P<number>[0-9][0-9.,' \u00a0\u202f]*)(?P<suffix>k|m|mm|b|bn)?$", re.IGNORECASE)
_CURRENCY = re.compile(
    r"^(?:[$€£¥₹]|usd|eur|gbp|chf|cad|aud|jpy|sek|nok|dkk)\s*|\s*(?:[$€£¥₹]|usd|eur|gbp|chf|cad|aud|jpy|sek|nok|dkk)$",
    re.IGNORECASE,
)


class AmountError(ValueError):
    """A revenue figure that is not a non-negative number."""


def parse_amount(raw: str, *, decimal_comma: bool = False) -> float:
    """Parses '$1,234.50', '1.234,50 €', '12k' or '' (zero) into a float >= 0; decimal_comma reads '1,5' as 1.5."""
    text = raw.strip()
    if not text:
        return 0.0
    previous = None
    while previous != text:
        previous = text
        text = _CURRENCY.sub("", text).strip()
    match = _CLEAN.match(text)
    if match is None:
        raise AmountError(f"'{raw.strip()[:40]}' is not an amount")
    number = _normalise_separators(match.group("number"), decimal_comma=decimal_comma)
    suffix = (match.group("suffix") or "").lower()
    try:
        value = float(number) * _SUFFIX.get(suffix, 1.0)
    except ValueError:
        raise AmountError(f"'{raw.strip()[:40]}' is not an amount") from None
    if value != value or value in (float("inf"), float("-inf")) or value > 1e15:
        raise AmountError(f"'{raw.strip()[:40]}' is too large")
    return round(value, 2)


def _normalise_separators(number: str, *, decimal_comma: bool = False) -> str:
    """Turns a number with any mix of grouping and decimal separators into Python's notation."""
    digits = re.sub(r"[ '\u00a0\u202f]", "", number)
    last_dot, last_comma = digits.rfind("."), digits.rfind(",")
    if last_dot >= 0 and last_comma >= 0:
        decimal = "." if last_dot > last_comma else ","
    elif last_comma >= 0 and decimal_comma:
        decimal = ","
    elif last_comma >= 0:
        # "1,234" and "12,345,678" group thousands; "12,5" is a decimal comma.
        decimal = "" if _is_grouped(digits, ",") else ","
    elif digits.count(".") > 1:
        decimal = ""
    else:
        # Money rarely has three decimals, so "80.000" is eighty thousand written the European way.
        decimal = "" if "." in digits and _is_grouped(digits, ".") else "."
    if decimal == "" or decimal not in digits:
        whole, fraction = digits, ""
    else:
        whole, _, fraction = digits.rpartition(decimal)
    if not fraction.isdigit() and fraction:
        raise AmountError(f"'{number}' mixes separators")
    for grouping in ",.":
        if grouping in whole and not _is_grouped(whole, grouping):
            raise AmountError(f"'{number}' has misplaced separators")
    plain = whole.replace(",", "").replace(".", "")
    return plain + ("." + fraction if fraction else "")


def _is_grouped(text: str, separator: str) -> bool:
    """Tells whether separators split the text into thousands groups: 1-3 digits, then groups of exactly 3."""
    head, *groups = text.split(separator)
    leading = 1 <= len(head) <= 3 and head.isdigit() and head[0] != "0"
    return leading and all(len(g) == 3 and g.isdigit() for g in groups)


def format_amount(value: float) -> str:
    """Renders an amount compactly for Slack and the terminal: 1.2M, 350k, 900."""
    for threshold, suffix in ((1e9, "B"), (1e6, "M"), (1e3, "k")):
        if abs(value) >= threshold:
            scaled = value / threshold
            return f"{scaled:.1f}".rstrip("0").rstrip(".") + suffix
    return f"{value:.0f}"
