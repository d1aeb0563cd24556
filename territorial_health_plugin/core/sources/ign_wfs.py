"""IGN Géoplateforme WFS 2.0: IRIS contours and ADMIN EXPRESS communes of a territory.

Features are filtered with ``CQL_FILTER=code_insee IN (…)`` in chunks of commune codes, asked
in the territory's projected CRS (``SRSNAME``, EPSG:2154 in metropolitan France) and paged
with ``COUNT``/``STARTINDEX`` and a stable ``SORTBY``, because the service returns at most
5 000 features per request. The total is checked against ``numberMatched``. When a server
gives no ``numberMatched``, a page whose size equals a usual server cap may hide more
features: the client asks for the next page and reports a warning.
"""

from __future__ import annotations

import json
import logging
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from territorial_health_plugin.core import endpoints
from territorial_health_plugin.core.network import Downloader, group_thousands
from territorial_health_plugin.toolbelt.errors import DataFormatError, InvalidInputError
from territorial_health_plugin.toolbelt.i18n import tr

logger = logging.getLogger(__name__)

IRIS_SOURCE = "ign.wfs.iris"
COMMUNES_SOURCE = "ign.wfs.communes"
CHUNK_SIZE = 150
# Page sizes at which WFS servers are known to truncate responses (GeoServer defaults, IGN's cap).
KNOWN_CAPS = {1000, 5000, 10000}
# Lambert-93 range of metropolitan France: coordinates outside it reveal swapped axes or a wrong CRS.
LAMBERT93_X = (100_000, 1_250_000)
LAMBERT93_Y = (6_000_000, 7_150_000)


@dataclass
class WfsResult:
    """Features of one layer, and the warnings raised while paging."""

    features: list = field(default_factory=list)
    warnings: list = field(default_factory=list)
    crs_member: dict | None = None
    requests: int = 0


def cql_in(field_name: str, values: list[str]) -> str:
    """Return an ECQL ``IN`` filter; quotes inside values are doubled as ECQL requires."""
    quoted = ",".join("'" + value.replace("'", "''") + "'" for value in values)
    return f"{field_name} IN ({quoted})"


def chunks(values: list[str], size: int) -> list[list[str]]:
    """Split ``values`` into lists of at most ``size`` items."""
    return [values[start : start + size] for start in range(0, len(values), size)]


def get_features(downloader: Downloader, source_id: str, commune_codes: list[str], srs: str,
                 chunk_size: int = CHUNK_SIZE, page_size: int | None = None) -> WfsResult:
    """Fetch every feature whose commune code is in ``commune_codes``, paging each chunk."""
    entry = endpoints.endpoint(source_id)
    result = WfsResult()
    seen: set = set()
    code_chunks = chunks(sorted(set(commune_codes)), chunk_size)
    for index, chunk in enumerate(code_chunks, 1):
        downloader.report_step(index, len(code_chunks), tr("{typename}: communes {first} to {last}").format(
            typename=entry["typename"], first=chunk[0], last=chunk[-1]))
        filter_text = cql_in(entry.get("code_field", "code_insee"), chunk)
        for feature in _paged(downloader, source_id, entry, filter_text, srs, page_size, result):
            identifier = feature.get("id") or (feature.get("properties") or {}).get(entry.get("sort_by", "cleabs"))
            if identifier in seen and identifier is not None:
                continue
            seen.add(identifier)
            result.features.append(feature)
    return result


def _base_params(entry: dict, srs: str, filter_text: str, count: int) -> dict:
    return {
        "SERVICE": "WFS", "VERSION": "2.0.0", "REQUEST": "GetFeature", "TYPENAMES": entry["typename"],
        "OUTPUTFORMAT": "application/json", "SRSNAME": srs, "SORTBY": entry.get("sort_by", "cleabs"),
        "COUNT": count, "CQL_FILTER": filter_text,
    }


def _paged(downloader, source_id: str, entry: dict, filter_text: str, srs: str, page_size, result: WfsResult):
    """Yield the features of one filter, page after page, and check the total."""
    count = int(page_size or entry.get("page_size", 5000))
    params = _base_params(entry, srs, filter_text, count)
    start, received, matched = 0, 0, None
    while True:
        page = downloader.fetch_json(entry["url"], {**params, "STARTINDEX": start}, source_id=source_id,
                                     expect="geojson")
        result.requests += 1
        result.crs_member = result.crs_member or page.get("crs")
        features = page.get("features") or []
        matched = _number_matched(page, matched)
        received += len(features)
        yield from features
        start += len(features)
        if not _more_pages(features, count, matched, received, entry, result):
            break
    if matched is not None and received != matched:
        raise DataFormatError(tr(
            "The WFS « {typename} » announced {matched} features but returned {received}: the response is "
            "incomplete, so run again later."
        ).format(typename=entry["typename"], matched=group_thousands(matched), received=group_thousands(received)))


def _number_matched(page: dict, previous):
    value = page.get("numberMatched", page.get("totalFeatures"))
    return int(value) if isinstance(value, int) or (isinstance(value, str) and value.isdigit()) else previous


def _more_pages(features: list, count: int, matched, received: int, entry: dict, result: WfsResult) -> bool:
    """Tell whether another page must be requested."""
    if not features:
        return False
    if matched is not None:
        return received < matched
    if len(features) == count or len(features) in KNOWN_CAPS:
        warning = tr(
            "The WFS « {typename} » returned exactly {count} features on a page without saying how many "
            "match (no numberMatched): the server may cap its responses, so the next page is requested to check."
        ).format(typename=entry["typename"], count=group_thousands(len(features)))
        if warning not in result.warnings:
            result.warnings.append(warning)
            logger.warning("%s", warning)
        return True
    return False


def check_lambert93(features: list, srs: str) -> None:
    """Raise when EPSG:2154 coordinates fall outside metropolitan France (swapped axes, wrong CRS)."""
    if srs != "EPSG:2154" or not features:
        return
    x, y = _first_point((features[0].get("geometry") or {}).get("coordinates"))
    if x is None:
        return
    if not (LAMBERT93_X[0] <= x <= LAMBERT93_X[1] and LAMBERT93_Y[0] <= y <= LAMBERT93_Y[1]):
        raise DataFormatError(tr(
            "The WFS returned coordinates ({x}, {y}) outside metropolitan France in EPSG:2154: the server "
            "ignored SRSNAME or swapped the axes."
        ).format(x=round(x), y=round(y)))


def _first_point(coordinates):
    while isinstance(coordinates, list) and coordinates and isinstance(coordinates[0], list):
        coordinates = coordinates[0]
    if isinstance(coordinates, list) and len(coordinates) >= 2:
        return float(coordinates[0]), float(coordinates[1])
    return None, None


def write_geojson(result: WfsResult, srs: str, path: Path) -> Path:
    """Write the features with their CRS as one FeatureCollection, atomically."""
    default_crs = {"type": "name", "properties": {"name": "urn:ogc:def:crs:" + srs.replace(":", "::")}}
    crs_member = result.crs_member or default_crs
    collection = {"type": "FeatureCollection", "crs": crs_member, "features": result.features}
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".geojson")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            json.dump(collection, stream, ensure_ascii=False)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return path


def layer_geojson(downloader: Downloader, source_id: str, commune_codes: list[str], srs: str, path: Path,
                  page_size: int | None = None) -> tuple[Path, list[str]]:
    """Fetch a WFS layer for ``commune_codes`` in ``srs`` and write it to ``path``; return it with warnings."""
    if not commune_codes:
        raise InvalidInputError(tr("No commune code given for the WFS request."))
    result = get_features(downloader, source_id, commune_codes, srs, page_size=page_size)
    if not result.features:
        raise DataFormatError(tr("The WFS « {typename} » returned no feature for the {count} communes of the "
                                 "territory: check the codes and the COG year.").format(
            typename=endpoints.endpoint(source_id)["typename"], count=group_thousands(len(commune_codes))))
    check_lambert93(result.features, srs)
    return write_geojson(result, srs, path), result.warnings


def fetch_layer(territory, downloader: Downloader, work_dir: Path, source_id: str = IRIS_SOURCE):
    """Download the IRIS contours (or ADMIN EXPRESS communes) of a resolved territory."""
    from territorial_health_plugin.core.readers import GeometrySource

    is_iris = source_id == IRIS_SOURCE
    commune_codes = territory.iris_commune_codes if is_iris else territory.commune_codes
    name = "iris-wfs.geojson" if is_iris else "communes-wfs.geojson"
    path, warnings = layer_geojson(downloader, source_id, commune_codes, territory.crs, Path(work_dir) / name)
    entry = endpoints.endpoint(source_id)
    provenance = {
        "producer": entry.get("producer", ""), "url": entry["url"], "typename": entry["typename"],
        "licence": entry.get("licence", ""), "page": entry.get("page", ""), "origin": downloader.mode,
    }
    code_field = "code_iris" if is_iris else "code_insee"
    return GeometrySource("iris" if is_iris else "communes", path, "", code_field, territory.crs, provenance, warnings)
