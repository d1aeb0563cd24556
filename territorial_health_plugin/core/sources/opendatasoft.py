"""Opendatasoft Explore API v2.1 (DREES, Assurance Maladie portals): exports and licences.

Bulk data comes from the export endpoint
``/api/explore/v2.1/catalog/datasets/{id}/exports/csv``, filtered with ``where`` and
``select``, which has no row limit. The paged ``/records`` endpoint stops at offset + limit =
10 000 and is never used for data. The licence comes from the catalog entry of the dataset,
``metas.default.license``.
"""

from __future__ import annotations

from territorial_health_plugin.core.network import Downloader, FetchResult
from territorial_health_plugin.toolbelt.errors import DataFormatError, InvalidInputError
from territorial_health_plugin.toolbelt.i18n import tr

PORTALS = ("drees", "ameli")
EXPORT_FORMATS = {"csv": "csv", "json": "json", "geojson": "geojson", "xlsx": "xlsx"}


def _check_portal(portal: str) -> None:
    if portal not in PORTALS:
        raise InvalidInputError(tr("Unknown Opendatasoft portal « {portal} »: use one of {portals}.").format(
            portal=portal, portals=", ".join(PORTALS)))


def export(downloader: Downloader, portal: str, dataset_id: str, where: str = "", select: str = "",
           fmt: str = "csv") -> FetchResult:
    """Download a whole dataset (or the rows matching ``where``) through the export endpoint.

    CSV exports use ``;`` as delimiter, no BOM and field names rather than labels, so that the
    readers find the columns by their ids.
    """
    _check_portal(portal)
    if fmt not in EXPORT_FORMATS:
        raise InvalidInputError(tr("Unknown export format « {format} »: use csv, json, geojson or xlsx.").format(
            format=fmt))
    source_id = f"opendatasoft.{portal}.export"
    url = downloader.source_url(source_id, dataset=dataset_id, format=fmt)
    params = {"use_labels": "false"}
    if fmt == "csv":
        params.update(delimiter=";", with_bom="false")
    if where:
        params["where"] = where
    if select:
        params["select"] = select
    return downloader.fetch(url, params, source_id=source_id, expect=EXPORT_FORMATS[fmt])


def catalog_entry(downloader: Downloader, portal: str, dataset_id: str) -> dict:
    """Return the catalog description of a dataset (fields, metas, attachments)."""
    _check_portal(portal)
    source_id = f"opendatasoft.{portal}.catalog"
    return downloader.fetch_json(downloader.source_url(source_id, dataset=dataset_id), source_id=source_id)


def licence(downloader: Downloader, portal: str, dataset_id: str) -> str:
    """Return the licence shown by the portal for a dataset (``metas.default.license``)."""
    entry = catalog_entry(downloader, portal, dataset_id)
    value = ((entry.get("metas") or {}).get("default") or {}).get("license")
    if not value:
        raise DataFormatError(tr("The catalog entry of « {dataset} » on {portal} has no licence "
                                 "(metas.default.license).").format(dataset=dataset_id, portal=portal))
    return value
