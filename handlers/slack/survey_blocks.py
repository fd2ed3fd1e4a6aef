"""Block Kit for pulses in Slack: the survey DM to a contact, its thank-you, and the link a rep forwards."""

from __future__ import annotations

from typing import Any

from bot.core import survey
from bot.core.branding import Brand
from bot.core.catalog import Words, words
from bot.core.i18n import answer_labels, language_or_default
from bot.services.pulses import SurveyMessage
from handlers.slack.blocks import Reply, button, context, ephemeral, section
from handlers.slack.ids import ActionId
from handlers.slack.text import escape, mention


def survey_dm(message: SurveyMessage) -> Reply:
    """The question with one button per answer, a link for a comment, and a way to opt out.

    The three answers look alike (no green Yes, no red No), so the buttons do not nudge the answer.
    """
    w = words(language_or_default(message.language))
    greeting = w.gettext("Hi {name}!", name=escape(message.contact_name)) + " " if message.contact_name else ""
    lead = w.gettext("A reminder, in case you missed it:") + " " if message.reminder else ""
    brand = message.brand
    asks = w.gettext("{sender} asks:", sender=escape(brand.sender)) + " " if brand.sender else ""
    labels = answer_labels(w)
    answers = [
        button(labels[a.value], f"{ActionId.ANSWER}:{a.value}", f"{message.token}:{a.value}") for a in survey.Answer
    ]
    # The button keeps the question and drops "(optional)": a button is optional anyway.
    comment_label = w.gettext("Anything you'd like to add? (optional)").split("?")[0][:70] + "?"
    optout = w.gettext("Don't ask me again")
    comment = {
        "type": "button",
        "text": {"type": "plain_text", "text": comment_label, "emoji": True},
        "action_id": f"{ActionId.ANSWER}:comment",
        "url": message.links.page,
    }
    return {
        "text": escape(message.question),
        "blocks": [
            _with_logo(section(f"{greeting}{lead}{asks}*{escape(message.question)}*"), brand),
            {"type": "actions", "block_id": "pulse_answers", "elements": [*answers, comment]},
            context(f"<{message.links.optout}|{escape(optout)}>"),
        ],
    }


def _with_logo(block: dict[str, Any], brand: Brand) -> dict[str, Any]:
    """Adds the workspace's logo beside a section; the URL was validated as https when it was set."""
    if brand.logo_url:
        alt = brand.company or "logo"
        block["accessory"] = {"type": "image", "image_url": brand.logo_url, "alt_text": alt[:2000]}
    return block


def brand_reply(brand: Brand, changed: str | None, w: Words | None = None) -> Reply:
    """Shows who customers see asking (and what just changed), to the rep who ran `/pulse brand`."""
    w = w or words(None)
    not_set = "_" + w.gettext("not set") + "_"
    lines = [
        w.gettext("*Company:* {value}", value=escape(brand.company) or not_set),
        w.gettext("*Logo:* {value}", value=escape(brand.logo_url) or "_" + w.gettext("none") + "_"),
        w.gettext("*Accent colour:* {value}", value=escape(brand.accent) or "_" + w.gettext("default") + "_"),
        w.gettext("*Your name on your pulses:* {value}", value=escape(brand.rep_name) or not_set),
    ]
    lead = w.gettext("Branding updated.") if changed else w.gettext("This is who customers see asking.")
    team = w.gettext("your team")
    sender = escape(brand.sender) or team
    return ephemeral(
        w.gettext("{lead} Customers see: {sender}", lead=lead, sender=brand.sender or team),
        [
            section(f":label: {lead}\n" + "\n".join(lines)),
            context(
                w.gettext("E-mails, survey pages and Slack messages say they come from *{sender}*.", sender=sender)
            ),
        ],
    )


def answered_dm(*, question: str, answer: survey.Answer, language: str, page_url: str) -> dict[str, Any]:
    """Replaces the survey DM once answered, keeping a link to add or change a comment."""
    w = words(language_or_default(language))
    thanks = w.gettext("We received your answer: {answer}.", answer=answer_labels(w)[answer.value])
    return {
        "text": escape(thanks),
        "blocks": [
            section(f"*{escape(question)}*\n:white_check_mark: {escape(thanks)}"),
            context(f"<{page_url}|{escape(w.gettext('Change my answer'))}>"),
        ],
    }


def closed_dm(language: str) -> dict[str, Any]:
    """Replaces a survey DM whose link no longer works."""
    w = words(language_or_default(language))
    title = w.gettext("This link no longer works")
    body = w.gettext("It may have expired or already been used. No need to do anything else: thank you for your time.")
    return {"text": escape(title), "blocks": [section(f"{escape(title)}. {escape(body)}")]}


def rep_link_dm(message: SurveyMessage) -> Reply:
    """Asks the rep, in the workspace's language, to forward the survey link when Pulse cannot reach the contact."""
    w = words(language_or_default(message.rep_language))
    who = w.gettext("{email} at *{account}*", email=escape(message.email), account=escape(message.account_name))
    if message.reminder:
        lead = ":hourglass: " + w.gettext("{who} hasn't answered yet. Forward the question once more?", who=who)
    else:
        lead = ":incoming_envelope: " + w.gettext("Please forward this one-question survey to {who}.", who=who)
    lines = [lead]
    if message.note:
        lines.append(f"_{escape(message.note)}_")
    lines.append(f"*{escape(message.question)}*\n{message.links.page}")
    return {
        "text": w.gettext("Please forward the survey to {email}", email=escape(message.email)),
        "blocks": [
            section("\n".join(lines)),
            context(
                w.gettext("Logged by {rep} · the link works once per answer and expires", rep=mention(message.rep_id))
            ),
        ],
    }
