"""Type-ahead options for Pulse's selects: accounts (with an explicit "new account") and an account's contacts."""

from __future__ import annotations

import contextlib
from typing import Any

from slack_bolt import Ack

from bot.core import emails, matching
from bot.services import accounts
from handlers.slack import log_blocks
from handlers.slack.ids import ActionId, BlockId
from handlers.slack.language import words_for
from handlers.slack.payloads import input_value, team_id_of
from handlers.slack.scope import RequestScope


def handle_account_options(ack: Ack, body: dict[str, Any], payload: dict[str, Any], scope: RequestScope) -> None:
    """Offers accounts matching what the rep typed; "new account" only when no account is that name."""
    typed = matching.tidy(payload.get("value") or "")
    team_id = team_id_of(body)
    found = accounts.search_accounts(scope.read, team_id=team_id, query=typed)
    exists = any(matching.name_key(a.name) == matching.name_key(typed) for a in found)
    w = words_for(scope.read, team_id=team_id)
    ack(options=log_blocks.account_options(found, typed=typed, offer_new=bool(typed) and not exists, w=w))


def handle_contact_options(ack: Ack, body: dict[str, Any], payload: dict[str, Any], scope: RequestScope) -> None:
    """Offers the chosen account's contacts matching what the rep typed, and a typed address as a new contact."""
    typed = (payload.get("value") or "").strip()
    team_id = team_id_of(body)
    view = body.get("view") or {}
    selected = (input_value(view, BlockId.ACCOUNT, ActionId.ACCOUNT_SELECT).get("selected_option") or {}).get("value")
    account_id = int(selected) if selected and selected.isdigit() else None
    contacts = accounts.search_contacts(scope.read, team_id=team_id, account_id=account_id, query=typed)
    email = None
    with contextlib.suppress(emails.InvalidEmail):
        email = emails.normalize_email(typed)
    if email is not None and any(c.email == email for c in contacts):
        email = None
    w = words_for(scope.read, team_id=team_id)
    ack(options=log_blocks.contact_options(contacts, typed_email=email, w=w))
