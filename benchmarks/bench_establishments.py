"""Benchmark: FINESS establishments counted per IRIS by point in polygon.

Two generated sizes: a large département (1 600 IRIS, 3 000 establishments) and a région
(8 100 IRIS, 15 000 establishments). IRIS are 1 km squares in Lambert-93. Points are placed at
random with a fixed seed, so two runs count the same points.
"""

from __future__ import annotations

import random
import statistics
import time

import pandas as pd

SIZES = {"departement": (40, 3_000), "region": (90, 15_000)}
CATEGORIES = ["500", "611", "620"]
RUNS = 3


def grid(side: int) -> tuple[pd.DataFrame, dict]:
    """Return ``side`` × ``side`` square IRIS of 1 km and their geometries."""
    from qgis.core import QgsGeometry, QgsRectangle

    polygons = {}
    for row in range(side):
        for column in range(side):
            code = f"59{row:03d}{column:04d}"
            x, y = 650_000 + column * 1_000, 7_000_000 + row * 1_000
            polygons[code] = QgsGeometry.fromRect(QgsRectangle(x, y, x + 1_000, y + 1_000))
    frame = pd.DataFrame({"code_iris": list(polygons), "code_commune": [code[:5] for code in polygons]})
    return frame, polygons


def points_layer(side: int, count: int):
    """Return a memory layer of ``count`` establishments spread over the grid."""
    from qgis.core import QgsFeature, QgsGeometry, QgsPointXY, QgsVectorLayer

    generator = random.Random(20261204)
    layer = QgsVectorLayer("Point?crs=EPSG:2154&field=categetab:string&field=code_commune:string", "p", "memory")
    features = []
    for _ in range(count):
        feature = QgsFeature(layer.fields())
        x = 650_000 + generator.uniform(0, side * 1_000)
        y = 7_000_000 + generator.uniform(0, side * 1_000)
        feature.setAttributes([generator.choice(CATEGORIES), f"59{int((y - 7_000_000) // 1_000):03d}"])
        feature.setGeometry(QgsGeometry.fromPointXY(QgsPointXY(x, y)))
        features.append(feature)
    layer.dataProvider().addFeatures(features)
    return layer


def run(results: dict) -> None:
    """Time :func:`count_points_in_iris` for each size (median of :data:`RUNS` runs)."""
    from qgis.core import QgsCoordinateReferenceSystem

    from territorial_health_plugin.core import establishment_counts
    from territorial_health_plugin.core.readers import SourceTable

    crs = QgsCoordinateReferenceSystem("EPSG:2154")
    for name, (side, count) in SIZES.items():
        frame, polygons = grid(side)
        layer = points_layer(side, count)
        communes = sorted(set(frame["code_commune"]))
        counts = SourceTable(source_id="finess", level="commune",
                             frame=pd.DataFrame({"code_commune": communes, **{f"CAT_{c}": 0.0 for c in CATEGORIES}}))
        timings = []
        for _ in range(RUNS):
            started = time.perf_counter()
            result = establishment_counts.count_points_in_iris(layer, CATEGORIES, frame, polygons, crs, counts,
                                                               communes)
            timings.append(time.perf_counter() - started)
        assert result.counted == count, (result.counted, count)
        results[f"establishments.{name}_{len(polygons)}_iris_{count}_points_s"] = round(statistics.median(timings), 3)
