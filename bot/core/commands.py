"""Parses the text of `/pulse` into typed commands, or a usage error that says what was wrong."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.core import emails, matching
from bot.core.branding import BrandError, SetBrand, parse_brand
from bot.core.catalog import phrase
from bot.core.command_help import USAGE, Subcommand
from bot.core.i18n import parse_language
from bot.core.kinds import Kind

MAX_ACCOUNT_NAME = 200
MAX_NOTE = 3000

EMAIL_RE = re.compile(r"[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9-]+)+")
USER_RE = re.compile(r"^<@([UW][A-Z0-9]{2,})(?:\|[^>]*)?>$")
CHANNEL_RE = re.compile(r"^<#([CG][A-Z0-9]{2,})(?:\|[^>]*)?>$")
TIME_RE = re.compile(r"^([01]?\d|2[0-3])[:.h]([0-5]\d)$")


@dataclass(frozen=True, slots=True)
class LogCommand:
    """`/pulse log` with text: what the rep typed, before it becomes a `LogInteraction` request."""

    account: str
    email: str
    kind: Kind
    note: str
    language: str | None = None


@dataclass(frozen=True, slots=True)
class OpenLogForm:
    """`/pulse log` alone: open the logging modal."""


@dataclass(frozen=True, slots=True)
class ShowAccount:
    """`/pulse account <name>`."""

    account: str


@dataclass(frozen=True, slots=True)
class ChangeOwner:
    """`/pulse owner <account> @rep`."""

    account: str
    user_id: str


@dataclass(frozen=True, slots=True)
class ShowHelp:
    """`/pulse help` or `/pulse` alone."""


@dataclass(frozen=True, slots=True)
class DigestScope:
    """Which accounts a digest covers: everything, the invoking rep's (`mine`), or some owners'."""

    owner_ids: tuple[str, ...] = ()
    mine: bool = False


@dataclass(frozen=True, slots=True)
class DigestSubscribe:
    """`/pulse digest subscribe`: None fields take their defaults (this channel, 09:00, the rep's zone)."""

    channel_id: str | None
    local_time: str | None
    timezone: str | None
    scope: DigestScope
    quiet: bool


@dataclass(frozen=True, slots=True)
class DigestList:
    """`/pulse digest list`."""


@dataclass(frozen=True, slots=True)
class DigestUnsubscribe:
    """`/pulse digest unsubscribe [#channel]`."""

    channel_id: str | None


@dataclass(frozen=True, slots=True)
class DigestPreview:
    """`/pulse digest preview [#channel | for ...]`: the digest now, only for the asker."""

    channel_id: str | None
    scope: DigestScope


@dataclass(frozen=True, slots=True)
class ApiKeyCreate:
    """`/pulse api-key`: a new key for the workspace, shown once."""


@dataclass(frozen=True, slots=True)
class ApiKeyList:
    """`/pulse api-key list`."""


@dataclass(frozen=True, slots=True)
class ApiKeyRevoke:
    """`/pulse api-key revoke`: every key of the workspace stops working."""


@dataclass(frozen=True, slots=True)
class SetQuestion:
    """`/pulse question [text | reset]`: show (text None, reset False), change, or restore the default."""

    text: str | None
    reset: bool = False


@dataclass(frozen=True, slots=True)
class SetLanguage:
    """`/pulse language [code]`: show (None) or change the workspace's language."""

    language: str | None


LANGUAGES = ("en", "de", "fr", "es")


@dataclass(frozen=True, slots=True)
class ShowAudit:
    """`/pulse audit [count] [page]`: the newest `limit` events, skipping `offset`."""

    limit: int = 10
    offset: int = 0


Command = (
    LogCommand
    | OpenLogForm
    | ShowAccount
    | ChangeOwner
    | ShowHelp
    | DigestSubscribe
    | DigestList
    | DigestUnsubscribe
    | DigestPreview
    | ApiKeyCreate
    | ApiKeyList
    | ApiKeyRevoke
    | SetQuestion
    | SetBrand
    | SetLanguage
    | ShowAudit
)


class UsageError(ValueError):
    """A command that could not be understood; `problem` says why, `subcommand` which usage to show."""

    def __init__(self, problem: str, subcommand: str | None = None) -> None:
        super().__init__(problem)
        self.problem = problem
        self.subcommand = subcommand

    @property
    def usage(self) -> Subcommand | None:
        """Returns the usage of the subcommand the error is about, if known."""
        return USAGE.get(self.subcommand or "")


def parse_command(text: str) -> Command:
    """Parses `/pulse` text that the Slack adapter has already unescaped into plain text."""
    text = " ".join(text.split())
    if not text:
        return ShowHelp()
    head, _, rest = text.partition(" ")
    name = head.lower()
    if name == "help":
        return ShowHelp()
    if name == "log":
        return parse_log(rest)
    if name == "account":
        return _parse_account(rest)
    if name == "owner":
        return _parse_owner(rest)
    if name == "digest":
        return parse_digest(rest)
    if name in ("api-key", "apikey", "api"):
        return parse_api_key(rest)
    if name == "question":
        text = rest.strip()
        return SetQuestion(None, reset=True) if text.lower() in ("reset", "default") else SetQuestion(text or None)
    if name == "brand":
        try:
            return parse_brand(rest)
        except BrandError as error:
            raise UsageError(str(error), "brand") from None
    if name == "language":
        code = rest.strip().lower()[:2] if rest.strip() else None
        if code is not None and code not in LANGUAGES:
            raise UsageError(
                phrase("`{word}` is not a language Pulse speaks: en, de, fr or es.", word=rest.strip()[:20]), "language"
            )
        return SetLanguage(code)
    if name == "audit":
        return _parse_audit(rest)
    raise UsageError(phrase("I don't know the subcommand `{word}`.", word=head[:40]))


def _parse_audit(text: str) -> ShowAudit:
    """Parses `/pulse audit [count] [page]`: at most 50 events a page, pages counted from 1."""
    words = text.split()
    if len(words) > 2 or not all(w.isdigit() and len(w) < 6 for w in words):
        raise UsageError(phrase("Give how many events to show (1-50), then optionally the page, e.g. `20 2`."), "audit")
    limit = min(max(int(words[0]), 1), 50) if words else 10
    page = max(int(words[1]), 1) if len(words) > 1 else 1
    return ShowAudit(limit=limit, offset=(page - 1) * limit)


def parse_log(text: str) -> LogCommand | OpenLogForm:
    """Splits `<account> <email> [kind] [note]`: the account is everything before the first e-mail."""
    if not text.strip():
        return OpenLogForm()
    match = EMAIL_RE.search(text)
    if match is None:
        raise UsageError(phrase("I need the contact's e-mail address after the account name."), "log")
    before_ok = match.start() == 0 or text[match.start() - 1].isspace()
    tail = text[match.end() :]
    after_ok = not tail or tail[0].isspace() or tail[0] in ",;:."
    if not (before_ok and after_ok):
        raise UsageError(phrase("`{text}` has no e-mail address I can read on its own.", text=text[:80]), "log")
    account = text[: match.start()].strip()
    if not account:
        raise UsageError(phrase("Name the account before the contact's e-mail address."), "log")
    _check_account_name(account, "log")
    if emails.too_long(match.group(0)):
        raise UsageError(
            phrase(
                "E-mail addresses are at most {limit} characters (before the @, {local}).",
                limit=emails.MAX_EMAIL,
                local=emails.MAX_LOCAL_PART,
            ),
            "log",
        )
    try:
        email = emails.normalize_email(match.group(0))
    except emails.InvalidEmail:
        raise UsageError(phrase("That is not an e-mail address I can send to."), "log") from None
    language, rest = _language_option(tail.lstrip(",;:.").strip())
    word, _, rest = rest.partition(" ")
    try:
        kind = Kind(word.lower())
        note = rest.strip()
    except ValueError:
        kind = Kind.OTHER
        note = f"{word} {rest}".strip()
    if language is None:
        language, note = _language_option(note)
    if len(note) > MAX_NOTE:
        raise UsageError(
            phrase("The note is {length} characters long; the limit is {limit}.", length=len(note), limit=MAX_NOTE),
            "log",
        )
    return LogCommand(account=account, email=email, kind=kind, note=note, language=language)


def _language_option(text: str) -> tuple[str | None, str]:
    """Reads a leading `lang:de` (or `language:de`) off the text; returns the language and the rest."""
    word, _, rest = text.partition(" ")
    option, colon, value = word.partition(":")
    if not colon or option.lower() not in ("lang", "language"):
        return None, text
    try:
        language = parse_language(value)
    except ValueError as error:
        raise UsageError(f"The {error}.", "log") from None
    if language is None:
        raise UsageError(phrase("Say which language after `lang:`, e.g. `lang:de`."), "log")
    return language, rest.strip()


def _parse_account(text: str) -> ShowAccount:
    """Parses `/pulse account <name>`."""
    name = text.strip()
    if not name:
        raise UsageError(phrase("Which account? Give its name."), "account")
    _check_account_name(name, "account")
    return ShowAccount(account=name)


def _parse_owner(text: str) -> ChangeOwner:
    """Parses `/pulse owner <account> @rep`: the last word must be a Slack mention."""
    account, _, last = text.strip().rpartition(" ")
    user = USER_RE.match(last)
    if user is None:
        raise UsageError(phrase("End with the new owner as an @mention, e.g. `@maria`."), "owner")
    if not account.strip():
        raise UsageError(phrase("Name the account before the new owner."), "owner")
    _check_account_name(account.strip(), "owner")
    return ChangeOwner(account=account.strip(), user_id=user.group(1))


def _check_account_name(name: str, subcommand: str) -> None:
    """Rejects account names that no account could have."""
    if not name_key(name):
        raise UsageError(phrase("That account name has no visible characters."), subcommand)
    if account_name_too_long(name):
        raise UsageError(phrase("Account names are at most {limit} characters.", limit=MAX_ACCOUNT_NAME), subcommand)


def account_name_too_long(name: str) -> bool:
    """Tells whether a name, or the key it is stored under (case-folded: "ß" becomes "ss"), is over the limit."""
    return len(name) > MAX_ACCOUNT_NAME or len(name_key(name)) > MAX_ACCOUNT_NAME


def parse_digest(text: str) -> DigestSubscribe | DigestList | DigestUnsubscribe | DigestPreview:
    """Parses `/pulse digest <action> ...`; words may come in any order after the action."""
    action, _, rest = text.strip().partition(" ")
    words = rest.split()
    action = action.lower()
    if action in ("list", "ls"):
        return DigestList()
    if action in ("subscribe", "sub"):
        channel, local_time, timezone, scope, quiet = _digest_options(words, allow_schedule=True)
        return DigestSubscribe(channel, local_time, timezone, scope, quiet)
    if action in ("unsubscribe", "unsub", "stop"):
        channel, *_ = _digest_options(words, allow_schedule=False, allow_scope=False)
        return DigestUnsubscribe(channel)
    if action in ("preview", "now"):
        channel, _, _, scope, _ = _digest_options(words, allow_schedule=False)
        return DigestPreview(channel, scope)
    problem = (
        phrase("`{word}` is not a digest action. Use subscribe, list, unsubscribe or preview.", word=action[:30])
        if action
        else phrase("Say what to do with the digest. Use subscribe, list, unsubscribe or preview.")
    )
    raise UsageError(problem, "digest")


def parse_api_key(text: str) -> ApiKeyCreate | ApiKeyList | ApiKeyRevoke:
    """Parses `/pulse api-key [create|list|revoke]`; no action creates a key."""
    action = text.strip().lower()
    if action in ("", "create", "new"):
        return ApiKeyCreate()
    if action in ("list", "ls"):
        return ApiKeyList()
    if action == "revoke":
        return ApiKeyRevoke()
    raise UsageError(
        phrase("`{word}` is not an api-key action. Use list or revoke, or nothing to create one.", word=action[:30]),
        "api-key",
    )


def _digest_options(
    words: list[str], *, allow_schedule: bool, allow_scope: bool = True
) -> tuple[str | None, str | None, str | None, DigestScope, bool]:
    """Reads a channel, a time, a zone, a scope and `quiet` from words in any order."""
    channel = local_time = timezone = None
    owners: list[str] = []
    mine = quiet = False
    for word in words:
        lowered = word.lower()
        channel_match, user_match, time_match = CHANNEL_RE.match(word), USER_RE.match(word), TIME_RE.match(lowered)
        if channel_match:
            channel = channel_match.group(1)
        elif allow_schedule and time_match:
            local_time = f"{int(time_match.group(1)):02d}:{time_match.group(2)}"
        elif allow_schedule and ("/" in word or word.upper() in ("UTC", "GMT")):
            timezone = "UTC" if word.upper() in ("UTC", "GMT") else word
        elif allow_scope and user_match:
            owners.append(user_match.group(1))
        elif allow_scope and lowered in ("me", "mine"):
            mine = True
        elif allow_schedule and lowered == "quiet":
            quiet = True
        elif lowered in ("for", "in", "at", "every", "day", "daily"):
            continue
        else:
            raise UsageError(phrase("I don't understand `{word}` here.", word=word[:40]), "digest")
    return channel, local_time, timezone, DigestScope(tuple(dict.fromkeys(owners)), mine), quiet


def name_key(name: str) -> str:
    """Returns the key under which account names are unique (case, spacing and Unicode look-alikes folded)."""
    return matching.name_key(name)
