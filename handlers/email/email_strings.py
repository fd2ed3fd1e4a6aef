"""The survey e-mail's words in every supported language, and the default question in each."""

from __future__ import annotations

from typing import Final, TypedDict

# French sets a space before ? and :; a no-break one, so the mark never wraps onto a line of its own.
_NBSP = "\u00a0"


class EmailWords(TypedDict):
    """One language's strings; `{sender}`, `{name}` and `{account}` are filled in by the e-mail builder."""

    subject: str
    reminder_subject: str
    our_team: str
    greeting: str
    greeting_anonymous: str
    intro: str
    reminder_intro: str
    yes: str
    unsure: str
    no: str
    add_comment: str
    optout: str
    footer: str
    footer_no_account: str


FALLBACK_LANGUAGE: Final = "en"


# `our_team` stands in for an unknown sender, so it must read well after "from"/"with" in each language.
STRINGS: Final[dict[str, EmailWords]] = {
    "en": {
        "subject": "Quick question from {sender}",
        "reminder_subject": "Reminder: quick question from {sender}",
        "our_team": "our team",
        "greeting": "Hi {name},",
        "greeting_anonymous": "Hello,",
        "intro": "Thanks for your recent conversation with {sender}. We have just one quick question:",
        "reminder_intro": (
            "A few days ago we asked you one quick question. If you have a moment, we would love to hear your answer:"
        ),
        "yes": "Yes",
        "unsure": "Not sure",
        "no": "No",
        "add_comment": "Add a comment",
        "optout": "Unsubscribe from these questions",
        "footer": "You received this e-mail as a contact at {account} who was recently in touch with {sender}.",
        "footer_no_account": "You received this e-mail because you were recently in touch with {sender}.",
    },
    "de": {
        "subject": "Kurze Frage von {sender}",
        "reminder_subject": "Erinnerung: kurze Frage von {sender}",
        "our_team": "unserem Team",
        "greeting": "Hallo {name},",
        "greeting_anonymous": "Hallo,",
        "intro": "vielen Dank für Ihr Gespräch mit {sender}. Wir haben nur eine kurze Frage:",
        "reminder_intro": (
            "vor ein paar Tagen haben wir Ihnen eine kurze Frage gestellt. "
            "Wenn Sie einen Moment Zeit haben, freuen wir uns über Ihre Antwort:"
        ),
        "yes": "Ja",
        "unsure": "Weiß nicht",  # as on the page the button opens
        "no": "Nein",
        "add_comment": "Kommentar hinzufügen",
        "optout": "Diese Fragen abbestellen",
        "footer": (
            "Sie erhalten diese E-Mail als Kontaktperson von {account}, "
            "weil Sie kürzlich mit {sender} im Austausch waren."
        ),
        "footer_no_account": "Sie erhalten diese E-Mail, weil Sie kürzlich mit {sender} im Austausch waren.",
    },
    "fr": {
        "subject": "Petite question de la part de {sender}",
        "reminder_subject": f"Rappel{_NBSP}: petite question de la part de {{sender}}",
        "our_team": "notre équipe",
        "greeting": "Bonjour {name},",
        "greeting_anonymous": "Bonjour,",
        "intro": f"Merci pour votre récent échange avec {{sender}}. Nous avons juste une petite question{_NBSP}:",
        "reminder_intro": (
            "Il y a quelques jours, nous vous avons posé une petite question. "
            f"Si vous avez un instant, votre réponse nous aiderait beaucoup{_NBSP}:"
        ),
        "yes": "Oui",
        "unsure": "Je ne sais pas",
        "no": "Non",
        "add_comment": "Ajouter un commentaire",
        "optout": "Ne plus recevoir ces questions",
        "footer": (
            "Vous recevez cet e-mail en tant que contact chez {account}, car vous avez récemment échangé avec {sender}."
        ),
        "footer_no_account": "Vous recevez cet e-mail car vous avez récemment échangé avec {sender}.",
    },
    "es": {
        "subject": "Una pregunta rápida de {sender}",
        "reminder_subject": "Recordatorio: una pregunta rápida de {sender}",
        "our_team": "nuestro equipo",
        "greeting": "Hola, {name}:",
        "greeting_anonymous": "Hola:",
        "intro": "Gracias por su reciente conversación con {sender}. Solo tenemos una pregunta rápida:",
        "reminder_intro": (
            "Hace unos días le hicimos una pregunta rápida. Si tiene un momento, nos encantaría conocer su respuesta:"
        ),
        "yes": "Sí",
        "unsure": "No estoy seguro",  # as on the page the button opens
        "no": "No",
        "add_comment": "Añadir un comentario",
        "optout": "No recibir más estas preguntas",
        "footer": "Recibe este correo como contacto de {account}, ya que se comunicó recientemente con {sender}.",
        "footer_no_account": "Recibe este correo porque se comunicó recientemente con {sender}.",
    },
}


def language_of(code: str | None) -> str:
    """Returns the supported language for a code such as "de", "de-AT" or "FR_ca", else the fallback."""
    base = (code or "").strip().lower().replace("_", "-").split("-", 1)[0]
    return base if base in STRINGS else FALLBACK_LANGUAGE
