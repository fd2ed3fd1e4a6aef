"""The e-mail route of a pulse: turns a survey message into a localised e-mail and hands it to SMTP."""

from __future__ import annotations

from bot.services.pulses import SurveyMessage
from handlers.email.email import SmtpSender, SurveyEmail, build_message


class MailRoute:
    """Sends survey e-mails from PULSE_FROM_EMAIL through one SMTP sender."""

    def __init__(self, sender: SmtpSender, *, from_address: str) -> None:
        self.sender = sender
        self.from_address = from_address

    def send_survey(self, message: SurveyMessage) -> None:
        """Builds and sends the e-mail; raises Temporary- or PermanentDeliveryError."""
        email = SurveyEmail(
            to=message.email,
            contact_name=message.contact_name,
            sender_name=message.sender_name,
            account_name=message.account_name,
            question=message.question,
            language=message.language,
            answer_urls=message.links.answers,
            survey_url=message.links.page,
            optout_url=message.links.optout,
            one_click_unsubscribe_url=message.links.optout,
            from_address=self.from_address,
            message_id=message.message_id,
            reminder=message.reminder,
            from_name=message.brand.sender,
            company=message.brand.company,
            logo_url=message.brand.logo_url,
            accent=message.brand.accent,
        )
        self.sender.send(build_message(email))

    def close(self) -> None:
        """Closes the SMTP connection kept for reuse."""
        self.sender.close()
