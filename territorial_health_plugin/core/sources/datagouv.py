"""data.gouv.fr: the latest resource of a dataset, and the stable resource redirect.

``GET /api/1/datasets/{id}/`` lists a dataset's resources with their format, title and
``last_modified`` date; :func:`latest_resource` picks the most recent one that matches a format
and a title pattern. ``/fr/datasets/r/{resource_id}`` redirects to the current file of a
resource, so :func:`fetch_resource` follows it (QGIS's network stack follows redirects).
"""

from __future__ import annotations

import re

from territorial_health_plugin.core.network import Downloader, FetchResult
from territorial_health_plugin.toolbelt.errors import DataSourceError
from territorial_health_plugin.toolbelt.i18n import tr

DATASET_SOURCE = "datagouv.dataset"
RESOURCE_SOURCE = "datagouv.resource"


def dataset(downloader: Downloader, dataset_id: str) -> dict:
    """Return the JSON description of a dataset (by id, or slug although slugs may change)."""
    url = downloader.source_url(DATASET_SOURCE, dataset=dataset_id)
    return downloader.fetch_json(url, source_id=DATASET_SOURCE)


def latest_resource(downloader: Downloader, dataset_id: str, formats=(), title_pattern: str = "") -> dict:
    """Return the most recently modified resource whose format and title match.

    ``formats`` are compared case-insensitively with the resource's ``format`` (``csv``, ``zip``…);
    ``title_pattern`` is a regular expression searched in the title, case-insensitively.
    """
    resources = dataset(downloader, dataset_id).get("resources") or []
    wanted = {item.lower() for item in formats}
    pattern = re.compile(title_pattern, re.IGNORECASE) if title_pattern else None
    matching = [
        resource for resource in resources
        if (not wanted or (resource.get("format") or "").lower() in wanted)
        and (pattern is None or pattern.search(resource.get("title") or ""))
    ]
    if not matching:
        available = "; ".join(f"{item.get('title')} ({item.get('format')})" for item in resources) or "—"
        raise DataSourceError(tr(
            "No resource of the data.gouv.fr dataset « {dataset} » matches format {formats} and title "
            "« {pattern} ». Resources: {available}."
        ).format(dataset=dataset_id, formats=", ".join(formats) or "*", pattern=title_pattern, available=available))
    return max(matching, key=lambda resource: resource.get("last_modified") or resource.get("created_at") or "")


def fetch_resource(downloader: Downloader, resource_id: str, expect: str | None = None) -> FetchResult:
    """Download the current file of a resource through its stable redirect."""
    url = downloader.source_url(RESOURCE_SOURCE, resource=resource_id)
    return downloader.fetch(url, source_id=RESOURCE_SOURCE, expect=expect)


def fetch_latest(downloader: Downloader, dataset_id: str, formats=(), title_pattern: str = "",
                 expect: str | None = None) -> tuple[dict, FetchResult]:
    """Find the latest matching resource of a dataset and download it; return both."""
    resource = latest_resource(downloader, dataset_id, formats, title_pattern)
    result = downloader.fetch(resource["url"], source_id=DATASET_SOURCE, expect=expect)
    return resource, result
