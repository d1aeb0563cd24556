"""Time the territory steps: reading the embedded reference, resolving a région, searching.

Each figure is the median of several runs, in seconds. The reference is read from disk
again for every run of ``load_reference_s`` (the process cache is cleared), because that
is what the first diagnostic of a QGIS session pays.
"""

from __future__ import annotations

import statistics
import time

RUNS = 5
SEARCHES = ("lille", "st etienne", "metropole europeenne", "corse", "59350", "sainte marie")


def _median_seconds(function, runs: int = RUNS) -> float:
    durations = []
    for _ in range(runs):
        started = time.perf_counter()
        function()
        durations.append(time.perf_counter() - started)
    return round(statistics.median(durations), 4)


def run(results: dict) -> None:
    """Add ``territory.*`` figures to ``results``."""
    from territorial_health_plugin.core import reference, territory

    def load():
        reference.load_reference.cache_clear()
        reference.load_reference()

    results["territory.load_reference_s"] = _median_seconds(load)

    reference.load_reference()
    results["territory.resolve_region_s"] = _median_seconds(lambda: territory.resolve("region:32"))
    results["territory.resolve_epci_s"] = _median_seconds(lambda: territory.resolve("epci:200093201"))

    def build_index():
        territory.search_index.cache_clear()
        territory.search_index()

    results["territory.search_index_build_s"] = _median_seconds(build_index)

    def search_all():
        for text in SEARCHES:
            territory.search(text)

    results["territory.search_s"] = round(_median_seconds(search_all) / len(SEARCHES), 4)
