"""QPV 2024 contours (quartiers prioritaires de la politique de la ville), ANCT on data.gouv.fr.

The data.gouv.fr resource has been served both as a bare GeoJSON and as a zip holding
``GEOJSON/QP2024_France_Hexagonale_Outre_Mer_WGS84.geojson`` (and Lambert 93 / UTM variants), so
the first bytes decide: ``PK`` is a zip, ``{`` is GeoJSON. Features carry ``code_qp``,
``lib_qp``, ``insee_com``…; one feature per QPV and commune.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from territorial_health_plugin.core.readers import GeometrySource
from territorial_health_plugin.core.sources.insee import zip_member
from territorial_health_plugin.toolbelt.errors import DataFormatError
from territorial_health_plugin.toolbelt.i18n import tr

PRODUCER = "ANCT"
DATASET = "Quartiers prioritaires de la politique de la ville 2024"
WGS84_MEMBER = re.compile(r"QP2024.*WGS84.*\.geojson$", re.I)
ANY_GEOJSON = re.compile(r"\.geojson$", re.I)


def qpv_source(path: Path, work_dir: Path | None = None) -> GeometrySource:
    """Return the QPV polygons of a downloaded file (zip or GeoJSON) as a geometry source.

    A zip is extracted (WGS84 GeoJSON member preferred) into ``work_dir`` (beside the file by
    default). The CRS is read from the extracted file.
    """
    path = Path(path)
    head = path.read_bytes()[:64].lstrip()
    if head[:2] == b"PK":
        path = _extract_geojson(path, Path(work_dir) if work_dir else path.parent)
    elif head[:1] != b"{":
        raise DataFormatError(
            tr("The QPV file « {file} » is neither GeoJSON nor a zip (it starts with « {start} »).").format(
                file=path.name, start=head[:20].decode("latin-1", "replace")
            )
        )
    return geometry_source_of(path, "qpv", "code_qp", {"producer": PRODUCER, "dataset": DATASET, "file": path.name})


def _extract_geojson(archive: Path, work_dir: Path) -> Path:
    """Extract the WGS84 GeoJSON member (or the first GeoJSON) of a QPV zip."""
    try:
        member = zip_member(archive, WGS84_MEMBER)
    except DataFormatError:
        member = zip_member(archive, ANY_GEOJSON)
    target = work_dir / Path(member).name
    work_dir.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(archive) as handle:
        target.write_bytes(handle.read(member))
    return target


def geometry_source_of(path: Path, kind: str, code_field: str, provenance: dict, layer: str = "") -> GeometrySource:
    """Open a vector file with OGR, check that it is valid, and read its CRS."""
    from qgis.core import QgsVectorLayer

    uri = f"{path}|layername={layer}" if layer else str(path)
    vector = QgsVectorLayer(uri, kind, "ogr")
    if not vector.isValid():
        raise DataFormatError(tr("The layer « {file} » cannot be opened by QGIS (OGR).").format(file=Path(path).name))
    names = [field.name() for field in vector.fields()]
    actual = next((name for name in names if name.lower() == code_field.lower()), "")
    if not actual:
        raise DataFormatError(
            tr("Field « {field} » not found in « {file} ». Fields: {fields}.").format(
                field=code_field, file=Path(path).name, fields=", ".join(names)
            )
        )
    return GeometrySource(kind, Path(path), layer, actual, vector.crs().authid(), provenance)
