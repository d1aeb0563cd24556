"""The user's own tables and layers, and the QPV contours file in its two published shapes."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from territorial_health_plugin.core.sources import local, qpv
from territorial_health_plugin.toolbelt.errors import DataFormatError, InvalidInputError

QPV_FEATURE = {
    "type": "Feature",
    "properties": {"fid": 1, "code_qp": "QN05901M", "lib_qp": "Lille Sud", "insee_com": "59350", "lib_com": "Lille"},
    "geometry": {"type": "Polygon", "coordinates": [[[3.04, 50.61], [3.06, 50.61], [3.06, 50.62], [3.04, 50.61]]]},
}
QPV_GEOJSON = json.dumps({"type": "FeatureCollection", "features": [QPV_FEATURE]})


def write_layer(path: Path, crs: str, field_name: str, field_type, values: list, geometry_wkt: str) -> Path:
    """Write a polygon GeoPackage with one attribute, in ``crs``."""
    from qgis.core import (
        QgsCoordinateReferenceSystem,
        QgsFeature,
        QgsField,
        QgsFields,
        QgsGeometry,
        QgsProject,
        QgsVectorFileWriter,
        QgsWkbTypes,
    )

    fields = QgsFields()
    fields.append(QgsField(field_name, field_type))
    options = QgsVectorFileWriter.SaveVectorOptions()
    options.driverName = "GPKG"
    writer = QgsVectorFileWriter.create(
        str(path), fields, QgsWkbTypes.Polygon, QgsCoordinateReferenceSystem(crs),
        QgsProject.instance().transformContext(), options,
    )
    for value in values:
        feature = QgsFeature(fields)
        feature.setAttributes([value])
        feature.setGeometry(QgsGeometry.fromWkt(geometry_wkt))
        writer.addFeature(feature)
    del writer
    return path


def test_user_iris_layer_keeps_crs(qgis_app, tmp_path):
    from qgis.PyQt.QtCore import QVariant

    path = write_layer(
        tmp_path / "iris_reunion.gpkg", "EPSG:2975", "CODE_IRIS", QVariant.String,
        ["974110101", "974110102", "974220000"],
        "POLYGON((340000 7650000, 341000 7650000, 341000 7651000, 340000 7650000))",
    )
    source = local.user_layer(path, "iris")
    assert source.crs == "EPSG:2975"
    assert source.code_field == "CODE_IRIS"
    assert source.kind == "iris"


def test_user_commune_layer_integer_codes(qgis_app, tmp_path):
    from qgis.PyQt.QtCore import QVariant

    path = write_layer(
        tmp_path / "communes.gpkg", "EPSG:2154", "INSEE_COM", QVariant.Int,
        [1001, 1004, 59350], "POLYGON((700000 7050000, 701000 7050000, 701000 7051000, 700000 7050000))",
    )
    source = local.user_layer(path, "commune")
    assert source.code_field == "INSEE_COM"
    assert source.crs == "EPSG:2154"


def test_user_layer_wrong_level(qgis_app, tmp_path):
    from qgis.PyQt.QtCore import QVariant

    path = write_layer(
        tmp_path / "communes.gpkg", "EPSG:2154", "code", QVariant.String, ["59350", "59009"],
        "POLYGON((700000 7050000, 701000 7050000, 701000 7051000, 700000 7050000))",
    )
    with pytest.raises(InvalidInputError, match="commune"):
        local.user_layer(path, "iris")


def test_user_table_named_column(tmp_path):
    path = tmp_path / "indicateurs.csv"
    path.write_text("identifiant;commune;taux\n1;59350;12,5\n2;59009;7,25\n", encoding="utf-8")
    table = local.read_user_table(path, code_column="COMMUNE")
    assert table.frame["code_commune"].tolist() == ["59350", "59009"]
    assert table.frame["taux"].tolist() == [12.5, 7.25]
    assert table.source_id == "local:indicateurs"


def test_user_table_unknown_column(tmp_path):
    path = tmp_path / "indicateurs.csv"
    path.write_text("commune;taux\n59350;12,5\n", encoding="utf-8")
    with pytest.raises(InvalidInputError, match="codgeo"):
        local.read_user_table(path, code_column="codgeo")


def test_user_table_without_codes(tmp_path):
    path = tmp_path / "indicateurs.csv"
    path.write_text("nom;taux\nLille;12,5\nRoubaix;20\n", encoding="utf-8")
    with pytest.raises(InvalidInputError, match="indicateurs.csv"):
        local.read_user_table(path)


def test_user_table_iris_detected(tmp_path):
    path = tmp_path / "iris.csv"
    path.write_text("code;valeur\n593500101;1\n593500102;2\n59350101;3\n", encoding="utf-8")
    table = local.read_user_table(path)
    assert table.level == "iris"
    assert table.frame["code_iris"].tolist() == ["593500101", "593500102", "059350101"]


def test_user_table_xlsx(tmp_path):
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Code commune", "Médecins pour 10 000 hab."])
    sheet.append([1001, 8.5])
    sheet.append(["2A004", 12])
    path = tmp_path / "medecins.xlsx"
    workbook.save(path)
    table = local.read_user_table(path)
    assert table.frame["code_commune"].tolist() == ["01001", "2A004"]
    assert table.frame["medecins_pour_10_000_hab"].tolist() == [8.5, 12.0]


def test_qpv_bare_geojson(qgis_app, tmp_path):
    path = tmp_path / "qpv.geojson"
    path.write_text(QPV_GEOJSON, encoding="utf-8")
    source = qpv.qpv_source(path)
    assert source.code_field == "code_qp"
    assert source.crs == "EPSG:4326"


def test_qpv_zip_member_extracted(qgis_app, tmp_path):
    archive = tmp_path / "qpv-2024-geojson.zip"
    with zipfile.ZipFile(archive, "w") as handle:
        handle.writestr("GEOJSON/QP2024_France_Hexagonale_Outre_Mer_Lambert93.geojson", "{}")
        handle.writestr("GEOJSON/QP2024_France_Hexagonale_Outre_Mer_WGS84.geojson", QPV_GEOJSON)
    source = qpv.qpv_source(archive, tmp_path / "work")
    assert source.path.name == "QP2024_France_Hexagonale_Outre_Mer_WGS84.geojson"
    assert source.path.parent == tmp_path / "work"
    assert source.crs == "EPSG:4326"


def test_qpv_html_rejected(tmp_path):
    path = tmp_path / "qpv.geojson"
    path.write_text("<html>Not found</html>", encoding="utf-8")
    with pytest.raises(DataFormatError, match="qpv.geojson"):
        qpv.qpv_source(path)


def test_user_xlsx_title_rows(tmp_path):
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Dossier complet - Indicateurs de santé"])
    sheet.append(["Source : ARS Hauts-de-France", "Mise à jour : 2025"])
    sheet.append([])
    sheet.append(["Code", "Libellé", "Taux de participation (%)"])
    sheet.append([None, None, "en %"])
    sheet.append(["59350", "Lille", 41.5])
    sheet.append([59009, "Villeneuve-d'Ascq", 47])
    sheet.append(["Champ : assurés du régime général"])
    path = tmp_path / "depistage.xlsx"
    workbook.save(path)
    table = local.read_user_table(path)
    assert table.frame["code_commune"].tolist() == ["59350", "59009"]
    assert table.frame["taux_de_participation"].tolist() == [41.5, 47.0]


def test_guess_header_without_codes():
    rows = [("Titre",), ("a", "b"), ("1", "2")]
    assert local.guess_header_row(rows) == 1


def test_user_csv_title_lines(tmp_path):
    path = tmp_path / "export.csv"
    path.write_text(
        "Export CartoSanté du 12/03/2025\nTerritoire : Métropole Européenne de Lille\n\n"
        "codgeo;libgeo;densite_mg\n59350;Lille;9,8\n59009;Villeneuve-d'Ascq;7,1\n",
        encoding="utf-8",
    )
    table = local.read_user_table(path)
    assert table.frame["code_commune"].tolist() == ["59350", "59009"]
    assert table.frame["densite_mg"].tolist() == [9.8, 7.1]


def test_user_csv_ragged_rows_rejected(tmp_path):
    path = tmp_path / "casse.csv"
    path.write_text("codgeo;valeur\n59350;1\n59009;2;3;4\n", encoding="utf-8")
    with pytest.raises(DataFormatError, match="casse.csv"):
        local.read_user_table(path)
