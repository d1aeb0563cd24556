"""FINESS establishments counted per IRIS by point in polygon, and their rates per 10 000 inhabitants.

FINESS gives each establishment the commune it is registered in and, for most, coordinates.
Commune counts come from that commune code, so every establishment counts there. IRIS counts
come from the coordinates: an establishment counts in the IRIS whose polygon contains its point.
An establishment without coordinates, or whose point lies in no IRIS of the territory, counts
at commune level only, and the join report gives how many.

The rate of each count per 10 000 inhabitants divides it by the census population (``POP`` of
the census IRIS base). At IRIS level it exists only where the census has that IRIS.
"""

from __future__ import annotations

import dataclasses
import logging
from dataclasses import dataclass, field

import pandas as pd

from territorial_health_plugin.core import harmonise, indicators, joins
from territorial_health_plugin.toolbelt.i18n import tr

logger = logging.getLogger(__name__)

FINESS_SOURCE = "finess"
POPULATION_SOURCE = "insee_rp_population"
POPULATION_COLUMN = "POP"
CATEGORY_PREFIX = "CAT_"
RATE_SCALE = 10_000.0
RATE_PREFIX = "dens_"
JOIN_NAME = "finess × iris"


@dataclass
class PointCounts:
    """Establishments counted per IRIS, and those counted at commune level only."""

    table: object
    iris_count: int
    counted: int = 0
    # Establishments counted per commune but not per IRIS, by current commune code.
    without_coordinates: dict[str, int] = field(default_factory=dict)
    outside_iris: dict[str, int] = field(default_factory=dict)
    # Establishments counted in an IRIS of another commune than the one FINESS gives.
    other_commune: int = 0

    def summary(self) -> dict:
        """Return the counts for ``run_report.json``."""
        return {
            "counted_in_iris": self.counted,
            "without_coordinates": sum(self.without_coordinates.values()),
            "outside_every_iris": sum(self.outside_iris.values()),
            "in_iris_of_another_commune": self.other_commune,
            "without_coordinates_by_commune": dict(self.without_coordinates),
            "outside_every_iris_by_commune": dict(self.outside_iris),
        }

    def report(self, names: dict[str, str]) -> joins.JoinReport:
        """Return the join report of the establishments against the IRIS polygons."""
        not_counted = sum(self.without_coordinates.values()) + sum(self.outside_iris.values())
        report = joins.JoinReport(name=JOIN_NAME, key="code_iris", geometry_count=self.iris_count,
                                  data_count=self.counted + not_counted, matched=self.counted)
        for counts, text in ((self.without_coordinates, tr(
                "{count} establishments without coordinates are counted at commune level only: {items}")),
                             (self.outside_iris, tr(
                "{count} establishments lie outside every IRIS contour and are counted at commune level only: "
                "{items}"))):
            if counts:
                items = ", ".join(f"{code} {names.get(code, '')} ({number})".replace("  ", " ")
                                  for code, number in sorted(counts.items()))
                report.notes.append(text.format(count=sum(counts.values()), items=items))
        if self.other_commune:
            report.notes.append(tr("{count} establishments lie in an IRIS of another commune than the one FINESS "
                                   "gives: each counts in the IRIS where its point lies.").format(
                count=self.other_commune))
        return report


def count_specs(specs: list) -> list:
    """Return the specs that count FINESS establishments (``CAT_<category>`` columns)."""
    return [spec for spec in specs if spec.source_id == FINESS_SOURCE and spec.numerator
            and all(column.startswith(CATEGORY_PREFIX) for column in spec.numerator)]


def rate_spec(count) -> indicators.IndicatorSpec:
    """Return the indicator « establishments per 10 000 inhabitants » of a count indicator.

    NOTE: the rate is not a catalogue indicator, so the PDF report, which maps the selected
    catalogue indicators, leaves it out. The layers, the project and indicators.csv carry it.
    """
    stem = count.id[3:] if count.id.startswith("nb_") else count.id
    return indicators.IndicatorSpec(
        id=f"{RATE_PREFIX}{stem}"[:30], label=tr("{label} per 10,000 inhabitants").format(label=count.label),
        theme=count.theme, method="ratio", level="iris", unit=tr("per 10,000 inhabitants"),
        numerator=count.numerator, denominator=(POPULATION_COLUMN,), scale=RATE_SCALE, polarity=count.polarity,
        classification="quantile", decimals=1, source_id=count.source_id)


def population_table(tables: list):
    """Return the census IRIS table that carries the population, or None."""
    return next((table for table in tables if table.source_id == POPULATION_SOURCE and table.level == "iris"
                 and POPULATION_COLUMN in table.frame.columns), None)


def commune_table(tables: list):
    """Return the FINESS counts per commune, or None when FINESS was not read."""
    return next((table for table in tables if table.source_id == FINESS_SOURCE and table.level == "commune"), None)


def rate_table(counts, population, iris_units: pd.DataFrame, keep_arrondissements=()):
    """Return a copy of the FINESS commune table with every counted commune and its population.

    The population of a commune is the sum of its census IRIS, and is unknown when one of
    them is hidden. A commune with a population and no establishment counts 0.
    """
    frame = population.frame[["code_iris", POPULATION_COLUMN]].drop_duplicates("code_iris")
    listed = dict(zip(iris_units["code_iris"], iris_units["code_commune"]))
    communes = frame["code_iris"].map(listed)
    fallback = harmonise.current_communes(frame["code_iris"].str[:5], keep_arrondissements)
    frame = frame.assign(code_commune=communes.where(communes.notna(), fallback).to_numpy())
    values = pd.to_numeric(frame[POPULATION_COLUMN], errors="coerce")
    grouped = values.groupby(frame["code_commune"])
    inhabitants = grouped.sum(min_count=1).where(grouped.count() == grouped.size())

    columns = [column for column in counts.frame.columns if column.startswith(CATEGORY_PREFIX)]
    merged = counts.frame.set_index("code_commune")[columns].reindex(
        sorted(set(counts.frame["code_commune"]) | set(inhabitants.index))).fillna(0.0)
    merged[POPULATION_COLUMN] = inhabitants.reindex(merged.index)
    merged = merged.rename_axis("code_commune").reset_index()
    return _combined(counts, population, "commune", merged)


def _combined(counts, population, level: str, frame: pd.DataFrame):
    """Return a FINESS table of ``level`` whose provenance names the census too."""
    return dataclasses.replace(
        counts, level=level, frame=frame, warnings=[],
        producer=f"{counts.producer} ; {population.producer}".strip(" ;"),
        dataset=f"{counts.dataset} ; {population.dataset}".strip(" ;"),
        synthetic=bool(counts.synthetic or population.synthetic))


def count_points_in_iris(points_layer, categories: list[str], iris_frame: pd.DataFrame, polygons: dict, crs,
                         counts, commune_codes, population=None, keep_arrondissements=()) -> PointCounts:
    """Count the establishments of ``categories`` per IRIS by point in polygon.

    ``iris_frame`` lists the IRIS (``code_iris``, ``code_commune``) and ``polygons`` their
    geometries in ``crs``. ``counts`` is the FINESS table per commune (every establishment,
    with or without coordinates), against which the establishments of the territory's
    ``commune_codes`` not placed in an IRIS are counted. The returned table has one row per
    IRIS, with 0 where none lies, and ``POP`` where ``population`` (the census IRIS table) has
    the IRIS.
    """
    points = _points(points_layer, categories, crs)
    points["code_commune"] = harmonise.current_communes(points["code_commune"], keep_arrondissements)
    points["code_iris"] = locate_points(points, polygons)

    members = set(commune_codes)
    inside = points[points["code_iris"].notna()]
    iris_of = dict(zip(iris_frame["code_iris"], iris_frame["code_commune"]))
    table = pd.crosstab(inside["code_iris"], inside["categetab"]).reindex(
        index=list(iris_frame["code_iris"]), columns=categories, fill_value=0).fillna(0)
    table.columns = [f"{CATEGORY_PREFIX}{category}" for category in categories]
    table = table.astype("float64").rename_axis("code_iris").reset_index()
    if population is not None:
        inhabitants = population.frame.drop_duplicates("code_iris").set_index("code_iris")[POPULATION_COLUMN]
        table[POPULATION_COLUMN] = pd.to_numeric(table["code_iris"].map(inhabitants), errors="coerce")

    result = PointCounts(table=_combined(counts, population, "iris", table) if population is not None
                         else dataclasses.replace(counts, level="iris", frame=table, warnings=[]),
                         iris_count=len(iris_frame), counted=len(inside))
    result.other_commune = int((inside["code_iris"].map(iris_of) != inside["code_commune"]).sum())
    outside = points[points["code_iris"].isna() & points["code_commune"].isin(members)]
    result.outside_iris = outside.groupby("code_commune").size().astype(int).to_dict()
    result.without_coordinates = _without_coordinates(counts, points, categories, members)
    return result


def _points(layer, categories: list[str], crs) -> pd.DataFrame:
    """Return the establishments of ``categories`` with their point in ``crs``."""
    from qgis.core import QgsCoordinateTransform, QgsFeatureRequest, QgsProject

    transform = QgsCoordinateTransform(layer.crs(), crs, QgsProject.instance())
    selected = set(categories)
    rows = []
    request = QgsFeatureRequest().setSubsetOfAttributes(["categetab", "code_commune"], layer.fields())
    for feature in layer.getFeatures(request):
        category = str(feature["categetab"])
        if category not in selected or not feature.hasGeometry():
            continue
        point = feature.geometry().asPoint()
        rows.append({"categetab": category, "code_commune": str(feature["code_commune"]),
                     "point": transform.transform(point)})
    return pd.DataFrame(rows, columns=["categetab", "code_commune", "point"])


def locate_points(points: pd.DataFrame, polygons: dict) -> pd.Series:
    """Return the IRIS code whose polygon contains each point (column ``point``), None outside all.

    A point on the boundary of two IRIS touches both: it counts in the first by code, so that
    every establishment counts once.
    """
    from qgis.core import QgsGeometry, QgsRectangle, QgsSpatialIndex

    codes = sorted(code for code, geometry in polygons.items() if geometry is not None and not geometry.isEmpty())
    index = QgsSpatialIndex()
    for number, code in enumerate(codes):
        index.addFeature(number, polygons[code].boundingBox())
    engines: dict[int, object] = {}
    found = []
    for point in points["point"]:
        geometry = QgsGeometry.fromPointXY(point)
        candidates = sorted(index.intersects(QgsRectangle(point.x(), point.y(), point.x(), point.y())))
        found.append(next((codes[number] for number in candidates
                           if _engine(engines, number, polygons[codes[number]]).intersects(geometry.constGet())),
                          None))
    return pd.Series(found, index=points.index, dtype=object)


def _engine(engines: dict, number: int, polygon):
    """Return the prepared GEOS engine of a polygon, built on first use."""
    from qgis.core import QgsGeometry

    if number not in engines:
        engine = QgsGeometry.createGeometryEngine(polygon.constGet())
        engine.prepareGeometry()
        engines[number] = engine
    return engines[number]


def _without_coordinates(counts, points: pd.DataFrame, categories: list[str], members: set[str]) -> dict[str, int]:
    """Return, per commune of the territory, the establishments FINESS counts there but gives no point.

    The commune table counts every establishment and the point layer only those with
    coordinates, both by the commune FINESS gives, so the difference is those without.
    """
    columns = [f"{CATEGORY_PREFIX}{category}" for category in categories]
    listed = counts.frame[counts.frame["code_commune"].isin(members)].set_index("code_commune")
    listed = listed.reindex(columns=columns).fillna(0).sum(axis=1)
    located = points[points["code_commune"].isin(members)].groupby("code_commune").size()
    missing = (listed - located.reindex(listed.index).fillna(0)).astype(int)
    return {code: int(number) for code, number in missing.items() if number > 0}


def polygons_of(geometries, codes) -> dict:
    """Return the geometries of ``codes`` as ``{code: QgsGeometry}``, from a dict or a ``StagedGeometries``.

    Geometries left in their file are read for those codes only.
    """
    from territorial_health_plugin.core.gpkg_fast import StagedGeometries

    requested = set(codes)
    if not isinstance(geometries, StagedGeometries):
        return {code: geometry for code, geometry in geometries.items() if code in requested}
    polygons = read_staged(geometries, [code for code in requested if code not in geometries.extra])
    polygons.update({code: geometry for code, geometry in geometries.extra.items() if code in requested})
    return polygons


def read_staged(staged, codes: list[str]) -> dict:
    """Read the geometries of ``codes`` from the file of a ``StagedGeometries``."""
    from qgis.core import QgsFeatureRequest, QgsGeometry, QgsVectorLayer

    by_fid = {staged.fids[code]: code for code in codes if code in staged.fids}
    if not by_fid:
        return {}
    uri = f"{staged.path}|layername={staged.layer}" if staged.layer else str(staged.path)
    layer = QgsVectorLayer(uri, "iris", "ogr")
    request = QgsFeatureRequest().setFilterFids(list(by_fid)).setNoAttributes()
    return {by_fid[feature.id()]: QgsGeometry(feature.geometry()) for feature in layer.getFeatures(request)
            if feature.hasGeometry()}
