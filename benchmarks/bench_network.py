"""Download cache: bytes and time of a cold run, a revalidated second run and a cache-only run.

A mock server on 127.0.0.1 (``tests/mock_http.py``) serves 20 files of 512 KiB with ETags and
the recorded geo.api.gouv.fr response, and every run fetches the same 21 URLs through QGIS's network
stack into a fresh cache folder under ``bench-output/network/``:

- ``network.cold_s`` / ``network.cold_bytes``: first run, empty cache;
- ``network.second_run_s`` / ``network.second_run_bytes``: a new downloader on the same cache,
  every file revalidated with If-None-Match (304); the bytes must be 0;
- ``network.cache_only_s``: ``mode="cache"``, no request at all.

Loopback transfers measure the plugin's own overhead (request set-up, checks, atomic writes),
not a real network's latency or bandwidth.
"""

from __future__ import annotations

import os
import shutil
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "bench-output" / "network"
FILE_COUNT = 20
FILE_SIZE = 512 * 1024
GEO_SAMPLE = ROOT / "tests" / "data" / "http" / "geo_api_gouv" / "departement_36_communes_contour_first6.json"


def _fetch_all(downloader, urls) -> float:
    started = time.perf_counter()
    for url, kind in urls:
        downloader.fetch(url, expect=kind)
    return round(time.perf_counter() - started, 3)


def run(results: dict) -> None:
    sys.path.insert(0, str(ROOT))
    from territorial_health_plugin.core.cache import Cache
    from territorial_health_plugin.core.network import Downloader
    from tests.mock_http import MockResponse, MockServer, json_response

    shutil.rmtree(WORK, ignore_errors=True)
    cache = Cache(WORK / "cache")
    with MockServer() as server:
        urls = []
        for number in range(FILE_COUNT):
            body = os.urandom(FILE_SIZE // 2).hex().encode()
            server.add(f"/file-{number}.csv", MockResponse(body=b"code;valeur\n" + body, etag=f'"f{number}"'))
            urls.append((server.url(f"/file-{number}.csv"), "csv"))
        server.add("/communes", json_response(GEO_SAMPLE.read_bytes(), etag='"geo"'))
        urls.append((server.url("/communes") + "?codeDepartement=36&format=geojson&geometry=contour", "geojson"))

        cold = Downloader(cache=cache)
        results["network.cold_s"] = _fetch_all(cold, urls)
        results["network.cold_bytes"] = cold.stats["bytes"]

        second = Downloader(cache=cache)
        results["network.second_run_s"] = _fetch_all(second, urls)
        results["network.second_run_bytes"] = second.stats["bytes"]
        results["network.second_run_requests"] = second.stats["requests"]

    offline = Downloader(cache=cache, mode="cache")
    results["network.cache_only_s"] = _fetch_all(offline, urls)
    if results["network.second_run_bytes"] != 0:
        raise AssertionError(f"second run downloaded {results['network.second_run_bytes']} bytes, expected 0")
