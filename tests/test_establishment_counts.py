"""FINESS establishments counted per IRIS by point in polygon, and their rates per 10 000 inhabitants."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pandas as pd
import pytest

from territorial_health_plugin.core import establishment_counts, joins
from territorial_health_plugin.core.pipeline import DiagnosticRequest, run_diagnostic
from territorial_health_plugin.core.readers import SourceTable
from territorial_health_plugin.core.sources import finess

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "resources" / "sample"
FINESS_FILE = SAMPLE / "etalab-cs1100507-stock-20260512-0336-extrait-synthetique-mel.csv"
IRIS_FILE = SAMPLE / "contours-iris-mel.geojson"
# Categories of the catalogue's counts: hospitals, EHPAD, MSP, centres de santé, pharmacies, laboratories.
CATEGORIES = ["101", "106", "114", "122", "124", "128", "129", "355", "500", "603", "611", "620"]


def points_layer(establishments, folder: Path):
    from qgis.core import QgsVectorLayer

    path = finess.write_points(establishments, folder / "points.gpkg")
    return QgsVectorLayer(f"{path}|layername=etablissements", "etablissements", "ogr")


def iris_layer():
    from qgis.core import QgsVectorLayer

    return QgsVectorLayer(str(IRIS_FILE), "iris", "ogr")


def counts_by_contains(points, polygons, crs) -> dict[tuple[str, str], int]:
    """Count points per (IRIS, category) with QgsGeometry.contains over every polygon, no index."""
    from qgis.core import QgsCoordinateTransform, QgsGeometry, QgsProject

    transform = QgsCoordinateTransform(points.crs(), crs, QgsProject.instance())
    counted: dict[tuple[str, str], int] = {}
    for feature in points.getFeatures():
        point = QgsGeometry(feature.geometry())
        point.transform(transform)
        inside = [code for code, polygon in polygons.items() if polygon.contains(point)]
        assert len(inside) <= 1, inside
        if inside:
            key = (inside[0], str(feature["categetab"]))
            counted[key] = counted.get(key, 0) + 1
    return counted


@pytest.fixture(scope="module")
def sample(qgis_app, tmp_path_factory):
    """The sample's establishments, their points and the MEL IRIS contours."""
    folder = tmp_path_factory.mktemp("finess")
    establishments = finess.read_finess_etalab(FINESS_FILE)
    table = joins.read_geometries(iris_layer(), "code_iris")
    frame = table.frame.assign(code_commune=table.frame["code_iris"].str[:5])[["code_iris", "code_commune"]]
    return {"establishments": establishments, "points": points_layer(establishments, folder), "iris": table,
            "frame": frame, "counts": finess.category_counts(establishments, CATEGORIES),
            "communes": sorted(set(frame["code_commune"]) | set(establishments.frame["code_commune"]))}


def test_iris_counts_match_contains(sample):
    polygons = sample["iris"].geometries
    expected = counts_by_contains(sample["points"], polygons, sample["iris"].crs)
    result = establishment_counts.count_points_in_iris(
        sample["points"], CATEGORIES, sample["frame"], polygons, sample["iris"].crs, sample["counts"],
        sample["communes"])
    table = result.table.frame.set_index("code_iris")

    assert result.table.level == "iris"
    assert len(table) == 509
    assert sum(expected.values()) == result.counted
    for (code, category), number in expected.items():
        assert table.at[code, f"CAT_{category}"] == number, (code, category)
    assert table.filter(like="CAT_").to_numpy().sum() == result.counted
    assert (table["CAT_620"] == 0).sum() == 509 - sum(1 for key in expected if key[1] == "620")


def test_communes_without_contours_counted_per_commune(sample):
    # The contours lack the five communes that joined the MEL in 2020: their establishments are reported.
    polygons = sample["iris"].geometries
    located = sample["establishments"].located
    absent = located[~located["code_commune"].isin(set(sample["frame"]["code_commune"]))]
    result = establishment_counts.count_points_in_iris(
        sample["points"], CATEGORIES, sample["frame"], polygons, sample["iris"].crs, sample["counts"],
        sample["communes"])
    report = result.report({"59011": "Annœullin"})

    assert result.outside_iris == absent.groupby("code_commune").size().to_dict()
    assert set(result.outside_iris) == {"59005", "59011", "59052", "59477"}
    assert result.summary()["outside_every_iris"] == len(absent)
    assert report.data_count == result.counted + len(absent)
    assert report.matched == result.counted
    assert any("59011 Annœullin (1)" in note for note in report.notes)


def test_point_outside_iris_reported(sample):
    # Wattrelos (59650) left out of the IRIS frame: its points fall in no IRIS of the territory.
    frame = sample["frame"][sample["frame"]["code_commune"] != "59650"]
    polygons = {code: sample["iris"].geometries[code] for code in frame["code_iris"]}
    located = sample["establishments"].located
    wattrelos = int((located["code_commune"] == "59650").sum())
    result = establishment_counts.count_points_in_iris(
        sample["points"], CATEGORIES, frame, polygons, sample["iris"].crs, sample["counts"], sample["communes"])

    assert wattrelos == 1
    assert result.outside_iris["59650"] == wattrelos


def test_establishment_without_coordinates_reported(qgis_app, tmp_path, sample):
    # The same extract without the coordinates of one pharmacy of the sample.
    lines = FINESS_FILE.read_text(encoding="cp1252").splitlines()
    drawn = set(sample["frame"]["code_commune"])
    pharmacies = sample["establishments"].frame.query("categetab == '620'")
    pharmacy = pharmacies[pharmacies["code_commune"].isin(drawn)].iloc[0]
    before = establishment_counts.count_points_in_iris(
        sample["points"], CATEGORIES, sample["frame"], sample["iris"].geometries, sample["iris"].crs,
        sample["counts"], sample["communes"])
    kept = [line for line in lines if not line.startswith(f"geolocalisation;{pharmacy['nofinesset']};")]
    damaged = tmp_path / FINESS_FILE.name
    damaged.write_text("\n".join(kept) + "\n", encoding="cp1252")
    establishments = finess.read_finess_etalab(damaged)
    counts = finess.category_counts(establishments, CATEGORIES)
    result = establishment_counts.count_points_in_iris(
        points_layer(establishments, tmp_path), CATEGORIES, sample["frame"], sample["iris"].geometries,
        sample["iris"].crs, counts, sample["communes"])
    report = result.report({})

    assert len(kept) == len(lines) - 1
    assert result.without_coordinates == {pharmacy["code_commune"]: 1}
    assert result.table.frame["CAT_620"].sum() == before.table.frame["CAT_620"].sum() - 1
    assert counts.frame["CAT_620"].sum() == sample["counts"].frame["CAT_620"].sum()
    assert any("without coordinates" in note or "sans coordonnées" in note for note in report.notes)


def test_boundary_point_counted_once(qgis_app):
    from qgis.core import QgsGeometry, QgsPointXY

    polygons = {"590000102": QgsGeometry.fromWkt("POLYGON((1 0,2 0,2 1,1 1,1 0))"),
                "590000101": QgsGeometry.fromWkt("POLYGON((0 0,1 0,1 1,0 1,0 0))")}
    points = pd.DataFrame({"point": [QgsPointXY(1, 0.5), QgsPointXY(1.5, 0.5), QgsPointXY(5, 5)]})

    assert list(establishment_counts.locate_points(points, polygons)) == ["590000101", "590000102", None]


def population(codes: list[str], values: list[float]) -> SourceTable:
    return SourceTable(source_id="insee_rp_population", level="iris",
                       frame=pd.DataFrame({"code_iris": codes, "POP": values}), producer="INSEE")


def test_iris_rate_only_with_population(qgis_app):
    from qgis.core import QgsCoordinateReferenceSystem, QgsGeometry, QgsPointXY, QgsVectorLayer

    layer = QgsVectorLayer("Point?crs=EPSG:2154&field=categetab:string&field=code_commune:string", "p", "memory")
    from qgis.core import QgsFeature

    features = []
    for x, category in ((0.5, "620"), (0.6, "620"), (1.5, "620"), (1.6, "500")):
        feature = QgsFeature(layer.fields())
        feature.setAttributes([category, "59350"])
        feature.setGeometry(QgsGeometry.fromPointXY(QgsPointXY(x, 0.5)))
        features.append(feature)
    layer.dataProvider().addFeatures(features)
    polygons = {"593500101": QgsGeometry.fromWkt("POLYGON((0 0,1 0,1 1,0 1,0 0))"),
                "593500102": QgsGeometry.fromWkt("POLYGON((1 0,2 0,2 1,1 1,1 0))")}
    frame = pd.DataFrame({"code_iris": list(polygons), "code_commune": ["59350", "59350"]})
    counts = SourceTable(source_id="finess", level="commune",
                         frame=pd.DataFrame({"code_commune": ["59350"], "CAT_500": [1.0], "CAT_620": [3.0]}))
    result = establishment_counts.count_points_in_iris(
        layer, ["500", "620"], frame, polygons, QgsCoordinateReferenceSystem("EPSG:2154"), counts, ["59350"],
        population(["593500101"], [4000.0]))

    from territorial_health_plugin.core import indicators

    count = indicators.IndicatorSpec(id="nb_pharmacies", label="Pharmacies", theme="offre_soins", method="sum",
                                     level="iris", numerator=("CAT_620",), missing_is_zero=True, source_id="finess")
    rate = establishment_counts.rate_spec(count)
    tables = [counts, establishment_counts.rate_table(counts, population(["593500101", "593500102"],
                                                                         [4000.0, 1000.0]), frame), result.table]
    computed = indicators.compute_indicators([count, rate], tables, frame, ["59350"])
    iris = computed.iris.set_index("code_iris")

    assert rate.id == "dens_pharmacies"
    assert rate.scale == 10_000
    assert iris.at["593500101", "nb_pharmacies"] == 2
    assert iris.at["593500102", "nb_pharmacies"] == 1
    # 2 pharmacies for 4 000 inhabitants; the second IRIS has no census row in the IRIS table.
    assert iris.at["593500101", "dens_pharmacies"] == pytest.approx(5.0)
    assert pd.isna(iris.at["593500102", "dens_pharmacies"])
    # The commune rate sums its IRIS populations: 3 pharmacies for 5 000 inhabitants.
    assert computed.communes.set_index("code_commune").at["59350", "dens_pharmacies"] == pytest.approx(6.0)


def test_commune_rate_unknown_with_hidden_population():
    counts = SourceTable(source_id="finess", level="commune",
                         frame=pd.DataFrame({"code_commune": ["59350"], "CAT_620": [3.0]}))
    iris = pd.DataFrame({"code_iris": ["593500101", "593500102", "590090101"],
                         "code_commune": ["59350", "59350", "59009"]})
    table = establishment_counts.rate_table(
        counts, population(["593500101", "593500102", "590090101"], [4000.0, float("nan"), 500.0]), iris)
    frame = table.frame.set_index("code_commune")

    assert pd.isna(frame.at["59350", "POP"])
    # Villeneuve-d'Ascq has people and no pharmacy in the FINESS table: 0, not NULL.
    assert frame.at["59009", "CAT_620"] == 0
    assert frame.at["59009", "POP"] == 500.0


@pytest.fixture(scope="module")
def mel_run(qgis_app, tmp_path_factory):
    output = tmp_path_factory.mktemp("mel")
    return run_diagnostic(DiagnosticRequest(territory="epci:200093201", output_dir=output, source="sample",
                                            pdf=False))


def test_sample_iris_layer_counts(mel_run):
    from qgis.core import QgsVectorLayer

    gpkg = mel_run.geopackage
    iris = QgsVectorLayer(f"{gpkg}|layername=iris", "iris", "ogr")
    points = QgsVectorLayer(f"{gpkg}|layername=etablissements", "etablissements", "ogr")
    polygons = {feature["code_iris"]: feature.geometry() for feature in iris.getFeatures()
                if feature["iris_sans_contour"] == 0}
    expected = counts_by_contains(points, polygons, iris.crs())
    with sqlite3.connect(gpkg) as connection:
        written = dict(connection.execute("SELECT code_iris, nb_pharmacies FROM iris"))
        placeholder = connection.execute("SELECT nb_pharmacies FROM iris WHERE iris_sans_contour = 1").fetchall()

    assert sum(number for (_, category), number in expected.items() if category == "620") == 10
    for code in polygons:
        assert written[code] == expected.get((code, "620"), 0), code
    assert placeholder == [(None,)]


def test_sample_rates_and_report(mel_run):
    report = json.loads((mel_run.output_dir / "run_report.json").read_text(encoding="utf-8"))
    with sqlite3.connect(mel_run.geopackage) as connection:
        rows = connection.execute("SELECT i.nb_ehpad, i.dens_ehpad, i.code_iris FROM iris i "
                                  "WHERE i.iris_sans_contour = 0").fetchall()
        join_rows = connection.execute("SELECT kind, message FROM join_report WHERE join_name = 'finess × iris'"
                                       ).fetchall()
    census = population_of_sample()

    assert report["establishments_by_iris"]["outside_every_iris"] == 1
    assert report["establishments_by_iris"]["outside_every_iris_by_commune"] == {"59011": 1}
    assert report["establishments_by_iris"]["counted_in_iris"] == 41
    assert any(kind == "note" and "59011" in message for kind, message in join_rows)
    for count, rate, code in rows:
        assert rate == pytest.approx(count / census[code] * 10_000), code


def population_of_sample() -> dict[str, float]:
    """Read P21_POP of every IRIS straight from the sample census zip."""
    import zipfile

    with zipfile.ZipFile(SAMPLE / "base-ic-evol-struct-pop-2021_csv.zip") as archive:
        member = next(name for name in archive.namelist() if not name.startswith("meta_"))
        frame = pd.read_csv(archive.open(member), sep=";", dtype={"IRIS": str})
    return dict(zip(frame["IRIS"], frame["P21_POP"].astype(float)))


def test_rates_need_population():
    from territorial_health_plugin.core import assembly, indicators

    count = indicators.IndicatorSpec(id="nb_ehpad", label="EHPAD", theme="offre_soins", method="sum",
                                     level="commune", numerator=("CAT_500",), missing_is_zero=True,
                                     source_id="finess")
    counts = SourceTable(source_id="finess", level="commune",
                         frame=pd.DataFrame({"code_commune": ["59350"], "CAT_500": [2.0]}))
    territory = type("Territory", (), {"commune_codes": ["59350"]})()
    without = assembly.Inputs(tables=[counts])
    with_population = assembly.Inputs(tables=[counts, population(["593500101"], [1000.0])])

    tables, specs, points = assembly.establishment_tables(without, [count], None, territory)
    assert tables == []
    assert [spec.id for spec in specs] == ["nb_ehpad"]
    assert points is None
    assert any("Population" in warning for warning in without.warnings)

    tables, specs, _ = assembly.establishment_tables(with_population, [count], None, territory)
    assert [spec.id for spec in specs] == ["nb_ehpad", "dens_ehpad"]
    assert tables[0].frame.set_index("code_commune").at["59350", "POP"] == 1000.0
    assert not with_population.warnings
