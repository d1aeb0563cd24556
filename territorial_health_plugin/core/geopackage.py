"""Write the diagnostic GeoPackage: layers with materialised fields, tables and styles.

Attribute values come from pandas frames already merged (no virtual join is ever created).
Each layer is written once with real field types: ``code_*`` as TEXT, indicators as REAL,
small-count flags as INTEGER (0/1). Nothing here reads the project singleton (a default
transform context is used), so the writer can run in a worker thread. :func:`atomic_path`
builds a file under a temporary name beside its target and moves it into place with
:func:`os.replace`, so a failure leaves the previous file."""

from __future__ import annotations

import logging
import os
import tempfile
from collections.abc import Callable, Iterable
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsCoordinateTransformContext,
    QgsFeature,
    QgsField,
    QgsFields,
    QgsGeometry,
    QgsVectorFileWriter,
    QgsVectorLayer,
    QgsWkbTypes,
)
from qgis.PyQt.QtCore import QVariant

from territorial_health_plugin.toolbelt.errors import CancelledError, PluginError
from territorial_health_plugin.toolbelt.i18n import tr

logger = logging.getLogger(__name__)

TEXT_PREFIXES = ("code_", "nom", "name", "libelle")
BATCH_SIZE = 5000


@dataclass
class LayerSpec:
    """One layer or table to write: its rows, and for a layer its geometries by key."""

    name: str
    frame: pd.DataFrame
    key: str | None = None
    geometries: dict[str, QgsGeometry] | None = None
    source_crs: QgsCoordinateReferenceSystem | None = None
    geometry_type: int = QgsWkbTypes.MultiPolygon


def field_type(name: str, series: pd.Series) -> QVariant.Type:
    """Return the QGIS field type of a column: text for codes and labels, else from the dtype."""
    if name.startswith(TEXT_PREFIXES):
        return QVariant.String
    if pd.api.types.is_bool_dtype(series.dtype) or str(series.dtype) == "boolean":
        return QVariant.Int
    if pd.api.types.is_integer_dtype(series.dtype):
        return QVariant.LongLong
    if pd.api.types.is_numeric_dtype(series.dtype):
        return QVariant.Double
    return QVariant.String


def build_fields(frame: pd.DataFrame) -> QgsFields:
    """Return the QgsFields of a frame's columns."""
    fields = QgsFields()
    for column in frame.columns:
        fields.append(QgsField(str(column), field_type(str(column), frame[column])))
    return fields


def column_values(series: pd.Series, kind: QVariant.Type) -> list:
    """Return a column as Python values of the field's type, None for NaN and NA (NULL).

    Converting whole columns once is much faster than converting cell by cell in the loop
    that builds the features.
    """
    missing = series.isna().to_numpy()
    if kind == QVariant.Int:
        values = series.fillna(False).astype(bool).astype(int).tolist()
    elif kind == QVariant.LongLong:
        values = series.fillna(0).astype("int64").tolist()
    elif kind == QVariant.Double:
        values = series.astype(float).tolist()
    else:
        values = series.astype(str).tolist()
    return [None if gap else value for value, gap in zip(values, missing)] if missing.any() else values


def write_layer(
    path: Path,
    spec: LayerSpec,
    crs: QgsCoordinateReferenceSystem,
    first: bool,
    is_cancelled: Callable[[], bool] = lambda: False,
) -> None:
    """Write one layer (or a table without geometry) into the GeoPackage at ``path``."""
    fields = build_fields(spec.frame)
    options = QgsVectorFileWriter.SaveVectorOptions()
    options.driverName = "GPKG"
    options.layerName = spec.name
    options.fileEncoding = "UTF-8"
    options.actionOnExistingFile = (
        QgsVectorFileWriter.CreateOrOverwriteFile if first else QgsVectorFileWriter.CreateOrOverwriteLayer
    )
    geometry_type = spec.geometry_type if spec.geometries is not None else QgsWkbTypes.NoGeometry
    writer = QgsVectorFileWriter.create(
        str(path), fields, geometry_type, crs, QgsCoordinateTransformContext(), options
    )
    if writer.hasError() != QgsVectorFileWriter.NoError:
        raise PluginError(tr("Cannot write the layer {name} into {path}.").format(name=spec.name, path=path),
                          writer.errorMessage())
    try:
        _add_features(writer, spec, fields, crs, is_cancelled)
    finally:
        del writer


def _add_features(writer, spec: LayerSpec, fields: QgsFields, crs, is_cancelled) -> None:
    """Add the rows of ``spec`` to ``writer`` in batches, checking cancellation between batches."""
    transform = None
    if spec.geometries is not None and spec.source_crs is not None and spec.source_crs != crs:
        transform = QgsCoordinateTransform(spec.source_crs, crs, QgsCoordinateTransformContext())

    columns = [column_values(spec.frame[name], fields.at(i).type()) for i, name in enumerate(spec.frame.columns)]
    keys = columns[spec.frame.columns.get_loc(spec.key)] if spec.geometries is not None else None
    batch = []
    for position, values in enumerate(zip(*columns)):
        feature = QgsFeature(fields)
        feature.setAttributes(list(values))
        if keys is not None:
            geometry = spec.geometries.get(keys[position])
            if geometry is not None:
                if transform is not None:
                    geometry = QgsGeometry(geometry)
                    geometry.transform(transform)
                feature.setGeometry(geometry)
        batch.append(feature)
        if len(batch) >= BATCH_SIZE:
            _flush(writer, batch, spec.name)
            if is_cancelled():
                raise CancelledError(tr("Cancelled."))
    _flush(writer, batch, spec.name)


def _flush(writer, batch: list, name: str) -> None:
    if batch and not writer.addFeatures(batch):
        raise PluginError(tr("Cannot write the features of the layer {name}.").format(name=name),
                          writer.errorMessage())
    batch.clear()


def write_geopackage(
    path: Path,
    layers: Iterable[LayerSpec],
    crs: QgsCoordinateReferenceSystem,
    is_cancelled: Callable[[], bool] = lambda: False,
) -> Path:
    """Write every layer and table into a new GeoPackage at ``path`` (overwriting it).

    The work is done by :mod:`core.gpkg_fast` (OGR creates the layers, SQLite fills them, GDAL
    indexes them). Without GDAL's Python bindings, which every QGIS ships, the slower
    feature-by-feature writer of :func:`write_geopackage_qgis` is used.
    """
    layers = list(layers)
    try:
        from territorial_health_plugin.core import gpkg_fast
    except ImportError:  # pragma: no cover - osgeo missing
        logger.debug("GDAL Python bindings missing: writing the GeoPackage feature by feature")
        return write_geopackage_qgis(path, layers, crs, is_cancelled)
    return gpkg_fast.write_layers(path, layers, crs, is_cancelled)


def write_geopackage_qgis(
    path: Path,
    layers: Iterable[LayerSpec],
    crs: QgsCoordinateReferenceSystem,
    is_cancelled: Callable[[], bool] = lambda: False,
) -> Path:
    """Write the GeoPackage feature by feature through ``QgsVectorFileWriter`` (slow fallback).

    Staged geometries (:class:`core.gpkg_fast.StagedGeometries`) are not supported here.
    """
    for index, spec in enumerate(layers):
        if is_cancelled():
            raise CancelledError(tr("Cancelled."))
        write_layer(path, spec, crs, first=index == 0, is_cancelled=is_cancelled)
    return path


def open_layer(path: Path, name: str) -> QgsVectorLayer:
    """Open one layer of a GeoPackage, raising when it is missing."""
    layer = QgsVectorLayer(f"{path}|layername={name}", name, "ogr")
    if not layer.isValid():
        raise PluginError(tr("The layer {name} cannot be opened in {path}.").format(name=name, path=path))
    return layer


def save_default_style(layer: QgsVectorLayer, style_name: str) -> None:
    """Store the layer's current style in the GeoPackage's ``layer_styles`` table, as default."""
    message = layer.saveStyleToDatabase(style_name, tr("Style of the territorial health diagnostic"), True, "")
    if message:
        raise PluginError(tr("Cannot store the style of the layer {name}.").format(name=layer.name()), message)


@contextmanager
def atomic_path(final_path: Path, suffix: str | None = None):
    """Yield a temporary path beside ``final_path``, moved onto it only if the block succeeds.

    The temporary file is in the same folder so that :func:`os.replace` is an atomic rename;
    on error or cancellation it is deleted and ``final_path`` is left as it was.
    """
    final_path = Path(final_path)
    final_path.parent.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(prefix=f".{final_path.stem}-", suffix=suffix or final_path.suffix,
                                    dir=final_path.parent)
    os.close(handle)
    temporary = Path(name)
    temporary.unlink()
    try:
        yield temporary
        os.replace(temporary, final_path)
    finally:
        for leftover in (temporary, Path(f"{temporary}-wal"), Path(f"{temporary}-shm")):
            if leftover.exists():
                leftover.unlink()


def layer_frame(layer: QgsVectorLayer, key: str = "id_source") -> tuple[pd.DataFrame, dict]:
    """Return the attributes of ``layer`` as a frame (``key`` = feature id) and its geometries.

    Used to copy a fetched layer (establishments, QPV) into the diagnostic GeoPackage.
    """
    names = layer.fields().names()
    rows, geometries = [], {}
    for feature in layer.getFeatures():
        identifier = str(feature.id())
        values = [None if value is None or (hasattr(value, "isNull") and value.isNull()) else value
                  for value in feature.attributes()]
        rows.append([identifier, *values])
        if feature.hasGeometry():
            geometries[identifier] = QgsGeometry(feature.geometry())
    columns = [key, *[name for name in names if name != key]]
    frame = pd.DataFrame(rows, columns=[key, *names]).loc[:, columns] if rows else pd.DataFrame(columns=columns)
    return frame, geometries


def layer_names(path: Path) -> set[str]:
    """Return the names of the layers and tables of a GeoPackage (from ``gpkg_contents``)."""
    import sqlite3
    from contextlib import closing

    # closing() releases the file at once (a ``with`` on the connection only commits).
    with closing(sqlite3.connect(path)) as connection:
        return {row[0] for row in connection.execute("SELECT table_name FROM gpkg_contents")}
