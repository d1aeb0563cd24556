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

import logging
import os
import sqlite3
import struct
from collections.abc import Callable
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
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

# Rows per batch: cancellation is checked and the Python values are made batch by batch.
# Making the floats of 2 000 rows at a time took 10 ms for 49 000 rows of 30 indicators, and
# 25 ms with 10 000 rows, because the memory freed after each batch is reused.
BATCH_SIZE = 2_000
# Rows per INSERT statement. Inserting 49 000 rows of 32 values took 0.09 s with 16 rows per
# statement and 0.12 s with one (2-core benchmark machine of docs/benchmarks.md). 64 rows gained little.
ROWS_PER_STATEMENT = 16

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


@dataclass
class RowGeometries:
    """Geometry source and written feature id of each row of a layer.

    ``source_fids`` has the staged feature id of each row (None: no staged geometry), and
    ``blobs`` has the in-memory geometry blob of each row (None: none). Either list is None when
    the layer has no such geometry. ``same_as_source`` is True when ``fids`` are the source's
    own feature ids and the layer has every source feature, so the source R-tree is valid here.
    """

    fids: list[int]
    source_fids: list | None = None
    blobs: list | None = None
    same_as_source: bool = False


def row_geometries(connection, spec, keys: list, crs, srs_id: int, stage_alias: str | None,
                   stage_table: str | None) -> RowGeometries:
    """Return where each row of ``spec`` takes its geometry and its feature id."""
    positions = list(range(1, len(spec.frame) + 1))
    if spec.geometries is None:
        return RowGeometries(positions)
    if not isinstance(spec.geometries, StagedGeometries):
        return RowGeometries(positions, blobs=_blobs(spec, keys, crs, srs_id))

    staged = spec.geometries
    source_fids = list(map(staged.fids.get, keys))
    blobs = None
    if staged.extra:
        # Rows with an in-memory geometry take its blob, the others their staged feature.
        blobs = _blobs(spec, keys, crs, srs_id, staged.extra)
        source_fids = [None if blob is not None else fid for fid, blob in zip(source_fids, blobs)]
    fids = _source_fids_kept(connection, spec.name, source_fids, stage_alias, stage_table)
    if fids is None:
        return RowGeometries(positions, source_fids, blobs)
    return RowGeometries(fids, source_fids, blobs, same_as_source=True)


def _source_fids_kept(connection, name: str, source_fids: list, stage_alias: str | None,
                      stage_table: str | None) -> list[int] | None:
    """Return the rows' feature ids when they can keep their source's, else None.

    That needs every source feature written once and in the source's order, so that the layer
    lists its features in row order as it does with fresh ids. The rows without a source feature
    must come last. The source R-tree must index every geometry, with nodes of the output's size.
    """
    if stage_alias is None or stage_table is None:
        return None
    present = np.array([-1 if fid is None else fid for fid in source_fids], dtype=np.int64)
    kept_fids = present[present >= 0]
    if len(kept_fids) == 0 or np.any(np.diff(kept_fids) <= 0):
        return None
    first_missing = np.flatnonzero(present < 0)
    if len(first_missing) and first_missing[0] < np.flatnonzero(present >= 0)[-1]:
        return None
    source_rtree, rtree = f"rtree_{stage_table}_geom", f"rtree_{name}_geom"
    size = gpkg_rtree.node_size(connection, source_rtree, stage_alias)
    if size is None or size != gpkg_rtree.node_size(connection, rtree):
        return None
    total = connection.execute(f'SELECT COUNT(*) FROM {stage_alias}."{stage_table}"').fetchone()[0]
    if total != len(kept_fids) or not gpkg_rtree.indexes_every_geometry(connection, stage_table, source_rtree,
                                                                   stage_alias):
        return None
    next_fid = int(kept_fids[-1]) + 1
    return kept_fids.tolist() + list(range(next_fid, next_fid + len(source_fids) - len(kept_fids)))


def insert_rows(connection, spec, columns: tuple, geometries: RowGeometries, stage_alias: str | None,
                stage_table: str | None, is_cancelled: Callable[[], bool]) -> None:
    """Insert the rows of ``spec`` into its table with their feature ids and geometries.

    ``columns`` are the float column names and the other columns' values (:func:`_bound_columns`).
    Several rows go into each INSERT (``VALUES (…), (…)``), because Python's :mod:`sqlite3`
    spends more time per statement than per value. The float columns are bound from one numpy
    block, and each staged geometry is copied in SQL by a join on its feature id.
    """
    float_names, list_columns = columns
    block = spec.frame[float_names].to_numpy(dtype="float64") if float_names else None
    # Values bound from lists: fid, then the in-memory blob and the staged fid, then attributes.
    lists = [geometries.fids]
    geometry_list_columns = [geometries.blobs, geometries.source_fids]
    lists.extend(values for values in geometry_list_columns if values is not None)
    lists.extend(values for _, values in list_columns)
    statement_of = _InsertStatement(connection, spec, float_names, [name for name, _ in list_columns],
                                    geometries, stage_alias, stage_table)

    count = len(spec.frame)
    per_statement = statement_of.rows_per_statement(len(float_names) + len(lists))
    full = count - count % per_statement
    objects = np.empty((count, len(lists)), dtype=object)
    for index, values in enumerate(lists):
        objects[:, index] = values
    statement = statement_of.sql(per_statement)
    # The floats of 49 000 rows of 30 indicators would take 47 MB at once.
    rows_per_batch = per_statement * max(1, BATCH_SIZE // per_statement)
    for start in range(0, full, rows_per_batch):
        stop = min(start + rows_per_batch, full)
        connection.executemany(statement, _chunk_parameters(block, objects, start, stop, per_statement))
        if is_cancelled():
            raise CancelledError(tr("Cancelled."))
    if full < count:
        connection.execute(statement_of.sql(count - full),
                           _chunk_parameters(block, objects, full, count, count - full)[0])


def _bound_columns(frame: pd.DataFrame) -> tuple[list[str], list[tuple[str, list]]]:
    """Split the columns of ``frame`` into float64/float32 ones (bound from numpy) and the others as lists.

    SQLite stores a NaN bound as a REAL as NULL, so the float columns need no conversion.
    """
    float_names, list_columns = [], []
    for name, kind in frame_field_types(frame):
        if kind == QVariant.Double and str(frame[name].dtype) in ("float64", "float32"):
            float_names.append(name)
        else:
            list_columns.append((name, sql_values(frame[name], kind)))
    return float_names, list_columns


def _chunk_parameters(block, objects: np.ndarray, start: int, stop: int, rows: int) -> list[list]:
    """Return the parameters of each statement of ``rows`` rows between ``start`` and ``stop``.

    Each statement takes the rows' float values first (row by row), then their other values.
    """
    if stop <= start:
        return []
    others = objects[start:stop].reshape(-1, rows * objects.shape[1]).tolist()
    if block is None or block.shape[1] == 0:
        return others
    floats = block[start:stop].reshape(-1, rows * block.shape[1]).tolist()
    # extend() appends in place, where `+` would copy each list once more.
    for numbers, values in zip(floats, others):
        numbers.extend(values)
    return floats


class _InsertStatement:
    """The multi-row INSERT of one layer, with numbered parameters in :func:`_chunk_parameters`' order."""

    def __init__(self, connection, spec, float_names: list[str], list_names: list[str], geometries: RowGeometries,
                 stage_alias: str | None, stage_table: str | None):
        self.connection = connection
        self.spec = spec
        self.float_names = float_names
        self.list_names = list_names
        self.geometries = geometries
        self.stage = f'{stage_alias}."{stage_table}"' if geometries.source_fids is not None else None
        # Values bound from lists, in this order: fid, in-memory blob, staged fid, other attributes.
        self.geometry_slots = 1 + (geometries.blobs is not None) + (geometries.source_fids is not None)

    def rows_per_statement(self, values_per_row: int) -> int:
        """Return how many rows one statement takes: 16, fewer when SQLite allows fewer parameters."""
        limit = 999  # SQLite's default before 3.32. Connection.getlimit() (Python 3.11+) reads the real one.
        getlimit = getattr(self.connection, "getlimit", None)
        if getlimit is not None:
            limit = getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
        return max(1, min(ROWS_PER_STATEMENT, limit // max(1, values_per_row)))

    def sql(self, rows: int) -> str:
        """Return the INSERT statement for ``rows`` rows."""
        names = [str(name) for name in self.spec.frame.columns]
        float_index = {name: index for index, name in enumerate(self.float_names)}
        list_index = {name: self.geometry_slots + index for index, name in enumerate(self.list_names)}
        float_count, list_count = len(self.float_names), self.geometry_slots + len(self.list_names)

        def row(number: int) -> str:
            first_float = number * float_count + 1
            first_list = rows * float_count + number * list_count + 1
            marks = [f"?{first_list + slot}" for slot in range(self.geometry_slots)]
            for name in names:
                if name in float_index:
                    marks.append(f"?{first_float + float_index[name]}")
                else:
                    marks.append(f"?{first_list + list_index[name]}")
            return "(" + ", ".join(marks) + ")"

        values = ", ".join(row(number) for number in range(rows))
        quoted = ", ".join(f'"{name}"' for name in names)
        table = f'"{self.spec.name}"'
        if self.spec.geometries is None:
            return f"INSERT INTO {table} (fid, {quoted}) VALUES {values}"
        if self.stage is None:
            return f"INSERT INTO {table} (fid, geom, {quoted}) VALUES {values}"
        # VALUES columns are named column1, column2… by position.
        has_blob = self.geometries.blobs is not None
        fid_column = "v.column3" if has_blob else "v.column2"
        geometry = "COALESCE(v.column2, g.geom)" if has_blob else "g.geom"
        first_attribute = 4 if has_blob else 3
        attributes = ", ".join(f"v.column{first_attribute + index}" for index in range(len(names)))
        return (f"INSERT INTO {table} (fid, geom, {quoted}) SELECT v.column1, {geometry}, {attributes} "
                f"FROM (VALUES {values}) AS v LEFT JOIN {self.stage} AS g ON g.fid = {fid_column}")


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
            _fill_layer(connection, spec, crs, identifiers.get(spec.name, 0), aliases.get(spec.name),
                        stages.get(spec.name, (None, None))[1], is_cancelled)
        for statement in triggers:
            connection.execute(statement)
        connection.execute("COMMIT")
        for alias in aliases.values():
            connection.execute(f"DETACH DATABASE {alias}")
    except sqlite3.Error as error:
        raise PluginError(tr("Cannot write the GeoPackage {path}.").format(path=path), str(error)) from error
    finally:
        connection.close()


def _fill_layer(connection, spec, crs, srs_id: int, stage_alias: str | None, stage_table: str | None,
                is_cancelled) -> None:
    """Insert the rows of one spec, then store its feature count and fill its R-tree."""
    float_names, list_columns = _bound_columns(spec.frame)
    keys = []
    if spec.geometries is not None:
        # The key column is converted once, for the geometry lookup and for the insert.
        converted = dict(list_columns)
        keys = converted[spec.key] if spec.key in converted else spec.frame[spec.key].tolist()
    geometries = row_geometries(connection, spec, keys, crs, srs_id, stage_alias, stage_table)
    insert_rows(connection, spec, (float_names, list_columns), geometries, stage_alias, stage_table, is_cancelled)
    connection.execute("UPDATE gpkg_ogr_contents SET feature_count = ? WHERE lower(table_name) = lower(?)",
                       (len(spec.frame), spec.name))
    if spec.geometries is None:
        return
    if geometries.same_as_source:
        copy_index(connection, spec.name, stage_alias, stage_table, geometries)
    else:
        index_layer(connection, spec.name)


def index_layer(connection: sqlite3.Connection, table: str) -> None:
    """Fill the R-tree of ``table`` in one pass and store its exact extent in ``gpkg_contents``.

    This replaces GDAL's ``CreateSpatialIndex``, which inserts one rectangle at a time.
    """
    boxes = gpkg_rtree.envelopes(connection, table, _wkb_envelope)
    gpkg_rtree.bulk_load(connection, f"rtree_{table}_geom", boxes)
    if len(boxes):
        _store_extent(connection, table, (float(boxes[:, 1].min()), float(boxes[:, 3].min()),
                                          float(boxes[:, 2].max()), float(boxes[:, 4].max())))


def copy_index(connection: sqlite3.Connection, table: str, stage_alias: str, stage_table: str,
               geometries: RowGeometries) -> None:
    """Copy the source's R-tree into the R-tree of ``table``, then add the in-memory geometries.

    The rows keep their source feature ids (:func:`row_geometries`), so the source tree indexes
    them as they are. Copying its tables takes about 0.01 s for 49 000 IRIS, packing 0.09 s.
    """
    rtree = f"rtree_{table}_geom"
    gpkg_rtree.copy_tree(connection, stage_alias, f"rtree_{stage_table}_geom", rtree)
    if geometries.blobs is not None:
        added = [fid for fid, blob in zip(geometries.fids, geometries.blobs) if blob is not None]
        gpkg_rtree.insert_boxes(connection, rtree, gpkg_rtree.envelopes(connection, table, _wkb_envelope, added))
    extent = gpkg_rtree.exact_extent(connection, table, rtree, _wkb_envelope)
    if extent is not None:
        _store_extent(connection, table, extent)


def _store_extent(connection: sqlite3.Connection, table: str, extent: tuple) -> None:
    """Store (minx, miny, maxx, maxy) as the extent of ``table`` in ``gpkg_contents``."""
    connection.execute("UPDATE gpkg_contents SET min_x = ?, min_y = ?, max_x = ?, max_y = ? WHERE table_name = ?",
                       (*extent, table))


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
