"""The one account matcher: exact, then case and spacing, then Unicode look-alikes, then a unique prefix."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from bot.core.matching import Stage, match_account, name_key


@dataclass(frozen=True)
class Named:
    name: str


ACME = Named("Acme Corp")
LTD = Named("Acme Ltd")
GLOBEX = Named("Globex")
CAFE = Named("Café Noir")


@pytest.mark.parametrize(
    ("typed", "stage"),
    [
        ("Acme Corp", Stage.EXACT),
        ("  Acme   Corp ", Stage.EXACT),
        ("ACME corp", Stage.CASE_AND_SPACING),
        ("Ａｃｍｅ Ｃｏｒｐ", Stage.LOOK_ALIKE),  # fullwidth letters
        ("Ac\u200bme Corp", Stage.LOOK_ALIKE),  # zero-width space
        ("Ac\u00adme\u2060 Corp\ufeff", Stage.LOOK_ALIKE),  # soft hyphen, word joiner, BOM
        ("\u202aAcme Corp\u202c", Stage.LOOK_ALIKE),  # bidi embedding
        ("\u2066acme corp\u2069", Stage.LOOK_ALIKE),  # bidi isolates
    ],
)
def test_look_alikes_of_a_name_match_it_and_say_how(typed, stage):
    found = match_account(typed, [ACME, LTD])
    assert (found.account, found.stage) == (ACME, stage)


def test_decomposed_accents_match_the_composed_name():
    decomposed = "Cafe\u0301 noir"
    assert match_account(decomposed, [CAFE]).account == CAFE
    assert name_key(decomposed) == name_key("CAFÉ NOIR")


def test_a_unique_prefix_matches_and_an_ambiguous_one_lists_candidates():
    assert match_account("glob", [GLOBEX]).stage is Stage.PREFIX
    ambiguous = match_account("acme", [ACME, LTD])
    assert ambiguous.account is None and ambiguous.candidates == (ACME, LTD)


def test_an_exact_name_wins_over_longer_names_it_prefixes():
    acme = Named("Acme")
    assert match_account("acme", [acme, ACME, LTD]).account == acme


def test_nothing_visible_matches_nothing():
    assert match_account("\u200b\u200d", [ACME]) == match_account("", [ACME])
    assert match_account("", [ACME]).account is None


def test_keys_fold_what_people_cannot_tell_apart_and_keep_what_they_can():
    assert name_key("Ａｃｍｅ") == name_key("acme") == name_key("A\u200ccme")
    assert name_key("Acme") != name_key("Acne")
    assert name_key("Straße") == name_key("STRASSE")  # case folding, as before
