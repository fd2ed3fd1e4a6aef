"""Reading revenue figures as people type them."""

import json
from datetime import UTC, datetime
from decimal import Decimal

import pytest

from bot.core import digest_json
from bot.core.digest import Digest, DigestEntry
from bot.core.money import AmountError, format_amount, parse_amount, to_money
from bot.core.portfolio import AccountClass


@pytest.mark.parametrize(
    ("raw", "value"),
    [
        ("", 0.0),
        ("1234", 1234.0),
        ("$1,234.50", 1234.5),
        ("1.234,50 €", 1234.5),
        ("€ 12.345.678", 12345678.0),
        ("1 234 567", 1234567.0),
        ("12,5", 12.5),
        ("12k", 12000.0),
        ("EUR 3.5M", 3500000.0),
        ("USD 2bn", 2e9),
        ("£999", 999.0),
        ("1'250'000", 1250000.0),
        ("€ 80.000", 80000.0),
        ("0.25", 0.25),
        ("0,5", 0.5),
        ("1234.5", 1234.5),
    ],
)
def test_parses_amounts(raw, value):
    assert parse_amount(raw) == value


@pytest.mark.parametrize("raw", ["abc", "-5", "1e5", "12..3", "1,2,3", "$", "5 apples", "9" * 20])
def test_rejects_non_amounts(raw):
    with pytest.raises(AmountError):
        parse_amount(raw)


def test_formats_compactly():
    assert [format_amount(v) for v in (0, 950, 1_000, 350_000, 1_250_000, 2e9)] == [
        "0",
        "950",
        "1k",
        "350k",
        "1.2M",
        "2B",
    ]


def test_amounts_are_exact_decimals_in_cents():
    tenth, fifth = parse_amount("0.1"), parse_amount("0,2")
    assert (type(tenth), tenth + fifth) == (Decimal, Decimal("0.30"))
    assert parse_amount("1.234,56") == Decimal("1234.56")
    assert parse_amount("1.234,56 €", decimal_comma=True) == Decimal("1234.56")
    assert parse_amount("9.999.999.999.999,99") == Decimal("9999999999999.99")
    assert parse_amount("1,5k") == Decimal("1500.00")
    assert to_money(0.1 + 0.2) == Decimal("0.30")


def test_formats_decimals_as_it_formats_floats():
    assert [format_amount(Decimal(v)) for v in ("0", "950", "1000", "350000", "1250000", "2E+9")] == [
        "0",
        "950",
        "1k",
        "350k",
        "1.2M",
        "2B",
    ]


def test_the_json_digest_writes_amounts_as_exact_numbers():
    now = datetime(2026, 12, 2, tzinfo=UTC)
    big = Decimal("9999999999999.99")
    entry = DigestEntry(
        account_id=1,
        name='Acme "0.30"',
        owner_id="U1",
        account_class=AccountClass.PROTECT,
        billed=big,
        forecast=Decimal("0.20"),
        satisfaction_pct=None,
        trend_points=None,
        sparkline="",
        reasons=(),
        quote=None,
        alert=None,
        alert_age_days=None,
        at_stake=big + Decimal("0.20"),
        risk_value=1.0,
    )
    digest = Digest(now, "everyone", 1, (entry,), 1, entry.at_stake, (), 0, "1 of 1 account at risk")

    text = digest_json.dumps(digest)

    document = json.loads(text, parse_float=Decimal)
    assert document["at_risk_revenue"] == Decimal("10000000000000.19")
    assert (document["at_risk"][0]["billed"], document["at_risk"][0]["forecast"]) == (big, Decimal("0.20"))
    assert document["at_risk"][0]["name"] == 'Acme "0.30"'
    assert '"billed": 9999999999999.99,' in text
