"""The customer-facing survey in English, German, French and Spanish: the page's words and the default question."""

from __future__ import annotations

import functools

from bot.core.survey import QUESTION

LANGUAGES = ("en", "de", "fr", "es")
DEFAULT_LANGUAGE = "en"

DEFAULT_QUESTION = {
    "en": QUESTION,
    "de": "Würden Sie wieder bei uns kaufen?",
    # French sets a no-break space before "?", so the mark never wraps onto a line of its own.
    "fr": "Achèteriez-vous à nouveau chez nous\u00a0?",
    "es": "¿Volvería a comprarnos?",
}

PAGE: dict[str, dict[str, str]] = {
    "en": {
        "title": "One quick question",
        "intro": "It takes one tap. Thank you for telling us.",
        "yes": "Yes",
        "unsure": "Not sure",
        "no": "No",
        "comment_label": "Anything you'd like to add? (optional)",
        "comment_hint": "Up to {limit} characters.",
        "submit": "Send my answer",
        "update": "Update my answer",
        "choose_answer": "Please choose Yes, Not sure or No.",
        "too_long": "Your comment is {length} characters long; please keep it under {limit}.",
        "thanks_title": "Thank you!",
        "thanks_body": "We received your answer: {answer}.",
        "thanks_edit": "Changed your mind? You can update your answer until {until}.",
        "edit_link": "Change my answer",
        "gone_title": "This link no longer works",
        "gone_body": "It may have expired or already been used. No need to do anything else: thank you for your time.",
        "optout_title": "Stop these questions?",
        "optout_body": "We will not ask {email} for feedback again.",
        "optout_button": "Yes, stop asking me",
        "optout_done_title": "Done",
        "optout_done_body": "We will not ask you for feedback again.",
        "optout_link": "Don't ask me again",
        "busy_title": "We couldn't save that just now",
        "busy_body": "Please try again in a moment. What you wrote is still below.",
        "slow_down_title": "Too many attempts",
        "slow_down_body": "Please wait a minute and try again.",
        "refused_title": "This form can't be sent from here",
        "refused_body": "Please open the link from your e-mail again.",
    },
    "de": {
        "title": "Eine kurze Frage",
        "intro": "Ein Klick genügt. Danke für Ihre Rückmeldung.",
        "yes": "Ja",
        "unsure": "Weiß nicht",
        "no": "Nein",
        "comment_label": "Möchten Sie noch etwas ergänzen? (optional)",
        "comment_hint": "Bis zu {limit} Zeichen.",
        "submit": "Antwort senden",
        "update": "Antwort ändern",
        "choose_answer": "Bitte wählen Sie Ja, Weiß nicht oder Nein.",
        "too_long": "Ihr Kommentar hat {length} Zeichen; bitte bleiben Sie unter {limit}.",
        "thanks_title": "Vielen Dank!",
        "thanks_body": "Wir haben Ihre Antwort erhalten: {answer}.",
        "thanks_edit": "Anders überlegt? Sie können Ihre Antwort bis {until} ändern.",
        "edit_link": "Antwort ändern",
        "gone_title": "Dieser Link funktioniert nicht mehr",
        "gone_body": "Er ist vielleicht abgelaufen oder wurde schon benutzt. "
        "Sie müssen nichts weiter tun: danke für Ihre Zeit.",
        "optout_title": "Keine Fragen mehr?",
        "optout_body": "Wir werden {email} nicht mehr um Feedback bitten.",
        "optout_button": "Ja, bitte nicht mehr fragen",
        "optout_done_title": "Erledigt",
        "optout_done_body": "Wir werden Sie nicht mehr um Feedback bitten.",
        "optout_link": "Nicht mehr fragen",
        "busy_title": "Das konnten wir gerade nicht speichern",
        "busy_body": "Bitte versuchen Sie es gleich noch einmal. Ihr Text steht noch unten.",
        "slow_down_title": "Zu viele Versuche",
        "slow_down_body": "Bitte warten Sie eine Minute und versuchen Sie es erneut.",
        "refused_title": "Dieses Formular kann von hier nicht gesendet werden",
        "refused_body": "Bitte öffnen Sie den Link aus Ihrer E-Mail erneut.",
    },
    "fr": {
        "title": "Une petite question",
        "intro": "Un clic suffit. Merci de votre retour.",
        "yes": "Oui",
        "unsure": "Je ne sais pas",
        "no": "Non",
        "comment_label": "Souhaitez-vous ajouter quelque chose ? (facultatif)",
        "comment_hint": "Jusqu'à {limit} caractères.",
        "submit": "Envoyer ma réponse",
        "update": "Modifier ma réponse",
        "choose_answer": "Veuillez choisir Oui, Je ne sais pas ou Non.",
        "too_long": "Votre commentaire fait {length} caractères ; merci de rester sous {limit}.",
        "thanks_title": "Merci !",
        "thanks_body": "Nous avons bien reçu votre réponse : {answer}.",
        "thanks_edit": "Vous avez changé d'avis ? Vous pouvez modifier votre réponse jusqu'au {until}.",
        "edit_link": "Modifier ma réponse",
        "gone_title": "Ce lien ne fonctionne plus",
        "gone_body": "Il a peut-être expiré ou déjà été utilisé. "
        "Vous n'avez rien d'autre à faire : merci pour votre temps.",
        "optout_title": "Ne plus recevoir ces questions ?",
        "optout_body": "Nous ne demanderons plus d'avis à {email}.",
        "optout_button": "Oui, ne plus me demander",
        "optout_done_title": "C'est fait",
        "optout_done_body": "Nous ne vous demanderons plus votre avis.",
        "optout_link": "Ne plus me demander",
        "busy_title": "Nous n'avons pas pu enregistrer pour l'instant",
        "busy_body": "Veuillez réessayer dans un instant. Votre texte est toujours ci-dessous.",
        "slow_down_title": "Trop de tentatives",
        "slow_down_body": "Veuillez patienter une minute puis réessayer.",
        "refused_title": "Ce formulaire ne peut pas être envoyé d'ici",
        "refused_body": "Veuillez rouvrir le lien de votre e-mail.",
    },
    "es": {
        "title": "Una pregunta rápida",
        "intro": "Solo un clic. Gracias por contárnoslo.",
        "yes": "Sí",
        "unsure": "No estoy seguro",
        "no": "No",
        "comment_label": "¿Quiere añadir algo? (opcional)",
        "comment_hint": "Hasta {limit} caracteres.",
        "submit": "Enviar mi respuesta",
        "update": "Actualizar mi respuesta",
        "choose_answer": "Elija Sí, No estoy seguro o No.",
        "too_long": "Su comentario tiene {length} caracteres; no supere los {limit}.",
        "thanks_title": "¡Gracias!",
        "thanks_body": "Hemos recibido su respuesta: {answer}.",
        "thanks_edit": "¿Ha cambiado de opinión? Puede actualizar su respuesta hasta el {until}.",
        "edit_link": "Cambiar mi respuesta",
        "gone_title": "Este enlace ya no funciona",
        "gone_body": "Puede haber caducado o ya se ha usado. No tiene que hacer nada más: gracias por su tiempo.",
        "optout_title": "¿Dejar de recibir estas preguntas?",
        "optout_body": "No volveremos a pedir su opinión a {email}.",
        "optout_button": "Sí, no me pregunten más",
        "optout_done_title": "Hecho",
        "optout_done_body": "No volveremos a pedirle su opinión.",
        "optout_link": "No volver a preguntarme",
        "busy_title": "No hemos podido guardarlo ahora",
        "busy_body": "Inténtelo de nuevo en un momento. Lo que escribió sigue abajo.",
        "slow_down_title": "Demasiados intentos",
        "slow_down_body": "Espere un minuto y vuelva a intentarlo.",
        "refused_title": "Este formulario no se puede enviar desde aquí",
        "refused_body": "Vuelva a abrir el enlace de su correo.",
    },
}


def language_or_default(language: str | None) -> str:
    """Returns a supported language code for a stored preference, English when unknown."""
    code = (language or "").lower().split("-")[0].split("_")[0]
    return code if code in LANGUAGES else DEFAULT_LANGUAGE


def default_question(language: str) -> str:
    """Returns "Would you buy from us again?" in the given language."""
    return DEFAULT_QUESTION[language_or_default(language)]


def negotiate(accept_language: str | None, preferred: str | None = None) -> str:
    """Picks the page language: the contact's stored preference, else the browser's best supported one."""
    if preferred and language_or_default(preferred) == preferred.lower()[:2]:
        return language_or_default(preferred)
    if accept_language is None or len(accept_language) > 200:
        return _browser_language((accept_language or "")[:200])
    return _browser_language(accept_language)


@functools.lru_cache(maxsize=256)
def _browser_language(accept_language: str) -> str:
    """Picks the browser's best supported language from an Accept-Language header (browsers send a few kinds)."""
    ranked: list[tuple[float, int, str]] = []
    for index, part in enumerate(accept_language.split(",")):
        tag, _, params = part.strip().partition(";")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                quality = 0.0
        code = tag.strip().lower().split("-")[0]
        if code in LANGUAGES and quality > 0:
            ranked.append((-quality, index, code))
    return min(ranked)[2] if ranked else DEFAULT_LANGUAGE


def page_words(language: str) -> dict[str, str]:
    """Returns the page's words in a supported language."""
    return PAGE[language_or_default(language)]


# Issue 14's words (who is asking, one tap, closed links, the Slack DM's lines), kept together so they move as
# one block; they join PAGE below.
IDENTITY_AND_TAP: dict[str, dict[str, str]] = {
    "en": {
        "sent_by": "Sent by {sender}",
        "tap_saved": "We have your answer: {answer}. You can close this page, or add a comment below.",
        "edit_closed_title": "Your answer is in",
        "edit_closed_body": "Thank you. Your answer ({answer}) can no longer be changed.",
        "expired_title": "This survey has closed",
        "expired_body": "Thank you for your time: there is nothing more to do.",
        "dm_greeting": "Hi {name}!",
        "dm_reminder": "A reminder, in case you missed it:",
        "dm_asks": "{sender} asks:",
        "dm_answered": "Answered",
    },
    "de": {
        "sent_by": "Gesendet von {sender}",
        "tap_saved": "Wir haben Ihre Antwort: {answer}. Sie können diese Seite schließen "
        "oder unten einen Kommentar ergänzen.",
        "edit_closed_title": "Ihre Antwort ist angekommen",
        "edit_closed_body": "Vielen Dank. Ihre Antwort ({answer}) kann nicht mehr geändert werden.",
        "expired_title": "Diese Umfrage ist beendet",
        "expired_body": "Vielen Dank für Ihre Zeit: Sie müssen nichts weiter tun.",
        "dm_greeting": "Hallo {name}!",
        "dm_reminder": "Eine Erinnerung, falls Sie es übersehen haben:",
        "dm_asks": "{sender} fragt:",
        "dm_answered": "Beantwortet",
    },
    "fr": {
        "sent_by": "Envoyé par {sender}",
        "tap_saved": "Nous avons bien votre réponse\u00a0: {answer}. Vous pouvez fermer cette page "
        "ou ajouter un commentaire ci-dessous.",
        "edit_closed_title": "Votre réponse est enregistrée",
        "edit_closed_body": "Merci. Votre réponse ({answer}) ne peut plus être modifiée.",
        "expired_title": "Ce questionnaire est clos",
        "expired_body": "Merci pour votre temps\u00a0: vous n'avez rien d'autre à faire.",
        "dm_greeting": "Bonjour {name}\u00a0!",
        "dm_reminder": "Petit rappel, au cas où ce message vous aurait échappé\u00a0:",
        "dm_asks": "{sender} vous demande\u00a0:",
        "dm_answered": "Répondu",
    },
    "es": {
        "sent_by": "Enviado por {sender}",
        "tap_saved": "Tenemos su respuesta: {answer}. Puede cerrar esta página o añadir un comentario abajo.",
        "edit_closed_title": "Hemos recibido su respuesta",
        "edit_closed_body": "Gracias. Su respuesta ({answer}) ya no se puede cambiar.",
        "expired_title": "Esta encuesta ha terminado",
        "expired_body": "Gracias por su tiempo: no tiene que hacer nada más.",
        "dm_greeting": "¡Hola, {name}!",
        "dm_reminder": "Un recordatorio, por si no lo vio:",
        "dm_asks": "{sender} pregunta:",
        "dm_answered": "Respondida",
    },
}
for _code, _words in IDENTITY_AND_TAP.items():
    PAGE[_code].update(_words)


def parse_language(raw: str | None) -> str | None:
    """Returns the supported language a code names ("de", "de-AT", "FR_ca"), None when blank; else ValueError."""
    text = (raw or "").strip()
    if not text:
        return None
    code = text.lower().replace("_", "-").split("-")[0]
    if code not in LANGUAGES:
        raise ValueError(f"language `{text[:20]}` is not one of " + ", ".join(LANGUAGES))
    return code


def accepted_language(accept_language: str | None) -> str | None:
    """Returns the browser's best supported language, or None when it names none of ours (nothing to remember)."""
    header = (accept_language or "")[:200]
    codes = {part.strip().lower().split(";")[0].split("-")[0] for part in header.split(",")}
    return _browser_language(header) if codes & set(LANGUAGES) else None
