"""Joins: code repairs, COG harmonisation, arrondissements, single-IRIS communes, reports."""

from __future__ import annotations

import pandas as pd
import pytest

from territorial_health_plugin.core import joins


def geometry_frame(codes, key="code_commune"):
    return pd.DataFrame({key: codes, "name": [f"Commune {code}" for code in codes]})


def test_numeric_codes_padded():
    raw = pd.Series([1001, "1004.0", "09122", "2a004", None], dtype=object)
    codes, cleaning = joins.normalise_codes(raw, "code_commune")

    assert list(codes[:4]) == ["01001", "01004", "09122", "2A004"]
    assert codes[4] is None
    assert cleaning.padded == 2


def test_numeric_codes_join_fully():
    data = pd.DataFrame({"code_commune": ["1001", "1004", "9122", "2A004"], "nb": [1.0, 14.0, None, 97.0]})
    data["code_commune"], _ = joins.normalise_codes(data["code_commune"], "code_commune")
    merged, report = joins.join_frames("test", geometry_frame(["01001", "01004", "09122", "2A004"]), data,
                                       "code_commune")

    assert report.matched == 4
    assert report.status == "ok"
    assert merged.set_index("code_commune").at["01004", "nb"] == 14.0


def test_placeholder_iris_rejected():
    codes, cleaning = joins.normalise_codes(pd.Series(["601750000", "ZZZZZZZZZ", "600570101"]), "code_iris")

    assert list(codes) == ["601750000", None, "600570101"]
    assert cleaning.rejected == ["ZZZZZZZZZ"]


def test_unmatched_named_both_sides():
    data = pd.DataFrame({"code_commune": ["59350", "59999"], "v": [1.0, 2.0]})
    _, report = joins.join_frames("test", geometry_frame(["59350", "59009"]), data, "code_commune")

    assert report.unmatched_data == [("59999", "")]
    assert report.unmatched_geometry == [("59009", "Commune 59009")]
    rows = joins.join_report_frame([report])
    assert set(rows.loc[rows["kind"] == "non_apparie", "code"]) == {"59999", "59009"}


def test_no_match_names_code_type():
    data = pd.DataFrame({"code_commune": ["593500101", "593500102"], "v": [1.0, 2.0]})
    _, report = joins.join_frames("test", geometry_frame(["59350"]), data, "code_commune")

    assert report.status == "error"
    assert "9" in report.cause
    assert "IRIS" in report.cause


def test_no_match_names_vintage():
    data = pd.DataFrame({"code_commune": ["59298", "59355"], "v": [1.0, 2.0]})
    _, report = joins.join_frames("test", geometry_frame(["59350", "59009"]), data, "code_commune")

    assert report.status == "error"
    assert "COG" in report.cause


def test_low_match_rate_is_warning():
    data = pd.DataFrame({"code_commune": [f"59{n:03d}" for n in range(1, 11)], "v": range(10)})
    _, report = joins.join_frames("test", geometry_frame(["59001", "59002"]), data, "code_commune")

    assert report.status == "warning"
    assert report.match_rate == pytest.approx(0.2)


def test_duplicates_do_not_multiply_rows():
    data = pd.DataFrame({"code_commune": ["59350", "59350", "59009"], "v": [1.0, 9.0, 2.0]})
    merged, report = joins.join_frames("test", geometry_frame(["59350", "59009"]), data, "code_commune")

    assert len(merged) == 2
    assert merged.set_index("code_commune").at["59350", "v"] == 1.0
    assert any("59350" in note for note in report.notes)


def test_old_cog_code_harmonised():
    from territorial_health_plugin.core import harmonise

    frame = pd.DataFrame({"code_commune": ["59070", "59006"], "POP": [300.0, 700.0], "MED": [1.0, 2.0]})
    result, report = harmonise.harmonise_commune_codes(frame, "code_commune", ["POP"])
    row = result.set_index("code_commune").loc["59006"]

    assert "59070" not in set(result["code_commune"])
    assert row["POP"] == 1000.0
    assert pd.isna(row["MED"])


def test_arrondissements_summed_to_city():
    frame = pd.DataFrame({"code_commune": ["75101", "75102", "13055"], "NUM": [10.0, 30.0, 5.0],
                          "DEN": [100.0, 100.0, 50.0], "RATE": [10.0, 30.0, 10.0]})
    result, notes = joins.harmonise_communes(frame, ["NUM", "DEN"])
    paris = result.set_index("code_commune").loc["75056"]

    assert paris["NUM"] == 40.0
    assert paris["DEN"] == 200.0
    assert pd.isna(paris["RATE"])
    assert notes


def test_city_split_to_arrondissements():
    values = pd.DataFrame({"code_commune": ["75056"], "v": [4.2]})
    result, notes = joins.split_city_to_arrondissements(values, ["75101", "75102"])

    assert set(result["code_commune"]) == {"75056", "75101", "75102"}
    assert result.set_index("code_commune").at["75102", "v"] == 4.2
    assert notes


def test_single_iris_commune_completed():
    known = {"59011": ["590110101", "590110102", "590110103"]}
    completion = joins.missing_iris({"59350"}, ["59350", "59011", "59005"], known,
                                    {"59011": "Annœullin", "59005": "Allennes-les-Marais"})

    assert completion.from_commune == [("590050000", "Allennes-les-Marais")]
    assert [code for code, _ in completion.without_geometry] == ["590110101", "590110102", "590110103"]
    assert any("Annœullin" in note for note in completion.notes())


def squares_layer(codes: list[str], field: str = "code"):
    """A memory layer of adjacent squares with a text code field (test input only)."""
    from qgis.core import QgsFeature, QgsField, QgsGeometry, QgsVectorLayer
    from qgis.PyQt.QtCore import QVariant

    layer = QgsVectorLayer("Polygon?crs=EPSG:2154", "squares", "memory")
    layer.dataProvider().addAttributes([QgsField(field, QVariant.String), QgsField("nom", QVariant.String)])
    layer.updateFields()
    features = []
    for index, code in enumerate(codes):
        feature = QgsFeature(layer.fields())
        feature.setAttributes([code, f"Unité {code}"])
        feature.setGeometry(QgsGeometry.fromWkt(
            f"POLYGON(({index} 0,{index + 1} 0,{index + 1} 1,{index} 1,{index} 0))"))
        features.append(feature)
    layer.dataProvider().addFeatures(features)
    return layer


def test_arrondissement_contours_merged(qgis_app):
    table = joins.read_geometries(squares_layer(["75101", "75102", "92012"]), "code_commune")
    table = joins.harmonise_geometries(table)

    assert set(table.frame["code_commune"]) == {"75056", "92012"}
    assert table.geometries["75056"].area() == pytest.approx(2.0)
    assert any("75101" in note for note in table.notes)


def test_old_contour_code_harmonised(qgis_app):
    table = joins.harmonise_geometries(joins.read_geometries(squares_layer(["59070", "59006"]), "code_commune"))

    assert set(table.frame["code_commune"]) == {"59006"}
    assert table.geometries["59006"].area() == pytest.approx(2.0)


def test_numeric_code_field_detected(qgis_app):
    table = joins.read_geometries(squares_layer(["1001", "1004"], field="insee_com"), "code_commune")

    assert list(table.frame["code_commune"]) == ["01001", "01004"]


def test_iris_of_merged_commune_kept(qgis_app):
    from territorial_health_plugin.core import assembly
    from territorial_health_plugin.core.territory import resolve

    territory = resolve("commune:59006")
    communes = joins.harmonise_geometries(joins.read_geometries(squares_layer(["59070", "59006"]), "code_commune"))
    inputs = assembly.Inputs(layers={"iris": squares_layer(["590700000", "590060000"], field="code_iris")})
    iris, completion = assembly.iris_geometries(inputs, territory, communes, [])

    assert set(iris.frame["code_iris"]) == {"590700000", "590060000"}
    assert set(iris.frame["code_commune"]) == {"59006"}
    assert completion.from_commune == []


def test_paris_iris_cover_the_city(qgis_app):
    from territorial_health_plugin.core import assembly
    from territorial_health_plugin.core.territory import resolve

    territory = resolve("commune:75056")
    communes = joins.harmonise_geometries(joins.read_geometries(squares_layer(["75101", "75102"]), "code_commune"))
    inputs = assembly.Inputs(layers={"iris": squares_layer(["751010101", "751020201"], field="code_iris")})
    iris, completion = assembly.iris_geometries(inputs, territory, communes, [])

    assert set(iris.frame["code_commune"]) == {"75056"}
    assert completion.from_commune == []
    assert completion.without_geometry == []


def gpkg_layer(path, codes, numeric=False):
    """A GeoPackage layer of squares written by GDAL, with a text or integer code field."""
    from osgeo import ogr, osr
    from qgis.core import QgsVectorLayer

    reference = osr.SpatialReference()
    reference.ImportFromEPSG(2154)
    dataset = ogr.GetDriverByName("GPKG").CreateDataSource(str(path))
    layer = dataset.CreateLayer("contours", reference, ogr.wkbPolygon)
    layer.CreateField(ogr.FieldDefn("insee_com", ogr.OFTInteger if numeric else ogr.OFTString))
    layer.CreateField(ogr.FieldDefn("nom", ogr.OFTString))
    for index, code in enumerate(codes):
        feature = ogr.Feature(layer.GetLayerDefn())
        feature.SetField("insee_com", int(code) if numeric else code)
        feature.SetField("nom", f"Unité {code}")
        feature.SetGeometry(ogr.CreateGeometryFromWkt(
            f"POLYGON(({index} 0,{index + 1} 0,{index + 1} 1,{index} 1,{index} 0))"))
        layer.CreateFeature(feature)
    dataset = None
    return QgsVectorLayer(f"{path}|layername=contours", "contours", "ogr")


def test_geometry_keys_staged(qgis_app, tmp_path):
    from territorial_health_plugin.core.gpkg_fast import StagedGeometries

    table = joins.read_geometry_keys(gpkg_layer(tmp_path / "c.gpkg", ["1001", "59350"], numeric=True),
                                     "code_commune")

    assert isinstance(table.geometries, StagedGeometries)
    assert list(table.frame["code_commune"]) == ["01001", "59350"], "numeric codes padded as text"
    assert list(table.frame["name"]) == ["Unité 1001", "Unité 59350"]
    assert table.geometries.fids == {"01001": 1, "59350": 2}


def test_geometry_keys_fallbacks(qgis_app, tmp_path):
    memory = joins.read_geometry_keys(squares_layer(["59350", "59009"]), "code_commune")
    parts = joins.read_geometry_keys(gpkg_layer(tmp_path / "c.gpkg", ["59350", "59350", "59009"]), "code_commune")

    assert isinstance(memory.geometries, dict)
    assert set(memory.geometries) == {"59350", "59009"}
    assert isinstance(parts.geometries, dict), "a code drawn by two features needs a union"
    assert parts.geometries["59350"].area() == pytest.approx(2.0)
