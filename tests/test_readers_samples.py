"""Readers on the real files embedded in resources/sample (Filosofi 2019 IRIS, DREES APL)."""

from __future__ import annotations

import math

import pytest

from territorial_health_plugin.core.sources import drees, insee
from territorial_health_plugin.toolbelt.errors import DataFormatError
from territorial_health_plugin.toolbelt.resources import resource_path

FILOSOFI = resource_path("sample", "BASE_TD_FILO_DISP_IRIS_2019_extrait_MEL.xlsx")
APL = resource_path("sample", "apl_generalistes_extrait_nord.xlsx")


@pytest.fixture(scope="module")
def filosofi():
    return insee.read_filosofi_iris(FILOSOFI)


@pytest.fixture(scope="module")
def apl():
    return drees.read_apl(APL)


def test_filosofi_rows_and_key(filosofi):
    assert len(filosofi.frame) == 394
    assert filosofi.key_column == "code_iris"
    assert filosofi.frame["code_iris"].str.len().eq(9).all()
    assert filosofi.rejected_codes == []


def test_filosofi_vintage_and_geography(filosofi):
    assert filosofi.vintage == "2019"
    assert filosofi.geography_year == "2020"
    assert filosofi.level == "iris"
    assert filosofi.producer.startswith("INSEE")


def test_filosofi_values_match_file(filosofi):
    frame = filosofi.frame.set_index("code_iris")
    assert frame.loc["590090101", "DISP_MED"] == 26230
    assert frame.loc["590090103", "DISP_TP60"] == pytest.approx(24.4)
    assert frame.loc["596500605", "DISP_TP60"] == pytest.approx(36.5)
    assert math.isnan(frame.loc["590090101", "DISP_TP60"])


def test_filosofi_hidden_counted_not_zero(filosofi):
    assert filosofi.hidden_counts["DISP_TP60"] == 94
    assert filosofi.frame["DISP_TP60"].isna().sum() == 94
    assert (filosofi.frame["DISP_TP60"] == 0).sum() == 0


def test_filosofi_columns_float64(filosofi):
    for column in filosofi.value_columns:
        assert str(filosofi.frame[column].dtype) == "float64", column


def test_filosofi_in_zip_same_frame(tmp_path, filosofi):
    import zipfile

    archive = tmp_path / "BASE_TD_FILO_DISP_IRIS_2019.zip"
    with zipfile.ZipFile(archive, "w") as handle:
        handle.write(FILOSOFI, "BASE_TD_FILO_DISP_IRIS_2019.XLSX")
    table = insee.read_filosofi_iris(archive)
    assert table.frame.equals(filosofi.frame)
    assert table.geography_year == "2020"


def test_filosofi_required_column_missing(tmp_path):
    with pytest.raises(DataFormatError) as caught:
        insee.read_filosofi_iris(FILOSOFI, required=("DISP_MEDIANE",))
    message = caught.value.message
    assert "DISP_MEDIANE" in message
    assert "2019" in message
    assert "DISP_MED19" in message


def test_apl_latest_sheet(apl):
    assert apl.vintage == "2023"
    assert apl.geography_year == "2023"
    assert len(apl.frame) == 648
    assert apl.frame["code_commune"].iloc[0] == "59001"


def test_apl_values_match_file(apl):
    frame = apl.frame.set_index("code_commune")
    assert frame.loc["59001", "APL"] == pytest.approx(3.107)
    assert frame.loc["59670", "APL"] == pytest.approx(2.996)
    assert frame.loc["59001", "POP_STD"] == pytest.approx(454.217)


def test_apl_units_row_dropped(apl):
    assert apl.rejected_codes == []
    assert apl.hidden_counts["APL"] == 0


def test_apl_chosen_vintage():
    table = drees.read_apl(APL, vintage="2022")
    assert table.vintage == "2022"
    assert table.frame.set_index("code_commune").loc["59001", "APL"] == pytest.approx(3.377)


def test_apl_missing_vintage_lists_years():
    with pytest.raises(DataFormatError, match="2022, 2023"):
        drees.read_apl(APL, vintage="2019")
