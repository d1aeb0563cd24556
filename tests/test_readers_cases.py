"""Readers against the kinds of field failures: lost zeros, decimal commas, encodings,
title rows above the header, column names that change with the vintage."""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pytest

from territorial_health_plugin.core import readers
from territorial_health_plugin.core.sources import drees, insee, local
from territorial_health_plugin.toolbelt.errors import DataFormatError

DATA = Path(__file__).parent / "data" / "readers"


# --- Codes keep their leading zeros ------------------------------------------------------------


def test_codes_read_as_text():
    table = local.read_user_table(DATA / "c01_indic.csv")
    assert table.level == "commune"
    assert table.frame["code_commune"].tolist() == ["01001", "01004", "09122", "2A004"]


def test_spreadsheet_codes_repadded():
    table = local.read_user_table(DATA / "c01_indic_spreadsheet.csv")
    assert table.frame["code_commune"].tolist() == ["01001", "01004", "09122", "2A004"]
    assert table.rejected_codes == []


def test_missing_value_keeps_code_type():
    table = local.read_user_table(DATA / "c01_indic.csv", code_column="codgeo")
    frame = table.frame.set_index("code_commune")
    assert math.isnan(frame.loc["09122", "nb_med_gen"])
    assert frame.loc["2A004", "nb_med_gen"] == 97
    assert table.hidden_counts["nb_med_gen"] == 1
    assert str(table.frame["nb_med_gen"].dtype) == "float64"


def test_float_codes_from_excel_repaired():
    series = pd.Series(["1001.0", "59350", "2A004", ""])
    codes, rejected = readers.normalise_key(series, "commune", "codgeo")
    assert codes.tolist()[:3] == ["01001", "59350", "2A004"]
    assert pd.isna(codes.iloc[3])
    assert rejected == []


def test_placeholder_iris_rejected():
    series = pd.Series(["601750000", "600570101", "ZZZZZZZZZ"])
    codes, rejected = readers.normalise_key(series, "iris", "IRIS")
    assert codes.iloc[0] == "601750000"
    assert pd.isna(codes.iloc[2])
    assert rejected == ["ZZZZZZZZZ"]


# --- Decimal commas, thousands spaces, hidden markers ------------------------------------------


def test_decimal_comma_and_spaces():
    table = local.read_user_table(DATA / "c07_decimals.csv")
    frame = table.frame.set_index("code_commune")
    assert frame.loc["01004", "taux_pauvrete"] == pytest.approx(12.5)
    assert frame.loc["01053", "taux_pauvrete"] == pytest.approx(7.3)
    assert math.isnan(frame.loc["01173", "taux_pauvrete"])
    assert frame.loc["01004", "revenu_median"] == 21430
    assert frame.loc["01053", "revenu_median"] == 23120
    assert frame.loc["01173", "revenu_median"] == 19870


def test_mixed_decimals_reported():
    parsed = readers.parse_numbers(pd.Series(["12,5", "7.3", ""]))
    assert parsed.mixed_decimals is True
    assert parsed.invalid == []
    table = local.read_user_table(DATA / "c07_decimals.csv")
    assert any("taux_pauvrete" in warning for warning in table.warnings)


def test_single_decimal_style_not_flagged():
    assert readers.parse_numbers(pd.Series(["12,5", "7,3"])).mixed_decimals is False
    assert readers.parse_numbers(pd.Series(["12.5", "7.3"])).mixed_decimals is False


def test_invalid_number_reported_by_row():
    table = local.read_user_table(DATA / "c07_invalid.csv")
    assert table.invalid_values["taux_pauvrete"] == [(3, "douze")]
    assert table.hidden_counts["taux_pauvrete"] == 1
    assert any("douze" in warning and "3" in warning for warning in table.warnings)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("12,5", 12.5),
        ("7.3", 7.3),
        ("21 430", 21430),
        ("21\u00a0430,5", 21430.5),
        ("21\u202f430", 21430),
        ("1.234,5", 1234.5),
        ("1,234.5", 1234.5),
        ("-28,4", -28.4),
    ],
)
def test_parse_numbers_forms(text, expected):
    parsed = readers.parse_numbers(pd.Series([text]))
    assert parsed.values.iloc[0] == pytest.approx(expected)
    assert parsed.invalid == []


@pytest.mark.parametrize(
    "marker", ["s", "nd", "ns", "so", "NA", "", "N/A - secret statistique", "N/A - résultat non disponible"]
)
def test_hidden_markers_counted_not_zero(marker):
    parsed = readers.parse_numbers(pd.Series([marker, "3"]))
    assert math.isnan(parsed.values.iloc[0])
    assert parsed.hidden == 1
    assert parsed.invalid == []


# --- Encodings ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "encoding"),
    [("c08_cp1252.csv", "cp1252"), ("c08_utf8_bom.csv", "utf-8-sig"), ("c08_utf8.csv", "utf-8")],
)
def test_encoding_detected(name, encoding):
    raw = readers.read_delimited_text((DATA / name).read_bytes(), name)
    assert raw.encoding == encoding
    assert list(raw.frame.columns) == ["CODGEO", "LIBGEO", "nb_med_gen"]
    assert raw.frame["LIBGEO"].iloc[0] == "Cesson-Sévigné"


def test_three_encodings_same_frame():
    names = ("c08_cp1252.csv", "c08_utf8_bom.csv", "c08_utf8.csv")
    frames = [local.read_user_table(DATA / name).frame for name in names]
    assert frames[0].equals(frames[1])
    assert frames[0].equals(frames[2])
    assert frames[0]["code_commune"].tolist() == ["35051", "2B033", "59350"]


def test_html_instead_of_csv_rejected():
    with pytest.raises(DataFormatError, match="HTML"):
        readers.read_delimited_text(b"<!DOCTYPE html><html><body>Maintenance</body></html>", "base.csv")


def test_separator_sniffed():
    raw = readers.read_delimited_text(b"codgeo,valeur\n59350,1.5\n", "comma.csv")
    assert raw.separator == ","
    assert raw.frame["valeur"].tolist() == ["1.5"]


# --- Title rows above the header (XLSX) ---------------------------------------------------------


def test_title_rows_skipped():
    table = drees.read_apl(DATA / "c09_apl_title_rows.xlsx", vintage="2022")
    assert list(table.frame.columns) == ["code_commune", "APL", "POP_STD"]
    assert table.frame["code_commune"].tolist() == ["01001", "01004", "2A004"]
    assert table.frame["APL"].tolist() == [2.7, 3.9, 4.1]


def test_footers_dropped():
    table = drees.read_apl(DATA / "c09_apl_title_rows.xlsx", vintage="2022")
    assert len(table.frame) == 3
    assert table.hidden_counts["APL"] == 0


def test_header_on_other_row_same_columns():
    first = drees.read_apl(DATA / "c09_apl_title_rows.xlsx", vintage="2022")
    second = drees.read_apl(DATA / "c09_apl_title_rows.xlsx", vintage="2023")
    assert list(first.frame.columns) == list(second.frame.columns)
    assert second.vintage == "2023"
    assert second.frame["APL"].tolist() == [2.8, 3.8, 4.0]


def test_workbook_without_apl_sheet(tmp_path):
    from openpyxl import Workbook

    path = tmp_path / "other.xlsx"
    workbook = Workbook()
    workbook.active.title = "Data"
    workbook.save(path)
    with pytest.raises(DataFormatError, match="APL 2023"):
        drees.read_apl(path)


# --- Column names that change with the vintage --------------------------------------------------


def test_vintage_read_from_columns():
    first = insee.read_census_iris(DATA / "c11_base_a.csv", "insee_rp_population", ("POP", "POP65P"))
    second = insee.read_census_iris(DATA / "c11_base_b.csv", "insee_rp_population", ("POP", "POP65P"))
    assert first.vintage == "2019"
    assert second.vintage == "2020"
    assert list(first.frame.columns) == list(second.frame.columns) == ["code_iris", "POP", "POP65P"]
    assert second.frame["POP"].tolist() == [2120.5, 1790.0]


def test_geography_year_of_census():
    table = insee.read_census_iris(DATA / "c11_base_b.csv", "insee_rp_population", ("POP",))
    assert table.geography_year == "2022"


def test_missing_column_names_closest():
    with pytest.raises(DataFormatError) as caught:
        insee.read_census_iris(DATA / "c11_base_a.csv", "insee_rp_population", ("POP", "POP80P"))
    message = caught.value.message
    assert "POP80P" in message
    assert "c11_base_a.csv" in message
    assert "2019" in message
    assert "P19_POP65P" in message


def test_no_positional_renaming(tmp_path):
    # A new column inserted before the expected ones must not shift any value.
    path = tmp_path / "base.csv"
    path.write_text("IRIS;P21_NOUVELLE;P21_POP65P;P21_POP\n593500101;7;300;2000\n", encoding="utf-8")
    table = insee.read_census_iris(path, "insee_rp_population", ("POP", "POP65P"))
    assert table.frame["POP"].iloc[0] == 2000
    assert table.frame["POP65P"].iloc[0] == 300


def test_resolution_is_case_insensitive():
    rules = readers.census_rules(["POP", "C_ACT1564_CS6"])
    resolution = readers.resolve_columns(["iris", "p22_pop", "c22_act1564_cs6"], rules, ["POP"], "x.csv")
    assert resolution.mapping == {"POP": "p22_pop", "C_ACT1564_CS6": "c22_act1564_cs6"}
    assert resolution.years == {"22"}
