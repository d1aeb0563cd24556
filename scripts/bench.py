#!/usr/bin/env python3
"""Run the benchmarks and record their figures.

Each module ``benchmarks/bench_*.py`` has a function ``run(results: dict) -> None`` that adds
its figures to ``results`` under keys that say what they are (``territory.load_reference_s``,
``join.speedup_vs_native``…). The figures go to ``bench-output/results.json``; the benchmark
page ``docs/benchmarks.md`` quotes them.
"""

from __future__ import annotations

import importlib.util
import json
import os
import platform
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "bench-output" / "results.json"


def machine() -> dict:
    """Describe the machine the figures come from."""
    return {
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "date": time.strftime("%Y-%m-%d %H:%M:%S"),
    }


def main() -> int:
    sys.path.insert(0, str(ROOT))
    from territorial_health_plugin.toolbelt.qgis_app import start_headless_qgis

    start_headless_qgis()
    selected = sys.argv[1:]
    # A run of some benchmarks keeps the figures that the others recorded before.
    results: dict = {}
    if selected and OUTPUT.exists():
        results = json.loads(OUTPUT.read_text(encoding="utf-8"))
    results["machine"] = machine()
    for path in sorted((ROOT / "benchmarks").glob("bench_*.py")):
        if selected and path.stem.removeprefix("bench_") not in selected:
            continue
        spec = importlib.util.spec_from_file_location(path.stem, path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        print(f"== {path.stem}", flush=True)
        started = time.perf_counter()
        module.run(results)
        results[f"{path.stem.removeprefix('bench_')}.total_s"] = round(time.perf_counter() - started, 3)

    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    OUTPUT.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    for key, value in results.items():
        if key != "machine":
            print(f"{key}: {value}")
    print(f"figures written to {OUTPUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
