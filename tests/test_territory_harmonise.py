"""Harmonisation of commune codes of past COG editions, and PLM arrondissements."""

from __future__ import annotations

import pandas as pd
import pytest

from territorial_health_plugin.core import harmonise
from territorial_health_plugin.core.reference import load_reference


@pytest.fixture(scope="module")
def reference():
    return load_reference()


def _frame(rows):
    return pd.DataFrame(rows, columns=["codgeo", "libgeo", "population", "nb_med", "revenu_median"])


def test_current_codes_untouched():
    frame = _frame([["59350", "Lille", 238246, 300, 19000.0], ["2A004", "Ajaccio", 76320, 97, 21000.0]])
    result, report = harmonise.harmonise_commune_codes(frame, "codgeo", ["population", "nb_med"])
    pd.testing.assert_frame_equal(result, frame)
    assert not report.changed


def test_associated_commune_merged_into_lille(french_translator):
    frame = _frame(
        [
            ["59350", "Lille", 200000, 250, 19000.0],
            ["59298", "Hellemmes-Lille", 18000, 20, 18000.0],
            ["59355", "Lomme", 28000, 30, 20000.0],
            ["59009", "Villeneuve-d'Ascq", 62000, 80, 21000.0],
        ]
    )
    result, report = harmonise.harmonise_commune_codes(frame, "codgeo", ["population", "nb_med"])
    result = result.set_index("codgeo")

    assert list(result.index) == ["59009", "59350"]
    assert result.at["59350", "population"] == 246000
    assert result.at["59350", "nb_med"] == 300
    assert pd.isna(result.at["59350", "revenu_median"])
    assert result.at["59009", "revenu_median"] == 21000.0
    assert report.merged["59350"] == ["59350", "59298", "59355"]
    lines = report.lines()
    assert "Code d'un COG antérieur : 59298 Hellemmes-Lille → 59350 Lille" in lines
    assert "Code d'un COG antérieur : 59355 Lomme → 59350 Lille" in lines


def test_commune_nouvelle_sums_counts():
    # Saint-Pierre-de-Lamps (36206) joined Levroux (36093) on 1 January 2019 as a commune
    # déléguée, which was removed on 3 July 2020: the last step is the date reported.
    frame = _frame([["36093", "Levroux", 2800, 3, 20000.0], ["36206", "Saint-Pierre-de-Lamps", 120, 0, 19000.0]])
    result, report = harmonise.harmonise_commune_codes(frame, "codgeo", ["population", "nb_med"], vintage=2018)
    assert list(result["codgeo"]) == ["36093"]
    assert result["population"].iloc[0] == 2920
    assert report.changes[0].text() == "36206 Saint-Pierre-de-Lamps → 36093 Levroux"
    assert report.changes[0].date == "2020-07-03"


def test_renamed_code_single_row_keeps_values():
    # Faverolles-en-Berry (36072) is now part of 36244, with no other row to merge with.
    frame = _frame([["36072", "Faverolles-en-Berry", 300, 1, 18500.0]])
    result, report = harmonise.harmonise_commune_codes(frame, "codgeo", ["population"])
    assert result["codgeo"].iloc[0] == "36244"
    assert result["revenu_median"].iloc[0] == 18500.0
    assert not report.merged


def test_missing_counts_stay_missing_when_merged():
    frame = _frame([["59350", "Lille", None, None, None], ["59298", "Hellemmes-Lille", None, 20, None]])
    result, _ = harmonise.harmonise_commune_codes(frame, "codgeo", ["population", "nb_med"])
    assert pd.isna(result["population"].iloc[0])
    assert result["nb_med"].iloc[0] == 20


def test_split_reported_not_guessed(reference, french_translator):
    # Brannay-Saint-Sérotin (89054) was split on 1 January 1976: Saint-Sérotin (89369) came back.
    frame = _frame([["89054", "Brannay-Saint-Sérotin", 900, 1, 17000.0]])
    result, report = harmonise.harmonise_commune_codes(frame, "codgeo", ["population"], vintage=1970)
    assert result["codgeo"].iloc[0] == "89054"
    assert result["population"].iloc[0] == 900
    assert len(report.splits) == 1
    assert report.splits[0].parts == ["89369"]
    assert "scindée" in report.lines()[0]


@pytest.mark.parametrize(("vintage", "reported"), [(1975, True), (1976, False), (2020, False)])
def test_split_counts_only_after_vintage(vintage, reported):
    # The COG of 1976 already shows the split of 1 January 1976.
    _, report = harmonise.map_codes(["89054"], vintage=vintage)
    assert bool(report.splits) is reported


def test_old_code_split_into_several_left_unmapped(reference):
    targets, _ = harmonise.current_codes_of("89054", reference, since="1970-01-01")
    assert targets == ["89054"]
    mapping, report = harmonise.map_codes(["89054"], reference)
    assert mapping == {}
    assert report.splits == []


def test_unknown_code_reported(french_translator):
    frame = _frame([["99999", "Nulle part", 1, 0, None]])
    result, report = harmonise.harmonise_commune_codes(frame, "codgeo", ["population"])
    assert result["codgeo"].iloc[0] == "99999"
    assert report.unknown == ["99999"]
    assert "1 codes inconnus du COG 2026 : 99999" in report.lines()


def test_changes_logged_as_warnings(caplog):
    frame = _frame([["59298", "Hellemmes-Lille", 18000, 20, None]])
    with caplog.at_level("WARNING", logger="territorial_health_plugin.core.harmonise"):
        harmonise.harmonise_commune_codes(frame, "codgeo", ["population"])
    assert any("59298" in record.getMessage() for record in caplog.records)


def test_missing_codes_kept():
    frame = _frame([[None, "?", 5, 0, None], ["59350", "Lille", 1, 0, None]])
    result, _ = harmonise.harmonise_commune_codes(frame, "codgeo", ["population"])
    assert len(result) == 2


def test_arrondissements_aggregated_to_city():
    frame = _frame(
        [
            ["75101", "Paris 1er", 15000, 10, 30000.0],
            ["75102", "Paris 2e", 20000, 15, 31000.0],
            ["69381", "Lyon 1er", 30000, 20, 25000.0],
            ["59350", "Lille", 238000, 300, 19000.0],
        ]
    )
    result, report = harmonise.aggregate_arrondissements(frame, "codgeo", ["population", "nb_med"])
    result = result.set_index("codgeo")
    assert set(result.index) == {"75056", "69123", "59350"}
    assert result.at["75056", "population"] == 35000
    assert pd.isna(result.at["75056", "revenu_median"])
    assert result.at["69123", "revenu_median"] == 25000.0
    assert report.arrondissements == 3


def test_harmonise_can_aggregate_arrondissements():
    frame = _frame([["75101", "Paris 1er", 15000, 10, None], ["75056", "Paris", 100, 1, None]])
    result, _ = harmonise.harmonise_commune_codes(frame, "codgeo", ["population"], aggregate_arrondissements=True)
    assert list(result["codgeo"]) == ["75056"]
    assert result["population"].iloc[0] == 15100
