"""Reading revenue figures as people type them."""

import pytest

from bot.core.money import AmountError, format_amount, parse_amount


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
