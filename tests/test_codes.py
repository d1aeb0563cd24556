"""Code normalisation: lost zeros, Corsica, overseas, IRIS placeholders, column-name case."""

from __future__ import annotations

import io
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from territorial_health_plugin.core import codes
from territorial_health_plugin.core.reference import load_reference
from territorial_health_plugin.toolbelt.errors import InvalidInputError

PACKAGE = Path(__file__).resolve().parent.parent / "territorial_health_plugin"

# Commune indicator file as INSEE publishes it, and as a spreadsheet saves it again.
INDIC_CSV = """codgeo;libgeo;nb_med_gen
01001;L'Abergement-Clémenciat;1
01004;Ambérieu-en-Bugey;14
09122;Foix;
2A004;Ajaccio;97
"""
INDIC_SPREADSHEET_CSV = """codgeo;libgeo;nb_med_gen
1001;L'Abergement-Clémenciat;1
1004;Ambérieu-en-Bugey;14
9122;Foix;
2A004;Ajaccio;97
"""
EXPECTED_COMMUNES = ["01001", "01004", "09122", "2A004"]


# --- Leading zeros lost by spreadsheets ---------------------------------------------------------------------------


def test_commune_codes_read_as_text_unchanged():
    frame = pd.read_csv(io.StringIO(INDIC_CSV), sep=";", dtype={"codgeo": str})
    normalised, report = codes.normalise_commune_codes(frame["codgeo"], column="codgeo")
    assert list(normalised) == EXPECTED_COMMUNES
    assert report.padded == 0
    assert report.rejected_count == 0
    assert frame["nb_med_gen"].isna().sum() == 1


def test_spreadsheet_codes_padded_and_counted():
    frame = pd.read_csv(io.StringIO(INDIC_SPREADSHEET_CSV), sep=";", dtype=str)
    normalised, report = codes.normalise_commune_codes(frame["codgeo"], column="codgeo")
    assert list(normalised) == EXPECTED_COMMUNES
    assert report.padded == 3
    assert report.total == 4


def test_padding_is_logged(caplog):
    frame = pd.read_csv(io.StringIO(INDIC_SPREADSHEET_CSV), sep=";", dtype=str)
    with caplog.at_level("INFO", logger="territorial_health_plugin.core.codes"):
        codes.normalise_commune_codes(frame["codgeo"], column="codgeo")
    assert any("3" in record.getMessage() and "codgeo" in record.getMessage() for record in caplog.records)


def test_float_codes_from_nan_column_repaired():
    # A bare read_csv turns the column into floats as soon as one cell is empty.
    frame = pd.read_csv(io.StringIO("codgeo;x\n1001;1\n;2\n59350;3\n"), sep=";")
    assert frame["codgeo"].dtype == np.float64
    normalised, report = codes.normalise_commune_codes(frame["codgeo"])
    assert list(normalised[[0, 2]]) == ["01001", "59350"]
    assert pd.isna(normalised[1])
    assert report.float_repaired == 2
    assert report.padded == 1
    assert report.rejected == {"": 1}


def test_padding_off_rejects_short_codes():
    normalised, report = codes.normalise_commune_codes(pd.Series(["1001", "59350"]), pad_numeric=False)
    assert pd.isna(normalised[0])
    assert normalised[1] == "59350"
    assert report.padded == 0
    assert report.invalid_examples == ["1001"]


def test_join_rate_with_reference_is_complete():
    frame = pd.read_csv(io.StringIO(INDIC_SPREADSHEET_CSV), sep=";", dtype=str)
    normalised, _ = codes.normalise_commune_codes(frame["codgeo"])
    reference = load_reference()
    matched = [code for code in normalised if reference.is_commune(code)]
    assert len(matched) == 4


def test_normalised_series_is_text():
    normalised, _ = codes.normalise_commune_codes(pd.Series([1001, 59350]))
    assert str(normalised.dtype) == "string"


# --- Corsica 2A/2B ---------------------------------------------------------------------------------


def test_corsican_codes_kept():
    normalised, report = codes.normalise_commune_codes(pd.Series(["2A004", "2b033", " 2B033 "]))
    assert list(normalised) == ["2A004", "2B033", "2B033"]
    assert report.rejected_count == 0


@pytest.mark.parametrize(
    ("code", "expected"),
    [("2A004", "2A"), ("2B033", "2B"), ("01001", "01"), ("97101", "971"), ("97611", "976"), ("974110101", "974")],
)
def test_departement_of(code, expected):
    assert codes.departement_of(code) == expected


def test_departement_of_invalid_code_raises():
    with pytest.raises(InvalidInputError, match="5935"):
        codes.departement_of("5935")


def test_departement_series_overseas_three_characters():
    series = pd.Series(["59350", "2A004", "97411", None])
    result = codes.departement_series(series)
    assert list(result[:3]) == ["59", "2A", "974"]
    assert pd.isna(result[3])


def test_departement_filter_list_normalised():
    normalised, report = codes.normalise_departement_codes(pd.Series(["2A", "2B", "971", "01", "1"]))
    assert list(normalised) == ["2A", "2B", "971", "01", "01"]
    assert report.padded == 1


def test_departement_20_reported_unknown():
    normalised, report = codes.normalise_departement_codes(pd.Series(["2A", "20"]), column="dep")
    assert normalised[0] == "2A"
    assert pd.isna(normalised[1])
    assert report.rejected == {"20": 1}
    assert report.invalid_examples == ["20"]


def test_postcode_20000_is_not_a_departement():
    assert not codes.is_departement_code("20")
    assert codes.is_departement_code("2A")


def test_sort_puts_corsica_between_19_and_21():
    shuffled = ["971", "21", "2B", "01", "19", "2A", "95", "976"]
    assert sorted(shuffled, key=codes.sort_key_departement) == ["01", "19", "2A", "2B", "21", "95", "971", "976"]


def test_sort_communes_puts_corsica_between_19_and_21():
    shuffled = ["21001", "2B033", "19001", "2A004"]
    assert sorted(shuffled, key=codes.sort_key_departement) == ["19001", "2A004", "2B033", "21001"]


def test_corse_du_sud_departement_has_only_2a_codes():
    reference = load_reference()
    communes = reference.current[reference.current["code_departement"] == "2A"]
    assert len(communes) == 124
    assert communes["code_commune"].str.startswith("2A").all()


def test_no_integer_cast_of_codes_in_package():
    # A cast such as int(code_commune) or ["code_departement"].astype(int) breaks on 2A/2B.
    geographic = r"(code_?(commune|iris|departement|dep|region|reg|com)|codgeo|departement|insee_com|dep)"
    patterns = [
        re.compile(r"\bint\(\s*[\w.]*" + geographic + r"\b", re.IGNORECASE),
        re.compile(geographic + r"[\"']\]\s*\.astype\(\s*(int|float|\"int)", re.IGNORECASE),
        re.compile(r"\bint\(\s*\w+\[[\"']" + geographic, re.IGNORECASE),
    ]
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if any(pattern.search(line) for pattern in patterns):
                offenders.append(f"{path.relative_to(PACKAGE)}:{number}: {line.strip()}")
    assert offenders == []


# --- IRIS codes ------------------------------------------------------------------------------------


def test_iris_codes_with_placeholder_rejected():
    indicator = pd.Series(["601750000", "600570101", "ZZZZZZZZZ"])
    normalised, report = codes.normalise_iris_codes(indicator, column="IRIS")
    assert list(normalised[:2]) == ["601750000", "600570101"]
    assert pd.isna(normalised[2])
    assert report.rejected == {"ZZZZZZZZZ": 1}
    assert report.placeholders == 1


def test_iris_codes_repaired_from_spreadsheet():
    normalised, report = codes.normalise_iris_codes(pd.Series([10010000.0, "10040101", "2A0040101"]))
    assert list(normalised) == ["010010000", "010040101", "2A0040101"]
    assert report.padded == 2


@pytest.mark.parametrize("code", ["601750000", "2A0040000", "2B0330000", "976110000"])
def test_whole_commune_iris_recognised(code):
    assert codes.is_whole_commune_iris(code)


@pytest.mark.parametrize("code", ["600570101", "ZZZZZZZZZ", "60175000", 601750000])
def test_split_or_invalid_iris_not_whole_commune(code):
    assert not codes.is_whole_commune_iris(code)


def test_whole_commune_iris_maps_to_commune():
    assert codes.commune_of_iris("601750000") == "60175"
    assert codes.whole_commune_iris("60175") == "601750000"
    assert codes.commune_of_iris("2A0040101") == "2A004"


def test_commune_of_invalid_iris_raises():
    with pytest.raises(InvalidInputError, match="ZZZZZZZZZ"):
        codes.commune_of_iris("ZZZZZZZZZ")


def test_iris_join_keeps_whole_communes():
    geometry = pd.Series(["601750000", "600570101", "600570102"])
    indicator = pd.Series(["601750000", "600570101", "ZZZZZZZZZ"])
    geometry_codes, _ = codes.normalise_iris_codes(geometry)
    indicator_codes, report = codes.normalise_iris_codes(indicator)
    matched = set(geometry_codes) & set(indicator_codes.dropna())
    assert matched == {"601750000", "600570101"}
    assert set(geometry_codes) - matched == {"600570102"}
    assert report.rejected_count == 1


# --- Placeholders ---------------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["ZZZZZ", "976ZZ", "", "nan", None, np.nan])
def test_commune_placeholders_rejected(value):
    normalised, report = codes.normalise_commune_codes(pd.Series([value, "59350"], dtype=object))
    assert pd.isna(normalised[0])
    assert report.placeholders == 1
    assert report.invalid == 0


def test_invalid_codes_listed_as_examples():
    normalised, report = codes.normalise_commune_codes(pd.Series(["Lille", "593500", "59350"]))
    assert normalised.isna().sum() == 2
    assert report.invalid_examples == ["Lille", "593500"]


def test_report_summary_in_french(french_translator):
    _, report = codes.normalise_commune_codes(pd.Series(["1001", "ZZZZZ"]), column="codgeo")
    summary = report.summary()
    assert "Colonne « codgeo »" in summary
    assert "1 complétés" in summary


# --- Column names change case between COG editions --------------------------------------------


@pytest.mark.parametrize(
    ("columns", "expected"),
    [
        (["COM", "LIBELLE"], "COM"),
        (["com", "libelle"], "com"),
        (["\ufeffCom", "libelle"], "\ufeffCom"),
        ([" CODGEO ", "P20_POP"], " CODGEO "),
    ],
)
def test_find_column_ignores_case(columns, expected):
    assert codes.find_column(columns, "com", "codgeo") == expected


def test_find_column_missing_returns_none():
    assert codes.find_column(["DEP", "REG"], "COM") is None
