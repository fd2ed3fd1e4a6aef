"""What `/pulse help` lists: each subcommand's usage, an example and a one-line summary."""

from __future__ import annotations

from dataclasses import dataclass

from bot.core.catalog import phrase
from bot.core.kinds import Kind


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
        "/pulse log <account> <contact e-mail> [kind] [lang:de] [note]",
        "/pulse log Acme Corp jane@acme.com call lang:de Renewal call; they flagged invoice errors",
        phrase(
            "Log an interaction (no text opens a form). Kinds: {kinds}. "
            "`lang:` sets the contact's language for surveys (en, de, fr, es).",
            kinds=", ".join(k.value for k in Kind),
        ),
    ),
    Subcommand(
        "account", "/pulse account <account>", "/pulse account Acme", phrase("Show an account's card and timeline.")
    ),
    Subcommand(
        "owner",
        "/pulse owner <account> @rep",
        "/pulse owner Acme Corp @maria",
        phrase("Make a rep the account's owner."),
    ),
    Subcommand(
        "digest",
        "/pulse digest subscribe|list|unsubscribe|preview [#channel] [HH:MM] [time zone] [for me|for @rep …] [quiet]",
        "/pulse digest subscribe #sales 08:30 Europe/Berlin for @maria @li",
        phrase(
            "Daily at-risk digest for a channel (default: this channel, 09:00, your time zone, all accounts); "
            "`quiet` skips days with nothing at risk; `preview` shows it now, only to you."
        ),
    ),
    Subcommand(
        "api-key",
        "/pulse api-key [list|revoke]",
        "/pulse api-key",
        phrase(
            "Create a key for logging interactions from a CRM or help desk (POST /api/interactions); "
            "`list` shows the workspace's keys, `revoke` stops them all."
        ),
    ),
    Subcommand(
        "question",
        "/pulse question [new question | reset]",
        "/pulse question Would you recommend us to a colleague?",
        phrase(
            "Show or change the question this workspace asks after each interaction; `reset` restores "
            "\u201cWould you buy from us again?\u201d (asked in the contact's language)."
        ),
    ),
    Subcommand(
        "brand",
        "/pulse brand [name <company> | logo <https URL> | accent <#hex> | me <your name> | reset]",
        "/pulse brand logo https://acme.example/logo.png",
        phrase(
            "Show or set who customers see asking: the company, its logo and colour (admins), and your own name; "
            "`none` removes one, `reset` all of the company's."
        ),
    ),
    Subcommand(
        "language",
        "/pulse language [en|de|fr|es]",
        "/pulse language de",
        phrase("Show or change the language Pulse speaks to reps in this workspace."),
    ),
    Subcommand(
        "audit",
        "/pulse audit [count] [page]",
        "/pulse audit 20",
        phrase("Admins: who changed what and when (question, keys, digests, owners, alerts, erasures), newest first."),
    ),
    Subcommand("help", "/pulse help", "/pulse help", phrase("List these subcommands.")),
)
USAGE = {sub.name: sub for sub in SUBCOMMANDS}
