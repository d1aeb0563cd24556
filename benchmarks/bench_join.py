"""Join a national-size IRIS table to its geometries: pandas merge versus QGIS's native join.

Inputs, generated once into ``bench-output/join/``: 49 000 square IRIS polygons and a table of
49 000 rows × 30 indicator columns, both in one GeoPackage so that every variant reads the
same file. Four variants write the same output (geometries + key + 30 REAL fields + R-tree):

- ``join.pandas_s``: the plugin's way: read the codes and feature ids of the geometries
  (:func:`core.joins.read_geometry_keys`) and the table, merge in pandas
  (:func:`core.joins.join_frames`), write the GeoPackage once (:mod:`core.geopackage`);
- ``join.io_only_s``: the same reads and write, the rows paired by position without a merge,
  which is the floor the join can reach;
- ``join.native_s``: ``native:joinattributestable`` (one-to-one) writing a GeoPackage;
- ``join.old_writer_s``: the plugin's join before :mod:`core.gpkg_fast` (QgsGeometry read into
  Python, features written one by one through ``QgsVectorFileWriter``), for the record.

The plugin's join, the floor and the native join are each the best of 3 runs. The native join
copies the 30 indicators only (``FIELDS_TO_COPY``), so it writes no second key or fid column.

``join.step_*_s`` split the fastest of 3 timed runs of the plugin's join into its steps. The
``join.floor_*_s`` figures bound what any writer built on Python's :mod:`sqlite3` can reach:
creating the 1.47 million Python floats from numpy, binding and inserting 49 000 ready-made
rows of 32 values, and SQLite copying the finished layer table in C (``INSERT … SELECT``).

``join.virtual_iterate_s`` times what a live QGIS join (QgsVectorLayerJoinInfo) costs each time
the layer is drawn or filtered: one pass over every feature with its joined attributes.
``join.style_s``, ``join.first_render_s`` and ``join.filtered_features`` check, on
the plugin's output: classify and style 49 000 polygons, draw them once, filter by expression.
"""

from __future__ import annotations

import random
import sqlite3
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "bench-output" / "join"
IRIS_COUNT = 49_000
INDICATOR_COUNT = 30
GRID = 250


def generate_inputs() -> Path:
    """Write ``inputs.gpkg`` with layer ``iris`` (squares) and table ``indicateurs``, once."""
    from qgis.core import QgsCoordinateReferenceSystem, QgsGeometry

    from territorial_health_plugin.core import geopackage

    path = WORK / "inputs.gpkg"
    if path.exists():
        return path
    WORK.mkdir(parents=True, exist_ok=True)
    codes = [f"{59000 + n // 100:05d}{n % 100:04d}" for n in range(IRIS_COUNT)]
    geometries = {}
    for n, code in enumerate(codes):
        x, y = 600_000 + (n % GRID) * 200, 6_900_000 + (n // GRID) * 200
        geometries[code] = QgsGeometry.fromWkt(f"POLYGON(({x} {y},{x + 190} {y},{x + 190} {y + 190},{x} {y + 190},"
                                               f"{x} {y}))")
    generator = random.Random(42)
    table = pd.DataFrame({"code_iris": codes})
    for index in range(INDICATOR_COUNT):
        table[f"ind_{index:02d}"] = [generator.uniform(0, 100) for _ in codes]
    # The table lists the IRIS in another order than the layer, as real files do.
    table = table.sample(frac=1.0, random_state=7).reset_index(drop=True)

    crs = QgsCoordinateReferenceSystem("EPSG:2154")
    layers = [geopackage.LayerSpec("iris", pd.DataFrame({"code_iris": codes}), "code_iris", geometries, crs),
              geopackage.LayerSpec("indicateurs", table)]
    geopackage.write_geopackage(path, layers, crs)
    return path


def read_table(path: Path) -> pd.DataFrame:
    """Read the indicator table of the inputs into pandas.

    GDAL's columnar reader (``GetArrowStreamAsNumPy``, GDAL >= 3.6) is used when present,
    otherwise SQLite (a GeoPackage table is an SQLite table). The plugin's join and its floor
    both read the table this way, so the reader does not favour either.
    """
    from osgeo import ogr

    dataset = ogr.Open(str(path))
    layer = dataset.GetLayerByName("indicateurs")
    if hasattr(layer, "GetArrowStreamAsNumPy"):
        batches = list(layer.GetArrowStreamAsNumPy(options=["USE_MASKED_ARRAYS=NO"]))
        table = pd.DataFrame({name: np.concatenate([batch[name] for batch in batches]) for name in batches[0]})
        # A list comprehension decodes the 49 000 codes in a third of the time of .str.decode().
        table["code_iris"] = [value.decode("utf-8") for value in table["code_iris"]]
    else:
        with sqlite3.connect(path) as connection:
            table = pd.read_sql_query("SELECT * FROM indicateurs", connection)
    dataset = None
    return table.drop(columns=[column for column in table.columns if column == "fid"])


def pandas_join(inputs: Path, output: Path) -> None:
    """Join as the plugin does: read codes and table, merge in pandas, write once.

    The geometries are never read into Python: :func:`core.joins.read_geometry_keys` reads the
    codes and feature ids, and the writer copies the geometry blobs in SQL.
    """
    from territorial_health_plugin.core import geopackage, joins

    geometry = joins.read_geometry_keys(geopackage.open_layer(inputs, "iris"), "code_iris")
    merged, report = joins.join_frames("bench", geometry.frame[["code_iris"]], read_table(inputs), "code_iris")
    assert report.matched == IRIS_COUNT, report.to_dict()["matched"]
    spec = geopackage.LayerSpec("iris", merged, "code_iris", geometry.geometries, geometry.crs)
    geopackage.write_geopackage(output, [spec], geometry.crs)


def io_only(inputs: Path, output: Path) -> None:
    """Read the same inputs and write the same output, pairing rows by position (no merge)."""
    from territorial_health_plugin.core import geopackage, joins

    geometry = joins.read_geometry_keys(geopackage.open_layer(inputs, "iris"), "code_iris")
    table = read_table(inputs)
    table["code_iris"] = geometry.frame["code_iris"].to_numpy()
    spec = geopackage.LayerSpec("iris", table, "code_iris", geometry.geometries, geometry.crs)
    geopackage.write_geopackage(output, [spec], geometry.crs)


def old_writer_join(inputs: Path, output: Path) -> None:
    """Join as the plugin did before :mod:`core.gpkg_fast`: QgsGeometry objects, one feature at a time."""
    from territorial_health_plugin.core import geopackage, joins

    geometry = joins.read_geometries(geopackage.open_layer(inputs, "iris"), "code_iris")
    merged, _ = joins.join_frames("bench", geometry.frame[["code_iris"]], read_table(inputs), "code_iris")
    spec = geopackage.LayerSpec("iris", merged, "code_iris", geometry.geometries, geometry.crs)
    geopackage.write_geopackage_qgis(output, [spec], geometry.crs)


def native_join(inputs: Path, output: Path) -> None:
    """QGIS's own ``native:joinattributestable``, one-to-one, into a GeoPackage."""
    import processing

    processing.run("native:joinattributestable", {
        "INPUT": f"{inputs}|layername=iris", "FIELD": "code_iris",
        "INPUT_2": f"{inputs}|layername=indicateurs", "FIELD_2": "code_iris",
        "FIELDS_TO_COPY": [f"ind_{index:02d}" for index in range(INDICATOR_COUNT)],
        "METHOD": 1, "DISCARD_NONMATCHING": False, "PREFIX": "",
        "OUTPUT": str(output),
    })


def pandas_join_steps(inputs: Path, output: Path) -> dict:
    """Run :func:`pandas_join` once and return the seconds of each of its steps."""
    from territorial_health_plugin.core import geopackage, joins

    seconds = {}
    started = time.perf_counter()
    geometry = joins.read_geometry_keys(geopackage.open_layer(inputs, "iris"), "code_iris")
    seconds["read_keys"] = time.perf_counter() - started
    started = time.perf_counter()
    table = read_table(inputs)
    seconds["read_table"] = time.perf_counter() - started
    started = time.perf_counter()
    merged, _ = joins.join_frames("bench", geometry.frame[["code_iris"]], table, "code_iris")
    seconds["merge"] = time.perf_counter() - started
    started = time.perf_counter()
    spec = geopackage.LayerSpec("iris", merged, "code_iris", geometry.geometries, geometry.crs)
    geopackage.write_geopackage(output, [spec], geometry.crs)
    seconds["write"] = time.perf_counter() - started
    return seconds


def fastest_steps(inputs: Path, repeats: int) -> dict:
    """Return the steps of the fastest of ``repeats`` runs of :func:`pandas_join_steps`."""
    runs = []
    for _ in range(repeats):
        output = WORK / "steps.gpkg"
        output.unlink(missing_ok=True)
        runs.append(pandas_join_steps(inputs, output))
    return min(runs, key=lambda steps: sum(steps.values()))


def sqlite_floors(joined: Path, repeats: int = 3) -> dict:
    """Return the best seconds of three lower bounds of writing the joined rows with Python's sqlite3.

    - ``python_values``: create the Python floats of the 30 indicator columns from numpy, 2 000
      rows at a time;
    - ``sqlite_insert``: bind and insert 49 000 rows of fid, code and 30 floats, all already
      Python objects, 16 rows per statement, into a fresh table without geometry;
    - ``sqlite_copy``: copy the plugin's finished layer table (geometry, key, 30 REAL) into a
      fresh table in C with ``INSERT … SELECT``, which is SQLite's own cost for these rows.
    """
    from contextlib import closing

    with closing(sqlite3.connect(joined)) as connection:
        frame = pd.read_sql_query("SELECT * FROM iris", connection)
        schema = connection.execute("SELECT sql FROM sqlite_master WHERE name = 'iris'").fetchone()[0]
    block = frame[[f"ind_{index:02d}" for index in range(INDICATOR_COUNT)]].to_numpy()
    rows_per_statement = 16
    full = len(frame) - len(frame) % rows_per_statement
    objects = np.empty((full, 2 + INDICATOR_COUNT), dtype=object)
    objects[:, 0] = frame["fid"].tolist()[:full]
    objects[:, 1] = frame["code_iris"].tolist()[:full]
    objects[:, 2:] = block[:full]
    parameters = objects.reshape(-1, rows_per_statement * objects.shape[1]).tolist()
    row = "(" + ", ".join("?" for _ in range(objects.shape[1])) + ")"
    names = ", ".join(["fid", "code_iris", *[f"ind_{index:02d}" for index in range(INDICATOR_COUNT)]])
    insert = f"INSERT INTO iris ({names}) VALUES " + ", ".join([row] * rows_per_statement)

    def fresh(name: str) -> sqlite3.Connection:
        path = WORK / name
        path.unlink(missing_ok=True)
        connection = sqlite3.connect(path, isolation_level=None)
        connection.execute("PRAGMA synchronous = OFF")
        connection.execute("PRAGMA journal_mode = MEMORY")
        connection.execute(schema)
        return connection

    def python_values() -> None:
        # Batch by batch, as the plugin's writer makes them (core.gpkg_fast.BATCH_SIZE rows).
        for start in range(0, len(block), 2000):
            block[start:start + 2000].tolist()

    def sqlite_insert() -> None:
        with closing(fresh("floor_insert.sqlite")) as connection:
            connection.execute("BEGIN")
            connection.executemany(insert, parameters)
            connection.execute("COMMIT")

    def sqlite_copy() -> None:
        with closing(fresh("floor_copy.sqlite")) as connection:
            connection.execute("ATTACH DATABASE ? AS joined", (str(joined),))
            connection.execute("BEGIN")
            connection.execute("INSERT INTO main.iris SELECT * FROM joined.iris")
            connection.execute("COMMIT")

    floors = {}
    for name, step in (("python_values", python_values), ("sqlite_insert", sqlite_insert),
                       ("sqlite_copy", sqlite_copy)):
        best = float("inf")
        for _ in range(repeats):
            started = time.perf_counter()
            step()
            best = min(best, time.perf_counter() - started)
        floors[name] = best
    return floors


def virtual_iterate(inputs: Path, output: Path) -> None:
    """Iterate every feature of the IRIS layer through a live (virtual) join to the table."""
    from qgis.core import QgsProject, QgsVectorLayer, QgsVectorLayerJoinInfo

    project = QgsProject()
    iris = QgsVectorLayer(f"{inputs}|layername=iris", "iris", "ogr")
    table = QgsVectorLayer(f"{inputs}|layername=indicateurs", "indicateurs", "ogr")
    project.addMapLayers([iris, table])
    join = QgsVectorLayerJoinInfo()
    join.setJoinLayer(table)
    join.setJoinFieldName("code_iris")
    join.setTargetFieldName("code_iris")
    join.setUsingMemoryCache(True)
    iris.addJoin(join)
    count = sum(1 for _ in iris.getFeatures())
    assert count == IRIS_COUNT, count
    project.clear()


def start_processing() -> None:
    """Initialise QGIS's Processing framework (the Python plugin shipped with QGIS)."""
    for folder in ("/usr/share/qgis/python/plugins", "/usr/lib/qgis/python/plugins"):
        if Path(folder).is_dir() and folder not in sys.path:
            sys.path.append(folder)
    from processing.core.Processing import Processing
    from qgis.analysis import QgsNativeAlgorithms
    from qgis.core import QgsApplication

    Processing.initialize()
    if QgsApplication.processingRegistry().providerById("native") is None:
        QgsApplication.processingRegistry().addProvider(QgsNativeAlgorithms())


def timed(function, inputs: Path, name: str, repeats: int) -> float:
    """Return the best of ``repeats`` runs of ``function`` writing ``<name>.gpkg`` afresh."""
    best = float("inf")
    for _ in range(repeats):
        output = WORK / f"{name}.gpkg"
        output.unlink(missing_ok=True)
        started = time.perf_counter()
        function(inputs, output)
        best = min(best, time.perf_counter() - started)
    return best


def style_and_render(output: Path) -> tuple[float, float, int]:
    """Style the joined layer and draw it once; then filter it by expression.

    Returns the seconds to classify and build the choropleth, the seconds of the first render
    (1200 × 900 px, whole extent) and the count of features the filter keeps. The filter is a
    subset string on the GeoPackage layer, so OGR runs it as SQL: the layer stays an ``ogr``
    layer, with no join and no virtual layer (checked).
    """
    from qgis.core import QgsMapRendererSequentialJob, QgsMapSettings
    from qgis.PyQt.QtCore import QSize

    from territorial_health_plugin.core import geopackage, styling

    started = time.perf_counter()
    layer = geopackage.open_layer(output, "iris")
    renderer, _ = styling.choropleth_renderer(layer, "ind_00", 1, "%", True)
    layer.setRenderer(renderer)
    style_s = time.perf_counter() - started

    settings = QgsMapSettings()
    settings.setLayers([layer])
    settings.setDestinationCrs(layer.crs())
    settings.setExtent(layer.extent())
    settings.setOutputSize(QSize(1200, 900))
    started = time.perf_counter()
    job = QgsMapRendererSequentialJob(settings)
    job.start()
    job.waitForFinished()
    render_s = time.perf_counter() - started
    assert not job.renderedImage().isNull()

    layer.setSubsetString('"ind_00" > 50')
    assert layer.providerType() == "ogr", "the filter must not build a virtual layer"
    assert not layer.vectorJoins()
    return style_s, render_s, layer.featureCount()


def run(results: dict) -> None:
    """Measure the variants and add their figures to ``results``."""
    start_processing()
    inputs = generate_inputs()
    pandas_s = timed(pandas_join, inputs, "pandas", 3)
    io_s = timed(io_only, inputs, "io_only", 3)
    native_s = timed(native_join, inputs, "native", 3)
    old_s = timed(old_writer_join, inputs, "old_writer", 1)
    virtual_s = timed(virtual_iterate, inputs, "virtual", 1)
    steps = fastest_steps(inputs, 3)
    floors = sqlite_floors(WORK / "pandas.gpkg")
    style_s, render_s, filtered = style_and_render(WORK / "pandas.gpkg")

    results["join.rows"] = IRIS_COUNT
    results["join.indicators"] = INDICATOR_COUNT
    results["join.pandas_s"] = round(pandas_s, 3)
    results["join.io_only_s"] = round(io_s, 3)
    results["join.native_s"] = round(native_s, 3)
    results["join.old_writer_s"] = round(old_s, 3)
    results["join.virtual_iterate_s"] = round(virtual_s, 3)
    for name, seconds in steps.items():
        results[f"join.step_{name}_s"] = round(seconds, 3)
    for name, seconds in floors.items():
        results[f"join.floor_{name}_s"] = round(seconds, 3)
    results["join.speedup_vs_native"] = round(native_s / pandas_s, 2)
    results["join.io_ratio"] = round(pandas_s / io_s, 2)
    results["join.style_s"] = round(style_s, 3)
    results["join.first_render_s"] = round(render_s, 3)
    results["join.filtered_features"] = filtered
