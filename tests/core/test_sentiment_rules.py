"""One test per rule of rules.tsv: what it must catch, what it must leave alone, and which way it pushes."""

from __future__ import annotations

import pytest

from bot.core.sentiment import read, score_text
from bot.core.sentiment_features import matched_rules, rules
from bot.core.sentiment_text import normalise

# (rule, language, a comment it must catch, a comment it must leave alone)
CASES: list[tuple[str, str, str, str]] = [
    ("intent_never_again", "en", "I won't be ordering from them again", "I will order from them again"),
    ("intent_never_again", "en", "Never again.", "I would never have guessed"),
    ("intent_not_back", "en", "We won't be back", "We will be back"),
    ("intent_again", "en", "I'd happily buy from you again", "I wouldn't buy from you again"),
    ("intent_recommend", "en", "Would definitely recommend", "Would not recommend"),
    ("charged_twice", "en", "They charged me twice for one repair", "They charged me for one repair"),
    ("no_reply", "en", "Nobody ever called me back", "Somebody called me back"),
    ("not_arrived", "en", "My order still hasn't arrived", "My order arrived on time"),
    ("still_waiting", "en", "Still waiting for the engineer", "The engineer came while I was waiting"),
    ("arrived_damaged", "en", "The lamp arrived broken", "The lamp arrived safely"),
    ("stopped_working", "en", "The heater stopped working after a week", "The heater keeps working"),
    ("wrong_item", "en", "They sent the wrong size", "They sent the right size"),
    ("had_to_chase", "en", "I had to call them three times", "I had to leave early"),
    ("late_delivery", "en", "The parcel turned up three days late", "The parcel turned up three days early"),
    ("damaged_goods", "en", "The box was badly crushed", "The box was not damaged"),
    ("not_as_described", "en", "The jacket is not as described", "The jacket is exactly as described"),
    ("billing_error", "en", "They billed me for a service I never ordered", "They billed me for the service I ordered"),
    ("refused", "en", "The shop refused to give me a refund", "The shop gave me a refund"),
    ("support_ignored", "en", "Support ignored all my emails", "Support answered all my emails"),
    ("cancel_switch", "en", "I'm cancelling my subscription", "I'm not cancelling my subscription"),
    ("intent_renew", "en", "We will definitely renew next year", "We will not renew next year"),
    ("intent_not_renew", "en", "We won't be renewing our contract", "We will be renewing our contract"),
    ("recommend_to_others", "en", "I have recommended them to all my friends", "I would not recommend them to anyone"),
    ("praise_people", "en", "The driver was very polite", "The driver was late"),
    ("praise_speed", "en", "Same-day delivery, and the fitter came on time", "The order wasn't delivered on time"),
    ("as_promised", "en", "The table arrived exactly as described", "The table was not as described"),
    ("slow_service", "en", "The refund took weeks to come through", "The refund took a day to come through"),
    ("intent_never", "en", "I will never order from them", "I will never order from them again"),
    ("intent_never_again", "de", "Nie wieder bei diesem Händler", "Immer wieder gern"),
    ("intent_again", "de", "Würde ich jederzeit wieder kaufen", "Würde ich nicht wieder kaufen"),
    ("not_arrived", "de", "Das Paket ist nie angekommen", "Das Paket ist pünktlich angekommen"),
    ("charged_twice", "de", "Mir wurde der Betrag doppelt abgebucht", "Der Betrag wurde abgebucht"),
    ("no_reply", "de", "Bis heute keine Antwort vom Kundendienst", "Schnelle Antwort vom Kundendienst"),
    ("stopped_working", "de", "Das Gerät funktioniert nicht mehr", "Das Gerät funktioniert einwandfrei"),
    ("intent_never_again", "fr", "Plus jamais chez eux", "Je reviendrai chez eux"),
    ("intent_again", "fr", "Je le recommande", "Je ne le recommande pas"),
    ("not_arrived", "fr", "Colis jamais reçu", "Colis reçu en deux jours"),
    ("charged_twice", "fr", "J'ai été débité deux fois", "J'ai été débité une fois"),
    ("no_reply", "fr", "Aucune réponse du service client", "Une réponse rapide du service client"),
    ("stopped_working", "fr", "L'appareil ne fonctionne plus", "L'appareil fonctionne très bien"),
    ("intent_never_again", "es", "Nunca más compro aquí", "Compro aquí siempre"),
    ("intent_again", "es", "Volvería a comprar sin dudarlo", "No volvería a comprar"),
    ("not_arrived", "es", "El pedido nunca llegó", "El pedido llegó a tiempo"),
    ("charged_twice", "es", "Me cobraron dos veces el mismo pedido", "Me cobraron el pedido"),
    ("no_reply", "es", "Sin respuesta del servicio técnico", "Respuesta rápida del servicio técnico"),
    ("stopped_working", "es", "La impresora dejó de funcionar", "La impresora funciona muy bien"),
]


# German, French and Spanish customer phrasing (the block at the end of rules.tsv).
CASES += [
    ("late_delivery", "de", "Die Lieferung kam zwei Wochen zu spät", "Die Lieferung kam pünktlich"),
    ("missing_item", "de", "Im Paket fehlte ein Teil", "Es fehlt an nichts"),
    ("arrived_damaged", "de", "Das Paket war völlig beschädigt", "Das Paket war nicht beschädigt"),
    ("billing_error", "de", "Uns wurde zu viel berechnet", "Uns wurde der richtige Betrag berechnet"),
    ("no_reply", "de", "Niemand hat mich zurückgerufen", "Der Techniker hat sofort zurückgerufen"),
    ("switch_supplier", "de", "Wir wechseln jetzt den Anbieter", "Wir bleiben bei unserem Anbieter"),
    ("switch_supplier", "de", "Wir kündigen zum Monatsende", "Wir kündigen natürlich nicht"),
    ("intent_never_again", "de", "Ich bestelle hier nicht mehr", "Ich bestelle hier immer wieder"),
    ("intent_renew", "de", "Wir werden den Vertrag verlängern", "Wir werden den Vertrag nicht verlängern"),
    ("not_renewing", "de", "Den Vertrag werden wir nicht verlängern", "Den Vertrag verlängern wir gerne"),
    ("late_delivery", "fr", "Commande livrée avec une semaine de retard", "Commande livrée dans les temps"),
    ("missing_item", "fr", "Il manque des pièces dans le carton", "Rien ne manquait dans le carton"),
    ("arrived_damaged", "fr", "Le colis était complètement abîmé", "Le colis n'était pas abîmé"),
    ("billing_error", "fr", "Encore une erreur de facturation ce mois-ci", "La facture est claire ce mois-ci"),
    ("no_reply", "fr", "Personne ne m'a rappelé", "Ils m'ont rappelé le jour même"),
    ("switch_supplier", "fr", "Nous allons changer de fournisseur", "Nous gardons le même fournisseur"),
    ("intent_never_again", "fr", "Je ne vais plus commander chez vous", "Je vais commander chez vous"),
    ("intent_renew", "fr", "Nous allons renouveler notre abonnement", "Nous n'allons pas renouveler notre abonnement"),
    ("not_renewing", "fr", "Nous n'allons pas renouveler le contrat", "Nous allons renouveler le contrat"),
    ("late_delivery", "es", "El pedido llegó con una semana de retraso", "El pedido llegó a tiempo"),
    ("missing_item", "es", "Faltaban piezas en la caja", "No faltaba nada en la caja"),
    ("arrived_damaged", "es", "El paquete venía dañado", "El paquete venía en perfecto estado"),
    ("billing_error", "es", "Me cobraron de más en la factura", "Me cobraron lo acordado en la factura"),
    ("no_reply", "es", "Nadie me ha llamado todavía", "Me han llamado enseguida"),
    ("switch_supplier", "es", "Vamos a cambiar de proveedor", "Seguimos con el mismo proveedor"),
    ("intent_never_again", "es", "No vuelvo a comprar en esta tienda", "Vuelvo a comprar en esta tienda"),
    ("intent_renew", "es", "Vamos a renovar el contrato", "No vamos a renovar el contrato"),
    ("not_renewing", "es", "No vamos a renovar el contrato", "Vamos a renovar el contrato"),
]


def names(text: str, language: str) -> list[str]:
    """Return the rules a comment matches."""
    return [name.removeprefix("r:") for name in matched_rules(normalise(text).lower(), language).names]


@pytest.mark.parametrize(("rule", "language", "caught", "left_alone"), CASES)
def test_rule_catches_its_pattern_and_leaves_near_misses_alone(
    rule: str, language: str, caught: str, left_alone: str
) -> None:
    assert rule in names(caught, language)
    assert rule not in names(left_alone, language)


@pytest.mark.parametrize(("rule", "language", "caught", "left_alone"), CASES)
def test_rule_pushes_the_score_its_way(rule: str, language: str, caught: str, left_alone: str) -> None:
    weight = next(r.weight for r in rules() if r.name == rule and r.language == language)
    result = score_text(caught, language=language)
    assert result.language == language
    assert (result.polarity > 0) == (weight > 0) and result.label != "neutral"


def test_every_rule_has_a_case() -> None:
    assert {(r.name, r.language) for r in rules()} == {(rule, language) for rule, language, _, _ in CASES}


def test_rules_apply_only_to_their_language() -> None:
    assert names("Nie wieder", "en") == []
    assert "intent_never_again" in names("Nie wieder", "de")


def test_the_rule_screen_lets_through_a_rule_that_starts_inside_a_word() -> None:
    # The screen only tries positions at a word's start or an apostrophe: "'ll" starts inside "we'll".
    assert "intent_again" in names("we'll order from you again", "en")
    assert "intent_again" in names("You'd buy from them again", "en")


def test_cannot_recommend_enough_is_praise_not_a_refusal() -> None:
    assert "intent_not_back" not in names("I can't recommend them enough", "en")
    assert "recommend_to_others" in names("I can't recommend them enough", "en")
    assert "intent_not_back" in names("I can't recommend them", "en")


def test_switching_to_a_competitor_reads_negative() -> None:
    assert "cancel_switch" in names("We are switching to another provider next month", "en")
    assert score_text("We are switching to another provider next month").label == "negative"


def test_a_rule_counts_by_its_clause_like_the_words_around_it() -> None:
    # Before "but" a clause is the concession (x0.5), after it the verdict (x1.5), in English as for words.
    evidence = read("The parcel was two days late but the lamp itself is lovely")
    assert evidence is not None
    values = [v for n, v in zip(evidence.features.names, evidence.features.values, strict=True) if n.startswith("r:")]
    assert values == [0.5]
    evidence = read("The lamp is lovely but the parcel was two days late")
    assert evidence is not None
    values = [v for n, v in zip(evidence.features.names, evidence.features.values, strict=True) if n.startswith("r:")]
    assert values == [1.5]


def test_the_rule_screen_drops_only_leading_assertions_of_each_branch() -> None:
    from bot.core.sentiment_features import _top_level_branches

    branches = _top_level_branches(r"(?<!not )\bcancel(?:led|ling)\b|\bfoo[|(]bar|(?:\bwill|'ll)\s+x")
    assert branches == [r"cancel(?:led|ling)\b", r"foo[|(]bar", r"(?:\bwill|'ll)\s+x"]
