"""Parsing `/pulse` text."""

import pytest

from bot.core.commands import (
    ChangeOwner,
    LogCommand,
    OpenLogForm,
    ShowAccount,
    ShowHelp,
    UsageError,
    name_key,
    parse_command,
)
from bot.core.kinds import Kind


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "log Acme Corp jane@acme.com call Renewal call; they flagged invoice errors",
            LogCommand("Acme Corp", "jane@acme.com", Kind.CALL, "Renewal call; they flagged invoice errors"),
        ),
        ("log Acme Corp Jane.Doe+x@Acme.co.uk", LogCommand("Acme Corp", "jane.doe+x@acme.co.uk", Kind.OTHER, "")),
        (
            "LOG  O'Neil &  Sons   jo@oneil.ie   MEETING  ",
            LogCommand("O'Neil & Sons", "jo@oneil.ie", Kind.MEETING, ""),
        ),
        (
            "log Acme jane@acme.com, call back tomorrow",
            LogCommand("Acme", "jane@acme.com", Kind.CALL, "back tomorrow"),
        ),
        (
            "log Acme jane@acme.com calls were great",
            LogCommand("Acme", "jane@acme.com", Kind.OTHER, "calls were great"),
        ),
        (
            "log Acme a@b.co delivery late again; see bob@acme.com",
            LogCommand("Acme", "a@b.co", Kind.DELIVERY, "late again; see bob@acme.com"),
        ),
        ("log", OpenLogForm()),
        ("log   ", OpenLogForm()),
        ("help", ShowHelp()),
        ("", ShowHelp()),
        ("account  Acme   Corp", ShowAccount("Acme Corp")),
        ("owner Acme Corp <@U012AB3CD>", ChangeOwner("Acme Corp", "U012AB3CD")),
        ("owner Acme Corp <@W012AB3CD|maria>", ChangeOwner("Acme Corp", "W012AB3CD")),
    ],
)
def test_parses(text, expected):
    assert parse_command(text) == expected


@pytest.mark.parametrize(
    ("text", "problem", "subcommand"),
    [
        ("log Acme Corp", "e-mail address", "log"),
        ("log jane@acme.com call", "Name the account", "log"),
        ("log Acme janeacme.com", "e-mail address", "log"),
        ("log Acme xjane@acme.com@x", "no e-mail address I can read", "log"),
        ("account", "Which account", "account"),
        ("owner Acme Corp", "@mention", "owner"),
        ("owner <@U012AB3CD>", "Name the account", "owner"),
        ("dance", "don't know the subcommand", None),
    ],
)
def test_usage_errors_name_the_problem(text, problem, subcommand):
    with pytest.raises(UsageError) as caught:
        parse_command(text)
    assert problem in caught.value.problem
    assert caught.value.subcommand == subcommand


def test_name_key_ignores_case_and_spacing():
    assert name_key("  ACME   Corp ") == name_key("acme corp") == "acme corp"
    assert name_key("Straße") == name_key("STRASSE")


def test_digest_subcommands_take_their_words_in_any_order():
    from bot.core.commands import DigestList, DigestPreview, DigestScope, DigestSubscribe, DigestUnsubscribe

    assert parse_command("digest subscribe") == DigestSubscribe(None, None, None, DigestScope(), False)
    assert parse_command("digest subscribe <#C0SALES01> 8:30 Europe/Berlin for <@U0MARIA01> <@U0LI00002> quiet") == (
        DigestSubscribe("C0SALES01", "08:30", "Europe/Berlin", DigestScope(("U0MARIA01", "U0LI00002")), True)
    )
    assert parse_command("digest sub for me UTC 07:00") == DigestSubscribe(
        None, "07:00", "UTC", DigestScope((), True), False
    )
    assert parse_command("digest list") == DigestList()
    assert parse_command("digest unsubscribe <#C0SALES01>") == DigestUnsubscribe("C0SALES01")
    assert parse_command("digest preview for <@U0MARIA01>") == DigestPreview(None, DigestScope(("U0MARIA01",)))
    for text, problem in (
        ("digest", "Say what to do"),
        ("digest dance", "`dance` is not a digest action"),
        ("digest subscribe at noon", "I don't understand `noon`"),
        ("digest unsubscribe 09:00", "I don't understand `09:00`"),
    ):
        with pytest.raises(UsageError, match=problem):
            parse_command(text)


def test_api_key_subcommands_create_by_default_list_and_revoke():
    from bot.core.command_help import USAGE
    from bot.core.commands import ApiKeyCreate, ApiKeyList, ApiKeyRevoke

    for text in ("api-key", "API-KEY", "api-key create", "apikey new", "api"):
        assert parse_command(text) == ApiKeyCreate()
    assert parse_command("api-key list") == parse_command("api-key  LS") == ApiKeyList()
    assert parse_command("api-key revoke") == ApiKeyRevoke()
    with pytest.raises(UsageError, match="`delete` is not an api-key action") as caught:
        parse_command("api-key delete")
    assert caught.value.subcommand == "api-key" and caught.value.usage is USAGE["api-key"]
    assert "/pulse api-key" in USAGE["api-key"].usage and "POST /api/interactions" in USAGE["api-key"].summary
