"""INSEE sources: census IRIS bases in their zip layout, Filosofi CSV vintages, Melodi answers."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from territorial_health_plugin.core.sources import insee
from territorial_health_plugin.toolbelt.errors import DataFormatError
from territorial_health_plugin.toolbelt.resources import resource_path

DATA = Path(__file__).parent / "data" / "readers"
POPULATION_ZIP = resource_path("sample", "base-ic-evol-struct-pop-2021_csv.zip")

FILOSOFI_ROWS = (
    "593500101;17,6;26 860;1,7;0\r\n"
    "593500102;s;nd;so;0\r\n"
    "593500103;;19 870,5;2,2;1\r\n"
)


def filosofi_csv(year: str) -> str:
    """Return a Filosofi IRIS CSV whose column names end with ``year`` (two digits)."""
    header = f"IRIS;DISP_TP60{year};DISP_MED{year};DISP_PPMINI{year};DISP_NOTE{year}\r\n"
    return header + FILOSOFI_ROWS


FILOSOFI_2021_CSV = filosofi_csv("21")


def write_zip(path: Path, members: dict) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return path


def test_census_zip_upper_case_member():
    table = insee.read_census_iris(POPULATION_ZIP, "insee_rp_population", ("POP", "POP75P", "C_POP15P_CS6"))
    assert table.vintage == "2021"
    assert table.geography_year == "2023"
    assert len(table.frame) == 516
    assert table.file.endswith("base-ic-evol-struct-pop-2021.CSV")
    assert list(table.frame.columns) == ["code_iris", "POP", "POP75P", "C_POP15P_CS6"]


def test_census_sums_hold_in_sample():
    table = insee.read_census_iris(POPULATION_ZIP, "insee_rp_population", ("POP", "POPH", "POPF"))
    difference = (table.frame["POPH"] + table.frame["POPF"] - table.frame["POP"]).abs().max()
    assert difference < 1e-6


def test_census_meta_member_skipped(tmp_path):
    archive = write_zip(
        tmp_path / "base-ic-logement-2021_csv.zip",
        {"meta_base-ic-logement-2021.CSV": "COD_VAR;LIB_VAR\nP21_RP;x\n",
         "base-ic-logement-2021.csv": "IRIS;COM;P21_RP\n593500101;59350;812.5\n"},
    )
    table = insee.read_census_iris(archive, "insee_rp_logement", ("RP",))
    assert table.frame["RP"].tolist() == [812.5]


def test_corrupt_zip_names_file(tmp_path):
    broken = tmp_path / "base-ic-logement-2021_csv.zip"
    broken.write_bytes(POPULATION_ZIP.read_bytes()[:400])
    with pytest.raises(DataFormatError) as caught:
        insee.read_census_iris(broken, "insee_rp_logement", ("RP",))
    assert "base-ic-logement-2021_csv.zip" in caught.value.message


def test_zip_without_expected_member(tmp_path):
    archive = write_zip(tmp_path / "x.zip", {"autre.csv": "a;b\n"})
    with pytest.raises(DataFormatError, match="autre.csv"):
        insee.read_census_iris(archive, "insee_rp_logement", ("RP",))


@pytest.mark.parametrize(
    ("archive_name", "member", "year"),
    [
        ("BASE_TD_FILO_IRIS_2021_DISP_CSV.zip", "BASE_TD_FILO_IRIS_2021_DISP.csv", "2021"),
        ("BASE_TD_FILO_DISP_IRIS_2020_CSV.zip", "BASE_TD_FILO_DISP_IRIS_2020.CSV", "2020"),
    ],
)
def test_filosofi_csv_name_orders(tmp_path, archive_name, member, year):
    text = filosofi_csv(year[2:])
    archive = write_zip(tmp_path / archive_name, {member: text, f"meta_{member}": "VAR;LIB\n"})
    table = insee.read_filosofi_iris(archive)
    frame = table.frame.set_index("code_iris")
    assert frame.loc["593500101", "DISP_MED"] == 26860
    assert frame.loc["593500101", "DISP_TP60"] == pytest.approx(17.6)
    assert frame.loc["593500103", "DISP_MED"] == pytest.approx(19870.5)
    assert table.vintage == year


def test_filosofi_hidden_markers_counted(tmp_path):
    members = {"BASE_TD_FILO_IRIS_2021_DISP.csv": FILOSOFI_2021_CSV}
    archive = write_zip(tmp_path / "BASE_TD_FILO_IRIS_2021_DISP_CSV.zip", members)
    table = insee.read_filosofi_iris(archive)
    assert table.hidden_counts["DISP_TP60"] == 2
    assert table.hidden_counts["DISP_MED"] == 1
    assert table.hidden_counts["DISP_PPMINI"] == 1
    assert table.frame["DISP_MED"].isna().sum() == 1


def test_filosofi_cp1252_csv(tmp_path):
    text = "IRIS;LIBIRIS;DISP_MED21\r\n593500101;Fives Église;26 860\r\n"
    path = tmp_path / "BASE_TD_FILO_IRIS_2021_DISP.csv"
    path.write_bytes(text.encode("cp1252"))
    table = insee.read_filosofi_iris(path)
    assert table.encoding == "cp1252"
    assert table.frame["DISP_MED"].tolist() == [26860.0]


def test_melodi_departement_value():
    document = json.loads((DATA / "melodi_popref_dep69.json").read_text(encoding="utf-8"))
    frame = insee.parse_melodi(document, "POPREF_MEASURE")
    row = frame.iloc[0]
    assert (row["geo_year"], row["geo_level"], row["geo_code"]) == ("2025", "DEP", "69")
    assert row["measure"] == "PMUN"
    assert row["value"] == 1914667.0
    assert row["time_period"] == "2023"


def test_melodi_communes_of_epci():
    document = json.loads((DATA / "melodi_popref_epci_communes.json").read_text(encoding="utf-8"))
    frame = insee.melodi_reference_values(document)
    assert set(frame["geo_level"]) == {"COM"}
    assert frame["geo_code"].str.len().eq(5).all()
    assert set(frame["measure"]) >= {"PMUN"}
    assert len(frame) == len(frame.drop_duplicates(["geo_code", "measure"]))


def test_melodi_filosofi_shape():
    document = {
        "identifier": "DS_FILOSOFI_CC",
        "observations": [
            {"dimensions": {"GEO": "2025-DEP-59", "TIME_PERIOD": "2021", "FILOSOFI_MEASURE": "MED_SL"},
             "measures": {"OBS_VALUE_NIVEAU": {"value": 21230.0}}},
            {"dimensions": {"GEO": "FRANCE-F", "TIME_PERIOD": "2021", "FILOSOFI_MEASURE": "PR_MD60"},
             "measures": {"OBS_VALUE_NIVEAU": {"value": 14.9}}},
            {"dimensions": {"GEO": "2025-COM-59350", "TIME_PERIOD": "2021", "FILOSOFI_MEASURE": "PR_MD60"},
             "measures": {}},
        ],
    }
    frame = insee.parse_melodi(document)
    assert frame.loc[0, ["geo_level", "geo_code", "measure", "value"]].tolist() == ["DEP", "59", "MED_SL", 21230.0]
    assert frame.loc[1, ["geo_level", "geo_code", "measure"]].tolist() == ["FRANCE", "F", "PR_MD60"]
    assert frame["value"].isna().tolist() == [False, False, True]


def test_melodi_error_response_rejected():
    with pytest.raises(DataFormatError, match="observations"):
        insee.parse_melodi({"message": "Le jeu de données DS_NEXISTEPAS n'existe pas"})


def test_census_xlsx_zip_title_rows(tmp_path):
    import io

    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "IRIS"
    sheet.append(["Recensement de la population 2021 - Logement - IRIS"])
    sheet.append(["Mise en ligne le 27/06/2024       Géographie au 01/01/2023"])
    sheet.append([])
    sheet.append(["IRIS", "Région", "Commune", "Libellé de l'IRIS", "Résidences principales en 2021 (princ)"])
    sheet.append(["IRIS", "REG", "COM", "LIBIRIS", "P21_RP"])
    sheet.append(["593500101", "32", "59350", "Vauban 1", 812.5])
    buffer = io.BytesIO()
    workbook.save(buffer)
    archive = write_zip(tmp_path / "base-ic-logement-2021_xlsx.zip", {"base-ic-logement-2021.xlsx": buffer.getvalue()})
    table = insee.read_census_iris(archive, "insee_rp_logement", ("RP",))
    assert table.frame["code_iris"].tolist() == ["593500101"]
    assert table.frame["RP"].tolist() == [812.5]
    assert table.vintage == "2021"
    assert table.file.endswith("[IRIS]")
