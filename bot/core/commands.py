"""Parses the text of `/pulse` into typed commands, or a usage error that says what was wrong."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

MAX_ACCOUNT_NAME = 200
MAX_NOTE = 3000

EMAIL_RE = re.compile(r"[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9-]+)+")
USER_RE = re.compile(r"^<@([UW][A-Z0-9]{2,})(?:\|[^>]*)?>$")


class Kind(StrEnum):
    """The kinds of interaction a rep can log."""

    CALL = "call"
    MEETING = "meeting"
    EMAIL = "email"
    CHAT = "chat"
    VISIT = "visit"
    SUPPORT = "support"
    DELIVERY = "delivery"
    OTHER = "other"


@dataclass(frozen=True, slots=True)
class Subcommand:
    """One `/pulse` subcommand as `/pulse help` lists it."""

    name: str
    usage: str
    example: str
    summary: str


SUBCOMMANDS: tuple[Subcommand, ...] = (
    Subcommand(
        "log",
        "/pulse log <account> <contact e-mail> [kind] [note]",
        "/pulse log Acme Corp jane@acme.com call Renewal call; they flagged invoice errors",
        "Log an interaction (no text opens a form). Kinds: " + ", ".join(k.value for k in Kind) + ".",
    ),
    Subcommand("account", "/pulse account <account>", "/pulse account Acme", "Show an account's card and timeline."),
    Subcommand(
        "owner",
        "/pulse owner <account> @rep",
        "/pulse owner Acme Corp @maria",
        "Make a rep the account's owner.",
    ),
    Subcommand("help", "/pulse help", "/pulse help", "List these subcommands."),
)
USAGE = {sub.name: sub for sub in SUBCOMMANDS}


@dataclass(frozen=True, slots=True)
class LogInteraction:
    """`/pulse log` with text: what the rep logged."""

    account: str
    email: str
    kind: Kind
    note: str


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


Command = LogInteraction | OpenLogForm | ShowAccount | ChangeOwner | ShowHelp


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
    raise UsageError(f"I don't know the subcommand `{head[:40]}`.")


def parse_log(text: str) -> LogInteraction | OpenLogForm:
    """Splits `<account> <email> [kind] [note]`: the account is everything before the first e-mail."""
    if not text.strip():
        return OpenLogForm()
    match = EMAIL_RE.search(text)
    if match is None:
        raise UsageError("I need the contact's e-mail address after the account name.", "log")
    before_ok = match.start() == 0 or text[match.start() - 1].isspace()
    tail = text[match.end() :]
    after_ok = not tail or tail[0].isspace() or tail[0] in ",;:."
    if not (before_ok and after_ok):
        raise UsageError(f"`{text[:80]}` has no e-mail address I can read on its own.", "log")
    account = text[: match.start()].strip()
    if not account:
        raise UsageError("Name the account before the contact's e-mail address.", "log")
    _check_account_name(account, "log")
    email = match.group(0).lower()
    word, _, rest = tail.lstrip(",;:.").strip().partition(" ")
    try:
        kind = Kind(word.lower())
        note = rest.strip()
    except ValueError:
        kind = Kind.OTHER
        note = f"{word} {rest}".strip()
    if len(note) > MAX_NOTE:
        raise UsageError(f"The note is {len(note)} characters long; the limit is {MAX_NOTE}.", "log")
    return LogInteraction(account=account, email=email, kind=kind, note=note)


def _parse_account(text: str) -> ShowAccount:
    """Parses `/pulse account <name>`."""
    name = text.strip()
    if not name:
        raise UsageError("Which account? Give its name.", "account")
    _check_account_name(name, "account")
    return ShowAccount(account=name)


def _parse_owner(text: str) -> ChangeOwner:
    """Parses `/pulse owner <account> @rep`: the last word must be a Slack mention."""
    account, _, last = text.strip().rpartition(" ")
    user = USER_RE.match(last)
    if user is None:
        raise UsageError("End with the new owner as an @mention, e.g. `@maria`.", "owner")
    if not account.strip():
        raise UsageError("Name the account before the new owner.", "owner")
    _check_account_name(account.strip(), "owner")
    return ChangeOwner(account=account.strip(), user_id=user.group(1))


def _check_account_name(name: str, subcommand: str) -> None:
    """Rejects account names that no account could have."""
    if len(name) > MAX_ACCOUNT_NAME:
        raise UsageError(f"Account names are at most {MAX_ACCOUNT_NAME} characters.", subcommand)


def name_key(name: str) -> str:
    """Returns the case- and space-insensitive key under which account names are unique."""
    return " ".join(name.split()).casefold()
