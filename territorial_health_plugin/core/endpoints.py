"""Addresses of every public source, read from data files instead of code.

Each ``resources/sources/*.json`` file maps a source id (``geo_api.communes``) to an entry::

    {"url": "https://…", "producer": "…", "page": "https://… (human page)",
     "licence": "Licence Ouverte 2.0", "rate_per_s": 5, …}

An entry may add ``authcfg``, the id of a QGIS authentication configuration whose
credentials are sent with every request to that source (intranet mirrors). Keys starting with
``_`` (``_comment``) are ignored. The files are merged in name order and a
source id defined twice is an error. The environment variable ``TERRITORIAL_HEALTH_SOURCES``
names one more JSON file of the same form whose entries override the shipped ones, key by key
(an intranet mirror only needs ``{"insee.filosofi_iris": {"url": "http://mirror/…"}}``).
"""

from __future__ import annotations

import json
import os
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

from territorial_health_plugin.toolbelt.errors import DataSourceError
from territorial_health_plugin.toolbelt.i18n import tr
from territorial_health_plugin.toolbelt.resources import resource_path

OVERRIDE_ENV = "TERRITORIAL_HEALTH_SOURCES"


def sources_dir() -> Path:
    """Return the folder of the shipped endpoint files."""
    return resource_path("sources")


def _read_file(path: Path) -> dict[str, dict]:
    """Read one endpoint file, raising a French error that names the file when it is invalid."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise DataSourceError(
            tr("Sources file « {path} » cannot be read: {error}. Fix the JSON or remove the file.").format(
                path=path, error=error
            )
        ) from error
    if not isinstance(data, dict):
        raise DataSourceError(
            tr("Sources file « {path} » must contain a JSON object mapping source ids to entries.").format(path=path)
        )
    entries = {}
    for source_id, entry in data.items():
        if source_id.startswith("_"):
            continue
        if not isinstance(entry, dict):
            raise DataSourceError(
                tr("Source « {source} » in « {path} » must be a JSON object with at least « url ».").format(
                    source=source_id, path=path
                )
            )
        entries[source_id] = {**entry, "_file": str(path)}
    return entries


def _merge_shipped(folder: Path) -> dict[str, dict]:
    merged: dict[str, dict] = {}
    for path in sorted(folder.glob("*.json")):
        for source_id, entry in _read_file(path).items():
            if source_id in merged:
                raise DataSourceError(
                    tr("Source « {source} » is defined in both « {first} » and « {second} »: keep one.").format(
                        source=source_id, first=merged[source_id]["_file"], second=path
                    )
                )
            merged[source_id] = entry
    return merged


@lru_cache(maxsize=8)
def _load(folder: str, override: str) -> dict[str, dict]:
    merged = _merge_shipped(Path(folder))
    if override:
        path = Path(override)
        if not path.is_file():
            raise DataSourceError(
                tr("The file named by {variable} « {path} » does not exist: fix or unset the variable.").format(
                    variable=OVERRIDE_ENV, path=path
                )
            )
        for source_id, entry in _read_file(path).items():
            merged[source_id] = {**merged.get(source_id, {}), **entry}
    return merged


def load_endpoints() -> dict[str, dict]:
    """Return every endpoint entry by source id, shipped files merged, then the override file.

    Each entry also carries ``_file``: the file that last defined it, for error messages.
    """
    entries = _load(str(sources_dir()), os.environ.get(OVERRIDE_ENV, "").strip())
    return {source_id: dict(entry) for source_id, entry in entries.items()}


def clear_cache() -> None:
    """Forget the files read so far (tests and the options page call this after a change)."""
    _load.cache_clear()


def endpoint(source_id: str) -> dict:
    """Return the entry of ``source_id`` or raise a French error naming the id and the file to fix."""
    entries = load_endpoints()
    entry = entries.get(source_id)
    if entry is None or not entry.get("url"):
        raise DataSourceError(
            tr(
                "Unknown data source « {source} »: add it with its « url » to a file of {folder} "
                "or to the file named by {variable}."
            ).format(source=source_id, folder=sources_dir(), variable=OVERRIDE_ENV)
        )
    return entry


def source_file(source_id: str) -> str:
    """Return the file that defines ``source_id`` (or the shipped folder when it is unknown)."""
    entry = load_endpoints().get(source_id)
    return entry["_file"] if entry else str(sources_dir())


def rate_for_host(host: str) -> float | None:
    """Return the lowest ``rate_per_s`` declared for a host by any endpoint, None when none is."""
    rates = [
        float(entry["rate_per_s"])
        for entry in load_endpoints().values()
        if entry.get("rate_per_s") and urlsplit(entry.get("url", "")).hostname == host
    ]
    return min(rates) if rates else None
