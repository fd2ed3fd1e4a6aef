"""Renderers for logging: the form, its type-ahead options, the confirmation with Undo/Edit/Delete, corrections."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from bot.core import phrases, states
from bot.core.catalog import Words
from bot.core.kinds import Kind
from bot.services.corrections import Correction, Refused
from bot.services.interactions import Logged, NeedsAccount
from handlers.slack.blocks import KIND_EMOJI, Block, Reply, button, context, ephemeral, section
from handlers.slack.ids import NEW_ACCOUNT_PREFIX, NEW_CONTACT_PREFIX, ActionId, BlockId, ViewId
from handlers.slack.text import escape, truncate

MAX_OPTION_VALUE = 150


def logged_reply(logged: Logged, *, now: datetime, w: Words, undo: bool = True) -> Reply:
    """Confirms what was logged and what happens next, with Undo (for a minute), Edit and Delete."""
    interaction, account = logged.interaction, logged.account
    kind = phrases.kind_label(w, interaction.kind)
    name = escape(account.name)
    if logged.contact is not None:
        who = escape(logged.contact.email)
        line = w.gettext("Logged: *{kind}* with {who} at *{account}*.", kind=kind, who=who, account=name)
    else:
        line = w.gettext("Logged: *{kind}* at *{account}*.", kind=kind, account=name)
    lines = [f"{KIND_EMOJI[_kind(interaction.kind)]} {line}"]
    if logged.new_contact and logged.contact is not None:
        lines[0] += " " + w.gettext("{who} is now a contact of {account}.", who=who, account=name)
    if interaction.note:
        lines.append(f"> {escape(truncate(' '.join(interaction.note.split()), 500))}")
    lines.append(pulse_plan_line(logged.pulse, now=now, w=w))
    if logged.typed_as is not None:
        lines.append(
            "_"
            + w.gettext(
                "You typed “{typed}”; the only account it fits is *{account}*. Wrong one? Undo or Edit.",
                typed=escape(logged.typed_as),
                account=name,
            )
            + "_"
        )
    if logged.duplicate:
        lines.append("_" + w.gettext("This was already logged; nothing new was added.") + "_")
    value = str(interaction.id)
    elements = [button(w.gettext("Edit"), f"{ActionId.EDIT_INTERACTION}:{value}", value)]
    if undo and not logged.duplicate:
        elements.insert(0, button(w.gettext("Undo"), f"{ActionId.UNDO_INTERACTION}:{value}", value))
    elements.append(delete_button(w, value))
    plain = lines[0].replace("*", "")
    return ephemeral(plain, [section("\n".join(lines)), {"type": "actions", "elements": elements}])


def delete_button(w: Words, value: str) -> dict[str, Any]:
    """A Delete button that asks first."""
    element = button(w.gettext("Delete"), f"{ActionId.DELETE_INTERACTION}:{value}", value, "danger")
    element["confirm"] = {
        "title": {"type": "plain_text", "text": w.gettext("Delete this interaction?")},
        "text": {"type": "plain_text", "text": w.gettext("Its pulse is cancelled if it has not been sent yet.")},
        "confirm": {"type": "plain_text", "text": w.gettext("Delete")},
        "deny": {"type": "plain_text", "text": w.gettext("Keep it")},
        "style": "danger",
    }
    return element


def _kind(raw: str) -> Kind:
    return Kind(raw) if raw in Kind.__members__.values() else Kind.OTHER


def pulse_plan_line(pulse: Any, *, now: datetime, w: Words) -> str:
    """Says whether and when the contact will be asked."""
    if pulse is None:
        return ":grey_question: " + w.gettext("No pulse for this one.")
    email = escape(pulse.email)
    if pulse.state == states.PulseState.SKIPPED:
        return ":no_bell: " + w.gettext(
            "Not surveyed: {reason}.", reason=escape(phrases.skip_reason(w, pulse.skip_reason or "-"))
        )
    if pulse.state == states.PulseState.SCHEDULED:
        return ":bell: " + w.gettext("Pulse to {email} {when}.", email=email, when=phrases.delay(w, pulse.due_at - now))
    return ":bell: " + w.gettext("Pulse to {email}: {state}.", email=email, state=phrases.state_label(w, pulse.state))


def choose_account_reply(outcome: NeedsAccount, *, w: Words) -> Reply:
    """Asks which account the rep meant; creating the typed one is offered, never as the primary button."""
    typed = escape(outcome.typed)
    pending = outcome.pending.id
    elements = []
    if outcome.candidates:
        shown = outcome.candidates[:5]
        text = w.gettext("More than one account starts with *{typed}*. Which one did you mean?", typed=typed)
        for index, candidate in enumerate(shown):
            value = f"{pending}:{candidate.id}"
            style = "primary" if index == 0 else None
            elements.append(button(candidate.name, f"{ActionId.PICK_ACCOUNT}:{candidate.id}", value, style))
        hidden = len(outcome.candidates) - len(shown) + outcome.more
        if hidden > 0:
            text += (
                "\n_" + phrases.more(w, hidden) + " · " + w.gettext("Type more of the name to narrow it down.") + "_"
            )
    else:
        text = w.gettext(
            "I don't know an account called *{typed}* yet. Create it, with you as its owner, and log this?",
            typed=typed,
        )
    elements.append(button(w.gettext("Create “{name}”", name=outcome.typed), ActionId.CREATE_AND_LOG, pending))
    elements.append(button(w.gettext("Cancel"), ActionId.DISMISS, pending))
    return ephemeral(
        w.gettext("Which account did you mean by {typed}?", typed=outcome.typed),
        [section(text), {"type": "actions", "block_id": f"pending:{pending}", "elements": elements}],
    )


def correction_reply(result: Correction, *, w: Words) -> Reply:
    """Says what an edit, delete or undo did, and what became of the pulse."""
    headline = {
        "undone": ":leftwards_arrow_with_hook: " + w.gettext("Undone: this log is gone."),
        "deleted": ":wastebasket: " + w.gettext("Deleted."),
        "edited": ":pencil2: " + w.gettext("Saved."),
    }[result.action]
    lines = [headline]
    if result.account_removed:
        lines.append(w.gettext("The account *{account}* it created is gone too.", account=escape(result.account_name)))
    email = escape(result.pulse_email or "")
    pulse_line = {
        "cancelled": w.gettext("The pulse to {email} is cancelled.", email=email),
        "readdressed": w.gettext("The pulse now goes to {email}.", email=email),
        "kept_sent": w.gettext("The pulse to {email} was already sent, so it was left alone.", email=email),
        "skipped": w.gettext(
            "No pulse goes to {email}: {reason}.",
            email=email,
            reason=escape(phrases.skip_reason(w, result.skip_reason or "")),
        ),
    }.get(result.pulse_outcome or "")
    if pulse_line:
        lines.append(pulse_line)
    return ephemeral(lines[0].split(" ", 1)[1], [section("\n".join(lines))])


def refusal_reply(refused: Refused, *, w: Words) -> Reply:
    """Says why an interaction cannot be changed."""
    text = refusal_text(refused, w=w)
    return ephemeral(text, [section(":no_entry_sign: " + text)])


def refusal_text(refused: Refused, *, w: Words) -> str:
    """Says in one sentence why an interaction cannot be changed."""
    return {
        "gone": w.gettext("That interaction no longer exists."),
        "not_yours": w.gettext("Only the rep who logged it, or an admin, can change this interaction."),
        "too_late": w.ngettext(
            "This interaction can no longer be changed: changes are possible for {count} hour after logging.",
            "This interaction can no longer be changed: changes are possible for {count} hours after logging.",
            refused.hours,
        ),
        "undo_expired": w.gettext("Undo lasts a minute and that minute is over; use Delete instead."),
    }[refused.problem]


def log_form_view(
    *,
    w: Words,
    channel_id: str | None,
    initial_account: tuple[int, str] | None = None,
    editing: Any = None,
) -> dict[str, Any]:
    """The logging modal (or, with `editing`, the edit form): account and contact with type-ahead, kind, note."""
    account_select = _select(ActionId.ACCOUNT_SELECT, w.gettext("Start typing an account name"))
    contact_select = _select(ActionId.CONTACT_SELECT, w.gettext("Start typing a name or an e-mail address"))
    kinds = [_option(phrases.kind_label(w, k.value), k.value) for k in Kind]
    kind_select: dict[str, Any] = {"type": "static_select", "action_id": ActionId.KIND, "options": kinds}
    kind_select["initial_option"] = kinds[0]
    note: dict[str, Any] = {"type": "plain_text_input", "action_id": ActionId.NOTE, "multiline": True}
    note["max_length"] = 3000
    if initial_account is not None:
        account_select["initial_option"] = _option(initial_account[1], str(initial_account[0]))
    if editing is not None:
        account_select["initial_option"] = _option(editing.account_name, str(editing.account_id))
        if editing.contact_email:
            contact_select["initial_option"] = _option(editing.contact_email, str(editing.contact_id))
        kind_select["initial_option"] = kinds[list(Kind).index(_kind(editing.kind))]
        if editing.note:
            note["initial_value"] = editing.note
    blocks: list[Block] = [
        _input(BlockId.ACCOUNT, w.gettext("Account"), account_select),
        _input(BlockId.CONTACT, w.gettext("Contact"), contact_select),
        context(w.gettext("Pick one of the account's contacts, or type a new e-mail address and pick “New contact”.")),
        _input(BlockId.KIND, w.gettext("Kind"), kind_select),
        _input(BlockId.NOTE, w.gettext("Note"), note, optional=True),
    ]
    if editing is None:
        survey_box = {
            "type": "checkboxes",
            "action_id": ActionId.SURVEY,
            "options": [_option(w.gettext("Don't survey this one"), "no_survey")],
        }
        blocks.append(_input(BlockId.SURVEY, w.gettext("Pulse"), survey_box, optional=True))
    title = w.gettext("Log an interaction") if editing is None else w.gettext("Edit the interaction")
    return {
        "type": "modal",
        "callback_id": ViewId.LOG if editing is None else ViewId.EDIT,
        "private_metadata": (channel_id or "") if editing is None else f"{editing.interaction_id}:{channel_id or ''}",
        "title": {"type": "plain_text", "text": truncate(title, 24)},
        "submit": {"type": "plain_text", "text": w.gettext("Log it") if editing is None else w.gettext("Save")},
        "close": {"type": "plain_text", "text": w.gettext("Cancel")},
        "blocks": blocks,
    }


def _select(action_id: str, placeholder: str) -> dict[str, Any]:
    """An external select whose options Pulse serves as the rep types."""
    return {
        "type": "external_select",
        "action_id": action_id,
        "placeholder": {"type": "plain_text", "text": truncate(placeholder, 150)},
        "min_query_length": 0,
    }


def _input(block_id: str, label: str, element: dict[str, Any], *, optional: bool = False) -> Block:
    block: Block = {"type": "input", "block_id": block_id, "label": {"type": "plain_text", "text": label}}
    block["element"] = element
    if optional:
        block["optional"] = True
    return block


def _option(text: str, value: str) -> dict[str, Any]:
    """A select option; labels are plain text, cut to Slack's 75 characters."""
    return {"text": {"type": "plain_text", "text": truncate(text, 75)}, "value": value}


def account_options(accounts: list[Any], *, typed: str, offer_new: bool, w: Words) -> list[dict[str, Any]]:
    """Options for the account type-ahead; a new account is its own, explicit, last option."""
    options = [_option(a.name, str(a.id)) for a in accounts[:99]]
    value = NEW_ACCOUNT_PREFIX + typed
    if offer_new and typed and len(value) <= MAX_OPTION_VALUE:
        options.append(_option(w.gettext("New account: “{name}”", name=typed), value))
    return options


def contact_options(contacts: list[Any], *, typed_email: str | None, w: Words) -> list[dict[str, Any]]:
    """Options for the contact type-ahead: the account's contacts, then a new contact for a typed address."""
    options = [_option(f"{c.name} <{c.email}>" if c.name else c.email, str(c.id)) for c in contacts[:99]]
    if typed_email and len(NEW_CONTACT_PREFIX + typed_email) <= MAX_OPTION_VALUE:
        options.append(_option(w.gettext("New contact: {email}", email=typed_email), NEW_CONTACT_PREFIX + typed_email))
    return options
