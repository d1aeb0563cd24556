"""French text of the diagnostic: number formats, comparisons and sentences written from numbers."""

from __future__ import annotations

import datetime
from types import SimpleNamespace

import pandas as pd
import pytest

from territorial_health_plugin.core.report.context import ReferenceValue, reference_values_of
from territorial_health_plugin.core.report.formatting import (
    format_count,
    format_date,
    format_difference,
    format_number,
    format_value,
)
from territorial_health_plugin.core.report.narrative import (
    compare,
    comparison_sentence,
    key_findings,
    spread_sentence,
)

NBSP = "\u00a0"
NNBSP = "\u202f"

POVERTY = SimpleNamespace(id="tx_pauvrete", label="Taux de pauvreté", unit="%", decimals=1,
                          polarity="higher_is_worse")
ELDERLY = SimpleNamespace(id="part_75p", label="Part des 75 ans ou plus", unit="%", decimals=1,
                          polarity="higher_is_worse")
APL = SimpleNamespace(id="apl_mg", label="APL aux médecins généralistes", unit="consultations/hab.", decimals=1,
                      polarity="higher_is_better")
UNKNOWN_HEAD = SimpleNamespace(id="nb_msp", label="Maisons de santé", unit="nombre", decimals=0, polarity="neutral")


def references(territory, departement, region, france):
    return {
        "territoire": ReferenceValue("territoire", "MEL", territory),
        "departement": ReferenceValue("departement", "Nord", departement),
        "region": ReferenceValue("region", "Hauts-de-France", region),
        "france": ReferenceValue("france", "France", france),
    }


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [
        (18.25, 1, "18,2"),
        (1179421, 0, f"1{NNBSP}179{NNBSP}421"),
        (21450.4, 0, f"21{NNBSP}450"),
        (-0.01, 1, "0,0"),
        (-3.5, 1, "-3,5"),
        (None, 1, "n.d."),
        (float("nan"), 1, "n.d."),
    ],
)
def test_format_number_french(value, decimals, expected):
    assert format_number(value, decimals) == expected


def test_format_value_units():
    assert format_value(18.3, "%", 1) == f"18,3{NBSP}%"
    assert format_value(21450, "€", 0) == f"21{NNBSP}450{NBSP}€"
    assert format_value(None, "%", 1) == "n.d."


def test_format_difference_points():
    assert format_difference(3.72, "%", 1) == f"+3,7{NBSP}pt"
    assert format_difference(-1200, "€", 0) == f"-1{NNBSP}200{NBSP}€"


def test_format_count_and_date():
    assert format_count(95) == "95"
    assert format_date(datetime.date(2026, 12, 1)) == "1er décembre 2026"
    assert format_date(datetime.date(2026, 3, 14)) == "14 mars 2026"


@pytest.mark.parametrize(
    ("value", "reference", "polarity", "expected"),
    [
        (18.3, 14.6, "higher_is_worse", ("higher", "worse")),
        (12.0, 14.6, "higher_is_worse", ("lower", "better")),
        (2.0, 3.0, "higher_is_better", ("lower", "worse")),
        (15.0, 14.6, "higher_is_worse", ("close", "close")),
        (20.0, 10.0, "neutral", ("higher", "neutral")),
        (0.0, 0.0, "higher_is_worse", ("close", "close")),
        (None, 14.6, "higher_is_worse", ("unknown", "unknown")),
    ],
)
def test_compare_polarity_and_gap(value, reference, polarity, expected):
    assert compare(value, reference, polarity) == expected


def test_sentence_masculine_label():
    text = comparison_sentence(POVERTY, references(18.3, 19.0, 17.5, 14.6), "MEL")
    assert text.startswith("Le taux de pauvreté du territoire (18,3")
    assert "proche de celui du département (Nord : 19,0" in text
    assert "supérieur à celui de la France (14,6" in text
    assert text.endswith(".")


def test_sentence_feminine_agreement():
    text = comparison_sentence(ELDERLY, references(8.0, 9.5, 9.6, 10.0), "MEL")
    assert text.startswith("La part des 75 ans ou plus du territoire (8,0")
    assert "inférieure à celle du département" in text
    assert "inférieure à celle de la France" in text


def test_sentence_elided_article():
    text = comparison_sentence(APL, references(5.4, 4.6, None, None), "MEL")
    assert text.startswith("L'APL aux médecins généralistes du territoire (5,4")
    assert "supérieure à celle du département (Nord : 4,6" in text
    # No value for the région and France: they are not compared.
    assert "région" not in text
    assert "France" not in text


def test_sentence_unknown_gender_neutral_form():
    text = comparison_sentence(UNKNOWN_HEAD, references(12, 300, None, None), "Métropole Européenne de Lille")
    assert text.startswith("Maisons de santé : 12 pour Métropole Européenne de Lille, contre 300 (Nord)")


def test_sentence_missing_territory_value():
    text = comparison_sentence(POVERTY, {"france": ReferenceValue("france", "France", 14.6)}, "MEL")
    assert text == "Le taux de pauvreté de l'ensemble du territoire n'est pas disponible."
    text = comparison_sentence(UNKNOWN_HEAD, {}, "MEL")
    assert text == "Maisons de santé : pas de valeur pour l'ensemble du territoire (MEL)."


def test_spread_sentence_counts_hidden():
    text = spread_sentence(POVERTY, [3.1, 62.0, 17.2, 5.0, None], "IRIS", hidden=12)
    assert f"de 3,1{NBSP}% à 62,0{NBSP}%" in text
    assert f"la moitié des IRIS sous 11,1{NBSP}%" in text
    assert text.endswith(". 12 des 16 IRIS ont une valeur masquée (secret statistique).")


def test_spread_sentence_one_hidden_unit_singular():
    text = spread_sentence(POVERTY, [3.1, 62.0, 17.2], "IRIS", hidden=1)
    assert text.endswith(". 1 des 4 IRIS a une valeur masquée (secret statistique).")


def test_spread_sentence_most_values_at_minimum():
    counts = {"id": "nb_pharmacies", "label": "Pharmacies d'officine", "unit": "nombre", "decimals": 0}
    text = spread_sentence(counts, [0, 0, 0, 0, 1, 2], "communes")
    assert text == "Selon les communes, la valeur va de 0 à 2 (la moitié des communes ou plus à 0)."
    assert "sous 0" not in text


def test_spread_sentence_single_value():
    text = spread_sentence(POVERTY, [6.1], "communes")
    assert text == f"Selon les communes, la valeur est partout de 6,1{NBSP}%."


def test_spread_sentence_no_value():
    assert spread_sentence(POVERTY, [None, None], "IRIS", hidden=2).startswith("Aucune valeur n'est publiée")


def test_key_findings_largest_gap_first():
    by_id = {
        "tx_pauvrete": references(18.3, 19.0, 17.5, 14.6),  # +25 % against France, worse
        "apl_mg": references(5.4, 4.6, None, None),  # +17 % against the département, better
        "part_75p": references(8.0, 8.1, 8.2, 8.3),  # close everywhere
    }
    findings = key_findings([APL, POVERTY, ELDERLY], by_id)
    assert len(findings) == 2
    assert findings[0].startswith("Taux de pauvreté")
    assert "en France, situation moins favorable" in findings[0]
    assert "dans le département (Nord), situation plus favorable" in findings[1]


def test_reference_values_pipeline_columns():
    frame = pd.DataFrame([
        {"indicator": "tx_pauvrete", "level": "territoire", "code": "", "value": 18.3},
        {"indicator": "tx_pauvrete", "level": "departement", "code": "59", "value": 19.0},
        {"indicator": "tx_pauvrete", "level": "region", "code": "32", "value": None},
        {"indicator": "tx_pauvrete", "level": "france", "code": "FR", "value": 14.6},
        {"indicator": "apl_mg", "level": "territoire", "code": "", "value": 5.4},
    ])
    values = reference_values_of(frame, "tx_pauvrete")
    assert values["territoire"].value == pytest.approx(18.3)
    assert values["departement"].name == "Nord"
    assert values["region"].name == "Hauts-de-France"
    assert values["region"].value is None
    assert values["france"].name == "France"
    assert reference_values_of(frame, "absent") == {}


def test_values_sentence_without_comparison():
    from territorial_health_plugin.core.report.narrative import values_sentence

    young = SimpleNamespace(id="part_0_14", label="Part des moins de 15 ans", unit="%", decimals=1,
                            polarity="neutral")
    text = values_sentence([young, ELDERLY], {"part_0_14": {"territoire": ReferenceValue("territoire", "", 17.2)},
                                              "part_75p": {"territoire": ReferenceValue("territoire", "", 10.6)}})
    assert text == (f"Part des moins de 15 ans : 17,2{NBSP}% ; part des 75 ans ou plus : 10,6{NBSP}%. "
                    "Aucune valeur de comparaison n'est disponible pour ces indicateurs.")


def test_values_sentence_with_comparison():
    from territorial_health_plugin.core.report.narrative import values_sentence

    text = values_sentence([ELDERLY], {"part_75p": references(8.0, 9.5, 9.6, 10.0)})
    assert text.startswith(f"Part des 75 ans ou plus : 8,0{NBSP}%. La part des 75 ans ou plus du territoire")


def test_gap_hidden_by_rounding_is_close():
    from territorial_health_plugin.core.report.narrative import comparisons

    rounded = SimpleNamespace(id="apl_inf", label="APL aux infirmières", unit="ETP/100 000 hab.", decimals=0,
                              polarity="higher_is_better")
    items = comparisons(rounded, references(5.35, 4.54, None, None))
    assert [(item.scope, item.direction, item.judgement) for item in items] == [
        ("departement", "close", "close"), ("region", "unknown", "unknown"), ("france", "unknown", "unknown")]
