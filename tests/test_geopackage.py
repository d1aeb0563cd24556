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


# --- The fast writer (core.gpkg_fast) ------------------------------------------------------------


def file_squares(path, codes, crs="EPSG:2154", size=100.0, origin=(700000.0, 7000000.0), field="code_commune"):
    """Write squares with a code field to a vector file (GeoJSON or GeoPackage) with GDAL."""
    from osgeo import ogr, osr

    driver = ogr.GetDriverByName("GeoJSON" if str(path).endswith(".geojson") else "GPKG")
    reference = osr.SpatialReference()
    reference.SetFromUserInput(crs)
    reference.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    dataset = driver.CreateDataSource(str(path))
    layer = dataset.CreateLayer("squares", reference, ogr.wkbPolygon)
    layer.CreateField(ogr.FieldDefn(field, ogr.OFTString))
    layer.CreateField(ogr.FieldDefn("nom", ogr.OFTString))
    x0, y0 = origin
    for index, code in enumerate(codes):
        feature = ogr.Feature(layer.GetLayerDefn())
        feature.SetField(field, code)
        feature.SetField("nom", f"Unité {code}")
        x = x0 + index * size
        feature.SetGeometry(ogr.CreateGeometryFromWkt(
            f"POLYGON(({x} {y0},{x + size} {y0},{x + size} {y0 + size},{x} {y0 + size},{x} {y0}))"))
        layer.CreateFeature(feature)
    dataset = None
    return path


def ogrinfo_summary(path, layer) -> str:
    import subprocess

    return subprocess.run(["ogrinfo", "-so", "-ro", str(path), layer], capture_output=True, text=True,
                          check=True).stdout


def test_ogrinfo_reads_layer(qgis_app, tmp_path):
    path = tmp_path / "out.gpkg"
    geopackage.write_geopackage(path, [layer_spec()], LAMBERT)
    summary = ogrinfo_summary(path, "communes")

    assert "Geometry: Multi Polygon" in summary
    assert "Feature Count: 2" in summary
    assert "code_commune: String" in summary
    assert "apl_mg: Real" in summary
    assert "apl_mg_petit_effectif: Integer" in summary


def test_contents_extent_index_count(qgis_app, tmp_path):
    path = tmp_path / "out.gpkg"
    geopackage.write_geopackage(path, [layer_spec()], LAMBERT)
    extent = geopackage.open_layer(path, "communes").extent()

    with sqlite3.connect(path) as connection:
        stored = connection.execute("SELECT min_x, min_y, max_x, max_y, srs_id FROM gpkg_contents "
                                    "WHERE table_name = 'communes'").fetchone()
        indexed = connection.execute("SELECT COUNT(*) FROM rtree_communes_geom").fetchone()[0]
        count = connection.execute("SELECT feature_count FROM gpkg_ogr_contents "
                                   "WHERE table_name = 'communes'").fetchone()[0]
        triggers = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")}
        extensions = connection.execute("SELECT extension_name FROM gpkg_extensions "
                                        "WHERE table_name = 'communes'").fetchall()
    assert stored[:4] == pytest.approx((extent.xMinimum(), extent.yMinimum(), extent.xMaximum(),
                                        extent.yMaximum()), abs=1e-6)
    assert stored[4] == 2154
    assert indexed == 2
    assert count == 2
    assert {"trigger_insert_feature_count_communes", "rtree_communes_geom_insert"} <= triggers
    assert extensions == [("gpkg_rtree_index",)]


def feature_rows(path, name, key):
    layer = geopackage.open_layer(path, name)
    rows = {}
    for feature in layer.getFeatures():
        values = [None if value is None or (hasattr(value, "isNull") and value.isNull()) else value
                  for value in feature.attributes()[1:]]
        rows[feature[key]] = (values, feature.geometry())
    return layer.fields().names()[1:], rows


def test_fast_writer_matches_old_writer(qgis_app, tmp_path):
    """Same fields, types, values, NULLs and geometries as the QgsVectorFileWriter path."""
    fast, slow = tmp_path / "fast.gpkg", tmp_path / "slow.gpkg"
    table = geopackage.LayerSpec("join_report", pd.DataFrame({"code": ["59011", None], "match_rate": [0.5, None],
                                                              "matched": pd.array([3, None], dtype="Int64")}))
    geopackage.write_geopackage(fast, [layer_spec(), table], LAMBERT)
    geopackage.write_geopackage_qgis(slow, [layer_spec(), table], LAMBERT)

    for name, key in (("communes", "code_commune"), ("join_report", "code")):
        fast_fields, fast_rows = feature_rows(fast, name, key)
        slow_fields, slow_rows = feature_rows(slow, name, key)
        assert fast_fields == slow_fields
        assert column_types(fast, name) == column_types(slow, name)
        assert fast_rows.keys() == slow_rows.keys()
        for code, (values, geometry) in fast_rows.items():
            assert values == slow_rows[code][0], code
            assert geometry.asWkt(3) == slow_rows[code][1].asWkt(3), code


def test_staged_geojson_reprojected(qgis_app, tmp_path):
    from qgis.core import QgsVectorLayer

    from territorial_health_plugin.core import gpkg_fast, joins

    source = file_squares(tmp_path / "communes.geojson", ["59350", "59009", "1001"], crs="EPSG:4326", size=0.01,
                          origin=(3.0, 50.6), field="insee_com")
    table = joins.read_geometry_keys(QgsVectorLayer(str(source), "communes", "ogr"), "code_commune")
    assert isinstance(table.geometries, gpkg_fast.StagedGeometries)
    assert list(table.frame["code_commune"]) == ["59350", "59009", "01001"]

    values = pd.DataFrame({"code_commune": ["01001", "59350"], "apl_mg": [1.5, 4.25]})
    merged, report = joins.join_frames("apl", table.frame[["code_commune", "name"]], values, "code_commune")
    path = tmp_path / "out.gpkg"
    spec = geopackage.LayerSpec("communes", merged.rename(columns={"name": "nom_commune"}), "code_commune",
                                table.geometries, table.crs)
    geopackage.write_geopackage(path, [spec], LAMBERT)

    _, rows = feature_rows(path, "communes", "code_commune")
    assert report.matched == 2
    assert rows["59350"][0] == ["59350", "Unité 59350", 4.25]
    assert rows["59009"][0] == ["59009", "Unité 59009", None]
    assert 690000 < rows["59350"][1].centroid().asPoint().x() < 720000, "projected to Lambert-93"
    assert rows["59350"][1].isMultipart()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["communes.geojson", "out.gpkg"], "stage file removed"


def test_staged_geopackage_blobs_copied(qgis_app, tmp_path):
    from qgis.core import QgsVectorLayer

    from territorial_health_plugin.core import joins

    source = tmp_path / "source.gpkg"
    file_squares(source, ["59350", "59009"])
    layer = QgsVectorLayer(f"{source}|layername=squares", "communes", "ogr")
    table = joins.read_geometry_keys(layer, "code_commune")
    path = tmp_path / "out.gpkg"
    spec = geopackage.LayerSpec("communes", table.frame.assign(apl_mg=[2.0, 3.0]), "code_commune",
                                table.geometries, table.crs)
    geopackage.write_geopackage(path, [spec], LAMBERT)

    _, rows = feature_rows(path, "communes", "code_commune")
    originals = {feature["code_commune"]: feature.geometry() for feature in layer.getFeatures()}
    assert set(rows) == {"59350", "59009"}
    for code, (_, geometry) in rows.items():
        assert geometry.equals(originals[code]) or geometry.isGeosEqual(originals[code])
    assert "Feature Count: 2" in ogrinfo_summary(path, "communes")


def test_cancelled_write_keeps_previous(qgis_app, tmp_path):
    from territorial_health_plugin.toolbelt.errors import CancelledError

    final = tmp_path / "diagnostic.gpkg"
    with geopackage.atomic_path(final) as temporary:
        geopackage.write_geopackage(temporary, [layer_spec()], LAMBERT)
    before = final.read_bytes()

    with pytest.raises(CancelledError), geopackage.atomic_path(final) as temporary:
        geopackage.write_geopackage(temporary, [layer_spec()], LAMBERT, is_cancelled=lambda: True)

    assert final.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["diagnostic.gpkg"]


def test_filter_stays_plain_layer(qgis_app, tmp_path):
    """Filtering the materialised layer is SQL on the file, never a virtual layer."""
    path = tmp_path / "out.gpkg"
    geopackage.write_geopackage(path, [layer_spec()], LAMBERT)
    layer = geopackage.open_layer(path, "communes")

    assert layer.setSubsetString('"apl_mg" > 1')
    assert layer.providerType() == "ogr"
    assert layer.vectorJoins() == []
    assert [feature["code_commune"] for feature in layer.getFeatures()] == ["01001"]


def test_staged_layer_with_extras(qgis_app, tmp_path):
    """An IRIS drawn with its commune contour sits beside the IRIS copied from the file."""
    from qgis.core import QgsVectorLayer

    from territorial_health_plugin.core import joins

    source = file_squares(tmp_path / "iris.gpkg", ["593500101", "593500102"], field="code_iris")
    table = joins.read_geometry_keys(QgsVectorLayer(f"{source}|layername=squares", "iris", "ogr"), "code_iris")
    table.geometries["590110000"] = QgsGeometry.fromWkt("POLYGON((0 0,10 0,10 10,0 10,0 0))")
    frame = pd.DataFrame({"code_iris": ["593500101", "590110000", "593500102"], "taux": [1.0, 2.0, None]})
    path = tmp_path / "out.gpkg"
    geopackage.write_geopackage(path, [geopackage.LayerSpec("iris", frame, "code_iris", table.geometries, table.crs)],
                                LAMBERT)

    _, rows = feature_rows(path, "iris", "code_iris")
    assert rows["590110000"][1].area() == pytest.approx(100.0)
    assert rows["593500101"][1].area() == pytest.approx(10000.0)
    assert rows["593500102"][0] == ["593500102", None]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["iris.gpkg", "out.gpkg"]


def test_sample_iris_both_writers(qgis_app, tmp_path):
    """The MEL IRIS contours of the sample: the staged copy equals the QgsGeometry path."""
    from qgis.core import QgsVectorLayer

    from territorial_health_plugin.core import gpkg_fast, joins
    from territorial_health_plugin.toolbelt.resources import resource_path

    layer = QgsVectorLayer(str(resource_path("sample", "contours-iris-mel.geojson")), "iris", "ogr")
    staged = joins.read_geometry_keys(layer, "code_iris", "code_iris")
    in_memory = joins.read_geometries(layer, "code_iris", "code_iris")
    assert isinstance(staged.geometries, gpkg_fast.StagedGeometries)
    assert list(staged.frame["code_iris"]) == list(in_memory.frame["code_iris"])
    assert list(staged.frame["name"]) == list(in_memory.frame["name"])

    frame = staged.frame.rename(columns={"name": "nom_iris"})
    frame["taux"] = [float(n % 7) if n % 5 else None for n in range(len(frame))]
    fast, slow = tmp_path / "fast.gpkg", tmp_path / "slow.gpkg"
    geopackage.write_geopackage(fast, [geopackage.LayerSpec("iris", frame, "code_iris", staged.geometries,
                                                            staged.crs)], LAMBERT)
    geopackage.write_geopackage_qgis(slow, [geopackage.LayerSpec("iris", frame, "code_iris", in_memory.geometries,
                                                                 in_memory.crs)], LAMBERT)

    fast_fields, fast_rows = feature_rows(fast, "iris", "code_iris")
    slow_fields, slow_rows = feature_rows(slow, "iris", "code_iris")
    assert fast_fields == slow_fields
    assert column_types(fast, "iris") == column_types(slow, "iris")
    assert len(fast_rows) == len(frame)
    for code, (values, geometry) in fast_rows.items():
        assert values == slow_rows[code][0], code
        assert geometry.area() == pytest.approx(slow_rows[code][1].area(), rel=1e-9), code
        assert geometry.hausdorffDistance(slow_rows[code][1]) < 0.01, code
    assert geopackage.open_layer(fast, "iris").extent() == geopackage.open_layer(slow, "iris").extent()


def rtree_check(path, table) -> str:
    with sqlite3.connect(path) as connection:
        return connection.execute(f"SELECT rtreecheck('rtree_{table}_geom')").fetchone()[0]


def test_rtree_matches_full_scan(qgis_app, tmp_path):
    """3 000 squares make a three-level R-tree; SQLite checks it and window queries match."""
    from qgis.core import QgsFeatureRequest, QgsRectangle

    codes = [f"{59000 + n // 100:05d}{n % 100:04d}" for n in range(3000)]
    geometries = {code: QgsGeometry.fromWkt(
        f"POLYGON(({(n % 60) * 10} {(n // 60) * 10},{(n % 60) * 10 + 9} {(n // 60) * 10},"
        f"{(n % 60) * 10 + 9} {(n // 60) * 10 + 9},{(n % 60) * 10} {(n // 60) * 10 + 9},"
        f"{(n % 60) * 10} {(n // 60) * 10}))") for n, code in enumerate(codes)}
    path = tmp_path / "out.gpkg"
    spec = geopackage.LayerSpec("iris", pd.DataFrame({"code_iris": codes}), "code_iris", geometries, LAMBERT)
    geopackage.write_geopackage(path, [spec], LAMBERT)

    assert rtree_check(path, "iris") == "ok"
    layer = geopackage.open_layer(path, "iris")
    for window in (QgsRectangle(0, 0, 25, 25), QgsRectangle(101, 203, 340, 480), QgsRectangle(590, 490, 700, 700)):
        indexed = {f["code_iris"] for f in layer.getFeatures(QgsFeatureRequest().setFilterRect(window))}
        scanned = {code for code, geometry in geometries.items() if geometry.boundingBox().intersects(window)}
        assert indexed == scanned, window.toString()
    with sqlite3.connect(path) as connection:
        depth = int.from_bytes(connection.execute("SELECT substr(data, 1, 2) FROM rtree_iris_geom_node "
                                                  "WHERE nodeno = 1").fetchone()[0], "big")
    assert depth == 2


def test_staged_points_indexed(qgis_app, tmp_path):
    """GDAL writes points without an envelope in their blob header: the index decodes the WKB."""
    from osgeo import ogr, osr
    from qgis.core import QgsVectorLayer, QgsWkbTypes

    from territorial_health_plugin.core import gpkg_fast

    source = tmp_path / "points.geojson"
    reference = osr.SpatialReference()
    reference.ImportFromEPSG(4326)
    dataset = ogr.GetDriverByName("GeoJSON").CreateDataSource(str(source))
    points = dataset.CreateLayer("points", reference, ogr.wkbPoint)
    for x in (3.05, 3.10):
        feature = ogr.Feature(points.GetLayerDefn())
        feature.SetGeometry(ogr.CreateGeometryFromWkt(f"POINT({x} 50.63)"))
        points.CreateFeature(feature)
    dataset = None
    layer = QgsVectorLayer(str(source), "points", "ogr")
    staged = gpkg_fast.StagedGeometries(str(source), None, {"a": 0, "b": 1}, layer.crs())
    path = tmp_path / "out.gpkg"
    spec = geopackage.LayerSpec("etablissements", pd.DataFrame({"id_source": ["a", "b"]}), "id_source", staged,
                                layer.crs(), QgsWkbTypes.Point)
    geopackage.write_geopackage(path, [spec], LAMBERT)

    written = geopackage.open_layer(path, "etablissements")
    assert rtree_check(path, "etablissements") == "ok"
    assert written.featureCount() == 2
    with sqlite3.connect(path) as connection:
        assert connection.execute("SELECT COUNT(*) FROM rtree_etablissements_geom").fetchone()[0] == 2
        stored = connection.execute("SELECT min_x, max_x FROM gpkg_contents "
                                    "WHERE table_name = 'etablissements'").fetchone()
    assert stored == pytest.approx((written.extent().xMinimum(), written.extent().xMaximum()), abs=1e-6)


def test_written_layer_stays_editable(qgis_app, tmp_path):
    """The triggers are back after the bulk load: edits in QGIS keep the index and count right."""
    from qgis.core import QgsFeature

    path = tmp_path / "out.gpkg"
    geopackage.write_geopackage(path, [layer_spec()], LAMBERT)
    layer = geopackage.open_layer(path, "communes")
    first = next(layer.getFeatures())
    feature = QgsFeature(layer.fields())
    feature.setAttributes([None, "59350", 1.0, 0])
    feature.setGeometry(QgsGeometry.fromWkt("MULTIPOLYGON(((700000 7000000,700100 7000000,700100 7000100,"
                                            "700000 7000000)))"))
    assert layer.dataProvider().deleteFeatures([first.id()])
    assert layer.dataProvider().addFeatures([feature])[0]
    del layer

    assert rtree_check(path, "communes") == "ok"
    with sqlite3.connect(path) as connection:
        assert connection.execute("SELECT COUNT(*) FROM rtree_communes_geom").fetchone()[0] == 2
    assert "Feature Count: 2" in ogrinfo_summary(path, "communes")


def test_staged_shapefile_from_fid_zero(qgis_app, tmp_path):
    """A user's shapefile numbers its features from 0 and has no layer name in its URI."""
    from osgeo import ogr, osr
    from qgis.core import QgsVectorLayer

    from territorial_health_plugin.core import gpkg_fast, joins

    source = tmp_path / "iris.shp"
    reference = osr.SpatialReference()
    reference.ImportFromEPSG(2154)
    dataset = ogr.GetDriverByName("ESRI Shapefile").CreateDataSource(str(source))
    shapes = dataset.CreateLayer("iris", reference, ogr.wkbPolygon)
    shapes.CreateField(ogr.FieldDefn("CODE_IRIS", ogr.OFTString))
    for index, code in enumerate(["593500101", "593500102"]):
        feature = ogr.Feature(shapes.GetLayerDefn())
        feature.SetField("CODE_IRIS", code)
        feature.SetGeometry(ogr.CreateGeometryFromWkt(
            f"POLYGON(({index * 10} 0,{index * 10 + 5} 0,{index * 10 + 5} 5,{index * 10} 0))"))
        shapes.CreateFeature(feature)
    dataset = None

    table = joins.read_geometry_keys(QgsVectorLayer(str(source), "iris", "ogr"), "code_iris")
    assert isinstance(table.geometries, gpkg_fast.StagedGeometries)
    assert table.geometries.fids == {"593500101": 0, "593500102": 1}
    path = tmp_path / "out.gpkg"
    frame = table.frame[["code_iris"]].assign(taux=[1.0, 2.0])
    geopackage.write_geopackage(path, [geopackage.LayerSpec("iris", frame, "code_iris", table.geometries,
                                                            table.crs)], LAMBERT)

    _, rows = feature_rows(path, "iris", "code_iris")
    assert rows["593500101"][1].area() == pytest.approx(12.5)
    assert rows["593500102"][1].boundingBox().xMinimum() == pytest.approx(10.0)
    assert rtree_check(path, "iris") == "ok"
