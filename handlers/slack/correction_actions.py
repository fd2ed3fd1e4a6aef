"""Buttons that correct a logged interaction: Undo, Edit and Delete on the confirmation and on the account card."""

from __future__ import annotations

from bot.services import corrections
from handlers.slack import log_blocks
from handlers.slack.clicks import Click, listener
from handlers.slack.payloads import channel_id_of, numeric_id
from handlers.slack.requests import Listener


def _deleting(*, undo: bool) -> Listener:
    """Builds the listener for Undo (within a minute, forgets what the log created) or Delete."""

    def handle(click: Click) -> None:
        _delete(click, numeric_id(click.value), undo=undo)

    return listener(handle, name="handle_undo_interaction_action" if undo else "handle_delete_interaction_action")


# Undo takes a log back within a minute, as if it never happened; Delete (after Slack's confirmation dialog)
# removes it and cancels its unsent pulse.
handle_undo_interaction_action = _deleting(undo=True)
handle_delete_interaction_action = _deleting(undo=False)


@listener
def handle_edit_interaction_action(click: Click) -> None:
    """Opens the edit form for an interaction the rep may still change."""
    _open_edit(click, numeric_id(click.value))


@listener
def handle_entry_menu_action(click: Click) -> None:
    """Edit or Delete picked from a timeline entry's menu on the account card."""
    choice, _, raw = click.selected.partition(":")
    if choice == "edit":
        _open_edit(click, numeric_id(raw))
    elif choice == "delete":
        _delete(click, numeric_id(raw), undo=False, replace=False)


def _change(click: Click, interaction_id: int) -> corrections.Change:
    """Says who asks to change which interaction, and within how many hours of logging it may still change."""
    runtime = click.runtime
    hours = runtime.settings.interaction_edit_hours
    return corrections.Change(click.team_id, click.user_id, interaction_id, runtime.now(), hours, click.is_admin)


def _delete(click: Click, interaction_id: int, *, undo: bool, replace: bool = True) -> None:
    """Deletes (or undoes) and replaces the message with what happened."""
    w = click.words()
    try:
        result = corrections.delete_interaction(click.scope.db, change=_change(click, interaction_id), undo=undo)
    except corrections.Refused as refused:
        click.reply(log_blocks.refusal_reply(refused, w=w))
        return
    click.reply(log_blocks.correction_reply(result, w=w), replace=replace)


def _open_edit(click: Click, interaction_id: int) -> None:
    """Opens the edit form, or says why the interaction can no longer be changed."""
    w = click.words()
    try:
        editable = corrections.get_editable(click.scope.read, change=_change(click, interaction_id))
    except corrections.Refused as refused:
        click.reply(log_blocks.refusal_reply(refused, w=w))
        return
    click.open_view(log_blocks.log_form_view(w=w, channel_id=channel_id_of(click.body), editing=editable))
