"""Search of communes, EPCI, départements and régions for the panel's completion."""

from __future__ import annotations

import pytest

from territorial_health_plugin.core.territory import normalise_name, search


@pytest.mark.parametrize(
    ("text", "kind", "code"),
    [
        ("lille", "commune", "59350"),
        ("LILLE", "commune", "59350"),
        ("st etienne", "commune", "42218"),
        ("Saint-Étienne", "commune", "42218"),
        ("saint etienne", "commune", "42218"),
        ("nord", "departement", "59"),
        ("corse du sud", "departement", "2A"),
        ("hauts de france", "region", "32"),
        ("metropole europeenne de lille", "epci", "200093201"),
        ("59350", "commune", "59350"),
        ("200093201", "epci", "200093201"),
        ("2A004", "commune", "2A004"),
        ("ambérieu", "commune", "01004"),
        ("l'abergement clemenciat", "commune", "01001"),
        ("paris", "commune", "75056"),
        ("mamoudzou", "commune", "97611"),
        ("ste maxime", "commune", "83115"),
    ],
)
def test_expected_place_first(text, kind, code):
    matches = search(text)
    assert matches, text
    assert (matches[0].kind, matches[0].code) == (kind, code)


def test_match_fields_for_lille(french_translator):
    lille = search("lille")[0]
    assert lille.name == "Lille"
    assert lille.label == "Lille (59) — commune"
    assert lille.population == 238246
    assert lille.spec == "commune:59350"


def test_epci_match_spec():
    mel = search("Métropole Européenne de Lille")[0]
    assert mel.spec == "epci:200093201"
    assert mel.population == 1195234


def test_one_list_mixes_kinds():
    kinds = {match.kind for match in search("lille", limit=50)}
    assert {"commune", "epci"} <= kinds
    assert {match.kind for match in search("corse", limit=10)} >= {"region", "departement"}


def test_prefix_matches_ranked_by_population():
    matches = search("saint etienne", limit=10)
    assert matches[0].code == "42218"
    communes = [match for match in matches[1:] if match.kind == "commune"]
    populations = [match.population for match in communes]
    assert populations == sorted(populations, reverse=True)


def test_limit_respected():
    assert len(search("saint", limit=7)) == 7


@pytest.mark.parametrize("text", ["", "   ", "-'"])
def test_empty_query_returns_nothing(text):
    assert search(text) == []


def test_unknown_text_returns_nothing():
    assert search("zzzqqqxx") == []


def test_words_in_any_order():
    codes = [match.code for match in search("etienne saint", limit=50)]
    assert "42218" in codes


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("Saint-Étienne", "saint etienne"),
        ("St-Étienne", "saint etienne"),
        ("Ste-Marie", "sainte marie"),
        ("L'Haÿ-les-Roses", "l hay les roses"),
        ("Œting", "oeting"),
        ("  Cesson-Sévigné ", "cesson sevigne"),
    ],
)
def test_normalise_name(text, key):
    assert normalise_name(text) == key


def test_cesson_sevigne_found():
    assert search("cesson sevigne")[0].code == "35051"
