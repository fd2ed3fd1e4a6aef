"""The digest as a JSON document for scripts and BI tools: a stable, versioned schema (README: Digest as JSON)."""

from __future__ import annotations

import json
import re
import secrets
from decimal import Decimal
from typing import Any, Final

from bot.core.digest import Digest, DigestEntry
from bot.core.money import to_money

SCHEMA_VERSION: Final[int] = 1


def dumps(digest: Digest) -> str:
    """Returns the document as indented JSON text, amounts written as exact decimal numbers (never via a float)."""
    # json writes Decimals only through `default`, as strings; a per-call marker turns exactly those back into
    # bare numbers, and no text a person wrote can carry the marker.
    marker = f"\u0000{secrets.token_hex(8)}:"

    def amount(value: object) -> str:
        if isinstance(value, Decimal):
            return f"{marker}{value:f}"
        raise TypeError(f"{type(value).__name__} is not JSON serializable")

    text = json.dumps(document(digest), ensure_ascii=False, indent=2, default=amount)
    quoted = re.escape(json.dumps(marker)[1:-1])
    return re.sub(f'"{quoted}(-?[0-9]+(?:\\.[0-9]+)?)"', r"\1", text)


def document(digest: Digest) -> dict[str, Any]:
    """Returns the whole digest: counts, the full ranked at-risk list and the growth list (amounts as Decimals)."""
    return {
        "schema_version": SCHEMA_VERSION,
        "generated_at": digest.generated_at.isoformat(),
        "scope": digest.scope_label,
        "headline": digest.headline,
        "total_accounts": digest.total_accounts,
        "at_risk_count": digest.at_risk_count,
        "at_risk_revenue": to_money(digest.at_risk_revenue),
        "no_answers_count": digest.insufficient_count,
        "cap": digest.cap,
        "at_risk": [entry_document(entry, rank) for rank, entry in enumerate(digest.at_risk, start=1)],
        "watch_count": digest.watch_count,
        "watch": [
            {**entry_document(entry, rank), "flag": "watch"}
            for rank, entry in enumerate(digest.watch, start=digest.at_risk_count + 1)
        ],
        "growth_count": max(digest.growth_count, len(digest.growth)),
        "growth": [entry_document(entry, rank) for rank, entry in enumerate(digest.growth, start=1)],
    }


def entry_document(entry: DigestEntry, rank: int) -> dict[str, Any]:
    """Returns one account: rank, class and play, confidence, evidence, scores, reasons, quote and alert."""
    quote = entry.quote
    alert = entry.alert
    return {
        "rank": rank,
        "account_id": entry.account_id,
        "name": entry.name,
        "owner_id": entry.owner_id,
        "class": entry.account_class.value,
        "class_label": entry.account_class.label,
        "play": entry.play,
        "confidence": entry.confidence,
        "evidence": entry.evidence,
        "severity": round(entry.severity, 4),
        "likelihood": round(entry.likelihood, 4),
        "billed": to_money(entry.billed),
        "forecast": to_money(entry.forecast),
        "at_stake": to_money(entry.at_stake),
        "risk_value": round(entry.risk_value, 2),
        "satisfaction": entry.satisfaction_pct,
        "trend_points": entry.trend_points,
        "signals": [
            {"kind": signal.kind.value, "weight": round(signal.weight, 4), "reason": signal.reason}
            for signal in entry.signals
        ],
        "reasons": list(entry.reasons),
        "quote": None
        if quote is None or not quote.text.strip()
        else {
            "text": quote.text,
            "answer": quote.answer,
            "label": quote.label,
            "contact": quote.contact,
            "at": quote.at.isoformat(),
        },
        "alert": None
        if alert is None
        else {
            "id": alert.alert_id,
            "cause": alert.cause,
            "opened_at": alert.opened_at.isoformat(),
            "acknowledged_by": alert.acknowledged_by,
            "snoozed_until": None if alert.snoozed_until is None else alert.snoozed_until.isoformat(),
        },
    }
