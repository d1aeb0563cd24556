"""IRIS codes across vintages: communes merged since one input's IRIS geography.

The codes are real COG codes of the embedded reference. Amfroipret (59006) and Bermeries (59070)
merged into L'Orée de Mormal (59006) on 1 January 2025, and both were single-IRIS communes.
Annecy-le-Vieux (74011) merged into Annecy (74010) on 1 January 2017, and Annecy is split into
IRIS. The IRIS numbers of Annecy are invented on those commune codes.
"""

from __future__ import annotations

import pandas as pd
import pytest

from territorial_health_plugin.core import assembly, harmonise, joins
from territorial_health_plugin.core.readers import SourceTable
from territorial_health_plugin.core.territory import resolve

OLD_MORMAL = {"590060000", "590700000"}
NEW_MORMAL = {"590060000"}


def test_single_iris_commune_mapped():
    result = harmonise.harmonise_iris_codes({"contours": NEW_MORMAL, "filosofi": OLD_MORMAL})

    assert result.mapping == {"590700000": "590060000"}
    assert result.causes == {}
    assert "L'Orée de Mormal" in result.lines[0]
    assert "590700000" in result.lines[0]


def test_same_vintage_inputs_unchanged():
    result = harmonise.harmonise_iris_codes({"contours": OLD_MORMAL, "filosofi": OLD_MORMAL, "census": set()})

    assert result.mapping == {}
    assert result.lines == []


def test_renumbered_iris_get_cause():
    contours = {"740100101", "740100102", "740100201"}
    old_table = {"740110101", "740110102", "740100101"}
    result = harmonise.harmonise_iris_codes({"contours": contours, "filosofi": old_table})

    assert result.mapping == {}
    assert set(result.causes) == {"740110101", "740110102"}
    assert result.causes["740110101"] in ("Annecy-le-Vieux (IRIS of a commune merged into 74010 Annecy)",
                                          "Annecy-le-Vieux (IRIS d’une commune fusionnée en 74010 Annecy)")
    assert "740110102" in result.lines[0]


def test_merged_rows_sum_counts():
    frame = pd.DataFrame({"code_iris": ["590060000", "590700000", "593500101"], "POP": [250.0, 369.0, 2000.0],
                          "DISP_MED": [21000.0, 22000.0, 19000.0]})
    merged = harmonise.merge_iris_rows(frame, {"590700000": "590060000"}, ["POP"]).set_index("code_iris")

    assert len(merged) == 2
    assert merged.at["590060000", "POP"] == 619.0
    assert pd.isna(merged.at["590060000", "DISP_MED"])
    assert merged.at["593500101", "DISP_MED"] == 19000.0


def iris_gpkg(path, codes: list[str]):
    """A GeoPackage of adjacent 1 m squares with a text ``code_iris`` field, as GDAL writes it."""
    from osgeo import ogr, osr
    from qgis.core import QgsVectorLayer

    reference = osr.SpatialReference()
    reference.ImportFromEPSG(2154)
    dataset = ogr.GetDriverByName("GPKG").CreateDataSource(str(path))
    layer = dataset.CreateLayer("iris", reference, ogr.wkbPolygon)
    layer.CreateField(ogr.FieldDefn("code_iris", ogr.OFTString))
    layer.CreateField(ogr.FieldDefn("nom_iris", ogr.OFTString))
    for index, code in enumerate(codes):
        feature = ogr.Feature(layer.GetLayerDefn())
        feature.SetField("code_iris", code)
        feature.SetField("nom_iris", f"IRIS {code}")
        feature.SetGeometry(ogr.CreateGeometryFromWkt(
            f"POLYGON(({index} 0,{index + 1} 0,{index + 1} 1,{index} 1,{index} 0))"))
        layer.CreateFeature(feature)
    dataset = None
    return QgsVectorLayer(f"{path}|layername=iris", "iris", "ogr")


def commune_contours(codes: list[str]) -> joins.GeometryTable:
    from qgis.core import QgsCoordinateReferenceSystem, QgsGeometry

    geometries = {code: QgsGeometry.fromWkt(f"POLYGON(({i} 0,{i + 2} 0,{i + 2} 1,{i} 1,{i} 0))")
                  for i, code in enumerate(codes)}
    frame = pd.DataFrame({"code_commune": codes, "name": codes})
    return joins.GeometryTable("code_commune", frame, geometries, QgsCoordinateReferenceSystem("EPSG:2154"))


def census(codes: list[str], population: list[float]) -> SourceTable:
    frame = pd.DataFrame({"code_iris": codes, "POP": population, "DISP_MED": [20000.0] * len(codes)})
    return SourceTable(source_id="insee_rp_population", level="iris", frame=frame)


def test_old_contours_merged(qgis_app, tmp_path):
    territory = resolve("commune:59006")
    inputs = assembly.Inputs(layers={"iris": iris_gpkg(tmp_path / "iris.gpkg", ["590700000", "590060000"])})
    tables = [census(["590060000"], [619.0])]
    iris, completion = assembly.iris_geometries(inputs, territory, commune_contours(["59006"]), tables, ["POP"])
    row = iris.frame.set_index("code_iris").loc["590060000"]

    assert list(iris.frame["code_iris"]) == ["590060000"]
    assert row["code_commune"] == "59006"
    assert row["name"] == "L'Orée de Mormal"
    assert iris.geometries.extra["590060000"].area() == pytest.approx(2.0)
    assert inputs.iris_harmonisation.mapping == {"590700000": "590060000"}
    assert completion.from_commune == []
    assert list(tables[0].frame["POP"]) == [619.0]


def test_merged_contour_written(qgis_app, tmp_path):
    from qgis.core import QgsVectorLayer

    from territorial_health_plugin.core import geopackage

    territory = resolve("commune:59006")
    inputs = assembly.Inputs(layers={"iris": iris_gpkg(tmp_path / "iris.gpkg", ["590700000", "590060000"])})
    iris, _ = assembly.iris_geometries(inputs, territory, commune_contours(["59006"]),
                                       [census(["590060000"], [619.0])], ["POP"])
    target = tmp_path / "diagnostic.gpkg"
    frame = iris.frame[["code_iris", "name", "code_commune"]]
    geopackage.write_geopackage(target, [geopackage.LayerSpec("iris", frame, "code_iris", iris.geometries, iris.crs)],
                                iris.crs)
    written = QgsVectorLayer(f"{target}|layername=iris", "iris", "ogr")
    features = list(written.getFeatures())

    assert [feature["code_iris"] for feature in features] == ["590060000"]
    assert features[0].geometry().area() == pytest.approx(2.0)
    assert written.extent().width() == pytest.approx(2.0)


def test_old_table_summed(qgis_app, tmp_path):
    territory = resolve("commune:59006")
    inputs = assembly.Inputs(layers={"iris": iris_gpkg(tmp_path / "iris.gpkg", ["590060000"])})
    tables = [census(["590060000", "590700000"], [250.0, 369.0])]
    iris, _ = assembly.iris_geometries(inputs, territory, commune_contours(["59006"]), tables, ["POP"])
    frame = tables[0].frame.set_index("code_iris")

    assert list(iris.frame["code_iris"]) == ["590060000"]
    assert list(frame.index) == ["590060000"]
    assert frame.at["590060000", "POP"] == 619.0
    assert pd.isna(frame.at["590060000", "DISP_MED"])


def test_join_report_names_cause(qgis_app, tmp_path):
    territory = resolve("commune:74010")
    inputs = assembly.Inputs(layers={"iris": iris_gpkg(tmp_path / "iris.gpkg", ["740100101", "740100201"])})
    table = census(["740100101", "740110101"], [3000.0, 2500.0])
    iris, _ = assembly.iris_geometries(inputs, territory, commune_contours(["74010"]), [table], ["POP"])
    report = assembly._table_report(table, iris, commune_contours(["74010"]), territory,
                                    inputs.iris_harmonisation.causes)
    unmatched = dict(report.unmatched_data)

    assert set(unmatched) == {"740110101"}
    assert unmatched["740110101"].startswith("Annecy-le-Vieux (")
    assert "74010 Annecy" in unmatched["740110101"]
    assert "IRIS d’une commune fusionnée en" in unmatched["740110101"] or "merged into" in unmatched["740110101"]
    assert report.matched == 1
    assert [code for code, _ in report.unmatched_geometry] == ["740100201"]


def test_territory_warned_of_renumbered_iris(qgis_app, tmp_path):
    territory = resolve("commune:74010")
    inputs = assembly.Inputs(layers={"iris": iris_gpkg(tmp_path / "iris.gpkg", ["740100101", "740100201"])})
    table = census(["740100101", "740110101"], [3000.0, 2500.0])
    communes = commune_contours(["74010"])
    iris, completion = assembly.iris_geometries(inputs, territory, communes, [table], ["POP"])
    built = assembly.compute([], [table], iris, communes, territory, completion, [],
                             iris_harmonisation=inputs.iris_harmonisation)
    harmonisation = next(report for report in built.reports if report.name == "harmonisation COG")

    assert any("740110101" in warning for warning in built.warnings)
    assert any("740110101" in note for note in harmonisation.notes)
