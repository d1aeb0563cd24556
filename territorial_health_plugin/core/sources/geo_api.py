"""geo.api.gouv.fr (API Découpage administratif): commune contours and EPCI lists.

Contours are always requested with a filter (EPCI, département, parent commune or one code):
the API returns HTTP 400 for an unfiltered GeoJSON or contour request, and a whole région with
contours is tens of megabytes. A région is fetched département by département. When a
département request fails with a server error (502 on heavy contour requests), the client
falls back to its EPCIs, then to single communes, all cached by the downloader.

The result is one GeoJSON FeatureCollection in EPSG:4326 where every geometry is a
MultiPolygon (the API mixes Polygon and MultiPolygon) and list properties such as
``codesPostaux`` are joined with commas, so that OGR writes one geometry type and plain fields.
"""

from __future__ import annotations

import json
import logging
import os
import tempfile
from pathlib import Path

from territorial_health_plugin.core import codes, endpoints
from territorial_health_plugin.core.network import Downloader, HttpStatusError
from territorial_health_plugin.toolbelt.errors import DataFormatError, InvalidInputError
from territorial_health_plugin.toolbelt.i18n import tr

logger = logging.getLogger(__name__)

CONTOUR_PARAMS = {"format": "geojson", "geometry": "contour"}
PLM_PARENTS = ("75056", "13055", "69123")
CODE_FIELD = "code"


# -- requests ------------------------------------------------------------------------------------


def _features(downloader: Downloader, source_id: str, params: dict, **placeholders) -> list[dict]:
    """Fetch one GeoJSON response and return its features (a single Feature becomes a list of one)."""
    url = downloader.source_url(source_id, **placeholders)
    data = downloader.fetch_json(url, {**params, **CONTOUR_PARAMS}, source_id=source_id, expect="geojson")
    if data.get("type") == "Feature":
        return [data]
    return list(data.get("features") or [])


def communes_of_epci(downloader: Downloader, siren: str) -> list[dict]:
    """Return the contour features of the communes of an EPCI (SIREN code, 9 digits)."""
    if not (isinstance(siren, str) and siren.isdigit() and len(siren) == 9):
        raise InvalidInputError(tr("Invalid EPCI code « {code} »: an EPCI is named by its 9-digit SIREN, "
                                   "for example 200093201.").format(code=siren))
    return _features(downloader, "geo_api.communes", {"codeEpci": siren})


def communes_of_departement(downloader: Downloader, departement: str) -> list[dict]:
    """Return the contour features of a département's communes, with smaller chunks after a 5xx."""
    if not codes.is_departement_code(departement):
        raise InvalidInputError(tr("Invalid département code « {code} »: for example 59, 2A or 974.").format(
            code=departement))
    try:
        return _features(downloader, "geo_api.communes", {"codeDepartement": departement})
    except HttpStatusError as error:
        if error.status < 500:
            raise
        logger.warning("geo.api.gouv.fr returned HTTP %s for département %s: fetching it by EPCI",
                       error.status, departement)
        return _departement_by_chunks(downloader, departement)


def _departement_by_chunks(downloader: Downloader, departement: str) -> list[dict]:
    """Fetch a département EPCI by EPCI, then the communes no EPCI covered one by one."""
    listing = downloader.fetch_json(
        downloader.source_url("geo_api.communes"),
        {"codeDepartement": departement, "fields": "code,codeEpci"}, source_id="geo_api.communes",
    )
    wanted = {row["code"] for row in listing}
    features: dict[str, dict] = {}
    for siren in sorted({row.get("codeEpci") for row in listing if row.get("codeEpci")}):
        for feature in communes_of_epci(downloader, siren):
            code = feature["properties"].get("code")
            if code in wanted:
                features[code] = feature
    for code in sorted(wanted - set(features)):
        features.update((feature["properties"]["code"], feature) for feature in commune(downloader, code))
    return [features[code] for code in sorted(features)]


def commune(downloader: Downloader, code: str) -> list[dict]:
    """Return the contour of one commune (the API returns a single Feature)."""
    if not codes.is_commune_code(code):
        codes.departement_of(code)  # raises the French message for an invalid code
    url = downloader.source_url("geo_api.communes") + "/" + code
    data = downloader.fetch_json(url, CONTOUR_PARAMS, source_id="geo_api.communes", expect="geojson")
    return [data] if data.get("type") == "Feature" else list(data.get("features") or [])


def departements_of_region(downloader: Downloader, region: str) -> list[str]:
    """Return the codes of the départements of a région."""
    rows = downloader.fetch_json(downloader.source_url("geo_api.region_departements", code=region),
                                 {"fields": "code"}, source_id="geo_api.region_departements")
    return [row["code"] for row in rows]


def communes_of_region(downloader: Downloader, region: str) -> list[dict]:
    """Return the contour features of a région's communes, fetched département by département."""
    features = []
    departements = departements_of_region(downloader, region)
    for index, departement in enumerate(departements, 1):
        downloader.report_step(index, len(departements), tr("Communes of département {code}").format(code=departement))
        features.extend(communes_of_departement(downloader, departement))
    return features


def communes_by_codes(downloader: Downloader, commune_codes: list[str]) -> list[dict]:
    """Return the contours of a list of communes, one request per département (then filtered)."""
    wanted = list(dict.fromkeys(commune_codes))
    by_departement: dict[str, set] = {}
    for code in wanted:
        by_departement.setdefault(codes.departement_of(code), set()).add(code)
    found = {}
    for departement, members in by_departement.items():
        for feature in communes_of_departement(downloader, departement):
            if feature["properties"].get("code") in members:
                found[feature["properties"]["code"]] = feature
    for code in wanted:
        if code not in found and code[:5] not in PLM_PARENTS:
            found.update((item["properties"]["code"], item) for item in _arrondissement_or_none(downloader, code))
    return [found[code] for code in wanted if code in found]


def _arrondissement_or_none(downloader: Downloader, code: str) -> list[dict]:
    """Return the contour of an arrondissement municipal (absent from département responses)."""
    for parent in PLM_PARENTS:
        if code[:2] == parent[:2]:
            return [item for item in arrondissements(downloader, parent) if item["properties"].get("code") == code]
    return []


def arrondissements(downloader: Downloader, parent: str) -> list[dict]:
    """Return the contours of the arrondissements municipaux of Paris, Lyon or Marseille."""
    if parent not in PLM_PARENTS:
        raise InvalidInputError(tr("« {code} » has no arrondissements municipaux: only Paris (75056), "
                                   "Marseille (13055) and Lyon (69123) have.").format(code=parent))
    return _features(downloader, "geo_api.communes", {"type": "arrondissement-municipal", "codeParent": parent})


def epcis(downloader: Downloader, departement: str = "", region: str = "") -> list[dict]:
    """Return the EPCIs (code, nom, population…) of a département or a région, without contours."""
    params = {"fields": "nom,code,codesDepartements,codesRegions,population,type"}
    if departement:
        params["codeDepartement"] = departement
    if region:
        params["codeRegion"] = region
    return downloader.fetch_json(downloader.source_url("geo_api.epcis"), params, source_id="geo_api.epcis")


# -- output --------------------------------------------------------------------------------------


def as_multipolygon(geometry: dict | None) -> dict | None:
    """Return a Polygon as a one-part MultiPolygon; other geometries unchanged."""
    if geometry and geometry.get("type") == "Polygon":
        return {"type": "MultiPolygon", "coordinates": [geometry["coordinates"]]}
    return geometry


def normalise_feature(feature: dict) -> dict:
    """Return a feature with a MultiPolygon geometry and list properties joined with commas."""
    properties = {
        key: ",".join(str(item) for item in value) if isinstance(value, list) else value
        for key, value in (feature.get("properties") or {}).items()
        if not isinstance(value, dict)
    }
    return {"type": "Feature", "properties": properties, "geometry": as_multipolygon(feature.get("geometry"))}


def write_geojson(features: list[dict], path: Path) -> Path:
    """Write features as one FeatureCollection, atomically (temporary file, then rename)."""
    for feature in features:
        geometry = feature.get("geometry") or {}
        if geometry.get("type") not in ("Polygon", "MultiPolygon"):
            raise DataFormatError(tr("geo.api.gouv.fr returned commune « {code} » without a contour.").format(
                code=(feature.get("properties") or {}).get("code", "?")))
    collection = {"type": "FeatureCollection", "features": [normalise_feature(item) for item in features]}
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


def communes_geojson(downloader: Downloader, kind: str, value, path: Path) -> Path:
    """Fetch the communes of a territory and write them to ``path``; return ``path``.

    ``kind`` is ``epci``, ``departement``, ``region``, ``commune`` or ``communes`` (then ``value``
    is a list of codes), or ``arrondissements`` (``value`` is 75056, 13055 or 69123).
    """
    fetchers = {
        "epci": communes_of_epci,
        "departement": communes_of_departement,
        "region": communes_of_region,
        "arrondissements": arrondissements,
        "commune": lambda down, code: communes_by_codes(down, [code]),
        "communes": communes_by_codes,
    }
    if kind not in fetchers:
        raise InvalidInputError(tr("Unknown territory kind « {kind} » for geo.api.gouv.fr: use epci, departement, "
                                   "region, commune or communes.").format(kind=kind))
    features = fetchers[kind](downloader, value)
    if not features:
        raise DataFormatError(tr("geo.api.gouv.fr returned no commune for {kind} « {value} »: check the code.")
                              .format(kind=kind, value=value))
    return write_geojson(features, path)


def fetch_layer(territory, downloader: Downloader, work_dir: Path):
    """Download the communes of a resolved territory as a GeometrySource (code field ``code``)."""
    from territorial_health_plugin.core.readers import GeometrySource

    kind = territory.kind if territory.kind in ("epci", "departement", "region") else "communes"
    value = territory.code if kind != "communes" else territory.commune_codes
    path = communes_geojson(downloader, kind, value, Path(work_dir) / "communes-geo-api.geojson")
    entry = endpoints.endpoint("geo_api.communes")
    provenance = {
        "producer": entry.get("producer", ""), "url": entry["url"], "licence": entry.get("licence", ""),
        "page": entry.get("page", ""), "origin": downloader.mode,
    }
    return GeometrySource("communes", path, "", CODE_FIELD, "EPSG:4326", provenance)
