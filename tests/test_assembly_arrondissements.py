"""Paris, Lyon and Marseille: arrondissements aggregated to their city, or kept as a territory's units."""

from __future__ import annotations

import pandas as pd
import pytest

from territorial_health_plugin.core import assembly, indicators, joins
from territorial_health_plugin.core.readers import SourceTable
from territorial_health_plugin.core.territory import resolve
from tests.test_joins import squares_layer

POPULATION = indicators.IndicatorSpec(
    id="pop_totale", label="Population", theme="determinants_sociaux", method="sum", level="commune",
    numerator=("POP",), source_id="insee_rp_population")
APL = indicators.IndicatorSpec(
    id="apl_mg", label="APL", theme="offre_soins", method="weighted_mean", level="commune", value_column="APL",
    weight="POP_STD", source_id="drees_apl_mg")
PHARMACIES = indicators.IndicatorSpec(
    id="nb_pharmacies", label="Pharmacies", theme="offre_soins", method="sum", level="commune",
    numerator=("CAT_620",), missing_is_zero=True, source_id="finess")


def test_iris_communes_keep_member_arrondissement():
    codes = pd.Series(["751120101", "751130101", "693810101", "132010101", "590700000"])

    result = assembly.current_communes_of_iris(codes, ["75112"])

    assert list(result) == ["75112", "75056", "69123", "13055", "59006"]


def test_arrondissement_territory_members():
    assert assembly.arrondissement_members(resolve("communes:75112,75113")) == ["75112", "75113"]
    assert assembly.arrondissement_members(resolve("commune:75056")) == []


def test_tables_keep_member_arrondissement():
    frame = pd.DataFrame({"code_commune": ["75112", "75113", "75101", "92012"],
                          "POP": [140000.0, 180000.0, 16000.0, 120000.0], "APL": [3.0, 2.0, 5.0, 4.0],
                          "POP_STD": [100.0, 300.0, 100.0, 100.0]})
    tables = [SourceTable(source_id="drees_apl_mg", level="commune", frame=frame)]
    assembly.harmonise_tables(tables, [APL, POPULATION], ["75112"])
    result = tables[0].frame.set_index("code_commune")

    assert sorted(result.index) == ["75056", "75112", "92012"]
    assert result.at["75112", "APL"] == 3.0
    # Paris without the 12th: 13th and 1st summed, APL recomputed from its weight.
    assert result.at["75056", "POP"] == 196000.0
    assert result.at["75056", "APL"] == pytest.approx((2.0 * 300 + 5.0 * 100) / 400)
    assert result["POP"].sum() == frame["POP"].sum()


def test_tables_aggregate_without_members():
    frame = pd.DataFrame({"code_commune": ["75112", "75113"], "POP": [140000.0, 180000.0]})
    tables = [SourceTable(source_id="insee_rp_population", level="commune", frame=frame)]
    assembly.harmonise_tables(tables, [POPULATION])

    assert list(tables[0].frame["code_commune"]) == ["75056"]
    assert tables[0].frame["POP"].iloc[0] == 320000.0


def test_contours_keep_member_arrondissement(qgis_app):
    table = joins.read_geometries(squares_layer(["75112", "75113", "75101"]), "code_commune")
    result = joins.harmonise_geometries(table, keep_arrondissements=["75112"])

    assert sorted(result.frame["code_commune"]) == ["75056", "75112"]
    assert result.geometries["75112"].area() == pytest.approx(1.0)
    assert result.geometries["75056"].area() == pytest.approx(2.0)


def test_city_value_split_to_arrondissements():
    frame = pd.DataFrame({"code_commune": ["75056"], "APL": [3.5], "POP_STD": [2_000_000.0]})
    counts = pd.DataFrame({"code_commune": ["75056"], "CAT_620": [900.0]})
    tables = [SourceTable(source_id="drees_apl_mg", level="commune", frame=frame),
              SourceTable(source_id="finess", level="commune", frame=counts)]
    empty = pd.DataFrame({"code_iris": [], "code_commune": []})
    result = indicators.compute_indicators([APL, PHARMACIES], tables, empty, ["75112", "75113"])
    communes = result.communes.set_index("code_commune")

    assert communes.at["75112", "apl_mg"] == 3.5
    assert communes.at["75113", "apl_mg"] == 3.5
    # A count of the whole city is never given to an arrondissement, nor taken for 0.
    assert pd.isna(communes.at["75112", "nb_pharmacies"])
    assert pd.isna(communes.at["75113", "nb_pharmacies"])
    assert any("APL" in warning and "75112, 75113" in warning for warning in result.warnings)
    assert any("Pharmacies" in warning and "75112, 75113" in warning for warning in result.warnings)


def test_count_zero_beside_arrondissement_rows():
    # The table counts arrondissements: one it does not list has none.
    counts = pd.DataFrame({"code_commune": ["75112", "75056"], "CAT_620": [40.0, 860.0]})
    tables = [SourceTable(source_id="finess", level="commune", frame=counts)]
    empty = pd.DataFrame({"code_iris": [], "code_commune": []})
    result = indicators.compute_indicators([PHARMACIES], tables, empty, ["75112", "75113", "59350"])
    communes = result.communes.set_index("code_commune")

    assert communes.at["75112", "nb_pharmacies"] == 40
    assert communes.at["75113", "nb_pharmacies"] == 0
    assert communes.at["59350", "nb_pharmacies"] == 0
    assert not result.warnings


def test_partial_city_row_not_split():
    # The table publishes arrondissements: its city row sums the others and describes neither.
    frame = pd.DataFrame({"code_commune": ["75112", "75056"], "APL": [3.0, 2.5], "POP_STD": [100.0, 400.0]})
    tables = [SourceTable(source_id="drees_apl_mg", level="commune", frame=frame)]
    empty = pd.DataFrame({"code_iris": [], "code_commune": []})
    result = indicators.compute_indicators([APL], tables, empty, ["75112", "75113"])
    communes = result.communes.set_index("code_commune")

    assert communes.at["75112", "apl_mg"] == 3.0
    assert pd.isna(communes.at["75113", "apl_mg"])


def test_iris_of_arrondissement_reach_city():
    frame = pd.DataFrame({"code_iris": ["693810101", "693810102", "691230000", "751120101"], "POP": [1.0] * 4})
    listed = pd.DataFrame({"code_iris": ["751120101"], "code_commune": ["75112"]})

    result = indicators._with_commune(frame, listed)

    assert list(result["code_commune"]) == ["69123", "69123", "69123", "75112"]


def test_iris_territory_of_arrondissement(qgis_app):
    territory = resolve("commune:75112")
    communes = joins.harmonise_geometries(joins.read_geometries(squares_layer(["75112", "75113"]),
                                                                "code_commune"), keep_arrondissements=["75112"])
    inputs = assembly.Inputs(layers={"iris": squares_layer(["751120101", "751120102", "751130101"], field="code_iris")})
    iris, completion = assembly.iris_geometries(inputs, territory, communes, [])

    assert sorted(iris.frame["code_iris"]) == ["751120101", "751120102"]
    assert set(iris.frame["code_commune"]) == {"75112"}
    assert completion.from_commune == []


def test_paris_without_iris_contours_not_single_iris(qgis_app):
    # Paris is split into IRIS: without its contours it is never drawn as one IRIS 750560000.
    territory = resolve("commune:75056")
    communes = joins.harmonise_geometries(joins.read_geometries(squares_layer(["75101", "75102"]),
                                                                "code_commune"))
    inputs = assembly.Inputs(layers={"iris": squares_layer(["921200101"], field="code_iris")})
    iris, completion = assembly.iris_geometries(inputs, territory, communes, [])

    assert completion.from_commune == []
    assert [code for code, _ in completion.without_geometry] == ["75056????"]
    assert "750560000" not in set(iris.frame["code_iris"])
