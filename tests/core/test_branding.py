"""Branding values are untrusted: names cleaned, logos https only, colours hex only, text readable on them."""

from __future__ import annotations

import pytest

from bot.core.branding import BrandError, SetBrand, clean_accent, clean_logo_url, contrast, parse_brand, readable_on
from bot.core.commands import LogCommand, UsageError, parse_command
from bot.core.i18n import parse_language


@pytest.mark.parametrize(
    "url",
    [
        "http://cdn.example/logo.png",
        "javascript:alert(1)",
        "data:image/png;base64,AAAA",
        "https://user:pw@cdn.example/logo.png",
        'https://cdn.example/a"onerror="x.png',
        "https://cdn.example/a b.png",
        "https:///logo.png",
        "https://cdn.example/" + "a" * 500,
    ],
)
def test_only_plain_https_logo_urls_pass(url):
    with pytest.raises(BrandError):
        clean_logo_url(url)


def test_a_logo_url_slack_wrapped_in_angle_brackets_is_unwrapped():
    assert clean_logo_url("<https://cdn.example/logo.png>") == "https://cdn.example/logo.png"


@pytest.mark.parametrize(("raw", "expected"), [("#0B5CAD", "#0b5cad"), ("0b5cad", "#0b5cad")])
def test_accents_are_six_digit_hex(raw, expected):
    assert clean_accent(raw) == expected


@pytest.mark.parametrize("raw", ["red", "#fff", "#12345g", "url(x)", "#0b5cad;background:url(x)"])
def test_anything_else_is_no_accent(raw):
    with pytest.raises(BrandError):
        clean_accent(raw)


def test_text_on_the_accent_is_whichever_of_black_and_white_reads_better():
    for accent in ("#ffd700", "#5b2a86", "#777777", "#000000", "#ffffff"):
        text = readable_on(accent)
        assert contrast(accent, text) >= 4.5


def test_brand_commands_parse_into_one_validated_change():
    assert parse_brand("") == SetBrand(None)
    assert parse_brand("reset") == SetBrand(None, reset=True)
    assert parse_brand("company  Ourco\u202e  GmbH") == SetBrand("name", "Ourco GmbH")
    assert parse_brand("colour 5b2a86") == SetBrand("accent", "#5b2a86")
    assert parse_brand("logo none") == SetBrand("logo", None)
    assert parse_brand("me Maria Lopez") == SetBrand("me", "Maria Lopez")
    with pytest.raises(BrandError):
        parse_brand("name " + "x" * 101)
    with pytest.raises(UsageError):
        parse_command("brand logo")


def test_languages_are_read_from_codes_and_regions():
    assert parse_language("de-AT") == "de" and parse_language("FR_ca") == "fr" and parse_language(" ") is None
    with pytest.raises(ValueError, match="not one of en, de, fr, es"):
        parse_language("klingon")


def test_the_log_command_takes_a_language_before_or_after_the_kind():
    assert parse_command("log Acme jane@acme.com lang:de call Renewal") == LogCommand(
        "Acme", "jane@acme.com", parse_command("log Acme j@a.com call").kind, "Renewal", "de"
    )
    after = parse_command("log Acme jane@acme.com call language:es-MX Renewal")
    assert isinstance(after, LogCommand) and (after.language, after.note) == ("es", "Renewal")
    plain = parse_command("log Acme jane@acme.com call We spoke about lang:xx support")
    assert isinstance(plain, LogCommand) and plain.language is None and "lang:xx" in plain.note
    with pytest.raises(UsageError, match="not one of"):
        parse_command("log Acme jane@acme.com lang:xx call")
