"""The Slack routes of a pulse, sent by the clock through the gateway: a DM to a contact, or a link for the rep."""

from __future__ import annotations

from bot.services.ports import PermanentDeliveryError
from bot.services.pulses import SurveyMessage
from handlers.slack import survey_blocks
from handlers.slack.gateway import SlackGateway


class SlackDelivery:
    """The Slack routes of a pulse: a DM to a Slack Connect contact, or a link for the rep to forward."""

    def __init__(self, gateway: SlackGateway) -> None:
        self.gateway = gateway

    def slack_user_for(self, team_id: str, email: str) -> str | None:
        """Returns the Slack user with this address (a Slack Connect contact) whom the bot can DM, or None."""
        try:
            user = self.gateway.user_by_email(team_id, email)
        except PermanentDeliveryError:
            return None
        if user is None or user.get("is_bot") or user.get("deleted"):
            return None
        return str(user["id"])

    def dm_survey(self, message: SurveyMessage) -> None:
        """Asks the contact in a DM with Yes / Not sure / No buttons."""
        assert message.slack_user_id is not None
        opened = self.gateway.call(message.team_id, "conversations.open", users=message.slack_user_id)
        channel = opened["channel"]["id"]
        self.gateway.call(message.team_id, "chat.postMessage", channel=channel, **survey_blocks.survey_dm(message))

    def dm_rep(self, message: SurveyMessage) -> None:
        """Sends the rep who logged the interaction the link to forward."""
        self.gateway.call(
            message.team_id, "chat.postMessage", channel=message.rep_id, **survey_blocks.rep_link_dm(message)
        )
