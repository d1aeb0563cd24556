"""The diagnostic's sentences, captions and numbers in English when no French translation is loaded.

The indicator labels come from the French-only catalogue, so English sentences quote French
labels: the checks below look for French words of the templates only.
"""

from __future__ import annotations

import datetime
import os
import subprocess
import sys
from types import SimpleNamespace

import pytest
from qgis.PyQt.QtCore import QCoreApplication

from territorial_health_plugin.core.report.context import ReferenceValue
from tests.conftest import ROOT

NBSP = "\u00a0"

POVERTY = SimpleNamespace(id="tx_pauvrete", label="Taux de pauvreté", unit="%", decimals=1,
                          polarity="higher_is_worse")
ELDERLY = SimpleNamespace(id="part_75p", label="Part des 75 ans ou plus", unit="%", decimals=1,
                          polarity="higher_is_worse")
APL = SimpleNamespace(id="apl_mg", label="APL aux médecins généralistes", unit="consultations/hab.", decimals=1,
                      polarity="higher_is_better")
UNKNOWN_HEAD = SimpleNamespace(id="nb_msp", label="Maisons de santé", unit="nombre", decimals=0, polarity="neutral")

# French words of the templates (not of the catalogue labels above) that English text must not contain.
FRENCH_TEMPLATE_WORDS = (
    " du territoire", "supérieur", "inférieur", "celui", "celle", "proche", " et ", "contre", "Selon",
    "masquée", "moitié", "dans le", "Aucune", " pour ", "n.d.", "Le ", "La ", "L'",
)


def references(territory, departement, region, france):
    return {
        "territoire": ReferenceValue("territoire", "MEL", territory),
        "departement": ReferenceValue("departement", "Nord", departement),
        "region": ReferenceValue("region", "Hauts-de-France", region),
        "france": ReferenceValue("france", "France", france),
    }


@pytest.fixture
def english(french_translator):
    """Remove the French translator for one test, as when QGIS's locale is English."""
    QCoreApplication.removeTranslator(french_translator)
    yield
    QCoreApplication.installTranslator(french_translator)


def assert_english(text: str) -> None:
    for word in FRENCH_TEMPLATE_WORDS:
        assert word not in text, f"{word!r} in {text!r}"


def test_translation_language_english(english):
    from territorial_health_plugin.toolbelt.i18n import translation_language

    assert translation_language() == "en"


def test_numbers_english(english):
    from territorial_health_plugin.core.report.formatting import (
        format_date,
        format_difference,
        format_number,
        format_value,
    )

    assert format_number(1179421, 0) == "1,179,421"
    assert format_number(18.25, 1) == "18.2"
    assert format_number(-0.01, 1) == "0.0"
    assert format_number(None) == "n/a"
    assert format_value(21450.4, "€", 0) == f"21,450{NBSP}€"
    assert format_value(None, "%") == "n/a"
    assert format_difference(3.72, "%", 1) == f"+3.7{NBSP}pt"
    assert format_date(datetime.date(2026, 12, 1)) == "1 December 2026"


def test_numbers_french_by_default():
    from territorial_health_plugin.core.report.formatting import format_date, format_number, format_value

    assert format_number(1179421, 0) == "1\u202f179\u202f421"
    assert format_value(None, "%") == "n.d."
    assert format_date(datetime.date(2026, 12, 1)) == "1er décembre 2026"


def test_comparison_sentence_english(english):
    from territorial_health_plugin.core.report.narrative import comparison_sentence

    text = comparison_sentence(POVERTY, references(18.3, 19.0, 17.5, 14.6), "MEL")

    assert text == ("The taux de pauvreté of the territory (18.3\u00a0%) is close to that of the département "
                    "(Nord: 19.0\u00a0%), close to that of the région (Hauts-de-France: 17.5\u00a0%) and higher "
                    "than that of France (14.6\u00a0%).")


@pytest.mark.parametrize("indicator", [POVERTY, ELDERLY, APL])
def test_every_gender_form_english(english, indicator):
    from territorial_health_plugin.core.report.narrative import comparison_sentence

    lower = comparison_sentence(indicator, references(5.0, 9.5, None, 10.0), "MEL")
    higher = comparison_sentence(indicator, references(20.0, 9.5, None, 10.0), "MEL")
    missing = comparison_sentence(indicator, {"france": ReferenceValue("france", "France", 14.6)}, "MEL")
    alone = comparison_sentence(indicator, {"territoire": ReferenceValue("territoire", "", 5.0)}, "MEL")

    assert "is lower than that of the département (Nord: 9.5" in lower
    assert "is higher than that of the département" in higher
    assert missing.endswith("of the whole territory is not available.")
    value = "5.0\u00a0" + indicator.unit
    assert alone.endswith(f"of the territory is {value}; no comparison value is available.")
    for text in (lower, higher, missing, alone):
        assert text.startswith("The ")
        assert_english(text)


def test_no_agreement_form_english(english):
    from territorial_health_plugin.core.report.narrative import comparison_sentence

    text = comparison_sentence(UNKNOWN_HEAD, references(12, 300, None, None), "Métropole Européenne de Lille")
    empty = comparison_sentence(UNKNOWN_HEAD, {}, "MEL")

    assert text == "Maisons de santé: 12 for Métropole Européenne de Lille, against 300 (Nord)."
    assert empty == "Maisons de santé: no value for the whole territory (MEL)."


def test_spread_and_findings_english(english):
    from territorial_health_plugin.core.report.narrative import key_findings, spread_sentence, values_sentence

    spread = spread_sentence(POVERTY, [3.1, 62.0, 17.2, 5.0, None], "IRIS", hidden=12)
    nothing = spread_sentence(POVERTY, [None], "IRIS", hidden=1)
    findings = key_findings([APL, POVERTY], {"tx_pauvrete": references(18.3, 19.0, 17.5, 14.6),
                                             "apl_mg": references(5.4, 4.6, None, None)})
    values = values_sentence([ELDERLY], {"part_75p": {"territoire": ReferenceValue("territoire", "", 10.6)}})

    assert spread == ("Across the IRIS, the value ranges from 3.1\u00a0% to 62.0\u00a0% (half of the IRIS below "
                      "11.1\u00a0%). 12 of the 16 IRIS have a hidden value (statistical confidentiality).")
    assert nothing == "No value is published at the level of the territory's IRIS."
    assert findings == [
        "Taux de pauvreté: 18.3\u00a0% against 14.6\u00a0% in France, a less favourable situation.",
        "APL aux médecins généralistes: 5.4\u00a0consultations/hab. against 4.6\u00a0consultations/hab. in the "
        "département (Nord), a more favourable situation.",
    ]
    assert values == "Part des 75 ans ou plus: 10.6\u00a0%. No comparison value is available for these indicators."


def test_table_words_english(english):
    from territorial_health_plugin.core.report import tables

    assert tables.theme_label("offre_soins") == "Care and prevention supply"
    assert tables._mark("worse") == "▼ less favourable"
    assert "n/a: not available" in tables.key_figures_note()


def test_table_words_french():
    from territorial_health_plugin.core.report import tables

    assert tables.theme_label("determinants_sociaux") == "Déterminants sociaux de santé"
    assert tables.theme_label("autres") == "autres"
    assert tables._mark("better") == "▲ plus favorable"
    assert "n.d. : non disponible" in tables.key_figures_note()


def test_axis_titles_both_languages(english, french_translator):
    from territorial_health_plugin.core.report.charts import count_axis_title

    assert count_axis_title("IRIS") == "Number of IRIS"
    assert count_axis_title("communes") == "Number of communes"
    QCoreApplication.installTranslator(french_translator)
    try:
        assert count_axis_title("IRIS") == "Nombre d'IRIS"
        assert count_axis_title("communes") == "Nombre de communes"
    finally:
        QCoreApplication.removeTranslator(french_translator)


def test_histogram_svg_text_english(english, tmp_path):
    from territorial_health_plugin.core.report.charts import draw_histogram, draw_ranking

    histogram = draw_histogram(tmp_path / "h.svg", [1.5, 2.5, 12.25, None], unit="%", decimals=1,
                               unit_label="IRIS", reference=3.0, reference_label="Territory")
    empty = draw_ranking(tmp_path / "r.svg", [("Lille", None)], unit="%", decimals=1)

    text = histogram.read_text(encoding="utf-8")
    assert "Number of IRIS" in text
    assert "Territory: 3.0" in text
    assert "No published value" in empty.read_text(encoding="utf-8")


def test_histogram_svg_text_french(tmp_path):
    from territorial_health_plugin.core.report.charts import draw_histogram

    histogram = draw_histogram(tmp_path / "h.svg", [1.5, 2.5, 12.25], unit="%", decimals=1, unit_label="IRIS",
                               reference=3.0, reference_label="Territoire")

    text = histogram.read_text(encoding="utf-8")
    assert "Nombre d&apos;IRIS" in text or "Nombre d'IRIS" in text
    assert "Territoire : 3,0" in text


ENGLISH_SCRIPT = """
from types import SimpleNamespace
from territorial_health_plugin.toolbelt.qgis_app import start_headless_qgis
from territorial_health_plugin.toolbelt.i18n import install_translator
from territorial_health_plugin.core.report.context import ReferenceValue
from territorial_health_plugin.core.report.narrative import comparison_sentence

app = start_headless_qgis()
print(install_translator(gui=False))
indicator = SimpleNamespace(id="part_75p", label="Part des 75 ans ou plus", unit="%", decimals=1,
                            polarity="higher_is_worse")
print(comparison_sentence(indicator, {"territoire": ReferenceValue("territoire", "", 8.0),
                                      "france": ReferenceValue("france", "France", 10.0)}, "MEL"))
"""


def test_language_variable_gives_english_document():
    """TERRITORIAL_HEALTH_LANG=en, as QGIS in English: no translator, English sentences."""
    environment = dict(os.environ, TERRITORIAL_HEALTH_LANG="en", QT_QPA_PLATFORM="offscreen")
    completed = subprocess.run([sys.executable, "-c", ENGLISH_SCRIPT], cwd=ROOT, env=environment,
                               capture_output=True, text=True, check=False, timeout=120)

    assert completed.returncode == 0, completed.stderr[-2000:]
    lines = completed.stdout.strip().splitlines()
    assert lines[-2] == "None"
    assert lines[-1] == ("The part des 75 ans ou plus of the territory (8.0\u00a0%) is lower than that of France "
                         "(10.0\u00a0%).")


def test_methods_lines_english(english):
    from territorial_health_plugin.core.report.sources import _join_lines

    lines = _join_lines({"tables": [], "joins": [
        {"name": "user_table × communes", "match_rate": 0.774, "unmatched_data": ["59350", "59009"]}]})

    assert lines == ["Join « user_table × communes »: 77.4 % of the units matched; not matched: 59350, 59009."]


def test_methods_lines_french():
    from territorial_health_plugin.core.report.sources import _join_lines

    lines = _join_lines({"tables": [], "joins": [
        {"name": "user_table × communes", "match_rate": 0.774, "unmatched_data": ["59350", "59009"]}]})

    assert lines == ["Jointure « user_table × communes » : 77,4 % des unités appariées ; non appariés : 59350, 59009."]


def test_methods_lines_name_partial_coverage():
    from territorial_health_plugin.core.report.sources import _join_lines

    lines = _join_lines({"tables": [], "joins": [
        {"name": "user_table × iris", "match_rate": 0.9924, "geometry_rate": 0.7607},
        {"name": "other_table × iris", "match_rate": 0.99, "geometry_rate": 0.98}]})

    assert lines == ["Jointure « user_table × iris » : 99,2 % des unités appariées ; 76,1 % des unités du "
                     "territoire ont une valeur.",
                     "Jointure « other_table × iris » : 99,0 % des unités appariées."]
