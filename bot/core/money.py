"""Money as exact decimals: reads revenue figures as people type them, and renders them compactly."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

CENT = Decimal("0.01")
ZERO = Decimal(0)
# Amounts are stored as NUMERIC(18, 2): at most 16 digits before the point.
LIMIT = Decimal(10) ** 15
_SUFFIX = {"k": 10**3, "m": 10**6, "mm": 10**6, "bn": 10**9, "b": 10**9}
_CLEAN = re.compile(r"^(?P<number>[0-9][0-9.,' \u00a0\u202f]*)(?P<suffix>k|m|mm|b|bn)?$", re.IGNORECASE)
_CURRENCY = re.compile(
    r"^(?:[$€£¥₹]|usd|eur|gbp|chf|cad|aud|jpy|sek|nok|dkk)\s*|\s*(?:[$€£¥₹]|usd|eur|gbp|chf|cad|aud|jpy|sek|nok|dkk)$",
    re.IGNORECASE,
)


class AmountError(ValueError):
    """A revenue figure that is not a non-negative number."""


def to_money(value: Decimal | float | int | str) -> Decimal:
    """Returns an amount as a Decimal in cents; a float is rounded to the nearest cent, so 0.1 + 0.2 is 0.30."""
    if isinstance(value, float):
        # Correctly rounded from the binary value: exact for every amount of up to 15 digits a float can hold.
        return Decimal(f"{value:.2f}")
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def positive(value: Decimal) -> Decimal:
    """Returns the amount, or zero when it is negative."""
    return value if value > 0 else ZERO


def parse_amount(raw: str, *, decimal_comma: bool = False) -> Decimal:
    """Parses '$1,234.50', '1.234,50 €', '12k' or '' (zero) into an exact Decimal >= 0 in cents.

    decimal_comma reads '1,5' as 1.5."""
    text = raw.strip()
    if not text:
        return ZERO.quantize(CENT)
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
        value = Decimal(number) * _SUFFIX.get(suffix, 1)
    except InvalidOperation:
        raise AmountError(f"'{raw.strip()[:40]}' is not an amount") from None
    if not value.is_finite() or value > LIMIT:
        raise AmountError(f"'{raw.strip()[:40]}' is too large")
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


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


def format_amount(value: Decimal | float) -> str:
    """Renders an amount compactly for Slack and the terminal: 1.2M, 350k, 900."""
    # An abbreviation, not an amount: it rounds the binary float as it always has (509,950,000 reads 509.9M), so
    # every surface keeps its figures; exact amounts go to exports and JSON.
    number = float(value)
    for threshold, suffix in ((1e9, "B"), (1e6, "M"), (1e3, "k")):
        if abs(number) >= threshold:
            scaled = number / threshold
            return f"{scaled:.1f}".rstrip("0").rstrip(".") + suffix
    return f"{number:.0f}"
