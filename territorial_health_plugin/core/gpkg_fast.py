"""Fast GeoPackage writing: OGR creates the layers, SQLite fills them, geometries stay in C++.

Writing feature by feature through ``QgsVectorFileWriter`` from Python, with every geometry
read into a QgsGeometry first, took about 2 s for the 49 000 IRIS of France with 30 indicators
(``join.old_writer_s`` in docs/benchmarks.md). This module writes the same file this way:

1. OGR (GDAL's Python bindings, shipped with every QGIS) creates the GeoPackage and each layer
   empty, with its fields and real types, so that ``gpkg_contents``, ``gpkg_geometry_columns``
   and ``gpkg_spatial_ref_sys`` are exactly what GDAL writes;
2. Python's :mod:`sqlite3` inserts every row in one transaction (``executemany``);
3. geometries come either from QgsGeometry objects already in memory (encoded once as
   GeoPackage blobs), or from a :class:`StagedGeometries` source that is never read into
   Python: GDAL copies it (reprojected, promoted to multi-part) into a staging GeoPackage,
   and each row picks its blob by feature id in SQL;
4. the R-tree spatial index that GDAL created empty is filled in one pass
   (:mod:`core.gpkg_rtree`), and the exact extent is stored in ``gpkg_contents``.
"""

from __future__ import annotations

import itertools
import logging
import os
import sqlite3
import struct
from collections.abc import Callable
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
from osgeo import gdal, ogr, osr
from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsCoordinateTransformContext,
    QgsGeometry,
    QgsWkbTypes,
)
from qgis.PyQt.QtCore import QVariant

from territorial_health_plugin.core import gpkg_rtree
from territorial_health_plugin.toolbelt.errors import CancelledError, PluginError
from territorial_health_plugin.toolbelt.i18n import tr

logger = logging.getLogger(__name__)

BATCH_SIZE = 10_000

# GeoPackage blob header: magic, version 0, flags (little endian, envelope [minx, maxx, miny, maxy]).
HEADER = struct.Struct("<2sBBi4d")
FLAGS_ENVELOPE_XY = 0b0000_0011


@dataclass
class StagedGeometries:
    """Geometries left in their source file and picked by feature id, never read into Python.

    ``fids`` maps each key (a normalised code) to a feature id of the layer ``layer`` in the
    OGR data source ``path``. ``crs`` is the projection of that layer.
    """

    path: str
    layer: str | None
    fids: dict[str, int]
    crs: QgsCoordinateReferenceSystem
    extra: dict[str, QgsGeometry] = field(default_factory=dict)

    def get(self, key: str):
        """Return the feature id of ``key`` (None when the source has no feature for it)."""
        return self.fids.get(key)

    def __setitem__(self, key: str, geometry: QgsGeometry) -> None:
        """Add a geometry held in memory, in ``crs`` (an IRIS drawn with its commune contour)."""
        self.extra[key] = geometry

    def __contains__(self, key: str) -> bool:
        return key in self.fids or key in self.extra


def _ogr():
    """Return GDAL's modules (imported at the top so that a QGIS without them falls back)."""
    return gdal, ogr, osr


def spatial_reference(crs: QgsCoordinateReferenceSystem):
    """Return the OGR spatial reference of a QGIS projection, in x/y (easting, northing) order."""
    _, _, osr = _ogr()
    reference = osr.SpatialReference()
    authid = crs.authid()
    if not authid or reference.SetFromUserInput(authid) != 0:
        reference.ImportFromWkt(crs.toWkt(QgsCoordinateReferenceSystem.WKT_PREFERRED_GDAL))
    reference.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    return reference


def ogr_field_type(kind: QVariant.Type) -> int:
    """Return the OGR field type of a QGIS field type (flags are 32-bit integers)."""
    _, ogr, _ = _ogr()
    return {QVariant.Int: ogr.OFTInteger, QVariant.LongLong: ogr.OFTInteger64,
            QVariant.Double: ogr.OFTReal}.get(kind, ogr.OFTString)


def ogr_geometry_type(wkb_type: int) -> int:
    """Return the 2D OGR geometry type of a QGIS one (the layers are written in 2D)."""
    if wkb_type == QgsWkbTypes.NoGeometry:
        _, ogr, _ = _ogr()
        return ogr.wkbNone
    # The 2D types have the same numbers in QGIS and OGR.
    return int(QgsWkbTypes.flatType(wkb_type))


def create_layers(path: Path, specs: list, crs: QgsCoordinateReferenceSystem) -> None:
    """Create the GeoPackage at ``path`` and every layer of ``specs`` empty, with its fields."""
    gdal, ogr, _ = _ogr()
    driver = ogr.GetDriverByName("GPKG")
    dataset = driver.CreateDataSource(str(path))
    if dataset is None:
        raise PluginError(tr("Cannot create the GeoPackage {path}.").format(path=path), gdal.GetLastErrorMsg())
    reference = spatial_reference(crs)
    try:
        for spec in specs:
            spatial = spec.geometries is not None
            # GDAL creates the empty R-tree, its triggers and its gpkg_extensions row.
            options = ["SPATIAL_INDEX=YES", "FID=fid", "GEOMETRY_NAME=geom"] if spatial else ["FID=fid"]
            layer = dataset.CreateLayer(spec.name, reference if spatial else None,
                                        ogr_geometry_type(spec.geometry_type if spatial else QgsWkbTypes.NoGeometry),
                                        options)
            if layer is None:
                raise PluginError(tr("Cannot write the layer {name} into {path}.").format(name=spec.name, path=path),
                                  gdal.GetLastErrorMsg())
            for name, kind in frame_field_types(spec.frame):
                if layer.CreateField(ogr.FieldDefn(name, ogr_field_type(kind))) != 0:
                    raise PluginError(tr("Cannot write the layer {name} into {path}.").format(
                        name=spec.name, path=path), gdal.GetLastErrorMsg())
    finally:
        # Closing the dataset is what writes the tables to disk.
        dataset = None


def geometry_blob(geometry: QgsGeometry | None, srs_id: int, multi: bool) -> bytes | None:
    """Encode a QgsGeometry as a GeoPackage geometry blob (header with envelope, then WKB)."""
    if geometry is None or geometry.isNull() or geometry.isEmpty():
        return None
    flat = QgsWkbTypes.flatType(geometry.wkbType())
    if (multi and not geometry.isMultipart()) or flat != geometry.wkbType():
        geometry = QgsGeometry(geometry)
        geometry.get().dropZValue()
        geometry.get().dropMValue()
        if multi:
            geometry.convertToMultiType()
    box = geometry.boundingBox()
    header = HEADER.pack(b"GP", 0, FLAGS_ENVELOPE_XY, srs_id, box.xMinimum(), box.xMaximum(), box.yMinimum(),
                         box.yMaximum())
    return header + bytes(geometry.asWkb())


def stage_geometries(staged: StagedGeometries, stage_path: Path, crs: QgsCoordinateReferenceSystem,
                     multi: bool, srs_id: int) -> tuple[Path, str]:
    """Return the GeoPackage file and table holding the staged geometries in ``crs``.

    A GeoPackage layer already in ``crs`` is read as it is. GDAL copies any other source
    (GeoJSON, WFS pages saved to disk, a shapefile, another projection) into ``stage_path``,
    reprojected and promoted to multi-part, keeping its feature ids.
    """
    direct = _usable_as_is(staged, crs, multi, srs_id)
    if direct is not None:
        return Path(staged.path), direct
    gdal, _, _ = _ogr()
    options = {"format": "GPKG", "layerName": "stage", "dstSRS": spatial_reference(crs).ExportToWkt(),
               "reproject": True,
               "layerCreationOptions": ["SPATIAL_INDEX=NO", "FID=fid", "GEOMETRY_NAME=geom"],
               "dim": "XY", "options": ["-preserve_fid"]}
    if staged.crs.isValid():
        # The projection QGIS shows for the layer wins over the file's (a user may have set it).
        options["srcSRS"] = spatial_reference(staged.crs).ExportToWkt()
    if staged.layer:
        options["layers"] = [staged.layer]
    if multi:
        options["geometryType"] = "PROMOTE_TO_MULTI"
    # GDAL 3.6 warns "Feature id not preserved" on stderr for a GeoJSON feature of id 0 although
    # it keeps it; its messages go to the debug log instead, and a failure still raises below.
    gdal.PushErrorHandler(_log_gdal_message)
    try:
        result = gdal.VectorTranslate(str(stage_path), staged.path, **options)
    finally:
        gdal.PopErrorHandler()
    if result is None:
        raise PluginError(tr("Cannot copy the geometries of {path}.").format(path=staged.path), gdal.GetLastErrorMsg())
    result = None
    return stage_path, "stage"


def _log_gdal_message(level: int, number: int, message: str) -> None:
    logger.debug("GDAL (%s, %s): %s", level, number, message)


def _usable_as_is(staged: StagedGeometries, crs: QgsCoordinateReferenceSystem, multi: bool,
                  srs_id: int) -> str | None:
    """Return the source table when its blobs can be copied as they are, else None.

    That is a 2D GeoPackage layer in ``crs`` with the same ``srs_id`` as the output layer (the id
    is written in every blob), a ``geom`` column and a ``fid`` key.
    """
    if not str(staged.path).lower().endswith(".gpkg") or staged.crs != crs or not staged.layer:
        return None
    try:
        with closing(sqlite3.connect(f"file:{staged.path}?mode=ro", uri=True)) as connection:
            row = connection.execute("SELECT column_name, geometry_type_name, srs_id, z, m "
                                     "FROM gpkg_geometry_columns WHERE table_name = ?", (staged.layer,)).fetchone()
            key = [r[1] for r in connection.execute(f'PRAGMA table_info("{staged.layer}")') if r[5]]
    except sqlite3.Error:
        return None
    if row is None or row[0] != "geom" or key != ["fid"] or row[2] != srs_id or row[3] or row[4]:
        return None
    if multi and not str(row[1]).upper().startswith("MULTI"):
        return None
    return staged.layer


def srs_ids(connection: sqlite3.Connection) -> dict[str, int]:
    """Return the ``srs_id`` of each geometry column of the GeoPackage, by table."""
    return dict(connection.execute("SELECT table_name, srs_id FROM gpkg_geometry_columns"))


def insert_rows(connection, spec, columns: list[list], crs, srs_id: int, stage_alias: str | None,
                stage_table: str | None, is_cancelled: Callable[[], bool]) -> None:
    """Insert the rows of ``spec`` (values by column) into its table, geometry included."""
    names = [str(name) for name in spec.frame.columns]
    quoted = ", ".join(f'"{name}"' for name in names)
    marks = ", ".join("?" for _ in names)
    if spec.geometries is None:
        statement = f'INSERT INTO "{spec.name}" ({quoted}) VALUES ({marks})'
        rows = zip(*columns)
    else:
        keys = columns[names.index(spec.key)]
        if isinstance(spec.geometries, StagedGeometries) and spec.geometries.extra:
            # Rows with an in-memory geometry take its blob, the others their staged feature.
            picked = f'COALESCE(?, (SELECT geom FROM {stage_alias}."{stage_table}" WHERE fid = ?))'
            blobs = _blobs(spec, keys, crs, srs_id, spec.geometries.extra)
            fids = [None if blob is not None else spec.geometries.get(key) for key, blob in zip(keys, blobs)]
            columns = [fids, *columns]
            geometries = blobs
        elif isinstance(spec.geometries, StagedGeometries):
            picked = f'(SELECT geom FROM {stage_alias}."{stage_table}" WHERE fid = ?)'
            fids = spec.geometries.fids
            geometries = [fids.get(key) for key in keys]
        else:
            picked = "?"
            geometries = _blobs(spec, keys, crs, srs_id)
        statement = f'INSERT INTO "{spec.name}" (geom, {quoted}) VALUES ({picked}, {marks})'
        rows = zip(geometries, *columns)
    # NOTE: this insert is the largest cost left (0.21 s for 49 000 rows of 32 values). GDAL 3.8's
    # OGRLayer.WriteArrowBatch could write the columns without a Python object per value.
    # Batches read straight from the iterator, checking cancellation between them.
    rows = iter(rows)
    while True:
        before = connection.total_changes
        connection.executemany(statement, itertools.islice(rows, BATCH_SIZE))
        if connection.total_changes - before < BATCH_SIZE:
            break
        if is_cancelled():
            raise CancelledError(tr("Cancelled."))


def _blobs(spec, keys: list, crs, srs_id: int, geometries: dict | None = None) -> list:
    """Return the GeoPackage blobs of the in-memory geometries of ``spec``, reprojected to ``crs``.

    ``geometries`` defaults to ``spec.geometries``; a key without geometry gives None.
    """
    geometries = spec.geometries if geometries is None else geometries
    source_crs = spec.geometries.crs if isinstance(spec.geometries, StagedGeometries) else spec.source_crs
    transform = None
    if source_crs is not None and source_crs.isValid() and source_crs != crs:
        transform = QgsCoordinateTransform(source_crs, crs, QgsCoordinateTransformContext())
    multi = QgsWkbTypes.isMultiType(spec.geometry_type)
    blobs = []
    for key in keys:
        geometry = geometries.get(key)
        if geometry is not None and transform is not None:
            geometry = QgsGeometry(geometry)
            geometry.transform(transform)
        blobs.append(geometry_blob(geometry, srs_id, multi))
    return blobs


def write_layers(
    path: Path,
    specs: list,
    crs: QgsCoordinateReferenceSystem,
    is_cancelled: Callable[[], bool] = lambda: False,
) -> Path:
    """Write every layer and table of ``specs`` (:class:`core.geopackage.LayerSpec`) into a new
    GeoPackage at ``path``, in ``crs``; an existing file there is replaced."""
    path = Path(path)
    for leftover in (path, Path(f"{path}-wal"), Path(f"{path}-shm"), Path(f"{path}-journal")):
        if leftover.exists():
            leftover.unlink()
    # The file is written under a temporary name, so GDAL's SQLite syncs are skipped (this
    # thread only) and the whole file is synced once at the end, before it is moved into place.
    previous = gdal.GetThreadLocalConfigOption("OGR_SQLITE_SYNCHRONOUS", None)
    gdal.SetThreadLocalConfigOption("OGR_SQLITE_SYNCHRONOUS", "OFF")
    stages, temporary = {}, []
    try:
        create_layers(path, specs, crs)
        with closing(sqlite3.connect(str(path))) as connection:
            identifiers = srs_ids(connection)
        for index, spec in enumerate(specs):
            if isinstance(spec.geometries, StagedGeometries):
                stage_path = path.with_name(f"{path.stem}.stage{index}.gpkg")
                stages[spec.name] = stage_geometries(spec.geometries, stage_path, crs,
                                                     QgsWkbTypes.isMultiType(spec.geometry_type),
                                                     identifiers.get(spec.name, 0))
                if stages[spec.name][0] == stage_path:
                    temporary.append(stage_path)
            if is_cancelled():
                raise CancelledError(tr("Cancelled."))
        _fill(path, specs, crs, stages, is_cancelled)
        _sync(path)
    finally:
        gdal.SetThreadLocalConfigOption("OGR_SQLITE_SYNCHRONOUS", previous)
        for stage_path in temporary:
            for leftover in (stage_path, Path(f"{stage_path}-wal"), Path(f"{stage_path}-shm")):
                if leftover.exists():
                    os.remove(leftover)
    return path


def _sync(path: Path) -> None:
    """Flush the written file to disk, so that the rename that publishes it is durable."""
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def _fill(path: Path, specs: list, crs, stages: dict, is_cancelled) -> None:
    """Insert the rows of every spec in one SQLite transaction."""
    connection = sqlite3.connect(str(path), isolation_level=None)
    try:
        # The file is temporary and moved into place only after success, so the journal stays
        # in memory and nothing is synced to disk.
        connection.execute("PRAGMA synchronous = OFF")
        connection.execute("PRAGMA journal_mode = MEMORY")
        aliases = {}
        for number, (name, (stage_path, _)) in enumerate(stages.items()):
            aliases[name] = f"stage{number}"
            connection.execute(f"ATTACH DATABASE ? AS {aliases[name]}", (str(stage_path),))
        identifiers = srs_ids(connection)
        connection.execute("BEGIN")
        triggers = _drop_triggers(connection)
        for spec in specs:
            columns = [sql_values(spec.frame[name], kind) for name, kind in frame_field_types(spec.frame)]
            stage_table = stages.get(spec.name, (None, None))[1]
            insert_rows(connection, spec, columns, crs, identifiers.get(spec.name, 0), aliases.get(spec.name),
                        stage_table, is_cancelled)
            connection.execute(f'UPDATE gpkg_ogr_contents SET feature_count = (SELECT COUNT(*) FROM "{spec.name}") '
                               "WHERE lower(table_name) = lower(?)", (spec.name,))
            if spec.geometries is not None:
                index_layer(connection, spec.name)
        for statement in triggers:
            connection.execute(statement)
        connection.execute("COMMIT")
        for alias in aliases.values():
            connection.execute(f"DETACH DATABASE {alias}")
    except sqlite3.Error as error:
        raise PluginError(tr("Cannot write the GeoPackage {path}.").format(path=path), str(error)) from error
    finally:
        connection.close()


def index_layer(connection: sqlite3.Connection, table: str) -> None:
    """Fill the R-tree of ``table`` in one pass and store its exact extent in ``gpkg_contents``.

    This replaces GDAL's ``CreateSpatialIndex``, which inserts one rectangle at a time.
    """
    boxes = gpkg_rtree.envelopes(connection, table, _wkb_envelope)
    gpkg_rtree.bulk_load(connection, f"rtree_{table}_geom", boxes)
    if len(boxes):
        connection.execute("UPDATE gpkg_contents SET min_x = ?, min_y = ?, max_x = ?, max_y = ? WHERE table_name = ?",
                           (float(boxes[:, 1].min()), float(boxes[:, 3].min()), float(boxes[:, 2].max()),
                            float(boxes[:, 4].max()), table))


def _wkb_envelope(wkb: bytes):
    """Return (minx, maxx, miny, maxy) of a WKB geometry, None when it is empty."""
    geometry = QgsGeometry()
    geometry.fromWkb(wkb)
    if geometry.isNull() or geometry.isEmpty():
        return None
    box = geometry.boundingBox()
    return box.xMinimum(), box.xMaximum(), box.yMinimum(), box.yMaximum()


def _drop_triggers(connection: sqlite3.Connection) -> list[str]:
    """Drop OGR's feature-count and R-tree triggers of the new tables and return their SQL.

    The count triggers run one UPDATE per inserted row, and the R-tree triggers call GDAL's SQL
    functions, which this connection does not have. Counts and index are filled once per table
    after the insert, then the triggers are created again from the same SQL, so the file is
    left as GDAL made it.
    """
    rows = connection.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' "
                              "AND (name LIKE 'trigger_%_feature_count_%' OR name LIKE 'rtree_%')").fetchall()
    for name, _ in rows:
        connection.execute(f'DROP TRIGGER "{name}"')
    return [sql for _, sql in rows]


def frame_field_types(frame: pd.DataFrame) -> list[tuple[str, QVariant.Type]]:
    """Return (name, QGIS type) of each column of ``frame``, by :func:`core.geopackage.field_type`."""
    from territorial_health_plugin.core.geopackage import field_type

    return [(str(column), field_type(str(column), frame[column])) for column in frame.columns]


def sql_values(series: pd.Series, kind: QVariant.Type) -> list:
    """Return a column as values for SQLite: None for NULL, floats as they are.

    SQLite stores a NaN bound as a REAL as NULL, so float columns need no conversion pass.
    """
    if kind == QVariant.Double and str(series.dtype) in ("float64", "float32"):
        return series.tolist()
    from territorial_health_plugin.core.geopackage import column_values

    return column_values(series, kind)
