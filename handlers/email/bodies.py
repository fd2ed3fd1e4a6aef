"""The survey e-mail's subject and bodies: the catalog's words in Jinja templates (HTML autoescaped, text as is)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import jinja2

from bot.core.catalog import words
from bot.core.i18n import answer_labels
from bot.core.survey import Answer

# Loaded once: the templates ship with the code. `.html` is autoescaped, so every value is escaped there, once,
# whether it came from a user or the catalog; the text part is not HTML and is left as it is.
_TEMPLATES = jinja2.Environment(
    loader=jinja2.FileSystemLoader(Path(__file__).with_name("templates")),
    autoescape=jinja2.select_autoescape(enabled_extensions=("html",), default=False),
    undefined=jinja2.StrictUndefined,
    keep_trailing_newline=True,
    auto_reload=False,
)


@dataclass(frozen=True, slots=True)
class Bodies:
    """What one survey e-mail says: its subject line, its plain-text part and its HTML part."""

    subject: str
    text: str
    html: str


@dataclass(frozen=True, slots=True)
class Look:
    """Who the customer sees asking, already checked: company name, https logo (or ""), button colours."""

    company: str
    logo: str
    background: str
    foreground: str


def render_survey(
    language: str,
    *,
    sender: str,
    name: str,
    account: str,
    question: str,
    reminder: bool,
    links: dict[str, str],
    look: Look,
) -> Bodies:
    """Returns the subject and both bodies in a supported language; names and question are cleaned, links checked."""
    w = words(language)
    sender = sender or w.gettext("our team")
    if reminder:
        subject = w.gettext("Reminder: quick question from {sender}", sender=sender)
        intro = w.gettext(
            "A few days ago we asked you one quick question. If you have a moment, we would love to hear your answer:"
        )
    else:
        subject = w.gettext("Quick question from {sender}", sender=sender)
        intro = w.gettext(
            "Thanks for your recent conversation with {sender}. We have just one quick question:", sender=sender
        )
    if account:
        footer = w.gettext(
            "You received this e-mail as a contact at {account} who was recently in touch with {sender}.",
            account=account,
            sender=sender,
        )
    else:
        footer = w.gettext("You received this e-mail because you were recently in touch with {sender}.", sender=sender)
    labels = answer_labels(w)
    values = {
        "_": w.gettext,
        "lang": w.language,
        "subject": subject,
        "greeting": w.gettext("Hi {name},", name=name) if name else w.gettext("Hello,"),
        "intro": intro,
        "question": question,
        "footer": footer,
        "answers": [(links[answer.value], labels[answer.value]) for answer in Answer],
        "comment_url": links["comment"],
        "optout_url": links["optout"],
        "company": look.company,
        "logo": look.logo,
        "background": look.background,
        "foreground": look.foreground,
    }
    text = _TEMPLATES.get_template("survey.txt").render(values)
    return Bodies(subject=subject, text=text, html=_TEMPLATES.get_template("survey.html").render(values))
