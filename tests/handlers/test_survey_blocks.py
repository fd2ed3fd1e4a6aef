"""The survey DM, its thank-you and its closed note, in the contact's language, read from the catalogs."""

from __future__ import annotations

from dataclasses import replace

from bot.core import survey
from bot.core.branding import Brand
from bot.services.pulses import SurveyMessage
from handlers.slack import survey_blocks
from tests.support.slack_messages import buttons, visible_text

NBSP = "\u00a0"


def _message(language: str, *, reminder: bool = False) -> SurveyMessage:
    """A survey DM to Jane at Acme, asked by Maria, in the given language."""
    return SurveyMessage(
        pulse_id=1,
        team_id="T1",
        email="jane@acme.com",
        contact_name="Jane",
        account_name="Acme",
        rep_id="UREP0001",
        sender_name="Maria",
        question="Achèteriez-vous à nouveau chez nous ?",
        language=language,
        token="t" * 32,
        links=survey.survey_links("https://pulse.example", "t" * 32),
        reminder=reminder,
        message_id="m1",
        slack_user_id="UJANE0001",
        brand=Brand(company="Acme", rep_name="Maria"),
    )


def test_the_survey_dm_speaks_french_to_a_french_contact() -> None:
    dm = survey_blocks.survey_dm(_message("fr", reminder=True))
    text = visible_text(dm)
    assert f"Bonjour Jane{NBSP}! Petit rappel, au cas où ce message vous aurait échappé{NBSP}:" in text
    assert f"Maria, Acme vous demande{NBSP}:" in text and "Ne plus me demander" in text
    labels = [b["text"]["text"] for b in buttons(dm)]
    assert labels == ["Oui", "Je ne sais pas", "Non", f"Souhaitez-vous ajouter quelque chose{NBSP}?"]
    assert "Hi " not in text and "asks:" not in text


def test_an_unknown_language_falls_back_to_english() -> None:
    dm = survey_blocks.survey_dm(_message("pt"))
    assert [b["text"]["text"] for b in buttons(dm)] == ["Yes", "Not sure", "No", "Anything you'd like to add?"]
    assert "Hi Jane! Maria, Acme asks:" in visible_text(dm)


def test_the_answered_and_closed_dms_speak_the_contacts_language() -> None:
    answered = survey_blocks.answered_dm(
        question="¿Volvería a comprarnos?", answer=survey.Answer.UNSURE, language="es", page_url="https://p.example/x"
    )
    assert "Hemos recibido su respuesta: No estoy seguro." in visible_text(answered)
    assert "Cambiar mi respuesta" in visible_text(answered)
    closed = survey_blocks.closed_dm("de")
    assert closed["text"] == "Dieser Link funktioniert nicht mehr"


def test_the_rep_is_asked_to_forward_the_link_in_the_workspaces_language() -> None:
    message = _message("fr", reminder=True)
    german = survey_blocks.rep_link_dm(replace(message, rep_language="de"))
    text = visible_text(german)
    assert "jane@acme.com bei *Acme* hat noch nicht geantwortet." in text and "Erfasst von <@UREP0001>" in text
    assert "Achèteriez-vous à nouveau chez nous" in text  # the question stays in the contact's language
    english = survey_blocks.rep_link_dm(replace(message, reminder=False))
    assert "Please forward this one-question survey to jane@acme.com at *Acme*." in visible_text(english)
