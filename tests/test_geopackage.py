"""GeoPackage writing: field types, tables, default styles, atomic replacement."""

from __future__ import annotations

import sqlite3

import pandas as pd
import pytest
from qgis.core import QgsCoordinateReferenceSystem, QgsGeometry

from territorial_health_plugin.core import geopackage, styling

LAMBERT = QgsCoordinateReferenceSystem("EPSG:2154")
WGS84 = QgsCoordinateReferenceSystem("EPSG:4326")


def layer_spec() -> geopackage.LayerSpec:
    frame = pd.DataFrame({
        "code_commune": ["01001", "2A004"],
        "apl_mg": [2.5, None],
        "apl_mg_petit_effectif": pd.array([True, pd.NA], dtype="boolean"),
    })
    geometries = {
        "01001": QgsGeometry.fromWkt("POLYGON((4.9 46.1,5.0 46.1,5.0 46.2,4.9 46.1))"),
        "2A004": QgsGeometry.fromWkt("POLYGON((8.7 41.9,8.8 41.9,8.8 42.0,8.7 41.9))"),
    }
    return geopackage.LayerSpec("communes", frame, "code_commune", geometries, WGS84)


def column_types(path, table) -> dict:
    with sqlite3.connect(path) as connection:
        return {row[1]: row[2] for row in connection.execute(f"PRAGMA table_info({table})")}


def test_field_types(qgis_app, tmp_path):
    path = tmp_path / "out.gpkg"
    geopackage.write_geopackage(path, [layer_spec()], LAMBERT)
    types = column_types(path, "communes")

    assert types["code_commune"] == "TEXT"
    assert types["apl_mg"] == "REAL"
    assert types["apl_mg_petit_effectif"] in ("INTEGER", "MEDIUMINT", "BOOLEAN")


def test_codes_and_nulls_kept(qgis_app, tmp_path):
    path = tmp_path / "out.gpkg"
    geopackage.write_geopackage(path, [layer_spec()], LAMBERT)
    layer = geopackage.open_layer(path, "communes")
    features = {feature["code_commune"]: feature for feature in layer.getFeatures()}

    assert set(features) == {"01001", "2A004"}
    assert features["01001"]["apl_mg"] == 2.5
    assert features["2A004"]["apl_mg"] is None or features["2A004"]["apl_mg"].isNull()
    assert layer.crs().authid() == "EPSG:2154"
    assert layer.extent().xMinimum() > 100000, "geometries are projected to Lambert-93"


def test_tables_without_geometry(qgis_app, tmp_path):
    path = tmp_path / "out.gpkg"
    table = geopackage.LayerSpec("join_report", pd.DataFrame({"code": ["59011"], "match_rate": [0.5]}))
    geopackage.write_geopackage(path, [layer_spec(), table], LAMBERT)

    with sqlite3.connect(path) as connection:
        rows = connection.execute("SELECT code, match_rate FROM join_report").fetchall()
    assert rows == [("59011", 0.5)]


def test_default_style_stored(qgis_app, tmp_path):
    path = tmp_path / "out.gpkg"
    geopackage.write_geopackage(path, [layer_spec()], LAMBERT)
    layer = geopackage.open_layer(path, "communes")
    renderer, _ = styling.choropleth_renderer(layer, "apl_mg", 1, "", higher_is_worse=False)
    layer.setRenderer(renderer)
    geopackage.save_default_style(layer, "diagnostic_communes")

    reopened = geopackage.open_layer(path, "communes")
    labels = [rule.label() for rule in reopened.renderer().rootRule().children()]
    assert styling.NULL_LABEL in labels


def test_atomic_write_keeps_previous(qgis_app, tmp_path):
    final = tmp_path / "diagnostic.gpkg"
    with geopackage.atomic_path(final) as temporary:
        geopackage.write_geopackage(temporary, [layer_spec()], LAMBERT)
    before = final.read_bytes()

    def failing_write():
        with geopackage.atomic_path(final) as temporary:
            geopackage.write_geopackage(temporary, [layer_spec()], LAMBERT)
            raise RuntimeError("failure while writing")

    with pytest.raises(RuntimeError):
        failing_write()

    assert final.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["diagnostic.gpkg"]
