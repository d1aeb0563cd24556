"""The fast GeoPackage writer's row batches and its copy of the source R-tree (core.gpkg_fast)."""

from __future__ import annotations

import sqlite3
from contextlib import closing

import numpy as np
import pandas as pd
import pytest
from qgis.core import QgsCoordinateReferenceSystem, QgsFeatureRequest, QgsGeometry, QgsRectangle, QgsVectorLayer

from territorial_health_plugin.core import geopackage, gpkg_fast, joins
from territorial_health_plugin.toolbelt.errors import CancelledError

LAMBERT = QgsCoordinateReferenceSystem("EPSG:2154")
WINDOWS = (QgsRectangle(700000, 7000000, 700950, 7000950), QgsRectangle(701234, 7001111, 703456, 7002222),
           QgsRectangle(707000, 7003000, 720000, 7010000))


def source_squares(path, count: int, columns: int = 40, empty: tuple = (), page_size: int | None = None) -> str:
    """Write ``count`` squares of 90 m on a grid into layer ``iris`` of a GeoPackage, with GDAL's R-tree."""
    from osgeo import gdal, ogr, osr

    reference = osr.SpatialReference()
    reference.ImportFromEPSG(2154)
    gdal.SetConfigOption("OGR_SQLITE_PRAGMA", f"page_size={page_size}" if page_size else None)
    try:
        dataset = ogr.GetDriverByName("GPKG").CreateDataSource(str(path))
    finally:
        gdal.SetConfigOption("OGR_SQLITE_PRAGMA", None)
    layer = dataset.CreateLayer("iris", reference, ogr.wkbMultiPolygon, ["FID=fid", "GEOMETRY_NAME=geom"])
    layer.CreateField(ogr.FieldDefn("code_iris", ogr.OFTString))
    layer.StartTransaction()
    for index in range(count):
        feature = ogr.Feature(layer.GetLayerDefn())
        feature.SetField("code_iris", iris_code(index))
        x, y = 700000 + (index % columns) * 100 + index * 0.001, 7000000 + (index // columns) * 100
        wkt = "MULTIPOLYGON EMPTY" if index in empty else (
            f"MULTIPOLYGON((({x} {y},{x + 90} {y},{x + 90} {y + 90},{x} {y + 90},{x} {y})))")
        feature.SetGeometry(ogr.CreateGeometryFromWkt(wkt))
        layer.CreateFeature(feature)
    layer.CommitTransaction()
    dataset = None
    return str(path)


def iris_code(index: int) -> str:
    return f"{59000 + index // 100:05d}{index % 100:04d}"


def staged_table(path) -> joins.GeometryTable:
    table = joins.read_geometry_keys(QgsVectorLayer(f"{path}|layername=iris", "iris", "ogr"), "code_iris")
    assert isinstance(table.geometries, gpkg_fast.StagedGeometries)
    return table


def write(path, frame, table, **options):
    spec = geopackage.LayerSpec("iris", frame, "code_iris", table.geometries, table.crs)
    return geopackage.write_geopackage(path, [spec], LAMBERT, **options)


def query(sql, path, *parameters):
    with closing(sqlite3.connect(path)) as connection:
        return connection.execute(sql, parameters).fetchall()


def window_codes(path, window) -> set:
    layer = geopackage.open_layer(path, "iris")
    return {feature["code_iris"] for feature in layer.getFeatures(QgsFeatureRequest().setFilterRect(window))}


def tree_size(path) -> int:
    return query("SELECT COUNT(*) FROM rtree_iris_geom", path)[0][0]


def rtree_check(path) -> str:
    return query("SELECT rtreecheck('rtree_iris_geom')", path)[0][0]


def test_copied_rtree_matches_packed(qgis_app, tmp_path):
    """Every source feature in source order keeps its fid and the source tree, which finds the same features."""
    source = source_squares(tmp_path / "source.gpkg", 2000)
    table = staged_table(source)
    frame = table.frame[["code_iris"]].assign(taux=np.arange(2000) / 4)
    copied, packed = tmp_path / "copied.gpkg", tmp_path / "packed.gpkg"
    write(copied, frame, table)
    # The same rows less the last one cannot keep the source tree: that tree is packed.
    write(packed, frame.iloc[:-1], table)

    source_nodes = query("SELECT nodeno, data FROM rtree_iris_geom_node ORDER BY nodeno", source)
    assert query("SELECT nodeno, data FROM rtree_iris_geom_node ORDER BY nodeno", copied) == source_nodes
    assert query("SELECT nodeno, data FROM rtree_iris_geom_node ORDER BY nodeno", packed) != source_nodes
    assert query("SELECT fid, code_iris FROM iris ORDER BY fid", copied) == query(
        "SELECT fid, code_iris FROM iris ORDER BY fid", source)
    assert rtree_check(copied) == "ok"
    assert rtree_check(packed) == "ok"
    assert query("PRAGMA integrity_check", copied) == [("ok",)]
    assert tree_size(copied) == 2000
    last = iris_code(1999)
    for window in WINDOWS:
        assert window_codes(copied, window) - {last} == window_codes(packed, window), window.toString()


def test_copied_rtree_extent_exact(qgis_app, tmp_path):
    """The extent stored from the copied tree is the exact one, not its 32-bit rounding."""
    source = source_squares(tmp_path / "source.gpkg", 500)
    table = staged_table(source)
    path = tmp_path / "out.gpkg"
    write(path, table.frame[["code_iris"]], table)

    stored = query("SELECT min_x, min_y, max_x, max_y FROM gpkg_contents WHERE table_name = 'iris'", path)[0]
    layer = QgsVectorLayer(f"{source}|layername=iris", "iris", "ogr")
    boxes = [feature.geometry().boundingBox() for feature in layer.getFeatures()]
    assert stored[0] == min(box.xMinimum() for box in boxes)
    assert stored[1] == min(box.yMinimum() for box in boxes)
    assert stored[2] == max(box.xMaximum() for box in boxes)
    assert stored[3] == max(box.yMaximum() for box in boxes)
    assert stored[2] != float(np.float32(stored[2])), "the grid's right edge is not a 32-bit float"


def test_copied_rtree_with_extra_rows(qgis_app, tmp_path):
    """IRIS drawn with their commune contour come after the source rows and join the tree."""
    source = source_squares(tmp_path / "source.gpkg", 300)
    table = staged_table(source)
    table.geometries["590110000"] = QgsGeometry.fromWkt("POLYGON((690000 6990000,690010 6990000,690010 6990010,"
                                                        "690000 6990000))")
    codes = [*table.frame["code_iris"], "590110000", "590120000"]
    path = tmp_path / "out.gpkg"
    write(path, pd.DataFrame({"code_iris": codes, "taux": [1.0] * len(codes)}), table)

    fids = dict(query("SELECT code_iris, fid FROM iris", path))
    assert fids["590110000"] == 301
    assert fids["590120000"] == 302
    assert query("SELECT geom IS NULL FROM iris WHERE fid = 302", path) == [(1,)]
    assert rtree_check(path) == "ok"
    assert tree_size(path) == 301
    assert window_codes(path, QgsRectangle(689000, 6989000, 690005, 6990005)) == {"590110000"}
    assert query("SELECT min_x, min_y FROM gpkg_contents WHERE table_name = 'iris'", path) == [(690000.0, 6990000.0)]


@pytest.mark.parametrize("case", ["reordered", "subset", "empty geometry", "extra in the middle", "small pages"])
def test_source_rtree_not_copied(qgis_app, tmp_path, case):
    """Rows that differ from the source, or a tree of another node size, get fresh fids and a packed tree."""
    source = source_squares(tmp_path / "source.gpkg", 400, empty=(7,) if case == "empty geometry" else (),
                            page_size=1024 if case == "small pages" else None)
    table = staged_table(source)
    codes = list(table.frame["code_iris"])
    if case == "reordered":
        codes = codes[200:] + codes[:200]
    elif case == "subset":
        codes = codes[::3]
    elif case == "extra in the middle":
        table.geometries["590110000"] = QgsGeometry.fromWkt("POLYGON((0 0,10 0,10 10,0 0))")
        codes.insert(10, "590110000")
    path = tmp_path / "out.gpkg"
    write(path, pd.DataFrame({"code_iris": codes}), table)

    if case == "small pages":
        source_size = query("SELECT length(data) FROM rtree_iris_geom_node WHERE nodeno = 1", source)
        assert source_size != query("SELECT length(data) FROM rtree_iris_geom_node WHERE nodeno = 1", path)
        assert query("SELECT nodeno, data FROM rtree_iris_geom_node", source) != query(
            "SELECT nodeno, data FROM rtree_iris_geom_node", path)
    assert query("SELECT code_iris FROM iris ORDER BY fid", path) == [(code,) for code in codes]
    assert query("SELECT MIN(fid), MAX(fid) FROM iris", path) == [(1, len(codes))]
    assert rtree_check(path) == "ok"
    indexed = len([code for code in codes if code != iris_code(7) or case != "empty geometry"])
    assert tree_size(path) == indexed


def test_batched_values_in_their_columns(qgis_app, tmp_path):
    """Float, text and integer columns interleaved, NULLs, and a last statement of fewer rows."""
    source = source_squares(tmp_path / "source.gpkg", 37)
    table = staged_table(source)
    count = 37
    frame = pd.DataFrame({
        "code_iris": table.frame["code_iris"],
        "taux": [None if n % 5 == 0 else n + 0.25 for n in range(count)],
        "nom_iris": [None if n == 3 else f"IRIS n°{n}" for n in range(count)],
        "effectif": pd.array([None if n == 4 else n * 10 for n in range(count)], dtype="Int64"),
        "part": np.linspace(0.0, 1.0, count, dtype="float32"),
        "petit_effectif": [n % 2 == 0 for n in range(count)],
    })
    path = tmp_path / "out.gpkg"
    write(path, frame, table)

    rows = query('SELECT code_iris, taux, nom_iris, effectif, part, petit_effectif FROM iris ORDER BY fid', path)
    assert len(rows) == count
    for n, row in enumerate(rows):
        assert row[0] == iris_code(n)
        assert row[1] == (None if n % 5 == 0 else n + 0.25)
        assert row[2] == (None if n == 3 else f"IRIS n°{n}")
        assert row[3] == (None if n == 4 else n * 10)
        assert row[4] == pytest.approx(float(np.float32(n / 36)))
        assert row[5] == (1 if n % 2 == 0 else 0)
    assert query("SELECT feature_count FROM gpkg_ogr_contents WHERE table_name = 'iris'", path) == [(count,)]


def test_table_rows_without_geometry(qgis_app, tmp_path):
    """A table of 1 000 rows and one of none, written in the same file."""
    frame = pd.DataFrame({"code": [f"{n:05d}" for n in range(1000)], "rate": np.arange(1000) / 8})
    path = tmp_path / "out.gpkg"
    geopackage.write_geopackage(path, [geopackage.LayerSpec("values", frame),
                                       geopackage.LayerSpec("nothing", frame.iloc[:0])], LAMBERT)

    assert query("SELECT COUNT(*), SUM(rate), MIN(fid), MAX(fid) FROM \"values\"", path) == [(1000, 62437.5, 1, 1000)]
    assert query("SELECT code FROM \"values\" WHERE fid = 18", path) == [("00017",)]
    assert query("SELECT COUNT(*) FROM \"nothing\"", path) == [(0,)]


def test_cancelled_between_row_batches(qgis_app, tmp_path):
    """Cancelling while the rows are inserted leaves the previous file as it was."""
    source = source_squares(tmp_path / "source.gpkg", gpkg_fast.BATCH_SIZE * 2 + 5, columns=200)
    table = staged_table(source)
    final = tmp_path / "diagnostic.gpkg"
    final.write_bytes(b"previous")
    checks = []

    def cancel_at_the_second_batch() -> bool:
        checks.append(True)
        return len(checks) >= 2

    with pytest.raises(CancelledError), geopackage.atomic_path(final) as temporary:
        write(temporary, table.frame[["code_iris"]], table, is_cancelled=cancel_at_the_second_batch)

    assert final.read_bytes() == b"previous"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["diagnostic.gpkg", "source.gpkg"]
